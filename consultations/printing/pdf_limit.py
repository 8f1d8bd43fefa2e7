"""At most a few PDFs render at once in a worker process; past that, a 503 with Retry-After.

A PDF costs seconds of CPU, a page milliseconds. Without a limit, eight PDF requests at once
took every worker and /healthz waited 32 s (issue 20). Now PDF_CONCURRENCY render at a time
per process, and at most as many more wait (up to PDF_WAIT_SECONDS) for a turn: a request past
those is refused at once rather than queued, so PDFs never hold more than 2 × PDF_CONCURRENCY
of a worker's threads and the others keep serving pages (gunicorn.conf.py).
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.shortcuts import render

# A render takes 0.5-7 s: by then a slot has most likely come free.
RETRY_AFTER_SECONDS = 10


class Busy(Exception):
    """No render slot came free in time: answered with a 503 by BusyMiddleware."""


class RenderLimit:
    def __init__(self, size):
        self.rendering = threading.BoundedSemaphore(size)
        self.waiting = threading.BoundedSemaphore(size)

    @contextmanager
    def slot(self):
        if not self.rendering.acquire(blocking=False):
            if not self.waiting.acquire(blocking=False):
                raise Busy
            try:
                free = self.rendering.acquire(timeout=settings.PDF_WAIT_SECONDS)
            finally:
                self.waiting.release()
            if not free:
                raise Busy
        try:
            yield
        finally:
            self.rendering.release()


_limit = None
_lock = threading.Lock()


def render_limit():
    """This process's limit, made on first use (in each gunicorn worker, after the fork)."""
    global _limit
    with _lock:
        if _limit is None:
            _limit = RenderLimit(settings.PDF_CONCURRENCY)
    return _limit


def render_slot():
    """Hold one of this process's render slots while making a PDF; Busy if none comes free."""
    return render_limit().slot()


def busy_response(request):
    # The same document as HTML, to print from the browser: every PDF URL has one without .pdf.
    html = None
    if request.path.endswith(".pdf"):
        query = request.META.get("QUERY_STRING", "")
        html = request.path.removesuffix(".pdf") + "/" + (f"?{query}" if query else "")
    context = {"html_version": html, "retry_after": RETRY_AFTER_SECONDS}
    response = render(request, "pdf_busy.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyMiddleware:
    """Answer a view's Busy, whichever view renders the PDF (pages, the admin's leaflet action)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Busy):
            return busy_response(request)
        return None
