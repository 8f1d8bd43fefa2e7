from datetime import time

import pytest

from consultations.hours.hours_text import parse
from consultations.models import ConsultationWindow


def test_it_reads_weekdays_hours_and_both_closures():
    parsed = parse("月〜金 8:30〜17:00（祝日・年末年始を除く）")
    assert (parsed.first_day, parsed.last_day) == (0, 4)
    assert parsed.spans == ((time(8, 30), time(17, 0)),)
    assert (parsed.closed_on_public_holidays, parsed.closed_year_end) == (True, True)


def test_it_reads_a_lunch_break_as_two_spans():
    parsed = parse("月〜金 8:30〜12:00、13:00〜17:00")
    assert parsed.spans == ((time(8, 30), time(12, 0)), (time(13, 0), time(17, 0)))


def test_without_a_closure_note_the_closures_stay_unknown():
    parsed = parse("月〜土 8:30〜17:00")
    assert (parsed.closed_on_public_holidays, parsed.closed_year_end) == (None, None)


def test_a_closure_note_without_the_year_end_leaves_it_unknown():
    assert parse("月〜金 8:30〜17:00（土日・祝日を除く）").closed_year_end is None


@pytest.mark.parametrize(
    "text",
    [
        "開庁日 9:00〜16:00（12:00〜13:00を除く）。来庁前に電話予約を推奨",
        "LINE相談: 月〜金 8:30〜17:00（祝日を除く）",
        "月〜金 8:30〜17:00（祝日・年末年始を除く）。メールは24時間受付",
        "月〜水 9:00〜17:00（木・金は市教育相談センターで受付）",
        "8:30〜12:00、13:00〜17:00（土日祝・年末年始を除く）",
        "月〜土 9:00〜17:00（土日祝を除く）",
        "月〜金 17:00〜9:00",
        "",
    ],
)
def test_anything_that_could_mean_two_things_is_left_as_text(text):
    assert parse(text) is None


@pytest.mark.django_db
def test_the_import_gives_the_support_net_its_weekly_hours(real_data):
    support_net = ConsultationWindow.objects.support_net()
    assert support_net.schedule_lines[0] == ("月〜金", "10:00〜17:00")
    assert support_net.closed_on_public_holidays is True
    assert support_net.closed_year_end is True


@pytest.mark.django_db
def test_the_import_leaves_unclear_hours_unstructured(real_data):
    window = ConsultationWindow.objects.get(hours__startswith="開庁日")
    assert not window.opening_hours.exists()
    assert window.closed_on_public_holidays is None
