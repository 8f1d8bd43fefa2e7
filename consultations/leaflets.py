"""Printable leaflets: one A4 page per municipality, the all-Tokyo table and printed search results.

Every PDF is the HTML of the matching screen view laid out by WeasyPrint, so browser printing and the
PDF share one template and one print stylesheet (static/css/leaflet.css).
"""

import functools
import hashlib
import logging
import mimetypes
from collections import defaultdict
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from municipalities.models import TOKYO_CODE, Municipality, Region
from pagecache.decorators import public_page

from .filters import WindowFilter
from .first_call import Kind, LocalWindows
from .models import ConsultationWindow

logger = logging.getLogger(__name__)

# Denser layouts shrink type and spacing, and the last puts the windows in two columns; a leaflet
# that still overflows prints on two pages rather than losing text.
DENSITIES = range(5)

# A leaflet's height in printed lines, roughly: the base lines of a window block and of the
# Support-Net block, and how many characters fill a line of Japanese text or of a URL. The
# steps, tuned on the real data, pick the density the PDF settles on, so the HTML view (browser
# printing) starts from the same layout.
WINDOW_LINES = 8
SUPPORT_NET_LINES = 7
SWITCHBOARD_LINES = 3
TEXT_PER_LINE = 40
NAME_PER_LINE = 25
URL_PER_LINE = 80
DENSITY_STEPS = (24, 31, 33, 50)

# Files whose content shapes a rendered PDF; a change to any of them must miss the cache.
DESIGN_FILES = [
    "templates/base_print.html",
    "templates/leaflets/leaflet.html",
    "templates/leaflets/all.html",
    "templates/leaflets/results.html",
    "templates/leaflets/includes/leaflet_sheet.html",
    "templates/leaflets/includes/support_net.html",
    "templates/leaflets/includes/verified.html",
    "templates/leaflets/batch.html",
    "static/css/leaflet.css",
    "static/css/leaflet-screen.css",
    "consultations/leaflets.py",
    "consultations/templatetags/leaflet_tags.py",
]


# Data for the templates


