"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server.

A missing browser makes these tests fail, never skip: bin/test installs Debian's chromium.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls from
# it (loading fixtures, factories) without this. The live server itself runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the committed real data loaded."""
    fixtures = settings.BASE_DIR / "fixtures"
    call_command(
        "loaddata", fixtures / "municipalities.json", fixtures / "windows.json", verbosity=0
    )
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
