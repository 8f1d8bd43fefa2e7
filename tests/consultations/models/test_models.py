import datetime

import pytest
from django.db import IntegrityError

from consultations.models import ConsultationWindow
from tests.factories import MunicipalityFactory, WindowFactory


@pytest.mark.django_db
def test_the_database_refuses_age_min_above_age_max():
    with pytest.raises(IntegrityError):
        WindowFactory(age_min=40, age_max=39)


@pytest.mark.django_db
def test_display_order_is_unique_per_municipality():
    window = WindowFactory(display_order=1)
    with pytest.raises(IntegrityError):
        WindowFactory(municipality=window.municipality, display_order=1)


@pytest.mark.django_db
def test_saving_without_changes_keeps_last_verified():
    window = WindowFactory(last_verified=datetime.date(2024, 4, 1))
    window.save()
    window.refresh_from_db()
    assert window.last_verified == datetime.date(2024, 4, 1)


@pytest.mark.django_db
def test_renaming_a_municipality_refolds_its_windows_search_text():
    window = WindowFactory()
    municipality = window.municipality
    municipality.name_kana = "あたらしいよみ"
    municipality.save()
    assert ConsultationWindow.objects.matching_keywords(["あたらしいよみ"]).get() == window


@pytest.mark.parametrize(
    "age_min, age_max, label, restricts",
    [
        (None, None, "年齢制限の記載なし", False),
        (15, None, "15歳以上", False),
        (18, None, "18歳以上", True),
        (15, 39, "15〜39歳", True),
        (None, 64, "64歳以下", True),
    ],
)
def test_age_range_label_and_restriction(age_min, age_max, label, restricts):
    window = ConsultationWindow(age_min=age_min, age_max=age_max)
    assert window.age_range_label == label
    assert window.restricts_age is restricts


def test_unknown_methods_stay_unknown_and_line_shows_only_when_offered():
    window = ConsultationWindow(
        method_phone=True, method_email=None, method_line=None, method_fax=True
    )
    methods = dict(window.resident_methods)
    assert methods["電話"] is True
    assert methods["メール"] is None
    assert "LINE" not in methods and methods["FAX"] is True


@pytest.mark.django_db
def test_support_net_is_tokyos_first_published_window(support_net):
    WindowFactory(municipality=support_net.municipality, display_order=2)
    MunicipalityFactory()
    assert ConsultationWindow.objects.support_net() == support_net
