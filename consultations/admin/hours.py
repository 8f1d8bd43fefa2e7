"""The weekly hours grid on a window's change form."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from ..hours import weekly_hours
from ..models import (
    OpeningHours,
)

HOURS_FIELDS = ("first_day", "last_day", "opens", "closes")


class WeeklyHoursFormSet(BaseInlineFormSet):
    """The hours grid writes the window's weekly_hours; the window's own save writes the rows.

    So a change of hours is a change of the window: held for review, refused from a stale
    form, recorded in history and undone by a revert, like every other field.
    """

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        if initial and not self.is_bound:
            # Rows shown from a proposal rather than from the database (see get_formset_kwargs).
            self.extra = len(initial)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self.instance.weekly_hours = weekly_hours.as_text(
            tuple(form.cleaned_data.get(name) for name in HOURS_FIELDS)
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        )

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = WeeklyHoursFormSet
    fields = HOURS_FIELDS
    extra = 0
    verbose_name_plural = "受付時間（曜日ごと）: 空なら住民には「未確認」と表示されます"
