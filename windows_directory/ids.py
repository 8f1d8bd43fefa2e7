"""Row ids taken from URLs: a number the id columns can hold, or nothing.

DEFAULT_AUTO_FIELD is BigAutoField, so ids are 64-bit on SQLite and PostgreSQL alike. Django
gives no rows for an out-of-range `pk=` lookup, but not for a foreign key (`window_id=`): there
SQLite raises OverflowError and PostgreSQL may refuse the value, a 500 either way. Checking the
id where it enters keeps every query behind it safe.
"""

from django.db import connection


def parse_id(text):
    """`text` as a row id, or None when no row could have it."""
    # int() would also take "+5", " 5", "1_000" and other scripts' digits.
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= connection.ops.integer_field_range("BigAutoField")[1] else None


class IdConverter:
    """`<id:pk>` in a URL: a row id, or the pattern does not match (a 404) before any query."""

    regex = "[0-9]+"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            # The resolver reads ValueError as "this pattern does not match".
            raise ValueError(f"not a row id: {value}")
        return number

    def to_url(self, value):
        return str(value)
