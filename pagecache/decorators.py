from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class PublicPage:
    max_age: int
    key: Callable | None = None
    cors: bool = False


def calendar_day(request):
    """A key for pages that change with the date alone (a counsellor's card expires with it)."""
    return timezone.localdate().isoformat()


def public_page(view=None, *, max_age=None, key=None, cors=False):
    """Mark a view as a public page: GET/HEAD only, conditional GET, cached per data version.

    The work is done by ``pagecache.middleware.PublicPageMiddleware``. ``key(request)`` returns a
    string for anything besides the data and the URL that changes the page (e.g. the quarter hour
    for an "open now" badge); it becomes part of the ETag and the cache key. ``cors=True`` lets
    any site read it (open data): every answer, 304s and errors included, carries the CORS
    headers, and a preflight OPTIONS is answered.
    """

    def mark(view):
        view.public_page = PublicPage(
            max_age=settings.PUBLIC_PAGE_MAX_AGE if max_age is None else max_age,
            key=key,
            cors=cors,
        )
        return view

    return mark(view) if view is not None else mark
