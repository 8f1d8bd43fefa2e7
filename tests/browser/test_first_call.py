"""The first number to call is on the phone's first screen (issue 11), in real Chromium."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    ("hikikomori-window", "/municipalities/131164/"),  # 豊島区: its own window's number
    ("general-window-only", "/municipalities/131202/"),  # 練馬区: a general window
    ("unreachable-hikikomori-window", "/municipalities/131016/"),  # 千代田区
    ("support-net-only", "/municipalities/131237/"),  # 江戸川区: no local number in the data
    ("window", "/windows/28/"),
    ("window-without-phone", "/windows/7/"),
    ("guide", "/guide/?municipality=131202&age=30&who=family"),
    ("home", "/"),
    ("english-municipality", "/en/municipalities/131202/"),
]


@pytest.mark.parametrize("name, path", PAGES, ids=[name for name, _ in PAGES])
def test_the_first_tel_link_lies_inside_the_first_phone_screen(site, open_context, name, path):
    page = open_context(viewport=PHONE).new_page()
    page.goto(site.url + path)
    screenshot(page, f"first-call-{name}")
    box = page.locator("a[href^='tel:']").first.bounding_box()
    assert box is not None
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box


def test_a_search_with_results_shows_them_before_the_folded_filters_on_a_phone(site, open_context):
    page = open_context(viewport=PHONE).new_page()
    page.goto(site.url + "/windows/?method=email&who=family")
    filters = page.locator("details.filters")
    assert not filters.evaluate("d => d.open")
    first_result = page.locator(".results .window-card").first.bounding_box()
    assert first_result["y"] < PHONE["height"]
    page.locator("details.filters > summary").click()
    assert page.locator("#id_region").is_visible()


def test_the_filters_stay_open_on_a_wide_screen_and_without_results(site, open_context):
    wide = open_context(viewport=DESKTOP).new_page()
    wide.goto(site.url + "/windows/?method=email&who=family")
    assert wide.locator("#id_region").is_visible()
    phone = open_context(viewport=PHONE, java_script_enabled=False).new_page()
    phone.goto(site.url + "/windows/?q=zzzzzz")
    assert phone.locator("#id_q").is_visible()
