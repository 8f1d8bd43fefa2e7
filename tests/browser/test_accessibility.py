"""JIS X 8341-3 / WCAG 2.1 AA checks in a real browser, on every page type."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from consultations.models import ConsultationWindow
from consultations.models.messages import photo_path
from consultations.photos import prepare
from tests.browser.conftest import DESKTOP, PHONE, WIDE, axe_violations, screenshot
from tests.images import upload

# The pages a resident meets, checked in Japanese and, under /en/, in English.
RESIDENT_PAGE_TYPES = [
    ("home", "/"),
    ("search", "/windows/?q=ひきこもり"),
    ("empty-search", "/windows/?q=存在しない窓口"),
    ("name-choice", "/windows/?q=東"),
    ("municipality", "/municipalities/131164/"),
    ("municipality-without-window", "/municipalities/132055/"),
    ("window", "/windows/28/"),
    ("window-with-call-flow", "/windows/30/"),
    ("postal-choice", "/?postal_code=198-0000"),
    ("guide", "/guide/?municipality=132012&age=45&who=family"),
    ("guide-general-first", "/guide/?municipality=131202&age=45&who=family"),
    ("guide-who-answered", "/guide/?who=family"),
    ("leaflet-index", "/leaflets/"),
    ("leaflet", "/leaflets/131164/"),
    ("report-thanks", "/windows/28/report/thanks/"),
    ("shortlist", "/list/?w=28,30,1"),
    ("empty-shortlist", "/list/"),
    ("memo", "/memo/"),
    ("open-data", "/data/"),
]

# One line per page type; a new page type is one more line here.
PAGE_TYPES = [
    *RESIDENT_PAGE_TYPES,
    *[(f"english-{name}", f"/en{path}") for name, path in RESIDENT_PAGE_TYPES],
    ("english-search-in-english", "/en/windows/?q=hikikomori"),
]

pytestmark = pytest.mark.browser


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("name, path", PAGE_TYPES, ids=[name for name, _ in PAGE_TYPES])
def test_every_page_type_passes_axe_fits_a_phone_and_stays_on_this_site(
    site, open_context, name, path
):
    context = open_context(viewport=WIDE)
    page = context.new_page()
    response = page.goto(site.url + path)
    assert response.status == 200
    assert axe_violations(page) == []
    screenshot(page, name)

    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) <= 0
    assert axe_violations(page) == []
    screenshot(page, name)

    assert context.cookies() == []
    assert [url for url in context.requested if not url.startswith(site.url)] == []


def test_text_at_200_percent_still_fits_the_desktop_width(site, open_context):
    page = open_context(viewport=DESKTOP).new_page()
    page.goto(site.url + "/windows/?municipality=131164")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert horizontal_overflow(page) <= 0
    assert page.locator("#id_q_top").is_visible()
    assert page.locator(".results .phone").first.is_visible()


def test_the_keyboard_reaches_the_keyword_the_first_phone_link_then_the_filters_visibly(
    site, open_context
):
    page = open_context(viewport=PHONE).new_page()
    page.goto(site.url + "/windows/?municipality=131164")
    first_phone = page.locator(".results .phone").first.get_attribute("href")

    def tab_until(done):
        reached = []
        for _ in range(120):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    const style = getComputedStyle(el);
                    return {id: el.id, href: el.getAttribute('href'), tag: el.tagName,
                            inResults: !!el.closest('.results'),
                            outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px'};
                }"""
            )
            assert focused["outline"], f"no visible focus on {focused}"
            reached.append(focused)
            if done(focused):
                return reached
        raise AssertionError(f"never reached the target: {reached[-5:]}")

    # On a phone the keyword box and the results come first; the filters are folded after them.
    tab_until(lambda f: f["id"] == "id_q_top")
    tab_until(lambda f: f["inResults"] and f["href"] == first_phone)
    tab_until(lambda f: f["tag"] == "SUMMARY")
    page.keyboard.press("Enter")
    assert tab_until(lambda f: f["id"] == "id_region")


