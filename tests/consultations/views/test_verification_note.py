"""A window not confirmed for over a year says so, calmly, on its public page."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import WindowFactory

NOTE = "この窓口の情報は、この1年の間に確認できていません。"
NOTE_EN = "The details of this service have not been confirmed in the past year."


def page(window, prefix=""):
    return Client().get(prefix + window.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("last_verified", [None, datetime.date(2020, 4, 1)])
def test_a_window_not_confirmed_within_a_year_says_so(support_net, last_verified):
    assert NOTE in page(WindowFactory(last_verified=last_verified))


@pytest.mark.django_db
def test_a_window_confirmed_this_year_says_nothing_more(support_net):
    window = WindowFactory(last_verified=timezone.localdate() - datetime.timedelta(days=30))
    assert NOTE not in page(window)


@pytest.mark.django_db
def test_the_note_is_in_english_on_english_pages(support_net):
    html = page(WindowFactory(last_verified=None), prefix="/en")
    assert NOTE_EN in html and NOTE not in html


@pytest.mark.django_db
def test_the_cached_page_is_drawn_again_the_next_day(support_net, monkeypatch):
    window = WindowFactory(last_verified=timezone.localdate() - datetime.timedelta(days=364))
    client = Client()
    first = client.get(window.get_absolute_url())
    assert NOTE not in first.content.decode()
    later = timezone.localdate() + datetime.timedelta(days=2)
    monkeypatch.setattr("consultations.views.pages.timezone.localdate", lambda: later)
    second = client.get(window.get_absolute_url())
    assert second["ETag"] != first["ETag"]
    assert NOTE in second.content.decode()
