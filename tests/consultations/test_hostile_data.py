import csv
import io
import subprocess
from urllib.parse import urlencode

import pytest

from tests.hostile import (
    HOSTILE_STRINGS,
    assert_inert,
    assert_shown_as_text,
    hostile_window,
    make_hostile,
)


def pages(window):
    municipality = window.municipality
    return {
        "home": "/",
        "municipality": municipality.get_absolute_url(),
        "window": window.get_absolute_url(),
        "search": "/windows/?" + urlencode({"municipality": municipality.code}),
        "english-window": "/en" + window.get_absolute_url(),
        "leaflet": f"/leaflets/{municipality.code}/",
        "leaflet-all": "/leaflets/all/",
        "print-results": "/windows/print/?" + urlencode({"municipality": municipality.code}),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_STRINGS)
@pytest.mark.parametrize(
    "page",
    [
        "home",
        "municipality",
        "window",
        "search",
        "english-window",
        "leaflet",
        "leaflet-all",
        "print-results",
    ],
)
def test_hostile_window_data_is_shown_as_text(client, support_net, value, page):
    window = hostile_window(value)
    # The Support-Net block is on every page: give it the same data.
    make_hostile(support_net, value)
    response = client.get(pages(window)[page])
    html = response.content.decode()
    assert response.status_code == 200
    assert_inert(html)
    assert_shown_as_text(html, support_net.name)


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_a_hostile_search_query_is_echoed_as_text(client, support_net, value):
    response = client.get("/windows/", {"q": value})
    html = response.content.decode()
    assert_inert(html)
    assert_shown_as_text(html, value)


@pytest.mark.django_db
def test_a_javascript_url_from_the_database_is_not_a_link(client, support_net):
    window = hostile_window("javascript:alert(document.domain)")
    for url in pages(window).values():
        html = client.get(url).content.decode()
        assert 'href="javascript:' not in html.replace(" ", "").lower()


@pytest.mark.django_db
def test_an_https_url_stays_a_link(client, support_net):
    window = hostile_window("窓口", url="https://www.city.example.lg.jp/soudan/")
    html = client.get(window.get_absolute_url()).content.decode()
    assert 'href="https://www.city.example.lg.jp/soudan/" rel="noopener noreferrer"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", [v for v in HOSTILE_STRINGS if v[0] in "=+-@"])
def test_open_data_csv_neutralises_formula_cells(client, support_net, value):
    window = hostile_window(value)
    response = client.get("/data/windows.csv", {"municipality": window.municipality.code})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + value in cells
    assert value not in cells


@pytest.mark.pdf
@pytest.mark.django_db
def test_a_leaflet_pdf_prints_hostile_data_as_plain_text(client, support_net):
    value = "<script>alert(1)</script>"
    window = hostile_window(value)
    pdf = client.get(f"/leaflets/{window.municipality.code}.pdf").content
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert value in text