def _lines(text, per_line=TEXT_PER_LINE):
    return -(-len(text) // per_line)


def _window_lines(window, support_net):
    texts = [
        window.hours,
        window.address,
        window.residency,
        window.fee,
        window.support_description,
        window.message,
    ]
    return (
        WINDOW_LINES
        + _lines(window.name, NAME_PER_LINE)
        - 1
        + sum(_lines(text) for text in texts)
        + _lines(window.url, URL_PER_LINE)
        + bool(window.email or window.fax)
        + bool(window.department or window.operator)
        + bool(window.support_net_visit and support_net)
        + 2 * window.is_general
    )


def leaflet_density(windows, support_net, switchboard=False):
    lines = SUPPORT_NET_LINES if support_net else 0
    lines += sum(_window_lines(window, support_net) for window in windows)
    lines += SWITCHBOARD_LINES * switchboard
    return sum(lines > step for step in DENSITY_STEPS)


def verified_range(windows):
    """(oldest, newest, some_unverified) over the windows a page shows."""
    dates = sorted(w.last_verified for w in windows if w.last_verified)
    return {
        "oldest": dates[0] if dates else None,
        "newest": dates[-1] if dates else None,
        "some_unverified": len(dates) < len(windows),
    }


def leaflet_context(municipality, windows, support_net):
    if municipality.is_metropolis:
        support_net = None
    local = LocalWindows(municipality, windows, support_net)
    # One page says where to go: general windows and the switchboard print only where no
    # hikikomori window has a number of its own (the municipality page lists them all).
    call = local.first_call
    reachable = call is not None and call.kind == Kind.HIKIKOMORI
    windows = local.hikikomori if reachable else windows
    switchboard = bool(municipality.main_phone) and not reachable
    shown = [*windows, support_net] if support_net else list(windows)
    return {
        "municipality": municipality,
        "windows": windows,
        "has_hikikomori_window": bool(local.hikikomori),
        "show_switchboard": switchboard,
        "support_net": support_net,
        "page_url": settings.SITE_URL + municipality.get_absolute_url(),
        "site_url": settings.SITE_URL + "/",
        "verified": verified_range(shown),
        "density": leaflet_density(windows, support_net, switchboard),
    }


def leaflet_contexts(municipalities):
    """Contexts for several leaflets in three queries, in the order given."""
    municipalities = list(municipalities)
    windows = defaultdict(list)
    codes = [m.code for m in municipalities]
    for window in ConsultationWindow.objects.for_listing().filter(municipality_id__in=codes):
        windows[window.municipality_id].append(window)
    support_net = ConsultationWindow.objects.support_net()
    return [leaflet_context(m, windows[m.code], support_net) for m in municipalities]


def all_tokyo_context():
    windows = defaultdict(list)
    for window in ConsultationWindow.objects.for_listing().local():
        windows[window.municipality_id].append(window)
    municipalities = Municipality.objects.local()
    regions = [
        (region.label, [(m, windows[m.code]) for m in municipalities if m.region == region])
        for region in Region
    ]
    support_net = ConsultationWindow.objects.support_net()
    every_window = [w for rows in windows.values() for w in rows]
    return {
        "regions": regions,
        "support_net": support_net,
        "site_url": settings.SITE_URL + "/",
        "verified": verified_range(every_window),
        "window_count": len(every_window),
    }


def describe_filters(window_filter):
    """The search conditions as (label, value) pairs, in the words the search form uses."""
    described = []
    for name, field in window_filter.form.fields.items():
        value = window_filter.form.cleaned_data.get(name)
        if value in (None, "", []):
            continue
        if isinstance(field, forms.ModelChoiceField):
            text = str(value)
        elif isinstance(field, forms.ChoiceField):
            labels = dict(field.choices)
            text = "・".join(
                str(labels.get(v, v)) for v in (value if isinstance(value, list) else [value])
            )
        elif name == "age":
            text = f"{value}歳"
        else:
            text = str(value)
        described.append((field.label, text))
    return described


# PDF rendering


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Read /static/ from the staticfiles finders (or collected files); fetch nothing else.

        PDFs then render without collectstatic and never touch the network.
        """

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = urlsplit(url).path
            prefix = urlsplit(settings.STATIC_URL).path
            if not path.startswith(prefix):
                raise ValueError(f"Leaflets load only static files, not {url}")
            name = path.removeprefix(prefix)
            try:
                filename = finders.find(name) or staticfiles_storage.path(name)
            except (SuspiciousFileOperation, NotImplementedError) as error:
                raise ValueError(f"No static file for {url}") from error
            with open(filename, "rb") as f:
                body = f.read()
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesFetcher


def _document(html):
    from weasyprint import HTML

    fetcher = _fetcher_class()(fail_on_errors=True)
    return HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher).render()


def _lay_out_leaflets(contexts):
    """Lay out leaflets in one document; return it and each leaflet's pages."""
    html = render_to_string("leaflets/batch.html", {"leaflets": contexts})
    document = _document(html)
    index = {f"leaflet-{c['municipality'].code}": i for i, c in enumerate(contexts)}
    pages = [[] for _ in contexts]
    owner = 0
    for page in document.pages:
        owner = next((index[a] for a in page.anchors if a in index), owner)
        pages[owner].append(page)
    return document, pages


def leaflet_pages(contexts):
    """Each leaflet's pages, at the roomiest density that fits it on one A4 page."""
    contexts = list(contexts)
    result = [None] * len(contexts)
    pending = list(range(len(contexts)))
    documents = []
    while pending:
        document, pages = _lay_out_leaflets([contexts[i] for i in pending])
        documents.append(document)
        retry = []
        for i, leaflet in zip(pending, pages, strict=True):
            density = contexts[i]["density"]
            if len(leaflet) == 1 or density == DENSITIES[-1]:
                if len(leaflet) > 1:
                    logger.warning(
                        "Leaflet %s needs %d pages even at the densest layout",
                        contexts[i]["municipality"].code,
                        len(leaflet),
                    )
                result[i] = leaflet
            else:
                contexts[i] = {**contexts[i], "density": density + 1}
                retry.append(i)
        pending = retry
    return documents[0], result


def leaflets_pdf(contexts):
    document, pages = leaflet_pages(contexts)
    return document.copy([page for leaflet in pages for page in leaflet]).write_pdf()


def html_pdf(template, context):
    return _document(render_to_string(template, context)).write_pdf()


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


# Cache: a leaflet's PDF is kept until the data it shows changes. Each leaflet has one entry,
# stored with a fingerprint of that data: the rows themselves (a handful of windows and
# municipalities, hashed in a millisecond), so edits through admin, bulk updates and fixture loads
# all count, plus the design files and SITE_URL. A request whose fingerprint differs renders afresh
# and replaces the entry: a stale PDF is never served, nothing is invalidated by hand, and the
# cache holds at most one PDF per municipality plus the all-Tokyo list (about 64 x 0.35 MB).
# The per-process cache of rendered public pages holds them; each gunicorn worker renders a
# leaflet once. Search-result PDFs are not cached: their query strings are unbounded and rarely
# repeat.


@functools.cache
def design_version():
    digest = hashlib.sha256()
    for name in DESIGN_FILES:
        digest.update((settings.BASE_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(municipalities, windows):
    """A digest of every row a PDF is made from (two queries)."""
    rows = (
        design_version(),
        settings.SITE_URL,
        list(municipalities.order_by("pk").values_list()),
        list(windows.order_by("pk").values_list()),
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def cached_pdf(key, version, render_pdf):
    cache = caches[settings.PUBLIC_PAGE_CACHE]
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    pdf = render_pdf()
    cache.set(key, (version, pdf), timeout=None)
    return pdf


# Views


@public_page
def index(request):
    municipalities = Municipality.objects.all()
    regions = [
        (region.label, [m for m in municipalities if m.region == region]) for region in Region
    ]
    tokyo = next((m for m in municipalities if m.is_metropolis), None)
    return render(request, "leaflets/index.html", {"regions": regions, "tokyo": tokyo})


@public_page
def leaflet(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    (context,) = leaflet_contexts([municipality])
    return render(request, "leaflets/leaflet.html", context)


def leaflet_pdf(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    version = fingerprint(
        Municipality.objects.filter(pk=municipality.pk),
        ConsultationWindow.objects.filter(municipality_id__in=[municipality.pk, TOKYO_CODE]),
    )
    pdf = cached_pdf(
        f"leaflet-pdf:{municipality.pk}",
        version,
        lambda: leaflets_pdf(leaflet_contexts([municipality])),
    )
    return pdf_response(pdf, f"leaflet-{code}.pdf")


@public_page
def all_tokyo(request):
    return render(request, "leaflets/all.html", all_tokyo_context())


def all_tokyo_pdf(request):
    version = fingerprint(Municipality.objects.all(), ConsultationWindow.objects.all())
    pdf = cached_pdf(
        "leaflet-all-pdf", version, lambda: html_pdf("leaflets/all.html", all_tokyo_context())
    )
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


@public_page
def results(request):
    window_filter, context = _results(request)
    if context is None:
        return _bad_search(request, window_filter)
    return render(request, "leaflets/results.html", context)


def results_pdf(request):
    window_filter, context = _results(request)
    if context is None:
        return _bad_search(request, window_filter)
    pdf = html_pdf("leaflets/results.html", context)
    return pdf_response(pdf, "windows-search-results.pdf")


@admin.action(description="選択した区市町村のチラシを印刷", permissions=["view"])
def print_leaflets(modeladmin, request, queryset):
    codes = list(queryset.values_list("pk", flat=True))
    municipalities = Municipality.objects.filter(pk__in=codes).order_by("code")
    contexts = leaflet_contexts(municipalities)
    return pdf_response(leaflets_pdf(contexts), f"leaflets-{len(contexts)}.pdf")