def test_a_window_page_with_every_first_call_block_passes_axe_on_a_phone(
    site, open_context, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    ConsultationWindow.objects.filter(pk=30).update(
        message="ひとりで抱えこまずに、まずはお電話ください。ご家族だけのご相談も歓迎します。",
        message_by="相談員（社会福祉士） 山田",
        message_photo=default_storage.save(photo_path(None, "a.jpg"), prepare(upload())),
        message_photo_alt="相談員の山田の写真",
        message_consent_on=today - datetime.timedelta(days=30),
        message_expires_on=today + datetime.timedelta(days=300),
        flow_answered_by="社会福祉士",
        flow_duration="20〜30分ほど",
        flow_no_diagnosis=True,
        family_without_consent=True,
        callback="withheld",
        method_email=True,
        email="soudan@example.jp",
        written_reply_time="3営業日以内に返信",
    )
    from pagecache.versions import bump

    bump()  # QuerySet.update() sends no signal
    for viewport in (PHONE, DESKTOP):
        page = open_context(viewport=viewport).new_page()
        assert page.goto(site.url + "/windows/30/").status == 200
        assert page.locator(".message-photo").evaluate("img => img.naturalWidth") > 0
        assert axe_violations(page) == []
        assert horizontal_overflow(page) <= 0
        screenshot(page, "window-with-every-block")


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ja", "en"])
def test_the_not_found_page_passes_axe_and_fits_a_phone(site, open_context, prefix):
    page = open_context(viewport=WIDE).new_page()
    assert page.goto(site.url + prefix + "/windows/999999/").status == 404
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) <= 0
    assert axe_violations(page) == []
    screenshot(page, f"not-found{prefix.replace('/', '-')}")


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ja", "en"])
def test_an_error_report_sent_empty_shows_its_errors_and_passes_axe(site, open_context, prefix):
    page = open_context(viewport=WIDE).new_page()
    page.goto(site.url + prefix + "/windows/28/")
    # The browser's own check would stop an empty report; the server's answer is what is checked.
    with page.expect_navigation():
        page.locator(".report-form").evaluate("form => { form.noValidate = true; form.submit(); }")
    assert page.locator(".report .form-errors").is_visible()
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) <= 0
    assert axe_violations(page) == []
    screenshot(page, f"report-errors{prefix.replace('/', '-')}")


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ja", "en"])
def test_the_busy_page_for_pdfs_passes_axe_and_fits_a_phone(site, open_context, settings, prefix):
    from consultations.printing.pdf_limit import render_limit

    settings.PDF_WAIT_SECONDS = 0.05
    limit = render_limit()
    taken = [limit.rendering.acquire(blocking=False) for _ in range(settings.PDF_CONCURRENCY)]
    try:
        page = open_context(viewport=WIDE).new_page()
        assert page.goto(site.url + prefix + "/memo.pdf").status == 503
        assert axe_violations(page) == []
        page.set_viewport_size(PHONE)
        assert horizontal_overflow(page) <= 0
        assert axe_violations(page) == []
        screenshot(page, f"pdf-busy{prefix.replace('/', '-')}")
    finally:
        for held in taken:
            if held:
                limit.rendering.release()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_page_while_the_database_is_unreachable_passes_axe(site, open_context, language):
    from django.template import loader
    from django.utils import translation

    # The database cannot be made unreachable for the live server alone: the page it would
    # answer with (windows_directory/errors.py) is served at a URL of the site, with its CSS.
    with translation.override(language):
        html = loader.render_to_string("503.html", {"sent": False})
    page = open_context(viewport=WIDE).new_page()
    url = site.url + "/busy/"
    page.route(url, lambda route: route.fulfill(status=503, body=html, content_type="text/html"))
    assert page.goto(url).status == 503
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) <= 0
    assert axe_violations(page) == []
    screenshot(page, f"database-busy-{language}")
