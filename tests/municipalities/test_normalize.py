import pytest

from municipalities.normalize import search_key, search_terms


@pytest.mark.parametrize("typed", ["八王子", "はちおうじ", "ハチオウジ", "ﾊﾁｵｳｼﾞ", " はち おうじ "])
def test_it_folds_kana_type_and_width(typed):
    assert search_key(typed) in {"八王子", "はちおうじ"}


def test_it_folds_full_width_digits_and_hyphens():
    assert search_key("１９２－００８３") == "1920083"


def test_it_splits_terms_on_full_width_spaces():
    assert search_terms("世田谷　リンク") == ["世田谷", "りんく"]
