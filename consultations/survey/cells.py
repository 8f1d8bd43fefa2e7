"""One cell of the survey file: how a window's value is written to it and read back.

Each widget turns the spreadsheet's text into the model's value and says in Japanese what is
wrong with a cell it cannot read (はい/いいえ/空欄, codes, phone numbers, readings, dates, labels).
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from import_export import widgets

from municipalities.models import Municipality
from municipalities.phone import normalise_phone

from .. import tristate
from ..dates import parse_day
from ..hours import weekly_hours
from ..models import Tier
from ..readings import to_katakana
from ..spreadsheet import neutralise


def to_cell(value):
    """neutralise(), made reversible: a value starting with an apostrophe gets one more."""
    if isinstance(value, str) and value.startswith("'"):
        return "'" + value
    return neutralise(value)


def from_cell(value):
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TriStateWidget(widgets.Widget):
    """はい / いいえ / blank (未確認): unknown is not No."""

    values = {"はい": True, "いいえ": False, "": None, "未確認": None}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text not in self.values:
            raise ValueError(
                f"「{text}」は使えません。「はい」「いいえ」または空欄（未確認）にしてください。"
            )
        return self.values[text]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else tristate.WORDS[value]


class YesNoWidget(TriStateWidget):
    values = {"はい": True, "いいえ": False}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text not in self.values:
            raise ValueError(f"「{text}」は使えません。「はい」か「いいえ」にしてください。")
        return self.values[text]


class CodeWidget(widgets.Widget):
    """The 6-digit local government code; a spreadsheet may have turned it into a number."""

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            raise ValueError(
                "区市町村コードが空欄です。6桁の地方公共団体コード（例: 131211）を入力してください。"
            )
        if not hasattr(self, "codes"):  # once per import: each resource copies its widgets
            self.codes = set(Municipality.objects.values_list("code", flat=True))
        if code not in self.codes:
            raise ValueError(
                f"区市町村コード「{code}」はありません。6桁の地方公共団体コード（例: 131211）で入力してください。"
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PhoneWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return normalise_phone(cell_text(value))


class ReadingWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return to_katakana(cell_text(value))


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value)


class NumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return None
        if not text.isdigit():
            raise ValueError(f"「{text}」は数字ではありません。半角の整数で入力してください。")
        return int(text)


class DayWidget(widgets.DateWidget):
    """Written as 2027-03-31; read as staff type dates (consultations.dates), or as an XLSX date."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        return parse_day(text) if text else None


class WeeklyHoursWidget(widgets.CharWidget):
    """The weekly hours grid as text, one span a line (月〜金 9:00〜17:00), written back in
    the one spelling the window stores, so lines in another order are no change."""

    def clean(self, value, row=None, **kwargs):
        # Typed in a spreadsheet with a Japanese IME: full-width digits and colons, and ～ or ~
        # for the 〜 the stored text uses.
        text = unicodedata.normalize("NFKC", "" if value is None else str(value))
        try:
            return weekly_hours.as_text(weekly_hours.spans(text.replace("~", "〜")))
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None


class TierWidget(widgets.Widget):
    """The tier by its label, as staff read it; a number (1, 2) is accepted too."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        by_label = {str(label): tier for tier, label in Tier.choices}
        if text in by_label:
            return by_label[text]
        if text.isdigit() and int(text) in Tier.values:
            return int(text)
        raise ValueError(
            f"窓口の種類「{text}」は使えません。"
            + "「"
            + "」か「".join(str(label) for label in Tier.labels)
            + "」にしてください。"
        )

    def render(self, value, obj=None, **kwargs):
        return str(Tier(value).label) if value in Tier.values else ""


class LabelWidget(widgets.Widget):
    """A text choice by its label as staff read it (the stored value is accepted too); blank is
    empty (for 折り返しの電話, 未確認)."""

    def __init__(self, model_field):
        super().__init__()
        self.label = str(model_field.verbose_name)
        self.choices = [(value, str(label)) for value, label in model_field.choices]

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        for stored, label in self.choices:
            if text in (stored, label):
                return stored
        if text in ("", "未確認"):
            return ""
        allowed = "」「".join(label for _stored, label in self.choices)
        raise ValueError(
            f"{self.label}「{text}」は使えません。「{allowed}」または空欄（未確認）にしてください。"
        )

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, "")


def widget_for(model_field):
    if model_field.name == "published":
        return YesNoWidget()
    if model_field.name == "tier":
        return TierWidget()
    if model_field.choices and model_field.get_internal_type() == "CharField":
        return LabelWidget(model_field)
    if model_field.name == "weekly_hours":
        return WeeklyHoursWidget()
    if model_field.name in ("phone", "fax"):
        return PhoneWidget()
    if model_field.name == "name_kana":
        return ReadingWidget()
    if model_field.get_internal_type() == "BooleanField":
        return TriStateWidget()
    if model_field.get_internal_type() == "PositiveSmallIntegerField":
        return NumberWidget()
    if model_field.get_internal_type() == "DateField":
        return DayWidget()
    return TextWidget()
