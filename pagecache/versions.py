"""The data version behind every public page: read it, bump it, and say which models move it.

Register a model whose rows appear on public pages with one line, e.g. in an app's ``ready()``::

    pagecache.versions.track(OpeningHours)

Saves and deletes then bump the version by themselves. ``QuerySet.update()``, ``bulk_create()`` and
raw SQL send no signals: call ``bump()`` after them.
"""

import functools
import time

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from . import listener
from .models import DataVersion


@functools.cache
def _current_sql(vendor):
    quote = connection.ops.quote_name
    return "SELECT {}, {} FROM {} WHERE {} = {:d}".format(
        quote("version"),
        quote("changed_us"),
        quote(DataVersion._meta.db_table),
        quote("id"),
        DataVersion.ROW_ID,
    )


# What current() last returned in this process: while the database cannot be reached, the page
# cache still finds the pages rendered for it (see PublicPageMiddleware). None before the first read.
last_read = None


def current():
    """(version, microseconds since the epoch of the last change); (0, 0) if none recorded."""
    global last_read
    sql = _current_sql(connection.vendor)
    if listener.enabled():
        # On PostgreSQL, what this worker's listener holds (see pagecache.listener), if in sync.
        value = listener.for_this_process(sql).value
        if value is not None:
            last_read = value
            return value
    # Raw SQL: this runs on every public request, and the ORM costs several times the query.
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    last_read = tuple(row) if row else (0, 0)
    return last_read


def current_or_last_read():
    """current(), or while the database cannot be reached the version this process last read."""
    try:
        return current()
    except DatabaseError:
        if last_read is None:
            raise
        return last_read


def bump():
    now = time.time_ns() // 1000
    updated = DataVersion.objects.filter(pk=DataVersion.ROW_ID).update(
        version=F("version") + 1, changed_us=now
    )
    if not updated:
        # The row is made by the migration; only a flushed database (tests) lacks it.
        try:
            with transaction.atomic():
                DataVersion.objects.create(pk=DataVersion.ROW_ID, version=1, changed_us=now)
        except IntegrityError:
            bump()
            return
    if connection.vendor == "postgresql":
        # Delivered to every listening worker when this transaction commits, and only then.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [listener.CHANNEL])


def _on_change(sender, **kwargs):
    # Fixture loads (raw=True) are imports too: they must move the version.
    bump()


def track(*models):
    for model in models:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"pagecache-save-{model._meta}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"pagecache-delete-{model._meta}"
        )
