"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server.

A missing browser makes these tests fail, never skip: bin/test installs Debian's chromium.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# The desktop width issue 21 names (the most common laptop screen).
WIDE = {"width": 1366, "height": 768}


@pytest.fixture
def site(live_server, transactional_db, real_data):
    """The live server with the real data, committed so that the server's thread sees it."""
    return live_server


@pytest.fixture
def open_context(browser):
    """New browser contexts that record every request made, closed after the test."""
    contexts = []

    def open_(**options):
        context = browser.new_context(locale="ja-JP", **options)
        context.requested = []
        context.on("request", lambda request: context.requested.append(request.url))
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def axe_violations(page):
    results = Axe().run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
    )
    return [
        f"{v['id']}: {v['help']} → {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]
