from django import template
from django.utils import timezone
from django.utils.html import format_html

from consultations.hours.calendar import HORIZON, public_holidays

register = template.Library()


@register.simple_tag
def holiday_calendar():
    """The coming year's holidays as data for static/js/open-now.js (nothing is shown)."""
    today = timezone.localdate()
    return format_html(
        '<div id="jp-holidays" hidden data-from="{}" data-until="{}" data-dates="{}"></div>',
        today.isoformat(),
        (today + HORIZON).isoformat(),
        " ".join(day.isoformat() for day in public_holidays(today)),
    )
