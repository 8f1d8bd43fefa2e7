import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import MunicipalityFactory, WindowFactory


@pytest.fixture
def real_data(db):
    """The committed fixtures: exactly what production starts with."""
    fixtures = settings.BASE_DIR / "fixtures"
    call_command(
        "loaddata", fixtures / "municipalities.json", fixtures / "windows.json", verbosity=0
    )


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


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db['NAME']}"
