"""The home page's questions answered: which windows of my municipality fit this person."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from municipalities.models import Municipality
from pagecache.decorators import public_page

from ..first_call import LocalWindows
from ..forms import GuideForm
from ..models import ConsultationWindow
from .answers import postal_code_answer


@public_page
def guide(request):
    """The windows that fit, may fit and do not fit (sort_windows); the first number to call
    comes from those that fit or may fit, else the switchboard or the Support-Net."""
    form = GuideForm(
        request.GET or None, municipalities=list(Municipality.objects.in_prefecture().local())
    )
    support_net = ConsultationWindow.objects.support_net()
    if not form.is_valid():
        context = {"form": form, "support_net": support_net}
        return render(
            request, "consultations/guide.html", context, status=400 if request.GET else 200
        )
    age, who = form.cleaned_data["age"], form.cleaned_data["who"]
    municipality = form.cleaned_data["municipality"]
    if municipality is None:
        return postal_code_answer(
            request,
            form.cleaned_data["postal_code"],
            link=lambda code: guide_url(code, age, who),
        )
    windows = list(ConsultationWindow.objects.for_listing().filter(municipality=municipality))
    fits, may_fit, not_fitting = sort_windows(windows, age, who)
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
            "local": LocalWindows(
                municipality, [item["window"] for item in fits + may_fit], support_net
            ),
            "has_hikikomori_window": any(not w.is_general for w in windows),
            "support_net": support_net,
        },
    )


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
        item = {"window": window, "reasons": reasons, "unknowns": unknowns}
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
