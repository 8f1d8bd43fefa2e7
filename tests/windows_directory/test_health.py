import pytest


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_answers_any_host_over_plain_http(client, settings):
    # A load balancer calls it by IP address, outside ALLOWED_HOSTS, before any HTTPS redirect.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
