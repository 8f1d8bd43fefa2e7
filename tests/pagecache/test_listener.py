"""The PostgreSQL data-version listener, against real commits (transaction=True)."""

import time

import pytest
from django.db import connection, transaction

from pagecache import listener
from pagecache.versions import _current_sql, bump, current

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def wait_until(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def stored():
    with connection.cursor() as cursor:
        cursor.execute(_current_sql(connection.vendor))
        return tuple(cursor.fetchone() or (0, 0))


@pytest.fixture
def version_listener(settings, monkeypatch):
    settings.PAGECACHE_LISTEN = True
    bump()  # a committed row to start from
    started = listener.VersionListener(_current_sql(connection.vendor)).start()
    monkeypatch.setattr(listener, "for_this_process", lambda sql: started)
    assert wait_until(lambda: started.value == stored())
    yield started
    started.stop()
    assert not started.thread.is_alive()


def test_current_takes_the_listeners_version_without_a_query(
    version_listener, django_assert_num_queries
):
    expected = stored()
    with django_assert_num_queries(0):
        assert current() == expected


def test_a_committed_change_reaches_the_listener(version_listener):
    before = version_listener.value
    bump()
    assert wait_until(lambda: version_listener.value != before, timeout=5)
    assert version_listener.value == stored() and current() == stored()


def test_a_rolled_back_change_does_not(version_listener):
    before = version_listener.value
    with pytest.raises(RuntimeError), transaction.atomic():
        bump()
        raise RuntimeError
    time.sleep(0.3)
    assert version_listener.value == before == stored()


def test_a_lost_connection_falls_back_to_the_database_then_resyncs(version_listener):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'pagecache-listener'"
        )
    assert wait_until(lambda: version_listener.value is None, timeout=5)
    bump()  # committed while nobody listens
    assert current() == stored()  # read from the database meanwhile
    assert wait_until(lambda: version_listener.value == stored(), timeout=10)
