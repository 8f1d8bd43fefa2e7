from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from municipalities import postal
from municipalities.codes import is_valid
from municipalities.models import Municipality, Region
from municipalities.names import NameIndex
from municipalities.normalize import search_key, search_words
from pagecache.decorators import public_page
from pagecache.fragments import render_each
from pagecache.memo import per_version
from windows_directory.client_address import client_address

from .filters import WindowFilter
from .first_call import LocalWindows, first_call
from .forms import ErrorReportForm, GuideForm
from .models import ConsultationWindow, ErrorReport

RESULTS_PER_PAGE = 50


def support_net(request):
    """The fallback box on every page, loaded once per data version."""
    return per_version(request, "support_net", ConsultationWindow.objects.support_net)


def all_municipalities(request):
    """{code: Municipality} for selects and place notes, loaded once per data version."""
    return per_version(request, "municipalities", Municipality.objects.in_bulk)


def municipality_rows(request):
    """(code, name, name_en) rows for the search form's municipality select."""
    return per_version(
        request,
        "municipality-rows",
        lambda: tuple((m.code, m.name, m.name_en) for m in all_municipalities(request).values()),
    )


def local_municipalities(request):
    """The 62 municipalities (no metropolitan government), in code order."""
    return [m for m in all_municipalities(request).values() if not m.is_metropolis]


def municipality_names(request):
    """Every spelling of the 62 names, indexed once per data version."""
    return per_version(request, "names", lambda: NameIndex(local_municipalities(request)))


@public_page
def home(request):
    if "postal_code" in request.GET:
        return postal_box_answer(request, request.GET["postal_code"])
    municipalities = local_municipalities(request)
    regions = [
        (region.label, [m for m in municipalities if m.region == region]) for region in Region
    ]
    return render(
        request,
        "consultations/home.html",
        {
            "regions": regions,
            "guide_form": GuideForm(municipalities=municipalities),
            "filter": WindowFilter(
                queryset=ConsultationWindow.objects.none(),
                municipality_rows=municipality_rows(request),
            ),
            "support_net": support_net(request),
            "support_net_call": first_call(None, [], support_net(request)),
        },
    )


@public_page
def municipality_detail(request, code):
    # Anything but a well-formed code (e.g. a NUL byte, which PostgreSQL refuses) is a plain 404.
    if not is_valid(code):
        raise Http404("地方公共団体コードの形式ではありません。")
    municipality = all_municipalities(request).get(code)
    if municipality is None:
        raise Http404("この地方公共団体コードの区市町村はありません。")
    windows = list(ConsultationWindow.objects.for_listing().filter(municipality=municipality))
    return render(
        request,
        "consultations/municipality_detail.html",
        {
            "municipality": municipality,
            "local": LocalWindows(municipality, windows, support_net(request)),
            "support_net": support_net(request),
        },
    )


@public_page
def window_list(request):
    if "postal_code" in request.GET:
        return postal_box_answer(request, request.GET["postal_code"])
    # Residents type postal codes and municipality names into whatever box they see first.
    query = request.GET.get("q", "")
    if postal.looks_like_postal_code(query):
        return postal_code_answer(request, query)
    if named := municipality_names(request).find(query):
        return name_answer(request, query, named)
    municipalities = all_municipalities(request)
    window_filter = WindowFilter(
        request.GET,
        queryset=ConsultationWindow.objects.published().in_tier_order(),
        municipality_rows=municipality_rows(request),
    )
    searched = any(value for value in request.GET.values())
    cards = []
    if window_filter.is_valid():
        # The search itself is one query for the matching ids (their number is the count); the
        # page's cards come from the fragment cache, and only the misses load their rows.
        matching = list(window_filter.qs.values_list("pk", flat=True))
        page = Paginator(matching, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        cards = render_each(
            request,
            "includes/window_card.html",
            ConsultationWindow,
            page.object_list,
            ConsultationWindow.objects.for_listing().in_bulk,
            "window",
            level=3,
            link=True,
            show_municipality=True,
        )
        places = place_notes(window_filter.form.cleaned_data.get("q") or "", municipalities)
        status = 200
    else:
        page = places = None
        status = 400
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/window_list.html",
        {
            "filter": window_filter,
            "page": page,
            "cards": cards,
            "searched": searched,
            # On a phone the results come first and the filters fold away; they stay open
            # until there is a search with results to show.
            "filters_open": not (searched and page is not None and page.object_list),
            "query": query.urlencode(),
            "places": places,
            "support_net": support_net(request),
        },
        status=status,
    )


