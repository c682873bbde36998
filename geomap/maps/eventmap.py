"""The map of a run: events per type, control claims by side, routes, a legend and a layer control."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import shapely

from geomap import crs, settings
from geomap.maps.basemap import Basemap, Tiles
from geomap.maps.colours import event_colour, side_colour
from geomap.maps.layers import DataLayer, FilterControl, LayerControl, layer_spec
from geomap.maps.legend import Legend, Section
from geomap.maps.placement import label_anchors, on_routes_as_points
from geomap.maps.runtime import offline

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import geopandas as gpd

__all__ = [
    "CLAIM_FACETS",
    "EVENT_FACETS",
    "EVENT_FIELDS",
    "PRECISION_WORDS",
    "add_area_events",
    "add_routes_and_events",
    "finish",
    "fit",
    "ground_of",
    "new_map",
    "precise",
    "render_map",
    "type_name",
]

#: What a geo-precision means, in words (ACLED's scale).
PRECISION_WORDS: dict[int, str] = {
    1: "the place itself",
    2: "in or near its district",
    3: "only the region",
}

EVENT_FIELDS = (
    ("type_name", "Event"),
    ("place_name", "Place"),
    ("surface", "Named as"),
    ("control", "Control"),
    ("controller", "Held by"),
    ("claimant", "Claimant"),
    ("report_side", "Report's side"),
    ("date", "Date"),
    ("precision", "Located"),
    ("report_id", "Report"),
    ("report_source", "Source"),
    ("sentence", "Quote"),
    ("coord_source", "Coordinates from"),
)
CLAIM_FIELDS = (
    ("place_name", "Place"),
    ("controller", "Held by"),
    ("kind", "Claim"),
    ("claimant", "Claimant"),
    ("report_id", "Report"),
    ("report_date", "Date"),
    ("quote", "Quote"),
    ("area_km2", "km²"),
    ("area_method", "Area"),
)
ROUTE_FIELDS = (("name", "Route"), ("source", "Line from"))
ROUTE_COLOUR = "#333333"


def type_name(event_type: str) -> str:
    """An event type as people write it.

    >>> type_name("shelling_strike")
    'Shelling strike'
    """
    return event_type.replace("_", " ").capitalize()


def new_map(tiles: str | None = None) -> folium.Map:
    """A new, empty map that loads nothing from the network, with a scale bar and (if named) online tiles.

    ``tiles`` is an xyzservices provider name; ``settings.map_tiles`` when None.
    """
    m = offline(folium.Map(tiles=None, control_scale=True, prefer_canvas=True, maxZoom=18, minZoom=2))
    name = tiles or settings.map_tiles
    if name:
        Tiles(name).add_to(m)
    return m


def finish(
    m: folium.Map,
    frames: Sequence[gpd.GeoDataFrame],
    *,
    basemap: bool,
    claimed: Sequence[gpd.GeoDataFrame] = (),
) -> None:
    """Add the filter and layer controls, frame ``m`` on ``frames`` and, on a map geomap made, draw the basemap.

    The basemap's town labels stay out of the ground of the ``claimed`` frames.
    """
    FilterControl().add_to(m)
    LayerControl().add_to(m)
    bounds = fit(m, frames)
    if basemap:
        Basemap(bounds or (-180.0, -60.0, 180.0, 80.0), claimed=ground_of(claimed)).add_to(m)


def ground_of(frames: Sequence[gpd.GeoDataFrame]) -> shapely.Geometry | None:
    """The union of the areas of ``frames`` (EPSG:4326), None when they have none."""
    geoms = [f.geometry.to_numpy() for f in frames if f is not None and not f.empty]
    if not geoms:
        return None
    areas = np.concatenate(geoms)
    areas = areas[np.isin(shapely.get_type_id(areas), (3, 6))]  # polygons
    return shapely.union_all(areas) if len(areas) else None


def _readable(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The map's copy of the events: type and geo-precision in words beside the raw columns."""
    copy = events.copy()
    if "type" in copy.columns:
        copy["type_name"] = copy["type"].map({t: type_name(str(t)) for t in copy["type"].dropna().unique()})
    if "geo_precision" in copy.columns:
        copy["precision"] = copy["geo_precision"].map(
            {level: f"{words} (geo-precision {level})" for level, words in PRECISION_WORDS.items()}
        )
    return copy


