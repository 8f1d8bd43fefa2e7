"""At most PDF_CONCURRENCY PDFs render at once in a process; past that, a 503 with Retry-After."""

import threading
import time

import pytest
from django.core.cache import caches

from consultations.printing.pdf_limit import RETRY_AFTER_SECONDS, Busy, RenderLimit, render_limit


@pytest.fixture(autouse=True)
def empty_page_cache():
    # A cached PDF is served without rendering: these tests need the render.
    caches["pages"].clear()


@pytest.fixture
def slots_taken(settings):
    """Every render slot of this process held, as by other requests rendering."""
    settings.PDF_WAIT_SECONDS = 0.05
    limit = render_limit()
    taken = [limit.rendering.acquire(blocking=False) for _ in range(settings.PDF_CONCURRENCY)]
    assert all(taken)
    yield limit
    for _ in taken:
        limit.rendering.release()


@pytest.mark.django_db
def test_a_pdf_asked_for_while_every_slot_is_taken_gets_503_with_retry_after(
    client, support_net, slots_taken
):
    response = client.get(f"/leaflets/{support_net.municipality_id}.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "ただいまPDFの作成が混み合っています" in response.content.decode()


@pytest.mark.django_db
def test_the_busy_page_is_in_english_under_en(client, support_net, slots_taken):
    response = client.get("/en/memo.pdf")
    html = response.content.decode()
    assert response.status_code == 503
    assert '<html lang="en">' in html
    assert "Too many PDFs are being made right now" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pdf", "page"),
    [
        ("/windows/print.pdf?region=多摩", "/windows/print/?region=%E5%A4%9A%E6%91%A9"),
        ("/list.pdf?w=2,1", "/list/?w=2%2C1"),
        ("/memo.pdf", "/memo/"),
        ("/leaflets/all.pdf", "/leaflets/all/"),
        ("/en/leaflets/130001.pdf", "/en/leaflets/130001/"),
    ],
)
def test_the_busy_page_links_to_the_same_document_to_print_from_the_browser(
    client, support_net, slots_taken, pdf, page
):
    html = client.get(pdf).content.decode()
    assert f'href="{page}" rel="nofollow"' in html
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_a_busy_answer_is_never_kept_as_the_public_page(client, support_net, slots_taken):
    response = client.get("/memo.pdf")
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "ETag" not in response.headers


@pytest.mark.django_db
def test_a_request_past_the_waiting_ones_is_refused_at_once(
    client, support_net, slots_taken, settings
):
    settings.PDF_WAIT_SECONDS = 30
    slots_taken.waiting.acquire()  # as by another request waiting for a turn
    try:
        started = time.monotonic()
        response = client.get("/memo.pdf")
    finally:
        slots_taken.waiting.release()
    assert response.status_code == 503
    assert time.monotonic() - started < 5


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_waiting_request_renders_once_a_slot_comes_free(client, support_net, settings):
    settings.PDF_WAIT_SECONDS = 10
    limit = render_limit()
    assert limit.rendering.acquire(blocking=False)
    threading.Timer(0.3, limit.rendering.release).start()
    response = client.get("/memo.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_failed_render_gives_its_slot_back(settings):
    limit = RenderLimit(1)
    with pytest.raises(ValueError), limit.slot():
        raise ValueError("WeasyPrint could not lay the page out")
    with limit.slot():
        pass


def test_a_limit_of_two_lets_two_render_and_refuses_the_third_after_waiting(settings):
    settings.PDF_WAIT_SECONDS = 0.05
    limit = RenderLimit(2)
    with limit.slot(), limit.slot(), pytest.raises(Busy), limit.slot():
        pass
