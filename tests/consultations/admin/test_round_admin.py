"""The confirmation round in admin: a 都職員 opens it, each municipality works through its checklist."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from consultations.models import (
    Confirmation,
    ConfirmationRound,
    ConsultationWindow,
    Item,
    Outcome,
    WindowRevision,
)
from municipalities.models import Municipality
from tests.consultations.admin_helpers import form_data, municipality_url, window_url
from tests.factories import StaffFactory, WindowFactory

TITLE = "令和9年度 相談窓口の確認"
ANSWERS = {
    "lead_department": "福祉部 福祉管理課",
    "needs_survey_done": "true",
    "needs_survey_year": "2024",
    "platform_established": "false",
    "platform_name": "",
}


@pytest.fixture
def round_(metro_staff):
    return ConfirmationRound.objects.create(
        title=TITLE, deadline="2027-06-30", opened_by=metro_staff
    )


def round_url(name, round_, code):
    return reverse(f"admin:consultations_confirmationround_{name}", args=[round_.pk, code])


def confirm(client, round_, code, item, window=None, next="/admin/"):
    data = {"item": item, "next": next}
    if window is not None:
        data["window"] = window.pk
    return client.post(round_url("confirm", round_, code), data)


def today_shown():
    today = timezone.localdate()
    return f"{today.year}年{today.month}月{today.day}日"


@pytest.mark.django_db
def test_a_metropolitan_user_opens_a_round_with_a_deadline(client, metro_staff):
    client.force_login(metro_staff)
    response = client.post(
        reverse("admin:consultations_confirmationround_add"),
        {"title": TITLE, "deadline": "2027-06-30", "message": "6月末までにお願いします。"},
    )
    assert response.status_code == 302
    round_ = ConfirmationRound.objects.get()
    assert (round_.is_open, round_.opened_by, str(round_.deadline)) == (
        True,
        metro_staff,
        "2027-06-30",
    )


@pytest.mark.django_db
def test_a_second_open_round_is_refused_with_a_message(client, metro_staff, round_):
    client.force_login(metro_staff)
    response = client.post(
        reverse("admin:consultations_confirmationround_add"),
        {"title": "もう一つ", "deadline": "2027-07-31"},
    )
    assert response.status_code == 200
    assert "受付中の確認依頼がすでにあります" in response.content.decode()
    assert ConfirmationRound.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("separator", ["\r\n", "\n", "\r", "\u2028", "\t"])
def test_a_title_with_a_line_break_is_refused_with_a_message(client, metro_staff, separator):
    # The title becomes a reminder's mail subject, where a line break stops the mail.
    client.force_login(metro_staff)
    response = client.post(
        reverse("admin:consultations_confirmationround_add"),
        {"title": f"令和9年度{separator}相談窓口の確認", "deadline": "2027-06-30"},
    )
    assert response.status_code == 200
    assert "名称に改行やタブは使えません" in response.content.decode()
    assert not ConfirmationRound.objects.exists()


@pytest.mark.django_db
def test_municipal_staff_cannot_open_a_round(client, adachi_staff):
    client.force_login(adachi_staff)
    assert client.get(reverse("admin:consultations_confirmationround_add")).status_code == 403


@pytest.mark.django_db
def test_the_municipal_index_shows_the_round_what_is_left_and_a_button_per_window(
    client, round_, adachi, adachi_staff
):
    WindowFactory(municipality=adachi, name="あだち相談")
    WindowFactory(municipality=adachi, name="あだち下書き", published=False)
    WindowFactory(name="ほかの窓口")
    client.force_login(adachi_staff)
    html = client.get("/admin/").content.decode()
    assert f"確認依頼：{TITLE}" in html
    assert "2027年6月30日" in html
    assert "足立区の確認すること：残り 4件（全 4件）" in html
    assert html.count(">内容に変更なし</button>") == 3  # two windows and the contact details
    assert "あだち下書き" in html and "ほかの窓口" not in html
    assert ">回答する</a>" in html  # the requirements are still unknown


@pytest.mark.django_db
def test_the_metropolitan_index_counts_where_the_municipalities_stand(
    client, round_, metro_staff, adachi, toshima
):
    client.force_login(metro_staff)
    html = client.get("/admin/").content.decode()
    assert "区市町村の状況：完了 0・承認待ち 0・一部 0・未着手 2" in html
    assert ">内容に変更なし</button>" not in html


@pytest.mark.django_db
def test_the_metropolitan_index_offers_to_start_a_round_when_none_is_open(client, metro_staff):
    client.force_login(metro_staff)
    html = client.get("/admin/").content.decode()
    assert reverse("admin:consultations_confirmationround_add") in html


@pytest.mark.django_db
def test_one_click_confirms_a_window_and_goes_back_to_the_index(
    client, round_, adachi, adachi_staff
):
    window = WindowFactory(municipality=adachi, last_verified=None)
    client.force_login(adachi_staff)
    response = confirm(client, round_, adachi.code, Item.WINDOW, window)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    window.refresh_from_db()
    assert (window.last_verified, window.verified_by) == (timezone.localdate(), adachi_staff)
    html = client.get("/admin/").content.decode()
    assert "残り 2件（全 3件）" in html
    assert "内容に変更なし（" in html


@pytest.mark.django_db
def test_an_outside_next_address_is_not_followed(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    response = confirm(client, round_, adachi.code, Item.CONTACT, next="https://evil.example/")
    assert response["Location"] == round_url("checklist", round_, adachi.code)


@pytest.mark.django_db
def test_confirming_is_post_only(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    assert client.get(round_url("confirm", round_, adachi.code)).status_code == 405


@pytest.mark.django_db
def test_another_municipalitys_checklist_is_a_404_for_municipal_staff(
    client, round_, toshima, adachi_staff
):
    client.force_login(adachi_staff)
    assert client.get(round_url("checklist", round_, toshima.code)).status_code == 404
    assert confirm(client, round_, toshima.code, Item.CONTACT).status_code == 404
    assert not Confirmation.objects.exists()


@pytest.mark.django_db
def test_a_window_of_another_municipality_is_a_404(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    response = confirm(client, round_, adachi.code, Item.WINDOW, WindowFactory())
    assert response.status_code == 404
    assert confirm(client, round_, adachi.code, Item.WINDOW).status_code == 404


@pytest.mark.django_db
def test_metropolitan_staff_see_a_checklist_but_do_not_answer_for_the_municipality(
    client, round_, adachi, metro_staff
):
    client.force_login(metro_staff)
    page = client.get(round_url("checklist", round_, adachi.code))
    assert page.status_code == 200
    assert ">内容に変更なし</button>" not in page.content.decode()
    assert confirm(client, round_, adachi.code, Item.CONTACT).status_code == 403


@pytest.mark.django_db
def test_a_closed_round_refuses_with_409_and_a_message(client, round_, adachi, adachi_staff):
    ConfirmationRound.objects.filter(pk=round_.pk).update(is_open=False)
    client.force_login(adachi_staff)
    response = confirm(client, round_, adachi.code, Item.CONTACT)
    assert response.status_code == 409
    assert "締め切られています" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_item_gets_400(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    assert confirm(client, round_, adachi.code, "phone").status_code == 400


@pytest.mark.django_db
def test_unknown_requirements_cannot_be_confirmed_unchanged(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    response = confirm(client, round_, adachi.code, Item.REQUIREMENTS)
    assert response.status_code == 409
    assert "未確認のままです" in response.content.decode()


@pytest.mark.django_db
def test_the_requirements_form_refuses_unknown_answers(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    response = client.post(
        round_url("requirements", round_, adachi.code),
        {**ANSWERS, "needs_survey_done": "unknown", "lead_department": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "「はい」か「いいえ」を選んでください" in html
    assert "主管部署を入力してください" in html
    assert not Confirmation.objects.exists()


@pytest.mark.django_db
def test_answering_the_requirements_turns_the_question_marks_into_facts(
    client, round_, adachi, adachi_staff
):
    client.force_login(adachi_staff)
    response = client.post(
        round_url("requirements", round_, adachi.code), {**ANSWERS, "next": "/admin/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    adachi.refresh_from_db()
    assert (adachi.lead_department, adachi.needs_survey_done, adachi.platform_established) == (
        "福祉部 福祉管理課",
        True,
        False,
    )
    assert Confirmation.objects.get().outcome == Outcome.CHANGED
    assert adachi.history.latest().history_user == adachi_staff


@pytest.mark.django_db
def test_answers_whose_confirmation_cannot_be_written_are_not_saved_either(
    round_, adachi, adachi_staff, monkeypatch
):
    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Confirmation.objects, "record", database_gone)
    client = Client(raise_request_exception=False)
    client.force_login(adachi_staff)
    response = client.post(round_url("requirements", round_, adachi.code), ANSWERS)
    assert response.status_code == 503
    adachi.refresh_from_db()
    assert adachi.lead_department != ANSWERS["lead_department"]


@pytest.mark.django_db
def test_editing_a_published_window_during_the_round_proposes_it_with_todays_verification(
    client, round_, adachi, adachi_staff
):
    window = WindowFactory(municipality=adachi, phone="03-1111-1111", last_verified=None)
    client.force_login(adachi_staff)
    data = form_data(client.get(window_url("change", window.pk)))
    response = client.post(window_url("change", window.pk), {**data, "phone": "03-2222-2222"})
    assert response.status_code == 302
    revision = WindowRevision.objects.pending().get()
    assert revision.data["last_verified"] == timezone.localdate().isoformat()
    confirmation = Confirmation.objects.get()
    assert (confirmation.outcome, confirmation.revision) == (Outcome.PROPOSED, revision)
    assert ConsultationWindow.objects.get(pk=window.pk).last_verified is None


@pytest.mark.django_db
def test_a_notes_only_edit_does_not_confirm_the_window(client, round_, adachi, adachi_staff):
    window = WindowFactory(municipality=adachi)
    client.force_login(adachi_staff)
    data = form_data(client.get(window_url("change", window.pk)))
    client.post(window_url("change", window.pk), {**data, "staff_notes": "電話で確認予定"})
    assert not Confirmation.objects.exists()


@pytest.mark.django_db
def test_proposing_new_contact_details_during_the_round_confirms_them(
    client, round_, adachi, adachi_staff
):
    client.force_login(adachi_staff)
    data = form_data(client.get(municipality_url("change", adachi.code)))
    client.post(municipality_url("change", adachi.code), {**data, "main_phone": "03-3880-5111"})
    confirmation = Confirmation.objects.get()
    assert (confirmation.item, confirmation.outcome) == (Item.CONTACT, Outcome.PROPOSED)


@pytest.mark.django_db
def test_the_round_page_lists_each_municipality_with_its_progress(
    client, round_, metro_staff, adachi
):
    client.force_login(metro_staff)
    html = client.get(reverse("admin:consultations_confirmationround_change", args=[round_.pk]))
    html = html.content.decode()
    assert round_url("checklist", round_, adachi.code) in html
    assert "未着手（0/2）" in html
    assert reminders_url(round_) in html


@pytest.mark.django_db
def test_the_round_pages_have_one_h1_and_no_inline_styles(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    for url in (round_url("checklist", round_, adachi.code), "/admin/"):
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1
        assert "style=" not in html


@pytest.mark.django_db
def test_a_full_round_with_two_municipalities(client, metro_staff, adachi, toshima):
    """足立区 confirms everything as it is; 豊島区 proposes a new number, which a 都職員 approves."""
    adachi_staff, toshima_staff = (
        StaffFactory(municipality=adachi),
        StaffFactory(municipality=toshima),
    )
    adachi_window = WindowFactory(municipality=adachi, last_verified=None)
    toshima_window = WindowFactory(municipality=toshima, phone="03-1111-1111", last_verified=None)

    client.force_login(metro_staff)
    client.post(
        reverse("admin:consultations_confirmationround_add"),
        {"title": TITLE, "deadline": "2027-06-30"},
    )
    round_ = ConfirmationRound.objects.get()

    client.force_login(adachi_staff)
    confirm(client, round_, adachi.code, Item.WINDOW, adachi_window)
    confirm(client, round_, adachi.code, Item.CONTACT)
    client.post(round_url("requirements", round_, adachi.code), ANSWERS)

    client.force_login(toshima_staff)
    data = form_data(client.get(window_url("change", toshima_window.pk)))
    client.post(window_url("change", toshima_window.pk), {**data, "phone": "03-2222-2222"})
    confirm(client, round_, toshima.code, Item.CONTACT)
    client.post(round_url("requirements", round_, toshima.code), ANSWERS)
    index = client.get("/admin/").content.decode()
    assert "残り 0件（全 3件）" in index and "<strong>承認待ち</strong>" in index

    client.force_login(metro_staff)
    waiting = client.get("/staff/overview/")
    assert "承認待ち（2/3）" in waiting.content.decode()
    assert (
        "承認待ち（2/3）"
        in client.get(
            reverse("admin:consultations_confirmationround_change", args=[round_.pk])
        ).content.decode()
    )
    revision = WindowRevision.objects.pending().get()
    approval = client.post(
        reverse("admin:consultations_windowrevision_change", args=[revision.pk]),
        {"decision": "approve"},
    )
    assert approval.status_code == 302

    overview = client.get("/staff/overview/")
    states = {
        row.municipality.code: row.progress.label for row in overview.context["overview"].rows
    }
    assert states == {adachi.code: "完了（3/3）", toshima.code: "完了（3/3）"}
    assert "完了 2・承認待ち 0・一部 0・未着手 0" in overview.content.decode()
    rows = list(
        csv.reader(io.StringIO(client.get("/staff/overview.csv").content.decode("utf-8-sig")))
    )
    column = rows[0].index("確認依頼の状況")
    assert [row[column] for row in rows[1:]] == ["完了（3/3）", "完了（3/3）"]

    for window, by in ((adachi_window, adachi_staff), (toshima_window, toshima_staff)):
        window.refresh_from_db()
        assert (window.last_verified, window.verified_by) == (timezone.localdate(), by)
        page = Client().get(window.get_absolute_url()).content.decode()
        assert re.search(rf"情報の最終確認日：<time[^>]*>{today_shown()}</time>", page)
    assert "03-2222-2222" in Client().get(toshima_window.get_absolute_url()).content.decode()
    assert Municipality.objects.get(pk=toshima.pk).lead_department == "福祉部 福祉管理課"


@pytest.mark.django_db
def test_the_checklist_asks_to_renew_an_expired_message_card(client, round_, adachi, adachi_staff):
    today = timezone.localdate()
    card = {"message": "お気軽にどうぞ。", "message_consent_on": today.replace(year=today.year - 2)}
    expired = WindowFactory(
        municipality=adachi,
        name="期限切れの窓口",
        message_expires_on=today - datetime.timedelta(1),
        **card,
    )
    shown = WindowFactory(
        municipality=adachi,
        name="掲載中の窓口",
        message_expires_on=today + datetime.timedelta(30),
        **card,
    )
    client.force_login(adachi_staff)
    html = client.get(round_url("checklist", round_, adachi.code)).content.decode()
    rows = {
        name: row for row in html.split("<tr") for name in (expired.name, shown.name) if name in row
    }
    assert "相談員からのメッセージが表示されていません" in rows[expired.name]
    assert "相談員からのメッセージが表示されていません" not in rows[shown.name]
    assert f"掲載期限：{shown.message_expires_on:%Y-%m-%d}" in rows[shown.name]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["2027/6/30", "2027年6月30日", "令和9年6月30日"])
def test_the_deadline_is_typed_year_first_as_staff_write_it(client, metro_staff, typed):
    client.force_login(metro_staff)
    client.post(
        reverse("admin:consultations_confirmationround_add"), {"title": TITLE, "deadline": typed}
    )
    assert str(ConfirmationRound.objects.get().deadline) == "2027-06-30"


@pytest.mark.django_db
def test_a_us_style_deadline_is_refused_with_an_example(client, metro_staff):
    client.force_login(metro_staff)
    response = client.post(
        reverse("admin:consultations_confirmationround_add"),
        {"title": TITLE, "deadline": "06/30/2027"},
    )
    assert (
        "年・月・日の順で入れてください（「06/30/2027」は読めません）" in response.content.decode()
    )
    assert not ConfirmationRound.objects.exists()


def reminders_url(round_):
    return reverse("admin:consultations_confirmationround_reminders", args=[round_.pk])


@pytest.mark.django_db
def test_the_reminders_page_shows_who_gets_what_and_sends_nothing(
    client, round_, metro_staff, adachi, toshima
):
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    client.force_login(metro_staff)
    response = client.get(reminders_url(round_))
    html = response.content.decode()
    assert (
        "adachi@example.jp" in html and "【確認のお願い】令和9年度 相談窓口の確認（足立区）" in html
    )
    assert "宛先なし" in html  # 豊島区 has no address
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_send_button_mails_each_unfinished_municipalitys_staff(
    client, round_, metro_staff, adachi, toshima
):
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    client.force_login(metro_staff)
    response = client.post(reminders_url(round_), follow=True)
    assert [message.to for message in mail.outbox] == [["adachi@example.jp"]]
    assertContains(response, "1件のお知らせを送りました。")


@pytest.mark.django_db
def test_a_mail_server_that_is_down_is_a_message_not_a_500(
    client, round_, metro_staff, adachi, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    client.force_login(metro_staff)
    response = client.post(reminders_url(round_), follow=True)
    assertContains(response, "メールサーバーに送れなかった区市町村があります: 足立区")


@pytest.mark.django_db
def test_municipal_staff_cannot_see_or_send_reminders(client, round_, adachi, adachi_staff):
    client.force_login(adachi_staff)
    assert client.get(reminders_url(round_)).status_code == 403
    assert client.post(reminders_url(round_)).status_code == 403


@pytest.mark.django_db
def test_the_reminder_links_to_the_checklist_on_site_url(
    client, round_, metro_staff, adachi, settings
):
    settings.SITE_URL = "https://soudan.example.lg.jp"
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    client.force_login(metro_staff)
    client.post(reminders_url(round_))
    assert f"https://soudan.example.lg.jp{round_url('checklist', round_, adachi.code)}" in (
        mail.outbox[0].body
    )


@pytest.mark.django_db
def test_opening_a_round_tells_each_municipalitys_staff(
    client, metro_staff, adachi, django_capture_on_commit_callbacks
):
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    client.force_login(metro_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:consultations_confirmationround_add"),
            {"title": TITLE, "deadline": "2027-06-30"},
        )
    (sent,) = mail.outbox
    assert sent.to == ["adachi@example.jp"]
    assert "回答期限は 2027年6月30日" in sent.body


@pytest.mark.django_db
def test_the_reminders_page_has_one_h1_and_no_inline_styles(client, round_, metro_staff, adachi):
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    client.force_login(metro_staff)
    html = client.get(reminders_url(round_)).content.decode()
    assert html.count("<h1") == 1
    assert "style=" not in html
