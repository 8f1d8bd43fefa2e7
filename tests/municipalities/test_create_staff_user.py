import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from municipalities.models import ALL_MUNICIPALITIES, staff_municipality

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
