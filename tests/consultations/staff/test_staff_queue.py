"""The admin index tells each staff member what waits for them, scoped like the lists it links to."""

import datetime
import re

import pytest

from consultations.models import ErrorReport, ReportStatus
from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory


def waiting(html):
    """{label: (count, url)} from the index's 「あなたの対応待ち」 table."""
    table = html[html.index('id="staff-queue"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<a href="([^"]+)">([^<]+)</a></th>\s*<td class="waiting-count"><a href="[^"]+"[^>]*>(\d+)件',
        table,
    )
    return {label: (int(count), url.replace("&amp;", "&")) for url, label, count in rows}


def report(window, **fields):
    return ErrorReport.objects.create(
        window=window,
        municipality=window.municipality,
        window_name=window.name,
        what="電話番号が違います",
        **fields,
    )


@pytest.mark.django_db
def test_metropolitan_staff_see_the_proposals_waiting_for_approval(
    client, metro_staff, adachi, adachi_staff
):
    propose(WindowFactory(municipality=adachi), adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    lines = waiting(client.get("/admin/").content.decode())
    assert lines["承認待ちの変更申請"] == (1, "/admin/consultations/windowrevision/")


@pytest.mark.django_db
def test_municipal_staff_have_no_review_line_but_their_own_rejected_proposals(
    client, adachi, adachi_staff, metro_staff
):
    first = WindowFactory(municipality=adachi)
    propose(first, adachi_staff, phone="03-2222-2222").reject(metro_staff, "出典がありません")
    second = WindowFactory(municipality=adachi)
    propose(second, adachi_staff, phone="03-3333-3333").reject(metro_staff, "番号が違います")
    propose(second, adachi_staff, phone="03-4444-4444")  # proposed again: followed up
    client.force_login(adachi_staff)
    lines = waiting(client.get("/admin/").content.decode())
    assert "承認待ちの変更申請" not in lines
    assert lines["差し戻された申請（まだ出し直していないもの）"] == (
        1,
        "/admin/consultations/ownrevision/?status=rejected_open",
    )
    assert lines["承認待ちの自分の申請"][0] == 1


@pytest.mark.django_db
def test_new_reports_are_counted_for_the_municipality_only(client, adachi, toshima, adachi_staff):
    report(WindowFactory(municipality=adachi))
    report(WindowFactory(municipality=adachi), status=ReportStatus.FIXED)
    report(WindowFactory(municipality=toshima))
    client.force_login(adachi_staff)
    lines = waiting(client.get("/admin/").content.decode())
    count, url = lines["未対応の誤りの報告"]
    assert (count, url) == (1, "/admin/consultations/errorreport/?status__exact=new")
    assert len(client.get(url).context["cl"].result_list) == count


@pytest.mark.django_db
def test_reports_assigned_to_me_and_in_progress_are_counted(client, adachi, adachi_staff):
    report(WindowFactory(municipality=adachi), assigned_to=adachi_staff, status="in_progress")
    report(WindowFactory(municipality=adachi), status="in_progress")
    client.force_login(adachi_staff)
    count, url = waiting(client.get("/admin/").content.decode())["自分が担当している対応中の報告"]
    assert count == 1
    assert len(client.get(url).context["cl"].result_list) == 1


@pytest.mark.django_db
def test_windows_not_verified_for_twelve_months_are_counted_within_scope(
    client, adachi, toshima, adachi_staff
):
    WindowFactory(municipality=adachi, last_verified=None)
    WindowFactory(municipality=adachi, last_verified=datetime.date(2020, 1, 1))
    WindowFactory(municipality=adachi, last_verified=datetime.date.today())
    WindowFactory(municipality=toshima, last_verified=None)
    client.force_login(adachi_staff)
    count, url = waiting(client.get("/admin/").content.decode())[
        "最終確認日が12か月より前か空欄の窓口"
    ]
    assert (count, url) == (2, "/admin/consultations/consultationwindow/?verified=stale")
    assert len(client.get(url).context["cl"].result_list) == 2


@pytest.mark.django_db
def test_a_staff_member_without_a_role_sees_no_queue(client, adachi):
    user = StaffFactory()
    user.groups.clear()
    client.force_login(user)
    assert 'id="staff-queue"' not in client.get("/admin/").content.decode()
