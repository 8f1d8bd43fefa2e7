"""Weekly opening hours: one row per span, and what a window's schedule says on a page."""

import json

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..hours import hours_text, weekly_hours
from ..hours.weekly_hours import clock


class Weekday(models.IntegerChoices):
    """Monday first, as Python's date.weekday() and Japanese schedules count."""

    MONDAY = 0, _("月")
    TUESDAY = 1, _("火")
    WEDNESDAY = 2, _("水")
    THURSDAY = 3, _("木")
    FRIDAY = 4, _("金")
    SATURDAY = 5, _("土")
    SUNDAY = 6, _("日")


def day_range_label(days):
    labels = [Weekday(day).label for day in days]
    if len(labels) == 1:
        return labels[0]
    if len(labels) == 2:
        return gettext("%(first)s・%(second)s") % {"first": labels[0], "second": labels[1]}
    return gettext("%(first)s〜%(last)s") % {"first": labels[0], "last": labels[-1]}


class OpeningHours(models.Model):
    """One weekly span: a weekday or a run of weekdays, open from `opens` to `closes`.

    A lunch break is two rows (月〜金 8:30〜12:00 and 月〜金 13:00〜17:00). The rows are
    written by ConsultationWindow.save from its weekly_hours: change that, not the rows.
    """

    window = models.ForeignKey(
        "consultations.ConsultationWindow",
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name="相談窓口",
    )
    first_day = models.PositiveSmallIntegerField("曜日", choices=Weekday.choices)
    last_day = models.PositiveSmallIntegerField(
        "〜曜日まで",
        choices=Weekday.choices,
        null=True,
        blank=True,
        help_text="月〜金のような範囲の終わり。1つの曜日だけなら空欄。",
    )
    opens = models.TimeField("受付開始")
    closes = models.TimeField("受付終了")

    class Meta:
        verbose_name = "受付時間（曜日ごと）"
        verbose_name_plural = "受付時間（曜日ごと）"
        ordering = ["window", "first_day", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="hours_close_after_open"
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("first_day")),
                name="hours_day_range_in_order",
            ),
        ]

    def __str__(self):
        days = Weekday(self.first_day).label
        if self.last_day is not None and self.last_day != self.first_day:
            days = f"{days}〜{Weekday(self.last_day).label}"
        return f"{days} {clock(self.opens)}〜{clock(self.closes)}"

    def get_absolute_url(self):
        return self.window.get_absolute_url()

    @property
    def days(self):
        last = self.first_day if self.last_day is None else self.last_day
        return range(self.first_day, last + 1)


class WeeklySchedule:
    """The window's schedule as pages and open data show it, read from weekly_hours.

    weekly_hours is the one source of the schedule (proposals, history and reverts carry it);
    the OpeningHours rows are written from it on save, for queries by day. Reading the text
    needs no query.
    """

    def write_opening_hours(self, using):
        """Replace the weekly rows with the spans of weekly_hours (the rows follow the text)."""
        hours = OpeningHours._base_manager.db_manager(using)
        hours.filter(window_id=self.pk).delete()
        hours.bulk_create(
            OpeningHours(window=self, first_day=first, last_day=last, opens=opens, closes=closes)
            for first, last, opens, closes in weekly_hours.spans(self.weekly_hours)
        )
        getattr(self, "_prefetched_objects_cache", {}).pop("opening_hours", None)

    @property
    def weekly_spans(self):
        """(first_day, last_day or None, opens, closes) for each line of weekly_hours."""
        return weekly_hours.spans(self.weekly_hours)

    @property
    def has_schedule(self):
        return bool(self.weekly_hours.strip())

    @property
    def hours_note(self):
        """The free-text 受付時間 as a note to the weekly grid: nothing where it only restates
        the grid (the researched text build_fixtures structured), so pages and leaflets say the
        hours once."""
        if self.has_schedule and self.restates_schedule(hours_text.parse(self.hours)):
            return ""
        return self.hours

    def restates_schedule(self, parsed):
        if parsed is None:
            return False
        grid = weekly_hours.as_text(
            (parsed.first_day, parsed.last_day, opens, closes) for opens, closes in parsed.spans
        )
        return (
            grid == self.weekly_hours.strip()
            and parsed.closed_on_public_holidays in (None, self.closed_on_public_holidays)
            and parsed.closed_year_end in (None, self.closed_year_end)
        )

    @property
    def open_lines(self):
        """schedule_lines without the closed days: a printed line names the days it opens."""
        return [(days, times) for days, times in self.schedule_lines if times]

    def spans_by_day(self):
        """{weekday: [(opens, closes), ...]} for the whole week."""
        spans = {day: [] for day in Weekday.values}
        for first, last, opens, closes in self.weekly_spans:
            for day in range(first, (first if last is None else last) + 1):
                spans[day].append((opens, closes))
        return {day: sorted(times) for day, times in spans.items()}

    @property
    def schedule_lines(self):
        """[(days, hours)] for the whole week, runs of days with the same hours grouped.

        月〜金 8:30〜17:00 / 土・日 None (closed).
        """
        groups = []
        for day, times in self.spans_by_day().items():
            if groups and groups[-1][1] == times:
                groups[-1][0].append(day)
            else:
                groups.append(([day], times))
        return [
            (
                day_range_label(days),
                gettext("、").join(
                    gettext("%(opens)s〜%(closes)s") % {"opens": clock(o), "closes": clock(c)}
                    for o, c in times
                )
                or None,
            )
            for days, times in groups
        ]

    @property
    def schedule_json(self):
        """[[weekday, "HH:MM", "HH:MM"], ...] for static/js/open-now.js."""
        return json.dumps(
            [
                [day, o.strftime("%H:%M"), c.strftime("%H:%M")]
                for day, times in self.spans_by_day().items()
                for o, c in times
            ],
            separators=(",", ":"),
        )
