"""The two kinds of gazetteer layer.

:class:`MemoryLayer`
    a small layer in memory (the curated and user layers): names indexed
    under their exact and loose keys.
:class:`IndexedLayer`
    a large layer in memory-mapped files (GeoNames): marisa tries from name
    keys to rows, rows as JSON lines, the columns the geoparser ranks by as
    numpy arrays; it opens in milliseconds and parses only the rows asked for.

Both answer the geoparser through the same structures
(:mod:`geomap.gazetteer.nameindex`): ``names`` and ``loose_names`` (name keys ->
entries), ``columns`` (per-place arrays) and ``row(i)``.
"""

from __future__ import annotations

import json
import math
import mmap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import marisa_trie
import numpy as np

from geomap.gazetteer import names
from geomap.gazetteer.demonyms import Demonyms
from geomap.gazetteer.nameindex import Columns, NameIndex, alias_flags
from geomap.gazetteer.places import KINDS, Place

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from numpy.typing import NDArray


__all__ = ["Compiled", "IndexRow", "IndexedLayer", "MemoryLayer", "PlaceRows", "useful_alias"]

_PLACES_FILE = "places.jsonl"
_IDS_FILE = "ids.json"
_LOOSE_ORDER_FILE = "loose_order.npy"


@dataclass(frozen=True, slots=True)
class Compiled:
    """What :meth:`MemoryLayer.open` reads instead of computing: the name indexes, the columns, the fuzzy order, ids."""

    names: NameIndex
    loose_names: NameIndex
    columns: Columns
    loose_order: NDArray[np.int64]
    ids: Sequence[str]


def _record(place: Place) -> dict[str, object]:
    return {**place.to_dict(), "line": place.line}


def _place(record: dict[str, Any]) -> Place:
    line = tuple(map(tuple, record["line"])) if record["line"] else None
    return Place(**{**record, "aliases": tuple(record["aliases"]), "line": line})


class PlaceRows(Sequence[Place]):
    """Places kept as JSON lines, each made a :class:`~geomap.gazetteer.places.Place` when first read.

    A parse reads a few of the curated layer's thousand places: opening it parses none.

    Examples
    --------
    >>> town = Place("t:1", "Şuşa", "populated place", 39.76, 46.75, "t", "hand-made")
    >>> rows = PlaceRows(PlaceRows.lines([town, town]))
    >>> len(rows), rows[1] == town, rows[-1:] == [town]
    (2, True, True)
    """

    def __init__(self, lines: Sequence[bytes]) -> None:
        self._lines = lines
        self._made: dict[int, Place] = {}

    @staticmethod
    def lines(places: Iterable[Place]) -> list[bytes]:
        """The JSON line (UTF-8, no line break) of each place."""
        return [json.dumps(_record(p), ensure_ascii=False).encode() for p in places]

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, i: int) -> Place: ...
    @overload
    def __getitem__(self, i: slice) -> list[Place]: ...
    def __getitem__(self, i: int | slice) -> Place | list[Place]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = i + len(self._lines) if i < 0 else i
        place = self._made.get(row)
        if place is None:
            place = self._made[row] = _place(json.loads(self._lines[i]))
        return place


