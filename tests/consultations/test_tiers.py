"""Three kinds of entry, shown in this order and never one as another (issue 11)."""

import re

import pytest

from consultations.first_call import Kind, first_call
from consultations.models import ConsultationWindow, Tier, WindowRevision
from municipalities.models import Municipality
from tests.consultations.admin_helpers import change_data, window_url
from tests.factories import MunicipalityFactory, StaffFactory, WindowFactory

CAVEAT = "ひきこもりの相談も受けているかは、電話でお尋ねください"
SWITCHBOARD_ADVICE = "「ひきこもりの相談をしたい」とお伝えください"


def page(client, municipality):
    response = client.get(f"/municipalities/{municipality.code}/")
    assert response.status_code == 200
    return response.content.decode()


def local_tel_links(html, support_net_phone):
    numbers = re.findall(r'href="tel:(\d+)"', html)
    return [n for n in numbers if n != re.sub(r"\D", "", support_net_phone)]


@pytest.mark.django_db
def test_at_least_60_of_the_62_real_municipality_pages_give_a_local_number(client, real_data):
    support_net = ConsultationWindow.objects.support_net()
    without = [
        m.name
        for m in Municipality.objects.local()
        if not local_tel_links(page(client, m), support_net.phone)
    ]
    assert len(without) <= 2, without


@pytest.mark.django_db
def test_no_real_page_repeats_a_word_in_brackets(client, real_data):
    for municipality in Municipality.objects.all():
        html = page(client, municipality)
        assert not re.search(r"(確認中|未確認)（\1）", html), municipality.name


@pytest.mark.django_db
def test_the_tiers_come_in_order_and_a_general_window_says_what_it_is(client, support_net):
    town = MunicipalityFactory(main_phone="042-111-1111")
    WindowFactory(municipality=town, name="くらし相談", tier=Tier.GENERAL, phone="042-222-2222")
    WindowFactory(municipality=town, name="ひきこもり支援室", phone="042-333-3333")
    html = page(client, town)
    order = [html.index(text) for text in ["ひきこもり支援室", "くらし相談", "042-111-1111"]]
    first_call_box = html[: html.index('id="hikikomori-heading"')]
    assert order == sorted(order)
    assert CAVEAT in html
    assert "042-333-3333" in first_call_box and "042-222-2222" not in first_call_box


@pytest.mark.django_db
def test_a_municipality_with_only_a_general_window_offers_it_first_with_its_caveat(
    client, support_net
):
    town = MunicipalityFactory()
    WindowFactory(municipality=town, name="くらし相談", tier=Tier.GENERAL, phone="042-222-2222")
    html = page(client, town)
    first_call_box = html[: html.index('id="general-heading"')]
    assert "042-222-2222" in first_call_box and CAVEAT in first_call_box
    assert "まだ確認できていません" in html
    assert "ひきこもり相談窓口</h2>" not in html


@pytest.mark.django_db
def test_the_switchboard_advice_never_shows_without_a_number(client, support_net):
    town = MunicipalityFactory(main_phone="")
    html = page(client, town)
    assert SWITCHBOARD_ADVICE not in html
    assert "tel:0120529528" in html[: html.index('class="support-net"')]  # the first call


@pytest.mark.django_db
def test_the_switchboard_is_the_first_call_where_no_window_has_a_number(client, support_net):
    town = MunicipalityFactory(main_phone="042-111-1111")
    WindowFactory(municipality=town, phone="")
    html = page(client, town)
    first_call_box = html[: html.index('id="hikikomori-heading"')]
    assert "042-111-1111" in first_call_box and SWITCHBOARD_ADVICE in first_call_box
    assert "ひきこもり相談窓口の電話番号は確認中です" in first_call_box


def test_first_call_prefers_a_hikikomori_number_then_a_general_one_then_the_switchboard():
    town = Municipality(code="132012", name="八王子市", main_phone="042-626-3111")
    net = ConsultationWindow(name="サポートネット", phone="0120-529-528")
    general = ConsultationWindow(name="くらし", tier=Tier.GENERAL, phone="042-620-7462")
    named = ConsultationWindow(name="ひきこもり", tier=Tier.HIKIKOMORI, phone="042-000-0000")
    silent = ConsultationWindow(name="ひきこもり", tier=Tier.HIKIKOMORI, phone="")
    assert first_call(town, [general, named], net).kind == Kind.HIKIKOMORI
    assert first_call(town, [silent, general], net).kind == Kind.GENERAL
    assert first_call(town, [silent], net).kind == Kind.SWITCHBOARD
    town.main_phone = ""
    assert first_call(town, [silent], net).kind == Kind.SUPPORT_NET


