import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_overview_passes_axe_and_never_scrolls_sideways_on_a_phone(
    page, live_server, real_data, django_user_model
):
    django_user_model.objects.create_superuser("metro", password="correct horse battery")
    page.set_viewport_size({"width": 1280, "height": 900})
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
