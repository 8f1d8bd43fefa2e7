"""Settings for the Tokyo hikikomori consultation-window directory.

Every setting that differs between a laptop and a deployment comes from the
environment; the defaults make `migrate && runserver` work on SQLite.
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The prefecture this directory serves: the first two digits of its local government codes
# (Tokyo 13). Other municipalities may be in the database (bench/synthetic.py loads Japan's
# 1,741) but the search form and name lookup offer only these.
PREFECTURE_CODE = os.environ.get("PREFECTURE_CODE", "13")

# Absolute URL printed on leaflets and encoded in their QR codes. Required in production
# (`check --deploy` says so); bin/serve sets it from HOST and PORT.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "windows_directory.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver (bin/serve) leaves static files to WhiteNoise as in production: Django's own
    # handler answers a path that climbs out of the static folders with a 500.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # /sitemap.xml (consultations.views.crawlers)
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "municipalities",
    "consultations",
    "pagecache",
]

MIDDLEWARE = [
    "windows_directory.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pagecache.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A PDF asked for while the worker's render slots are taken gets a 503 page.
    "consultations.printing.pdf_limit.BusyMiddleware",
]

ROOT_URLCONF = "windows_directory.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pagecache.context_processors.page_version",
            ],
        },
    },
]

WSGI_APPLICATION = "windows_directory.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # After a database restart a kept connection is dead: checked before its first use in a
        # request, it is replaced at once instead of failing that request (one round trip, only
        # for requests that use the database; a cached page on PostgreSQL does not).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database host that has gone away answers nothing: give up after a few seconds and answer
    # 503 (windows_directory.errors) rather than hold the worker until gunicorn kills it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One machine, several gunicorn workers: readers never wait for a staff member's save (WAL),
    # and a write transaction takes its lock at the start instead of failing half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
# Only the languages the site is written in: LocaleMiddleware then never picks one of Django's
# hundred others from Accept-Language. Japanese at the unprefixed URLs, English under /en/.
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
# Year first, as Japanese staff write dates. Django's default list (the ja locale has none) reads
# the US 03/31/2027; consultations.dates.JapaneseDateField, on the admin's date fields, also
# reads 令和 and says what is wrong; this is the floor for any other date field.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "site_root"
# Counsellors' photos (consultations/photos.py) are kept through Django's storage API: files
# under MEDIA_ROOT by default (/media in the image, a volume). Any other backend by its dotted
# path and JSON options, e.g. S3-compatible storage with django-storages (not installed here):
# MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage
# MEDIA_STORAGE_OPTIONS='{"bucket_name": "…", "endpoint_url": "https://…", "location": "photos"}'
# The site serves the photos itself (consultations.photo_views), so MEDIA_URL is never linked.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", BASE_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Pages link only to the hashed names ({% static %} reads the manifest): collectstatic drops the
# unhashed copies and their .gz/.br, which were half of the collected files.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Public search pages never need huge requests; refuse them early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Admin lives where ADMIN_PATH says (e.g. "kanri-7f3a/"), so scanners looking for /admin/ miss it.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

# E-mail to staff (the confirmation round's reminders: manage.py send_round_reminders --email)
# through an SMTP server; Django's defaults (localhost:25, no login) when unset.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# A mail server that hangs must not hold a staff request past gunicorn's timeout (a 500).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Production hardening is on whenever DEBUG is off; each part can be turned off by its variable
# for a plain-HTTP setup (tests, the benchmark, a local docker compose).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Only behind a proxy that terminates TLS and overwrites X-Forwarded-Proto; otherwise a client
# could claim HTTPS.
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A search URL says what a family is worried about (/windows/?who=family&age=45): it must not
# reach the municipal sites we link to. same-origin keeps it for our own pages only.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere, so no 'unsafe-inline' and no nonces (which also keeps a
# cached page's header valid). data: images only for QR codes rendered as data URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# "default" is shared by every worker and instance: what must hold across them lives there
# (the error-report rate limit, the file behind an import's confirmation). Django's database
# cache needs no other server (its table is made by a migration); REDIS_URL switches to Redis.
# "pages" holds rendered public pages per process, keyed by the data version (see
# pagecache.middleware), so culling pages never evicts shared state.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "shared_cache",
        }
    ),
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
PUBLIC_PAGE_CACHE = "pages"
# Browsers and proxies may reuse a page this long without asking; after that they revalidate
# with the ETag (a cheap 304). Short, so a corrected phone number reaches everyone within minutes.
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", "60"))
# On PostgreSQL each worker keeps the data version up to date from LISTEN/NOTIFY instead of
# reading it per request (pagecache/listener.py); one extra connection per worker.
PAGECACHE_LISTEN = env_bool("PAGECACHE_LISTEN", True)

# PDFs take seconds of CPU each (WeasyPrint): at most PDF_CONCURRENCY render at once in a worker
# process and as many more wait, up to PDF_WAIT_SECONDS, for a turn; any other gets a 503 with
# Retry-After (consultations.printing.pdf_limit). With gunicorn.conf.py's threads, the rest of a
# worker's threads are then always free for the other pages. One by default: WeasyPrint does not
# say it is thread-safe, and a worker's threads share one core's worth of Python anyway.
PDF_CONCURRENCY = int(os.environ.get("PDF_CONCURRENCY", "1"))
PDF_WAIT_SECONDS = float(os.environ.get("PDF_WAIT_SECONDS", "5"))

# --- Staff back-office (issue 4): change history, bulk import/export, login throttling ---
# Keep this block last: django-axes needs AxesMiddleware after every other middleware
# and AxesStandaloneBackend before every other authentication backend.
INSTALLED_APPS += ["simple_history", "import_export", "axes"]
MIDDLEWARE += [
    # Records who made each change (history_user) from the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for an
# hour. Locking by username alone would let anyone lock a colleague out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Reverse proxies in front of the app that append to X-Forwarded-For (compose.yaml's nginx: 1).
# The client address for lockouts and rate limits comes from that header only when this is set:
# never trust it without a proxy (windows_directory.client_address).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "windows_directory.client_address.client_address"
# An import is one transaction: one bad row and nothing is written.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The uploaded file waits for its confirmation in the shared cache, under a random name that
# only the uploader's session may confirm (consultations.survey.import_uploads), never in a temp
# folder named by the client.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
