"""The home page's questions answered: which windows of my municipality fit this person.

Who is looking comes first (ご本人 / ご家族 / 支援者): it filters the windows by who they take and
sets the words the questions and answers use.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from pagecache.decorators import calendar_day, public_page

from ..first_call import LocalWindows
from ..forms import GuideForm
from ..models import ConsultationWindow, Who
from ..shortlist import LIST_PARAMETER, PARAMETER, Shortlist
from .answers import postal_code_answer

WORDING = {
    None: {"ask": _("ご相談の内容を教えてください"), "fits": _("条件に合う窓口"), "lead": ""},
    Who.SELF: {
        "ask": _("あなたの年齢とお住まいを教えてください"),
        "fits": _("あなたが相談できる窓口"),
        "lead": _(
            "あなた自身のことを相談できる窓口です。電話が難しいときは、声を出さずに相談できる方法も"
            "窓口のページに示します。"
        ),
    },
    Who.FAMILY: {
        "ask": _("ご本人の年齢とお住まいを教えてください"),
        "fits": _("ご家族が相談できる窓口"),
        "lead": _(
            "ご家族からの相談を受け付けている窓口です。ご本人が相談に行けないときは、"
            "まずご家族だけで相談してみてください（できるかどうかは窓口ごとに示します）。"
        ),
    },
    Who.OTHERS: {
        "ask": _("ご本人の年齢とお住まいを教えてください"),
        "fits": _("支援者が相談できる窓口"),
        "lead": _("関係者・支援者からの相談を受け付けている窓口です。"),
    },
}


@public_page(key=calendar_day, query=(*GuideForm.base_fields, LIST_PARAMETER))
def guide(request):
    """The windows that fit, may fit and do not fit (sort_windows); the first number to call
    comes from those that fit or may fit, else the switchboard or the Support-Net."""
    municipalities = list(Municipality.objects.in_prefecture().local())
    answered = {name for name, value in request.GET.items() if value and name != PARAMETER}
    if answered == {"who"} and request.GET["who"] in Who.values:
        # The first question answered: the others, in the words the answer calls for.
        form = GuideForm(initial={"who": request.GET["who"]}, municipalities=municipalities)
    else:
        form = GuideForm(request.GET or None, municipalities=municipalities)
    if not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "consultations/guide.html", questions(form), status=status)
    cleaned = form.cleaned_data
    age, who, municipality = cleaned["age"], cleaned["who"], cleaned["municipality"]
    if municipality is None:
        return postal_code_answer(
            request, cleaned["postal_code"], link=lambda code: guide_url(code, age, who)
        )
    windows = list(ConsultationWindow.objects.for_listing().filter(municipality=municipality))
    return render(request, "consultations/guide.html", answers(request, form, windows))


def questions(form):
    return {
        "form": form,
        "wording": WORDING[form.looking],
        "support_net": ConsultationWindow.objects.support_net(),
    }


def answers(request, form, windows):
    age, who = form.cleaned_data["age"], form.cleaned_data["who"]
    municipality = form.cleaned_data["municipality"]
    support_net = ConsultationWindow.objects.support_net()
    fits, may_fit, not_fitting = sort_windows(windows, age, who)
    local = LocalWindows(municipality, [item["window"] for item in fits + may_fit], support_net)
    call = local.first_call
    # The card of the window the first-call box names says neither its name nor what the box said.
    for item in fits + may_fit + not_fitting:
        item["first_call"] = call is not None and item["window"] == call.window
    return {
        "form": form,
        "wording": WORDING[who or None],
        "municipality": municipality,
        "age": age,
        "who_label": dict(form.fields["who"].choices).get(who, ""),
        "fits": fits,
        "may_fit": may_fit,
        "not_fitting": not_fitting,
        "local": local,
        "has_hikikomori_window": any(not w.is_general for w in windows),
        "support_net": support_net,
        "shortlist": Shortlist.from_query(request.GET),
    }


def sort_windows(windows, age, who):
    """(fits, may fit, does not fit): each a list of {window, reasons, unknowns}.

    A window fits when every answer is confirmed by the data; it may fit when some fact is
    unknown (a call settles it) or it is a general window. One that does not fit stays on the
    page with the reason, so nobody is left guessing why it is missing.
    """
    fits, may_fit, not_fitting = [], [], []
    for window in windows:
        reasons = window.guide_reasons(age=age, who=who)
        unknowns = window.guide_unknowns(who)
        item = {
            "window": window,
            "reasons": reasons,
            "unknowns": unknowns,
            "unknown_who": who if unknowns else None,
        }
        # A general window may fit at best: whether it takes hikikomori is itself unknown.
        uncertain = unknowns or window.is_general
        (not_fitting if reasons else may_fit if uncertain else fits).append(item)
    return fits, may_fit, not_fitting


def guide_url(code, age, who):
    query = {"municipality": code}
    if age is not None:
        query["age"] = age
    if who:
        query["who"] = who
    return f"{reverse('consultations:guide')}?{urlencode(query)}"
