from django import template

register = template.Library()

UNKNOWN = "未確認"


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
