import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from municipalities.postal import (
    MIN_TOWN_TERM,
    MalformedPostalCode,
    TownIndex,
    UnknownPostalCode,
    lookup,
    normalise,
    town_index,
)


@pytest.mark.parametrize(
    "text", ["1920083", "192-0083", "〒192-0083", "〒１９２－００８３", " 192 0083 ", "192ー0083"]
)
def test_it_reads_postal_codes_however_they_are_typed(text):
    assert normalise(text) == "1920083"


@pytest.mark.parametrize("text", ["", "192-008", "19200833", "abc-defg", "192--0083", "١٩٢٠٠٨٣"])
def test_it_rejects_what_is_not_a_seven_digit_code(text):
    with pytest.raises(MalformedPostalCode):
        normalise(text)


def test_it_finds_hachioji_by_its_six_digit_code():
    assert lookup("192-0083").municipality_codes == ("132012",)


def test_it_puts_100_01xx_on_oshima_not_in_chiyoda():
    assert lookup("100-0101").municipality_codes == ("133612",)
    assert lookup("100-0001").municipality_codes == ("131016",)


def test_it_lists_every_municipality_a_code_spans():
    assert lookup("198-0000").municipality_codes == ("132055", "133086")


def test_it_reads_business_office_codes():
    assert lookup("163-8001").municipality_codes == ("131041",)


def test_it_knows_a_code_outside_tokyo():
    area = lookup("060-8621")
    assert area.municipality_codes == ()
    assert area.prefecture == "北海道"


def test_it_says_when_japan_post_has_no_such_code():
    with pytest.raises(UnknownPostalCode):
        lookup("999-9999")


@pytest.mark.parametrize("term", ["吉祥寺", "きちじょうじ", "キチジョウジ", "吉祥寺本町2-1"])
def test_a_town_name_leads_to_its_municipality(term):
    from municipalities.normalize import search_key

    assert town_index().municipalities_with_town(search_key(term)) == {"132039"}


def test_a_municipality_name_is_left_to_the_name_search():
    index = town_index()
    assert index.municipalities_with_town("立川") == frozenset()
    assert index.other_municipalities_with_town("立川") == {"131075"}  # 墨田区立川


def test_one_character_does_not_match_towns():
    assert town_index().municipalities_with_town("東") == frozenset()


def test_the_index_folds_kanji_and_kana_of_each_row():
    index = TownIndex(
        [
            {
                "jisx0402": "13203",
                "city": "武蔵野市",
                "city_kana": "ムサシノシ",
                "neighborhood": "御殿山",
                "neighborhood_kana": "ゴテンヤマ",
            }
        ]
    )
    assert index.towns == {"御殿山": {"132039"}, "ごてんやま": {"132039"}}


def towns_matching_by_definition(index, term):
    return {town for town in index.towns if term in town or term.startswith(town)}


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_town_matches_are_exactly_the_names_that_hold_or_begin_the_term(data):
    index = town_index()
    town = data.draw(st.sampled_from(sorted(index.towns)))
    start = data.draw(st.integers(0, len(town)))
    piece = town[start : data.draw(st.integers(start, len(town)))]
    term = piece + data.draw(st.sampled_from(["", "1丁目", "町", "ん", "\n"]))
    short_or_odd = len(term) < MIN_TOWN_TERM or "\n" in term
    expected = set() if short_or_odd else towns_matching_by_definition(index, term)
    assert index._towns_matching(term) == expected
    if len(term) >= MIN_TOWN_TERM and not index.names_a_municipality(term):
        codes = frozenset().union(*(index.towns[name] for name in expected))
        assert index.municipalities_with_town(term) == codes
