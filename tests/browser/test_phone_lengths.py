"""Issue 21: a worried parent's pages read on a 375 px phone, in real Chromium.

The figures are what the issue set: how long a page is, how often it says 未確認, and that it
never scrolls sideways.
"""

import pytest

from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser

SEARCH = "/windows/?q=ひきこもり"
NERIMA = "/municipalities/131202/"


def measure(open_context, url):
    page = open_context(viewport=PHONE).new_page()
    assert page.goto(url).status == 200
    return page, page.evaluate(
        """() => ({
            height: document.documentElement.scrollHeight,
            unknowns: (document.body.innerText.match(/未確認/g) || []).length,
            sideways: document.documentElement.scrollWidth - window.innerWidth,
        })"""
    )


def test_the_hikikomori_search_fits_in_ten_phone_screens_and_says_unknown_rarely(
    site, open_context
):
    page, figures = measure(open_context, site.url + SEARCH)
    print(SEARCH, figures)
    screenshot(page, "phone-search")
    assert page.locator(".results .window-card").count() == 20
    assert figures["height"] <= 8000 and figures["unknowns"] <= 20, figures
    assert figures["sideways"] <= 0, figures


def test_nerima_fits_in_three_phone_screens_and_says_unknown_rarely(site, open_context):
    page, figures = measure(open_context, site.url + NERIMA)
    print(NERIMA, figures)
    screenshot(page, "phone-nerima")
    assert figures["height"] <= 2000 and figures["unknowns"] <= 5, figures
    assert figures["sideways"] <= 0, figures


def last_line_length(page, selector):
    """How many characters of the element's text sit on its last rendered line."""
    return page.locator(selector).first.evaluate(
        """element => {
            const text = element.firstChild;
            const range = document.createRange();
            const top = i => { range.setStart(text, i); range.setEnd(text, i + 1);
                               return range.getBoundingClientRect().top; };
            const last = top(text.length - 1);
            let count = 0;
            for (let i = text.length - 1; i >= 0 && top(i) === last; i--) count++;
            return count;
        }"""
    )


def test_a_japanese_heading_never_leaves_one_character_on_a_line(site, open_context):
    page = open_context(viewport=PHONE).new_page()
    page.goto(site.url + "/municipalities/131237/")  # 江戸川区のひきこもり相談窓口
    assert last_line_length(page, "h1") > 1
