import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import STAFF_PASSWORD


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="192.0.2.10",
    )


@pytest.mark.django_db
def test_staff_log_in_with_their_password(client, adachi_staff):
    response = log_in(client, adachi_staff.username, STAFF_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("admin:index")


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(client, adachi_staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, adachi_staff.username, "wrong-password")
    response = log_in(client, adachi_staff.username, STAFF_PASSWORD)
    assert response.status_code == 429
    assert "ログインを一時停止しています" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_few_wrong_passwords_do_not_lock_the_account(client, adachi_staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, adachi_staff.username, "wrong-password")
    assert log_in(client, adachi_staff.username, STAFF_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_lockout_of_one_user_leaves_colleagues_alone(client, adachi_staff, metro_staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, adachi_staff.username, "wrong-password")
    assert log_in(client, metro_staff.username, STAFF_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_one_address_cannot_lock_out_another(client, adachi_staff, settings):
    # Every request reaches the app from nginx; the lockout must follow the real client.
    settings.PROXY_COUNT = 1
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            login,
            {"username": adachi_staff.username, "password": "wrong-password"},
            REMOTE_ADDR="172.18.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    response = client.post(
        login,
        {"username": adachi_staff.username, "password": STAFF_PASSWORD, "next": "/"},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302
