"""A shortlist without an account or a cookie: /list/?w=12,31,40 holds it all."""

import io
import subprocess

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from consultations.models import ConsultationWindow
from consultations.shortlist import MAX_WINDOWS, Shortlist, canonical
from tests.conftest import PUBLIC_PAGE_QUERIES
from tests.factories import WindowFactory


@pytest.fixture(autouse=True)
def empty_page_cache():
    # The printed list is a public page: tests that share a data version must not share it.
    caches["pages"].clear()


def listed(response):
    return [window.pk for window in response.context["windows"]]


@pytest.fixture
def three(support_net):
    return [WindowFactory(name=f"相談窓口{n}", hours="月〜金 9:00〜17:00") for n in range(3)]


def param(*windows):
    return ",".join(str(w.pk) for w in windows)


@pytest.mark.django_db
def test_the_list_shows_the_windows_in_the_order_of_the_address(client, three):
    a, b, c = three
    response = client.get("/list/", {"w": param(c, a, b)})
    assert response.status_code == 200
    assert listed(response) == [c.pk, a.pk, b.pk]
    html = response.content.decode()
    assert html.index("相談窓口2") < html.index("相談窓口0") < html.index("相談窓口1")
    assert 'href="tel:0312345678"' in html and "月〜金 9:00〜17:00" in html


