import re

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html

from consultations.models import PHOTO_NAME

register = template.Library()


@register.filter
def review_value(value):
    """A value in a change summary: a counsellor's photo as a thumbnail, a link to it full size.

    The reviewer judges the picture residents will see, not its file name.
    """
    if isinstance(value, str) and re.fullmatch(PHOTO_NAME, value):
        url = reverse("staff-photo", args=[value])
        return format_html(
            '<a href="{}"><img src="{}" alt="相談員の写真（{}）" width="120" loading="lazy"></a>',
            url,
            url,
            value,
        )
    return linebreaksbr(value, autoescape=True)
