"""Django admin under the strict CSP, in the real Chromium: no violation on the staff pages."""

import pytest

from tests.factories import WindowFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_work_without_csp_violations(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("kanri", "kanri@example.jp", "long-pass-phrase-1")
    window = WindowFactory()
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "kanri")
    page.fill("#id_password", "long-pass-phrase-1")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    pages = [
        "/admin/",
        "/admin/consultations/consultationwindow/",
        f"/admin/consultations/consultationwindow/{window.pk}/change/",
        "/admin/consultations/consultationwindow/add/",
        "/admin/municipalities/municipality/",
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]

    # The admin's own scripts ran: the change form's JavaScript adds the "show" toggles and
    # the actions bar counts selections on the changelist.
    page.goto(live_server.url + "/admin/consultations/consultationwindow/")
    before = page.text_content(".action-counter")
    page.check("input.action-select")
    assert page.text_content(".action-counter") != before
    assert violations == []

    # The listener does hear violations: an inline handler injected into the page is refused.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>')")
    page.wait_for_timeout(300)
    assert any("inline event handler" in v for v in violations), violations
