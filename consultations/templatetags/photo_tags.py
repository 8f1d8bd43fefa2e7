import re

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html

from consultations.models import PHOTO_NAME

register = template.Library()


@register.filter
def review_value(value):
    """A value in a change summary: a counsellor's photo as a link staff can open to see it."""
    if isinstance(value, str) and re.fullmatch(PHOTO_NAME, value):
        return format_html('<a href="{}">{}</a>', reverse("staff-photo", args=[value]), value)
    return linebreaksbr(value, autoescape=True)
