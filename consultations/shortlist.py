"""A resident's shortlist of windows, kept in the URL only (/list/?w=12,31,40): no account, no
cookie, nothing stored on the server. Pages with cards carry it in their links so that
「このリストに入れる」 adds to it; the list page prints it and gives its address as a QR code.
"""

import re
from dataclasses import dataclass

PARAMETER = "w"
# What one A4 page holds with each window's number and hours.
MAX_WINDOWS = 10
_SEPARATORS = re.compile(r"[\s,、，]+")


@dataclass(frozen=True)
class Shortlist:
    ids: tuple = ()
    # Whether the URL held something this list left out: not a window number, a repeat, one
    # over the limit, or (see keeping) a window that is not published.
    dropped: bool = False

    max = MAX_WINDOWS

    @classmethod
    def from_query(cls, query):
        return cls.from_values(query.getlist(PARAMETER))

    @classmethod
    def from_values(cls, values):
        """The list that the `w` values (each one or more ids) name, in their order."""
        ids, dropped = [], False
        for value in values:
            for token in _SEPARATORS.split(value):
                if not token:
                    continue
                if not (token.isascii() and token.isdigit() and len(token) <= 9):
                    dropped = True
                elif int(token) not in ids and len(ids) < MAX_WINDOWS:
                    ids.append(int(token))
                elif int(token) not in ids:
                    dropped = True
        return cls(tuple(ids), dropped)

    def keeping(self, known):
        """The list with only the ids in `known` (the published windows), in the same order."""
        ids = tuple(pk for pk in self.ids if pk in known)
        return Shortlist(ids, self.dropped or len(ids) < len(self.ids))

    def __bool__(self):
        return bool(self.ids)

    def __len__(self):
        return len(self.ids)

    def __contains__(self, pk):
        return pk in self.ids

    @property
    def is_full(self):
        return len(self.ids) >= MAX_WINDOWS

    @property
    def param(self):
        return ",".join(map(str, self.ids))

    def adding(self, pk):
        return Shortlist((*self.ids, pk) if pk not in self.ids else self.ids).param

    def removing(self, pk):
        return Shortlist(tuple(i for i in self.ids if i != pk)).param


def canonical(values):
    """The `w` values as public pages are keyed by them: one value, the ids each once.

    The ids keep the resident's order rather than being sorted: the list shows and prints in
    the order they added to it, so two orders are two different lists.
    """
    param = Shortlist.from_values(values).param
    return [param] if param else []


# How a public page that carries the list declares it (@public_page(query=...)).
LIST_PARAMETER = (PARAMETER, canonical)
