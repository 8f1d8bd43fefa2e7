import pytest

from municipalities.normalize import search_key, search_terms


@pytest.mark.parametrize("typed", ["八王子", "はちおうじ", "ハチオウジ", "ﾊﾁｵｳｼﾞ", " はち おうじ "])
def test_it_folds_kana_type_and_width(typed):
    assert search_key(typed) in {"八王子", "はちおうじ"}


def test_it_folds_full_width_digits_and_hyphens():
    assert search_key("１９２－００８３") == "1920083"


def test_it_splits_terms_on_full_width_spaces():
    assert search_terms("世田谷　リンク") == ["世田谷", "りんく"]


@pytest.mark.parametrize(
    "typed",
    [
        "引きこもり",
        "引き籠もり",
        "引籠り",
        "引き篭もり",
        "引篭り",
        "ヒキコモリ",
        "ﾋｷｺﾓﾘ",
        "hikikomori",
        "Hikikomori",
    ],
)
def test_every_spelling_of_the_subject_folds_to_one(typed):
    assert search_key(typed) == search_key("ひきこもり")


def test_the_subject_folds_inside_longer_text():
    assert search_key("引きこもり地域支援センター") == search_key("ひきこもり地域支援センター")


@pytest.mark.parametrize("typed, official", [("青ケ島村", "青ヶ島村"), ("桧原村", "檜原村")])
def test_place_names_written_two_ways_meet(typed, official):
    assert search_key(typed) == search_key(official)
