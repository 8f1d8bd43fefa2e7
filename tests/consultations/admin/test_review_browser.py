"""Review before publishing in the real Chromium: 足立区 proposes, 都 approves, residents see it then."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from consultations.models import ConsultationWindow
from tests.factories import STAFF_PASSWORD, StaffFactory, WindowFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def new_page(browser, browser_context_args):
    """A page in a context of its own (its own login), closed before the live server's test ends."""
    contexts = []

    def make():
        contexts.append(browser.new_context(**browser_context_args))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def axe_violations(page, selector):
    return [v["id"] for v in Axe().run(page, context=selector).response["violations"]]


def test_a_municipal_proposal_reaches_residents_only_after_approval(new_page, live_server, adachi):
    window = WindowFactory(municipality=adachi, name="あだち ひきこもり相談", phone="03-1111-1111")
    municipal, metro = StaffFactory(municipality=adachi), StaffFactory()
    base, public = live_server.url, f"{live_server.url}{window.get_absolute_url()}"
    resident = new_page()

    page = new_page()
    log_in(page, base, municipal)
    page.goto(f"{base}/admin/consultations/consultationwindow/{window.pk}/change/")
    page.fill("#id_phone", "03-2222-2222")
    page.click("input[name=_save]")
    page.wait_for_url(f"**/consultationwindow/{window.pk}/change/")
    proposed = page.content()
    panel_violations = axe_violations(page, ".review-panel")
    resident.goto(public)
    before = resident.content()

    reviewer = new_page()
    log_in(reviewer, base, metro)
    reviewer.goto(f"{base}/admin/consultations/windowrevision/")
    reviewer.click("text=あだち ひきこもり相談")
    review_violations = axe_violations(reviewer, "#content")
    reviewer.click("button[value=approve]")
    reviewer.wait_for_url(f"{base}/admin/consultations/windowrevision/")
    # Reload revalidates (the page may be reused for max-age otherwise, by design).
    resident.reload()

    assert "変更を申請しました。都職員の承認後に公開されます。" in proposed
    assert "承認待ちの変更の申請があります" in proposed
    assert "03-1111-1111" in before and "03-2222-2222" not in before
    assert "03-2222-2222" in resident.content()
    assert ConsultationWindow.objects.get(pk=window.pk).version == 2
    assert panel_violations == [] and review_violations == []
