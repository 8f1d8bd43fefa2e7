import os
import re
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "kx8$2vQ!mZ7#pL4@nR9^tW1&yB6*cF3(hJ5)dS0_gA8+eU2=iO7-wE4~oT6%",
    "ALLOWED_HOSTS": "soudan.example.lg.jp",
    "CSRF_TRUSTED_ORIGINS": "https://soudan.example.lg.jp",
    "TRUST_X_FORWARDED_PROTO": "1",
    "SITE_URL": "https://soudan.example.lg.jp",
}


def manage(*args, env):
    """Run manage.py with the production settings and only ``env`` for configuration."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "SECRET_KEY", "DEBUG", "STATICFILES_"))
    }
    environ = inherited | {"DJANGO_SETTINGS_MODULE": "windows_directory.settings"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_a_plain_http_setup():
    env = PRODUCTION_ENV | {"SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_check_deploy_requires_the_site_url_leaflets_print():
    env = PRODUCTION_ENV | {"SITE_URL": ""}  # as if unset: the default is empty without DEBUG
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "consultations.E001" in result.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = PRODUCTION_ENV.copy()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_admin_moves_to_admin_path():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    env = PRODUCTION_ENV | {"ADMIN_PATH": "/kanri-7f3a/"}
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.strip() == "/kanri-7f3a/", result.stderr


def test_readyz_says_503_and_healthz_ok_when_the_database_is_down():
    code = (
        "from django.test import Client; "
        "print(Client().get('/readyz').status_code, Client().get('/healthz').status_code)"
    )
    env = PRODUCTION_ENV | {
        "DATABASE_URL": "postgres://app:app@127.0.0.1:9/app",  # discard port: nothing listens
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "testserver",
    }
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.strip() == "503 200", result.stderr


def test_collectstatic_keeps_only_the_hashed_copies(tmp_path):
    env = PRODUCTION_ENV | {"STATIC_ROOT": str(tmp_path)}
    # Django's and import-export's own files take most of the time and follow the same rule.
    ignore = ["-i", "admin", "-i", "import_export"]
    result = manage("collectstatic", "--no-input", "-v0", *ignore, env=env)
    assert result.returncode == 0, result.stderr
    names = {path.name for path in (tmp_path / "css").iterdir()}
    assert "site.css" not in names
    assert any(re.fullmatch(r"site\.[0-9a-f]{12}\.css(\.br|\.gz)?", name) for name in names)


def test_a_postgres_connection_attempt_gives_up_after_a_few_seconds():
    code = "from django.db import connection; print(connection.get_connection_params()['connect_timeout'])"
    env = PRODUCTION_ENV | {"DATABASE_URL": "postgres://app:app@127.0.0.1:9/app"}
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.strip() == "5", result.stderr
