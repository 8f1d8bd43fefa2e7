"""Cells that spreadsheets would run as formulas (CSV/XLSX injection) are written as text."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a formula-looking string with an apostrophe so Excel shows it, never runs it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