def _by_geometry(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Point rows and line/area rows of ``frame`` (rows without geometry left out)."""
    located = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    is_point = located.geometry.geom_type == "Point"
    return located[is_point], located[~is_point]


#: The legend title of the events drawn as their district's or region's dashed outline.
AREA_EVENTS_TITLE = "Located only to a district or region (not a claim)"
#: What the filter control filters events by (facet: column).
EVENT_FACETS = {"type": "type_name", "side": "report_side", "claimant": "claimant", "date": "date"}
#: And claims.
CLAIM_FACETS = {"type": "type_name", "side": "report_side", "claimant": "claimant", "date": "report_date"}


def _located(events: gpd.GeoDataFrame, routes: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The map's copy of the events as points (an event on a route at its middle) and as lines and areas."""
    return _by_geometry(on_routes_as_points(_readable(events), routes))


def add_area_events(
    m: folium.Map,
    events: gpd.GeoDataFrame | None,
    routes: gpd.GeoDataFrame | None = None,
    *,
    style: Mapping[str, Any] | None = None,
) -> list[Section]:
    """Draw the events located on lines and areas (districts, regions): outlines, under claims and markers.

    Added before the claims, so a click inside a claim opens the claim. All frames in EPSG:4326.
    Returns the legend section that tells these dashed outlines from claims (none when nothing is drawn).
    """
    if events is None or events.empty:
        return []
    _, shapes = _located(events, routes)
    if shapes.empty:
        return []
    colours = {type_name(t): event_colour(t) for t in shapes["type"].unique()}
    spec = layer_spec(
        shapes,
        EVENT_FIELDS,
        name=f"Events on lines and areas ({len(shapes):,})",
        colour=event_colour("other"),
        colour_by="type_name",
        colours=colours,
        tooltip=("type_name", "place_name", "date"),
        style={"weight": 2.5, "fill": False, "dashArray": "6 3", **(style or {})},
        facets=EVENT_FACETS,
    )
    DataLayer(spec).add_to(m)
    return [(AREA_EVENTS_TITLE, [(name, colour, "outline") for name, colour in colours.items()])]


def _add_point_events(
    m: folium.Map,
    events: gpd.GeoDataFrame,
    *,
    routes: gpd.GeoDataFrame | None,
    cluster: bool | None,
    style: Mapping[str, Any],
) -> None:
    points, _ = _located(events, routes)
    by_type = points.groupby("type", sort=False).indices if "type" in points.columns else {}
    for event_type, rows in by_type.items():
        subset = points.take(rows)
        many = len(subset) > settings.cluster_threshold if cluster is None else cluster
        spec = layer_spec(
            subset,
            EVENT_FIELDS,
            name=f"{type_name(event_type)} ({len(subset):,})",
            colour=event_colour(event_type),
            tooltip=("type_name", "place_name", "date"),
            style=style,
            cluster=many,
            facets=EVENT_FACETS,
        )
        DataLayer(spec).add_to(m)


def render_map(
    events: gpd.GeoDataFrame,
    *,
    claims: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
    m: folium.Map | None = None,
    cluster: bool | None = None,
    tiles: str | None = None,
    style_kwds: Mapping[str, Any] | None = None,
) -> folium.Map:
    r"""Draw events, control claims and routes on a Folium map.

    Parameters
    ----------
    events
        Events as made by :func:`geomap.events.events_frame` (any CRS; drawn in EPSG:4326).
    claims
        Control claims (:func:`geomap.claims.claims_from_events`), coloured by side.
    routes
        Routes as lines with ``name`` and ``source`` columns.
    m
        A map to draw on; a new one when None.
    cluster
        Cluster point markers: always, never, or (None) when a type has more
        than ``settings.cluster_threshold`` points.
    tiles
        Online tiles (an xyzservices name) offered on a new map; ``settings.map_tiles`` when None.
        A new map always has the offline vector basemap and loads nothing from the network.
    style_kwds
        Extra Leaflet path options applied to every layer.

    Returns
    -------
    folium.Map
        The map, with a legend and a layer control.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> events = gpd.GeoDataFrame({"type": ["casualties"], "sentence": ["<b>{{ 'pwn' ~ 'ed' }}</b>"]},
    ...                           geometry=[shapely.Point(46.78, 39.77)], crs=4326)
    >>> html = render_map(events).get_root().render()
    >>> "\\u003cb\\u003e{{ 'pwn' ~ 'ed' }}" in html, "pwned" in html  # data, not markup and not a template
    (True, False)
    """
    style = dict(style_kwds or {})
    events = crs.to_wgs84(events)
    claims = None if claims is None else crs.to_wgs84(claims)
    routes = None if routes is None else crs.to_wgs84(routes)
    own = m is None
    if m is None:
        m = new_map(tiles)
    sections = add_area_events(m, events, routes, style=style)
    if claims is not None and not claims.empty:
        DataLayer(_claims_spec(claims, events, style)).add_to(m)
        sides = [str(s) for s in claims["controller"].unique()]
        sections.append(("Held by (claimed)", [(s, side_colour(s), "area") for s in sides]))
    sections = add_routes_and_events(m, events, routes, claimed=[claims], cluster=cluster, style=style) + sections
    if sections:
        Legend(sections).add_to(m)
    finish(m, [f for f in (precise(events), claims, routes) if f is not None], basemap=own, claimed=[claims])
    return m


def add_routes_and_events(
    m: folium.Map,
    events: gpd.GeoDataFrame | None,
    routes: gpd.GeoDataFrame | None,
    *,
    claimed: Sequence[gpd.GeoDataFrame | None] = (),
    cluster: bool | None = None,
    style: Mapping[str, Any] | None = None,
) -> list[Section]:
    """Draw routes (once each, labelled clear of the ``claimed`` ground) and event markers over them.

    Returns their legend sections. Events on lines and areas are drawn by
    :func:`add_area_events`, before the claims. All frames in EPSG:4326.
    """
    style = dict(style or {})
    sections: list[Section] = []
    if routes is not None and not routes.empty:
        routes = routes[~routes.geometry.to_wkb().duplicated()]  # a road several reports name is drawn once
        framed = [
            f.geometry.total_bounds for f in (routes, None if events is None else precise(events)) if f is not None
        ]
        west, south, east, north = np.nanmin(framed, axis=0)[:2].tolist() + np.nanmax(framed, axis=0)[2:].tolist()
        claimed_ground = ground_of([c for c in claimed if c is not None])
        centre = ((west + east) / 2, (south + north) / 2)
        DataLayer(_routes_spec(routes, claimed_ground, style, centre)).add_to(m)
        sections.append(("Routes", [(str(n), ROUTE_COLOUR, "line") for n in routes["name"].unique()]))
    if events is not None and not events.empty:
        _add_point_events(m, events, routes=routes, cluster=cluster, style=style)
        types = [str(t) for t in events["type"].unique()] if "type" in events.columns else []
        sections.insert(0, ("Events", [(type_name(t), event_colour(t), "dot") for t in types]))
    return sections


def precise(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The events located precisely, if any (else all): a country-wide event would zoom a map out to a continent."""
    if "geo_precision" in events.columns and (events["geo_precision"] <= 2).any():  # noqa: PLR2004
        return events[events["geo_precision"] <= 2]  # noqa: PLR2004
    return events


def _claims_spec(claims: gpd.GeoDataFrame, events: gpd.GeoDataFrame, style: Mapping[str, Any]) -> dict[str, Any]:
    """The claims layer: coloured by who holds the ground, filtered by the type of the event that made the claim."""
    if {"event_id", "type"} <= set(events.columns) and "claim_id" in claims.columns:
        types = events.drop_duplicates("event_id").set_index("event_id")["type"]
        names = types.map({t: type_name(str(t)) for t in types.dropna().unique()})
        claims = claims.assign(type_name=claims["claim_id"].map(names))
    return layer_spec(
        claims,
        CLAIM_FIELDS,
        name=f"Control claims ({len(claims):,})",
        colour=side_colour(None),
        colour_by="controller",
        colours={str(s): side_colour(str(s)) for s in claims["controller"].unique()},
        tooltip=("place_name", "controller", "claimant"),
        style={"weight": 2, "fillOpacity": 0.35, **style},
        facets=CLAIM_FACETS,
    )


def _routes_spec(
    routes: gpd.GeoDataFrame,
    claimed: shapely.Geometry | None,
    style: Mapping[str, Any],
    centre: tuple[float, float] | None,
) -> dict[str, Any]:
    """The routes layer: each route drawn once, labelled at an end (towards ``centre``) clear of the claimed ground."""
    spec = layer_spec(
        routes,
        ROUTE_FIELDS,
        name=f"Routes ({len(routes):,})",
        colour=ROUTE_COLOUR,
        label="name",
        style={"weight": 4, "opacity": 0.9, "dashArray": "8 6", "fill": False, **style},
    )
    x, y, sides = label_anchors(list(routes.geometry), claimed, centre=centre)
    spec["labelAt"] = {"x": x, "y": y, "dir": sides}
    return spec


def fit(m: folium.Map, frames: Sequence[gpd.GeoDataFrame]) -> tuple[float, float, float, float] | None:
    """Frame ``m`` on the located rows of ``frames``; return those bounds (west, south, east, north), if any."""
    bounds = [f.geometry[f.geometry.notna()].total_bounds for f in frames if f.geometry.notna().any()]
    if not bounds:
        return None
    stacked = np.array(bounds)
    west, south = float(stacked[:, 0].min()), float(stacked[:, 1].min())
    east, north = float(stacked[:, 2].max()), float(stacked[:, 3].max())
    m.fit_bounds([[south, west], [north, east]], padding=(40, 40))
    return west, south, east, north
