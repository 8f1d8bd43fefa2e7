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
