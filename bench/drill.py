"""Backup and scale-out drill: a backup that is known to restore, two instances that share the load.

    bin/drill    # a throwaway PostgreSQL server, then: .venv/bin/python -m bench.drill

On a scratch database of that server (DATABASE_URL): the real data, a day of staff edits
(bench/drill_edits.py), `pg_dump -Fc` and a tar of the media folder; `pg_restore` into a fresh
database, `migrate`, then every table's rows, every sequence, every photo and the open-data files
compared with the original. Then two gunicorn instances on the restored database behind Debian's
nginx running deploy/nginx.conf (its addresses rewritten for 127.0.0.1): a login lockout and the
error-report rate limit must count across both, and 60 s of mixed GETs must all succeed while
one instance is killed (SIGKILL, workers and all) half-way and started again.
Prints its figures; exits 1 if anything differs or fails.
"""

import argparse
import contextlib
import hashlib
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg

from bench.drill_edits import METRO_USER, MUNICIPAL_USER, MUNICIPALITY
from bench.servers import (
    PYTHON,
    ROOT,
    free_port,
    load_real_data,
    manage,
    production_env,
    scratch_database,
    wait_until_healthy,
)

PASSWORD = "drill-Pa55word-" + os.urandom(4).hex()
PGBIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
# The record of who changed what, besides the history tables: never left out of a backup.
RECORD_TABLES = [
    "consultations_windowrevision",
    "consultations_errorreport",
    "django_admin_log",
    "auth_user",
]
OPEN_DATA = ["/data/windows.csv", "/data/windows.json", "/data/datapackage.json"]

MIXED_LUA = """
local paths = {PATHS}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads * 7)
end
local i = 0
ok, limited, failed = 0, 0, 0
function request()
  i = i + 1
  if i % 8 == 0 then
    -- A search no worker has cached: it needs the database.
    return wrk.format(nil, "/windows/?q=%E7%9B%B8%E8%AB%87&n=" .. offset .. "-" .. i)
  end
  return wrk.format(nil, paths[(i + offset) % #paths + 1])
end
function response(status, headers, body)
  if status < 400 then ok = ok + 1
  elseif status == 429 or (status == 503 and headers["Retry-After"]) then
    -- Asked to come back (a rate limit, or the worker's PDF slots taken): by design, not a failure.
    limited = limited + 1
  else
    failed = failed + 1
    io.write(string.format("drill: failed status %d\\n", status))
  end
end
function done(summary, latency, requests)
  local t = {ok = 0, limited = 0, failed = 0}
  for _, thread in ipairs(threads) do
    for k in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("drill: ok %d limited %d failed %d\\n", t.ok, t.limited, t.failed))
end
"""


