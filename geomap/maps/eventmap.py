"""The map of a run: events per type, control claims by side, routes, a legend and a layer control."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import folium
import numpy as np

from geomap import crs, settings
from geomap.maps.basemap import Basemap, Tiles
from geomap.maps.colours import event_colour, side_colour
from geomap.maps.layers import DataLayer, FilterControl, LayerControl, layer_spec
from geomap.maps.legend import Legend
from geomap.maps.runtime import offline

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import geopandas as gpd

__all__ = ["EVENT_FIELDS", "PRECISION_WORDS", "finish", "fit", "new_map", "render_map", "type_name"]

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


def finish(m: folium.Map, frames: Sequence[gpd.GeoDataFrame], *, basemap: bool) -> None:
    """Add the layer control, frame ``m`` on ``frames`` and, on a map geomap made, draw the basemap under it all."""
    LayerControl().add_to(m)
    bounds = fit(m, frames)
    if basemap:
        Basemap(bounds or (-180.0, -60.0, 180.0, 80.0)).add_to(m)


def _readable(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The map's copy of the events: type and geo-precision in words beside the raw columns."""
    copy = events.copy()
    if "type" in copy.columns:
        copy["type_name"] = copy["type"].map(type_name)
    if "geo_precision" in copy.columns:
        words = copy["geo_precision"].map(PRECISION_WORDS)
        copy["precision"] = (words + " (geo-precision " + copy["geo_precision"].astype(str) + ")").where(
            words.notna(), None
        )
    return copy


def _by_geometry(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Point rows and line/area rows of ``frame`` (rows without geometry left out)."""
    located = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    is_point = located.geometry.geom_type == "Point"
    return located[is_point], located[~is_point]


def _add_events(m: folium.Map, events: gpd.GeoDataFrame, *, cluster: bool | None, style: Mapping[str, Any]) -> None:
    points, shapes = _by_geometry(_readable(events))
    types = list(dict.fromkeys(points["type"])) if "type" in points.columns else []
    for event_type in types:
        subset = points[points["type"] == event_type]
        many = len(subset) > settings.cluster_threshold if cluster is None else cluster
        spec = layer_spec(
            subset,
            EVENT_FIELDS,
            name=f"{type_name(event_type)} ({len(subset):,})",
            colour=event_colour(event_type),
            tooltip=("type_name", "place_name", "date"),
            style=style,
            cluster=many,
        )
        DataLayer(spec).add_to(m)
    if len(shapes):
        colours = {type_name(t): event_colour(t) for t in shapes["type"].unique()}
        spec = layer_spec(
            shapes,
            EVENT_FIELDS,
            name=f"Events on roads and districts ({len(shapes):,})",
            colour=event_colour("other"),
            colour_by="type_name",
            colours=colours,
            tooltip=("type_name", "place_name", "date"),
            style={"weight": 4, "fillOpacity": 0.08, **style},
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
    if claims is not None and not claims.empty:
        spec = layer_spec(
            claims,
            CLAIM_FIELDS,
            name=f"Control claims ({len(claims):,})",
            colour=side_colour(None),
            colour_by="controller",
            colours={str(s): side_colour(str(s)) for s in claims["controller"].unique()},
            tooltip=("place_name", "controller", "claimant"),
            style={"weight": 2, "fillOpacity": 0.35, **style},
        )
        DataLayer(spec).add_to(m)
    if routes is not None and not routes.empty:
        spec = layer_spec(
            routes,
            ROUTE_FIELDS,
            name=f"Routes ({len(routes):,})",
            colour="#444444",
            label="name",
            style={"weight": 5, "opacity": 0.8, "dashArray": "8 6", "fill": False, **style},
        )
        DataLayer(spec).add_to(m)
    _add_events(m, events, cluster=cluster, style=style)
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    types = list(dict.fromkeys(events["type"])) if "type" in events.columns else []
    if types:
        sections.append(("Events", [(type_name(t), event_colour(t)) for t in types]))
    if claims is not None and not claims.empty:
        sides = list(dict.fromkeys(str(s) for s in claims["controller"]))
        sections.append(("Held by (claimed)", [(s, side_colour(s)) for s in sides]))
    if sections:
        Legend(sections).add_to(m)
    if types:
        FilterControl([("type_name", "Event"), ("report_side", "Side"), ("claimant", "Claimant")]).add_to(m)
    # Frame the map on what is located precisely: a country-wide event (Russia) would zoom out to a continent.
    precise = events
    if "geo_precision" in precise.columns and (precise["geo_precision"] <= 2).any():  # noqa: PLR2004
        precise = precise[precise["geo_precision"] <= 2]  # noqa: PLR2004
    finish(m, [f for f in (precise, claims, routes) if f is not None], basemap=own)
    return m


def fit(m: folium.Map, frames: Sequence[gpd.GeoDataFrame]) -> tuple[float, float, float, float] | None:
    """Frame ``m`` on the located rows of ``frames``; return those bounds (west, south, east, north), if any."""
    bounds = [f.geometry[f.geometry.notna()].total_bounds for f in frames if f.geometry.notna().any()]
    if not bounds:
        return None
    stacked = np.array(bounds)
    west, south = float(stacked[:, 0].min()), float(stacked[:, 1].min())
    east, north = float(stacked[:, 2].max()), float(stacked[:, 3].max())
    m.fit_bounds([[south, west], [north, east]], padding=(20, 20))
    return west, south, east, north
