"""What must hold across workers lives in the shared cache: gunicorn restarts its worker after
every request here, so no request is served by the process that served the one before."""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from bench.servers import gunicorn, load_real_data, manage, production_env, scratch_database

PASSWORD = "shared-state-Pa55word"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = database_url if database_url.startswith("postgres") else None
    with scratch_database(postgres) as url:
        env = production_env(
            url,
            STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
            GUNICORN_MAX_REQUESTS="1",
            # Sync workers: a threaded one may take another connection before it stops.
            GUNICORN_THREADS="1",
            DJANGO_STAFF_PASSWORD=PASSWORD,
        )
        load_real_data(env)
        manage(env, "create_staff_user", "tocho_test", "--metro")
        log = tmp_path_factory.mktemp("gunicorn") / "access.log"
        with gunicorn(env, workers=2, access_log=log) as base:
            yield base, log


class Browser:
    """A cookie-keeping client that sends Django's CSRF token like a form would."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(self, path, data=None, content_type=None):
        headers = {"Referer": self.base + path}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self):
        tokens = [c.value for c in self.cookies if c.name == "csrftoken"]
        return {"csrfmiddlewaretoken": tokens[0]} if tokens else {}

    def post(self, path, fields):
        body = urllib.parse.urlencode({**self.csrf(), **fields}).encode()
        return self.open(path, body, "application/x-www-form-urlencoded")

    def post_file(self, path, fields, name, content):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in {**self.csrf(), **fields}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; '
            f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.open(path, body, f"multipart/form-data; boundary={boundary}")


def served_by(log):
    return [line.split()[0] for line in log.read_text().splitlines()]


def test_the_report_rate_limit_holds_across_workers(server):
    base, log = server
    seen = len(served_by(log))
    browser = Browser(base)
    statuses = [browser.post("/windows/1/report/", {"what": f"誤り{n}"})[0] for n in range(6)]
    assert statuses == [200] * 5 + [429]  # 303 to the thanks page, followed
    pids = served_by(log)[seen:]
    assert len(set(pids)) == len(pids), "each request must come from a fresh worker"


def test_an_import_confirmation_holds_across_workers(server):
    base, log = server
    browser = Browser(base)
    browser.open("/admin/login/")
    status, _ = browser.post(
        "/admin/login/", {"username": "tocho_test", "password": PASSWORD, "next": "/admin/"}
    )
    assert status == 200
    columns = ["id", "municipality", "version", "name"]
    status, export = browser.post(
        "/admin/consultations/consultationwindow/export/",
        {"format": "0", "resource": "0", **{f"windowresource_{c}": "on" for c in columns}},
    )
    assert status == 200, export
    lines = export.lstrip("\ufeff").splitlines()
    header, first = lines[0], lines[1].split(",")
    first[header.split(",").index("窓口名")] = "二つのワーカーで確かめる窓口"
    rows = header + "\r\n" + ",".join(first) + "\r\n"
    status, preview = browser.post_file(
        "/admin/consultations/consultationwindow/import/",
        {"resource": "0", "format": "0"},
        "windows.csv",
        rows.encode("utf-8-sig"),
    )
    assert status == 200 and 'name="import_file_name"' in preview, preview[-2000:]
    confirm = dict(
        re.findall(
            r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"', preview
        )
    )
    status, done = browser.post("/admin/consultations/consultationwindow/process_import/", confirm)
    assert status == 200 and "取込が終わりました" in done
    status, _ = browser.post("/admin/consultations/consultationwindow/process_import/", confirm)
    assert status == 400
    pids = served_by(log)
    assert len(set(pids)) == len(pids)