@public_page
def window_detail(request, pk):
    window = get_object_or_404(ConsultationWindow.objects.for_listing(), pk=pk)
    return render_window(request, window, ErrorReportForm())


def render_window(request, window, report_form, status=200, report_notice=""):
    return render(
        request,
        "consultations/window_detail.html",
        {
            "window": window,
            "instead": None if window.phone else number_instead(request, window),
            "support_net": support_net(request),
            "report_form": report_form,
            "report_notice": report_notice,
        },
        status=status,
    )


def number_instead(request, window):
    """For a window without a number: the first one its municipality (or Tokyo) offers."""
    others = ConsultationWindow.objects.for_listing().filter(municipality=window.municipality_id)
    local = LocalWindows(window.municipality, list(others.exclude(pk=window.pk)))
    return local.first_call or first_call(None, [], support_net(request))


# Five reports an hour from one address: enough for someone correcting several facts.
REPORT_LIMIT = 5
REPORT_PERIOD = 60 * 60


def over_report_limit(request):
    """Count this post against its address (kept only as a keyed hash, in the cache)."""
    address = client_address(request)
    key = "error-report:" + salted_hmac("error-report", address).hexdigest()[:32]
    cache.add(key, 0, REPORT_PERIOD)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, REPORT_PERIOD)
        count = 1
    return count > REPORT_LIMIT


# No CSRF token here, on purpose. Public pages set no cookies (a resident may not want this
# site to leave a trace), and Django's CSRF check needs a cookie. CSRF protects a logged-in
# session from forged requests; this form is anonymous and only drops a note in the staff
# inbox, so there is no session to forge and a forged post is plain spam: the honeypot field
# and the per-address rate limit deal with that.
@csrf_exempt
def report_error(request, pk):
    window = get_object_or_404(ConsultationWindow.objects.for_listing(), pk=pk)
    if request.method != "POST":
        return redirect(window.get_absolute_url() + "#report-heading")
    form = ErrorReportForm(request.POST)
    if over_report_limit(request):
        notice = gettext(
            "短い時間に多くの報告が届いたため、受け付けられませんでした。"
            "入力した内容はそのまま残っています。1時間ほどしてから、もう一度お送りください。"
        )
        return render_window(request, window, form, status=429, report_notice=notice)
    if not form.is_valid():
        return render_window(request, window, form, status=400)
    if not form.is_spam:
        ErrorReport.objects.create(
            window=window,
            municipality=window.municipality,
            window_name=window.name,
            what=form.cleaned_data["what"],
            contact=form.cleaned_data["contact"],
        )
    # Post/Redirect/Get: reloading the thank-you page does not send the report again.
    response = HttpResponseRedirect(reverse("consultations:report-thanks", args=[window.pk]))
    response.status_code = 303  # See Other: the browser fetches the thank-you page with GET
    return response


def report_thanks(request, pk):
    window = get_object_or_404(ConsultationWindow.objects.for_listing(), pk=pk)
    return render(
        request,
        "consultations/report_thanks.html",
        {"window": window, "support_net": support_net(request)},
    )


def municipality_url(code):
    return reverse("consultations:municipality", args=[code])


def postal_box_answer(request, text):
    """The postal-code box's answer: a municipality's name typed there lands as in the search box."""
    if not postal.looks_like_postal_code(text):
        if named := municipality_names(request).find(text):
            return name_answer(request, text, named)
    return postal_code_answer(request, text)


def name_answer(request, text, municipalities):
    """Go straight to the one municipality the text names; let the resident choose among several."""
    if len(municipalities) == 1:
        return redirect(municipality_url(municipalities[0].code))
    return render(
        request,
        "consultations/municipality_choice.html",
        {"query": text, "choices": municipalities, "support_net": support_net(request)},
    )


