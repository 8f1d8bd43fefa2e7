"""A search result's card is drawn once per page variant (release, data version, language)."""

import pytest
from django.test.signals import template_rendered

from tests.factories import WindowFactory


@pytest.fixture
def card_renders():
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield lambda: names.count("includes/result_card.html")
    template_rendered.disconnect(record)


@pytest.mark.django_db
def test_another_search_reuses_the_cards_already_drawn(client, support_net, card_renders):
    WindowFactory(name="カードの窓口", method_email=True)
    client.get("/windows/?q=カード")
    drawn = card_renders()
    client.get("/windows/?q=カード&method=email")
    assert drawn >= 1 and card_renders() == drawn


@pytest.mark.django_db
def test_a_saved_change_draws_the_card_again(client, support_net, card_renders):
    window = WindowFactory(name="カードの窓口")
    client.get("/windows/?q=カード")
    window.phone = "03-9999-0000"
    window.save()
    response = client.get("/windows/?q=カード&again=1")
    assert "03-9999-0000" in response.content.decode()


@pytest.mark.django_db
def test_english_results_get_their_own_cards(client, support_net):
    WindowFactory(name="カードの窓口", phone="0120-000-111")
    client.get("/windows/?q=カード")
    response = client.get("/en/windows/?q=カード")
    assert "(toll-free)" in response.content.decode()
