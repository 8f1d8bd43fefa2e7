from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .query import ALL_PARAMETERS, parameters

__all__ = ["ALL_PARAMETERS", "PublicPage", "public_page"]


@dataclass(frozen=True)
class PublicPage:
    max_age: int
    key: Callable | None = None
    cors: bool = False
    # Sorted (name, canonical form) pairs, or ALL_PARAMETERS (pagecache.query).
    query: tuple | None = ()


def calendar_day(request):
    """A key for pages that change with the date alone (a counsellor's card expires with it)."""
    return timezone.localdate().isoformat()


def public_page(view=None, *, max_age=None, key=None, cors=False, query=()):
    """Mark a view as a public page: GET/HEAD only, conditional GET, cached per data version.

    The work is done by ``pagecache.middleware.PublicPageMiddleware``. ``query`` names the query
    parameters the view reads (a name, or a (name, function) pair for a parameter with its own
    canonical form): the view sees only those, in canonical order, and the cache key is made of
    them, so junk, order and repeats make no new page (see ``pagecache.query``). ``key(request)``
    returns a string for anything besides the data and the URL that changes the page (e.g. the
    quarter hour for an "open now" badge); it becomes part of the ETag and the cache key.
    ``cors=True`` lets any site read it (open data): every answer, 304s and errors included,
    carries the CORS headers, and a preflight OPTIONS is answered.
    """

    def mark(view):
        view.public_page = PublicPage(
            max_age=settings.PUBLIC_PAGE_MAX_AGE if max_age is None else max_age,
            key=key,
            cors=cors,
            query=parameters(query),
        )
        return view

    return mark(view) if view is not None else mark
