"""Issue 22 §3, screens that fit: the window list, its form and the admin index at
1366×768 (an office laptop) and 375×812 (a phone), measured in the real Chromium."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from consultations.models import ConfirmationRound, save_as_staff
from tests.factories import STAFF_PASSWORD, StaffFactory, WindowFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
LONG_NAME = "足立区 ひきこもり支援 こころとからだの相談窓口（ご家族からの相談も受け付けます）"


def log_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def overflow(page, selector):
    """How many px `selector` is wider than the box it sits in (0 when it fits)."""
    return page.eval_on_selector(
        selector, "e => Math.max(0, e.scrollWidth - e.parentElement.clientWidth)"
    )


def page_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def squeezed(page, selector):
    """Elements under `selector` whose text runs down three or more lines in a box narrower
    than 4em: the one-character-per-line columns issue 22 saw."""
    return page.eval_on_selector_all(
        selector + " *",
        """els => els.filter(e => {
            const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            const box = e.getBoundingClientRect();
            const style = getComputedStyle(e);
            const em = parseFloat(style.fontSize);
            const line = parseFloat(style.lineHeight) || 1.2 * em;
            // Visually hidden text (a 1 px box) is for screen readers, not squeezed.
            for (let a = e; a; a = a.parentElement) {
                if (a.getBoundingClientRect().width <= 1) return false;
            }
            return own && box.width < 4 * em && box.height >= 3 * line;
        }).map(e => e.tagName + ':' + e.textContent.trim().slice(0, 20))""",
    )


@pytest.mark.parametrize("role", ["metro", "municipal"])
def test_the_window_list_fits_1366_px_for_each_role(page, live_server, adachi, role):
    user = StaffFactory() if role == "metro" else StaffFactory(municipality=adachi)
    WindowFactory(municipality=adachi, name=LONG_NAME, phone="03-3880-5111")
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server.url, user)
    page.goto(f"{live_server.url}/admin/consultations/consultationwindow/")

    assert overflow(page, "#result_list") == 0
    assert page.locator("#result_list td.field-phone").inner_text() == "03-3880-5111"
    assert squeezed(page, "#result_list") == []


def on_screen(page, selector, viewport):
    box = page.locator(selector).first.bounding_box()
    return box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]


@pytest.mark.parametrize("role", ["metro", "municipal"])
def test_the_window_list_reads_on_a_phone_without_sideways_scrolling(
    page, live_server, adachi, role
):
    user = StaffFactory() if role == "metro" else StaffFactory(municipality=adachi)
    WindowFactory(municipality=adachi, name=LONG_NAME, phone="03-3880-5111")
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, user)
    page.goto(f"{live_server.url}/admin/consultations/consultationwindow/")

    # 499 px wider than its box before: only the name and 表示順 showed, the number off-screen.
    assert page_overflow(page) == 0 and overflow(page, "#result_list") == 0
    assert all(
        on_screen(page, f"#result_list tbody .field-{name}", PHONE)
        for name in ("name", "published", "phone")
    )
    assert page.locator("#result_list td.field-phone").inner_text() == "03-3880-5111"
    assert squeezed(page, "#result_list") == []


def open_index_in_a_round(page, live_server, adachi, viewport):
    WindowFactory(municipality=adachi, name=LONG_NAME, phone="03-3880-5111", last_verified=None)
    ConfirmationRound.objects.create(title="令和9年度 相談窓口の確認", deadline="2027-06-30")
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, StaffFactory(municipality=adachi))


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "375"])
def test_the_index_and_its_checklist_fit_without_vertical_text(page, live_server, adachi, viewport):
    open_index_in_a_round(page, live_server, adachi, viewport)

    assert page_overflow(page) == 0
    assert overflow(page, ".round-checklist") == 0
    assert squeezed(page, "#content-main") == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "375"])
def test_the_index_names_the_municipality_and_what_is_left_in_the_round(
    page, live_server, adachi, viewport
):
    open_index_in_a_round(page, live_server, adachi, viewport)
    scope = page.locator(".staff-scope")

    assert scope.inner_text().startswith("担当：足立区")
    assert "残り 3件（全 3件）" in scope.inner_text()
    assert scope.bounding_box()["y"] < viewport["height"]


def test_the_index_tells_metropolitan_staff_they_keep_every_municipality(page, live_server):
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server.url, StaffFactory())

    assert page.locator(".staff-scope").inner_text() == "担当：東京都（都職員：62区市町村すべて）"


FIRST_FIELD = "#content-main form fieldset :is(input:not([type=hidden]), select, textarea)"


def open_window_form(page, live_server, adachi, viewport):
    window = WindowFactory(municipality=adachi, name=LONG_NAME, phone="03-3880-5111")
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, StaffFactory(municipality=adachi))
    page.goto(f"{live_server.url}/admin/consultations/consultationwindow/{window.pk}/change/")


def form_height(page):
    return page.evaluate("document.querySelector('#container').scrollHeight")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "375"])
def test_the_window_form_starts_with_a_field_and_folds_the_rare_sections(
    page, live_server, adachi, viewport
):
    open_window_form(page, live_server, adachi, viewport)
    first = page.locator(FIRST_FIELD).first.bounding_box()

    assert first["y"] + first["height"] < viewport["height"]
    assert page.locator("fieldset details:not([open]) h2").all_inner_texts()[0] == "出典と確認"
    assert page_overflow(page) == 0


def test_the_window_form_is_under_half_its_old_height_at_1366_px(page, live_server, adachi):
    open_window_form(page, live_server, adachi, LAPTOP)

    # 6,244 px in issue 22 (6,003 px measured here before the change).
    assert form_height(page) < 3100


def test_the_window_form_puts_what_residents_see_before_publishing(page, live_server, adachi):
    open_window_form(page, live_server, adachi, LAPTOP)
    headings = page.locator("#content-main form h2.fieldset-heading").all_inner_texts()

    assert headings[:5] == ["連絡先", "受付時間", "相談方法", "相談できる人", "公開"]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "375"])
def test_a_pending_proposal_leaves_the_first_field_on_the_first_screen(
    page, live_server, adachi, viewport
):
    window = WindowFactory(municipality=adachi, name=LONG_NAME, published=True)
    clerk = StaffFactory(municipality=adachi)
    window.phone, window.hours = "03-3880-9999", "月〜金 9:00〜17:00"
    save_as_staff(window, clerk)
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, clerk)
    page.goto(f"{live_server.url}/admin/consultations/consultationwindow/{window.pk}/change/")
    first = page.locator(FIRST_FIELD).first.bounding_box()

    assert first["y"] + first["height"] < viewport["height"]
    assert page.locator(".review-fold summary").inner_text() == "申請で変わる項目（2件）を見る"


# Django's own search box (label-title-only) and inline grid (empty-table-header) are left
# out: they predate issue 22 and are Django's markup, not this change's.
OURS = {
    "include": [["#content"]],
    "exclude": [["#changelist-search"], ["#result_list"], [".inline-group"]],
}


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "375"])
def test_the_reworked_screens_have_no_accessibility_violations(page, live_server, adachi, viewport):
    window = WindowFactory(municipality=adachi, name=LONG_NAME, last_verified=None)
    ConfirmationRound.objects.create(title="令和9年度 相談窓口の確認", deadline="2027-06-30")
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, StaffFactory(municipality=adachi))
    found = {}
    for path in (
        "",
        "consultations/consultationwindow/",
        f"consultations/consultationwindow/{window.pk}/change/",
    ):
        page.goto(f"{live_server.url}/admin/{path}")
        result = Axe().run(page, context=OURS)
        found[path] = [v["id"] for v in result.response["violations"]]

    assert found == {path: [] for path in found}
