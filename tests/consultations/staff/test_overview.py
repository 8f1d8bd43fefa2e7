import json
from datetime import date, timedelta

import pytest

from consultations.management.commands.build_fixtures import SHARED_DATA
from consultations.models import ConsultationWindow, Method
from consultations.staff.overview import (
    Check,
    Overview,
    OverviewRow,
    combine,
    visible_municipalities,
)
from municipalities.models import Municipality, Region
from tests.consultations.admin_helpers import propose
from tests.factories import MunicipalityFactory, StaffFactory, WindowFactory

TODAY = date(2026, 11, 26)


def row(windows=(), **municipality):
    """A row built from unsaved objects: the rules need no database."""
    return OverviewRow(
        Municipality(code="132012", name="八王子市", region=Region.TAMA, **municipality),
        [ConsultationWindow(**window) for window in windows],
        TODAY,
    )


@pytest.mark.parametrize(
    "facts, expected",
    [
        ([True, None, False], True),
        ([False, False], False),
        ([False, None], None),
        ([None, None], None),
        ([], None),
    ],
)
def test_combine_needs_one_yes_and_says_no_only_when_every_window_does(facts, expected):
    assert combine(facts) is expected


def test_window_published_is_yes_with_a_published_window():
    assert row([{}]).window_published is True


def test_window_published_is_no_without_one():
    assert row([]).window_published is False


@pytest.mark.parametrize(
    "ages, expected",
    [
        ([(None, None)], True),
        ([(15, None)], True),
        ([(16, None)], False),
        ([(None, 39)], False),
        ([(15, 49)], False),
        ([(18, None), (None, None)], True),
        ([(18, None), (None, 29)], False),
    ],
)
def test_all_ages_needs_one_window_without_an_age_limit(ages, expected):
    windows = [{"age_min": low, "age_max": high} for low, high in ages]
    assert row(windows).all_ages is expected


def test_all_ages_is_unknown_without_a_published_window():
    assert row([]).all_ages is None


@pytest.mark.parametrize(
    "family, expected",
    [
        ([True, False], True),
        ([False, False], False),
        ([None, None], None),
        ([False, None], None),
        ([], None),
    ],
)
def test_family_is_yes_if_any_window_takes_families_and_no_only_if_none_do(family, expected):
    assert row([{"target_family": value} for value in family]).family is expected


@pytest.mark.parametrize("lead, expected", [("福祉政策課", True), ("", None), ("  ", None)])
def test_a_blank_lead_department_is_unknown_not_no(lead, expected):
    assert row(lead_department=lead).lead_department is expected


@pytest.mark.parametrize("value", [True, False, None])
def test_needs_survey_shows_the_staff_answer(value):
    assert row(needs_survey_done=value).needs_survey is value


@pytest.mark.parametrize("value", [True, False, None])
def test_platform_shows_the_staff_answer(value):
    assert row(platform_established=value).platform is value


@pytest.mark.parametrize(
    "intake, expected",
    [
        ([False, True], True),
        ([False, False], False),
        ([None], None),
        ([False, None], None),
        ([], None),
    ],
)
def test_support_net_visit_combines_the_windows(intake, expected):
    assert row([{"support_net_visit": value} for value in intake]).support_net_visit is expected


@pytest.mark.parametrize(
    "dates, expected",
    [
        ([TODAY], True),
        ([TODAY - timedelta(days=365)], True),
        ([TODAY - timedelta(days=366)], False),
        ([TODAY, TODAY - timedelta(days=400)], False),
        ([TODAY, None], None),
        ([TODAY - timedelta(days=400), None], False),
        ([], None),
    ],
)
def test_verified_needs_every_window_checked_within_365_days(dates, expected):
    assert row([{"last_verified": d} for d in dates]).verified is expected


def test_gaps_count_no_and_unknown_but_not_yes():
    checked = row(
        [{"target_family": True, "support_net_visit": True, "last_verified": TODAY}],
        lead_department="福祉課",
        needs_survey_done=True,
        platform_established=False,
    )
    assert (checked.failures, checked.unknowns, checked.gaps) == (1, 0, 1)


def test_checks_come_in_column_order():
    assert [check for check, _ in row().checks] == list(Check)


def test_offers_a_method_only_when_a_window_says_yes():
    offering = row([{"method_email": None}, {"method_email": True}])
    assert offering.offers(Method.EMAIL) is True
    assert offering.offers(Method.ONLINE) is False


@pytest.mark.django_db
def test_visible_municipalities_are_the_62_without_tokyo(real_data, admin_user):
    municipalities = visible_municipalities(admin_user)
    assert municipalities.count() == 62
    assert not municipalities.filter(code="130001").exists()


