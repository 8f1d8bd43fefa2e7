import pytest

from municipalities.models import Municipality
from municipalities.names import MAX_NAME_QUERY, NameIndex, name_key, name_keys


def municipality(code, name, kana, name_en):
    # Unsaved: the index reads only these four attributes.
    return Municipality(code=code, name=name, name_kana=kana, name_en=name_en)


NERIMA = municipality("131202", "練馬区", "ねりまく", "Nerima City")
HINO = municipality("132128", "日野市", "ひのし", "Hino City")
HINODE = municipality("133051", "日の出町", "ひのでまち", "Hinode Town")
HINOHARA = municipality("133078", "檜原村", "ひのはらむら", "Hinohara Village")
TOSHIMA_WARD = municipality("131164", "豊島区", "としまく", "Toshima City")
TOSHIMA_VILLAGE = municipality("133621", "利島村", "としまむら", "Toshima Village")
HIGASHIMURAYAMA = municipality("132136", "東村山市", "ひがしむらやまし", "Higashimurayama City")
HIGASHIYAMATO = municipality("132209", "東大和市", "ひがしやまとし", "Higashiyamato City")
TAITO = municipality("131067", "台東区", "たいとうく", "Taito City")
MUSASHINO = municipality("132039", "武蔵野市", "むさしのし", "Musashino City")
MUSASHIMURAYAMA = municipality("132233", "武蔵村山市", "むさしむらやまし", "Musashimurayama City")


def test_a_name_answers_to_kanji_reading_romaji_and_english_with_and_without_its_suffix():
    keys = name_keys("練馬区", "ねりまく", "Nerima City")
    assert keys >= {"練馬区", "練馬", "ねりまく", "ねりま", "nerimaku", "nerima", "nerimacity"}


def test_a_town_and_a_village_take_their_own_suffixes():
    assert {"みずほ", "mizuhomachi", "mizuhotown"} <= name_keys(
        "瑞穂町", "みずほまち", "Mizuho Town"
    )
    assert {"ひのはら", "hinoharamura"} <= name_keys("檜原村", "ひのはらむら", "Hinohara Village")


def test_the_romanised_reading_comes_from_the_official_kana_not_a_guess():
    # はちおうじ romanised letter by letter, beside the English name's hachioji.
    assert {"hachiouji", "hachioji"} <= name_keys("八王子市", "はちおうじし", "Hachioji City")


@pytest.mark.parametrize(
    "typed",
    [
        "練馬区",
        "練馬",
        "ねりま",
        "ネリマク",
        "ﾈﾘﾏｸ",
        "Nerima",
        "nerima-ku",
        "Nerima City",
        "ＮＥＲＩＭＡ",
    ],
)
def test_every_spelling_of_nerima_finds_nerima(typed):
    assert NameIndex([NERIMA, HINO]).find(typed) == [NERIMA]


@pytest.mark.parametrize(
    "typed", ["練馬区 ひきこもり", "練馬 引きこもり 相談窓口", "東京都練馬区", "ねりま　相談"]
)
def test_the_words_for_the_subject_and_a_leading_tokyo_are_dropped(typed):
    assert NameIndex([NERIMA]).find(typed) == [NERIMA]


@pytest.mark.parametrize("typed", ["日野", "ひの", "Hino"])
def test_one_exact_name_wins_over_the_names_it_only_begins(typed):
    assert NameIndex([HINO, HINODE, HINOHARA]).find(typed) == [HINO]


def test_a_beginning_lists_the_names_it_begins_but_not_those_it_is_inside():
    index = NameIndex([TAITO, HIGASHIMURAYAMA, HIGASHIYAMATO])
    assert index.find("東") == [HIGASHIMURAYAMA, HIGASHIYAMATO]


@pytest.mark.parametrize("typed", ["としま", "Toshima"])
def test_a_spelling_two_municipalities_share_offers_both(typed):
    assert NameIndex([TOSHIMA_WARD, TOSHIMA_VILLAGE]).find(typed) == [
        TOSHIMA_WARD,
        TOSHIMA_VILLAGE,
    ]


def test_the_exact_names_come_before_the_names_only_begun():
    chuo_east = municipality("131016", "中央東市", "ちゅうおうひがしし", "Chuo-higashi City")
    chuo_ward = municipality("131024", "中央区", "ちゅうおうく", "Chuo City")
    chuo_city = municipality("132012", "中央市", "ちゅうおうし", "Chuo City")
    assert NameIndex([chuo_east, chuo_ward, chuo_city]).find("中央") == [
        chuo_ward,
        chuo_city,
        chuo_east,
    ]


def test_a_beginning_that_is_also_a_town_name_is_left_to_the_keyword_search():
    # 武蔵 begins 武蔵野市 and 武蔵村山市, and is a town name (昭島市武蔵野, 府中市武蔵台).
    assert NameIndex([MUSASHINO, MUSASHIMURAYAMA]).find("武蔵") == []


@pytest.mark.parametrize("typed", ["", "   ", "ひきこもり", "相談窓口", "存在しない市", "<script>"])
def test_words_that_name_no_municipality_find_none(typed):
    assert NameIndex([NERIMA, HINO]).find(typed) == []


def test_a_long_query_is_not_looked_up_as_a_name():
    assert NameIndex([NERIMA]).find("練馬" + " " * MAX_NAME_QUERY) == []


@pytest.mark.parametrize(
    "typed, key",
    [
        ("練馬区のひきこもり相談", "練馬区"),
        ("日の出町の相談窓口", "日の出町"),
        ("西東京市", "西東京市"),
        ("引きこもりの相談", ""),
    ],
)
def test_the_name_key_drops_subject_words_with_their_particle_and_tokyo_only_at_the_start(
    typed, key
):
    assert name_key(typed) == key
