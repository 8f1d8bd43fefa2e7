"""/robots.txt keeps crawlers off PDFs, print views and shortlists; /sitemap.xml lists the rest."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches

from consultations.models import ConsultationWindow
from municipalities.models import Municipality

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def empty_page_cache():
    caches["pages"].clear()


def disallowed(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return re.findall(r"^Disallow: (\S+)$", response.content.decode(), re.M)


def blocked(rules, path):
    """Whether a crawler that reads * (as Google and Bing do) leaves `path` alone."""
    return any(re.match(re.escape(rule).replace(r"\*", ".*"), path) for rule in rules)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/leaflets/131164.pdf",
        "/en/leaflets/all.pdf",
        "/memo.pdf",
        "/windows/print.pdf?region=%E5%A4%9A%E6%91%A9",
        "/windows/print/?method=phone",
        "/en/windows/print/",
        "/leaflets/131164/",
        "/leaflets/all/",
        "/list/?w=1,2",
        "/list.pdf?w=1",
        "/en/list/?w=3",
        "/windows/12/?w=1,2",
        "/municipalities/131164/?w=4",
        "/windows/?who=family&w=4",
    ],
)
def test_robots_txt_keeps_crawlers_off_pdfs_print_views_and_shortlists(client, path):
    assert blocked(disallowed(client), path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/municipalities/131164/", "/windows/12/", "/en/windows/12/", "/data/", "/memo/"],
)
def test_robots_txt_leaves_the_real_pages_to_crawl(client, path):
    assert not blocked(disallowed(client), path)


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_on_the_site_address(client, settings):
    settings.SITE_URL = "https://soudan.example.jp"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://soudan.example.jp/sitemap.xml" in text.splitlines()
    assert settings.ADMIN_PATH not in text


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]


@pytest.mark.django_db
def test_the_sitemap_lists_every_municipality_and_published_window_in_both_languages(
    client, real_data, settings
):
    locations = sitemap_locations(client)
    site = settings.SITE_URL
    municipalities = Municipality.objects.in_prefecture()
    windows = ConsultationWindow.objects.published()
    for page in [*municipalities, *windows]:
        path = page.get_absolute_url()
        assert f"{site}{path}" in locations
        assert f"{site}/en{path}" in locations
    assert len(locations) == 2 * (4 + municipalities.count() + windows.count())


@pytest.mark.django_db
def test_the_sitemap_lists_the_home_guide_memo_and_open_data_pages(client, settings):
    locations = sitemap_locations(client)
    for path in ["/", "/guide/", "/memo/", "/data/", "/en/data/"]:
        assert f"{settings.SITE_URL}{path}" in locations


@pytest.mark.django_db
def test_the_sitemap_lists_nothing_robots_txt_keeps_crawlers_off(client, real_data):
    rules = disallowed(client)
    paths = [re.sub(r"^https?://[^/]+", "", location) for location in sitemap_locations(client)]
    assert paths and not [path for path in paths if blocked(rules, path)]


def anchors(html):
    """(href, rel) of each link on the page."""
    return [
        (re.search(r'href="([^"]*)"', tag).group(1), re.search(r'rel="([^"]*)"', tag))
        for tag in re.findall(r"<a\s[^>]*>", html)
        if "href=" in tag
    ]


def followed(html, wanted):
    """The links matching `wanted` that a crawler may follow (no rel="nofollow")."""
    return [
        href
        for href, rel in anchors(html)
        if wanted(href) and not (rel and "nofollow" in rel.group(1).split())
    ]


def carries_a_list(href):
    return bool(re.search(r"[?&](amp;)?w=", href)) or href.startswith(("/list", "/en/list"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/municipalities/{code}/?w={a},{b}",
        "/windows/{a}/?w={b}",
        "/windows/?region=%E5%8C%BA%E9%83%A8&w={a}",
        "/guide/?who=family&municipality={code}&w={a}",
        "/list/?w={a},{b}",
        "/en/list/?w={a}",
    ],
)
def test_every_link_that_carries_a_shortlist_says_nofollow(client, real_data, url):
    # Two windows of one ward: its page then shows a card on the list and one not.
    by_ward = {}
    for window in ConsultationWindow.objects.published().filter(municipality__region="区部"):
        by_ward.setdefault(window.municipality_id, []).append(window)
    a, b = next(windows for windows in by_ward.values() if len(windows) > 1)[:2]
    html = client.get(url.format(code=a.municipality_id, a=a.pk, b=b.pk)).content.decode()
    assert [href for href, _ in anchors(html) if carries_a_list(href)]
    assert followed(html, carries_a_list) == []


@pytest.mark.django_db
def test_links_to_windows_without_a_list_stay_followable(client, real_data):
    html = client.get("/municipalities/131164/").content.decode()
    assert followed(html, lambda href: href.startswith("/windows/") and href[9:10].isdigit())


def prints(href):
    return ".pdf" in href or "/print/" in href or re.search(r"/leaflets/(\d{6}|all)/", href)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/windows/?method=phone",
        "/windows/print/?method=phone",
        "/leaflets/",
        "/leaflets/131164/",
        "/leaflets/all/",
        "/memo/",
        "/en/memo/",
        "/list/?w=1",
    ],
)
def test_every_link_to_a_print_view_or_pdf_says_nofollow(client, real_data, url):
    html = client.get(url).content.decode()
    assert [href for href, _ in anchors(html) if prints(href)]
    assert followed(html, prints) == []
