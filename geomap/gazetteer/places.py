"""Places and matches: the values every gazetteer layer gives.

A :class:`Place` is a named place with checked WGS84 coordinates, its kind
and the source of its coordinates; a :class:`Match` says which alias of it
matched a name, how and how well. :class:`Layer` is what every layer offers.

Examples
--------
>>> Place("x:1", "Goris", "populated place", 39.51, 46.34, "x", "GeoNames 174895").geometry.wkt
'POINT (46.34 39.51)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from geomap.errors import GazetteerError

if TYPE_CHECKING:
    import shapely

__all__ = ["KINDS", "Layer", "Match", "Place"]

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
        import shapely  # noqa: PLC0415 - finding places in a text needs no geometry (cold start)

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
        """Places with a name whose :func:`~geomap.gazetteer.names.key` is ``key``, with that name."""

    def loose(self, key: str) -> list[tuple[Place, str]]:
        """Places with a name whose :func:`~geomap.gazetteer.names.loose_key` is ``key``, with that name."""

    def fuzzy(self, key: str, min_score: float) -> list[tuple[Place, str, float]]:
        """Places with a name close to loose key ``key`` (rapidfuzz ratio >= ``min_score``)."""

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""

    def nearest(self, lon: float, lat: float, k: int, kind: str | None = None) -> list[tuple[Place, float]]:
        """The ``k`` places (of ``kind``, if given) nearest to a point, with distances in km."""
