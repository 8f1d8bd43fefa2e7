"""The production settings, with what a test run needs set first."""

import os
import tempfile

# Tests run with DEBUG off like production, so they need a key of their own.
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# Plain static storage: tests must not depend on a prior collectstatic.
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

# The test client speaks plain HTTP; everything else stays as in production.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
# Uploaded photos land outside the checkout; tests that store some point it at their tmp_path.
os.environ.setdefault(
    "MEDIA_ROOT", os.path.join(tempfile.gettempdir(), "windows-directory-test-media")
)

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files from the app folders; no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True

# Test transactions never commit, so NOTIFY never arrives: read the version per request. The
# listener's own tests turn it on around real commits.
PAGECACHE_LISTEN = False
