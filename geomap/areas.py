"""Areas of places: what ground a claim about a place covers.

- a populated place: a circle sized by its population (village, town, city);
- a height, pass or other point feature: a circle sized by its kind;
- a road or corridor: a corridor along its line;
- a district or region: its polygon where ``gazetteer/boundaries`` has one
  (geoBoundaries, or derived there and marked approximate, see
  :mod:`geomap.gazetteer.boundaries`); otherwise a boundary derived from the settlements
  the gazetteer lists in it, at any depth (a concave hull, buffered), marked
  approximate; with fewer than three, a circle around a district's seat, and
  only the representative point of a region;
- a country: its representative point (a few listed towns do not outline a country).

Every area says how it was made (``method``) and whether it is approximate.
Sizes come from :mod:`geomap.settings`. All buffering is done by
:func:`geomap.crs.buffer_km` in one vectorised call per region.

Examples
--------
>>> from geomap.gazetteer import Place
>>> village = Place("x:1", "Talish", "populated place", 40.15, 46.66, "x", "test", population=800)
>>> area = areas_for([village])[0]
>>> area.method, area.approximate
('circle of 1.5 km around a village', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely

from geomap import crs, settings
from geomap.gazetteer.boundaries import boundary

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.gazetteer import Gazetteer, Place

__all__ = ["Area", "areas_for"]

_MIN_HULL_POINTS = 3


@dataclass(frozen=True, slots=True)
class Area:
    """The ground a place covers, how it was made, and whether it is approximate."""

    geometry: shapely.Geometry
    method: str
    approximate: bool


def _size_class(place: Place) -> str:
    if place.kind != "populated place":
        return place.kind if place.kind in settings.claim_radius_km else "other"
    if place.population >= settings.city_population:
        return "city"
    if place.population >= settings.town_population:
        return "town"
    return "village" if place.population > 0 else "populated place"


def _areal(place: Place, gazetteer: Gazetteer | None) -> Area:
    """The area of a district, region or country."""
    if place.kind == "country":
        return Area(
            shapely.Point(place.lon, place.lat), "the representative point only (no boundary known)", approximate=True
        )
    polygon = boundary(place.place_id)
    if polygon is not None:
        return Area(polygon.geometry, f"{polygon.method} ({polygon.source})", approximate=polygon.approximate)
    children = gazetteer.descendants(place.place_id) if gazetteer is not None else []
    points = [(c.lon, c.lat) for c in children if c.kind == "populated place"] + [(place.lon, place.lat)]
    unique = np.unique(np.asarray(points), axis=0)
    if len(unique) >= _MIN_HULL_POINTS:
        hull = shapely.concave_hull(shapely.multipoints(unique), ratio=settings.district_hull_ratio)
        method = (
            f"derived: concave hull (ratio {settings.district_hull_ratio}) of {len(unique)} settlements "
            f"listed in it, buffered by {settings.district_buffer_km:g} km"
        )
        return Area(crs.buffer_km([hull], settings.district_buffer_km)[0], method, approximate=True)
    if place.kind == "region":
        return Area(
            shapely.Point(place.lon, place.lat), "the representative point only (no boundary known)", approximate=True
        )
    radius = settings.district_fallback_radius_km
    circle = crs.buffer_km([shapely.Point(place.lon, place.lat)], radius)[0]
    return Area(circle, f"circle of {radius:g} km around its seat (too few settlements listed)", approximate=True)


def areas_for(places: Sequence[Place], gazetteer: Gazetteer | None = None) -> list[Area]:
    """The area of each place (same order).

    Parameters
    ----------
    places
        Places of any kind.
    gazetteer
        Used to find the settlements of districts and regions; without it
        they get a circle around their seat.
    """
    n = len(places)
    result: list[Area | None] = [None] * n
    areal = [i for i, p in enumerate(places) if p.kind in {"district", "region", "country"}]
    for i in areal:
        result[i] = _areal(places[i], gazetteer)
    roads = [i for i, p in enumerate(places) if p.kind == "road" and p.line is not None and len(p.line) > 1]
    if roads:
        corridors = crs.buffer_km([places[i].geometry for i in roads], settings.road_corridor_km)
        for i, geom in zip(roads, corridors, strict=True):
            result[i] = Area(
                geom, f"corridor of {settings.road_corridor_km:g} km each side of the road's line", approximate=False
            )
    rest = [i for i in range(n) if result[i] is None]
    if rest:
        classes = [_size_class(places[i]) for i in rest]
        radii = np.array([settings.claim_radius_km.get(c, settings.claim_radius_km["other"]) for c in classes])
        points = shapely.points([(places[i].lon, places[i].lat) for i in rest])
        for i, geom, cls, radius in zip(rest, crs.buffer_km(points, radii), classes, radii, strict=True):
            result[i] = Area(geom, f"circle of {radius:g} km around a {cls}", approximate=True)
    return [a for a in result if a is not None]
