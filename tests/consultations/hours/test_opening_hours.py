from datetime import date, time

import pytest
from django.db import IntegrityError
from django.utils.html import escape

from consultations.hours.calendar import public_holidays
from consultations.models import OpeningHours
from tests.conftest import PUBLIC_PAGE_QUERIES
from tests.factories import WindowFactory


def add_hours(window, first_day, last_day, opens, closes):
    return OpeningHours.objects.create(
        window=window, first_day=first_day, last_day=last_day, opens=opens, closes=closes
    )


@pytest.fixture
def weekday_window(db):
    # The schedule is the window's weekly_hours; saving writes the rows from it.
    return WindowFactory(
        closed_on_public_holidays=True,
        closed_year_end=None,
        weekly_hours="月〜金 8:30〜12:00\n月〜金 13:00〜17:00\n土 9:00〜12:00",
    )


@pytest.mark.django_db
def test_saving_the_weekly_hours_writes_the_rows(weekday_window):
    rows = OpeningHours.objects.filter(window=weekday_window).order_by("first_day", "opens")
    assert [str(row) for row in rows] == [
        "月〜金 8:30〜12:00",
        "月〜金 13:00〜17:00",
        "土 9:00〜12:00",
    ]


@pytest.mark.django_db
def test_it_groups_the_week_into_runs_of_days_with_the_same_hours(weekday_window):
    assert weekday_window.schedule_lines == [
        ("月〜金", "8:30〜12:00、13:00〜17:00"),
        ("土", "9:00〜12:00"),
        ("日", None),
    ]


@pytest.mark.django_db
def test_it_gives_the_script_one_span_per_day(weekday_window):
    assert weekday_window.schedule_json.startswith('[[0,"08:30","12:00"],[0,"13:00","17:00"],[1,')
    assert weekday_window.schedule_json.endswith('[5,"09:00","12:00"]]')


@pytest.mark.django_db
def test_the_window_page_shows_the_schedule_and_data_for_open_now(client, weekday_window):
    html = client.get(weekday_window.get_absolute_url()).content.decode()
    assert '<span class="schedule-days">月〜金</span> 8:30〜12:00、13:00〜17:00' in html
    assert '<span class="schedule-days">日</span> 休み' in html
    assert 'data-holiday-closed="true" data-year-end-closed="unknown"' in html
    # What open-now.js reads (base.html loads the script itself on every page).
    assert f'data-open-now data-schedule="{escape(weekday_window.schedule_json)}"' in html


@pytest.mark.django_db
def test_unknown_holiday_closures_are_listed_as_not_yet_confirmed(client, weekday_window):
    html = client.get(weekday_window.get_absolute_url()).content.decode()
    assert '<span class="schedule-days">年末年始</span>' not in html
    assert "<li>年末年始の受付</li>" in html


@pytest.mark.django_db
def test_without_structured_hours_the_free_text_stays_and_no_status_is_computed(client):
    window = WindowFactory(hours="月〜金 9:00〜17:00（第3水曜は休み）")
    html = client.get(window.get_absolute_url()).content.decode()
    assert "月〜金 9:00〜17:00（第3水曜は休み）" in html
    assert "data-open-now" not in html


@pytest.mark.django_db
def test_without_any_hours_the_page_lists_them_as_not_yet_confirmed(client):
    window = WindowFactory(hours="")
    html = client.get(window.get_absolute_url()).content.decode()
    assert "<dt>受付時間</dt>" not in html and "<li>受付時間</li>" in html


def test_the_holiday_list_covers_the_coming_year_with_substitute_holidays():
    days = public_holidays(date(2026, 11, 26))
    assert date(2026, 11, 23) not in days
    assert date(2027, 1, 1) in days
    assert date(2027, 3, 22) in days  # 振替休日 for the equinox on a Sunday
    assert days[-1] <= date(2027, 11, 27)


@pytest.mark.django_db
def test_every_page_carries_the_holiday_calendar(client, support_net):
    html = client.get("/").content.decode()
    assert '<div id="jp-holidays" hidden data-from="' in html


@pytest.mark.django_db
def test_closing_before_opening_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError):
        add_hours(WindowFactory(), 0, None, time(17, 0), time(9, 0))


@pytest.mark.django_db
def test_a_day_range_must_run_forwards(db):
    with pytest.raises(IntegrityError):
        add_hours(WindowFactory(), 4, 0, time(9, 0), time(17, 0))


@pytest.mark.django_db
def test_staff_edit_the_hours_inline_on_the_window(admin_client, weekday_window):
    response = admin_client.get(
        f"/admin/consultations/consultationwindow/{weekday_window.pk}/change/"
    )
    assert response.status_code == 200
    assert 'name="opening_hours-0-opens"' in response.content.decode()
    assert 'name="closed_year_end"' in response.content.decode()


@pytest.mark.django_db
def test_a_list_of_windows_with_hours_stays_within_the_public_page_query_budget(
    client, support_net, django_assert_max_num_queries
):
    for _ in range(10):
        WindowFactory(weekly_hours="月〜金 9:00〜17:00")
    with django_assert_max_num_queries(PUBLIC_PAGE_QUERIES):
        response = client.get("/windows/", {"q": "ひきこもり"})
    assert response.context["page"].paginator.count == 11
