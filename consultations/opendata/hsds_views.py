"""/data/hsds/: the Open Referral HSDS 3.0 API over the published windows (hsds.py shapes them).

Lists are paged in the spec's Page envelope and take the spec's parameters we can answer, plus the
search page's own filters (data_query.SEARCH_FILTERS); hsds_openapi describes exactly these. A
parameter we do not take, or a value that does not parse, is a 400 naming it; an unknown id a 404.
"""

from django.utils.http import urlencode

from municipalities.models import Municipality
from pagecache.decorators import ALL_PARAMETERS, public_page

from ..models import ConsultationWindow
from . import data_query, hsds, hsds_openapi
from .data_query import SEARCH_FILTERS, BadRequest, check_names, given, matching_windows
from .data_views import bad_request, json_response, not_found
from .hsds import DEFAULT_PER_PAGE, MAX_MINIMAL_PER_PAGE, MAX_PER_PAGE

LIST = ("page", "per_page", "search", "format", *SEARCH_FILTERS)
PARAMETERS = {
    "services": (*LIST, "organization_id", "modified_after", "minimal", "full"),
    "organizations": (*LIST, "full", "full_service"),
    "service_at_locations": (*LIST, "organization_id", "modified_after", "full", "postcode"),
    "organization": ("full_service",),
}


