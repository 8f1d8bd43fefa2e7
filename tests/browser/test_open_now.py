"""static/js/open-now.js: 受付中 / 時間外 from the rendered schedule, in Tokyo time."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from consultations.hours.calendar import public_holidays
from tests.browser.conftest import PHONE

TOKYO = ZoneInfo("Asia/Tokyo")
pytestmark = pytest.mark.browser


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=TOKYO)


def next_working_wednesday(start, holidays):
    day = start + timedelta(days=1)
    while day.weekday() != 2 or day in holidays:
        day += timedelta(days=1)
    return day


def test_the_status_follows_tokyo_time_holidays_and_the_year_end(site, open_context):
    today = timezone.localdate()
    holidays = public_holidays(today)
    wednesday = next_working_wednesday(today, holidays)
    weekday_holiday = next(d for d in holidays if d > today and d.weekday() < 5)
    year_end = next(
        d
        for d in (
            today.replace(month=12, day=30),
            today.replace(year=today.year + 1, month=12, day=30),
        )
        if d > today
    )
    # The browser sits in New York: the script must still use Asia/Tokyo.
    context = open_context(viewport=PHONE, timezone_id="America/New_York")
    cases = [
        # 豊島区 ひきこもり相談窓口: 月〜金 8:30〜16:30, closed on holidays and 12/29–1/3.
        ("/windows/28/", at(wednesday, 10), "受付中"),
        ("/windows/28/", at(wednesday, 16, 30), "時間外"),
        ("/windows/28/", at(weekday_holiday, 10), "時間外"),
        ("/windows/28/", at(year_end, 10), "時間外"),
        # 中野区 すこやか福祉センター: 月〜土 8:30〜17:00, holidays not stated.
        ("/windows/26/", at(weekday_holiday, 10), "今日の受付は未確認（祝日・年末年始）"),
    ]
    seen = [status_at(context, site.url + path, moment) for path, moment, _ in cases]
    assert [text.split("（次の受付")[0] for text in seen] == [expected for _, _, expected in cases]


def status_at(context, url, moment):
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(url)
    status = page.locator(".open-now").first
    status.wait_for(state="visible")
    text = status.text_content()
    page.close()
    return text


def test_out_of_hours_it_says_when_the_window_opens_next(site, open_context):
    today = timezone.localdate()
    holidays = public_holidays(today)
    wednesday = next_working_wednesday(today, holidays)
    friday = wednesday + timedelta(days=2)
    while friday in holidays or friday + timedelta(days=3) in holidays or friday.month == 12:
        friday += timedelta(days=7)
    context = open_context(viewport=PHONE)
    # 豊島区 ひきこもり相談窓口: 月〜金 8:30〜16:30, closed on holidays and 12/29–1/3.
    assert status_at(context, site.url + "/windows/28/", at(wednesday, 7)) == (
        "時間外（次の受付：今日 8:30 から）"
    )
    assert status_at(context, site.url + "/windows/28/", at(friday, 17)) == (
        "時間外（次の受付：月曜 8:30 から）"
    )


def test_the_support_net_box_shows_its_status_too(site, open_context):
    today = timezone.localdate()
    wednesday = next_working_wednesday(today, public_holidays(today))
    page = open_context(viewport=PHONE).new_page()
    page.clock.set_fixed_time(at(wednesday, 11))
    page.goto(site.url + "/municipalities/131202/")
    status = page.locator(".support-net .open-now")
    status.wait_for(state="visible")
    assert status.text_content() == "受付中"


def test_without_javascript_the_schedule_shows_and_the_status_stays_hidden(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site.url + "/windows/28/")
    assert page.locator(".schedule").first.is_visible()
    assert not page.locator(".open-now").first.is_visible()
    context.close()
