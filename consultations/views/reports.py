"""この情報の誤りを報告: a resident's note that a window's facts are wrong, into the staff inbox."""

from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from windows_directory.client_address import client_address

from ..forms import ErrorReportForm
from ..models import ConsultationWindow, ErrorReport
from .pages import render_window

# Five reports an hour from one address: enough for someone correcting several facts.
REPORT_LIMIT = 5
REPORT_PERIOD = 60 * 60


def over_report_limit(request):
    """Count this post against its address, in the cache every worker shares (a keyed hash only)."""
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
        {"window": window, "support_net": ConsultationWindow.objects.support_net()},
    )
