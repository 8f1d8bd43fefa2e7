"""Issue 21: a municipality's page and a window's page say what is known once, facts first."""

import re

import pytest

from tests.factories import WindowFactory


@pytest.mark.django_db
def test_nerima_gives_its_first_windows_name_and_number_once(client, real_data):
    html = client.get("/municipalities/131202/").content.decode()
    main = html[html.index('id="main"') : html.index('class="support-net"')]
    assert main.count("03-3993-9963") == 1
    assert main.count(">生活サポートセンター</a>") == 1


@pytest.mark.django_db
def test_a_listed_number_is_never_marked_unconfirmed_beside_it(client, support_net):
    window = WindowFactory(phone="03-1111-2222", method_phone=None, method_email=True)
    html = client.get(window.get_absolute_url()).content.decode()
    assert "03-1111-2222" in html
    assert "（未確認）" not in html
    assert re.search(r"<li>電話[^<]*で相談できるか</li>", html)
