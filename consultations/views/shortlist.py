"""/list/?w=12,31,40: the windows a resident put on their list, to call from or to print.

Not @public_page: like printed search results, these addresses are unbounded and rarely
repeat, and a rendered copy would be the only trace of someone's list on the server. No
session or form is used, so no cookie is set.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..models import ConsultationWindow
from ..printing.pdf import html_pdf, pdf_response
from ..shortlist import Shortlist


def shortlist_context(request):
    requested = Shortlist.from_query(request.GET)
    found = {
        window.pk: window
        for window in ConsultationWindow.objects.for_listing().filter(pk__in=requested.ids)
    }
    shortlist = requested.keeping(found)
    windows = [found[pk] for pk in shortlist.ids]
    page = reverse("consultations:shortlist") + (f"?w={shortlist.param}" if shortlist else "")
    municipalities = {w.municipality_id: w.municipality for w in windows if not w.is_tokyo_wide}
    return {
        "windows": windows,
        "shortlist": shortlist,
        "page_url": settings.SITE_URL + page,
        "municipalities": list(municipalities.values()),
        "support_net": ConsultationWindow.objects.support_net(),
    }


@require_safe
def shortlist(request):
    return render(request, "consultations/shortlist.html", shortlist_context(request))


@require_safe
def shortlist_pdf(request):
    pdf = html_pdf("leaflets/shortlist.html", shortlist_context(request))
    return pdf_response(pdf, "shortlist.pdf")
