"""On PostgreSQL, each worker learns the data version from NOTIFY instead of asking per request.

Reading the version is one query per public request; on PostgreSQL that is a network round trip
and most of a cached page's cost. ``bump()`` sends ``NOTIFY`` in the saving transaction, and
PostgreSQL delivers it only when that transaction commits, before the saver is told it has: so
the version a worker holds moves with the data, as the query did, without the query.

Each worker process runs one daemon thread with its own connection: ``LISTEN``, then read the
version (after LISTEN, so no change can slip between), then re-read it on every notification and
every ``RESYNC_SECONDS`` as a safety net. While it is not connected and in sync, ``value`` is None
and ``pagecache.versions.current()`` reads the database as before: a lost connection costs speed,
never freshness. Off unless ``PAGECACHE_LISTEN`` is on (production on PostgreSQL; tests run
inside transactions that never commit, so notifications would never come).
"""

import logging
import os
import threading

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

CHANNEL = "pagecache_data_version"
RESYNC_SECONDS = 10
RETRY_SECONDS = 1
# Named for pg_stat_activity; keepalives find a silently dropped connection within about 20 s.
CONNECTION = {
    "application_name": "pagecache-listener",
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


def enabled():
    return settings.PAGECACHE_LISTEN and connections["default"].vendor == "postgresql"


class VersionListener:
    def __init__(self, read_sql):
        self.read_sql = read_sql
        self.value = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="data-version-listener", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self, timeout=5):
        """End the thread and close its connection (a notification wakes it from its wait)."""
        self.stopped.set()
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])
        self.thread.join(timeout)

    def run(self):
        while not self.stopped.is_set():
            try:
                self.listen()
            except Exception:
                logger.exception("data version listener lost its connection; reading per request")
            finally:
                self.value = None
            self.stopped.wait(RETRY_SECONDS)

    def listen(self):
        import psycopg

        params = connections["default"].get_connection_params()
        with psycopg.connect(**(params | CONNECTION), autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            while not self.stopped.is_set():
                self.value = tuple(conn.execute(self.read_sql).fetchone() or (0, 0))
                # Returns after a notification, or after the timeout with none: re-read either way.
                # One that arrived during the read is not lost: psycopg (3.3, as pinned) keeps it
                # for the next notifies() call, so the loop reads again at once.
                for _ in conn.notifies(timeout=RESYNC_SECONDS, stop_after=1):
                    pass


_listener = None
_pid = None
_lock = threading.Lock()


def for_this_process(read_sql):
    """This worker's listener, started on first use (after gunicorn forks, never before)."""
    global _listener, _pid
    if _pid != os.getpid():
        with _lock:
            if _pid != os.getpid():
                _listener = VersionListener(read_sql).start()
                _pid = os.getpid()
    return _listener
