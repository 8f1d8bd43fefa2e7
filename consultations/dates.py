"""Dates as Japanese staff type them: year, month, day, in that order.

2027/3/31, 2027-03-31, 2027年3月31日 and 令和9年3月31日 (full-width digits too) are read. The
US 03/31/2027, which Django's default DATE_INPUT_FORMATS accepted, is refused rather than
guessed: 03/04/2027 is 4 March to Django and 3 April to anyone pasting a European date. Used by
the admin's date fields and the survey file's date cells; settings.DATE_INPUT_FORMATS drops the
US shapes for any other date field.
"""

import datetime
import re
import unicodedata

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models

EXAMPLES = "2027/3/31、2027-03-31、2027年3月31日"
ORDER = f"日付は {EXAMPLES} のように年・月・日の順で入れてください"

# 令和 began on 2019-05-01; 令和元年 is its first year.
REIWA_START = 2018
YEAR_MONTH_DAY = re.compile(
    r"(?:(?P<year>\d{4})|令和(?P<reiwa>\d{1,2}|元))\s*[-/年]\s*(?P<month>\d{1,2})\s*[-/月]\s*"
    r"(?P<day>\d{1,2})\s*日?"
)
DAY_FIRST = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


def parse_day(text):
    """The date `text` names, or ValueError with a message for staff that shows an example."""
    typed = str(text).strip()
    folded = unicodedata.normalize("NFKC", typed)
    match = YEAR_MONTH_DAY.fullmatch(folded)
    if match is None:
        if DAY_FIRST.fullmatch(folded):
            raise ValueError(f"{ORDER}（「{typed}」は読めません）。")
        raise ValueError(f"「{typed}」は日付として読めません。{ORDER}。")
    if match["year"]:
        year = int(match["year"])
    else:
        year = REIWA_START + (1 if match["reiwa"] == "元" else int(match["reiwa"]))
    try:
        day = datetime.date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueError(
            f"「{typed}」という日はありません。月と日を確かめてください（例：{EXAMPLES}）。"
        ) from None
    if match["reiwa"] and day < datetime.date(2019, 5, 1):
        raise ValueError(
            f"「{typed}」は令和が始まる前の日です。西暦で入れてください（例：{EXAMPLES}）。"
        )
    return day


class JapaneseDateField(forms.DateField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_day(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


# For a ModelAdmin's formfield_overrides: every date field of the model, with the admin's
# calendar widget kept.
JAPANESE_DATES = {models.DateField: {"form_class": JapaneseDateField, "widget": AdminDateWidget}}
