"""The printable pages: /leaflets/, each municipality's leaflet (HTML and PDF), the all-Tokyo
table and printed search results.

Every PDF is a public page like any other: cached per release and data version by pagecache,
with its ETag and 304s (and per day, as a counsellor's card expires with the date). Printed
search results are keyed by their canonical query (pagecache.query): a PDF takes seconds to
render, so the same search asked again, in another order or with junk added, must not render it
again.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from municipalities.models import Municipality, Region
from pagecache.decorators import calendar_day, public_page

from ..filters import WindowFilter
from ..models import ConsultationWindow
from .leaflets import all_tokyo_context, describe_filters, leaflet_contexts, verified_range
from .pdf import html_pdf, leaflets_pdf, pdf_response


@public_page
def index(request):
    municipalities = Municipality.objects.all()
    regions = [
        (region.label, [m for m in municipalities if m.region == region]) for region in Region
    ]
    tokyo = next((m for m in municipalities if m.is_metropolis), None)
    return render(request, "leaflets/index.html", {"regions": regions, "tokyo": tokyo})


@public_page(key=calendar_day)
def leaflet(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    (context,) = leaflet_contexts([municipality])
    return render(request, "leaflets/leaflet.html", context)


@public_page(key=calendar_day)
def leaflet_pdf(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    return pdf_response(leaflets_pdf(leaflet_contexts([municipality])), f"leaflet-{code}.pdf")


@public_page
def all_tokyo(request):
    return render(request, "leaflets/all.html", all_tokyo_context())


@public_page
def all_tokyo_pdf(request):
    pdf = html_pdf("leaflets/all.html", all_tokyo_context())
    return pdf_response(pdf, "leaflets-tokyo-all.pdf")


def _results(request):
    window_filter = WindowFilter(request.GET, queryset=ConsultationWindow.objects.for_listing())
    if not window_filter.is_valid():
        return window_filter, None
    windows = list(window_filter.qs)
    return window_filter, {
        "windows": windows,
        "conditions": describe_filters(window_filter),
        "support_net": ConsultationWindow.objects.support_net(),
        "site_url": settings.SITE_URL + "/",
        "query": request.GET.urlencode(),
        "verified": verified_range(windows),
    }


def _bad_search(request, window_filter):
    return render(
        request,
        "consultations/window_list.html",
        {
            "filter": window_filter,
            "page": None,
            "searched": True,
            "support_net": ConsultationWindow.objects.support_net(),
        },
        status=400,
    )


# The search's filters, as on /windows/ (whose print links carry them).
SEARCH_FILTERS = tuple(WindowFilter.base_filters)


@public_page(query=SEARCH_FILTERS)
def results(request):
    window_filter, context = _results(request)
    if context is None:
        return _bad_search(request, window_filter)
    return render(request, "leaflets/results.html", context)


@public_page(query=SEARCH_FILTERS)
def results_pdf(request):
    window_filter, context = _results(request)
    if context is None:
        return _bad_search(request, window_filter)
    pdf = html_pdf("leaflets/results.html", context)
    return pdf_response(pdf, "windows-search-results.pdf")
