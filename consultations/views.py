from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from municipalities.codes import is_valid
from municipalities.models import Municipality, Region
from pagecache.decorators import public_page

from .filters import WindowFilter
from .models import ConsultationWindow

RESULTS_PER_PAGE = 50


@public_page
def home(request):
    municipalities = Municipality.objects.local()
    regions = [
        (region.label, [m for m in municipalities if m.region == region]) for region in Region
    ]
    return render(
        request,
        "consultations/home.html",
        {
            "regions": regions,
            "filter": WindowFilter(queryset=ConsultationWindow.objects.none()),
            "support_net": ConsultationWindow.objects.support_net(),
        },
    )


@public_page
def municipality_detail(request, code):
    # Anything but a well-formed code (e.g. a NUL byte, which PostgreSQL refuses) is a plain 404.
    if not is_valid(code):
        raise Http404("地方公共団体コードの形式ではありません。")
    municipality = get_object_or_404(Municipality, code=code)
    windows = ConsultationWindow.objects.for_listing().filter(municipality=municipality)
    return render(
        request,
        "consultations/municipality_detail.html",
        {
            "municipality": municipality,
            "windows": windows,
            "support_net": ConsultationWindow.objects.support_net(),
        },
    )


@public_page
def window_list(request):
    window_filter = WindowFilter(request.GET, queryset=ConsultationWindow.objects.for_listing())
    searched = any(value for value in request.GET.values())
    if window_filter.is_valid():
        page = Paginator(window_filter.qs, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        status = 200
    else:
        page = None
        status = 400
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/window_list.html",
        {
            "filter": window_filter,
            "page": page,
            "searched": searched,
            "query": query.urlencode(),
            "support_net": ConsultationWindow.objects.support_net(),
        },
        status=status,
    )


@public_page
def window_detail(request, pk):
    window = get_object_or_404(ConsultationWindow.objects.for_listing(), pk=pk)
    return render(
        request,
        "consultations/window_detail.html",
        {"window": window, "support_net": ConsultationWindow.objects.support_net()},
    )
