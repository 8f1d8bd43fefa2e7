"""Readings (よみ) of window names, in full-width katakana as 名称_カナ of the
自治体標準オープンデータセット has them.

Staff may type hiragana or half-width kana; it is stored as full-width katakana. A reading holds
kana only: a kanji left in it is a name, not a reading.
"""

import re
import unicodedata

import jaconv
from django.core.exceptions import ValidationError

_SPACES = re.compile(r"\s+")
# Katakana (ァ–ヺ), the long-vowel mark, the middle dot and the iteration marks; words may be
# separated by a space.
_READING = re.compile(r"[ァ-ヺー・ヽヾ]+(?: [ァ-ヺー・ヽヾ]+)*")

READING_MESSAGE = (
    "よみはカタカナ（またはひらがな）で入力してください。漢字・英字・記号は使えません"
    "（例：トウキョウトヒキコモリサポートネット）。分からなければ空欄にします。"
)


def to_katakana(text: str) -> str:
    """'とうきょうと ﾋｷｺﾓﾘ' → 'トウキョウト ヒキコモリ': full width, katakana, single spaces."""
    folded = unicodedata.normalize("NFKC", text or "")
    return _SPACES.sub(" ", jaconv.hira2kata(folded)).strip()


def validate_reading(value: str) -> None:
    if value and not _READING.fullmatch(value):
        raise ValidationError(f"「{value}」はよみの形になっていません。{READING_MESSAGE}")


# How the suffix of a municipality's name is read, to read the name without it (世田谷区 → 世田谷).
_SUFFIX_READINGS = {
    "都": ("と",),
    "区": ("く",),
    "市": ("し",),
    "町": ("まち", "ちょう"),
    "村": ("むら", "そん"),
}
_KANA = re.compile(r"[ぁ-ゖァ-ヺー・ヽヾゝゞ ]")


def place_readings(municipalities):
    """{written: reading} for each municipality's name, with and without 区/市/町/村, from the
    official kana (municipalities.csv)."""
    readings = {}
    for m in municipalities:
        if not m.name_kana:
            continue
        readings[m.name] = m.name_kana
        stem, suffix = m.name[:-1], m.name[-1]
        for sound in _SUFFIX_READINGS.get(suffix, ()):
            if stem and m.name_kana.endswith(sound) and len(m.name_kana) > len(sound):
                readings[stem] = m.name_kana[: -len(sound)]
    return readings


def draft_reading(name, places):
    """The reading of a window's name where every part of it has a certain one, else "".

    Certain: kana, read as written, and the municipalities' names (``places``, from
    place_readings). Anything else (kanji words, letters) is left to staff: no reading is
    guessed, so 調布ライフサポート gets one and 生活サポートセンター does not.
    """
    words = sorted(places, key=len, reverse=True)

    def read(rest):
        if not rest:
            return ""
        for word in words:
            if rest.startswith(word):
                tail = read(rest[len(word) :])
                if tail is not None:
                    return places[word] + tail
        if _KANA.match(rest):
            tail = read(rest[1:])
            if tail is not None:
                return rest[0] + tail
        return None

    reading = read(unicodedata.normalize("NFKC", name).strip())
    return to_katakana(reading) if reading else ""
