from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    # Open data is the same in every language: no /en/ copy.
    path("data/", include("consultations.data_urls")),
    # Japanese stays at the URLs leaflets print; English is the same pages under /en/.
    *i18n_patterns(path("", include("consultations.urls")), prefix_default_language=False),
]
