import functools
from urllib.parse import unquote

import segno
from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from consultations.models import CONDITION_NAMES, Method
from consultations.printing.leaflets import leaflet_flow_text
from consultations.tristate import LEAFLET_MARKS

register = template.Library()

# What each method means for a parent reading a leaflet.
METHOD_HINTS = {Method.IN_PERSON: "窓口で", Method.HOME_VISIT: "ご自宅へ"}

# Line icons on a 24-unit grid; the label beside each icon carries the meaning.
_ICON_PATHS = {
    Method.PHONE: '<path d="M6.5 3h3l1.5 4.5-2 1.5a12 12 0 0 0 6 6l1.5-2 4.5 1.5v3a2 2 0 0 1-2 2A17 17 0 0 1 4.5 5a2 2 0 0 1 2-2z"/>',
    Method.EMAIL: '<rect x="3" y="5.5" width="18" height="13" rx="1.5"/><path d="M3.5 6.5 12 13l8.5-6.5"/>',
    Method.IN_PERSON: '<path d="M4 21V5l8-2v18M12 8h8v13M2.5 21h19M7 8h2M7 12h2M7 16h2M15 12h2M15 16h2"/>',
    Method.HOME_VISIT: '<path d="M3 11.5 12 4l9 7.5M5.5 9.5V20h13V9.5M10 20v-5.5h4V20"/>',
    Method.ONLINE: '<rect x="3" y="4" width="18" height="12" rx="1.5"/><path d="M12 16v4M8 20h8"/>',
    Method.LINE: '<path d="M4 5h16v11H10l-4.5 3.5V16H4z"/>',
    Method.FAX: '<path d="M7 9V3h10v6M5 9h14v9H5zM7 15h10v6H7z"/>',
    Method.CHAT: '<path d="M3 5h13v9H8l-3.5 3v-3H3zM16 9h5v9h-1.5v3L16 18h-5v-4"/>',
    Method.FORM: '<rect x="5" y="3" width="14" height="18" rx="1.5"/><path d="M8 8h8M8 12h8M8 16h5"/>',
}


@register.simple_tag
def method_icon(method):
    """The method's line icon; a method without one prints its label alone."""
    if method not in _ICON_PATHS:
        return ""
    return mark_safe(
        '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" '
        'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">'
        f"{_ICON_PATHS[method]}</svg>"
    )


@register.filter
def leaflet_methods(window):
    """(method, label, hint, offered) for the methods a leaflet shows (Window.shown_methods).

    A printed number is a way to call: 電話 未確認 beside it would read as a contradiction
    (issue 21), so the phone is left out of the list when the number says it all.
    """
    return [
        (method, method.label, METHOD_HINTS.get(method, ""), offered)
        for method, offered in window.shown_methods
        if not (method == Method.PHONE and offered is None and window.phone)
    ]


@register.filter
def leaflet_known_methods(window):
    """The methods a leaflet shows with a yes or no; the unknown ones are in its one sentence."""
    return [method for method in leaflet_methods(window) if method[3] is not None]


@register.simple_tag
def leaflet_unknowns(window):
    """What a leaflet says once, in one sentence, is not confirmed yet (issue 21); a missing
    number has its own line saying whom to call instead. Leaflets are printed in Japanese."""
    with translation.override("ja"):
        return window.unknown_facts_besides(phone=True)


@register.filter
def leaflet_conditions(window):
    """(short label, True/False) for each condition families ask about that the window states.

    Unlike the methods, unknown conditions are left out on paper: five 未確認 a window would
    crowd the numbers off a one-page leaflet, and the window's page lists them all.
    """
    return [
        (label, getattr(window, name))
        for name, label in CONDITION_NAMES.items()
        if getattr(window, name) is not None
    ]


@register.simple_tag
def leaflet_flow(window):
    return leaflet_flow_text(window)


@register.filter
def mark(value):
    """The ○ of Tokyo's window tables for yes, × for no, and 未確認 (never a blank) for unknown."""
    return LEAFLET_MARKS[value]


@register.filter
def display_url(url):
    """The URL as a browser's address bar shows it: percent-encoded Japanese printed as text."""
    return unquote(url)


@register.simple_tag
@functools.lru_cache(maxsize=256)
def qr_code(url):
    """The URL as a QR code, a PNG of 8 pixels a module; its size comes from the stylesheet.

    Not an SVG: WeasyPrint draws an SVG code's hundreds of strokes one by one on every leaflet,
    while it places a PNG whole. Eight pixels a module print sharp at 27 mm and still read when
    a rasteriser scales them down (the tests read them back at 150 dpi).
    """
    image = segno.make_qr(url, error="m").png_data_uri(scale=8)
    return format_html('<img class="qr-code" src="{}" alt="">', image)
