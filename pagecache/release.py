"""What identifies the running code, so that pages rendered by an older release never match."""

import functools
import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings

SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".svg", ".json", ".mo"}


def code_files():
    base = Path(settings.BASE_DIR)
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    roots += [Path(d) for d in settings.STATICFILES_DIRS]
    roots += [Path(a.path) for a in apps.get_app_configs() if Path(a.path).is_relative_to(base)]
    return sorted(
        {p for root in roots for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file()}
    )


@functools.cache
def fingerprint():
    """(release id, newest code mtime): ``RELEASE`` from the environment, else a content hash.

    A content hash is the same on every worker and every instance that runs the same code, so
    revalidation works across a load balancer, and it changes with any template, CSS or code edit.
    """
    files = code_files()
    newest = max((p.stat().st_mtime for p in files), default=0)
    release = os.environ.get("RELEASE", "")
    if not release:
        digest = hashlib.blake2b(digest_size=8)
        for path in files:
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
        release = digest.hexdigest()
    return release, int(newest)
