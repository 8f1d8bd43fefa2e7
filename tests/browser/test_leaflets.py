"""The leaflet in the real Chromium: the print button, print media, and Chromium's own PDF."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_the_print_button_appears_with_javascript_and_prints(site, page):
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(f"{site.url}/leaflets/131164/")
    page.get_by_role("button", name="このチラシを印刷する").click()
    assert page.evaluate("window.printed") == 1


def test_without_javascript_the_page_offers_the_pdf_instead(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/leaflets/131164/")
    assert not page.get_by_role("button", name="このチラシを印刷する").is_visible()
    assert page.get_by_role("link", name="PDF（A4・1枚）").is_visible()
    context.close()


def test_printing_hides_the_toolbar(site, page):
    page.goto(f"{site.url}/leaflets/131164/")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="印刷").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()


@pytest.mark.parametrize("code", ["131164", "131032", "132055"])
def test_chromium_prints_the_leaflet_on_one_a4_page_like_the_pdf(site, page, code):
    page.goto(f"{site.url}/leaflets/{code}/")
    pdf = page.pdf(prefer_css_page_size=True)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (
        595,
        842,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/leaflets/",
        "/leaflets/131164/",
        "/leaflets/all/",
        "/windows/print/?region=多摩",
    ],
)
def test_leaflet_pages_pass_axe_and_fit_a_phone(site, browser, path):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    assert page.goto(site.url + path).status == 200
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert axe_violations(page) == []
    assert context.cookies() == []
    assert [url for url in requested if not url.startswith(site.url)] == []
    context.close()
