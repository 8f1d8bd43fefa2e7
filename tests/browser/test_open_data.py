"""The open-data page's schema.org Dataset under the real Content-Security-Policy."""

import json

import pytest

from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser


def test_the_embedded_dataset_is_data_the_csp_neither_blocks_nor_reports(site, open_context):
    # script-src falls back to default-src 'self'; a data block is not script, so nothing fires.
    page = open_context(viewport=DESKTOP).new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(site.url + "/data/")
    assert "script-src" not in response.headers["content-security-policy"]
    assert page.evaluate("window.violations") == []
    assert [m for m in messages if "Content Security Policy" in m] == []
    found = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert found["@type"] == "Dataset"
