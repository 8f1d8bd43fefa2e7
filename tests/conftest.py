import itertools
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import translation

from pagecache import versions
from tests.factories import MunicipalityFactory, StaffFactory, WindowFactory


@pytest.fixture(autouse=True)
def japanese_by_default():
    """A request to /en/ leaves English active in the test thread; reset it after each test."""
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def real_rows():
    """The committed fixtures' rows, read once: what production starts with."""
    rows = []
    for name in ("municipalities.json", "windows.json"):
        with open(settings.BASE_DIR / "fixtures" / name, encoding="utf-8") as fixture:
            rows += [row.object for row in serializers.deserialize("json", fixture)]
    return rows


@pytest.fixture
def real_data(db, real_rows):
    """The real data in this test's database. loaddata saves row by row (UPDATE, INSERT and a
    data-version bump each: 0.2-0.4 s a test, most of the suite's set-up); this inserts each
    model's rows in one go and bumps the data version once, as a load would."""
    models = []
    for model, rows in itertools.groupby(real_rows, key=type):
        model._base_manager.bulk_create(list(rows))
        models.append(model)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    versions.bump()


@pytest.fixture
def database_down(db):
    """Every use of the database fails as when its server is stopped (until the test ends)."""

    def refuse(self):
        raise OperationalError("connection refused: the test stopped the database")

    # Its own patch, undone before the db fixture rolls the test's transaction back.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        yield


@pytest.fixture
def tokyo(db):
    return MunicipalityFactory(
        code="130001",
        name="東京都",
        name_kana="とうきょうと",
        name_en="Tokyo",
        kind="都",
        region="",
    )


@pytest.fixture
def support_net(tokyo):
    return WindowFactory(
        municipality=tokyo,
        name="東京都ひきこもりサポートネット",
        phone="0120-529-528",
        display_order=1,
    )


@pytest.fixture
def adachi(db):
    return MunicipalityFactory(
        code="131211",
        name="足立区",
        name_kana="あだちく",
        name_en="Adachi",
        kind="特別区",
        region="区部",
    )


@pytest.fixture
def toshima(db):
    return MunicipalityFactory(
        code="131164",
        name="豊島区",
        name_kana="としまく",
        name_en="Toshima",
        kind="特別区",
        region="区部",
    )


@pytest.fixture
def adachi_staff(adachi):
    return StaffFactory(municipality=adachi)


@pytest.fixture
def metro_staff(db):
    return StaffFactory()


# Browser tests drive Debian's Chromium through pytest-playwright; nothing is downloaded.
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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, django_db_setup):
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM
    # calls stay synchronous, so Django's async guard does not apply to them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # A missing browser fails the browser tests, never skips them: bin/test installs it.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db['NAME']}"


# Queries a public page may run uncached (a cached one runs one, the data version): that
# version, the page's own rows, the Support-Net, and for a search its count, the name lookup,
# the towns a query names and the municipality select.
PUBLIC_PAGE_QUERIES = 7
