r"""Control claims: who says which side holds what ground.

Each event about control (``control`` set: taken, held, lost, contested,
encircled) gives one claim when its frame is about the place itself (the
place is what is taken or held, ``place_role == "patient"``), with the area
of that place (:mod:`geomap.areas`): a circle for a settlement or height, a
corridor along a road, a derived boundary for a district. So "took the
village of V in the D district" claims V's circle, not D; "seven villages of
the D district were liberated" claims nothing (no one says which ground), and
a district is claimed only when the sentence claims the district itself.
Events that only locate a whole region or country (geo-precision above
``settings.claim_max_geo_precision``) give no claim: they say too little
about which ground is meant.

A claim whose sentence does not say which side holds the ground has the
controller ``"unknown"``; :func:`known_holders` sets those apart, so that
comparisons and timelines leave them out unless asked for.

The result is a GeoDataFrame in EPSG:4326 whose columns are the contract of
:mod:`geomap.compare`: ``claim_id, report_id, report_date, report_side,
claimant, controller, kind, place_id, place_name, place_kind, quote,
sentence_start, sentence_end, area_method, approximate, area_km2, geometry``.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> from geomap.reports import parse_report
>>> from geomap.events import extract_events
>>> parser = Geoparser(Gazetteer.default(base=False))
>>> report = parse_report("The Azerbaijani army liberated the Murov height.", report_id="r")
>>> claims = claims_from_events(extract_events(report, parser), gazetteer=parser.gazetteer)
>>> claims[["place_name", "controller", "kind"]].to_dict("records")
[{'place_name': 'Murovdag', 'controller': 'azerbaijan', 'kind': 'taken'}]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd

from geomap import crs, settings
from geomap.areas import areas_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.areas import Area
    from geomap.events import Event
    from geomap.gazetteer import Gazetteer
    from geomap.gazetteer.places import Place

__all__ = ["CLAIM_COLUMNS", "UNKNOWN", "Claim", "claims_frame", "claims_from_events", "find_claims", "known_holders"]

#: The controller of a claim whose sentence does not say who holds the ground.
UNKNOWN = "unknown"

CLAIM_COLUMNS = (
    "claim_id",
    "report_id",
    "report_date",
    "report_side",
    "claimant",
    "controller",
    "kind",
    "place_id",
    "place_name",
    "place_kind",
    "quote",
    "sentence_start",
    "sentence_end",
    "area_method",
    "approximate",
    "area_km2",
)


@dataclass(frozen=True, slots=True)
class Claim:
    """One control claim: the event that makes it and the ground of its place (a row of a claims frame)."""

    event: Event
    place: Place
    area: Area


def find_claims(events: Sequence[Event], *, gazetteer: Gazetteer | None = None) -> tuple[Claim, ...]:
    """The control claims ``events`` make, each with the area of its place.

    Parameters
    ----------
    events
        Events of one or more reports.
    gazetteer
        Used to derive district boundaries from their settlements.
    """
    chosen = [
        e
        for e in events
        if e.control is not None
        and e.place is not None
        and e.place_role == "patient"
        and e.stance == "asserts"
        and e.geo_precision <= settings.claim_max_geo_precision
    ]
    places = [e.place for e in chosen if e.place is not None]
    areas = areas_for(places, gazetteer)
    return tuple(Claim(e, p, a) for e, p, a in zip(chosen, places, areas, strict=True))


def claims_frame(claims: Sequence[Claim]) -> gpd.GeoDataFrame:
    """Claims as one GeoDataFrame (EPSG:4326) with :data:`CLAIM_COLUMNS`; built once for a whole batch."""
    rows = [
        {
            "claim_id": e.event_id,
            "report_id": e.report_id,
            "report_date": e.report_date,
            "report_side": e.report_side,
            "claimant": e.claimant,
            "controller": "contested" if e.control == "contested" else (e.controller or UNKNOWN),
            "kind": e.control,
            "place_id": p.place_id,
            "place_name": p.name,
            "place_kind": p.kind,
            "quote": e.sentence,
            "sentence_start": e.sentence_start,
            "sentence_end": e.sentence_end,
            "area_method": c.area.method,
            "approximate": c.area.approximate,
        }
        for c in claims
        for e, p in [(c.event, c.place)]
    ]
    frame = gpd.GeoDataFrame(
        rows, columns=list(CLAIM_COLUMNS[:-1]), geometry=[c.area.geometry for c in claims], crs=crs.WGS84
    )
    frame["area_km2"] = crs.area_km2(frame.geometry.to_numpy()).round(3)
    return frame[[*CLAIM_COLUMNS, "geometry"]]


def claims_from_events(events: Sequence[Event], *, gazetteer: Gazetteer | None = None) -> gpd.GeoDataFrame:
    """Control claims of ``events`` as areas (an empty frame with the same columns when there are none).

    Parameters
    ----------
    events
        Events of one or more reports.
    gazetteer
        Used to derive district boundaries from their settlements.
    """
    return claims_frame(find_claims(events, gazetteer=gazetteer))


def known_holders(claims: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Claims split into those that say who holds the ground and those that do not (controller ``unknown``).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> frame = gpd.GeoDataFrame({"controller": ["armenia", "unknown"]}, geometry=[shapely.Point(0, 0)] * 2)
    >>> known, unknown = known_holders(frame)
    >>> len(known), len(unknown)
    (1, 1)
    """
    if claims.empty:
        return claims, claims
    unknown = claims["controller"] == UNKNOWN
    return claims[~unknown], claims[unknown]
