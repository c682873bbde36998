"""The two kinds of gazetteer layer.

:class:`MemoryLayer`
    a small layer in memory (the curated and user layers): names indexed
    under their exact and loose keys, and an Aho-Corasick automaton that finds
    all of them in a text at once.
:class:`IndexedLayer`
    a large layer in memory-mapped files (GeoNames): marisa tries from name
    keys to rows, rows as JSON lines, coordinates and populations as numpy
    arrays; it opens in milliseconds and parses only the rows asked for.
"""

from __future__ import annotations

import json
import math
import mmap
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick
import marisa_trie
import numpy as np
from rapidfuzz import fuzz, process

from geomap import crs, names
from geomap.places import Place

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from numpy.typing import NDArray


__all__ = ["IndexRow", "IndexedLayer", "MemoryLayer", "useful_alias"]


class MemoryLayer:
    """A small layer held in memory (curated and user layers).

    Names are indexed under their exact and loose keys; :meth:`scan` finds all
    of them in a tokenised text at once with an Aho-Corasick automaton.
    """

    def __init__(self, name: str, places: Iterable[Place]) -> None:
        self.name = name
        self.places: list[Place] = list(places)
        self._by_id = {p.place_id: p for p in self.places}
        self._exact: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._loose: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, place in enumerate(self.places):
            for alias in dict.fromkeys(place.names):
                if k := names.key(alias):
                    self._exact[k].append((i, alias))
                if lk := names.loose_key(alias):
                    self._loose[lk].append((i, alias))

    def __len__(self) -> int:
        return len(self.places)

    def exact(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose exact key is ``key``."""
        return [(self.places[i], alias) for i, alias in self._exact.get(key, ())]

    def loose(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose loose key is ``key``."""
        return [(self.places[i], alias) for i, alias in self._loose.get(key, ())]

    def fuzzy(self, key: str, min_score: float) -> list[tuple[Place, str, float]]:
        """Places with a name close to loose key ``key``."""
        found = process.extract(key, list(self._loose), scorer=fuzz.ratio, score_cutoff=min_score, limit=10)
        return [(self.places[i], alias, score) for k, score, _ in found for i, alias in self._loose[k]]

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._by_id.get(place_id)

    @cached_property
    def _coords(self) -> NDArray[np.float64]:
        return np.array([(p.lon, p.lat) for p in self.places], dtype=float).reshape(-1, 2)

    def nearest(self, lon: float, lat: float, k: int, kind: str | None = None) -> list[tuple[Place, float]]:
        """The ``k`` places (of ``kind``, if given) nearest to a point, with distances in km (vectorised)."""
        candidates = np.array([kind is None or p.kind == kind for p in self.places], dtype=bool)
        if not candidates.any():
            return []
        index = np.flatnonzero(candidates)
        dist = crs.distance_km(self._coords[index, 0], self._coords[index, 1], lon, lat)
        order = np.argsort(dist)[:k]
        return [(self.places[index[i]], float(dist[i])) for i in order]

    @cached_property
    def _automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key in self._loose:
            automaton.add_word(f" {key} ", (key, key.count(" ") + 1))
        if len(automaton):
            automaton.make_automaton()
        return automaton

    def scan(self, tokens: Sequence[names.Token]) -> Iterator[tuple[int, int, str]]:
        """Find every indexed name in ``tokens``: ``(first, last_exclusive, loose_key)`` per hit.

        The tokens' loose keys are joined by spaces and padded, so a hit always
        covers whole words.
        """
        if not len(self._automaton) or not tokens:
            return
        starts = np.zeros(len(tokens), dtype=np.int64)
        pos = 0
        for i, token in enumerate(tokens):
            starts[i] = pos
            pos += len(token.loose) + 1
        text = " " + " ".join(t.loose for t in tokens) + " "
        for end, (key, n_words) in self._automaton.iter(text):
            last = int(np.searchsorted(starts, end - 1 - len(key), side="right")) - 1 + n_words
            yield last - n_words, last, key


@dataclass(frozen=True, slots=True)
class IndexRow:
    """A place row before indexing."""

    ident: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str
    population: int
    aliases: tuple[str, ...]
    source: str
    parent: str = ""
    line: tuple[tuple[float, float], ...] | None = None  # a road's (lon, lat) waypoints


def useful_alias(alias: str) -> bool:
    """Drop codes (``YLV``), names with digits, one-letter names and names in lower case (``we``)."""
    stripped = alias.strip()
    if len(stripped) < 2 or any(ch.isdigit() for ch in stripped) or stripped == stripped.lower():  # noqa: PLR2004
        return False
    return not (stripped.isupper() and len(stripped) <= 4 and " " not in stripped)  # noqa: PLR2004


class IndexedLayer:
    """A large layer in a memory-mapped index (GeoNames).

    Files in the layer folder: ``exact.marisa`` and ``loose.marisa`` map name
    keys to row numbers (with the alias), ``rows.jsonl`` holds one JSON place
    a line at the offsets in ``offsets.npy``, and ``coords.npy`` /
    ``population.npy`` hold the columns used for ranking and reverse lookup;
    ``ids.marisa`` maps ids to rows.
    Opening costs a few milliseconds; nothing is parsed until asked for.
    """

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self._exact = marisa_trie.BytesTrie()
        self._exact.mmap(str(folder / "exact.marisa"))
        self._loose = marisa_trie.BytesTrie()
        self._loose.mmap(str(folder / "loose.marisa"))
        self._offsets = np.load(folder / "offsets.npy", mmap_mode="r")
        self.coords = np.load(folder / "coords.npy", mmap_mode="r")
        self.population = np.load(folder / "population.npy", mmap_mode="r")
        self._ids = marisa_trie.RecordTrie("<I")
        self._ids.mmap(str(folder / "ids.marisa"))
        with (folder / "rows.jsonl").open("rb") as fh:
            self._rows = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._cache: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @cached_property
    def demonyms(self) -> dict[str, Place]:
        """Demonym keys (``american``) -> the place they stand for, from ``demonyms.json`` if the layer has one."""
        path = self.folder / "demonyms.json"
        if not path.exists():
            return {}
        table = json.loads(path.read_text(encoding="utf-8"))
        places = {key: self.get(f"{self.name}:{ident}") for key, ident in table.items()}
        return {key: place for key, place in places.items() if place is not None}

    def __contains__(self, key: str) -> bool:
        return key in self._exact

    def has_prefix(self, key: str) -> bool:
        """Whether any indexed exact key starts with ``key``."""
        return next(self._exact.iterkeys(key), None) is not None

    def row(self, i: int) -> Place:
        """The place in row ``i``."""
        place = self._cache.get(i)
        if place is None:
            start, end = int(self._offsets[i]), int(self._offsets[i + 1])
            data = json.loads(self._rows[start:end])
            place = Place(
                place_id=f"{self.name}:{data['id']}",
                name=data["name"],
                kind=data["kind"],
                lat=data["lat"],
                lon=data["lon"],
                layer=self.name,
                source=data["source"],
                country=data["country"],
                population=data["population"],
                aliases=tuple(data["aliases"]),
                parent=f"{self.name}:{data['parent']}" if data.get("parent") else "",
                line=tuple(map(tuple, data["line"])) if data.get("line") else None,
            )
            self._cache[i] = place
        return place

    @staticmethod
    def _decode(values: list[bytes]) -> list[tuple[int, str]]:
        return [(int.from_bytes(v[:4], "little"), v[4:].decode()) for v in values]

    def exact_rows(self, key: str) -> list[tuple[int, str]]:
        """Row numbers and aliases whose exact key is ``key``."""
        return self._decode(self._exact.get(key, []))

    def exact(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose exact key is ``key``."""
        return [(self.row(i), alias) for i, alias in self.exact_rows(key)]

    def loose(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose loose key is ``key``."""
        return [(self.row(i), alias) for i, alias in self._decode(self._loose.get(key, []))]

    def fuzzy(self, key: str, min_score: float) -> list[tuple[Place, str, float]]:
        """Places with a name close to loose key ``key``, among keys sharing its first letters."""
        choices = sorted(set(self._loose.keys(key[:3]))) if len(key) >= 3 else []  # noqa: PLR2004
        found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=min_score, limit=10)
        return [(self.row(i), alias, score) for k, score, _ in found for i, alias in self._decode(self._loose[k])]

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        layer, _, ident = place_id.rpartition(":")
        rows = self._ids.get(ident) if layer == self.name else None
        return self.row(rows[0][0]) if rows else None

    def nearest(self, lon: float, lat: float, k: int, kind: str | None = None) -> list[tuple[Place, float]]:
        """The ``k`` places (of ``kind``, if given) nearest to a point, with distances in km (vectorised).

        Kinds are stored in the rows, not in the arrays, so with ``kind`` a
        wider ring of nearest rows is read and filtered.
        """
        coords = np.asarray(self.coords)
        if len(coords) == 0:
            return []
        pool = k * 8 if kind is None else k * 400
        rough = np.hypot((coords[:, 0] - lon) * math.cos(math.radians(lat)), coords[:, 1] - lat)
        near = np.argpartition(rough, min(pool, len(rough) - 1))[:pool]
        dist = crs.distance_km(coords[near, 0], coords[near, 1], lon, lat)
        found = []
        for i in np.argsort(dist):
            place = self.row(int(near[i]))
            if kind is None or place.kind == kind:
                found.append((place, float(dist[i])))
                if len(found) == k:
                    break
        return found

    @classmethod
    def build(
        cls, name: str, rows: Iterable[IndexRow], folder: Path, *, demonyms: Mapping[str, str] | None = None
    ) -> IndexedLayer:
        """Write an index of ``rows`` into ``folder`` atomically and open it.

        ``demonyms`` maps demonym keys (``american``) to the ids of the rows
        they stand for; they are kept in ``demonyms.json``.
        """
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        try:
            exact_items: list[tuple[str, bytes]] = []
            loose_items: list[tuple[str, bytes]] = []
            ids: list[tuple[str, tuple[int]]] = []
            offsets = [0]
            coords: list[tuple[float, float]] = []
            population: list[int] = []
            with (tmp / "rows.jsonl").open("wb") as out:
                for i, row in enumerate(rows):
                    packed = i.to_bytes(4, "little")
                    seen: set[str] = set()
                    for alias in (row.name, *row.aliases):
                        k = names.key(alias)
                        if k and k not in seen:
                            seen.add(k)
                            exact_items.append((k, packed + alias.encode()))
                            loose_items.append((names.loose_key(alias), packed + alias.encode()))
                    record = {
                        "id": row.ident,
                        "name": row.name,
                        "kind": row.kind,
                        "lat": row.lat,
                        "lon": row.lon,
                        "country": row.country,
                        "population": row.population,
                        "aliases": list(row.aliases),
                        "source": row.source,
                        "parent": row.parent,
                    }
                    if row.line is not None:  # roads of imported layers keep their waypoints
                        record["line"] = row.line
                    line = json.dumps(record, ensure_ascii=False).encode()
                    out.write(line + b"\n")
                    offsets.append(offsets[-1] + len(line) + 1)
                    ids.append((row.ident, (i,)))
                    coords.append((row.lon, row.lat))
                    population.append(row.population)
            marisa_trie.BytesTrie(exact_items).save(str(tmp / "exact.marisa"))
            marisa_trie.BytesTrie(loose_items).save(str(tmp / "loose.marisa"))
            marisa_trie.RecordTrie("<I", ids).save(str(tmp / "ids.marisa"))
            np.save(tmp / "offsets.npy", np.asarray(offsets, dtype=np.int64))
            np.save(tmp / "coords.npy", np.asarray(coords, dtype=np.float64).reshape(-1, 2))
            np.save(tmp / "population.npy", np.asarray(population, dtype=np.int64))
            (tmp / "demonyms.json").write_text(json.dumps(dict(demonyms or {}), sort_keys=True), encoding="utf-8")
            if folder.exists():
                shutil.rmtree(folder)
            tmp.rename(folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return cls(name, folder)
