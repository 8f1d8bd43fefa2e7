"""Residents' forms render through Jinja2 with the markup Django's own renderer gives."""

import re

import pytest
from django.forms.renderers import DjangoTemplates, Jinja2
from django.http import QueryDict

from consultations.filters import WindowFilter
from consultations.forms import ErrorReportForm, GuideForm, WindowAdminForm


def rendered(form, renderer):
    form.renderer = renderer
    html = "".join(str(field) for field in form)
    # Django's templates leave blank lines between options; the markup is what must agree.
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        lambda: (
            WindowFilter(QueryDict("method=email&who=family&age=30&condition=anonymous_ok")).form
        ),
        lambda: WindowFilter(QueryDict("age=-1")).form,
        lambda: GuideForm({"who": "family", "postal_code": "x"}, municipalities=[]),
        lambda: ErrorReportForm({"what": ""}),
    ],
    ids=["search", "search-with-errors", "guide", "error-report"],
)
def test_the_markup_is_django_s_own(make):
    form = make()
    form.is_valid()
    assert isinstance(form.renderer, Jinja2)
    assert rendered(form, form.renderer) == rendered(make(), DjangoTemplates())


def test_staff_forms_keep_django_templates():
    # Admin widgets (related-object links, the photo input) exist only as Django templates.
    assert not isinstance(WindowAdminForm.default_renderer, Jinja2)
