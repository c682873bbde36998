"""The columnar structures every gazetteer layer answers the geoparser from.

:class:`NameIndex`
    name keys -> entries: a marisa trie of the keys (one C call gives every
    key that is a prefix of a text's words) and, per key, a slice of an
    array of entries (the row, which of the place's names it is, and
    :data:`flags <LATIN>` the geoparser filters on before any row is read).
:class:`Columns`
    per place: kind, population, country, coordinates, parent and state, as
    numpy arrays (memory-mapped for the GeoNames index), so candidates are
    ranked without reading their rows.

Examples
--------
>>> index = NameIndex.build([("baku", (0, 0, LATIN | MAIN_NAME)), ("baku", (3, 1, LATIN))])
>>> index.entries("baku")["row"].tolist(), index.prefixes("baku city")
([0, 3], ['baku'])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import marisa_trie
import numpy as np

from geomap.gazetteer import names
from geomap.gazetteer.places import KINDS

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from numpy.typing import NDArray

    from geomap.gazetteer.places import Place

__all__ = [
    "BARE_COUNTY",
    "DOTTED",
    "ENTRY",
    "LATIN",
    "MAIN_NAME",
    "Columns",
    "NameIndex",
    "alias_flags",
]

#: The name is written in Latin letters only.
LATIN = 1
#: The name is a county's name without its "County" (a surname as often as a place).
BARE_COUNTY = 2
#: The name ends with a period (an abbreviation: "Ga.", "U.S.").
DOTTED = 4
#: The name has the same key as the place's own name.
MAIN_NAME = 8

#: One entry of a name key: the place's row, the index of the name in ``Place.names``, the flags.
ENTRY = np.dtype([("row", "<i4"), ("alias", "<u2"), ("flags", "u1")])
_KIND_CODE = {kind: i for i, kind in enumerate(KINDS)}


def alias_flags(name: str, kind: str, alias: str) -> int:
    """The flags of ``alias``, a name of a place called ``name`` of ``kind``.

    Examples
    --------
    >>> alias_flags("Walker County", "district", "Walker") == BARE_COUNTY | LATIN
    True
    """
    flags = LATIN if names.latin(alias) else 0
    if kind == "district" and alias != name and name.startswith(f"{alias} "):
        flags |= BARE_COUNTY
    if alias.endswith("."):
        flags |= DOTTED
    if names.key(alias) == names.key(name):
        flags |= MAIN_NAME
    return flags


class NameIndex:
    """Name keys -> entries (see the module docstring)."""

    def __init__(self, keys: marisa_trie.Trie, starts: NDArray[np.int64], entries: NDArray[np.void]) -> None:
        self.keys = keys
        self._starts = starts
        self._entries = entries
        self._none = entries[:0]

    @classmethod
    def build(cls, items: Iterable[tuple[str, tuple[int, int, int]]]) -> NameIndex:
        """An index of ``(key, (row, alias index, flags))`` items; a key's entries keep their order."""
        grouped: dict[str, list[tuple[int, int, int]]] = {}
        for key, entry in items:
            grouped.setdefault(key, []).append(entry)
        trie = marisa_trie.Trie(grouped)
        ordered = [grouped[trie.restore_key(i)] for i in range(len(trie))]
        starts = np.zeros(len(ordered) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in ordered], out=starts[1:])
        entries = np.array([e for group in ordered for e in group], dtype=ENTRY).reshape(-1)
        return cls(trie, starts, entries)

    @classmethod
    def open(cls, folder: Path, stem: str) -> NameIndex:
        """Memory-map the index saved under ``stem`` in ``folder``."""
        trie = marisa_trie.Trie()
        trie.mmap(str(folder / f"{stem}.marisa"))
        return cls(
            trie,
            np.load(folder / f"{stem}_starts.npy", mmap_mode="r").view(np.ndarray),
            np.load(folder / f"{stem}_entries.npy", mmap_mode="r").view(np.ndarray),
        )

    def save(self, folder: Path, stem: str) -> None:
        """Write the index under ``stem`` in ``folder``."""
        self.keys.save(str(folder / f"{stem}.marisa"))
        np.save(folder / f"{stem}_starts.npy", self._starts)
        np.save(folder / f"{stem}_entries.npy", self._entries)

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def entries(self, key: str) -> NDArray[np.void]:
        """The entries of ``key`` (fields ``row``, ``alias``, ``flags``); empty when the key is unknown."""
        i = self.keys.get(key, -1)
        if i < 0:
            return self._none
        return self._entries[self._starts[i] : self._starts[i + 1]]

    def prefixes(self, text: str) -> list[str]:
        """The keys that are prefixes of ``text`` (shortest first)."""
        found: list[str] = self.keys.prefixes(text)
        return found

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every key."""
        return frozenset(key.partition(" ")[0] for key in self.keys)

    @cached_property
    def continued(self) -> frozenset[str]:
        """The first words of every key that has more words: ``q in continued`` iff some key starts with ``q + " "``.

        A set test where a trie walk per word was (a small layer's scan asks it at every word of a name).

        Examples
        --------
        >>> sorted(NameIndex.build([("bay of biscay", (0, 0, 0)), ("baku", (1, 0, 0))]).continued)
        ['bay', 'bay of']
        """
        found = set()
        for key in self.keys:  # each space of each key, found by str.find rather than a Python loop over characters
            space = key.find(" ")
            while space >= 0:
                found.add(key[:space])
                space = key.find(" ", space + 1)
        return frozenset(found)

    def keys_with_prefix(self, prefix: str) -> list[str]:
        """Every key that starts with ``prefix``."""
        found: list[str] = self.keys.keys(prefix)
        return found


@dataclass(frozen=True, slots=True)
class Columns:
    """Per place of a layer, the fields the geoparser ranks by.

    Attributes
    ----------
    kind
        Index into :data:`~geomap.gazetteer.places.KINDS`.
    population, log_population
        Inhabitants, and ``log10(population + 1)``.
    country
        ISO code (bytes), empty when none.
    coords
        ``(lon, lat)`` rows.
    parent
        Row of the parent in the layer, -1 when none.
    admin
        The state (or other region) the place is in: its own row for a
        region, -1 for a country and for a town whose parent is its country;
        codes past the last row stand for parents the layer does not hold.
    """

    kind: NDArray[np.uint8]
    population: NDArray[np.int64]
    log_population: NDArray[np.float64]
    country: NDArray[np.bytes_]
    coords: NDArray[np.float64]
    parent: NDArray[np.int64]
    admin: NDArray[np.int64]

    _FIELDS = ("kind", "population", "log_population", "country", "coords", "parent", "admin")

    @classmethod
    def of(cls, places: Sequence[Place]) -> Columns:
        """The columns of ``places`` (parents are looked up among them by ``place_id``)."""
        row_of = {p.place_id: i for i, p in enumerate(places)}
        parent = np.array([row_of.get(p.parent, -1) for p in places], dtype=np.int64)
        outside: dict[str, int] = {}
        admin = np.full(len(places), -1, dtype=np.int64)
        for i, place in enumerate(places):
            if place.kind == "region":
                admin[i] = i
            elif place.kind == "country" or not place.parent:
                continue
            elif parent[i] < 0:
                admin[i] = len(places) + outside.setdefault(place.parent, len(outside))
            elif places[parent[i]].kind != "country":
                admin[i] = parent[i]
        return cls(
            kind=np.array([_KIND_CODE[p.kind] for p in places], dtype=np.uint8),
            population=np.array([p.population for p in places], dtype=np.int64),
            log_population=np.array([math.log10(p.population + 1) for p in places], dtype=np.float64),
            country=np.array([p.country.encode() for p in places], dtype="S3"),
            coords=np.array([(p.lon, p.lat) for p in places], dtype=np.float64).reshape(-1, 2),
            parent=parent,
            admin=admin,
        )

    @classmethod
    def open(cls, folder: Path) -> Columns:
        """Memory-map the columns saved in ``folder``."""
        # Plain views of the maps: indexing a numpy.memmap goes through Python.
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray) for name in cls._FIELDS}
        return cls(**arrays)

    def save(self, folder: Path) -> None:
        """Write the columns into ``folder``."""
        for name in self._FIELDS:
            np.save(folder / f"{name}.npy", getattr(self, name))
