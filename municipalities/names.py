"""Which municipality a resident means when they type its name, however they write it.

Every key comes from the official data (name, name_kana, name_en): a reading is never
guessed, only the official kana romanised letter by letter. 練馬区 answers to 練馬区, 練馬,
ねりまく, ねりま, ネリマク, nerimaku, nerima, Nerima City, nerima-ku and Nerima Ward, in any
width; "練馬区 ひきこもり 相談" too (spellings.SUBJECT_WORDS are dropped first).
"""

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

import jaconv

from . import spellings
from .normalize import any_of, search_key
from .postal import town_index

# The reading of each suffix, as the official kana writes it.
SUFFIX_READINGS = {"区": ("く",), "市": ("し",), "町": ("まち", "ちょう"), "村": ("むら", "そん")}
# The English word name_en ends with, and what else residents put there (Nerima Ward).
SUFFIX_ENGLISH = {"区": ("city", "ward"), "市": ("city",), "町": ("town",), "村": ("village",)}
ENGLISH_KINDS = frozenset(word for words in SUFFIX_ENGLISH.values() for word in words)

# The longest key is under 30 characters; anything much longer is a sentence, not a name.
MAX_NAME_QUERY = 60

# With the particle before them: 練馬区の相談窓口 is 練馬区 (日の出町 keeps its の).
_SUBJECT_WORDS = re.compile(f"の?(?:{any_of(spellings.SUBJECT_WORDS).pattern})")
_PREFECTURES = tuple(search_key(prefix) for prefix in spellings.PREFECTURE_PREFIXES)


def name_key(query):
    """The query folded, without a leading 東京都 and without the words for the subject."""
    key = search_key(query)
    for prefix in _PREFECTURES:
        if key.startswith(prefix):
            key = key.removeprefix(prefix)
            break
    return _SUBJECT_WORDS.sub("", key)


def _stem(text, endings):
    """`text` without the first of `endings` it ends with ("" if none does)."""
    return next((text.removesuffix(e) for e in endings if text.endswith(e) and text != e), "")


# Kept across index rebuilds: a data change elsewhere rebuilds the index in milliseconds.
@lru_cache(maxsize=4096)
def name_keys(name, kana, name_en):
    """Every folded spelling of one municipality's name."""
    suffix = name[-1:] if name[-1:] in SUFFIX_READINGS else ""
    kana = search_key(kana)
    kana_stem = _stem(kana, SUFFIX_READINGS.get(suffix, ()))
    romaji, romaji_stem = jaconv.kana2alphabet(kana), jaconv.kana2alphabet(kana_stem)
    words = unicodedata.normalize("NFKC", name_en or "").lower().split()
    english_stem = (
        search_key(" ".join(words[:-1])) if words[-1:] and words[-1] in ENGLISH_KINDS else ""
    )
    keys = {search_key(name), kana, kana_stem, romaji, search_key(name_en)}
    if suffix:
        keys.add(search_key(name[:-1]))
    # nerima, nerimaku, hachiojishi, nerimaward: either romanised stem, bare or with a suffix.
    endings = ["", *SUFFIX_ENGLISH.get(suffix, ())]
    if kana_stem:
        endings.append(jaconv.kana2alphabet(kana.removeprefix(kana_stem)))
    for stem in {romaji_stem, english_stem} - {""}:
        keys.update(stem + ending for ending in endings)
    return frozenset(keys - {""})


class NameIndex:
    """The keys of a set of municipalities, built once per data version (bench/spelling.py).

    Exact keys are a dict and prefixes a bisect in the sorted keys, so a lookup stays well
    under a millisecond at national scale (1,741 municipalities).
    """

    def __init__(self, municipalities):
        self.municipalities = list(municipalities)
        self.exact = {}
        for position, m in enumerate(self.municipalities):
            for key in name_keys(m.name, m.name_kana, m.name_en):
                self.exact.setdefault(key, []).append(position)
        self.keys = sorted(self.exact)

    def _beginning(self, key):
        """Positions of the municipalities with a key that begins with `key`."""
        found = set()
        at = bisect_left(self.keys, key)
        while at < len(self.keys) and self.keys[at].startswith(key):
            found.update(self.exact[self.keys[at]])
            at += 1
        return found

    def find(self, query):
        """The municipalities `query` names: those it names exactly first, then those it begins.

        One exact name wins over others the query only begins (日野 is 日野市, not 日の出町), and
        over a town of the same spelling (立川 is 立川市, not 墨田区立川). A query that only
        begins names and is also a town name (武蔵 → 昭島市武蔵野) is left to the keyword
        search, whose place notes explain towns.
        """
        if len(query or "") > MAX_NAME_QUERY:
            return []
        key = name_key(query)
        if not key:
            return []
        exact = self.exact.get(key, [])
        if len(exact) == 1:
            return [self.municipalities[exact[0]]]
        begun = sorted(self._beginning(key) - set(exact))
        if not exact and begun and town_index().has_town(key):
            return []
        return [self.municipalities[position] for position in [*exact, *begun]]
