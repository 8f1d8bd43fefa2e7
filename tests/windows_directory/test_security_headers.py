import pytest

from tests.factories import MunicipalityFactory, WindowFactory


def page_types():
    return {
        "home": "/",
        "municipality": "municipality",
        "municipality without window": "empty municipality",
        "window": "window",
        "search": "/windows/?method=email&who=family",
        "search with bad input": "/windows/?age=abc",
        "not found": "/municipalities/999999/",
        "admin login": "/admin/login/",
    }


@pytest.fixture
def pages(support_net):
    window = WindowFactory(method_email=True)
    return {
        "municipality": window.municipality.get_absolute_url(),
        "empty municipality": MunicipalityFactory().get_absolute_url(),
        "window": window.get_absolute_url(),
    }


def get(client, pages, url):
    return client.get(pages.get(url, url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", page_types().values(), ids=page_types().keys())
def test_every_page_type_sends_a_strict_content_security_policy(client, pages, url):
    for _ in range(2):  # the rendered page and the copy from the page cache
        csp = get(client, pages, url).headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["form-action"] == "'self'"
        assert "unsafe" not in csp


@pytest.mark.django_db
@pytest.mark.parametrize("url", page_types().values(), ids=page_types().keys())
def test_every_page_type_denies_framing_sniffing_and_cross_site_referrers(client, pages, url):
    for _ in range(2):
        headers = get(client, pages, url).headers
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_https_responses_carry_hsts(client, support_net):
    hsts = client.get("/", secure=True).headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_the_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