def api(view):
    """A public, cacheable, CORS-readable endpoint whose BadRequest is a 400 problem document."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return bad_request(error)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    # Every parameter reaches the view, which refuses those it does not take.
    return public_page(wrapper, cors=True, query=ALL_PARAMETERS)


def known(request):
    """Ids of what the API publishes, and the municipality names addresses start with.

    HSDS ids are name-based UUIDs, so finding a row by its id needs every id: two small
    queries, once per request (the answer itself is cached as a public page).
    """
    if not hasattr(request, "hsds_known"):
        windows = list(ConsultationWindow.objects.published().values_list("pk", "address"))
        municipalities = list(Municipality.objects.values_list("code", "name"))
        request.hsds_known = {
            "service": {hsds.service_id(pk): pk for pk, _address in windows},
            "service_at_location": {
                hsds.service_at_location_id(pk): pk for pk, address in windows if address
            },
            "organization": {hsds.organization_id(code): code for code, _name in municipalities},
            "places": sorted((name for _code, name in municipalities), key=len, reverse=True),
        }
    return request.hsds_known


def check_format(query):
    if given(query, "format") not in (None, "json"):
        raise BadRequest({"format": "json だけに対応しています（ndjson には対応していません）。"})


def windows_for(request, postal_parameter="postal_code"):
    """The published windows the list's filters select, in the directory's order."""
    query = request.GET
    check_format(query)
    windows = matching_windows(
        query, ConsultationWindow.objects.for_listing(), postal_parameter=postal_parameter
    )
    if terms := data_query.keyword(query):
        windows = windows.matching_keywords(terms)
    return windows


def recent_for_organization(request, windows):
    """The `organization_id` and `modified_after` filters."""
    query = request.GET
    if org := data_query.identifier(query, "organization_id"):
        code = known(request)["organization"].get(org)
        windows = windows.filter(municipality_id=code) if code else windows.none()
    if since := data_query.moment(query, "modified_after"):
        windows = windows.filter(updated_at__gte=since)
    return windows


def one_to_one(windows):
    """List shapes use no opening hours: skip their query."""
    return windows.prefetch_related(None)


def paging(request, default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE):
    query = request.GET
    per_page = data_query.integer(query, "per_page", default, 1, maximum)
    page = data_query.integer(query, "page", 1, 1, 10**9)
    return page, per_page


def paged(request, rows, shape, page, per_page, shape_all=None):
    """The Page envelope for `rows` (a queryset), with first/prev/next/last in a Link header.

    `shape` makes one item; `shape_all`, if given, makes the page's items at once instead.
    """
    total = rows.count()
    start = (page - 1) * per_page
    on_page = list(rows[start : start + per_page])
    contents = shape_all(on_page) if shape_all else [shape(row) for row in on_page]
    document = hsds.page(contents, page, per_page, total)

    def link(number, rel):
        query = request.GET.copy()
        query["page"] = number
        return f'<?{urlencode(sorted(query.lists()), doseq=True)}>; rel="{rel}"'

    links = [link(1, "first"), link(document["total_pages"], "last")]
    if page > 1:
        links.append(link(min(page - 1, document["total_pages"]), "prev"))
    if page < document["total_pages"]:
        links.append(link(page + 1, "next"))
    return json_response(document, links=links)


@api
def root(request):
    check_names(request.GET, ())
    return json_response(hsds.root())


@api
def openapi(request):
    check_names(request.GET, ())
    return json_response(hsds_openapi.document(PARAMETERS, MAX_PER_PAGE, MAX_MINIMAL_PER_PAGE))


@api
def services(request):
    query = request.GET
    check_names(query, PARAMETERS["services"])
    minimal, full = data_query.boolean(query, "minimal"), data_query.boolean(query, "full")
    if minimal and full:
        raise BadRequest({"minimal": "minimal と full は同時には指定できません。"})
    windows = recent_for_organization(request, windows_for(request))
    if minimal:
        page, per_page = paging(request, MAX_MINIMAL_PER_PAGE, MAX_MINIMAL_PER_PAGE)
        return paged(request, one_to_one(windows), hsds.service_minimal, page, per_page)
    page, per_page = paging(request)
    if not full:
        return paged(request, one_to_one(windows), hsds.service_item, page, per_page)
    places = known(request)["places"]
    return paged(request, windows, lambda w: hsds.service_full(w, places), page, per_page)


@api
def service(request, id):
    check_names(request.GET, ())
    pk = known(request)["service"].get(id)
    window = ConsultationWindow.objects.for_listing().filter(pk=pk).first() if pk else None
    if window is None:
        return not_found("この id の service はありません。")
    return json_response(hsds.service_full(window, known(request)["places"]))


@api
def service_at_locations(request):
    query = request.GET
    check_names(query, PARAMETERS["service_at_locations"])
    if given(query, "postcode") and given(query, "postal_code"):
        raise BadRequest({"postcode": "postcode と postal_code は同じ意味です。一方だけを。"})
    postal = "postcode" if given(query, "postcode") else "postal_code"
    windows = recent_for_organization(request, windows_for(request, postal)).exclude(address="")
    page, per_page = paging(request)
    if not data_query.boolean(query, "full"):
        return paged(request, one_to_one(windows), hsds.service_at_location_item, page, per_page)
    places = known(request)["places"]
    return paged(
        request, windows, lambda w: hsds.service_at_location_full(w, places), page, per_page
    )


@api
def service_at_location(request, id):
    check_names(request.GET, ())
    pk = known(request)["service_at_location"].get(id)
    window = ConsultationWindow.objects.for_listing().filter(pk=pk).first() if pk else None
    if window is None:
        return not_found("この id の service_at_location はありません。")
    return json_response(hsds.service_at_location_full(window, known(request)["places"]))


def services_of(request, municipalities, full_service):
    """{code: [services]} for `municipalities`, in the directory's order."""
    places = known(request)["places"]
    shape = (lambda w: hsds.service_full(w, places)) if full_service else hsds.service_item
    by_code = {m.code: [] for m in municipalities}
    windows = ConsultationWindow.objects.for_listing().filter(municipality__in=list(by_code))
    if not full_service:
        windows = one_to_one(windows)
    for window in windows:
        by_code[window.municipality_id].append(shape(window))
    return by_code


@api
def organizations(request):
    """The municipalities (and Tokyo) with a published window that the filters select."""
    query = request.GET
    check_names(query, PARAMETERS["organizations"])
    full = data_query.boolean(query, "full")
    full_service = data_query.boolean(query, "full_service")
    codes = windows_for(request).order_by().values("municipality_id")
    rows = Municipality.objects.filter(code__in=codes).order_by("code")
    page, per_page = paging(request)
    if not full:
        return paged(request, rows, hsds.organization_item, page, per_page)

    def with_services(municipalities):
        services = services_of(request, municipalities, full_service)
        return [hsds.organization_full(m, services[m.code]) for m in municipalities]

    return paged(request, rows, None, page, per_page, shape_all=with_services)


@api
def organization(request, id):
    query = request.GET
    check_names(query, PARAMETERS["organization"])
    full_service = data_query.boolean(query, "full_service")
    code = known(request)["organization"].get(id)
    municipality = Municipality.objects.filter(code=code).first() if code else None
    services = services_of(request, [municipality], full_service) if municipality else {}
    if not services.get(code):
        return not_found("この id の organization はありません（公開中の窓口がありません）。")
    return json_response(hsds.organization_full(municipality, services[code]))
