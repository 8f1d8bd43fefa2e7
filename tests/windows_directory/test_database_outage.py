"""A database restart under gunicorn: its own PostgreSQL server, stopped and started in the test.

It runs in the PostgreSQL pass only: the outage is a server going away, which SQLite has not, and
that pass runs beside the longer SQLite one, so its time costs the least there.
"""

import secrets
import time

import pytest
from django.db import connection

from bench.servers import free_port, gunicorn, load_real_data, production_env, throwaway_postgres
from tests.pagecache.test_two_workers import burst, fetch, pids

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs in the PostgreSQL pass (see docstring)"
)

CACHED = ["/", "/municipalities/131202/"]
RECOVERY_SECONDS = 10


def uncached_search():
    return "/windows/?q=xyz" + secrets.token_hex(4)


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    """gunicorn (2 workers) with both pages cached in each worker, then the database stopped."""
    with throwaway_postgres(port=free_port()) as database:
        env = production_env(
            database, STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage"
        )
        load_real_data(env)
        log = tmp_path_factory.mktemp("gunicorn") / "access.log"
        with gunicorn(env, workers=2, access_log=log) as base:
            pages = {}
            for path in CACHED:
                seen = len(log.read_text().splitlines())
                for _ in range(5):
                    answers = burst(base + path)
                    if len(pids(log, after=seen)) == 2:
                        break
                assert len(pids(log, after=seen)) == 2, "both workers must have cached " + path
                pages[path] = answers[0][2]
            _, headers, _ = fetch(base + "/admin/login/")
            csrf = headers["Set-Cookie"].split("csrftoken=")[1].split(";")[0]
            database.stop()
            yield base, database, pages, csrf


def test_cached_pages_are_served_unchanged_by_both_workers(outage):
    base, _, pages, _ = outage
    for path, before in pages.items():
        answers = burst(base + path)
        assert {status for status, _, _ in answers} == {200}
        assert {html for _, _, html in answers} == {before}


def test_an_uncached_search_answers_503_in_japanese(outage):
    base, *_ = outage
    status, headers, html = fetch(base + uncached_search())
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "ただいま表示できません" in html


def test_an_uncached_english_page_answers_503_in_english(outage):
    base, *_ = outage
    status, _, html = fetch(base + "/en" + uncached_search())
    assert status == 503
    assert "Temporarily unavailable" in html


def test_a_login_answers_503_and_says_nothing_was_saved(outage):
    base, _, _, csrf = outage
    status, _, html = fetch(
        base + "/admin/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "X-CSRFToken": csrf,
        },
        data=b"username=staff&password=secret",
    )
    assert status == 503
    assert "送信された内容は保存されていません" in html


def test_readyz_tells_the_load_balancer_and_healthz_keeps_the_process_alive(outage):
    base, *_ = outage
    assert fetch(base + "/readyz")[0] == 503
    assert fetch(base + "/healthz")[0] == 200


def test_everything_answers_again_within_seconds_of_the_database_starting(outage):
    base, database, _, _ = outage
    database.start()
    deadline = time.monotonic() + RECOVERY_SECONDS
    statuses = []
    while time.monotonic() < deadline:
        # Both workers must have reconnected: a burst reaches each.
        statuses = [status for status, _, _ in burst(base + uncached_search())]
        if set(statuses) == {200}:
            break
        time.sleep(0.5)
    assert set(statuses) == {200}


def test_a_restart_between_two_requests_goes_unnoticed(outage):
    # Each worker's kept connection died with the server: it is replaced, not used and failed.
    # (The test before left the server running.)
    base, database, _, _ = outage
    database.stop()
    database.start()
    answers = burst(base + uncached_search())
    assert {status for status, _, _ in answers} == {200}
