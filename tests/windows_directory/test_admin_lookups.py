"""A number no column can hold, typed into any admin list's query string, is refused the way
Django refuses a word (a redirect to ?e=1), never a 500 (SQLite raised OverflowError)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from consultations.models import ConsultationWindow, ErrorReport
from tests.factories import WindowFactory
from windows_directory.admin_site import integer_column

# Beyond bigint (the ids), beyond any 64-bit number, and far below.
OUT_OF_RANGE = ["9223372036854775808", "99999999999999999999", "-99999999999999999999"]


def id_lookups(model):
    """The lookups on ids a hand-typed URL may carry for `model`: found from its fields, so a
    new model or foreign key is tested without being listed here."""
    found = {"id__exact", "pk__in"}
    for field in model._meta.get_fields():
        if field.concrete and (field.many_to_one or field.one_to_one):
            target = field.target_field.name
            found |= {field.attname, field.name, f"{field.name}__{target}__exact"}
            found.add(f"{field.name}__in")
        elif field.concrete and field.many_to_many:
            found.add(field.name)
    return sorted(lookup for lookup in found if integer_column(model, lookup) is not None)


CASES = [
    (model, lookup)
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label)
    for lookup in id_lookups(model)
]


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_it_finds_the_lists_and_lookups_that_failed():
    assert {
        ("consultations.ErrorReport", "window_id"),
        ("consultations.WindowRevision", "window__in"),
        ("consultations.ConsultationWindow", "verified_by__id__exact"),
        ("auth.Group", "permissions"),
        ("axes.AccessAttempt", "pk__in"),
    } <= {(model._meta.label, lookup) for model, lookup in CASES}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, lookup", CASES, ids=[f"{m._meta.model_name}-{lookup}" for m, lookup in CASES]
)
def test_an_id_beyond_the_column_is_refused_like_a_bad_lookup(admin_client, model, lookup):
    # A superuser: Django's and django-axes' lists are for them, not for staff roles.
    answers = {
        value: admin_client.get(changelist(model), {lookup: value}) for value in OUT_OF_RANGE
    }
    assert {value: (r.status_code, r.get("Location")) for value, r in answers.items()} == {
        value: (302, f"{changelist(model)}?e=1") for value in OUT_OF_RANGE
    }


@pytest.mark.django_db
@pytest.mark.parametrize("lookup", ["window_id", "window__id__exact", "window__in"])
def test_an_id_in_range_still_filters_the_list(client, metro_staff, adachi, lookup):
    window, other = WindowFactory(municipality=adachi), WindowFactory(municipality=adachi)
    for each in (window, other):
        ErrorReport.objects.create(
            window=each, municipality=adachi, window_name=each.name, what="x"
        )
    client.force_login(metro_staff)
    response = client.get(changelist(ErrorReport), {lookup: str(window.pk)})
    assert [report.window_id for report in response.context["cl"].result_list] == [window.pk]


def test_it_reads_which_column_a_lookup_compares():
    assert integer_column(ErrorReport, "window_id").name == "id"
    assert integer_column(ErrorReport, "window__in").model is ConsultationWindow
    assert integer_column(ErrorReport, "municipality__code__exact") is None
    assert integer_column(ErrorReport, "window__isnull") is None
