"""What search engines are told: /robots.txt and /sitemap.xml.

Crawlers are kept off what costs seconds to render or belongs to one resident, and adds nothing
to a search result: PDFs, print views (leaflets, printed search results), shortlists and any
page that carries one in its address (?w=). The links to them also say rel="nofollow". The
sitemap lists the pages worth finding instead, in both languages.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse

from municipalities.models import Municipality
from pagecache.decorators import public_page

from ..models import ConsultationWindow

# Prefix matches, plus the * wildcard that Google and Bing read (others skip those lines). The
# admin is not named: its path (ADMIN_PATH) is meant to stay unguessable.
DISALLOW = [
    "/*.pdf",
    "/leaflets/",
    "/en/leaflets/",
    "/windows/print",
    "/en/windows/print",
    "/list",
    "/en/list",
    "/*?w=",
    "/*&w=",
]


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL (what leaflets print), each in Japanese and English."""

    i18n = True
    alternates = True
    x_default = True

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or None

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc or super().get_domain(site)


class PageSitemap(SiteSitemap):
    def items(self):
        return ["consultations:home", "consultations:guide", "consultations:memo", "data-page"]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(SiteSitemap):
    def items(self):
        return Municipality.objects.in_prefecture().order_by("code")


class WindowSitemap(SiteSitemap):
    def items(self):
        return ConsultationWindow.objects.published().order_by("pk")

    def lastmod(self, window):
        return window.updated_at


SITEMAPS = {"pages": PageSitemap, "municipalities": MunicipalitySitemap, "windows": WindowSitemap}


@public_page
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW)]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap-xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@public_page
def sitemap_xml(request):
    return sitemap(request, SITEMAPS)
