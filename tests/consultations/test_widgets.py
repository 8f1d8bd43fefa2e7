import re

import pytest
from django import forms

from consultations.widgets import PlainSelect

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
