"""Staff open only the photos they may see."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from consultations import photo_files
from consultations.models.messages import photo_path
from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory

CARD = {
    "message": "まずはお電話ください。",
    "message_photo_alt": "相談員の写真",
    "message_consent_on": datetime.date(2026, 4, 1),
    "message_expires_on": datetime.date(2027, 3, 31),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_photo():
    return default_storage.save(photo_path(None, "a.jpg"), ContentFile(b"\xff\xd8 a photo"))


def window_with_photo(**fields):
    return WindowFactory(method_phone=True, message_photo=stored_photo(), **CARD, **fields)


@pytest.mark.django_db
def test_municipal_staff_see_their_own_windows_and_proposals_photos_only(
    adachi, toshima, adachi_staff
):
    own = window_with_photo(municipality=adachi, published=False)
    other = window_with_photo(municipality=toshima)
    proposed = stored_photo()
    propose(own, adachi_staff, message_photo=proposed)
    seen = {
        name: photo_files.visible_to(adachi_staff, name)
        for name in (own.message_photo.name, proposed, other.message_photo.name)
    }
    assert seen == {own.message_photo.name: True, proposed: True, other.message_photo.name: False}


@pytest.mark.django_db
def test_metropolitan_staff_see_every_stored_photo(metro_staff):
    assert photo_files.visible_to(metro_staff, stored_photo())


@pytest.mark.django_db
def test_the_staff_photo_page_is_a_404_for_another_municipalitys_photo(
    client, adachi, toshima, adachi_staff
):
    own = window_with_photo(municipality=adachi)
    other = window_with_photo(municipality=toshima)
    client.force_login(adachi_staff)
    assert client.get(f"/staff/photos/{own.message_photo.name}").status_code == 200
    assert client.get(f"/staff/photos/{other.message_photo.name}").status_code == 404
    assert client.get(f"/staff/photos/{stored_photo()}").status_code == 404


@pytest.mark.django_db
def test_the_staff_photo_page_serves_metropolitan_staff_any_photo(client, toshima):
    other = window_with_photo(municipality=toshima)
    client.force_login(StaffFactory())
    assert client.get(f"/staff/photos/{other.message_photo.name}").status_code == 200
