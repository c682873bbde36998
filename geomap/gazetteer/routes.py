"""Named routes (roads, corridors) as lines.

Two kinds of route reach a map:

- roads in the gazetteer, drawn along their sourced waypoints
  (``gazetteer/routes.csv``): the Vardenis-Agdara road follows the Tartar
  valley, not a straight segment;
- routes a report describes between two places it names ("the Goris-Berd
  highway", "the road from Khankendi to Lachin") that no gazetteer layer
  holds: drawn as a straight line between the two places and marked
  approximate.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> text = "The road from Goris to Kapan was closed."
>>> [(r.name, r.approximate) for r in find_routes(text, Geoparser(Gazetteer.default(base=False)).parse(text))]
[('road from Goris to Kapan', True)]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

from geomap import crs

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.geoparse import Mention

__all__ = ["Route", "find_routes", "routes_frame"]

_ROAD = r"(?:road|highway|motorway|route|corridor|railway|supply line)"
_DASH_JOIN = re.compile(r"^\s?[-–—]\s?$")
_AFTER_DASH = re.compile(r"^\s+(?:[a-z]+\s+)?" + _ROAD + r"\b", re.IGNORECASE)
_FROM_BEFORE = re.compile(_ROAD + r"s?\s+(?:\w+\s+){0,3}?from\s+(?:the\s+)?(?:city\s+of\s+)?$", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"^(?:[’']s)?(?:\s+\w+){0,3}?\s+to\s+(?:the\s+)?(?:city\s+of\s+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Route:
    """A route as a line, where its geometry came from, and the text that names it."""

    name: str
    line: shapely.LineString
    source: str
    approximate: bool
    start: int
    end: int
    place_id: str | None = None


def find_routes(text: str, mentions: Sequence[Mention]) -> list[Route]:
    """The routes ``text`` names: gazetteer roads among ``mentions``, and described ones.

    Parameters
    ----------
    text
        The report body.
    mentions
        Its mentions (:meth:`geomap.geoparse.Geoparser.parse`).
    """
    routes: list[Route] = []
    seen: set[str] = set()
    for m in mentions:
        place = m.place
        if (
            m.role == "name"
            and place is not None
            and place.kind == "road"
            and place.line
            and place.place_id not in seen
        ):
            seen.add(place.place_id)
            routes.append(
                Route(
                    place.name,
                    place.geometry,
                    f"{place.source}; waypoints in gazetteer/routes.csv",
                    approximate=False,
                    start=m.start,
                    end=m.end,
                    place_id=place.place_id,
                )
            )
    named = [m for m in mentions if m.role == "name" and m.place is not None and m.place.kind != "road"]
    for a, b in itertools.pairwise(named):
        gap = text[a.end : b.start]
        after = _AFTER_DASH.match(text[b.end : b.end + 40]) if _DASH_JOIN.match(gap) else None
        if after is not None:
            name, start, end = text[a.start : b.end + after.end()], a.start, b.end + after.end()
        elif _TO_BETWEEN.match(gap) and (before := _FROM_BEFORE.search(text[max(0, a.start - 60) : a.start])):
            start = a.start - (len(text[max(0, a.start - 60) : a.start]) - before.start())
            name, end = text[start : b.end], b.end
        else:
            continue
        if a.place is None or b.place is None or a.place.place_id == b.place.place_id:
            continue
        line = shapely.LineString([(a.place.lon, a.place.lat), (b.place.lon, b.place.lat)])
        source = f"straight line between {a.place.name} and {b.place.name} (no sourced path in the gazetteer)"
        routes.append(Route(" ".join(name.split()), line, source, approximate=True, start=start, end=end))
    return routes


def routes_frame(routes: Sequence[Route], *, report_id: str | None = None) -> gpd.GeoDataFrame:
    """Routes as a GeoDataFrame (EPSG:4326) with name, source, approximate, span, length."""
    frame = gpd.GeoDataFrame(
        {
            "name": [r.name for r in routes],
            "place_id": [r.place_id for r in routes],
            "source": [r.source for r in routes],
            "approximate": [r.approximate for r in routes],
            "report_id": [report_id] * len(routes),
            "start": [r.start for r in routes],
            "end": [r.end for r in routes],
        },
        geometry=[r.line for r in routes],
        crs=crs.WGS84,
    )
    frame["length_km"] = [round(crs.line_length_km(g), 2) for g in frame.geometry] if len(frame) else []
    return frame
