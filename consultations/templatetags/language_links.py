from django import template
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

register = template.Library()

LABELS = {"ja": "日本語", "en": "English"}


@register.simple_tag(takes_context=True)
def other_language(context):
    """The same page in the other language: a plain link, so no language cookie is ever set."""
    code = "ja" if get_language() == "en" else "en"
    request = context.get("request")
    # Rebuilt from the decoded query: get_full_path() garbles a query sent as raw UTF-8.
    here = request.path if request else "/"
    query = ""
    try:
        if request and request.GET:
            query = request.GET.urlencode()
    except SuspiciousOperation:
        pass  # the error page for a refused query (e.g. too many fields) links without it
    if query:
        here += "?" + query
    url = translate_url(here, code)
    if url == here:  # a page with no counterpart (a 404): offer the other home page
        with override(code):
            url = reverse("consultations:home")
        query = ""
    # A query makes a variant (a search, a shortlist) that crawlers need not follow into the
    # other language: the sitemap lists every page in both (consultations.views.crawlers).
    return {"code": code, "label": LABELS[code], "url": url, "nofollow": bool(query)}
