"""全国地方公共団体コード: the 6-digit local government code and its check digit."""

from django.core.exceptions import ValidationError

CHECK_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(five_digits: str) -> int:
    total = sum(int(d) * w for d, w in zip(five_digits, CHECK_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def from_five_digits(five_digits: str) -> str:
    """Turn a JIS X 0402 5-digit code (as postal data carries it) into the 6-digit one."""
    return f"{five_digits}{check_digit(five_digits)}"


def is_valid(code: str) -> bool:
    return (
        isinstance(code, str)
        and len(code) == 6
        and code.isascii()
        and code.isdigit()
        and check_digit(code[:5]) == int(code[5])
    )


def validate_code(code: str) -> None:
    if not is_valid(code):
        raise ValidationError(
            "地方公共団体コードは検査数字を含む6桁の数字です（例: 131016）。",
            code="invalid_code",
        )
