from urllib.parse import urlsplit

from django import template

register = template.Library()

UNKNOWN = "未確認"
WEB_SCHEMES = {"http", "https"}


@register.filter
def tri(value, labels="あり,なし"):
    """Yes/No for a known fact, 未確認 for an unknown one (never a silent No)."""
    yes, no = labels.split(",")
    if value is None:
        return UNKNOWN
    return yes if value else no


@register.filter
def tri_class(value):
    return {True: "is-yes", False: "is-no", None: "is-unknown"}[value]


@register.filter
def web_url(value):
    """The URL if it is http(s), else "": a javascript: or data: URL that reached the database
    (the form validator refuses them, raw imports might not) must never become a live link."""
    try:
        parts = urlsplit(str(value or "").strip())
    except ValueError:
        return ""
    return parts.geturl() if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else ""
