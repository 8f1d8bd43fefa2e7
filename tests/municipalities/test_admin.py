import pytest
from django.contrib import admin
from django.utils import timezone

from municipalities.forms import MUNICIPALITY_FIELDSETS
from municipalities.models import Municipality
from tests.factories import MunicipalityFactory


def change_url(municipality):
    return f"/admin/municipalities/municipality/{municipality.pk}/change/"


def form_data(municipality, **changes):
    data = {
        "code": municipality.code,
        "name": municipality.name,
        "name_kana": municipality.name_kana,
        "name_en": municipality.name_en,
        "kind": municipality.kind,
        "region": municipality.region,
        "district": "",
        "website": "",
        "main_phone": "",
        "contact_source": "",
        "lead_department": "",
        "needs_survey_done": "unknown",
        "needs_survey_year": "",
        "platform_established": "unknown",
        "platform_name": "",
        "family_group_name": "",
        "family_group_contact": "",
        "windows-TOTAL_FORMS": "0",
        "windows-INITIAL_FORMS": "0",
        "windows-MIN_NUM_FORMS": "0",
        "windows-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_the_fieldsets_show_every_editable_field_once():
    shown = []
    for _, options in MUNICIPALITY_FIELDSETS:
        for entry in options["fields"]:
            shown.extend(entry if isinstance(entry, tuple) else [entry])
    editable = [f.name for f in Municipality._meta.fields if f.editable]
    assert sorted(shown) == sorted([*editable, "requirements_updated"])


def test_the_registered_municipality_admin_uses_the_requirements_fieldset():
    fieldsets = admin.site._registry[Municipality].fieldsets
    assert "国の要件・地域の状況" in [title for title, _ in fieldsets]


@pytest.mark.django_db
def test_the_change_page_groups_the_requirements_and_offers_unconfirmed(admin_client):
    html = admin_client.get(change_url(MunicipalityFactory())).content.decode()
    assert "国の要件・地域の状況" in html
    assert '<option value="unknown" selected>未確認</option>' in html


@pytest.mark.django_db
def test_staff_answering_a_requirement_dates_it_today(admin_client):
    municipality = MunicipalityFactory()
    response = admin_client.post(
        change_url(municipality), form_data(municipality, platform_established="true")
    )
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.platform_established is True
    assert municipality.requirements_updated == timezone.localdate()


@pytest.mark.django_db
def test_staff_saving_unchanged_leaves_unknown_as_null_and_undated(admin_client):
    municipality = MunicipalityFactory()
    admin_client.post(change_url(municipality), form_data(municipality))
    municipality.refresh_from_db()
    assert municipality.needs_survey_done is None
    assert municipality.requirements_updated is None


@pytest.mark.django_db
def test_a_year_for_a_survey_not_done_is_refused_with_a_message(admin_client):
    municipality = MunicipalityFactory()
    response = admin_client.post(
        change_url(municipality),
        form_data(municipality, needs_survey_done="false", needs_survey_year="2023"),
    )
    assert response.status_code == 200
    assert "年度を空欄にしてください" in response.content.decode()
