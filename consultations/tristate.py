"""Yes, no and unknown: one vocabulary for every place a tri-state fact is written or read.

Unknown is never no: a fact the sources do not state is stored as NULL and written as 未確認
(or ? in the staff overview, where the mark sits in a narrow column). Templates reach these
through the `tri`, `mark` and overview filters.
"""

from django.utils.translation import gettext_lazy as _

# Staff screens, the import/export file and the overview's CSV.
WORDS = {True: "はい", False: "いいえ", None: "未確認"}
# The staff overview's columns (the CSV writes WORDS: spreadsheets read "?" as a wildcard).
CHECK_MARKS = {True: "✓", False: "✗", None: "?"}
# Printed leaflets, as Tokyo's own window tables write them.
LEAFLET_MARKS = {True: "○", False: "×", None: "未確認"}
# Query-string values of a filter on a tri-state fact.
KEYS = {True: "yes", False: "no", None: "unknown"}


def word(value):
    return WORDS[value]


def choices(yes, no, unknown=None):
    """(key, label) pairs for a filter on a tri-state fact, in the order yes, no, unknown."""
    labels = {True: yes, False: no, None: unknown or _("未確認")}
    return [(KEYS[value], labels[value]) for value in (True, False, None)]


def from_key(key):
    """The fact a filter key stands for: True, False or None."""
    return next(value for value, known in KEYS.items() if known == key)
