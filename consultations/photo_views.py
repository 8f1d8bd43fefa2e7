"""Counsellors' photos, read through Django's storage API (local media or S3-compatible alike):
the public one of a card shown today, with the page's cache headers, and for staff the ones they
may see (photo_files.visible_to).

Both are served from this site, so pages keep their img-src 'self' policy whatever the storage.
"""

import re

from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

from pagecache.decorators import calendar_day, public_page

from . import photo_files
from .models import PHOTO_NAME, ConsultationWindow


def check_name(name):
    """A name of any other shape is not ours to serve (nor to put in a query: a NUL byte)."""
    if not re.fullmatch(PHOTO_NAME, name):
        raise Http404("写真が見つかりません。")


def read_photo(name):
    check_name(name)
    try:
        with default_storage.open(name) as photo:
            body = photo.read()
    except (FileNotFoundError, OSError):
        raise Http404("写真が見つかりません。") from None
    return body, "image/png" if name.endswith(".png") else "image/jpeg"


@public_page(key=calendar_day)
def message_photo(request, name):
    """Only the photo of a published window's card shown today: not a proposal's, not an expired one."""
    check_name(name)
    window = ConsultationWindow.objects.published().filter(message_photo=name).first()
    if window is None or window.message_card is None:
        raise Http404("写真が見つかりません。")
    body, content_type = read_photo(name)
    return HttpResponse(body, content_type=content_type)


@never_cache
@staff_member_required
def staff_photo(request, name):
    """A stored photo for staff: 都職員 any, municipal staff their own municipality's."""
    check_name(name)
    if not photo_files.visible_to(request.user, name):
        raise Http404("写真が見つかりません。")
    body, content_type = read_photo(name)
    return HttpResponse(body, content_type=content_type)
