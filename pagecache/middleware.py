"""Conditional GET and a rendered-page cache for views marked with ``@public_page``.

Why this shape:
- The data version is read from the database on every public request: one primary-key query
  (25-50 µs on SQLite). Every worker of every instance therefore agrees on it, and the version
  commits in the same transaction as the data it describes, so a page rendered for version N
  never shows data older than N. On PostgreSQL that query is a network round trip, most of a
  cached page's cost, so there each worker holds the version from LISTEN/NOTIFY instead
  (``pagecache/listener.py``): the notification is sent by the saving transaction and delivered
  at its commit, so it keeps the same guarantee, and whenever the listener is not in sync the
  query is back. A version in memcached/Redis would also save the round trip, but its bump
  happens outside the transaction (too early, or lost if the process dies in between).
- Rendered pages live in the per-process cache (``CACHES[PUBLIC_PAGE_CACHE]``, LocMem by default)
  under a key made of that version, so nothing stale can be served: a save simply makes every
  worker miss once. Pointing that alias at a shared memcached/Redis lets instances share renders;
  it changes nothing about correctness.
- A page is keyed by its canonical query (``pagecache/query.py``): only the parameters its view
  declares, names and values in order. The request itself is rewritten to that query before the
  view runs, so the view, and every link it builds from the query, sees exactly what the key holds.
- The middleware sits right after WhiteNoise, so a cached page skips sessions, CSRF, auth and the
  other middleware. The cached headers already carry what the inner middleware added (CSP, frame
  denial, Content-Language, Vary); SecurityMiddleware, outside, adds its headers each time. The CSP
  has no nonces, which is what makes a cached copy of its header correct.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .query import canonical
from .release import fingerprint
from .versions import current_or_last_read

SAFE_METHODS = ("GET", "HEAD")
# On every answer of a ``cors`` page, 304s and errors included: scripts on any site may read it
# and its validators (a script polling with If-None-Match needs the ETag).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Last-Modified",
}
# A script that sends If-None-Match itself asks first (a preflight).
CORS_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ", ".join(SAFE_METHODS),
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}
# What a 304 repeats from the 200 (RFC 9110 §15.4.5).
NOT_MODIFIED_HEADERS = {
    "cache-control",
    "content-location",
    "etag",
    "expires",
    "last-modified",
    "vary",
}


@functools.lru_cache(maxsize=1024)
def public_page_for(urlconf, path, language):
    """The view's ``@public_page`` options for a path, or None (cached: resolving is not free).

    Resolved in the language the path names: with i18n_patterns the URL prefix depends on the
    active language, and LocaleMiddleware has not activated this request's yet.
    """
    with translation.override(language):
        try:
            return getattr(resolve(path, urlconf).func, "public_page", None)
        except Resolver404:
            return None


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.PUBLIC_PAGE_CACHE]
        # Pages rendered by older code must not match after a deploy: the release is part of
        # every ETag and key, and Last-Modified is never earlier than the newest code file.
        self.release, self.code_mtime = fingerprint()
        # Per view: the headers a 304 must repeat (Cache-Control, Vary), learnt from its 200.
        self.validator_headers = {}

    def __call__(self, request):
        path = request.path_info
        language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        page = public_page_for(get_urlconf(settings.ROOT_URLCONF), path, language)
        if page is None:
            return self.get_response(request)
        if not page.cors:
            return self.respond(request, page, language)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204, headers=CORS_PREFLIGHT_HEADERS)
        else:
            response = self.respond(request, page, language)
        for name, value in CORS_HEADERS.items():
            response.headers[name] = value
        return response

    def respond(self, request, page, language):
        """The page in `language`, the one its path names: unprefixed paths are always
        Japanese (LocaleMiddleware with prefix_default_language=False), whatever the browser's
        Accept-Language, so one page has one ETag and one cache entry."""
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(
                SAFE_METHODS,
                "このページは表示（GET）のみです。",
                content_type="text/plain; charset=utf-8",
            )

        query = canonical(request.GET, page.query)
        request.GET = query
        request.META["QUERY_STRING"] = query.urlencode()

        # While the database is down, the pages cached for the last version read are still served
        # (a resident does not notice a restart); a miss goes to the view, which answers 503.
        version, changed_us = current_or_last_read()
        # The version the page is rendered for: the open data says when its data last changed.
        request.data_version = (version, changed_us)
        variant = "|".join(
            [
                self.release,
                str(version),
                str(changed_us),
                language,
                page.key(request) if page.key else "",
            ]
        )
        digest = hashlib.blake2b(variant.encode(), digest_size=12).hexdigest()
        request.page_version = digest
        etag = f'W/"{digest}"'
        last_modified = max(changed_us // 1_000_000, self.code_mtime)

        # A client that already has this variant gets a 304 without the page being read or
        # rendered, once this process knows the view's caching headers.
        known = self.validator_headers.get(page)
        if known is not None:
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if response is not None:
                for name, value in known:
                    response.headers[name] = value
                response.headers["ETag"] = etag
                response.headers["Last-Modified"] = http_date(last_modified)
                return response

        key = (
            "page:"
            + hashlib.blake2b(
                f"{digest}|{request.get_full_path()}".encode(), digest_size=16
            ).hexdigest()
        )
        cached = self.cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
        else:
            response = self.get_response(request)
            if not self.is_cacheable(response):
                return response
            patch_cache_control(response, public=True, max_age=page.max_age)
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
            self.cache.set(key, (response.content, list(response.headers.items())))
            self.validator_headers[page] = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() in NOT_MODIFIED_HEADERS - {"etag", "last-modified"}
            ]
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    @staticmethod
    def is_cacheable(response):
        vary = response.headers.get("Vary", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "cookie" not in vary
        )
