"""The page behind Django's handler500: a calm 503 while the database cannot be reached.

A database restart must not look like a broken site. Django turns an exception raised in any view
or middleware into the handler500 response of that layer, so this is the one place that sees them
all, public pages and admin alike (an outer middleware never would).
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views import defaults

# A database restart or fail-over takes about this long; browsers and crawlers may wait for it.
RETRY_AFTER_SECONDS = 30
# What Django raises when the server cannot be reached or the connection dropped; other database
# errors (a bad query, a broken constraint) are bugs and stay 500.
UNREACHABLE = (OperationalError, InterfaceError)


def database_unreachable(error):
    while error is not None:
        if isinstance(error, UNREACHABLE):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        # Rendered without the request: context processors would read sessions and the user.
        content = loader.render_to_string(
            "503.html", {"sent": request.method not in ("GET", "HEAD", "OPTIONS")}
        )
    return HttpResponse(
        content,
        status=503,
        headers={
            "Retry-After": str(RETRY_AFTER_SECONDS),
            "Cache-Control": "no-store",
            "Content-Language": language,
        },
    )
