"""gunicorn.conf.py with the PDF render limit: PDFs at once leave the other pages answering."""

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import gunicorn, load_real_data, production_env, scratch_database

# Four different searches, so the page cache answers none of them: each is a render.
PDFS = [
    "/windows/print.pdf",
    "/windows/print.pdf?region=%E5%8C%BA%E9%83%A8",
    "/windows/print.pdf?region=%E5%A4%9A%E6%91%A9",
    "/windows/print.pdf?method=phone",
]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, dict(response.headers), time.monotonic()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), time.monotonic()


@pytest.fixture(scope="module")
def server():
    with scratch_database() as url:
        env = production_env(
            url,
            STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
            SITE_URL="http://127.0.0.1:8000",
            PDF_WAIT_SECONDS="0.5",
        )
        load_real_data(env)
        # One worker process: whatever else it answers, it answers beside the PDFs.
        with gunicorn(env, workers=1) as base:
            yield base


@pytest.mark.pdf
def test_the_worker_answers_pages_while_it_renders_and_refuses_the_surplus_pdfs(server):
    with ThreadPoolExecutor(max_workers=len(PDFS)) as pool:
        pdfs = [pool.submit(fetch, server + path) for path in PDFS]
        time.sleep(0.3)  # the PDFs have reached the worker
        health = fetch(server + "/healthz")
        home = fetch(server + "/")
        results = [future.result() for future in pdfs]
    rendered = [done for status, _, done in results if status == 200]
    refused = [headers for status, headers, _ in results if status == 503]
    assert rendered and refused and len(rendered) + len(refused) == len(PDFS)
    assert all(headers["Retry-After"].isdigit() for headers in refused)
    # Both answered while a PDF was still rendering, not queued behind it.
    assert health[0] == home[0] == 200
    assert home[2] < max(rendered)
