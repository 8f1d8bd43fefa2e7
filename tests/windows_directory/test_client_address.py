import pytest
from django.test import RequestFactory

from windows_directory.client_address import client_address

NGINX = "172.18.0.5"


def request(forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=NGINX, **extra)


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request("198.51.100.7")) == NGINX


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        ("198.51.100.7", "198.51.100.7"),
        # What the client wrote itself sits to the left of what nginx appended.
        ("203.0.113.1, 198.51.100.7", "198.51.100.7"),
        (" 203.0.113.1 ,198.51.100.7 ", "198.51.100.7"),
        # No header: the request did not come through the proxy.
        (None, NGINX),
        ("", NGINX),
    ],
)
def test_behind_one_proxy_the_client_is_the_address_it_appended(settings, forwarded, expected):
    settings.PROXY_COUNT = 1
    assert client_address(request(forwarded)) == expected


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    settings.PROXY_COUNT = 2
    assert client_address(request("203.0.113.1, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"
