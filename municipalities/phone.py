import re
import unicodedata

from django.core.exceptions import ValidationError

_EXTENSION = re.compile(r"[（(]?内線.*$")


def tel_href(phone: str) -> str:
    """The `tel:` URI for a published number, dropping an extension note such as （内線209）."""
    digits = re.sub(r"\D", "", _EXTENSION.sub("", phone or ""))
    return f"tel:{digits}" if digits else ""


# Hyphen look-alikes that Japanese input methods produce between digits (ー, －, −, ‐ …).
_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s*[‐‑‒–—―−ー－-]\s*(?=\d)")
_PHONE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{3,4}(?:\(内線\d{1,6}\))?$")
# These ranges have 11 digits; every other Japanese number has 10.
_ELEVEN_DIGIT_PREFIXES = ("050", "070", "080", "090", "0800")

PHONE_FORMAT_MESSAGE = (
    "電話番号は「03-1234-5678」「0120-529-528」「042-123-4567」「04992-2-1482」のように、"
    "0 から始まる番号をハイフンで区切って入力してください。"
    "内線は「042-378-2111(内線209)」のように番号の後ろに書けます。"
)


def normalise_phone(value: str) -> str:
    """Fold full-width digits, brackets and hyphen look-alikes into the stored form."""
    folded = unicodedata.normalize("NFKC", value or "").strip()
    folded = _DASH_BETWEEN_DIGITS.sub("-", folded)
    return re.sub(r"\s*\(\s*内線\s*(\d+)\s*\)", r"(内線\1)", folded)


def validate_phone(value: str) -> None:
    """A Japanese number in hyphenated form, optionally with an extension note."""
    if not value:
        return
    number = _EXTENSION.sub("", value)
    digits = re.sub(r"\D", "", number)
    expected = 11 if digits.startswith(_ELEVEN_DIGIT_PREFIXES) else 10
    if not _PHONE.match(value) or len(digits) != expected:
        raise ValidationError(
            f"「{value}」は電話番号の形になっていません。{PHONE_FORMAT_MESSAGE}", code="phone"
        )


# フリーダイヤル and similar ranges: the caller pays nothing for the call.
_TOLL_FREE_PREFIXES = ("0120", "0800")


def is_toll_free(phone: str) -> bool:
    return re.sub(r"\D", "", phone or "").startswith(_TOLL_FREE_PREFIXES)


class Phone:
    """The link and the toll-free note of anything with a `phone` (a window, the first call)."""

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def phone_is_toll_free(self):
        return is_toll_free(self.phone)
