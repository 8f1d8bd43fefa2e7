from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from consultations import photo_views
from consultations.opendata import data_views
from consultations.views import crawlers

from .ids import IdConverter

# Before admin.site.urls: the confirmation round's admin pages take an <id:…> too.
register_converter(IdConverter, "id")

# A database outage answers 503 with a calm page, never a 500.
handler500 = "windows_directory.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    # For crawlers, one of each at the site's root: the sitemap lists both languages' pages.
    path("robots.txt", crawlers.robots_txt, name="robots-txt"),
    path("sitemap.xml", crawlers.sitemap_xml, name="sitemap-xml"),
    # The open data files and API are the same in every language: one URL each, no /en/ copy.
    path("data/", include("consultations.opendata.data_urls")),
    # Counsellors' photos are the same in every language too.
    path("photos/<path:name>", photo_views.message_photo, name="message-photo"),
    path("staff/photos/<path:name>", photo_views.staff_photo, name="staff-photo"),
    # Japanese stays at the URLs leaflets print; English is the same pages under /en/.
    *i18n_patterns(
        # The page that documents the data, in both languages.
        path("data/", data_views.index, name="data-page"),
        path("", include("consultations.urls")),
        prefix_default_language=False,
    ),
]
