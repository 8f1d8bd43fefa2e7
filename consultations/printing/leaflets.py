"""What a printed leaflet shows: each municipality's windows, how densely they print, the
all-Tokyo table and the search results (consultations/printing/pdf.py lays them out as PDF).
"""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.urls import reverse

from municipalities.models import Municipality, Region

from ..first_call import Kind, LocalWindows
from ..models import ConsultationWindow

# Denser layouts shrink type and spacing, and the last puts the windows in two columns; a leaflet
# that still overflows prints on two pages rather than losing text.
DENSITIES = range(5)

# A leaflet's height in printed lines, roughly: the base lines of a window block and of the
# Support-Net block, and how many characters fill a line of Japanese text or of a URL. The
# steps, tuned on the real data, pick the density the PDF settles on, so the HTML view (browser
# printing) starts from the same layout. A guess too low costs the PDF a second layout of that
# leaflet (pdf.py), one too high prints it denser than it needs: retune them when the blocks change.
WINDOW_LINES = 8
# A counsellor's photo beside the message takes about this many lines of text.
PHOTO_LINES = 3
SUPPORT_NET_LINES = 7
# The switchboard is a block of its own: name, a big number and a sentence.
SWITCHBOARD_LINES = 6
TEXT_PER_LINE = 40
NAME_PER_LINE = 25
URL_PER_LINE = 80
DENSITY_STEPS = (24, 30, 36, 50)


def _lines(text, per_line=TEXT_PER_LINE):
    return -(-len(text) // per_line)


def _window_lines(window, support_net):
    card = window.message_card
    texts = [
        window.hours,
        window.address,
        window.residency,
        window.fee,
        leaflet_flow_text(window),
        window.written_howto[:80] + window.written_reply_time,
        card.message + card.message_by if card else "",
    ]
    return (
        WINDOW_LINES
        + bool(window.callback or any(v is not None for _l, v, _a in window.family_conditions))
        + bool(window.call_flow)
        + bool(window.written_howto or window.written_reply_time)
        + (PHOTO_LINES if card and card.message_photo else 0)
        + _lines(window.name, NAME_PER_LINE)
        - 1
        + sum(_lines(text) for text in texts)
        + _lines(window.url, URL_PER_LINE)
        + bool(window.email or window.fax)
        + bool(window.department or window.operator)
        + bool(window.support_net_visit and support_net)
        + 2 * window.is_general
    )


def leaflet_flow_text(window):
    """相談の流れ shortened for a leaflet: who answers, how long, no diagnosis, what follows."""
    parts = []
    if window.flow_answered_by:
        parts.append(f"電話に出るのは{window.flow_answered_by}。")
    if window.flow_duration:
        parts.append(f"はじめての電話は{window.flow_duration}。")
    if window.flow_no_diagnosis:
        parts.append("電話で診断はしません。")
    if window.flow_next:
        next_steps = window.flow_next.replace("\n", " ")
        parts.append(next_steps if len(next_steps) <= 60 else next_steps[:59] + "…")
    return "".join(parts)


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
        # Where a window without a number sends callers: the local number, else the Support-Net.
        "local_call": call if call is not None and call.is_local else None,
        "support_net": support_net,
        "page_url": settings.SITE_URL + municipality.get_absolute_url(),
        "site_url": settings.SITE_URL + "/",
        "verified": verified_range(shown),
        "density": leaflet_density(windows, support_net, switchboard),
        "memo_url": settings.SITE_URL + reverse("consultations:memo"),
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