def postal_code_answer(request, text, link=None):
    """Go straight to the municipality of a Tokyo postal code; otherwise say why not.

    `link(code)` gives the URL a municipality leads to (its page unless told otherwise).
    """
    link = link or municipality_url
    context = {"postal_code": text}
    status = 200
    try:
        area = postal.lookup(text)
    except postal.MalformedPostalCode:
        context["outcome"], status = "malformed", 400
    except postal.UnknownPostalCode:
        context["outcome"], status = "unknown", 404
    else:
        codes = area.municipality_codes
        if len(codes) == 1:
            return redirect(link(codes[0]))
        context["area"] = area
        if codes:
            found = Municipality.objects.in_bulk(codes)
            context["outcome"] = "choose"
            context["choices"] = [(found[c], link(c)) for c in codes if c in found]
        else:
            context["outcome"] = "outside"
    context["invalid"] = status != 200
    context["support_net"] = support_net(request)
    return render(request, "consultations/postal_code.html", context, status=status)


def place_notes(query, municipalities):
    """Say which municipalities a place name in the query brought in, or may also mean.

    吉祥寺 lists 武蔵野市's windows (a town there); 立川 lists 立川市's and mentions 墨田区立川.
    """
    index = postal.town_index()
    notes = []
    for word in search_words(query):
        key = search_key(word)
        inside = index.municipalities_with_town(key)
        elsewhere = index.other_municipalities_with_town(key)
        if inside or elsewhere:
            notes.append((word, inside, elsewhere))
    if not notes:
        return []
    found = municipalities
    return [
        {
            "word": word,
            "inside": [found[c] for c in sorted(inside) if c in found],
            "elsewhere": [found[c] for c in sorted(elsewhere) if c in found],
        }
        for word, inside, elsewhere in notes
    ]


@public_page
def guide(request):
    """The home page's questions answered: which windows of my municipality fit this person.

    A window fits when every answer is confirmed by the data; it may fit when some fact is
    unknown (a call settles it) or it is a general window. A window that does not fit stays on
    the page with the reason, so nobody is left guessing why it is missing. The first number to
    call comes from the windows that fit or may fit, else the switchboard or the Support-Net.
    """
    municipalities = local_municipalities(request)
    form = GuideForm(request.GET or None, municipalities=municipalities)
    if not form.is_valid():
        return render(
            request,
            "consultations/guide.html",
            {"form": form, "support_net": support_net(request)},
            status=400 if request.GET else 200,
        )
    age, who = form.cleaned_data["age"], form.cleaned_data["who"]
    municipality = form.cleaned_data["municipality"]
    if municipality is None:
        return postal_code_answer(
            request,
            form.cleaned_data["postal_code"],
            link=lambda code: guide_url(code, age, who),
        )
    fits, may_fit, not_fitting = [], [], []
    windows = list(ConsultationWindow.objects.for_listing().filter(municipality=municipality))
    for window in windows:
        reasons = window.guide_reasons(age=age, who=who)
        unknowns = window.guide_unknowns(who)
        item = {"window": window, "reasons": reasons, "unknowns": unknowns}
        # A general window may fit at best: whether it takes hikikomori is itself unknown.
        uncertain = unknowns or window.is_general
        (not_fitting if reasons else may_fit if uncertain else fits).append(item)
    candidates = [item["window"] for item in fits + may_fit]
    return render(
        request,
        "consultations/guide.html",
        {
            "form": form,
            "municipality": municipality,
            "age": age,
            "who_label": dict(form.fields["who"].choices).get(who, ""),
            "fits": fits,
            "may_fit": may_fit,
            "not_fitting": not_fitting,
            "local": LocalWindows(municipality, candidates, support_net(request)),
            "has_hikikomori_window": any(not w.is_general for w in windows),
            "support_net": support_net(request),
        },
    )


def guide_url(code, age, who):
    query = {"municipality": code}
    if age is not None:
        query["age"] = age
    if who:
        query["who"] = who
    return f"{reverse('consultations:guide')}?{urlencode(query)}"
