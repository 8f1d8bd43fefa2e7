"""Read a free-text opening-hours note into weekly spans, only when it cannot mean two things.

The researched data writes hours as short Japanese text. Text in the few plain shapes below
(月〜金 8:30〜17:00（祝日・年末年始を除く）) becomes structured hours at import; anything else
(開庁日, 第3土曜, a prefix naming one method such as "LINE相談:", a trailing remark) is left to
staff and the page shows the text as written.
"""

import re
from dataclasses import dataclass
from datetime import time

DAYS = {"月〜金": (0, 4), "平日": (0, 4), "月〜土": (0, 5), "月〜日": (0, 6)}
_TIME = r"([0-2]?\d):([0-5]\d)"
_SPAN = re.compile(rf"{_TIME}〜{_TIME}")
_SHAPE = re.compile(
    r"(?:電話相談 )?(?P<days>" + "|".join(DAYS) + r") "
    rf"(?P<spans>{_TIME}〜{_TIME}(?:、{_TIME}〜{_TIME})*)"
    r"(?:（(?P<closed>[^（）]+)を除く）)?"
)
# What a "（…を除く）" note may list, and what each item says.
HOLIDAYS = {"祝日", "土日祝", "日祝"}
YEAR_END = {"年末年始", "12/29〜1/3"}
WEEKEND = {"土日", "土日祝"}


@dataclass(frozen=True)
class ParsedHours:
    first_day: int
    last_day: int
    spans: tuple[tuple[time, time], ...]
    closed_on_public_holidays: bool | None
    closed_year_end: bool | None


def parse(text):
    """ParsedHours for text in one of the plain shapes, else None."""
    match = _SHAPE.fullmatch((text or "").strip())
    if not match:
        return None
    first, last = DAYS[match["days"]]
    spans = []
    for h1, m1, h2, m2 in _SPAN.findall(match["spans"]):
        opens, closes = time(int(h1), int(m1)), time(int(h2), int(m2))
        if closes <= opens or (spans and opens < spans[-1][1]):
            return None
        spans.append((opens, closes))
    holidays = year_end = None
    if match["closed"]:
        items = set(match["closed"].split("・"))
        if not items <= HOLIDAYS | YEAR_END | WEEKEND:
            return None
        if items & WEEKEND and last > 4:
            return None  # 月〜土 that also excludes 土: the text contradicts itself.
        holidays = True if items & HOLIDAYS else None
        year_end = True if items & YEAR_END else None
    return ParsedHours(first, last, tuple(spans), holidays, year_end)
