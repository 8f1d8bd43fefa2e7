"""The confirmation round in the real Chromium: the checklist on the index, one click per window."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from consultations.models import ConfirmationRound, ConsultationWindow, ErrorReport
from tests.factories import STAFF_PASSWORD, StaffFactory, WindowFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def violations(page, selector):
    return [v["id"] for v in Axe().run(page, context=selector).response["violations"]]


def test_a_municipal_user_confirms_a_window_from_the_index(page, live_server, adachi):
    window = WindowFactory(municipality=adachi, name="あだち ひきこもり相談", last_verified=None)
    ErrorReport.objects.create(
        window=window, municipality=adachi, window_name=window.name, what="番号が違う"
    )
    ConfirmationRound.objects.create(title="令和9年度 相談窓口の確認", deadline="2027-06-30")
    log_in(page, live_server.url, StaffFactory(municipality=adachi))

    assert violations(page, "#content-main") == []
    page.click("button:has-text('内容に変更なし') >> nth=0")
    page.wait_for_url(f"{live_server.url}/admin/")

    assert "「あだち ひきこもり相談」を「内容に変更なし」で確認済みにしました。" in page.content()
    assert "残り 2件（全 3件）" in page.content()
    assert ConsultationWindow.objects.get(pk=window.pk).last_verified is not None
    page.goto(f"{live_server.url}/admin/consultations/consultationwindow/{window.pk}/change/")
    assert violations(page, "section[aria-labelledby=reports-heading]") == []
