"""/list/?w=12,31,40: the windows a resident put on their list, to call from or to print.

The page is not a @public_page: its addresses are unbounded and rarely repeat, and it is cheap
to render, so no copy of someone's list is kept. The PDF is: it costs seconds, and an uncached
PDF that anyone can ask for again and again is what let a few requests take the server (issue
20). Its copy holds no more than the address already in the access log, and only in the
worker's memory, until the data changes. No session or form is used, so no cookie is set.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pagecache.decorators import public_page

from ..models import ConsultationWindow
from ..printing.pdf import html_pdf, pdf_response
from ..shortlist import LIST_PARAMETER, Shortlist


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


@public_page(query=(LIST_PARAMETER,))
def shortlist_pdf(request):
    pdf = html_pdf("leaflets/shortlist.html", shortlist_context(request))
    return pdf_response(pdf, "shortlist.pdf")
