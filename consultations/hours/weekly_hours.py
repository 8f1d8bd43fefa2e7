"""A window's weekly hours as text, one span a line: 月〜金 9:00〜17:00.

The text is what proposals, the version check, history and reverts compare and restore
(ConsultationWindow.weekly_hours); the OpeningHours rows the public pages read are written
from it. It is canonical (spans sorted, one spelling each), so equal schedules are equal
text and a diff reads as staff typed it.
"""

import re
from datetime import time

from django.core.exceptions import ValidationError

# Fixed Japanese day names: the text is data, not an interface string to translate.
DAY_NAMES = "月火水木金土日"

_LINE = re.compile(
    rf"(?P<first>[{DAY_NAMES}])(?:〜(?P<last>[{DAY_NAMES}]))? "
    r"(?P<oh>\d{1,2}):(?P<om>\d{2})〜(?P<ch>\d{1,2}):(?P<cm>\d{2})"
)


def clock(value):
    return f"{value.hour}:{value.minute:02d}"


def normalised(first_day, last_day, opens, closes):
    """One span with a single day written one way (no range ending where it starts)."""
    return (first_day, None if last_day in (None, first_day) else last_day, opens, closes)


def as_text(spans):
    """The text for (first_day, last_day, opens, closes) spans, in any order."""
    spans = sorted(
        (normalised(*span) for span in spans),
        key=lambda s: (s[0], s[2], s[0] if s[1] is None else s[1], s[3]),
    )
    lines = []
    for first, last, opens, closes in spans:
        days = DAY_NAMES[first] if last is None else f"{DAY_NAMES[first]}〜{DAY_NAMES[last]}"
        lines.append(f"{days} {clock(opens)}〜{clock(closes)}")
    return "\n".join(lines)


def spans(text):
    """The (first_day, last_day, opens, closes) spans of `text`; ValidationError if a line is not one."""
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.fullmatch(line.strip())
        try:
            if not match:
                raise ValueError
            first = DAY_NAMES.index(match["first"])
            last = DAY_NAMES.index(match["last"]) if match["last"] else None
            opens = time(int(match["oh"]), int(match["om"]))
            closes = time(int(match["ch"]), int(match["cm"]))
        except ValueError:
            raise ValidationError(
                f"曜日ごとの受付時間の {number} 行目「{line}」が読めません（例: 月〜金 9:00〜17:00）。"
            ) from None
        if closes <= opens or (last is not None and last < first):
            raise ValidationError(
                f"曜日ごとの受付時間の {number} 行目「{line}」は、終わりが始まりより前です。"
            )
        result.append((first, last, opens, closes))
    return result


def validate(text):
    spans(text)