@pytest.mark.django_db
def test_the_overview_counts_only_published_windows():
    municipality = MunicipalityFactory()
    WindowFactory(municipality=municipality, published=False)
    [only] = Overview(Municipality.objects.all(), today=TODAY).rows
    assert only.window_published is False


@pytest.mark.django_db
def test_the_overview_lists_municipalities_in_code_order():
    for code in ["132021", "131016", "132012"]:
        MunicipalityFactory(code=code)
    rows = Overview(Municipality.objects.order_by("-code"), today=TODAY).rows
    assert [r.municipality.code for r in rows] == ["131016", "132012", "132021"]


@pytest.mark.django_db
def test_totals_count_each_answer_per_column():
    WindowFactory(municipality=MunicipalityFactory(platform_established=True))
    MunicipalityFactory(platform_established=False)
    MunicipalityFactory()
    totals = dict((check, counts) for check, *counts in Overview(Municipality.objects.all()).totals)
    assert totals[Check.WINDOW_PUBLISHED] == [1, 2, 0]
    assert totals[Check.PLATFORM] == [1, 1, 1]


@pytest.mark.django_db
def test_coverage_by_region_counts_yes_per_region():
    WindowFactory(municipality=MunicipalityFactory(region=Region.TAMA))
    MunicipalityFactory(region=Region.TAMA)
    MunicipalityFactory(code="131016", region=Region.WARDS, kind="特別区")
    coverage = dict(Overview(Municipality.objects.all()).coverage_by_region)
    assert coverage[Check.WINDOW_PUBLISHED] == [(Region.WARDS, 0, 1), (Region.TAMA, 1, 2)]


@pytest.mark.django_db
def test_methods_offered_counts_municipalities_not_windows():
    municipality = MunicipalityFactory()
    WindowFactory(municipality=municipality, method_email=True)
    WindowFactory(municipality=municipality, method_email=True)
    WindowFactory(method_email=None)
    offered = dict(Overview(Municipality.objects.all()).methods_offered)
    assert offered[Method.EMAIL] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("municipalities", [2, 12])
def test_the_overview_takes_two_queries_however_many_municipalities(
    municipalities, django_assert_max_num_queries
):
    for _ in range(municipalities):
        WindowFactory(municipality=MunicipalityFactory(), method_phone=True)
    with django_assert_max_num_queries(2):
        overview = Overview(Municipality.objects.all())
        assert len(overview.rows) == municipalities
        assert overview.totals and overview.coverage_by_region and overview.methods_offered


@pytest.mark.django_db
def test_the_real_data_shows_ome_with_only_a_general_window_as_a_gap(real_data, admin_user):
    rows = {r.municipality.code: r for r in Overview(visible_municipalities(admin_user)).rows}
    assert rows["132055"].municipality.name == "青梅市"
    assert rows["132055"].published and rows["132055"].window_published is None
    assert rows["132055"].all_ages is None


@pytest.mark.django_db
def test_the_real_data_gives_plausible_totals(real_data, admin_user):
    overview = Overview(visible_municipalities(admin_user))
    totals = {check: counts for check, *counts in overview.totals}
    assert len(overview.rows) == 62
    # A hikikomori window is one a source names (medium or high confidence); a general window
    # with a number to call is published too, and counts as a gap to confirm. Nobody has
    # entered the staff facts yet.
    records = [
        r
        for r in json.load(open(SHARED_DATA / "windows.json"))
        if r["municipality_code"] != "130001"
    ]
    named = {r["municipality_code"] for r in records if r["confidence"] != "low"}
    general = {r["municipality_code"] for r in records if r["phone"]} - named
    assert totals[Check.WINDOW_PUBLISHED] == [len(named), 62 - len(named | general), len(general)]
    assert totals[Check.NEEDS_SURVEY] == [0, 0, 62]
    assert sum(totals[Check.ALL_AGES]) == 62


@pytest.mark.django_db
def test_the_overview_counts_pending_reviews_per_municipality_in_its_two_queries(
    adachi, toshima, metro_staff, django_assert_max_num_queries
):
    staff = StaffFactory(municipality=adachi)
    for window in WindowFactory.create_batch(2, municipality=adachi):
        propose(window, staff, phone="03-3880-5111")
    decided = propose(WindowFactory(municipality=toshima), staff, phone="03-3880-5111")
    decided.reject(metro_staff, "出典がありません")
    with django_assert_max_num_queries(2):
        overview = Overview(Municipality.objects.all())
        counts = {row.municipality.code: row.pending_reviews for row in overview.rows}
    assert counts == {"131211": 2, "131164": 0}
    assert overview.pending_reviews == 2
