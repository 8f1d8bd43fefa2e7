"""Staff handle a resident's error report: it shows on its window, is assigned, answered and closed."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from consultations.models import ErrorReport, ReportReply, ReportStatus
from tests.consultations.admin_helpers import window_url
from tests.factories import StaffFactory, WindowFactory

INBOX = "/admin/consultations/errorreport/"


@pytest.fixture
def window(adachi):
    return WindowFactory(municipality=adachi, name="あだち相談")


@pytest.fixture
def report(window):
    return ErrorReport.objects.create(
        window=window,
        municipality=window.municipality,
        window_name=window.name,
        what="受付時間が変わっています",
    )


def report_url(report):
    return reverse("admin:consultations_errorreport_change", args=[report.pk])


def handle(client, report, **fields):
    data = {"status": report.status, "assigned_to": "", "staff_notes": "", **fields}
    return client.post(report_url(report), data)


@pytest.mark.django_db
def test_an_open_report_shows_on_its_windows_admin_page(client, adachi_staff, window, report):
    client.force_login(adachi_staff)
    html = client.get(window_url("change", window.pk)).content.decode()
    assert "この窓口への誤りの報告（未完了 1件）" in html
    assert "受付時間が変わっています" in html
    assert report_url(report) in html


@pytest.mark.django_db
def test_a_window_without_reports_shows_no_report_panel(client, adachi_staff, window):
    client.force_login(adachi_staff)
    assert "誤りの報告（未完了" not in client.get(window_url("change", window.pk)).content.decode()


@pytest.mark.django_db
def test_the_report_page_opens_the_window_form_to_fix_it(client, adachi_staff, window, report):
    client.force_login(adachi_staff)
    html = client.get(report_url(report)).content.decode()
    assert (
        f'<a class="review-action" href="{window_url("change", window.pk)}">この報告から修正する</a>'
        in html
    )


@pytest.mark.django_db
def test_assigning_a_report_starts_it(client, adachi, adachi_staff, report):
    colleague = StaffFactory(municipality=adachi)
    client.force_login(adachi_staff)
    assert handle(client, report, assigned_to=colleague.pk).status_code == 302
    report.refresh_from_db()
    assert (report.assigned_to, report.status) == (colleague, ReportStatus.IN_PROGRESS)


@pytest.mark.django_db
def test_a_report_cannot_be_assigned_to_staff_of_another_municipality(
    client, toshima, adachi_staff, report
):
    client.force_login(adachi_staff)
    response = handle(client, report, assigned_to=StaffFactory(municipality=toshima).pk)
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    report.refresh_from_db()
    assert report.assigned_to is None


@pytest.mark.django_db
def test_metropolitan_staff_may_be_assigned(client, adachi_staff, metro_staff, report):
    client.force_login(adachi_staff)
    handle(client, report, assigned_to=metro_staff.pk)
    report.refresh_from_db()
    assert report.assigned_to == metro_staff


@pytest.mark.django_db
def test_closing_records_who_and_when_in_the_report_and_its_history(client, adachi_staff, report):
    client.force_login(adachi_staff)
    handle(client, report, status=ReportStatus.FIXED, staff_notes="電話で確認し、受付時間を直した")
    report.refresh_from_db()
    assert (report.closed_by, report.closed_at is not None) == (adachi_staff, True)
    assert report.staff_notes == "電話で確認し、受付時間を直した"
    latest = report.history.latest()
    assert (latest.status, latest.history_user) == (ReportStatus.FIXED, adachi_staff)
    history = client.get(reverse("admin:consultations_errorreport_history", args=[report.pk]))
    assert history.status_code == 200


@pytest.mark.django_db
def test_reopening_a_report_clears_who_closed_it(client, adachi_staff, report):
    report.close(adachi_staff, ReportStatus.CHECKED)
    client.force_login(adachi_staff)
    handle(client, report, status=ReportStatus.NEW)
    report.refresh_from_db()
    assert (report.closed_by, report.closed_at) == (None, None)


@pytest.mark.django_db
def test_closing_in_bulk_records_each_report_in_history(client, adachi_staff, window, report):
    other = ErrorReport.objects.create(
        window=window, municipality=window.municipality, window_name=window.name, what="番号"
    )
    client.force_login(adachi_staff)
    client.post(INBOX, {"action": "mark_checked", "_selected_action": [report.pk, other.pk]})
    for each in (report, other):
        each.refresh_from_db()
        assert (each.status, each.closed_by) == (ReportStatus.CHECKED, adachi_staff)
        assert each.history.latest().history_user == adachi_staff


@pytest.mark.django_db
def test_the_open_filter_lists_new_and_in_progress_reports(client, adachi_staff, window, report):
    ErrorReport.objects.create(
        window=window,
        municipality=window.municipality,
        window_name=window.name,
        what="済",
        status=ReportStatus.FIXED,
    )
    client.force_login(adachi_staff)
    listed = client.get(INBOX, {"state": "open"}).context["cl"].result_list
    assert [r.pk for r in listed] == [report.pk]


def reply_url(report):
    return reverse("admin:consultations_errorreport_reply", args=[report.pk])


@pytest.fixture
def with_address(report):
    report.contact = "山田 メール：yamada@example.jp"
    report.save()
    return report


@pytest.mark.django_db
def test_the_assignee_is_told_by_mail(
    client, adachi, adachi_staff, report, django_capture_on_commit_callbacks
):
    colleague = StaffFactory(municipality=adachi, email="colleague@example.jp")
    client.force_login(adachi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        handle(client, report, assigned_to=colleague.pk)
    (sent,) = mail.outbox
    assert sent.to == ["colleague@example.jp"] and "あだち相談" in sent.subject
    assert report_url(report) in sent.body


@pytest.mark.django_db
def test_taking_a_report_oneself_sends_no_mail(
    client, adachi_staff, report, django_capture_on_commit_callbacks
):
    adachi_staff.email = "me@example.jp"
    adachi_staff.save()
    client.force_login(adachi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        handle(client, report, assigned_to=adachi_staff.pk)
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_reply_to_the_resident_and_the_reply_is_logged(client, adachi_staff, with_address):
    client.force_login(adachi_staff)
    response = client.post(
        reply_url(with_address), {"subject": "ご報告ありがとうございます", "body": "直しました。"}
    )
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert (sent.to, sent.body) == (["yamada@example.jp"], "直しました。")
    assertContains(client.get(report_url(with_address)), "直しました。")


@pytest.mark.django_db
def test_a_reply_the_mail_server_refuses_is_not_logged_and_the_text_stays(
    client, adachi_staff, with_address, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    client.force_login(adachi_staff)
    response = client.post(reply_url(with_address), {"subject": "件名", "body": "直しました。"})
    assertContains(response, "直しました。", status_code=503)
    assert not ReportReply.objects.exists()


@pytest.mark.django_db
def test_a_report_without_an_address_offers_no_reply(client, adachi_staff, report):
    report.contact = "03-1111-1111"
    report.save()
    client.force_login(adachi_staff)
    assert "報告者にメールで返信する" not in client.get(report_url(report)).content.decode()
    assert client.get(reply_url(report)).status_code == 404


@pytest.mark.django_db
def test_another_municipalitys_report_cannot_be_replied_to(client, toshima, with_address):
    client.force_login(StaffFactory(municipality=toshima))
    assert client.post(reply_url(with_address), {"subject": "x", "body": "y"}).status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_ward_users_municipality_filter_offers_only_their_own(
    client, adachi_staff, report, toshima
):
    ErrorReport.objects.create(municipality=toshima, window_name="豊島の窓口", what="x")
    client.force_login(adachi_staff)
    changelist = client.get(INBOX).context["cl"]
    offered = [
        choice["display"] for spec in changelist.filter_specs for choice in spec.choices(changelist)
    ]
    assert "豊島区" not in offered


def offered_choices(client):
    """What each of the inbox's filters offers, by its title: what the user can choose."""
    changelist = client.get(INBOX).context["cl"]
    return {
        spec.title: [choice["display"] for choice in spec.choices(changelist)][1:]
        for spec in changelist.filter_specs
        if spec.has_output()
    }


