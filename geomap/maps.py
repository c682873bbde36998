r"""Interactive Folium maps of events, control claims and routes.

:func:`render_map` draws onto a new or given ``folium.Map`` and returns it;
it never writes files (that is :mod:`geomap.export`). One GeoJSON layer per
event type (points, clustered when many), one for events about roads and
districts (lines and areas), one for control claims coloured by the side
said to hold the ground, one for routes with their names; a legend and a
layer control.

Report text is untrusted: every string that reaches a popup, tooltip or the
legend is HTML-escaped in the map's copy of the data (the GeoJSON output
keeps the raw text), and the legend is filled through ``textContent``.

Examples
--------
>>> import geopandas as gpd, shapely
>>> events = gpd.GeoDataFrame({"type": ["casualties"], "sentence": ["<b>x</b>"], "place_name": ["Shosh"]},
...                           geometry=[shapely.Point(46.78, 39.77)], crs=4326)
>>> html = render_map(events).get_root().render()
>>> "<b>x</b>" in html, r"\u0026lt;b\u0026gt;x" in html  # escaped, then JSON-encoded into the page
(False, True)
"""

from __future__ import annotations

import hashlib
import html
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

from geomap import crs, settings

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import geopandas as gpd

__all__ = [
    "CLASS_COLOURS",
    "EVENT_COLOURS",
    "Legend",
    "TableBox",
    "render_comparison",
    "render_map",
    "render_timeline",
    "side_colour",
]

#: Marker colour per event type.
EVENT_COLOURS: dict[str, str] = {
    "territory_claimed": "#6a3d9a",
    "armed_clash": "#e31a1c",
    "shelling_strike": "#ff7f00",
    "equipment_destroyed": "#b15928",
    "casualties": "#000000",
    "civil_measure": "#1f78b4",
    "diplomacy": "#33a02c",
    "other": "#888888",
}
_SIDE_COLOURS = {
    "azerbaijan": "#00a3e0",
    "armenia": "#d90012",
    "russia": "#6a51a3",
    "ukraine": "#f2c300",
    "contested": "#ff7f00",
    "unknown": "#7f7f7f",
}
_PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")

