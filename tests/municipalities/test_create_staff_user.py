import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from municipalities.roles import ALL_MUNICIPALITIES, staff_municipality

PASSWORD = "kakunin-2025-madoguchi"


def run(*args):
    call_command("create_staff_user", *args, stdout=open("/dev/null", "w"))
    return get_user_model().objects.get(username=args[0])


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", PASSWORD)
    return PASSWORD


@pytest.mark.django_db
def test_it_creates_municipal_staff_who_can_log_in(adachi, password):
    user = run("adachi1", "--municipality", "131211")
    assert staff_municipality(user) == "131211"
    assert [g.name for g in user.groups.all()] == ["区市町村職員"]
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="adachi1", password=password) == user


@pytest.mark.django_db
def test_it_creates_metropolitan_staff(password):
    user = run("tocho1", "--metro")
    assert user.is_staff and staff_municipality(user) == ALL_MUNICIPALITIES


@pytest.mark.django_db
def test_running_it_again_updates_the_role(adachi, password):
    run("someone", "--municipality", "131211")
    user = run("someone", "--metro")
    assert staff_municipality(user) == ALL_MUNICIPALITIES
    assert [g.name for g in user.groups.all()] == ["都職員"]
    assert get_user_model().objects.filter(username="someone").count() == 1


@pytest.mark.django_db
def test_it_refuses_an_unknown_code(password):
    with pytest.raises(CommandError, match="131210"):
        run("adachi1", "--municipality", "131210")


@pytest.mark.django_db
def test_it_refuses_a_weak_password(adachi, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "1234")
    with pytest.raises(CommandError, match="パスワード"):
        run("adachi1", "--municipality", "131211")


@pytest.mark.django_db
def test_it_leaves_superusers_alone(admin_user, password):
    with pytest.raises(CommandError, match="スーパーユーザー"):
        run(admin_user.username, "--metro")


@pytest.mark.django_db
def test_it_asks_for_the_password_when_none_is_set(adachi, monkeypatch):
    monkeypatch.delenv("DJANGO_STAFF_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    user = run("adachi2", "--municipality", "131211")
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_it_needs_a_role(password):
    with pytest.raises(CommandError):
        call_command("create_staff_user", "nobody")


def readme_line(marker):
    """The README line holding `marker`, as a reader would copy it (without its # comment)."""
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if marker in line)
    return re.sub(r"\s+#.*$", "", line).strip()


def test_the_readme_example_works_as_written_on_a_machine_set_up_by_bin_serve(tmp_path):
    # A fresh shell: no DEBUG, no SECRET_KEY; only the database is moved out of the way.
    shell = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    serve = {**shell, "DEBUG": "1"}  # what bin/serve runs migrate and loaddata with
    for step in (["migrate", "-v0"], ["loaddata", "fixtures/municipalities.json", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *step], cwd=settings.BASE_DIR, env=serve, check=True
        )
    command = readme_line("create_staff_user adachi_tanaka").replace("'…'", f"'{PASSWORD}'")
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=settings.BASE_DIR,
        env=shell,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "adachi_tanaka を区市町村職員（足立区 131211）として作成しました。" in result.stdout


@pytest.mark.django_db
def test_it_sets_the_address_notices_go_to(adachi, password):
    user = run("adachi2", "--municipality", "131211", "--email", "tanaka@city.adachi.example.jp")
    assert user.email == "tanaka@city.adachi.example.jp"


@pytest.mark.django_db
def test_it_keeps_the_address_when_run_again_without_one(password):
    run("tocho2", "--metro", "--email", "sato@metro.example.jp")
    assert run("tocho2", "--metro").email == "sato@metro.example.jp"


@pytest.mark.django_db
def test_it_refuses_a_malformed_address(password):
    with pytest.raises(CommandError, match="メールアドレス"):
        run("tocho3", "--metro", "--email", "sato at metro")
    assert not get_user_model().objects.filter(username="tocho3").exists()
