"""gunicorn settings for the container; the environment overrides each (bench/http.py does)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Every page is short and mostly CPU (templates) plus one or two indexed queries, and nginx in
# front buffers slow clients: 2 × cores + 1 processes is gunicorn's own advice. A PDF takes
# seconds, though, and with one request per process (sync workers) eight PDFs at once took every
# worker and /healthz waited 32 s (issue 20). So each process has a few threads, and at most
# PDF_CONCURRENCY of them render a PDF while as many more wait for a turn
# (consultations/printing/pdf_limit.py); a PDF past those gets a 503 at once. With the defaults (1 and 4)
# two threads of every process are always left for the other pages.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * len(os.sched_getaffinity(0)) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# One thread is a sync worker again (a test that needs a fresh process per request asks for it).
worker_class = "gthread" if threads > 1 else "sync"
# With threads a long request no longer silences the worker, so this catches a hung process,
# not a slow PDF; nginx gives up on an answer after 65 s (deploy/nginx.conf).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Load Django once in the master: workers fork ready (fast restarts, shared memory pages).
# Deploys replace the container, so reloading code on HUP is not needed.
preload_app = True
# Recycle workers now and then so a slow leak (e.g. in PDF rendering) cannot grow for ever;
# rarely enough that a busy worker (1,000+ requests/s) is not restarting every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
# Oversized request lines and headers get a 400 from gunicorn before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