@pytest.fixture
def two_inboxes(adachi, toshima, report):
    WindowFactory(municipality=adachi, name="あだち第二窓口")
    other = WindowFactory(municipality=toshima, name="としま相談")
    ErrorReport.objects.create(
        window=other, municipality=toshima, window_name=other.name, what="番号が違います"
    )


@pytest.mark.django_db
def test_metropolitan_staff_filter_reports_by_every_municipality_that_has_one(
    client, metro_staff, two_inboxes
):
    client.force_login(metro_staff)
    assert offered_choices(client)["区市町村"] == ["豊島区", "足立区"]


@pytest.mark.django_db
def test_a_ward_users_report_filters_name_no_other_municipality_or_window(
    client, adachi_staff, two_inboxes
):
    client.force_login(adachi_staff)
    offered = offered_choices(client)
    html = client.get(INBOX).content.decode()
    assert "豊島区" not in str(offered) and "としま相談" not in str(offered)
    assert "豊島区" not in html and "としま相談" not in html
    # The municipality filter has nothing to choose for them (one municipality), so it is not drawn.
    assert "区市町村" not in offered


@pytest.mark.django_db
def test_a_ward_user_typing_another_municipalitys_filter_sees_no_report(
    client, adachi_staff, two_inboxes
):
    client.force_login(adachi_staff)
    response = client.get(INBOX, {"municipality__code__exact": "131164"})
    assert list(response.context["cl"].result_list) == []


@pytest.mark.django_db
def test_the_reports_history_speaks_in_words(client, adachi, adachi_staff, report):
    colleague = StaffFactory(municipality=adachi, first_name="花子", last_name="足立")
    client.force_login(adachi_staff)
    handle(client, report, assigned_to=colleague.pk)
    history = reverse("admin:consultations_errorreport_history", args=[report.pk])
    html = client.get(history).content.decode()
    assert "未対応 &rarr; 対応中" in html
    assert "（なし） &rarr; 足立 花子" in html or "（なし） &rarr; 花子 足立" in html
    assert "pk=None" not in html and "in_progress" not in html


@pytest.mark.django_db
def test_the_reply_page_has_one_h1_and_no_inline_styles(client, adachi_staff, with_address):
    client.force_login(adachi_staff)
    html = client.get(reply_url(with_address)).content.decode()
    assert html.count("<h1") == 1
    assert "style=" not in html
