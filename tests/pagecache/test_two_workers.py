"""The page cache across processes: gunicorn with two workers on a scratch copy of the real data."""

import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import gunicorn, load_real_data, manage, production_env, scratch_database

WINDOW_URL = "/windows/1/"
REQUESTS = 48


def fetch(url, headers=None, data=None):
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def burst(url, headers=None):
    """Many requests at once, so both workers take some."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: fetch(url, headers), range(REQUESTS)))


def pids(log, after=0):
    return {line.split()[0] for line in log.read_text().splitlines()[after:]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = database_url if database_url.startswith("postgres") else None
    with scratch_database(postgres) as url:
        env = production_env(
            url, STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage"
        )
        load_real_data(env)
        log = tmp_path_factory.mktemp("gunicorn") / "access.log"
        with gunicorn(env, workers=2, access_log=log) as base:
            yield base, env, log


def test_a_save_is_served_by_every_worker_on_the_next_request(server):
    base, env, log = server
    # On a loaded machine one worker can take a whole burst; a few more bursts reach the other.
    before = []
    for _ in range(5):
        before += burst(base + WINDOW_URL)
        if len(pids(log)) == 2:
            break
    assert len(pids(log)) == 2, "both workers must have cached the old page"
    old_etag = before[0][1]["ETag"]
    assert {etag for _, headers, _ in before for etag in [headers["ETag"]]} == {old_etag}

    renamed = "二つのワーカーで確かめる窓口"
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from consultations.models import ConsultationWindow as W\n"
        f"w = W.objects.get(pk=1); w.name = '{renamed}'; w.save()",
    )

    seen = len(log.read_text().splitlines())
    after = []
    for _ in range(5):
        after += burst(base + WINDOW_URL, {"If-None-Match": old_etag})
        if len(pids(log, after=seen)) == 2:
            break
    assert len(pids(log, after=seen)) == 2
    assert {status for status, _, _ in after} == {200}
    assert all(renamed in html for _, _, html in after)
    new_etag = after[0][1]["ETag"]
    assert new_etag != old_etag

    revalidated = burst(base + WINDOW_URL, {"If-None-Match": new_etag})
    assert [status for status, _, _ in revalidated] == [304] * REQUESTS


def test_public_pages_set_no_cookies_over_http(server):
    base, _, _ = server
    for path in ["/", "/municipalities/131016/", "/windows/?method=email&who=family", WINDOW_URL]:
        status, headers, _ = fetch(base + path)
        assert status == 200
        assert "Set-Cookie" not in headers
        assert headers["Cache-Control"] == "public, max-age=60"


def test_an_oversized_query_string_is_refused_cleanly(server):
    base, _, _ = server
    status, _, body = fetch(base + "/windows/?q=" + "a" * 10_000)
    assert status in (400, 414)
    assert "too large" in body.lower()


def test_an_oversized_body_is_refused_cleanly(server):
    base, _, _ = server
    # A real form post: the CSRF cookie and token pass, then Django meets the 3 MB body.
    status, headers, _ = fetch(base + "/admin/login/")
    token = headers["Set-Cookie"].split("csrftoken=")[1].split(";")[0]
    status, _, body = fetch(
        base + "/admin/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
        },
        data=b"username=" + b"a" * 3_000_000,
    )
    assert status == 400
    assert "リクエストを処理できません" in body
