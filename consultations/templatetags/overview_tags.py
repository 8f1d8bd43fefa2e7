from django import template

from ..tristate import CHECK_MARKS, WORDS

register = template.Library()


@register.filter
def mark(value):
    """✓ / ✗ / ? for a check's True / False / None; the page gives the word for screen readers."""
    return CHECK_MARKS[value]


@register.filter
def word(value):
    """The check's text alternative: はい / いいえ / 未確認."""
    return WORDS[value]
