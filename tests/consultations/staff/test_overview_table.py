"""The staff overview sorts by any column and filters to ✗ or ? on any requirement, page and CSV alike."""

import csv
import datetime
import io

import pytest

from consultations.models import Confirmation, ConfirmationRound, Item, Outcome
from tests.consultations.admin_helpers import propose
from tests.factories import MunicipalityFactory, StaffFactory, WindowFactory

OVERVIEW = "/staff/overview/"
CSV = "/staff/overview.csv"


@pytest.fixture
def staff_client(client, metro_staff):
    client.force_login(metro_staff)
    return client


@pytest.fixture
def three(db):
    """Family consultation: yes (あ), no (い), unknown (う); code order い, う, あ."""
    yes = MunicipalityFactory(code="132039", name="あ市", name_kana="あし")
    no = MunicipalityFactory(code="132012", name="い市", name_kana="いし")
    unknown = MunicipalityFactory(code="132021", name="う市", name_kana="うし")
    WindowFactory(municipality=yes, target_family=True)
    WindowFactory(municipality=no, target_family=False)
    WindowFactory(municipality=unknown, target_family=None)
    return yes, no, unknown


def names(response):
    return [row.municipality.name for row in response.context["overview"].rows]


def csv_names(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[1] for row in rows[1:]]


@pytest.mark.django_db
def test_rows_come_in_code_order_by_default(staff_client, three):
    assert names(staff_client.get(OVERVIEW)) == ["い市", "う市", "あ市"]


@pytest.mark.django_db
def test_a_requirement_column_sorts_no_then_unknown_then_yes_and_back(staff_client, three):
    assert names(staff_client.get(OVERVIEW, {"sort": "family"})) == ["い市", "う市", "あ市"]
    assert names(staff_client.get(OVERVIEW, {"sort": "-family"})) == ["あ市", "う市", "い市"]


@pytest.mark.django_db
def test_the_name_column_sorts_by_reading(staff_client, three):
    assert names(staff_client.get(OVERVIEW, {"sort": "name"})) == ["あ市", "い市", "う市"]


@pytest.mark.django_db
def test_headings_link_to_their_sort_and_mark_the_sorted_column(staff_client, three):
    html = staff_client.get(OVERVIEW, {"sort": "family", "region": "多摩"}).content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-family&amp;region=' in html
    assert '<a href="?sort=-gaps&amp;region=' in html  # counts sort most first
    assert html.count("aria-sort=") == 1


@pytest.mark.django_db
def test_it_filters_to_no_or_unknown_on_one_requirement(staff_client, three):
    gap = staff_client.get(OVERVIEW, {"requirement": "family", "answer": "gap"})
    assert names(gap) == ["い市", "う市"]
    assert names(staff_client.get(OVERVIEW, {"requirement": "family", "answer": "no"})) == ["い市"]
    unknown = staff_client.get(OVERVIEW, {"requirement": "family", "answer": "unknown"})
    assert names(unknown) == ["う市"]


@pytest.mark.django_db
def test_the_footer_counts_only_the_rows_kept(staff_client, three):
    overview = staff_client.get(OVERVIEW, {"requirement": "family", "answer": "no"})
    totals = {check.value: counts for check, *counts in overview.context["overview"].totals}
    assert totals["family"] == [0, 1, 0]


@pytest.mark.django_db
def test_the_csv_honours_the_same_filter_and_order(staff_client, three):
    query = {"requirement": "family", "answer": "gap", "sort": "-family"}
    assert csv_names(staff_client.get(CSV, query)) == ["う市", "い市"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [OVERVIEW, CSV])
@pytest.mark.parametrize(
    "query", [{"sort": "phone"}, {"requirement": "budget"}, {"round_state": "half"}]
)
def test_an_unknown_sort_or_filter_gets_400_with_a_message(staff_client, url, query):
    response = staff_client.get(url, query)
    assert response.status_code == 400
    assert "絞り込みの指定が正しくありません" in response.content.decode()