@pytest.mark.django_db
def test_search_results_label_a_general_window(client, support_net):
    WindowFactory(name="くらし相談", tier=Tier.GENERAL)
    html = client.get("/windows/?q=くらし").content.decode()
    assert "生活の困りごと全般の相談窓口" in html and CAVEAT in html


@pytest.mark.django_db
def test_a_general_windows_own_page_does_not_call_it_a_hikikomori_window(client, support_net):
    window = WindowFactory(name="くらし相談", tier=Tier.GENERAL)
    html = client.get(window.get_absolute_url()).content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert "生活の困りごと全般の相談窓口" in h1 and "ひきこもり相談窓口" not in h1


@pytest.mark.django_db
def test_promoting_a_general_window_is_a_reviewed_change_for_municipal_staff(client, support_net):
    window = WindowFactory(tier=Tier.GENERAL)
    client.force_login(StaffFactory(municipality=window.municipality))
    response = client.post(
        window_url("change", window.pk), change_data(window, tier=Tier.HIKIKOMORI)
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.tier == Tier.GENERAL
    assert WindowRevision.objects.pending().get(window=window).data["tier"] == Tier.HIKIKOMORI


@pytest.mark.django_db
def test_metropolitan_staff_change_the_tier_at_once(client, support_net, metro_staff):
    window = WindowFactory(tier=Tier.GENERAL)
    client.force_login(metro_staff)
    client.post(window_url("change", window.pk), change_data(window, tier=Tier.HIKIKOMORI))
    window.refresh_from_db()
    assert window.tier == Tier.HIKIKOMORI
    assert window.history.first().tier == Tier.HIKIKOMORI


@pytest.mark.django_db
def test_the_real_data_makes_inferred_records_general_windows(real_data):
    windows = ConsultationWindow.objects.all()
    assert not windows.filter(confidence="low", tier=Tier.HIKIKOMORI).exists()
    assert not windows.exclude(confidence="low").filter(tier=Tier.GENERAL).exists()
    # A general window is published where it has a number to call, never without one.
    assert not windows.filter(tier=Tier.GENERAL, published=True, phone="").exists()


def test_whatever_is_called_instead_says_a_listed_hikikomori_window_has_no_number_yet():
    town = Municipality(code="132012", name="八王子市", main_phone="042-626-3111")
    net = ConsultationWindow(name="サポートネット", phone="0120-529-528")
    general = ConsultationWindow(name="くらし", tier=Tier.GENERAL, phone="042-620-7462")
    silent = ConsultationWindow(name="ひきこもり", tier=Tier.HIKIKOMORI, phone="")
    assert first_call(town, [silent, general], net).hikikomori_without_phone is True
    assert first_call(town, [silent], net).hikikomori_without_phone is True
    town.main_phone = ""
    assert first_call(town, [silent], net).hikikomori_without_phone is True


def test_no_note_about_a_missing_number_when_none_is_missing():
    town = Municipality(code="132012", name="八王子市", main_phone="042-626-3111")
    net = ConsultationWindow(name="サポートネット", phone="0120-529-528")
    general = ConsultationWindow(name="くらし", tier=Tier.GENERAL, phone="042-620-7462")
    named = ConsultationWindow(name="ひきこもり", tier=Tier.HIKIKOMORI, phone="042-000-0000")
    silent = ConsultationWindow(name="ひきこもり", tier=Tier.HIKIKOMORI, phone="")
    assert first_call(town, [general], net).hikikomori_without_phone is False
    assert first_call(town, [silent, named], net).hikikomori_without_phone is False


def first_call_box(html):
    start = html.index('<section class="first-call')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_a_toll_free_first_call_says_so_and_a_paid_one_does_not(client, support_net):
    free = first_call_box(page(client, MunicipalityFactory(main_phone="")))
    paid = first_call_box(page(client, MunicipalityFactory(main_phone="042-111-1111")))
    assert "0120-529-528" in free and "（通話無料）" in free
    assert "042-111-1111" in paid and "（通話無料）" not in paid
