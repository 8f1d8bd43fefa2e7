import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_it_says_ok_uncached_and_without_a_cookie(client, path):
    response = client.get(path)
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response.headers["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_it_answers_any_host_over_plain_http(client, settings, path):
    # A load balancer calls it by IP address, outside ALLOWED_HOSTS, before any HTTPS redirect.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(path, HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200


def test_healthz_asks_nothing_of_the_database(client):
    # No django_db mark: pytest-django fails any query this test makes.
    assert client.get("/healthz").content == b"ok\n"
