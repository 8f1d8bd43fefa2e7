import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_overview_passes_axe_and_never_scrolls_sideways_on_a_phone(
    live_server, real_data, django_user_model
):
    # All database work happens before Playwright's event loop starts.
    django_user_model.objects.create_superuser("metro", password="correct horse battery")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/staff/overview/")
        page.fill("#id_username", "metro")
        page.fill("#id_password", "correct horse battery")
        page.click("input[type=submit]")
        page.wait_for_url("**/staff/overview/")
        assert page.locator(".overview-table tbody tr").count() == 62
        assert [v["id"] for v in Axe().run(page).response["violations"]] == []
        # The wide table scrolls inside its own box; the page itself must not.
        page.set_viewport_size({"width": 360, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        browser.close()
