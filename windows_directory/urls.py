from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from consultations import crawlers, data_views, photo_views

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    # For crawlers, one of each at the site's root: the sitemap lists both languages' pages.
    path("robots.txt", crawlers.robots_txt, name="robots-txt"),
    path("sitemap.xml", crawlers.sitemap_xml, name="sitemap-xml"),
    # The open data files and API are the same in every language: one URL each, no /en/ copy.
    path("data/", include("consultations.data_urls")),
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
