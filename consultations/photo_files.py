"""Counsellors' photos in storage: who refers to each, and deleting those nothing needs any more.

A photo is kept while a window (published or not) or a pending proposal names it. Once the change
that drops it is committed (a window saved with another photo or none, a proposal approved or
rejected, a window deleted) it is deleted: the person agreed to be shown on the card, not to be
kept on file. History still names old photos, so reverting to such a version brings its card back
without a photo (the window form treats a missing file as none); upload it again if the consent
still holds. Proposals replaced or withdrawn without a decision, and files left by an interrupted
upload, are found by `manage.py clean_photos`.
"""

import datetime
import re

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from municipalities.roles import is_metro, scope_filter

from .models import PHOTO_FOLDER, PHOTO_NAME, ConsultationWindow, WindowRevision

# An upload is written to storage before the row that names it is committed: younger files are
# left alone, or an orphan sweep could delete a photo whose window is being saved.
UPLOAD_GRACE = datetime.timedelta(hours=1)


def names_in_use():
    """Every photo name a window or a pending proposal holds."""
    windows = ConsultationWindow._base_manager.exclude(message_photo="").values_list(
        "message_photo", flat=True
    )
    proposals = (
        WindowRevision.objects.pending()
        .filter(window__isnull=False)
        .values_list("data__message_photo", flat=True)
    )
    return {*windows, *(name for name in proposals if name)}


def in_use(name):
    return (
        ConsultationWindow._base_manager.filter(message_photo=name).exists()
        or WindowRevision.objects.pending().filter(data__message_photo=name).exists()
    )


def visible_to(user, name):
    """Whether staff `user` may open the photo: 都職員 any; municipal staff those of their own
    municipality's windows, their history and their proposals."""
    if is_metro(user):
        return True
    scope = scope_filter(user, "municipality")
    return (
        ConsultationWindow._base_manager.filter(scope, message_photo=name).exists()
        or ConsultationWindow.history.filter(scope, message_photo=name).exists()
        or WindowRevision.objects.filter(scope, data__message_photo=name).exists()
    )


def delete_when_unused(names):
    """Once the current transaction commits, delete those of `names` nothing holds any more."""
    names = {name for name in names if name and re.fullmatch(PHOTO_NAME, name)}
    if names:
        transaction.on_commit(lambda: delete_unused(names))


def delete_unused(names):
    """Delete those of `names` nothing holds, checked one by one just before; return them."""
    deleted = []
    for name in sorted(names):
        if not in_use(name):
            default_storage.delete(name)
            deleted.append(name)
    return deleted


def orphans(now=None):
    """Stored photos nothing holds, older than UPLOAD_GRACE, sorted by name."""
    try:
        _folders, files = default_storage.listdir(PHOTO_FOLDER)
    except FileNotFoundError:  # nothing was ever uploaded
        return []
    stored = {f"{PHOTO_FOLDER}/{file}" for file in files}
    candidates = stored - names_in_use()
    cutoff = (now or timezone.now()) - UPLOAD_GRACE
    return sorted(
        name
        for name in candidates
        if re.fullmatch(PHOTO_NAME, name) and default_storage.get_modified_time(name) < cutoff
    )
