"""A municipality's name typed into either box lands on its page, as a postal code does."""

import json

import jaconv
import pytest
from django.conf import settings

from consultations.models import ConsultationWindow
from municipalities import spellings
from municipalities.normalize import search_terms
from tests.consultations.search_helpers import listed_windows
from tests.hostile import HOSTILE_STRINGS, assert_inert


def real_municipalities():
    entries = json.loads((settings.BASE_DIR / "fixtures" / "municipalities.json").read_text())
    return [
        {"code": e["pk"], **e["fields"]}
        for e in entries
        if e["model"] == "municipalities.municipality" and e["fields"]["kind"] != "都"
    ]


def spellings_of(m):
    """As residents type the name: kanji with and without its suffix, kana, romaji, English."""
    return [
        m["name"],
        m["name"][:-1],
        m["name_kana"],
        jaconv.hira2kata(m["name_kana"]),
        jaconv.kana2alphabet(m["name_kana"]),
        m["name_en"],
        m["name_en"].upper(),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("m", real_municipalities(), ids=lambda m: m["code"])
def test_every_spelling_of_each_real_name_lands_on_its_page(client, real_data, m):
    landed = {q: client.get("/windows/", {"q": q}).get("Location") for q in spellings_of(m)}
    assert landed == {q: f"/municipalities/{m['code']}/" for q in spellings_of(m)}


def test_the_real_data_has_the_62_municipalities():
    assert len(real_municipalities()) == 62


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Nerima", "nerima-ku", "練馬"])
def test_an_english_page_lands_on_the_english_page(client, real_data, q):
    response = client.get("/en/windows/", {"q": q})
    assert response.status_code == 302
    assert response.url == "/en/municipalities/131202/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/?postal_code=練馬区", "/en/?postal_code=Nerima", "/windows/?postal_code=ねりま"]
)
def test_a_name_typed_into_the_postal_code_box_lands_too(client, real_data, url):
    assert client.get(url).url.endswith("/municipalities/131202/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q", ["練馬区 ひきこもり", "練馬 引きこもり 相談窓口", "東京都練馬区", "練馬区の相談窓口"]
)
def test_the_name_with_words_for_the_subject_lands(client, real_data, q):
    assert client.get("/windows/", {"q": q}).url == "/municipalities/131202/"


@pytest.mark.django_db
def test_a_beginning_of_several_names_lets_the_resident_choose(client, real_data):
    response = client.get("/windows/", {"q": "東"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<li><a href="/municipalities/132136/">東村山市</a></li>'
        '<li><a href="/municipalities/132209/">東大和市</a></li>'
        '<li><a href="/municipalities/132225/">東久留米市</a></li>'
    ) in html


@pytest.mark.django_db
def test_a_shared_spelling_offers_both_in_english(client, real_data):
    html = client.get("/en/windows/", {"q": "Toshima"}).content.decode()
    assert '<a href="/en/municipalities/131164/">Toshima City</a>' in html
    assert '<a href="/en/municipalities/133621/">Toshima Village</a>' in html


@pytest.mark.django_db
def test_a_town_name_still_lists_the_windows_of_its_municipality(client, real_data):
    response = client.get("/windows/", {"q": "吉祥寺"})
    assert response.status_code == 200
    assert {w.municipality_id for w in listed_windows(response)} == {"132039"}


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["練馬区", "東"])
def test_landing_and_choosing_run_at_most_six_queries(
    client, real_data, django_assert_max_num_queries, q
):
    with django_assert_max_num_queries(6):
        assert client.get("/windows/", {"q": q}).status_code in (200, 302)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q", [*spellings.SUBJECT_VARIANTS, "ヒキコモリ", "ﾋｷｺﾓﾘ", "Hikikomori", "HIKIKOMORI"]
)
def test_each_spelling_of_the_subject_finds_what_hikikomori_finds(client, real_data, q):
    expected = listed_windows(client.get("/windows/", {"q": "ひきこもり"}))
    assert expected
    assert listed_windows(client.get("/windows/", {"q": q})) == expected


@pytest.mark.django_db
def test_a_window_written_with_kanji_is_found_by_the_kana_spelling(real_data):
    window = ConsultationWindow.objects.published().first()
    window.name = "引き籠もり地域支援センター"
    window.save()
    assert window in ConsultationWindow.objects.matching_keywords(search_terms("ひきこもり"))


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_STRINGS)
@pytest.mark.parametrize("box", ["/windows/?q=", "/?postal_code=", "/en/windows/?q="])
def test_hostile_text_in_either_box_is_answered_not_a_500(client, adachi, support_net, box, value):
    response = client.get(box.split("?")[0], {box.split("?")[1].rstrip("="): value})
    assert response.status_code in (200, 400, 404)
    assert_inert(response.content.decode())
