"""The Gazetteer: one lookup over the stacked layers, most trusted first (see :mod:`geomap.gazetteer`)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import PlaceNotFound
from geomap.gazetteer import names
from geomap.gazetteer.demonyms import Demonyms
from geomap.gazetteer.geonames import base_layer, read_geonames_dump
from geomap.gazetteer.layerfiles import curated_layer, read_demonyms, read_places_csv, read_places_geojson
from geomap.gazetteer.layerinstall import import_layer, installed_layers, user_layers_dir
from geomap.gazetteer.layers import IndexedLayer, MemoryLayer
from geomap.gazetteer.places import KINDS, Layer, Match, Place

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


__all__ = [
    "KINDS",
    "Gazetteer",
    "IndexedLayer",
    "Layer",
    "Match",
    "MemoryLayer",
    "Place",
    "base_layer",
    "curated_layer",
    "import_layer",
    "read_geonames_dump",
    "read_places_csv",
    "read_places_geojson",
    "user_layers_dir",
]


_METHOD_RANK = {"exact": 0, "loose": 1, "fuzzy": 2}
_CACHED_LOOKUPS = 20_000


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
        # Lookups asked again (the geoparser's hooks ask per mention) are answered from here; bounded.
        self._lookups: dict[tuple[object, ...], list[Match]] = {}

    @cached_property
    def demonyms(self) -> Demonyms:
        """Demonyms (folded) -> the country they stand for, where a layer has that country (looked up when asked)."""
        targets: dict[str, tuple[str, ...]] = {}
        for demonym, country in self._demonym_names.items():
            key = names.key(demonym)
            targets[key] = (*targets.get(key, ()), country)
        return Demonyms(targets, self._country)

    def _country(self, name: str) -> Place | None:
        matches = self.lookup(name, kind=("country", "region"), fuzzy=False, limit=1)
        return matches[0].place if matches else None

    @classmethod
    def default(cls, *, base: bool | None = None) -> Gazetteer:
        """The curated layer, installed user layers and (unless ``base=False``) the GeoNames layer."""
        use_base = settings.use_base_layer if base is None else base
        layers: list[Layer] = [curated_layer(), *installed_layers()]
        if use_base:
            layers.append(base_layer())
        return cls(layers, demonyms=read_demonyms(settings.gazetteer_dir / "demonyms.csv"))

    @property
    def memory_layers(self) -> list[MemoryLayer]:
        """The layers held in memory (curated and user layers)."""
        return [layer for layer in self.layers if isinstance(layer, MemoryLayer)]

    @property
    def indexed_layers(self) -> list[IndexedLayer]:
        """The memory-mapped layers, looked up word n-gram by n-gram."""
        return [layer for layer in self.layers if isinstance(layer, IndexedLayer)]

    def _rank(self, match: Match) -> tuple[int, int, float, int]:
        layer_rank = next(i for i, layer in enumerate(self.layers) if layer.name == match.place.layer)
        return (_METHOD_RANK[match.method], layer_rank, -match.score, -match.place.population)

    def lookup(
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

        Exact matches (same :func:`~geomap.gazetteer.names.key`) come before loose ones
        (same :func:`~geomap.gazetteer.names.loose_key`), which come before fuzzy ones
        (rapidfuzz ratio of loose keys >= ``min_score``, default
        ``settings.fuzzy_min_score``); fuzzy ones are only sought when nothing
        else matched. Within a method, earlier layers, higher scores and larger
        populations come first. Answers are kept per gazetteer (bounded): the
        geoparser asks again for the same names.

        Examples
        --------
        >>> gaz = Gazetteer.default(base=False)
        >>> [m.place.kind for m in gaz.lookup("Agdara")][:2]
        ['populated place', 'district']
        >>> gaz.lookup("Kalbadjar")[0].place.name
        'Kalbajar'
        """
        kinds = {kind} if isinstance(kind, str) else set(kind or ())
        cutoff = settings.fuzzy_min_score if min_score is None else min_score
        memo = (name, frozenset(kinds), country, fuzzy, cutoff)
        known = self._lookups.get(memo)
        if known is None:
            if len(self._lookups) >= _CACHED_LOOKUPS:
                self._lookups.clear()
            known = self._lookups[memo] = self._matches(name, kinds, country, fuzzy=fuzzy, cutoff=cutoff)
        return list(known) if limit is None else known[:limit]

    def _matches(  # noqa: C901 - filters and three matching passes
        self, name: str, kinds: set[str], country: str | None, *, fuzzy: bool, cutoff: float
    ) -> list[Match]:
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
                for layer in self.layers:
                    for place, alias, score in layer.fuzzy(loose_key, cutoff):
                        keep(place, alias, "fuzzy", score)
        return sorted(found.values(), key=self._rank)

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
