import pytest

from consultations.filters import WindowFilter
from consultations.models import ConsultationWindow
from tests.factories import MunicipalityFactory, WindowFactory


def search(**params):
    window_filter = WindowFilter(params, queryset=ConsultationWindow.objects.for_listing())
    assert window_filter.is_valid(), window_filter.errors
    return set(window_filter.qs)


@pytest.fixture
def hachioji(db):
    return MunicipalityFactory(
        code="132012", name="八王子市", name_kana="はちおうじし", name_en="Hachioji City"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["八王子", "はちおうじ", "ハチオウジ", "ﾊﾁｵｳｼﾞ", "hachioji"])
def test_keyword_is_kana_and_width_insensitive(hachioji, q):
    window = WindowFactory(municipality=hachioji)
    WindowFactory()
    assert search(q=q) == {window}


@pytest.mark.django_db
def test_keyword_terms_must_all_match(hachioji):
    window = WindowFactory(municipality=hachioji, name="若者総合相談センター")
    WindowFactory(municipality=hachioji, name="まるごとサポート")
    assert search(q="はちおうじ　若者") == {window}


@pytest.mark.django_db
def test_municipality_filter_takes_the_code(hachioji):
    window = WindowFactory(municipality=hachioji)
    WindowFactory()
    assert search(municipality="132012") == {window}


@pytest.mark.django_db
def test_region_filter():
    ward = WindowFactory(municipality=MunicipalityFactory(kind="特別区", region="区部"))
    WindowFactory()
    assert search(region="区部") == {ward}


@pytest.mark.django_db
def test_method_filter_requires_every_chosen_method():
    both = WindowFactory(method_email=True, method_online=True)
    WindowFactory(method_email=True, method_online=None)
    WindowFactory(method_email=False, method_online=True)
    assert search(method=["email", "online"]) == {both}


@pytest.mark.django_db
def test_who_filter_leaves_out_unknown_and_no():
    family = WindowFactory(target_family=True)
    WindowFactory(target_family=None)
    WindowFactory(target_family=False)
    assert search(who="family") == {family}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "age, expected", [(14, {"open"}), (16, {"open", "youth", "adult"}), (45, {"open", "adult"})]
)
def test_age_filter_admits_windows_whose_range_includes_the_age(age, expected):
    WindowFactory(name="open")
    WindowFactory(name="youth", age_min=15, age_max=39)
    WindowFactory(name="adult", age_min=15)
    assert {w.name for w in search(age=str(age))} == expected


@pytest.mark.django_db
@pytest.mark.parametrize("value, expected", [("yes", True), ("no", False), ("unknown", None)])
def test_support_net_visit_filter(value, expected):
    for state in (True, False, None):
        WindowFactory(support_net_visit=state)
    assert {w.support_net_visit for w in search(support_net_visit=value)} == {expected}


@pytest.mark.django_db
def test_filters_combine(hachioji):
    match = WindowFactory(municipality=hachioji, method_email=True, target_family=True, age_min=15)
    WindowFactory(municipality=hachioji, method_email=True, target_family=False)
    WindowFactory(method_email=True, target_family=True)
    assert search(q="はちおうじ", method=["email"], who="family", age="45", region="多摩") == {
        match
    }


@pytest.mark.django_db
def test_unpublished_windows_are_never_found():
    WindowFactory(published=False)
    assert search() == set()
