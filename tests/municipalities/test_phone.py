import pytest
from django.core.exceptions import ValidationError

from municipalities.phone import normalise_phone, validate_phone


@pytest.mark.parametrize(
    "phone",
    [
        "03-1234-5678",
        "0120-529-528",
        "042-123-4567",
        "04992-2-1482",
        "0422-60-1254",
        "042-378-2111(内線209)",
        "090-1234-5678",
        "0800-123-4567",
        "0570-064-556",
    ],
)
def test_it_accepts_japanese_numbers(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "0312345678",  # no hyphens: staff and leaflets read the grouped form
        "03-1234-567",  # a digit short
        "03-1234-56789",
        "3-1234-5678",
        "090-1234-567",
        "0120-529-5288",
        "03-1234-5678 内線209",
        "tel:03-1234-5678",
    ],
)
def test_it_refuses_what_is_not_a_japanese_number(phone):
    with pytest.raises(ValidationError, match="03-1234-5678"):
        validate_phone(phone)


def test_it_folds_full_width_digits_and_hyphen_look_alikes():
    assert normalise_phone("０３ー１２３４－５６７８") == "03-1234-5678"
    assert normalise_phone(" 042-378-2111 （内線 209） ") == "042-378-2111(内線209)"