@pytest.mark.django_db
def test_the_filter_works_without_javascript_as_a_get_form(staff_client, three):
    html = staff_client.get(OVERVIEW, {"requirement": "family", "sort": "name"}).content.decode()
    assert '<form class="overview-filter" method="get"' in html
    assert '<option value="family" selected>' in html
    assert '<input type="hidden" name="sort" value="name"' in html
    assert "<script" not in html.split('<div id="content-main">')[1]


@pytest.mark.django_db
def test_windows_not_verified_for_a_year_are_counted_per_row_and_in_total(staff_client):
    municipality = MunicipalityFactory()
    WindowFactory(municipality=municipality, last_verified=None)
    WindowFactory(municipality=municipality, last_verified=datetime.date(2020, 1, 1))
    WindowFactory(municipality=municipality, last_verified=datetime.date.today())
    WindowFactory(municipality=municipality, last_verified=None, published=False)
    response = staff_client.get(OVERVIEW)
    assert response.context["overview"].rows[0].stale_windows == 2
    assert '<td class="stale">2件</td>' in response.content.decode()
    rows = list(csv.reader(io.StringIO(staff_client.get(CSV).content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("12か月以上未確認の公開中の窓口数")] == "2"


@pytest.mark.django_db
def test_without_an_open_round_there_is_no_round_column_and_the_csv_cell_is_empty(
    staff_client, three
):
    html = staff_client.get(OVERVIEW).content.decode()
    assert ">確認依頼</a></th>" not in html
    rows = list(csv.reader(io.StringIO(staff_client.get(CSV).content.decode("utf-8-sig"))))
    assert {row[rows[0].index("確認依頼の状況")] for row in rows[1:]} == {""}


@pytest.mark.django_db
def test_the_round_column_says_done_partly_or_not_started_and_filters(
    staff_client, metro_staff, three
):
    yes, no, unknown = three
    round_ = ConfirmationRound.objects.create(title="令和9年度", deadline="2027-06-30")
    round_.confirm_unchanged(StaffFactory(municipality=no), no, Item.CONTACT)
    response = staff_client.get(OVERVIEW, {"sort": "round"})
    labels = {
        row.municipality.name: row.progress.label for row in response.context["overview"].rows
    }
    assert labels == {"い市": "一部（1/3）", "う市": "未着手（0/3）", "あ市": "未着手（0/3）"}
    assert names(response)[-1] == "い市"  # not started first
    assert 'aria-sort="ascending"><a href="?sort=-round">確認依頼</a>' in response.content.decode()
    partly = staff_client.get(OVERVIEW, {"round_state": "partly"})
    assert names(partly) == ["い市"]
    assert csv_names(staff_client.get(CSV, {"round_state": "not_done"})) == ["い市", "う市", "あ市"]


@pytest.mark.django_db
def test_the_open_round_adds_no_query_per_municipality(staff_client, django_assert_max_num_queries):
    ConfirmationRound.objects.create(title="令和9年度", deadline="2027-06-30")
    for _ in range(6):
        WindowFactory(municipality=MunicipalityFactory())
    with django_assert_max_num_queries(9):
        staff_client.get(OVERVIEW)


@pytest.mark.django_db
def test_a_municipality_with_only_a_pending_proposal_left_is_filtered_as_waiting(
    staff_client, three
):
    yes, no, unknown = three
    round_ = ConfirmationRound.objects.create(title="令和9年度", deadline="2027-06-30")
    staff = StaffFactory(municipality=no)
    no.lead_department, no.needs_survey_done, no.platform_established = "福祉部", True, True
    no.save()
    round_.confirm_unchanged(staff, no, Item.CONTACT)
    round_.confirm_unchanged(staff, no, Item.REQUIREMENTS)
    window = no.windows.get()
    revision = propose(window, staff, phone="03-2222-2222")
    Confirmation.objects.record(round_, staff, Outcome.PROPOSED, no, Item.WINDOW, window, revision)
    waiting = staff_client.get(OVERVIEW, {"round_state": "waiting"})
    assert names(waiting) == ["い市"]
    rows = list(csv.reader(io.StringIO(staff_client.get(CSV).content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("確認依頼の状況")] == "承認待ち（2/3）"
