"""Staff handle a resident's error report: it shows on its window, is assigned, answered and closed."""

import pytest
from django.urls import reverse

from consultations.models import ErrorReport, ReportStatus
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
