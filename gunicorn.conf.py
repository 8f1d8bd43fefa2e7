"""gunicorn settings for the container; the environment overrides each (bench/http.py does)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: every view is short and mostly CPU (templates) plus one or two indexed queries,
# and nginx in front buffers slow clients. 2 × cores + 1 is gunicorn's own advice.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * len(os.sched_getaffinity(0)) + 1))
# The all-Tokyo PDF takes a few seconds on a small machine; anything past a minute is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak (e.g. in PDF rendering) cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
# Oversized request lines and headers get a 400 from gunicorn before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
