"""Which side a phrase stands for: demonyms, country names and force words -> a side slug.

A side is named by its country in lower case (``azerbaijan``, ``armenia``,
``russia``). A noun phrase stands for a side when one of its words is a
demonym or a country the gazetteer knows ("Azerbaijani army", "units of the
Armenian Armed Forces", "Russia's troops"), or one of the names of the
Karabakh conflict's de facto authorities ("Artsakh Defence Army").

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> sides = Sides.from_gazetteer(Gazetteer.default(base=False))
>>> sides.of_words(["the", "Azeri", "army"]), sides.of_words(["local", "residents"])
('azerbaijan', None)
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from geomap import settings
from geomap.events.organisations import (
    Organisations,
    read_governing,
    read_governments,
    read_rivals,
    read_separatists,
)
from geomap.gazetteer import names

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from geomap.events.tokens import Token
    from geomap.gazetteer import Gazetteer, Place

__all__ = ["Sides", "opponent", "phrase_words", "war_side"]

#: Names of de facto authorities and their side (the Karabakh conflict's Armenian-backed republic).
_AUTHORITIES = {"artsakh": "artsakh", "karabakh": "artsakh", "separatist": "artsakh", "separatists": "artsakh"}
#: De facto authorities and the side of the war they fight on, which is the side said to hold the ground they hold.
_WAR_SIDES = {"artsakh": "armenia"}
#: Sides that fight on one side: the opponent of one is never the other.
_CAMPS = (frozenset({"armenia", "artsakh"}), frozenset({"russia", "south ossetia", "abkhazia"}))
#: Clauses inside a noun phrase that describe something else ("troops that Armenia sent").
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "appos", "conj", "cc", "punct"})


class Sides:
    """Words (folded keys) -> side slug."""

    __slots__ = ("_codes", "_governing", "_rivals", "_seats", "_separatists", "_table")

    def __init__(
        self,
        table: Mapping[str, str],
        codes: Mapping[str, str] | None = None,
        seats: Mapping[str, str] | None = None,
        rivals: Mapping[str, str] | None = None,
        governing: Mapping[str, str] | None = None,
        *,
        separatists: Mapping[str, str] | None = None,
    ) -> None:
        self._table = dict(table)
        self._separatists = dict(separatists or {})
        self._codes = dict(codes or {})
        self._seats = dict(seats or {})
        self._rivals = dict(rivals or {})
        self._governing = dict(governing or {})

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> Sides:
        """Sides from the gazetteer's demonyms and their countries."""
        return cls.from_demonyms(gazetteer.demonyms)

    @classmethod
    def from_demonyms(cls, demonyms: Mapping[str, Place]) -> Sides:
        """Sides from demonym -> country place pairs."""
        table = {names.key(p.name): p.name.lower() for p in demonyms.values()}
        table.update({names.key(d): p.name.lower() for d, p in demonyms.items()})
        table.update(_AUTHORITIES)
        codes = {p.country: p.name.lower() for p in demonyms.values() if p.kind == "country" and p.country}
        seats = {names.key(word): country for word, country in read_governments(settings.gazetteer_dir).items()}
        folder = settings.gazetteer_dir
        return cls(
            table, codes, seats, read_rivals(folder), read_governing(folder), separatists=read_separatists(folder)
        )

    def rival(self, side: str | None) -> str | None:
        """The side ``side`` fights in the conflicts of ``gazetteer/rivals.csv``: whom its "enemy" means.

        Examples
        --------
        >>> Sides({}, rivals={"armenia": "azerbaijan"}).rival("armenia")
        'azerbaijan'
        """
        return self._rivals.get(side or "")

    def government(self, side: str | None) -> str | None:
        """The side whose state's forces are the "government forces" of the conflict ``side`` fights in.

        Examples
        --------
        >>> Sides({}, governing={"artsakh": "azerbaijan"}).government("artsakh")
        'azerbaijan'
        """
        return self._governing.get(side or "")

    def separatists(self, country: str | None) -> str | None:
        """The side of those a report about ``country`` (a country code) calls "separatists" or "rebels".

        Examples
        --------
        >>> Sides({}, separatists={"UA": "russia"}).separatists("UA")
        'russia'
        """
        return self._separatists.get((country or "").upper())

    def is_side(self, word: str) -> bool:
        """Whether ``word`` is a side slug ("azerbaijan"), not the words of an agent ("local residents")."""
        return word in self._table.values()

    def of_place(self, place: Place | None) -> str | None:
        """The side a country stands for (its name in lower case); None for other places."""
        if place is None or place.kind != "country":
            return None
        return place.name.lower()

    def of_country(self, place: Place | None) -> str | None:
        """The side a place speaks for as a government: a country, or its capital ("Kyiv insisted")."""
        if place is None:
            return None
        return self.of_place(place) or (self._codes.get(place.country) if place.kind == "populated place" else None)

    def of_words(self, words: Iterable[str]) -> str | None:
        """The first side named among ``words`` (a demonym of two words first: "South Ossetian militias").

        Examples
        --------
        >>> Sides({"south ossetian": "south ossetia", "ossetian": "ossetia"}).of_words(["South", "Ossetian", "units"])
        'south ossetia'
        """
        parts = [_singular(names.key(_bare(p)), self._table) for word in words for p in word.replace("-", " ").split()]
        for first, second in itertools.pairwise(parts):
            side = self._table.get(f"{first} {second}")
            if side:
                return side
        return next((self._table[p] for p in parts if p in self._table), None)

    def of_phrase(self, head: Token) -> str | None:
        """The side the noun phrase headed by ``head`` stands for (its own words, not its clauses).

        A seat of government stands for its side as the phrase's owner or head: "Baku's troops", "Moscow".
        """
        words = phrase_words(head)
        side = self.of_words(t.text for t in words)
        if side is None:
            owners = [t for t in words if t.i == head.i or (t.head.i == head.i and t.dep_ in {"poss", "compound"})]
            side = next((self._seats[k] for t in owners if (k := names.key(t.text)) in self._seats), None)
        if side is None and len(words) > 1:
            # a body that is a side's own ("the Defence Army" is Artsakh's)
            organisation = Organisations.default().of(" ".join(t.text for t in words))
            side = organisation.country if organisation is not None and organisation.body is not None else None
        return side


