from django import template

from ..overview import MARKS, WORDS

register = template.Library()


@register.filter
def mark(value):
    """✓ / ✗ / ? for a check's True / False / None."""
    return MARKS[value]


@register.filter
def word(value):
    """The check's text alternative: はい / いいえ / 未確認."""
    return WORDS[value]
