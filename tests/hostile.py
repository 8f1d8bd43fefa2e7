"""Hostile strings for any text that staff or an import can put on a page, PDF or export.

Use ``hostile_window(value)`` to put one string in every text field of a window and of its
municipality, then ``assert_inert(html)`` on the page and ``assert_shown_as_text(html, value)``
for the data that must still be visible. Leaflet, PDF and export tests can use the same list.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markupsafe
from django.db import models
from django.utils.html import escape

from consultations.models import ConsultationWindow
from municipalities.models import Municipality
from tests.factories import MunicipalityFactory, WindowFactory

HOSTILE_STRINGS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(document.domain)",
    "</textarea></title><script src=//evil.example/x.js></script>",
    '<a href="javascript:alert(1)">相談はこちら</a>',
    "<style>body{display:none}</style>",
    "{{ request.META }}{% debug %}",
    '=HYPERLINK("https://evil.example","相談")',
    "+81 3-1234-5678",
    "@SUM(1+1)",
    "&lt;b&gt;already escaped&lt;/b&gt;",
]

ACTIVE_URL_SCHEMES = {"javascript", "vbscript", "data", "file"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


def text_field_values(model, value, skip=()):
    """Every editable free-text field of ``model`` set to ``value`` (cut to the field's length)."""
    values = {}
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.CharField | models.TextField)
            and field.editable
            and not field.primary_key
            and not field.choices
            and field.name not in skip
        ):
            values[field.name] = value[: field.max_length] if field.max_length else value
    return values


def hostile_window(value, **overrides):
    """A published window, and its municipality, with ``value`` in every text field.

    Saved through the ORM without validation, as data from a raw import or an old admin would be.
    """
    municipality = MunicipalityFactory(**text_field_values(Municipality, value))
    fields = text_field_values(ConsultationWindow, value) | {"published": True} | overrides
    return WindowFactory(municipality=municipality, **fields)


def make_hostile(instance, value):
    """Put ``value`` in every text field of an existing row (e.g. the Support-Net) and save it."""
    for name, field_value in text_field_values(type(instance), value).items():
        setattr(instance, name, field_value)
    instance.save()
    return instance


class _ActiveContent(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            self.found.append(f"<script> {attrs}")
        if tag in {"style", "iframe", "object", "embed", "base", "meta"} and not (
            tag == "meta" and "http-equiv" not in attrs
        ):
            self.found.append(f"<{tag}> {attrs}")
        for name, attr_value in attrs.items():
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}={attr_value!r}>")
            if name in URL_ATTRIBUTES and attr_value:
                scheme = urlsplit(attr_value.strip()).scheme.lower()
                if scheme in ACTIVE_URL_SCHEMES and not (
                    tag == "img" and attr_value.startswith("data:image/")
                ):
                    self.found.append(f"<{tag} {name}={attr_value!r}>")
        if tag == "img" and not (attrs.get("src") or "").startswith(("/static/", "data:image/")):
            self.found.append(f"<img> {attrs}")


def active_content(html):
    """Scripts, event handlers, inline styles and script URLs in ``html`` (should be none)."""
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_inert(html):
    found = active_content(html)
    assert not found, f"live markup on the page: {found}"


def assert_shown_as_text(html, value):
    # Django templates escape quotes as &quot; and &#x27;; the residents' form widgets, drawn by
    # Jinja2 (consultations.forms), as &#34; and &#39;. Either way the value is text.
    escaped = {escape(value), str(markupsafe.escape(value))}
    assert any(form in html for form in escaped), f"{value!r} is not shown (escaped) on the page"
