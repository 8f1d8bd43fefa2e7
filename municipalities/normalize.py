"""Search keys that ignore kana type, character width and spelling variants.

The same function is applied to stored text and to what residents type, so
八王子 / はちおうじ / ハチオウジ / ﾊﾁｵｳｼﾞ and full-width digits all meet, and so do
ひきこもり / 引きこもり / 引籠り / hikikomori (the variants are data, in spellings.py).
"""

import re
import unicodedata

import jaconv

from . import spellings

# NFKC folds width; these are what residents put between words or in codes.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―ー－・･,、。]+")
_CHARACTERS = str.maketrans(spellings.CHARACTER_VARIANTS)


def _fold(text):
    folded = unicodedata.normalize("NFKC", text or "").translate(_CHARACTERS)
    return _SEPARATORS.sub("", jaconv.kata2hira(folded).lower())


def any_of(words):
    """A pattern matching any of `words` once folded, the longest first (引き籠もり before 引き籠)."""
    keys = sorted({_fold(word) for word in words} - {""}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys)))


_SUBJECT_VARIANTS = any_of(spellings.SUBJECT_VARIANTS)


def search_key(text: str) -> str:
    return _SUBJECT_VARIANTS.sub(spellings.SUBJECT, _fold(text))


def search_words(text: str) -> list[str]:
    """Split a query on spaces (any width), as typed."""
    return unicodedata.normalize("NFKC", text or "").split()


def search_terms(text: str) -> list[str]:
    """Split a query on spaces (any width) into non-empty search keys."""
    return [key for key in (search_key(word) for word in search_words(text)) if key]
