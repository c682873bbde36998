"""Events as a table: one GeoDataFrame row per event with every provenance and ACLED field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.areas import areas_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd

    from geomap.events.model import Event
    from geomap.gazetteer import Gazetteer

__all__ = ["EVENT_COLUMNS", "events_frame"]

EVENT_COLUMNS = (
    "event_id",
    "report_id",
    "type",
    "sub_event_type",
    "place_id",
    "place_name",
    "place_kind",
    "surface",
    "start",
    "end",
    "alias",
    "claimant",
    "relay",
    "control",
    "controller",
    "actor1",
    "actor2",
    "fatalities",
    "stance",
    "place_role",
    "admin",
    "resolved_by",
    "trigger",
    "date",
    "date_precision",
    "geo_precision",
    "sentence",
    "sentence_start",
    "sentence_end",
    "report_side",
    "report_source",
    "report_url",
    "report_date",
    "layer",
    "coord_source",
    "lat",
    "lon",
    "geometry_method",
)


def events_frame(events: Sequence[Event], *, gazetteer: Gazetteer | None = None) -> gpd.GeoDataFrame:
    """Events as a GeoDataFrame (EPSG:4326), one row each, with every provenance field.

    An event keeps the geometry of what it is about: the point of a town or
    height, the line of a road, the derived area of a district or region
    (``geometry_method`` says how it was made). Events at unknown places
    have no geometry and ``place_id`` None.
    """
    import geopandas as gpd  # noqa: PLC0415 - keep `import geomap.events` light

    areal = [i for i, e in enumerate(events) if e.place is not None and e.place.kind in {"district", "region"}]
    areas = dict(zip(areal, areas_for([events[i].place for i in areal], gazetteer), strict=True))  # type: ignore[misc]
    rows, geoms = [], []
    for i, e in enumerate(events):
        p = e.place
        if p is None:
            geom, method = None, "unknown place"
        elif i in areas:
            geom, method = areas[i].geometry, areas[i].method
        elif p.kind == "road" and p.line:
            geom, method = p.geometry, "the road's line (sourced waypoints)"
        else:
            geom, method = p.geometry, "the place's point"
        geoms.append(geom)
        rows.append(
            {
                "event_id": e.event_id,
                "report_id": e.report_id,
                "type": e.type,
                "sub_event_type": e.sub_event_type,
                "place_id": p.place_id if p else None,
                "place_name": p.name if p else None,
                "place_kind": p.kind if p else None,
                "surface": e.surface,
                "start": e.start,
                "end": e.end,
                "alias": e.alias,
                "claimant": e.claimant,
                "relay": e.relay,
                "control": e.control,
                "controller": e.controller,
                "actor1": e.actor1,
                "actor2": e.actor2,
                "fatalities": e.fatalities,
                "stance": e.stance,
                "place_role": e.place_role,
                "admin": e.admin,
                "resolved_by": e.resolved_by,
                "trigger": e.trigger,
                "date": e.date,
                "date_precision": e.date_precision,
                "geo_precision": e.geo_precision,
                "sentence": e.sentence,
                "sentence_start": e.sentence_start,
                "sentence_end": e.sentence_end,
                "report_side": e.report_side,
                "report_source": e.report_source,
                "report_url": e.report_url,
                "report_date": e.report_date,
                "layer": p.layer if p else None,
                "coord_source": p.source if p else None,
                "lat": p.lat if p else None,
                "lon": p.lon if p else None,
                "geometry_method": method,
            }
        )
    frame = gpd.GeoDataFrame(rows, columns=list(EVENT_COLUMNS), geometry=geoms, crs="EPSG:4326")
    frame["fatalities"] = frame["fatalities"].astype("Int64")
    return frame