_EVENT_FIELDS = (
    ("type", "Event"),
    ("place_name", "Place"),
    ("surface", "Named as"),
    ("control", "Control"),
    ("controller", "Held by"),
    ("claimant", "Claimant"),
    ("date", "Date"),
    ("geo_precision", "Geo-precision"),
    ("report_id", "Report"),
    ("report_source", "Source"),
    ("sentence", "Quote"),
    ("coord_source", "Coordinates from"),
)
_CLAIM_FIELDS = (
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


def side_colour(side: str | None) -> str:
    """The colour of a side (stable across maps; unknown sides get a colour from their name)."""
    key = (side or "unknown").lower()
    if key in _SIDE_COLOURS:
        return _SIDE_COLOURS[key]
    digest = int(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest(), 16)
    return _PALETTE[digest % len(_PALETTE)]


class Legend(MacroElement):
    """A legend box: a title and (label, colour) rows, filled in the browser via ``textContent``.

    Parameters
    ----------
    title
        Heading of the legend.
    entries
        Rows of (label, CSS colour).
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .geomap-legend { background: rgba(255,255,255,.92); padding: 6px 10px; border-radius: 4px;
                           font: 12px/1.4 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
          .geomap-legend h4 { margin: 0 0 4px; font-size: 13px; }
          .geomap-legend i { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
                             vertical-align: -1px; border: 1px solid #444; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var legend = L.control({position: {{ this.position|tojson }}});
          legend.onAdd = function () {
            var div = L.DomUtil.create("div", "geomap-legend");
            var sections = {{ this.sections|tojson }};
            sections.forEach(function (section) {
              var h = document.createElement("h4");
              h.textContent = section.title;
              div.appendChild(h);
              section.entries.forEach(function (entry) {
                var row = document.createElement("div");
                var swatch = document.createElement("i");
                swatch.style.background = entry[1];
                row.appendChild(swatch);
                row.appendChild(document.createTextNode(entry[0]));
                div.appendChild(row);
              });
            });
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], *, position: str = "bottomright"
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.sections = [
            {"title": str(title), "entries": [[str(a), str(b)] for a, b in rows]} for title, rows in sections
        ]


def _escaped(frame: gpd.GeoDataFrame, fields: Sequence[str]) -> gpd.GeoDataFrame:
    """The map's copy of ``frame``: only ``fields`` and geometry, every value as escaped text."""
    present = [f for f in fields if f in frame.columns]
    copy = frame[[*present, frame.geometry.name]].copy()
    for field in present:
        copy[field] = [
            "" if v is None or (isinstance(v, float) and np.isnan(v)) else html.escape(str(v)) for v in copy[field]
        ]
    return copy


def _popup(frame: gpd.GeoDataFrame, fields: Sequence[tuple[str, str]]) -> folium.GeoJsonPopup:
    present = [(f, label) for f, label in fields if f in frame.columns]
    return folium.GeoJsonPopup(
        fields=[f for f, _ in present], aliases=[label for _, label in present], labels=True, max_width=420
    )


def _tooltip(frame: gpd.GeoDataFrame, fields: Sequence[tuple[str, str]]) -> folium.GeoJsonTooltip:
    present = [(f, label) for f, label in fields if f in frame.columns]
    return folium.GeoJsonTooltip(fields=[f for f, _ in present], aliases=[label for _, label in present])


def _by_geometry(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Point rows and line/area rows of ``frame`` (rows without geometry left out)."""
    located = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    is_point = located.geometry.geom_type == "Point"
    return located[is_point], located[~is_point]


def _layer(
    frame: gpd.GeoDataFrame,
    fields: Sequence[tuple[str, str]],
    *,
    name: str,
    style_function: Any,  # noqa: ANN401 - folium's per-feature style callable
    tooltip: folium.GeoJsonTooltip | None = None,
    **kwargs: Any,  # noqa: ANN401 - passed to folium.GeoJson (marker, show)
) -> folium.GeoJson:
    """One GeoJSON layer of ``frame``: its escaped copy, a popup of ``fields``, a tooltip of the first three."""
    return folium.GeoJson(
        _escaped(frame, [f for f, _ in fields]),
        name=name,
        style_function=style_function,
        popup=_popup(frame, fields),
        tooltip=_tooltip(frame, fields[:3]) if tooltip is None else tooltip,
        **kwargs,
    )


def _by_side(**extra: Any) -> Any:  # noqa: ANN401 - a folium style callable
    """Style function colouring a feature by its (escaped) ``controller``."""

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        colour = side_colour(html.unescape(feature["properties"].get("controller", "")))
        return {"color": colour, "fillColor": colour, **extra}

    return style


def _add_events(m: folium.Map, events: gpd.GeoDataFrame, *, cluster: bool | None, style: Mapping[str, Any]) -> None:
    points, shapes = _by_geometry(events)
    types = list(dict.fromkeys(points["type"])) if "type" in points.columns else []
    for event_type in types:
        subset = points[points["type"] == event_type]
        colour = EVENT_COLOURS.get(event_type, EVENT_COLOURS["other"])
        group = folium.FeatureGroup(name=f"Events: {event_type} ({len(subset)})", show=True).add_to(m)
        many = len(subset) > settings.cluster_threshold if cluster is None else cluster
        parent = MarkerCluster(name=f"{event_type} cluster").add_to(group) if many else group
        _layer(
            subset,
            _EVENT_FIELDS,
            name=event_type,
            marker=folium.CircleMarker(radius=7, fill=True, fill_opacity=0.85, weight=1),
            style_function=lambda _f, c=colour: {"color": "#222", "fillColor": c, **style},
        ).add_to(parent)
    if len(shapes):
        _layer(
            shapes,
            _EVENT_FIELDS,
            name=f"Events about roads and districts ({len(shapes)})",
            style_function=lambda f: {
                "color": EVENT_COLOURS.get(html.unescape(f["properties"].get("type", "")), EVENT_COLOURS["other"]),
                "weight": 4,
                "fillOpacity": 0.08,
                **style,
            },
        ).add_to(m)


def _add_claims(m: folium.Map, claims: gpd.GeoDataFrame, style: Mapping[str, Any]) -> None:
    if claims.empty:
        return
    _layer(
        claims,
        _CLAIM_FIELDS,
        name=f"Control claims ({len(claims)})",
        style_function=_by_side(weight=2, fillOpacity=0.35, **style),
    ).add_to(m)


def _add_routes(m: folium.Map, routes: gpd.GeoDataFrame, style: Mapping[str, Any]) -> None:
    if routes.empty:
        return
    fields = (("name", "Route"), ("source", "Line from"))
    _layer(
        routes,
        fields,
        name=f"Routes ({len(routes)})",
        style_function=lambda _f: {"color": "#444444", "weight": 5, "opacity": 0.8, "dashArray": "8 6", **style},
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False, permanent=True, sticky=False),
    ).add_to(m)


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
    """Draw events, control claims and routes on a Folium map.

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
        Tile layer of a new map; ``settings.map_tiles`` when None.
    style_kwds
        Extra Leaflet path options applied to every layer.

    Returns
    -------
    folium.Map
        The map, with a legend and a layer control.
    """
    style = dict(style_kwds or {})
    frames = [crs.to_wgs84(f) for f in (events, claims, routes) if f is not None]
    if m is None:
        m = folium.Map(tiles=tiles or settings.map_tiles, control_scale=True)
    _add_claims(m, frames[1] if claims is not None else events.iloc[:0], style)
    if routes is not None:
        _add_routes(m, crs.to_wgs84(routes), style)
    _add_events(m, frames[0], cluster=cluster, style=style)
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    types = list(dict.fromkeys(frames[0]["type"])) if "type" in frames[0].columns else []
    if types:
        sections.append(
            ("Events", [(t.replace("_", " "), EVENT_COLOURS.get(t, EVENT_COLOURS["other"])) for t in types])
        )
    if claims is not None and not claims.empty:
        sides = list(dict.fromkeys(claims["controller"]))
        sections.append(("Held by (claimed)", [(s, side_colour(s)) for s in sides]))
    if sections:
        Legend(sections).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    # Frame the map on what is located precisely: a country-wide event (Russia) would zoom out to a continent.
    precise = frames[0]
    if "geo_precision" in precise.columns and (precise["geo_precision"] <= 2).any():  # noqa: PLR2004
        precise = precise[precise["geo_precision"] <= 2]  # noqa: PLR2004
    _fit(m, [precise, *frames[1:]])
    return m


def _fit(m: folium.Map, frames: Sequence[gpd.GeoDataFrame]) -> None:
    bounds = [f.geometry[f.geometry.notna()].total_bounds for f in frames if f.geometry.notna().any()]
    if not bounds:
        return
    stacked = np.array(bounds)
    west, south = stacked[:, 0].min(), stacked[:, 1].min()
    east, north = stacked[:, 2].max(), stacked[:, 3].max()
    m.fit_bounds([[float(south), float(west)], [float(north), float(east)]], padding=(20, 20))


# --------------------------------------------------------------------------- comparisons and timelines

#: Fill colour per comparison class.
CLASS_COLOURS: dict[str, str] = {
    "agree": "#1a9850",
    "contradict": "#d73027",
    "only_a": "#4575b4",
    "only_b": "#fdae61",
}
_PIECE_FIELDS = (
    ("class", "Class"),
    ("controller_a", "{a} says held by"),
    ("controller_b", "{b} says held by"),
    ("area_km2", "km²"),
    ("places_a", "{a}: places"),
    ("places_b", "{b}: places"),
    ("reports_a", "{a}: reports"),
    ("reports_b", "{b}: reports"),
    ("quotes_a", "{a}: quotes"),
    ("quotes_b", "{b}: quotes"),
)


class TableBox(MacroElement):
    """A small table drawn on the map (filled via ``textContent``, so cell text stays text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var box = L.control({position: {{ this.position|tojson }}});
          box.onAdd = function () {
            var div = L.DomUtil.create("div", "geomap-legend geomap-table");
            var h = document.createElement("h4");
            h.textContent = {{ this.title|tojson }};
            div.appendChild(h);
            var table = document.createElement("table");
            {{ this.rows|tojson }}.forEach(function (row, i) {
              var tr = document.createElement("tr");
              row.forEach(function (cell) {
                var td = document.createElement(i === 0 ? "th" : "td");
                td.textContent = cell;
                td.style.padding = "0 6px";
                tr.appendChild(td);
              });
              table.appendChild(tr);
            });
            div.appendChild(table);
            return div;
          };
          box.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, rows: Sequence[Sequence[object]], *, position: str = "topright") -> None:
        super().__init__()
        self._name = "TableBox"
        self.title = str(title)
        self.position = position
        self.rows = [[str(cell) for cell in row] for row in rows]


def render_comparison(
    comparison: Any,  # noqa: ANN401 - geomap.compare.Comparison (imported lazily to keep maps light)
    *,
    claims_a: gpd.GeoDataFrame | None = None,
    claims_b: gpd.GeoDataFrame | None = None,
    m: folium.Map | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """Map a :class:`geomap.compare.Comparison`: the four classes coloured, each group's claims to toggle.

    Parameters
    ----------
    comparison
        The result of :func:`geomap.compare.compare_claims`.
    claims_a, claims_b
        The two groups' own claims, drawn as layers (hidden at first) that
        can be toggled to see each side's picture.
    m, tiles
        As in :func:`render_map`.
    """
    label_a, label_b = comparison.label_a, comparison.label_b
    fields = tuple((f, label.format(a=label_a, b=label_b)) for f, label in _PIECE_FIELDS)
    if m is None:
        m = folium.Map(tiles=tiles or settings.map_tiles, control_scale=True)
    for title, claims in ((label_a, claims_a), (label_b, claims_b)):
        if claims is not None and not claims.empty:
            _layer(
                claims,
                _CLAIM_FIELDS,
                name=f"{title}: its claims ({len(claims)})",
                show=False,
                style_function=_by_side(weight=2, fillOpacity=0.3),
            ).add_to(m)
    pieces = crs.to_wgs84(comparison.pieces)
    names = {"agree": "agree", "contradict": "contradict", "only_a": f"only {label_a}", "only_b": f"only {label_b}"}
    for cls, colour in CLASS_COLOURS.items():
        subset = pieces[pieces["class"] == cls]
        if subset.empty:
            continue
        _layer(
            subset,
            fields,
            name=f"{names[cls]} ({subset['area_km2'].sum():,.1f} km²)",
            style_function=lambda _f, c=colour: {"color": c, "fillColor": c, "weight": 2, "fillOpacity": 0.5},
            tooltip=_tooltip(subset, fields[:4]),
        ).add_to(m)
    Legend([("Ground claimed", [(names[c], colour) for c, colour in CLASS_COLOURS.items()])]).add_to(m)
    TableBox(
        "km² by class", [("class", "km²"), *((names[c], f"{v:,.2f}") for c, v in comparison.totals.items())]
    ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    _fit(m, [f for f in (pieces, claims_a, claims_b) if f is not None and not f.empty])
    return m


def render_timeline(
    timeline: Any,  # noqa: ANN401 - geomap.compare.Timeline
    *,
    m: folium.Map | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """Map a :class:`geomap.compare.Timeline`: a time slider over the report dates, the change table beside.

    At each date the slider shows the claimed control as of that date,
    coloured by side; popups name the reports, places and quotes behind it.
    """
    from folium.plugins import TimestampedGeoJson  # noqa: PLC0415

    if m is None:
        m = folium.Map(tiles=tiles or settings.map_tiles, control_scale=True)
    features: list[dict[str, Any]] = []
    frames = []
    for date, picture in timeline.pictures.items():
        wgs = crs.to_wgs84(picture)
        frames.append(wgs)
        for row in wgs.itertuples():
            colour = side_colour(row.controller)
            popup = "<br>".join(
                html.escape(f"{label}: {value}")
                for label, value in (
                    ("as of", date.isoformat()),
                    ("held by", row.controller),
                    ("km²", f"{row.area_km2:,.2f}"),
                    ("places", row.places),
                    ("reports", row.reports),
                    ("quotes", row.quotes),
                )
            )
            geometry = shapely.geometry.mapping(row.geometry)
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {
                        # leaflet-timedimension pairs times[i] with coordinates[i] (a ring, a polygon
                        # of a multipolygon): one time per part keeps holes and every part on the map.
                        "times": [date.isoformat()] * len(geometry["coordinates"]),
                        "popup": popup,
                        "style": {"color": colour, "fillColor": colour, "fillOpacity": 0.45, "weight": 2},
                    },
                }
            )
    TimestampedGeoJson(
        {"type": "FeatureCollection", "features": features},
        period="P1D",
        duration="PT1H",
        add_last_point=False,
        auto_play=False,
        loop=False,
        date_options="YYYY-MM-DD",
    ).add_to(m)
    sides = sorted({str(c) for f in frames for c in f["controller"]})
    Legend([("Held by (claimed)", [(s, side_colour(s)) for s in sides])]).add_to(m)
    changes = timeline.changes
    rows = [("from", "to", "side", "gained km²", "lost km²", "contested km²")]
    rows += [
        (
            str(r.date_from),
            str(r.date_to),
            r.side,
            f"{r.gained_km2:,.1f}",
            f"{r.lost_km2:,.1f}",
            f"{r.contested_km2:,.1f}",
        )
        for r in changes.itertuples()
    ]
    TableBox("Change between dates", rows).add_to(m)
    _fit(m, [f for f in frames if not f.empty])
    return m
