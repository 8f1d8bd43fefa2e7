"""deploy/nginx.conf: nginx accepts it, it limits request rates (PDFs far more than pages), and
a busy instance's 503 reaches the client without taking the instance out of the pool.

The real nginx runs it (Debian's nginx-light, which bin/test installs), with the compose
service names swapped for two stand-in apps on this machine.
"""

import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.servers import free_port

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def rate_per_second(zone):
    text = CONF.read_text()
    number, unit = re.search(rf"zone={zone}:\S+ rate=(\d+)r/([sm]);", text).groups()
    return int(number) / (60 if unit == "m" else 1)


def test_it_limits_pdfs_to_a_far_lower_rate_than_pages():
    text = CONF.read_text()
    pdfs = re.search(r"location ~ \\\.pdf\$ \{(.*?)\}", text, re.S).group(1)
    pages = re.search(r"location / \{(.*?)\}", text, re.S).group(1)
    assert "limit_req zone=pdfs" in pdfs and "limit_req zone=pages" in pages
    assert rate_per_second("pdfs") * 10 < rate_per_second("pages")


class StandInApp(BaseHTTPRequestHandler):
    """Answers like the app: 200, or 503 with Retry-After for a PDF while it is busy."""

    def do_GET(self):
        busy = self.path.startswith("/busy")
        self.send_response(503 if busy else 200)
        if busy:
            self.send_header("Retry-After", "10")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def apps():
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), StandInApp) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield [server.server_address[1] for server in servers]
    for server in servers:
        server.shutdown()


def local_config(tmp_path, apps, port):
    """deploy/nginx.conf pointed at the stand-in apps, inside a minimal main configuration."""
    site = CONF.read_text()
    for name, app_port in zip(["app1:8000", "app2:8000"], apps, strict=True):
        assert site.count(f"server {name} ") == 1
        site = site.replace(f"server {name} ", f"server 127.0.0.1:{app_port} ")
    assert site.count("listen 8080;") == 1
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    (tmp_path / "default.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"""
        daemon off;
        {"user root;" if os.geteuid() == 0 else ""}
        worker_processes 1;
        pid {tmp_path}/nginx.pid;
        error_log stderr;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            include {tmp_path}/default.conf;
        }}
        """
    )
    return main


def test_nginx_accepts_the_config(tmp_path, apps):
    assert Path(NGINX).exists(), "nginx is missing: apt-get install nginx-light"
    config = local_config(tmp_path, apps, free_port())
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def nginx(tmp_path, apps):
    assert Path(NGINX).exists(), "nginx is missing: apt-get install nginx-light"
    port = free_port()
    config = local_config(tmp_path, apps, port)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(config)], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(process.stderr.read().decode()) from None
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(timeout=10)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_a_burst_of_pdfs_gets_429_with_retry_after_while_pages_still_answer(nginx):
    pdfs = [get(f"{nginx}/leaflets/131164.pdf?r={n}") for n in range(20)]
    refused = [(headers, body) for status, headers, body in pdfs if status == 429]
    assert 5 <= len(refused) < 20
    headers, body = refused[0]
    assert headers["Retry-After"] == "10"
    assert "Too many requests" in body and "アクセスが集中しています" in body
    assert [get(f"{nginx}/municipalities/131164/")[0] for _ in range(20)] == [200] * 20


def test_a_busy_instances_503_reaches_the_client_and_leaves_the_instances_in_the_pool(nginx):
    busy = [get(f"{nginx}/busy.pdf") for _ in range(4)]
    assert [(status, headers["Retry-After"]) for status, headers, _ in busy] == [(503, "10")] * 4
    # Counted as failures, four 503s would have taken both instances out: 502 for everyone.
    assert get(f"{nginx}/")[0] == 200
