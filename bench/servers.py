"""gunicorn on a scratch database: shared by bench/http.py and the multi-worker tests."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FIXTURES = ["fixtures/municipalities.json", "fixtures/windows.json"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database_url, **extra):
    """The production settings, over plain HTTP on 127.0.0.1."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "STATIC", "DEBUG", "SECRET_KEY"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "windows_directory.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        **extra,
    }


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


@contextlib.contextmanager
def scratch_database(postgres_url=None):
    """A fresh database URL: SQLite in a temp dir, or a new database on ``postgres_url``'s server."""
    if not postgres_url:
        with tempfile.TemporaryDirectory(prefix="windows-db-") as tmp:
            yield f"sqlite:///{tmp}/db.sqlite3"
        return
    import psycopg

    name = "scratch_" + secrets.token_hex(6)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(postgres_url)._replace(path="/" + name))
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_real_data(env):
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "loaddata", *FIXTURES, "-v0")


class Server(str):
    """The base URL of a running gunicorn, with the master's process id."""

    pid: int


def worker_cpu_seconds(server):
    """User + system CPU seconds used so far by the server's worker processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for task in Path(f"/proc/{server.pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(FileNotFoundError):
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
    return total / tick


@contextlib.contextmanager
def gunicorn(env, port=None, workers=2, access_log=None):
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1; yields its base URL."""
    port = port or free_port()
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    if access_log:
        command += ["--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s %(U)s"]
    env = {"GUNICORN_ACCESSLOG": ""} | env
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [*command, "windows_directory.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        base = Server(f"http://127.0.0.1:{port}")
        base.pid = process.pid
        try:
            wait_until_healthy(base, process, errors)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_healthy(base, process, errors, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors.seek(0)
            raise RuntimeError("gunicorn exited:\n" + errors.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while workers boot
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {base}/healthz within {timeout} s")


class Postgres(str):
    """A throwaway server's URL, with stop() and start() for tests of an outage."""

    stop: Callable[[], None]
    start: Callable[[], None]


@contextlib.contextmanager
def throwaway_postgres(port=54329):
    """A PostgreSQL server in a temp dir on 127.0.0.1 (the recipe bin/bootstrap uses); its URL."""
    import glob
    import shutil

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if not bins:
        raise SystemExit("PostgreSQL server binaries not found: apt-get install postgresql")
    pgbin = bins[-1]
    tmp = tempfile.mkdtemp(prefix="windows-pg-")
    as_postgres = []
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data = f"{tmp}/data"

    def run(*args):
        subprocess.run([*as_postgres, *args], check=True, capture_output=True)

    def start():
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off"
        run(f"{pgbin}/pg_ctl", "-D", data, "-l", f"{tmp}/log", "-w", "-o", options, "start")

    def stop():
        run(f"{pgbin}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")

    run(f"{pgbin}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
    start()
    try:
        run(
            f"{pgbin}/psql",
            *("-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"),
            *("-c", "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB"),
            *("-c", "CREATE DATABASE app OWNER app"),
        )
        url = Postgres(f"postgres://app:app@127.0.0.1:{port}/app")
        url.stop, url.start = stop, start
        yield url
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            stop()
        shutil.rmtree(tmp, ignore_errors=True)
