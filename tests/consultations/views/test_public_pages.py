"""What every public page promises, whichever helper's feature it shows."""

import pytest

PUBLIC_URLS = [
    "/",
    "/?postal_code=198-0000",
    "/?postal_code=060-8621",
    "/?postal_code=12",
    "/windows/",
    "/windows/?q=吉祥寺",
    "/windows/?q=存在しない",
    "/windows/1/",
    "/windows/1/report/thanks/",
    "/municipalities/132012/",
    "/municipalities/132055/",
    "/guide/?municipality=132012&age=45&who=family",
    "/guide/?age=45",
    "/no-such-page/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_public_page_sets_a_cookie(client, real_data, url):
    response = client.get(url, follow=True)
    assert response.status_code in (200, 400, 404)
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
