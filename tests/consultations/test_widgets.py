import re

import pytest
from django import forms
from django.utils.translation import get_language, override

from consultations.widgets import PlainCheckboxes, PlainNumberInput, PlainSelect, PlainTextInput

CHOICES = [("", "すべて"), ("131016", "千代田区"), ("x<&>", 'a"b<script>')]


def options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


def test_it_renders_the_same_options_as_djangos_select():
    attrs = {"id": "id_municipality", "aria-describedby": "hint"}
    django = forms.Select(choices=CHOICES).render("municipality", "131016", attrs)
    plain = PlainSelect(choices=CHOICES).render("municipality", "131016", attrs)
    assert options(plain) == options(django)
    assert 'name="municipality"' in plain
    assert 'aria-describedby="hint"' in plain


def test_it_escapes_values_and_labels():
    html = PlainSelect(choices=CHOICES).render("m", None)
    assert "<script>" not in html
    assert 'value="x&lt;&amp;&gt;"' in html


@pytest.mark.django_db
def test_the_search_form_lists_every_municipality_and_keeps_the_choice(client, real_data):
    html = client.get("/windows/?municipality=131016").content.decode()
    select = re.search(r'<select[^>]*name="municipality".*?</select>', html, re.S).group(0)
    assert len(options(select)) == 1 + 63
    assert ("131016", " selected", "千代田区") in options(select)


HOSTILE = '"><script>alert(1)</script>&'


@pytest.mark.parametrize("value", [None, "", "八王子", 45, HOSTILE])
@pytest.mark.parametrize(
    "plain, django",
    [(PlainTextInput, forms.TextInput), (PlainNumberInput, forms.NumberInput)],
)
def test_plain_inputs_write_what_djangos_templates_write(plain, django, value):
    attrs = {"id": "id_q", "aria-describedby": "id_q_helptext", "required": True, "x": False}
    widget_attrs = {"inputmode": "numeric", "maxlength": "100"}
    expected = django(attrs=widget_attrs).render("q", value, attrs)
    assert plain(attrs=widget_attrs).render("q", value, attrs) == expected


@pytest.mark.parametrize("value", [[], ["email"], ["email", HOSTILE]])
def test_plain_checkboxes_write_the_tags_djangos_templates_write(value):
    choices = [("phone", "電話"), ("email", "メール"), (HOSTILE, HOSTILE)]

    class Form(forms.Form):
        plain = forms.MultipleChoiceField(choices=choices, widget=PlainCheckboxes)
        django = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)

    form = Form({"plain": value, "django": value})
    plain_tags = [choice.tag() for choice in form["plain"]]
    django_tags = [choice.tag() for choice in form["django"]]
    assert plain_tags == [tag.replace("django", "plain") for tag in django_tags]
    # The whole widget (labels wrapped around the inputs) is still Django's own.
    assert str(form["plain"]) == str(form["django"]).replace("django", "plain")


class CountingSelect(PlainSelect):
    writes = 0

    def write_options(self):
        type(self).writes += 1
        return super().write_options()


def test_a_select_with_an_options_source_writes_its_options_once_per_source():
    source = tuple(CHOICES)
    CountingSelect.writes = 0
    first = CountingSelect(choices=CHOICES)
    first.options_source = source
    second = CountingSelect(choices=CHOICES)
    second.options_source = source
    a = first.render("municipality", "131016")
    b = second.render("municipality", "")
    assert CountingSelect.writes == 1
    assert ("131016", " selected", "千代田区") in options(a)
    assert ("", " selected", "すべて") in options(b) and " selected" not in b.split("すべて")[1]
    second.options_source = tuple(CHOICES)  # new data: a new source object
    second.render("municipality", None)
    assert CountingSelect.writes == 2


def test_options_written_in_one_language_are_not_served_in_the_other():
    source = object()

    class Labelled(PlainSelect):
        def write_options(self):
            return f'<option value="">{get_language()}</option>'

    widget = Labelled()
    widget.options_source = source
    with override("ja"):
        assert ">ja<" in widget.render("m", None)
    with override("en"):
        assert ">en<" in widget.render("m", None)