@pytest.mark.django_db
def test_the_list_round_trips_its_ids_in_its_own_links_and_qr_address(client, three):
    a, b, c = three
    html = client.get("/list/", {"w": param(b, c)}).content.decode()
    assert f"{settings.SITE_URL}/list/?w={param(b, c)}" in html
    assert f'href="/list.pdf?w={param(b, c)}"' in html
    assert f'href="/list/?w={c.pk}"' in html  # remove b
    assert Shortlist.from_query(QueryDict(f"w={param(b, c)}")).ids == (b.pk, c.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("junk", ["99999", "abc", "-1", "１２", "1e3", "", ",,,"])
def test_unknown_or_malformed_ids_are_left_out_with_a_note(client, three, junk):
    a, b, _ = three
    response = client.get("/list/", {"w": f"{a.pk},{junk},{b.pk}"})
    assert response.status_code == 200
    assert listed(response) == [a.pk, b.pk]
    noted = "見つからないもの" in response.content.decode()
    assert noted == bool(junk.strip(","))


@pytest.mark.django_db
def test_an_unpublished_window_is_not_listed(client, three):
    hidden = WindowFactory(published=False)
    assert listed(client.get("/list/", {"w": f"{hidden.pk},{three[0].pk}"})) == [three[0].pk]


@pytest.mark.django_db
def test_repeats_count_once_and_the_list_stops_at_its_limit(client, support_net):
    windows = [WindowFactory() for _ in range(MAX_WINDOWS + 2)]
    ids = ",".join(str(w.pk) for w in [windows[0], *windows])
    assert listed(client.get("/list/", {"w": ids})) == [w.pk for w in windows[:MAX_WINDOWS]]


@pytest.mark.django_db
def test_an_empty_list_says_how_to_fill_it(client, support_net):
    response = client.get("/list/")
    assert response.status_code == 200
    assert "リストはまだ空です" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/list/", "/en/list/"])
def test_the_list_page_sets_no_cookie_and_keeps_no_rendered_copy(client, three, url):
    response = client.get(url, {"w": param(*three)})
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response.headers
    with CaptureQueriesContext(connection) as again:
        client.get(url, {"w": param(*three)})
    assert len(again) > 1  # read from the database again, not from a copy kept on the server


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_printed_list_is_rendered_once_however_its_address_repeats_or_pads_it(client, three):
    a, b, c = three
    first = client.get("/list.pdf", {"w": param(c, a, b)})
    assert not first.cookies
    with CaptureQueriesContext(connection) as again:
        padded = client.get(f"/list.pdf?z=1&w={param(c, a)}&w={param(a, b)},abc")
    assert len(again) == 1  # the data version: the PDF itself comes from the page cache
    assert padded.content == first.content


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_printed_list_in_another_order_is_another_list(client, three):
    a, b, c = three
    client.get("/list.pdf", {"w": param(c, a, b)})
    with CaptureQueriesContext(connection) as other:
        client.get("/list.pdf", {"w": param(a, b, c)})
    assert len(other) > 1


@pytest.mark.django_db
def test_the_list_answers_only_reading(client, three):
    assert client.post("/list/", {"w": param(*three)}).status_code == 405


@pytest.mark.django_db
def test_the_list_page_stays_within_the_query_budget(client, three, django_assert_max_num_queries):
    with django_assert_max_num_queries(PUBLIC_PAGE_QUERIES):
        client.get("/list/", {"w": param(*three)})


@pytest.mark.django_db
def test_a_card_adds_its_window_to_the_list_the_page_carries(client, three):
    a, b, c = three
    html = client.get(c.municipality.get_absolute_url(), {"w": param(a)}).content.decode()
    assert f'href="/list/?w={a.pk},{c.pk}"' in html
    assert f'href="/list/?w={a.pk}"' in html  # the banner to the list as it is


@pytest.mark.django_db
def test_a_card_already_on_the_list_says_so(client, three):
    a = three[0]
    html = client.get(a.get_absolute_url(), {"w": param(a)}).content.decode()
    assert "リストに入っています（リストを見る）" in html
    assert "このリストに入れる" not in html


@pytest.mark.django_db
def test_without_a_list_a_card_starts_one(client, three):
    a = three[0]
    assert f'href="/list/?w={a.pk}"' in client.get(a.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_search_carries_the_list_in_its_form_and_pages_but_not_in_its_data_links(
    client, support_net
):
    windows = [WindowFactory(name=f"相談{n}") for n in range(25)]
    html = client.get("/windows/", {"q": "相談", "w": windows[0].pk}).content.decode()
    assert f'<input type="hidden" name="w" value="{windows[0].pk}">' in html
    assert f"w={windows[0].pk}&amp;page=2" in html
    assert 'href="/data/windows.csv?q=%E7%9B%B8%E8%AB%87"' in html


@pytest.mark.django_db
def test_the_printed_list_is_one_a4_page_with_every_number(client, real_data):
    longest = sorted(
        ConsultationWindow.objects.published().exclude(phone=""),
        key=lambda w: -len(w.hours + w.name),
    )[:MAX_WINDOWS]
    response = client.get("/list.pdf", {"w": ",".join(str(w.pk) for w in longest)})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert all(w.phone.split("(")[0] in text for w in longest)


@pytest.mark.django_db
def test_the_printed_lists_qr_code_opens_the_list(client, three, tmp_path):
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(client.get("/list.pdf", {"w": param(*three)}).content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", pdf, tmp_path / "page"], check=True)
    (png,) = tmp_path.glob("page*.png")
    decoded = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, check=True)
    assert decoded.stdout.decode().strip() == f"{settings.SITE_URL}/list/?w={param(*three)}"


@pytest.mark.django_db
def test_a_search_cards_kept_copy_follows_the_list_the_page_carries(client, three):
    a, b, _ = three
    client.get("/windows/", {"q": "相談窓口"})  # draws the cards and keeps them
    html = client.get("/windows/", {"q": "相談窓口", "w": a.pk}).content.decode()
    assert f'href="/list/?w={a.pk},{b.pk}"' in html
    assert f'href="/list/?w={b.pk}"' not in html


def test_its_canonical_form_keeps_the_residents_order_and_each_id_once():
    assert canonical(["31,12", "31", "abc,40"]) == ["31,12,40"]


def test_a_list_with_no_window_number_has_no_canonical_value():
    assert canonical([",", "abc"]) == []
