"""A search's first page is counted without a COUNT query when it holds every result."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.views.pages import RESULTS_PER_PAGE
from tests.factories import WindowFactory


def windows_named(count, name="頁の窓口"):
    return [WindowFactory(name=f"{name}{i:02d}", method_email=True) for i in range(count)]


def search(client, page=None):
    query = "q=頁の窓口" + (f"&page={page}" if page is not None else "")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/windows/?{query}")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    return response, counts


@pytest.mark.django_db
@pytest.mark.parametrize("page", [None, "1", "abc"])
def test_a_first_page_holding_every_result_sends_no_count(client, support_net, page):
    windows_named(3)
    response, counts = search(client, page)
    assert response.status_code == 200
    assert counts == []
    assert "3件の窓口が見つかりました" in response.content.decode()


@pytest.mark.django_db
def test_a_first_page_with_more_behind_it_is_counted(client, support_net):
    windows_named(RESULTS_PER_PAGE + 3)
    response, counts = search(client)
    html = response.content.decode()
    assert len(counts) == 1
    assert f"{RESULTS_PER_PAGE + 3}件の窓口が見つかりました（1／2ページ）" in html
    assert html.count("頁の窓口") >= RESULTS_PER_PAGE
    assert "page=2" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "shown"), [("2", "2／2"), ("0", "2／2"), ("99", "2／2")])
def test_other_pages_are_answered_as_django_answers_them(client, support_net, page, shown):
    windows_named(RESULTS_PER_PAGE + 3)
    response, _counts = search(client, page)
    assert response.status_code == 200
    assert f"（{shown}ページ）" in response.content.decode()


@pytest.mark.django_db
def test_an_exactly_full_first_page_says_one_page(client, support_net):
    windows_named(RESULTS_PER_PAGE)
    response, counts = search(client)
    html = response.content.decode()
    assert counts == []
    assert f"{RESULTS_PER_PAGE}件の窓口が見つかりました。" in html
    assert "page=2" not in html
