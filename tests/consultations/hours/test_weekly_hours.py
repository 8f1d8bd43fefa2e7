from datetime import time

import pytest
from django.core.exceptions import ValidationError

from consultations.hours import weekly_hours
from consultations.models import ConcurrentEditError, ConsultationWindow, OpeningHours
from tests.factories import WindowFactory

LUNCH_BREAK = "月〜金 8:30〜12:00\n月〜金 13:00〜17:00\n土 9:00〜12:00"


def rows(window):
    return [
        (row.first_day, row.last_day, row.opens, row.closes)
        for row in OpeningHours.objects.filter(window_id=window.pk).order_by("first_day", "opens")
    ]


def test_the_text_is_one_sorted_line_per_span():
    spans = [
        (5, None, time(9), time(12)),
        (0, 4, time(13), time(17)),
        (0, 4, time(8, 30), time(12)),
    ]
    assert weekly_hours.as_text(spans) == LUNCH_BREAK


def test_a_one_day_range_is_written_as_the_day():
    assert weekly_hours.as_text([(2, 2, time(9), time(17))]) == "水 9:00〜17:00"


def test_the_text_reads_back_into_the_same_spans():
    assert weekly_hours.as_text(weekly_hours.spans(LUNCH_BREAK)) == LUNCH_BREAK


@pytest.mark.parametrize(
    "text", ["月〜金 9時〜17時", "月〜金 17:00〜9:00", "金〜月 9:00〜17:00", "月〜金 25:00〜26:00"]
)
def test_text_that_is_not_a_schedule_is_refused(text):
    with pytest.raises(ValidationError):
        weekly_hours.spans(text)


@pytest.mark.django_db
def test_a_new_window_gets_the_rows_of_its_weekly_hours():
    window = WindowFactory(weekly_hours=LUNCH_BREAK)
    assert rows(window) == weekly_hours.spans(LUNCH_BREAK)


@pytest.mark.django_db
def test_changing_the_weekly_hours_replaces_the_rows_in_the_same_save():
    window = WindowFactory(weekly_hours=LUNCH_BREAK)
    window.weekly_hours = "月〜金 9:00〜17:00"
    window.save()
    assert rows(window) == [(0, 4, time(9), time(17))]
    assert ConsultationWindow.objects.get(pk=window.pk).schedule_lines[0] == (
        "月〜金",
        "9:00〜17:00",
    )


@pytest.mark.django_db
def test_a_save_that_leaves_the_hours_alone_leaves_the_rows_alone():
    window = WindowFactory(weekly_hours=LUNCH_BREAK)
    before = list(OpeningHours.objects.filter(window=window).values_list("pk", flat=True))
    window.phone = "03-2222-2222"
    window.save()
    window.save(update_fields=["phone"])
    assert list(OpeningHours.objects.filter(window=window).values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_a_stale_copy_changes_no_rows():
    window = WindowFactory(weekly_hours=LUNCH_BREAK)
    stale = ConsultationWindow.objects.get(pk=window.pk)
    ConsultationWindow.objects.get(pk=window.pk).save()
    stale.weekly_hours = ""
    with pytest.raises(ConcurrentEditError):
        stale.save()
    assert rows(window) == weekly_hours.spans(LUNCH_BREAK)


@pytest.mark.django_db
def test_the_committed_fixtures_carry_each_windows_rows_as_its_text(real_data):
    windows = ConsultationWindow.objects.prefetch_related("opening_hours")
    assert windows.exclude(weekly_hours="").exists()
    for window in windows:
        spans = [(r.first_day, r.last_day, r.opens, r.closes) for r in window.opening_hours.all()]
        assert window.weekly_hours == weekly_hours.as_text(spans), window.pk
