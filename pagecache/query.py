"""The canonical query of a public page: what its view sees and what its cache key holds.

Two addresses that ask for the same answer must meet in one cache entry; otherwise every junk
parameter, reordering or repeat is a fresh render, and for a PDF that is seconds of CPU. So a
public page names the parameters it reads (``@public_page(query=...)``) and the others are
dropped, as if the link had not carried them. Dropped rather than refused: a shared link picks
up trackers (``fbclid``, ``utm_source``) on the way, and a 400 would turn a worried parent away
from a page that can answer them. Names are sorted, and so are each name's values, unless the
parameter has a canonical form of its own (the shortlist keeps the resident's order).

The open data's files and API are the exception: they document their parameters and refuse any
other with a 400 naming it (consultations.opendata.data_query), so they take ``ALL_PARAMETERS`` and see
every parameter, in canonical order; a refusal is never cached.
"""

from django.http import QueryDict

# For views that check their parameters themselves and refuse unknown ones with a 400.
ALL_PARAMETERS = None


def parameters(query):
    """``@public_page``'s ``query`` as sorted (name, canonical form) pairs, or ALL_PARAMETERS.

    Each item is a name (its values are sorted) or a (name, function) pair: the function takes
    the parameter's values and returns them in their canonical form (none to drop it).
    """
    if query is ALL_PARAMETERS:
        return ALL_PARAMETERS
    pairs = {(item, sorted) if isinstance(item, str) else tuple(item) for item in query}
    return tuple(sorted(pairs, key=lambda pair: pair[0]))


def canonical(query, declared):
    """`query` (a QueryDict) with only the `declared` parameters, each in its canonical form."""
    forms = dict(declared) if declared is not ALL_PARAMETERS else None
    result = QueryDict(mutable=True)
    for name in sorted(query):
        form = sorted if forms is None else forms.get(name)
        if form is not None and (values := form(query.getlist(name))):
            result.setlist(name, values)
    result._mutable = False
    return result
