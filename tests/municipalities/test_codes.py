import pytest
from django.core.exceptions import ValidationError

from municipalities.codes import from_five_digits, is_valid, validate_code


@pytest.mark.parametrize(
    "five, six",
    [("13101", "131016"), ("13201", "132012"), ("13000", "130001"), ("13421", "134210")],
)
def test_it_adds_the_check_digit(five, six):
    assert from_five_digits(five) == six


@pytest.mark.parametrize("code", ["131017", "13101", "1310166", "abcdef", "１３１０１６", ""])
def test_it_rejects_malformed_or_wrong_check_digit_codes(code):
    assert not is_valid(code)
    with pytest.raises(ValidationError):
        validate_code(code)
