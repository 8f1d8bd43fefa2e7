import pytest
from django.test.signals import template_rendered

from consultations.models import ConsultationWindow
from pagecache.fragments import render_each
from tests.factories import WindowFactory


@pytest.fixture
def card_renders():
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield lambda: names.count("includes/window_card.html")
    template_rendered.disconnect(record)


@pytest.fixture
def window(support_net):
    return WindowFactory(name="カードの窓口")


@pytest.mark.django_db
def test_window_cards_render_once_per_data_version(client, window, card_renders):
    client.get("/windows/")
    first = card_renders()
    client.get("/windows/?page=1")  # another page, the same cards
    assert card_renders() == first
    window.name = "名前を変えた窓口"
    window.save()
    assert "名前を変えた窓口" in client.get("/windows/?page=1").content.decode()
    assert card_renders() == 2 * first


@pytest.mark.django_db
def test_a_cached_card_is_the_card_the_include_renders(client, window):
    search = client.get("/windows/").content.decode()
    detail = client.get(window.get_absolute_url()).content.decode()  # plain include, level 2
    assert search.count('<article class="window-card"') == 2  # this window and the Support-Net's
    assert f'id="window-{window.pk}-name"' in search
    assert window.name in detail


@pytest.mark.django_db
def test_a_row_gone_between_the_id_query_and_the_render_is_left_out(rf, window):
    gone = WindowFactory(name="消えた窓口")
    ids = [window.pk, gone.pk]
    gone.delete()
    cards = render_each(
        rf.get("/"),
        "includes/window_card.html",
        ConsultationWindow,
        ids,
        ConsultationWindow.objects.for_listing().in_bulk,
        "window",
    )
    assert len(cards) == 1 and "カードの窓口" in cards[0]
