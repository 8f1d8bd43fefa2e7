"""The data version behind every public page: read it, bump it, and say which models move it.

Register a model whose rows appear on public pages with one line, e.g. in an app's ``ready()``::

    pagecache.versions.track(OpeningHours)

Saves and deletes then bump the version by themselves. ``QuerySet.update()``, ``bulk_create()`` and
raw SQL send no signals: call ``bump()`` after them.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import DataVersion


def current():
    """(version, changed_at) as committed now; (0, None) before anything was recorded."""
    row = (
        DataVersion.objects.filter(pk=DataVersion.ROW_ID)
        .values_list("version", "changed_at")
        .first()
    )
    return row or (0, None)


def bump():
    now = timezone.now()
    updated = DataVersion.objects.filter(pk=DataVersion.ROW_ID).update(
        version=F("version") + 1, changed_at=now
    )
    if not updated:
        # The row is made by the migration; only a flushed database (tests) lacks it.
        try:
            with transaction.atomic():
                DataVersion.objects.create(pk=DataVersion.ROW_ID, version=1, changed_at=now)
        except IntegrityError:
            bump()


def _on_change(sender, **kwargs):
    # Fixture loads (raw=True) are imports too: they must move the version.
    bump()


def track(*models):
    for model in models:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"pagecache-save-{model._meta}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"pagecache-delete-{model._meta}"
        )
