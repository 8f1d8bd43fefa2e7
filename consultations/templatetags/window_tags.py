from urllib.parse import urlsplit

from django import template
from django.utils.translation import gettext, gettext_noop

register = template.Library()

UNKNOWN = gettext_noop("未確認")
# The answers templates pass to `tri`, listed so makemessages puts them in the catalogue.
ANSWERS = [
    gettext_noop("あり"),
    gettext_noop("なし"),
    gettext_noop("相談できます"),
    gettext_noop("対象外"),
    gettext_noop("できます"),
    gettext_noop("できません"),
    gettext_noop("この窓口で受け付けています"),
    gettext_noop("この窓口では受け付けていません"),
]
WEB_SCHEMES = {"http", "https"}


@register.simple_tag
def unknowns_left(window, first_call=False, who=None):
    """A card's unknown facts but those said just above it: the first-call box says that the
    hours are unknown, the guide's note whether the person described may consult. Listed in
    one sentence, so an English label keeps its capital only at the start ("Hours, cost, …")."""
    facts = window.unknown_facts_besides(who=who or None, hours=bool(first_call))
    return facts[:1] + [mid_sentence(fact) for fact in facts[1:]]


def mid_sentence(label):
    """An English label inside a sentence: Cost → cost; Japanese and acronyms (LINE) stay."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


@register.filter
def tri(value, labels="あり,なし"):
    """Yes/No for a known fact, 未確認 for an unknown one (never a silent No)."""
    yes, no = labels.split(",")
    if value is None:
        return gettext(UNKNOWN)
    return gettext(yes if value else no)


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


@register.filter
def adding(shortlist, pk):
    """The list's `w` value with the window added (a page without a list starts one)."""
    return shortlist.adding(pk) if shortlist else str(pk)


@register.filter
def removing(shortlist, pk):
    return shortlist.removing(pk)
