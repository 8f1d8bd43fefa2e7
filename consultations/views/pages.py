"""The public pages: home, a municipality, a window, and the search."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from municipalities.codes import is_valid
from municipalities.models import Municipality, Region
from pagecache.decorators import calendar_day, public_page

from ..filters import WindowFilter
from ..first_call import LocalWindows, first_call
from ..forms import ErrorReportForm, GuideForm
from ..models import ConsultationWindow, verified_within_a_year
from ..shortlist import LIST_PARAMETER, PARAMETER, Shortlist
from .answers import place_notes, postal_box_answer, typed_place
from .paging import ResultPaginator

# A page of full cards is long on a phone; more than this is for the next page.
RESULTS_PER_PAGE = 20
# What the search page reads: the filters, a postal code typed into its box, the page number.
SEARCH_PARAMETERS = (*WindowFilter.base_filters, "postal_code", "page", LIST_PARAMETER)


@public_page(query=("postal_code",))
def home(request):
    if "postal_code" in request.GET:
        return postal_box_answer(request, request.GET["postal_code"])
    municipalities = list(Municipality.objects.in_prefecture().local())
    support_net = ConsultationWindow.objects.support_net()
    return render(
        request,
        "consultations/home.html",
        {
            "regions": [
                (region.label, [m for m in municipalities if m.region == region])
                for region in Region
            ],
            "guide_form": GuideForm(municipalities=municipalities),
            "support_net": support_net,
            "support_net_call": first_call(None, [], support_net),
        },
    )


@public_page(key=calendar_day, query=(LIST_PARAMETER,))
def municipality_detail(request, code):
    # Anything but a well-formed code (e.g. a NUL byte, which PostgreSQL refuses) is a plain 404.
    if not is_valid(code):
        raise Http404("地方公共団体コードの形式ではありません。")
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404("この地方公共団体コードの区市町村はありません。")
    windows = ConsultationWindow.objects.for_listing().filter(municipality=municipality)
    support_net = ConsultationWindow.objects.support_net()
    return render(
        request,
        "consultations/municipality_detail.html",
        {
            "municipality": municipality,
            "local": LocalWindows(municipality, list(windows), support_net),
            "support_net": support_net,
            "shortlist": Shortlist.from_query(request.GET),
        },
    )


@public_page(key=calendar_day, query=SEARCH_PARAMETERS)
def window_list(request):
    if "postal_code" in request.GET:
        return postal_box_answer(request, request.GET["postal_code"])
    # Residents type postal codes and municipality names into whatever box they see first.
    if answer := typed_place(request, request.GET.get("q", "")):
        return answer
    window_filter = WindowFilter(request.GET, queryset=ConsultationWindow.objects.for_listing())
    page = places = None
    support_net = ConsultationWindow.objects.support_net()
    if window_filter.is_valid():
        page = ResultPaginator(window_filter.qs, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        places = place_notes(window_filter.form.cleaned_data.get("q") or "")
    searched = any(value for name, value in request.GET.items() if name != PARAMETER)
    query = request.GET.copy()
    query.pop("page", None)
    # The shortlist rides along in the page's own links, not in the search's CSV or print links.
    query.pop(PARAMETER, None)
    return render(
        request,
        "consultations/window_list.html",
        {
            "filter": window_filter,
            "page": page,
            "searched": searched,
            # On a phone the results come first and the filters fold away; they stay open
            # until there is a search with results to show.
            "filters_open": not (searched and page and page.object_list),
            "query": query.urlencode(),
            # What the keyword box above the results carries along: every other condition.
            "kept": [(name, value) for name, vs in query.lists() if name != "q" for value in vs],
            "places": places,
            "results": ResultGroups(page.object_list if page else [], support_net),
            "conditions": window_filter.active_conditions() if page else [],
            "support_net": support_net,
            "shortlist": Shortlist.from_query(request.GET),
        },
        status=200 if page is not None else 400,
    )


class ResultGroups:
    """A page of results as a phone shows them: local windows, then Tokyo-wide ones, with the
    Support-Net's own services named under it rather than as cards of their own."""

    def __init__(self, windows, support_net):
        self.local = [w for w in windows if not w.is_tokyo_wide]
        tokyo_wide = [w for w in windows if w.is_tokyo_wide]
        self.services = [
            w for w in tokyo_wide if support_net and not w.is_general and w.pk != support_net.pk
        ]
        self.tokyo_wide = [w for w in tokyo_wide if w not in self.services]
        # The Support-Net among the results is its one appearance on the page.
        self.has_support_net = support_net is not None and support_net in self.tokyo_wide


# Keyed by the day too: the message card expires and the year since the last confirmation
# runs out with the date.
@public_page(key=calendar_day, query=(LIST_PARAMETER,))
def window_detail(request, pk):
    window = get_object_or_404(ConsultationWindow.objects.for_listing(), pk=pk)
    return render_window(request, window, ErrorReportForm())


def render_window(request, window, report_form, status=200, report_notice=""):
    support_net = ConsultationWindow.objects.support_net()
    return render(
        request,
        "consultations/window_detail.html",
        {
            "window": window,
            "not_verified_lately": not verified_within_a_year(
                window.last_verified, timezone.localdate()
            ),
            "instead": None if window.phone else number_instead(window, support_net),
            "support_net": support_net,
            "report_form": report_form,
            "report_notice": report_notice,
            "shortlist": Shortlist.from_query(request.GET),
        },
        status=status,
    )


def number_instead(window, support_net):
    """For a window without a number: the first one its municipality (or Tokyo) offers."""
    others = ConsultationWindow.objects.for_listing().filter(municipality=window.municipality_id)
    local = LocalWindows(window.municipality, list(others.exclude(pk=window.pk)))
    return local.first_call or first_call(None, [], support_net)
