"""Public views, one module per idea; urls.py reaches them through this package."""

from .guide import guide
from .memo import memo, memo_pdf
from .pages import home, municipality_detail, window_detail, window_list
from .reports import report_error, report_thanks
from .shortlist import shortlist, shortlist_pdf

__all__ = [
    "guide",
    "home",
    "memo",
    "memo_pdf",
    "municipality_detail",
    "report_error",
    "report_thanks",
    "shortlist",
    "shortlist_pdf",
    "window_detail",
    "window_list",
]
