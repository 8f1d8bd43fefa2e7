from django.conf.urls.i18n import i18n_patterns

from tests.pagecache.urls import urlpatterns as pages

# The project's shape: Japanese at the plain URLs, English under /en/.
urlpatterns = i18n_patterns(*pages, prefix_default_language=False)
