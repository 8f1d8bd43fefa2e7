"""The staff overview as a table: which rows (✗ or ? on a requirement, the round), their order,
and the column headings that sort it. Plain GET parameters, so the page works without
JavaScript and the CSV takes the same ones.
"""

from dataclasses import dataclass

from django.http import QueryDict

from municipalities.models import Region

from ..models import RoundState
from .overview import Check

# "Worst first" is the first click on a column: ✗, then ?, then ✓; not started before done.
TRI_ORDER = {False: 0, None: 1, True: 2}
ROUND_ORDER = {
    RoundState.NOT_STARTED: 0,
    RoundState.PARTLY: 1,
    RoundState.WAITING: 2,
    RoundState.DONE: 3,
}
REGION_ORDER = {region: index for index, region in enumerate(Region)}

# Answer filters on one requirement; "gap" is the overview's "to follow up".
ANSWERS = {"gap": (False, None), "no": (False,), "unknown": (None,)}
ANSWER_CHOICES = [("gap", "✗ か ?"), ("no", "✗ 満たしていない"), ("unknown", "? 未確認")]
NOT_DONE = "not_done"
ROUND_CHOICES = [(NOT_DONE, "完了していない"), *RoundState.choices]


def code(row):
    return row.municipality.code


def round_rank(row):
    return ROUND_ORDER[row.progress.state] if row.progress else 0


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort: object  # row -> sortable value
    # Counts sort most first on the first click; everything else in its natural order.
    most_first: bool = False


def columns(with_round):
    """The table's columns after the municipality, in order."""
    return [
        Column("region", "地域", lambda row: REGION_ORDER.get(row.municipality.region, 99)),
        *(
            Column(check.value, check.label, lambda row, check=check: TRI_ORDER[row.status(check)])
            for check in Check
        ),
        Column("gaps", "要フォロー", lambda row: row.gaps, most_first=True),
        Column("pending", "承認待ち", lambda row: row.pending_reviews, most_first=True),
        Column("stale", "12か月以上未確認の窓口", lambda row: row.stale_windows, most_first=True),
        *([Column("round", "確認依頼", round_rank)] if with_round else []),
    ]


NAME = Column("name", "区市町村", lambda row: row.municipality.name_kana)
SORT_KEYS = [NAME.key, "code", *(column.key for column in columns(with_round=True))]
SORT_CHOICES = [(key, key) for key in SORT_KEYS] + [(f"-{key}", key) for key in SORT_KEYS]


def keeper(requirement="", answer="", round_state="", **_):
    """The rows a filter keeps (None: all of them)."""
    tests = []
    if requirement:
        allowed = ANSWERS[answer or "gap"]
        tests.append(lambda row: row.status(Check(requirement)) in allowed)
    if round_state:
        states = (
            {RoundState.NOT_STARTED, RoundState.PARTLY, RoundState.WAITING}
            if round_state == NOT_DONE
            else {round_state}
        )
        tests.append(lambda row: row.progress is not None and row.progress.state in states)
    if not tests:
        return None
    return lambda row: all(test(row) for test in tests)


def ordering(sort):
    """(key, descending) for a `sort` parameter; code order by default and to break ties."""
    name = (sort or "code").lstrip("-")
    if name == "code":
        return code, sort.startswith("-") if sort else False
    column = next(c for c in [NAME, *columns(with_round=True)] if c.key == name)
    return (lambda row: (column.sort(row), code(row))), sort.startswith("-")


@dataclass(frozen=True)
class Heading:
    label: str
    query: str
    # aria-sort of the column the table is sorted by, else "".
    sorted: str


def headings(query, sort, with_round):
    """A Heading per column (municipality first): its label and the query that sorts by it."""
    headings = []
    for column in [NAME, *columns(with_round)]:
        first = f"-{column.key}" if column.most_first else column.key
        if sort == column.key:
            target, state = f"-{column.key}", "ascending"
        elif sort == f"-{column.key}":
            target, state = column.key, "descending"
        else:
            target, state = first, ""
        params = QueryDict(query, mutable=True)
        params["sort"] = target
        headings.append(Heading(column.label, params.urlencode(), state))
    return headings
