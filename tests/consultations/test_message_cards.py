"""相談員からのメッセージ: shown with consent until its expiry date, on pages, leaflets and open
data; gone by itself the day after; photos served only while their card is shown."""

import csv
import datetime
import io
import subprocess

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from PIL import Image

from consultations.models import ConsultationWindow, RevisionStatus, WindowRevision
from consultations.models.messages import photo_path
from consultations.photos import prepare
from tests.consultations.admin_helpers import change_data, form_data, window_url
from tests.consultations.printing.test_leaflets import get_pdf, page_count, pdf_text, squeeze
from tests.consultations.test_photos import png_claiming
from tests.factories import WindowFactory
from tests.images import camera_exif, upload

TODAY = datetime.date(2026, 11, 30)
MESSAGE = "ひとりで抱えこまずに、まずはお電話ください。ご家族だけのご相談も歓迎します。"


@pytest.fixture(autouse=True)
def on_a_known_day(monkeypatch, settings, tmp_path):
    """Today is TODAY; photos are stored in a folder of this test's own; no page is cached."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"
    caches[settings.PUBLIC_PAGE_CACHE].clear()
    yield
    caches[settings.PUBLIC_PAGE_CACHE].clear()


def card(expires=TODAY, photo=True, **fields):
    values = {
        "message": MESSAGE,
        "message_by": "相談員（社会福祉士） 山田",
        "message_consent_on": datetime.date(2026, 4, 1),
        "message_expires_on": expires,
        **fields,
    }
    if photo:
        values["message_photo"] = default_storage.save(photo_path(None, "a.jpg"), prepare(upload()))
        values["message_photo_alt"] = "相談員の山田の写真"
    return values


def photo_url(window):
    return f"/photos/{window.message_photo.name}"


def csv_row(client, window):
    body = client.get("/data/windows.csv").content.decode("utf-8-sig")
    return next(row for row in csv.DictReader(io.StringIO(body)) if row["ID"] == str(window.pk))


@pytest.mark.django_db
def test_a_card_is_shown_from_its_consent_to_its_expiry_day_inclusive():
    window = WindowFactory(**card(photo=False))
    assert window.shows_message_card(TODAY)
    assert not window.shows_message_card(TODAY + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_a_card_without_a_recorded_consent_is_never_shown(client, support_net):
    window = WindowFactory(**card(photo=False, message_consent_on=None))
    assert window.message_card is None
    assert MESSAGE not in client.get(window.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_window_page_shows_the_card_with_its_photo_and_who_wrote_it(client, support_net):
    window = WindowFactory(**card())
    html = client.get(window.get_absolute_url()).content.decode()
    assert (
        f'<h3 id="message-{window.pk}" class="message-heading">相談員からのメッセージ</h3>' in html
    )
    assert (
        f'<img class="message-photo" src="{photo_url(window)}" alt="相談員の山田の写真" lang="ja">'
        in html
    )
    assert MESSAGE in html and "相談員（社会福祉士） 山田" in html


@pytest.mark.django_db
def test_a_window_without_a_card_shows_no_card(client, support_net):
    window = WindowFactory()
    assert "相談員からのメッセージ" not in client.get(window.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_card_is_on_the_municipality_page_too(client, support_net):
    window = WindowFactory(**card(photo=False))
    assert MESSAGE in client.get(window.municipality.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_expired_card_is_gone_the_next_day_from_the_cached_page_leaflet_and_open_data(
    client, support_net, monkeypatch
):
    window = WindowFactory(**card())
    leaflet = f"/leaflets/{window.municipality_id}/"
    assert MESSAGE in client.get(window.get_absolute_url()).content.decode()
    assert MESSAGE in client.get(leaflet).content.decode()
    assert csv_row(client, window)["相談員からのメッセージ"] == MESSAGE
    # Nothing was saved since: only the date tells the cached pages to render again.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY + datetime.timedelta(days=1))
    assert MESSAGE not in client.get(window.get_absolute_url()).content.decode()
    assert MESSAGE not in client.get(leaflet).content.decode()
    assert MESSAGE not in squeeze(
        pdf_text(get_pdf(client, f"/leaflets/{window.municipality_id}.pdf"))
    )
    row = csv_row(client, window)
    assert (row["相談員からのメッセージ"], row["メッセージを書いた人"]) == ("", "")
    assert client.get(photo_url(window)).status_code == 404


@pytest.mark.django_db
def test_the_leaflet_prints_the_card_with_its_photo(client, support_net, tmp_path):
    window = WindowFactory(**card())
    pdf = get_pdf(client, f"/leaflets/{window.municipality_id}.pdf")
    assert "まずはお電話ください" in squeeze(pdf_text(pdf))
    images = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True, check=True)
    rows = [line.split() for line in images.stdout.decode().splitlines()[2:]]
    # pdfimages -list: page num type width height ...; a QR code is square, the card's photo 4:3.
    assert [row[3:5] for row in rows if row[3] != row[4]] == [["800", "600"]], (
        images.stdout.decode()
    )


@pytest.mark.django_db
def test_a_leaflet_with_two_full_cards_and_every_block_still_fits_one_page(client, support_net):
    municipality = WindowFactory(**card()).municipality
    WindowFactory(
        municipality=municipality,
        flow_answered_by="保健師・社会福祉士",
        flow_duration="20〜30分ほど",
        flow_no_diagnosis=True,
        flow_next="面談の予約、ご自宅への訪問、医療・就労などの支援機関への紹介。",
        family_without_consent=True,
        anonymous_ok=True,
        callback="withheld",
        written_howto="LINE公式アカウントで「ひきこもり相談」と送ってください。",
        written_reply_time="3営業日以内に返信",
        **card(),
    )
    assert page_count(get_pdf(client, f"/leaflets/{municipality.code}.pdf")) == 1


@pytest.mark.django_db
def test_the_photo_is_served_with_the_pages_cache_headers(client, support_net):
    window = WindowFactory(**card())
    response = client.get(photo_url(window))
    page = client.get(window.get_absolute_url())
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert response["Cache-Control"] == page["Cache-Control"] == "public, max-age=60"
    assert response["ETag"] and not response.cookies
    assert Image.open(io.BytesIO(response.content)).size == (800, 600)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/photos/messages/nothere.jpg", "/photos/../settings.py", "/photos/messages/%00.jpg"],
)
def test_a_name_that_is_no_shown_photo_is_not_found(client, support_net, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_photo_of_an_unpublished_window_is_not_served(client, support_net):
    window = WindowFactory(published=False, **card())
    assert client.get(photo_url(window)).status_code == 404


@pytest.mark.django_db
def test_staff_see_any_stored_photo_and_residents_do_not(client, admin_client, support_net):
    name = default_storage.save(photo_path(None, "b.jpg"), prepare(upload()))
    assert admin_client.get(f"/staff/photos/{name}").status_code == 200
    assert client.get(f"/staff/photos/{name}").status_code == 302  # to the login page
    assert client.get(f"/photos/{name}").status_code == 404


@pytest.mark.django_db
def test_a_card_needs_consent_an_expiry_date_and_a_photo_description():
    window = WindowFactory.build(
        municipality=WindowFactory().municipality,
        message=MESSAGE,
        message_photo="messages/" + "c" * 32 + ".jpg",
        method_phone=True,
    )
    with pytest.raises(ValidationError) as refused:
        window.full_clean()
    assert {"message_consent_on", "message_expires_on", "message_photo_alt"} <= set(
        refused.value.message_dict
    )


@pytest.mark.django_db
def test_a_message_over_200_characters_is_refused():
    window = WindowFactory(method_phone=True, **card(photo=False, message="あ" * 201))
    with pytest.raises(ValidationError) as refused:
        window.full_clean()
    assert "message" in refused.value.message_dict


@pytest.mark.django_db
def test_the_confirmation_round_finds_expired_cards():
    expired = WindowFactory(**card(photo=False, expires=TODAY - datetime.timedelta(days=1)))
    without_consent = WindowFactory(**card(photo=False, message_consent_on=None))
    WindowFactory(**card(photo=False, expires=TODAY + datetime.timedelta(days=30)))
    WindowFactory()
    assert set(ConsultationWindow.objects.message_expired()) == {expired, without_consent}


@pytest.mark.django_db
def test_staff_upload_a_photo_and_it_is_stored_shrunk_and_clean(client, metro_staff, support_net):
    window = WindowFactory(method_phone=True)
    client.force_login(metro_staff)
    data = change_data(
        window,
        message=MESSAGE,
        message_photo_alt="相談員の山田の写真",
        message_consent_on="2026-04-01",
        message_expires_on="2027-03-31",
    )
    photo = upload(size=(3000, 4000), exif=camera_exif())
    response = client.post(window_url("change", window.pk), {**data, "message_photo": photo})
    assert response.status_code == 302
    stored = ConsultationWindow.objects.get(pk=window.pk).message_photo
    assert stored.name.startswith("messages/") and "yamada" not in stored.name
    image = Image.open(stored.open())
    assert image.size == (600, 800) and not image.getexif()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is a text file", "画像として読めないファイルです"),
        (
            png_claiming(20_000, 20_000),
            "画素数が多すぎます",
        ),
    ],
    ids=["not-an-image", "decompression-bomb"],
)
def test_a_bad_upload_is_refused_on_the_form_with_a_message(
    client, metro_staff, support_net, content, message
):
    window = WindowFactory(method_phone=True)
    client.force_login(metro_staff)
    data = change_data(
        window,
        message=MESSAGE,
        message_photo_alt="写真",
        message_consent_on="2026-04-01",
        message_expires_on="2027-03-31",
    )
    response = client.post(
        window_url("change", window.pk), {**data, "message_photo": upload(content, name="x.png")}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["message_photo"])
    assert not ConsultationWindow.objects.get(pk=window.pk).message_photo


@pytest.mark.django_db
def test_a_municipal_photo_waits_for_approval_while_residents_keep_the_card_they_see(
    client, adachi, adachi_staff, metro_staff, support_net
):
    window = WindowFactory(municipality=adachi, method_phone=True, **card())
    before = window.message_photo.name
    client.force_login(adachi_staff)
    data = form_data(client.get(window_url("change", window.pk)))
    response = client.post(
        window_url("change", window.pk), {**data, "message_photo": upload()}, follow=True
    )
    assert "変更を申請しました" in response.content.decode()
    proposed = WindowRevision.objects.pending().get().data["message_photo"]
    assert proposed != before and default_storage.exists(proposed)
    assert Client().get(f"/photos/{proposed}").status_code == 404
    assert before in Client().get(window.get_absolute_url()).content.decode()
    WindowRevision.objects.pending().get().approve(metro_staff)
    assert ConsultationWindow.objects.get(pk=window.pk).message_photo.name == proposed
    assert Client().get(f"/photos/{proposed}").status_code == 200
    assert WindowRevision.objects.get().status == RevisionStatus.APPROVED


@pytest.mark.django_db
def test_reverting_to_a_version_whose_photo_was_deleted_brings_the_card_back_without_it(
    client, metro_staff, support_net, django_capture_on_commit_callbacks
):
    window = WindowFactory(method_phone=True, **card())
    first = window.message_photo.name
    client.force_login(metro_staff)
    data = form_data(client.get(window_url("change", window.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(window_url("change", window.pk), {**data, "message_photo": upload()})
    assert not default_storage.exists(first)  # replaced: nothing holds it any more
    old = window.history.filter(message_photo=first).latest()
    revert = f"/admin/consultations/consultationwindow/{window.pk}/history/{old.history_id}/"
    client.post(revert, form_data(client.get(revert)))
    reverted = ConsultationWindow.objects.get(pk=window.pk)
    assert (reverted.message, reverted.message_photo.name) == (MESSAGE, "")
    assert "/photos/" not in Client().get(window.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_reviewer_sees_a_proposed_photo_as_a_thumbnail(
    client, adachi, adachi_staff, metro_staff
):
    from tests.consultations.admin_helpers import propose

    window = WindowFactory(municipality=adachi, method_phone=True, **card(photo=False))
    name = default_storage.save(photo_path(None, "d.jpg"), prepare(upload()))
    revision = propose(window, adachi_staff, message_photo=name, message_photo_alt="写真")
    client.force_login(metro_staff)
    page = client.get(f"/admin/consultations/windowrevision/{revision.pk}/change/").content.decode()
    assert f'<a href="/staff/photos/{name}"><img src="/staff/photos/{name}"' in page
    assert client.get(f"/staff/photos/{name}").status_code == 200


@pytest.mark.django_db
def test_a_photo_chosen_on_a_form_with_another_error_must_be_chosen_again_and_it_says_so(
    client, metro_staff, support_net
):
    window = WindowFactory(method_phone=True)
    client.force_login(metro_staff)
    data = change_data(
        window,
        message=MESSAGE,
        message_photo_alt="相談員の山田の写真",
        message_consent_on="2026-04-01",
        message_expires_on="03/31/2027",  # the other error
    )
    response = client.post(window_url("change", window.pk), {**data, "message_photo": upload()})
    assert "写真をもう一度選んでから保存してください" in " ".join(
        response.context["adminform"].form.errors["message_photo"]
    )
    assert "写真をもう一度選んでから保存してください" in response.content.decode()
