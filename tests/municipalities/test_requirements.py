from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipalities.models import Municipality
from tests.factories import MunicipalityFactory

LONG_AGO = date(2024, 4, 1)


def stored(**fields):
    """A municipality saved with `fields`, dated long ago, and read back fresh."""
    municipality = MunicipalityFactory(**fields)
    Municipality.objects.filter(pk=municipality.pk).update(requirements_updated=LONG_AGO)
    return Municipality.objects.get(pk=municipality.pk)


def reloaded(municipality):
    return Municipality.objects.get(pk=municipality.pk).requirements_updated


@pytest.mark.django_db
def test_a_new_municipality_without_requirement_facts_has_no_update_date():
    assert MunicipalityFactory().requirements_updated is None


@pytest.mark.django_db
def test_a_new_municipality_with_a_requirement_fact_is_dated_today():
    municipality = MunicipalityFactory(lead_department="福祉政策課")
    assert reloaded(municipality) == timezone.localdate()


@pytest.mark.django_db
def test_saving_without_a_change_keeps_the_date():
    municipality = stored(lead_department="福祉政策課", needs_survey_done=True)
    municipality.save()
    assert reloaded(municipality) == LONG_AGO


@pytest.mark.django_db
def test_changing_another_field_keeps_the_date():
    municipality = stored()
    municipality.website = "https://www.example.lg.jp/"
    municipality.save()
    assert reloaded(municipality) == LONG_AGO


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [
        ("lead_department", "福祉政策課"),
        ("needs_survey_done", False),
        ("needs_survey_year", 2023),
        ("platform_established", True),
        ("platform_name", "ひきこもり支援連絡会"),
        ("family_group_name", "家族会"),
        ("family_group_contact", "042-000-0000"),
    ],
)
def test_changing_a_requirement_fact_dates_it_today(field, value):
    municipality = stored()
    setattr(municipality, field, value)
    municipality.save()
    assert reloaded(municipality) == timezone.localdate()


@pytest.mark.django_db
def test_clearing_a_known_answer_back_to_unknown_is_a_change():
    municipality = stored(platform_established=False)
    municipality.platform_established = None
    municipality.save()
    assert reloaded(municipality) == timezone.localdate()


@pytest.mark.django_db
def test_update_fields_dates_only_the_requirement_fields_it_saves():
    municipality = stored()
    municipality.platform_name = "ひきこもり支援連絡会"
    municipality.save(update_fields=["website"])
    assert reloaded(municipality) == LONG_AGO
    municipality.save(update_fields=["platform_name"])
    assert reloaded(municipality) == timezone.localdate()


@pytest.mark.django_db
def test_a_second_save_after_a_change_does_not_count_it_again():
    municipality = stored()
    municipality.needs_survey_done = True
    municipality.save()
    municipality.requirements_updated = LONG_AGO
    municipality.save()
    assert reloaded(municipality) == LONG_AGO


def test_a_survey_year_contradicts_a_survey_not_done():
    municipality = Municipality(needs_survey_done=False, needs_survey_year=2023)
    with pytest.raises(ValidationError, match="年度を空欄"):
        municipality.clean()


def test_a_survey_year_cannot_be_in_the_future():
    municipality = Municipality(needs_survey_year=timezone.localdate().year + 1)
    with pytest.raises(ValidationError, match="未来の年度"):
        municipality.clean()


def test_a_past_survey_year_with_the_survey_done_is_fine():
    Municipality(needs_survey_done=True, needs_survey_year=2023).clean()
