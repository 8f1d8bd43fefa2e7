"""Pages of search results, counted only when they need to be."""

from django.core.paginator import Paginator


class ResultPaginator(Paginator):
    """A Paginator whose first page costs one query when it holds every result.

    Most searches fit on their first page. Fetching one row past it tells whether there are
    more: if not, the rows fetched are the count, and the COUNT query (a scan of every matching
    window; at national scale the costliest query of a keyword search) is never sent. Later
    pages, and a first page with more behind it, are counted as Paginator counts them.
    """

    def get_page(self, number):
        if not _means_first_page(number):
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            # count is a cached_property: this sets the value Paginator would have computed.
            self.count = len(rows)
        return self._get_page(rows[: self.per_page], 1, self)


def _means_first_page(number):
    """Whether Paginator.get_page answers `number` with the first page whatever the count: no
    number, one that is not a number, or 1 (0 and below mean the last page)."""
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return True
