"""Search keys that ignore kana type and character width.

The same function is applied to stored text and to what residents type, so
八王子 / はちおうじ / ハチオウジ / ﾊﾁｵｳｼﾞ and full-width digits all meet.
"""

import re
import unicodedata

import jaconv

# NFKC folds width; these are what residents put between words or in codes.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―ー－・･,、。]+")


def search_key(text: str) -> str:
    folded = jaconv.kata2hira(unicodedata.normalize("NFKC", text or "")).lower()
    return _SEPARATORS.sub("", folded)


def search_words(text: str) -> list[str]:
    """Split a query on spaces (any width), as typed."""
    return unicodedata.normalize("NFKC", text or "").split()


def search_terms(text: str) -> list[str]:
    """Split a query on spaces (any width) into non-empty search keys."""
    return [key for key in (search_key(word) for word in search_words(text)) if key]