class MemoryLayer:
    """A small layer held in memory (curated and user layers).

    Names are indexed under their exact and loose keys (two
    :class:`~geomap.gazetteer.nameindex.NameIndex`); :meth:`save` writes the
    layer into a folder that :meth:`open` reads back without computing a key.
    """

    def __init__(self, name: str, places: Iterable[Place], *, compiled: Compiled | None = None) -> None:
        self.name = name
        self.places: Sequence[Place] = places if isinstance(places, PlaceRows) else list(places)
        self._ids: Sequence[str] | None = None
        self._loose_order: list[str] | NDArray[np.int64]
        if compiled is not None:
            self.names, self.loose_names, self.columns = compiled.names, compiled.loose_names, compiled.columns
            self._loose_order, self._ids = compiled.loose_order, compiled.ids
            return
        exact: dict[str, list[tuple[int, str]]] = defaultdict(list)
        loose: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, place in enumerate(self.places):
            for alias in dict.fromkeys(place.names):
                if k := names.key(alias):
                    exact[k].append((i, alias))
                if lk := names.loose_key(alias):
                    loose[lk].append((i, alias))
        self.names = self._name_index(exact)
        self.loose_names = self._name_index(loose)
        self._loose_order = list(loose)  # fuzzy matching ranks ties in this order

    def save(self, folder: Path) -> None:
        """Write the layer into ``folder`` (which must exist), ready for :meth:`open`.

        ``places.jsonl`` holds the places, one JSON object a line, ``ids.json``
        their ids; the name indexes and columns are the files
        :meth:`~geomap.gazetteer.nameindex.NameIndex.save` and
        :meth:`~geomap.gazetteer.nameindex.Columns.save` write;
        ``loose_order.npy`` the order in which fuzzy matching reads the loose keys.
        """
        (folder / _PLACES_FILE).write_bytes(b"".join(line + b"\n" for line in PlaceRows.lines(self.places)))
        (folder / _IDS_FILE).write_text(json.dumps([p.place_id for p in self.places]), encoding="utf-8")
        self.names.save(folder, "exact")
        self.loose_names.save(folder, "loose")
        self.columns.save(folder)
        order = np.array([self.loose_names.keys[k] for k in self._loose_keys], dtype=np.int64)
        np.save(folder / _LOOSE_ORDER_FILE, order)

    @classmethod
    def open(cls, name: str, folder: Path) -> MemoryLayer:
        """The layer :meth:`save` wrote into ``folder``: read without computing a name key, indexes memory-mapped.

        Its places are :class:`PlaceRows`: each is parsed when first read.

        Examples
        --------
        >>> import tempfile
        >>> from geomap.gazetteer.places import Place
        >>> town = Place("t:1", "Şuşa", "populated place", 39.76, 46.75, "t", "hand-made", aliases=("Shusha",))
        >>> folder = Path(tempfile.mkdtemp())
        >>> MemoryLayer("t", [town]).save(folder)
        >>> again = MemoryLayer.open("t", folder)
        >>> list(again.places) == [town], [alias for _, alias in again.exact("shusha")], again.get("t:1") == town
        (True, ['Şuşa', 'Shusha'], True)
        >>> again.names.prefixes("shusha city")
        ['shusha']
        """
        places = PlaceRows((folder / _PLACES_FILE).read_bytes().splitlines())
        compiled = Compiled(
            names=NameIndex.open(folder, "exact"),
            loose_names=NameIndex.open(folder, "loose"),
            columns=Columns.open(folder),
            loose_order=np.load(folder / _LOOSE_ORDER_FILE, mmap_mode="r"),
            ids=json.loads((folder / _IDS_FILE).read_text(encoding="utf-8")),
        )
        if len(compiled.ids) != len(places):
            msg = f"{folder}: {len(places)} places but {len(compiled.ids)} ids"
            raise ValueError(msg)
        return cls(name, places, compiled=compiled)

    def __len__(self) -> int:
        return len(self.places)

    def _found(self, index: NameIndex, key: str) -> list[tuple[Place, str]]:
        entries = index.entries(key)
        if not len(entries):  # most keys asked of a small layer are none of its names
            return []
        found = []
        for row, alias in zip(entries["row"].tolist(), entries["alias"].tolist(), strict=True):
            place = self.places[row]
            found.append((place, place.names[alias]))
        return found

    def exact(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose exact key is ``key``."""
        return self._found(self.names, key)

    def loose(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose loose key is ``key``."""
        return self._found(self.loose_names, key)

    @cached_property
    def _loose_keys(self) -> list[str]:
        order = self._loose_order
        return order if isinstance(order, list) else [self.loose_names.keys.restore_key(int(i)) for i in order]

    def fuzzy(self, key: str, min_score: float) -> list[tuple[Place, str, float]]:
        """Places with a name close to loose key ``key``."""
        from rapidfuzz import fuzz, process  # noqa: PLC0415 - only fuzzy lookups need it, not parsing

        found = process.extract(key, self._loose_keys, scorer=fuzz.ratio, score_cutoff=min_score, limit=10)
        return [(place, alias, score) for k, score, _ in found for place, alias in self.loose(k)]

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        row = self._rows.get(place_id)
        return None if row is None else self.places[row]

    @cached_property
    def _coords(self) -> NDArray[np.float64]:
        return np.array([(p.lon, p.lat) for p in self.places], dtype=float).reshape(-1, 2)

    def nearest(self, lon: float, lat: float, k: int, kind: str | None = None) -> list[tuple[Place, float]]:
        """The ``k`` places (of ``kind``, if given) nearest to a point, with distances in km (vectorised)."""
        candidates = np.array([kind is None or p.kind == kind for p in self.places], dtype=bool)
        if not candidates.any():
            return []
        index = np.flatnonzero(candidates)
        from geomap import crs  # noqa: PLC0415 - pyproj: only reverse lookups need it

        dist = crs.distance_km(self._coords[index, 0], self._coords[index, 1], lon, lat)
        order = np.argsort(dist)[:k]
        return [(self.places[index[i]], float(dist[i])) for i in order]

    def _name_index(self, table: Mapping[str, list[tuple[int, str]]]) -> NameIndex:
        return NameIndex.build(
            (key, (i, self.places[i].names.index(alias), alias_flags(self.places[i].name, self.places[i].kind, alias)))
            for key, found in table.items()
            for i, alias in found
        )

    @cached_property
    def columns(self) -> Columns:
        """Kind, population, country, coordinates, parent and state of every place, as arrays."""
        return Columns.of(self.places)

    def row(self, i: int) -> Place:
        """The ``i``-th place."""
        return self.places[i]

    def row_of(self, place_id: str) -> int:
        """The index of the place with this id, or -1."""
        return self._rows.get(place_id, -1)

    @cached_property
    def _rows(self) -> dict[str, int]:
        ids = self._ids if self._ids is not None else [p.place_id for p in self.places]
        return {place_id: i for i, place_id in enumerate(ids)}


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

    Files in the layer folder: ``exact.marisa`` and ``loose.marisa`` with their
    ``*_starts.npy`` / ``*_entries.npy`` map name keys to rows
    (:class:`~geomap.gazetteer.nameindex.NameIndex`); ``rows.jsonl`` holds one JSON
    place a line at the offsets in ``offsets.npy``; the
    :class:`~geomap.gazetteer.nameindex.Columns` (``kind.npy``, ``population.npy``,
    ``coords.npy``, ...) rank and filter candidates without reading rows;
    ``ids.marisa`` maps ids to rows. Opening costs a few milliseconds;
    nothing is parsed until asked for. A folder in the layout before the
    columns is rebuilt from its rows when opened.
    """

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        if not (folder / "admin.npy").exists() and (folder / "rows.jsonl").exists():
            _upgrade(name, folder)
        self.names = NameIndex.open(folder, "exact")
        self.loose_names = NameIndex.open(folder, "loose")
        self._offsets = np.load(folder / "offsets.npy", mmap_mode="r")
        self.columns = Columns.open(folder)
        self.coords = self.columns.coords
        self.population = self.columns.population
        self._ids = marisa_trie.RecordTrie("<I")
        self._ids.mmap(str(folder / "ids.marisa"))
        with (folder / "rows.jsonl").open("rb") as fh:
            self._rows = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._cache: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @cached_property
    def demonyms(self) -> Demonyms:
        """Demonym keys (``american``) -> the place they stand for, from ``demonyms.json`` if the layer has one."""
        path = self.folder / "demonyms.json"
        table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return Demonyms({key: (f"{self.name}:{ident}",) for key, ident in table.items()}, self.get)

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

    def row_of(self, place_id: str) -> int:
        """The row of the place with this id, or -1."""
        layer, _, ident = place_id.rpartition(":")
        rows = self._ids.get(ident) if layer == self.name else None
        return int(rows[0][0]) if rows else -1

    def _places(self, entries: NDArray[np.void]) -> list[tuple[Place, str]]:
        found = []
        for row, alias in zip(entries["row"].tolist(), entries["alias"].tolist(), strict=True):
            place = self.row(row)
            found.append((place, place.names[alias]))
        return found

    def exact(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose exact key is ``key``."""
        return self._places(self.names.entries(key))

    def loose(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose loose key is ``key``."""
        return self._places(self.loose_names.entries(key))

    def fuzzy(self, key: str, min_score: float) -> list[tuple[Place, str, float]]:
        """Places with a name close to loose key ``key``, among keys sharing its first letters."""
        from rapidfuzz import fuzz, process  # noqa: PLC0415 - only fuzzy lookups need it, not parsing

        choices = sorted(self.loose_names.keys_with_prefix(key[:3])) if len(key) >= 3 else []  # noqa: PLR2004
        found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=min_score, limit=10)
        return [(place, alias, score) for k, score, _ in found for place, alias in self.loose(k)]

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        row = self.row_of(place_id)
        return self.row(row) if row >= 0 else None

    def nearest(self, lon: float, lat: float, k: int, kind: str | None = None) -> list[tuple[Place, float]]:
        """The ``k`` places (of ``kind``, if given) nearest to a point, with distances in km (vectorised)."""
        coords = np.asarray(self.coords)
        index = np.arange(len(coords)) if kind is None else np.flatnonzero(self.columns.kind == KINDS.index(kind))
        if len(index) == 0:
            return []
        rough = np.hypot((coords[index, 0] - lon) * math.cos(math.radians(lat)), coords[index, 1] - lat)
        pool = min(k * 8, len(index))
        near = index[np.argpartition(rough, pool - 1)[:pool]]
        from geomap import crs  # noqa: PLC0415 - pyproj: only reverse lookups need it

        dist = crs.distance_km(coords[near, 0], coords[near, 1], lon, lat)
        return [(self.row(int(near[i])), float(dist[i])) for i in np.argsort(dist)[:k]]

    @classmethod
    def build(
        cls,
        name: str,
        rows: Iterable[IndexRow],
        folder: Path,
        *,
        demonyms: Mapping[str, str] | None = None,
        extra: Callable[[Path], None] | None = None,
    ) -> IndexedLayer:
        """Write an index of ``rows`` into ``folder`` atomically and open it.

        ``demonyms`` maps demonym keys (``american``) to the ids of the rows
        they stand for; they are kept in ``demonyms.json``. ``extra`` writes
        more files into the index folder before it is put in place.
        """
        import shutil  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)
        import tempfile  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        try:
            exact_items: list[tuple[str, bytes]] = []
            loose_items: list[tuple[str, bytes]] = []
            ids: list[tuple[str, tuple[int]]] = []
            offsets = [0]
            places: list[Place] = []
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
                    line = json.dumps(_row_record(row), ensure_ascii=False).encode()
                    out.write(line + b"\n")
                    offsets.append(offsets[-1] + len(line) + 1)
                    ids.append((row.ident, (i,)))
                    places.append(_row_place(name, row))
            _name_index(exact_items, places).save(tmp, "exact")
            _name_index(loose_items, places).save(tmp, "loose")
            marisa_trie.RecordTrie("<I", ids).save(str(tmp / "ids.marisa"))
            np.save(tmp / "offsets.npy", np.asarray(offsets, dtype=np.int64))
            Columns.of(places).save(tmp)
            (tmp / "demonyms.json").write_text(json.dumps(dict(demonyms or {}), sort_keys=True), encoding="utf-8")
            if extra is not None:
                extra(tmp)
            if folder.exists():
                shutil.rmtree(folder)
            tmp.rename(folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return cls(name, folder)


def _row_record(row: IndexRow) -> dict[str, object]:
    record: dict[str, object] = {
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
    return record


def _row_place(layer: str, row: IndexRow) -> Place:
    return Place(
        place_id=f"{layer}:{row.ident}",
        name=row.name,
        kind=row.kind,
        lat=row.lat,
        lon=row.lon,
        layer=layer,
        source=row.source,
        country=row.country,
        population=row.population,
        aliases=row.aliases,
        parent=f"{layer}:{row.parent}" if row.parent else "",
    )


def _name_index(items: list[tuple[str, bytes]], places: Sequence[Place]) -> NameIndex:
    """A :class:`NameIndex` of ``(key, row bytes + alias)`` items, a key's entries in marisa's order of them."""
    ordered = marisa_trie.BytesTrie(items)

    def entries() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for key in dict.fromkeys(k for k, _ in items):
            for value in ordered[key]:
                place = places[int.from_bytes(value[:4], "little")]
                alias = value[4:].decode()
                yield key, (int.from_bytes(value[:4], "little"), place.names.index(alias), _flags(place, alias))

    return NameIndex.build(entries())


def _flags(place: Place, alias: str) -> int:
    return alias_flags(place.name, place.kind, alias)


def _upgrade(name: str, folder: Path) -> None:
    """Rebuild an index folder of the layout before the columns from its own rows."""
    with (folder / "rows.jsonl").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    rows = [
        IndexRow(
            ident=r["id"],
            name=r["name"],
            kind=r["kind"],
            lat=r["lat"],
            lon=r["lon"],
            country=r["country"],
            population=r["population"],
            aliases=tuple(r["aliases"]),
            source=r["source"],
            parent=r.get("parent", ""),
        )
        for r in records
    ]
    demonyms_path = folder / "demonyms.json"
    demonyms = json.loads(demonyms_path.read_text(encoding="utf-8")) if demonyms_path.exists() else {}
    IndexedLayer.build(name, rows, folder, demonyms=demonyms)
