"""Issue 21: a search with results has one keyword box at every width, with or without
JavaScript: the one above the results. The filter form beside (desktop) or below (phone) the
results carries the keyword along unseen, so neither form sends q twice."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import PHONE, WIDE, screenshot

pytestmark = pytest.mark.browser

SEARCH = "/windows/?q=ひきこもり&who=family"
VIEWPORTS = [PHONE, WIDE]
IDS = ["375", "1366"]


def visible_keyword_boxes(page):
    return page.locator("input[name=q]").evaluate_all(
        "inputs => inputs.filter(i => i.type !== 'hidden' && i.checkVisibility()).map(i => i.id)"
    )


def query(page):
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=IDS)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_search_with_results_shows_one_keyword_box(site, open_context, viewport, javascript):
    page = open_context(viewport=viewport, java_script_enabled=javascript).new_page()
    page.goto(site.url + SEARCH)
    filters = page.locator("details.filters")
    if not filters.evaluate("d => d.open"):
        filters.locator("summary").click()
    assert page.locator("#id_region").is_visible()
    assert visible_keyword_boxes(page) == ["id_q_top"]
    screenshot(page, f"keyword-box-{'js' if javascript else 'no-js'}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=IDS)
def test_the_keyword_box_sends_one_q_and_keeps_the_conditions(site, open_context, viewport):
    page = open_context(viewport=viewport, java_script_enabled=False).new_page()
    page.goto(site.url + SEARCH)
    page.locator("#id_q_top").fill("支援センター")
    with page.expect_navigation():
        page.locator("#id_q_top").press("Enter")
    assert query(page)["q"] == ["支援センター"]
    assert query(page)["who"] == ["family"]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=IDS)
def test_the_filter_form_sends_the_keyword_once(site, open_context, viewport):
    page = open_context(viewport=viewport, java_script_enabled=False).new_page()
    page.goto(site.url + SEARCH)
    page.locator("details.filters > summary").click()
    page.locator("#id_method_1").check()  # e-mail
    with page.expect_navigation():
        page.locator("#filter-form button[type=submit]").click()
    assert query(page)["q"] == ["ひきこもり"]
    assert query(page)["method"] == ["email"]
    assert page.locator(".results .window-card").count() > 0


def test_without_results_the_filter_form_keeps_its_own_keyword_box(site, open_context):
    page = open_context(viewport=WIDE, java_script_enabled=False).new_page()
    page.goto(site.url + "/windows/?q=存在しない窓口")
    assert visible_keyword_boxes(page) == ["id_q"]