class Instance:
    """One app instance: gunicorn in its own process group, so SIGKILL takes the workers too."""

    def __init__(self, name, env, log_dir):
        self.name, self.env, self.port = name, env, free_port()
        self.access_log = log_dir / f"{name}.access.log"
        self.errors = open(log_dir / f"{name}.errors.log", "a+b")  # noqa: SIM115
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        command = [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        command += [
            "--access-logfile",
            str(self.access_log),
            "--access-logformat",
            "%(m)s %(U)s %(s)s",
        ]
        self.process = subprocess.Popen(
            [*command, "windows_directory.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
            start_new_session=True,
        )
        wait_until_healthy(self.url, self.process, self.errors, timeout=60)

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def requests(self, method=None):
        lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
        return [line for line in lines if method is None or line.startswith(method + " ")]


class Browser:
    """A cookie-keeping client that posts forms with Django's CSRF token; never follows redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self.NoRedirect
        )

    def open(self, url, fields=None):
        data = None
        if fields is not None:
            tokens = [c.value for c in self.cookies if c.name == "csrftoken"]
            token = {"csrfmiddlewaretoken": tokens[0]} if tokens else {}
            data = urllib.parse.urlencode(token | fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def pg(tool, *args):
    return subprocess.run([str(PGBIN / tool), *args], check=True, capture_output=True, text=True)


def table_digests(url):
    """{table: (rows, sha256 of its rows sorted)} for every table, and {sequence: last value}."""
    tables = {}
    with psycopg.connect(url) as conn:
        names = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        for (name,) in names:
            data = bytearray()
            with conn.cursor().copy(f'COPY "{name}" TO STDOUT') as copy:
                for chunk in copy:
                    data += chunk
            # COPY's text format escapes newlines in values: one line per row.
            rows = sorted(bytes(data).splitlines())
            tables[name] = (len(rows), hashlib.sha256(b"\n".join(rows)).hexdigest())
        sequences = dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )
    return tables, sequences


def file_digests(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def open_data(base, photo):
    """The open-data files and the photo as the instance serves them; windows.json without its
    generated_at, the time of rendering, which differs between any two renders."""
    files = {path: get(base + path) for path in OPEN_DATA}
    document = json.loads(files["/data/windows.json"])
    del document["generated_at"]
    files["/data/windows.json"] = json.dumps(document, ensure_ascii=False).encode()
    files[f"/photos/{photo}"] = get(f"{base}/photos/{photo}")
    return files


def nginx_config(work, listen, upstreams):
    """deploy/nginx.conf with local addresses, inside the main context a conf.d file gets."""
    conf = (ROOT / "deploy/nginx.conf").read_text()
    names = re.findall(r"^\s*server\s+([\w.-]+:\d+)", conf, re.M)
    if len(names) != len(upstreams):
        raise SystemExit(f"deploy/nginx.conf has upstream servers {names}, the drill runs 2")
    for name, instance in zip(names, upstreams, strict=True):
        conf = re.sub(
            rf"(\bserver\s+){re.escape(name)}\b", rf"\g<1>127.0.0.1:{instance.port}", conf
        )
    conf = re.sub(r"\blisten\s+\d+", f"listen 127.0.0.1:{listen}", conf)
    # The load stands for many residents but comes from one address, which nginx's per-client
    # rate limits would refuse after a second; tests/deploy/ checks those limits. The zones stay.
    conf = re.sub(r"^\s*limit_req\s+zone=[^;]*;\n", "", conf, flags=re.M)
    temp = work / "nginx"
    paths = "".join(
        f"    {kind}_temp_path {temp}/{kind};\n"
        for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    )
    path = work / "nginx.conf"
    path.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {temp}/nginx.pid;\nerror_log {temp}/error.log;\n"
        + "events { worker_connections 1024; }\n"
        + f"http {{\n    access_log off;\n{paths}{conf}\n}}\n"
    )
    return path


@contextlib.contextmanager
def nginx(work, config, port):
    (work / "nginx").mkdir(exist_ok=True)
    command = [
        "nginx",
        "-p",
        str(work / "nginx"),
        "-e",
        str(work / "nginx/error.log"),
        "-c",
        str(config),
    ]
    subprocess.run([*command, "-t", "-q"], check=True)
    process = subprocess.Popen(command)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Drill:
    def __init__(self):
        self.figures = []
        self.failures = []
        self.started = time.monotonic()

    def figure(self, label, value):
        self.figures.append((label, value))
        print(f"  {label}: {value}", flush=True)

    def check(self, ok, what):
        if not ok:
            self.failures.append(what)
            print(f"  FAIL: {what}", flush=True)

    @contextlib.contextmanager
    def phase(self, name):
        print(f"== {name}", flush=True)
        start = time.monotonic()
        yield
        self.figure(f"{name} took", f"{time.monotonic() - start:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="of load (default 60)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server we may create databases on")

    drill = Drill()
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="windows-drill-")))
        source = stack.enter_context(scratch_database(server_url))
        restored = stack.enter_context(scratch_database(server_url))
        media, restored_media = work / "media", work / "restored-media"
        # The same secret on every instance: sessions and CSRF tokens hold across them.
        env = production_env(
            source,
            MEDIA_ROOT=str(media),
            STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
            PROXY_COUNT="1",
            DJANGO_STAFF_PASSWORD=PASSWORD,
        )
        restored_env = env | {"DATABASE_URL": restored, "MEDIA_ROOT": str(restored_media)}

        with drill.phase("load the data and make staff edits"):
            load_real_data(env)
            manage(env, "create_staff_user", METRO_USER, "--metro")
            manage(env, "create_staff_user", MUNICIPAL_USER, "--municipality", MUNICIPALITY)
            code = "from bench.drill_edits import make_staff_edits; make_staff_edits()"
            edits = manage(env, "shell", "--no-imports", "-c", code).stdout.strip()
            print(f"  {edits}")
            photo = edits.rsplit(" ", 1)[1]

        with drill.phase("back up"):
            dump = work / "backup.dump"
            pg("pg_dump", "-Fc", "-f", str(dump), "-d", source)
            with tarfile.open(work / "media.tar.gz", "w:gz") as tar:
                tar.add(media, arcname=".")
            drill.figure("database dump", f"{dump.stat().st_size / 1e6:.2f} MB")

        with drill.phase("restore into a fresh database"):
            pg("pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump))
            migrated = manage(restored_env, "migrate", "--no-input").stdout
            drill.check("No migrations to apply" in migrated, "migrate after restore: " + migrated)
            restored_media.mkdir()
            with tarfile.open(work / "media.tar.gz") as tar:
                tar.extractall(restored_media, filter="data")

        with drill.phase("compare"):
            (tables, sequences), (tables2, sequences2) = (
                table_digests(source),
                table_digests(restored),
            )
            differ = sorted(
                t for t in tables.keys() | tables2.keys() if tables.get(t) != tables2.get(t)
            )
            drill.check(not differ, f"tables differ after restore: {differ}")
            rows = sum(n for n, _ in tables.values())
            drill.figure("tables compared", f"{len(tables)} ({rows:,} rows): {len(differ)} differ")
            record = [t for t in sorted(tables) if "historical" in t or t in RECORD_TABLES]
            print("    the record among them: " + ", ".join(f"{t} {tables[t][0]}" for t in record))
            # migrate re-grants the staff groups' permissions with INSERT … ON CONFLICT DO
            # NOTHING (municipalities/roles.py), which draws ids it does not use: a sequence
            # may move ahead; behind, it would hand out ids that rows already have.
            behind = [s for s in sequences if (sequences2.get(s) or 0) < (sequences[s] or 0)]
            ahead = sorted(s for s in sequences if (sequences2.get(s) or 0) > (sequences[s] or 0))
            drill.check(not behind, f"sequences behind after restore: {behind}")
            drill.figure(
                "sequences compared",
                f"{len(sequences)}: {len(behind)} behind, {len(ahead)} ahead after migrate {ahead}",
            )
            photos, restored_photos = file_digests(media), file_digests(restored_media)
            drill.check(photos == restored_photos, "media files differ after restore")
            drill.figure(
                "media files compared",
                f"{len(photos)}: {'identical' if photos == restored_photos else 'DIFFERENT'}",
            )
            original, copy = (
                Instance("original", env, work),
                Instance("restored", restored_env, work),
            )
            try:
                original.start()
                copy.start()
                served, served2 = open_data(original.url, photo), open_data(copy.url, photo)
            finally:
                original.stop()
                copy.stop()
            for path, body in served.items():
                same = body == served2[path]
                drill.check(same, f"{path} differs between the original and the restored database")
                print(f"    {path}: {len(body):,} bytes, {'identical' if same else 'DIFFERENT'}")

        instances = [Instance("a", restored_env, work), Instance("b", restored_env, work)]
        for instance in instances:
            stack.callback(instance.stop)
        with drill.phase("two instances behind nginx"):
            for instance in instances:
                instance.start()
            port = free_port()
            base = stack.enter_context(nginx(work, nginx_config(work, port, instances), port))
            shared_counters(drill, base, instances, restored)

        with drill.phase(f"{args.seconds} s of mixed load, one instance killed half-way"):
            load(drill, base, instances, work, args)

    drill.figure("drill took", f"{time.monotonic() - drill.started:.0f} s")
    if drill.failures:
        print(f"\nFAILED: {len(drill.failures)} check(s)", file=sys.stderr)
        for failure in drill.failures:
            print(f"  {failure}", file=sys.stderr)
        sys.exit(1)
    print("\nOK: the backup restored identically; no GET failed; counters held across instances")


def shared_counters(drill, base, instances, database):
    """A lockout and the report rate limit counted through nginx must hold on each instance."""
    login = "/admin/login/"
    browser = Browser()
    browser.open(base + login)
    before = [len(i.requests("POST")) for i in instances]
    wrong = {"username": METRO_USER, "password": "wrong-password", "next": "/admin/"}
    statuses = [browser.open(base + login, wrong)[0] for _ in range(5)]
    time.sleep(0.5)  # a worker writes its access-log line after it has answered
    spread = [len(i.requests("POST")) - n for i, n in zip(instances, before, strict=True)]
    right = wrong | {"password": PASSWORD}
    direct = [browser.open(i.url + login, right)[0] for i in instances]
    drill.check(statuses == [200] * 4 + [429], f"5 wrong passwords: {statuses}")
    drill.check(min(spread) > 0, f"the wrong passwords did not reach both instances: {spread}")
    drill.check(direct == [429, 429], f"lockout after 5 wrong passwords: {direct}")
    drill.figure(
        "login lockout",
        f"5 wrong passwords through nginx ({spread[0]} on a, {spread[1]} on b: {statuses}); "
        f"the right one then, on a and b directly: {direct}",
    )

    with psycopg.connect(database) as conn:
        (pk,) = conn.execute(
            "SELECT id FROM consultations_consultationwindow WHERE published ORDER BY id LIMIT 1"
        ).fetchone()
    report = f"/windows/{pk}/report/"
    before = [len(i.requests("POST")) for i in instances]
    statuses = [Browser().open(base + report, {"what": f"訓練{n}"})[0] for n in range(5)]
    time.sleep(0.5)
    spread = [len(i.requests("POST")) - n for i, n in zip(instances, before, strict=True)]
    direct = [Browser().open(i.url + report, {"what": "訓練"})[0] for i in instances]
    drill.check(statuses == [303] * 5, f"the first 5 reports: {statuses}")
    drill.check(min(spread) > 0, f"the reports did not reach both instances: {spread}")
    drill.check(direct == [429, 429], f"the report limit after 5 reports: {direct}")
    drill.figure(
        "report rate limit",
        f"5 reports through nginx ({spread[0]} on a, {spread[1]} on b: {statuses}); "
        f"a 6th on a and b directly: {direct}",
    )


def socket_errors(wrk_output):
    found = re.search(r"Socket errors: (.*)", wrk_output)
    return found.group(1) if found else "none"


def load(drill, base, instances, work, args):
    # Here, not at the top: importing bench/http.py rewrites sys.path[0] (see there).
    from bench.http import parse_wrk

    home = get(base + "/").decode()
    paths = [
        "/",
        "/guide/",
        "/windows/?method=email&who=family",
        "/leaflets/131016.pdf",
        *OPEN_DATA,
    ]
    paths += sorted(set(re.findall(r'href="(/municipalities/\d{6}/)"', home)))
    paths += sorted(set(re.findall(r'href="(/windows/\d+/)"', get(base + "/windows/").decode())))
    script = work / "mixed.lua"
    script.write_text(MIXED_LUA.replace("{PATHS}", "{" + ",".join(f'"{p}"' for p in paths) + "}"))
    victim = instances[0]
    before = [len(i.requests()) for i in instances]
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
    wrk = subprocess.Popen(
        # A browser waits longer than wrk's default 2 s; 30 s unanswered on this shared machine is a failure.
        [*command, "--timeout", "30s", "-s", str(script), base + "/"],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(args.seconds / 2)
    victim.kill()
    killed_at = time.monotonic()
    served_before_kill = len(victim.requests()) - before[0]
    victim.start()
    restart = time.monotonic() - killed_at
    restarted_at = len(victim.requests())
    output, _ = wrk.communicate(timeout=args.seconds + 60)
    result = parse_wrk(output)
    ok, limited, failed = map(
        int, re.search(r"drill: ok (\d+) limited (\d+) failed (\d+)", output).groups()
    )
    after_restart = len(victim.requests()) - restarted_at
    other = len(instances[1].requests()) - before[1]
    upstream_errors = [
        line for line in (work / "nginx/error.log").read_text().splitlines() if "upstream" in line
    ]
    for line in upstream_errors[:3]:
        print("    nginx: " + line[:160])
    failed_statuses = re.findall(r"^drill: failed status (\d+)$", output, re.M)
    if failed_statuses:
        print(f"    failed answers by status: {dict(sorted(Counter(failed_statuses).items()))}")
    drill.figure(
        "requests",
        f"{result['requests']:,} over {len(paths) + 1} kinds of page ({result['rps']:.0f}/s, "
        f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, {args.connections} connections)",
    )
    drill.figure(
        "served by",
        f"a {served_before_kill:,} before its kill, {after_restart:,} after its restart; b {other:,}",
    )
    drill.figure(
        "a killed, back up in",
        f"{restart:.1f} s; nginx logged {len(upstream_errors)} upstream errors (retried)",
    )
    drill.figure(
        "answers",
        f"{ok:,} 2xx/3xx, {limited} asked to retry later (429 or 503 with Retry-After: "
        f"PDF slots taken), {failed} other errors, "
        f"socket errors: {socket_errors(output)}",
    )
    drill.check(failed == 0 and result["socket_errors"] == 0, "a GET failed under load")
    drill.check(after_restart > 0, "the restarted instance got no requests")


if __name__ == "__main__":
    main()
