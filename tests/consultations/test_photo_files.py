"""A stored photo is kept while a window or a pending proposal holds it, and deleted after the
change that drops it commits; staff open only the photos they may see."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from consultations import photo_files
from consultations.models import ConsultationWindow
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


def save_photo(window, name):
    window = ConsultationWindow.objects.get(pk=window.pk)
    window.message_photo = name
    window.save()


@pytest.mark.django_db
def test_it_deletes_the_old_photo_once_a_new_one_is_saved(django_capture_on_commit_callbacks):
    window = window_with_photo()
    old, new = window.message_photo.name, stored_photo()
    with django_capture_on_commit_callbacks(execute=True):
        save_photo(window, new)
    assert not default_storage.exists(old)
    assert default_storage.exists(new)


@pytest.mark.django_db
def test_it_deletes_a_cleared_photo(django_capture_on_commit_callbacks):
    window = window_with_photo()
    old = window.message_photo.name
    with django_capture_on_commit_callbacks(execute=True):
        save_photo(window, "")
    assert not default_storage.exists(old)


@pytest.mark.django_db
def test_it_deletes_nothing_when_the_save_is_rolled_back(django_capture_on_commit_callbacks):
    window = window_with_photo()
    old = window.message_photo.name
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            save_photo(window, "")
            raise RuntimeError("the request failed after the save")
    assert default_storage.exists(old)


@pytest.mark.django_db
def test_it_deletes_the_photo_of_a_deleted_window(django_capture_on_commit_callbacks):
    window = window_with_photo()
    with django_capture_on_commit_callbacks(execute=True):
        window.delete()
    assert not default_storage.exists(window.message_photo.name)


@pytest.mark.django_db
def test_it_keeps_a_photo_a_pending_proposal_still_holds(
    django_capture_on_commit_callbacks, adachi, adachi_staff
):
    window = window_with_photo(municipality=adachi)
    old = window.message_photo.name
    propose(window, adachi_staff, message="変えました。")  # the proposal keeps the photo
    with django_capture_on_commit_callbacks(execute=True):
        save_photo(window, "")
    assert default_storage.exists(old)


@pytest.mark.django_db
def test_approving_a_new_photo_deletes_the_one_it_replaces(
    django_capture_on_commit_callbacks, adachi, adachi_staff, metro_staff
):
    window = window_with_photo(municipality=adachi)
    old, new = window.message_photo.name, stored_photo()
    revision = propose(window, adachi_staff, message_photo=new)
    with django_capture_on_commit_callbacks(execute=True):
        revision.approve(metro_staff)
    assert not default_storage.exists(old)
    assert default_storage.exists(new)


@pytest.mark.django_db
def test_rejecting_a_new_photo_deletes_it_and_keeps_the_shown_one(
    django_capture_on_commit_callbacks, adachi, adachi_staff, metro_staff
):
    window = window_with_photo(municipality=adachi)
    shown, new = window.message_photo.name, stored_photo()
    revision = propose(window, adachi_staff, message_photo=new)
    with django_capture_on_commit_callbacks(execute=True):
        revision.reject(metro_staff, "写真の同意書が届いていません。")
    assert not default_storage.exists(new)
    assert default_storage.exists(shown)


@pytest.mark.django_db
def test_a_name_of_another_shape_is_never_deleted(django_capture_on_commit_callbacks):
    outside = default_storage.save("settings.txt", ContentFile(b"not a photo"))
    with django_capture_on_commit_callbacks(execute=True):
        photo_files.delete_when_unused([outside, "../settings.txt"])
    assert default_storage.exists(outside)


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
