"""The crisis strip: at the top of every page, short and calm, only numbers the data backs."""

import re

import pytest

from tests.consultations.views.test_public_pages import PUBLIC_URLS

# The national emergency numbers, where the Support-Net's notes in ../shared/data send
# emergencies (「緊急対応が必要な相談には応じられない場合あり」). Another number needs a source first.
SOURCED = {"119", "110"}


def strip(html):
    match = re.search(r'<aside class="crisis-strip".*?</aside>', html, re.S)
    return match and match.group(0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [*PUBLIC_URLS, "/en/", "/list/", "/memo/", "/leaflets/131164/", "/data/"]
)
def test_every_page_starts_with_the_crisis_strip(client, real_data, url):
    html = client.get(url, follow=True).content.decode()
    found = strip(html)
    assert found is not None
    assert html.index(found) < html.index('id="main"')
    assert set(re.findall(r'href="tel:(\d+)"', found)) == SOURCED


@pytest.mark.django_db
def test_the_strip_is_translated_on_english_pages(client, real_data):
    found = strip(client.get("/en/").content.decode())
    assert 'lang="en"' in found and "If a life is in danger" in found
