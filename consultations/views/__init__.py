"""Public views, one module per idea; urls.py reaches them through this package."""

from .guide import guide
from .pages import home, municipality_detail, window_detail, window_list
from .reports import report_error, report_thanks

__all__ = [
    "guide",
    "home",
    "municipality_detail",
    "report_error",
    "report_thanks",
    "window_detail",
    "window_list",
]
