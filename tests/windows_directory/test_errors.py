import pytest
from django.test import Client

from tests.windows_directory import error_urls


@pytest.fixture
def client():
    # Exceptions become the error pages a visitor sees, as in production.
    return Client(raise_request_exception=False)


def test_it_answers_503_with_retry_after_when_the_database_cannot_be_reached(client, database_down):
    response = client.get("/windows/?q=xyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "ただいま表示できません" in response.content.decode()


def test_it_answers_in_english_under_en(client, database_down):
    html = client.get("/en/windows/?q=xyz").content.decode()
    assert '<html lang="en">' in html
    assert "Temporarily unavailable" in html


def test_a_staff_login_says_that_nothing_was_saved_and_how_to_send_it_again(client, database_down):
    response = client.post("/admin/login/", {"username": "staff", "password": "secret"})
    assert response.status_code == 503
    assert "送信された内容は保存されていません" in response.content.decode()


def test_a_page_read_with_get_does_not_speak_of_a_save(client, database_down):
    assert "保存されていません" not in client.get("/windows/?q=xyz").content.decode()


@pytest.mark.urls(error_urls)
def test_any_other_error_stays_a_500(client):
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