def _bare(word: str) -> str:
    """A word without its quotes and possessive ending: "Russia's" -> "Russia" (but "separatists" stays)."""
    word = word.strip("’'\"“”")
    return word.removesuffix("’s").removesuffix("'s")


def _singular(key: str, table: Mapping[str, str]) -> str:
    """``key``, or its singular when only that is in ``table`` ("armenians" -> "armenian")."""
    return key[:-1] if key not in table and key.endswith("s") and key[:-1] in table else key


def phrase_words(head: Token) -> list[Token]:
    """The words of the noun phrase headed by ``head`` in text order, without its clauses and lists."""
    return sorted(_phrase(head), key=lambda t: t.i)


def _phrase(head: Token) -> list[Token]:
    words = [head]
    for child in head.children:
        if child.dep_ not in _CLAUSES:
            words.extend(_phrase(child))
    return words


def opponent(side: str | None, parties: Mapping[str, int]) -> str | None:
    """The side fighting ``side`` in a report: the other side most often acting in it, if any.

    A place one side left or lost ("Russian troops withdrew from V") is held by
    its opponent once the report names one.

    Examples
    --------
    >>> opponent("russia", {"russia": 3, "ukraine": 2})
    'ukraine'
    >>> opponent("russia", {"russia": 3}) is None
    True
    >>> opponent("artsakh", {"armenia": 4, "azerbaijan": 2})
    'azerbaijan'
    """
    if side is None:
        return None
    camp = next((c for c in _CAMPS if side in c), frozenset({side}))
    others = [(n, s) for s, n in parties.items() if s not in camp and n > 0]
    return max(others)[1] if others else None


def war_side(side: str | None) -> str | None:
    """The side of the war ``side`` fights on: the controller of ground its forces hold.

    The forces of a de facto authority (the Artsakh Defence Army) stay its own
    in ``actor1``; the ground they hold is the side's they fight for, so two
    reports that one calls Armenian and the other Artsakh's do not contradict.

    Examples
    --------
    >>> war_side("artsakh"), war_side("azerbaijan"), war_side(None)
    ('armenia', 'azerbaijan', None)
    """
    return _WAR_SIDES.get(side, side) if side else side
