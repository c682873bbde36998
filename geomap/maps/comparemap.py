"""Maps of a comparison (the four classes of claimed ground) and of a timeline (control per report date)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
from folium.plugins import DualMap

from geomap import crs, settings
from geomap.maps.basemap import Tiles
from geomap.maps.colours import CLASS_COLOURS, side_colour
from geomap.maps.eventmap import CLAIM_FIELDS, add_area_events, add_routes_and_events, finish, new_map
from geomap.maps.layers import DataLayer, layer_spec
from geomap.maps.legend import Legend, TableBox
from geomap.maps.runtime import RuntimeCall, offline

if TYPE_CHECKING:
    from collections.abc import Sequence

    import folium

__all__ = ["Timeline", "map_layers", "render_comparison", "render_sides", "render_timeline"]

_PIECE_FIELDS = (
    ("class_name", "Class"),
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
_PICTURE_FIELDS = (
    ("as_of", "As of"),
    ("controller", "Held by"),
    ("area_km2", "km²"),
    ("places", "Places"),
    ("reports", "Reports"),
    ("quotes", "Quotes"),
)


#: What the filter control filters a group's claims by (facet: column).
_CLAIM_FACETS = {"type": "kind", "side": "report_side", "claimant": "claimant", "date": "report_date"}
#: Facets of a piece or picture: the values of the claims behind it (see :func:`_behind`).
_BEHIND_FACETS = {key: f"facet_{key}" for key in _CLAIM_FACETS}


def _behind(rows: pd.DataFrame, sources: Sequence[tuple[gpd.GeoDataFrame | None, str, str]]) -> pd.DataFrame:
    """``rows`` (pieces or pictures) with, per facet, the values of the claims behind each row as a list.

    Each source is ``(claims, reports column, places column)``: the claims
    behind a row are those of its reports (";"-joined) about its places.
    """
    found = []
    for claims, reports, places in sources:
        if claims is None or claims.empty or reports not in rows.columns or places not in rows.columns:
            continue
        table = (
            pd.DataFrame(
                {
                    "row": np.arange(len(rows)),
                    "report_id": rows[reports].fillna("").astype(str).str.split(";").to_numpy(),
                    "place_name": rows[places].fillna("").astype(str).str.split(";").to_numpy(),
                }
            )
            .explode("report_id")
            .explode("place_name")
        )
        facts = claims[["report_id", "place_name", *_CLAIM_FACETS.values()]].astype(object)
        facts = facts.where(facts.notna(), None).astype({"report_id": str, "place_name": str})
        found.append(table.merge(facts, on=["report_id", "place_name"]))
    if not found or rows.empty:
        return rows
    merged = pd.concat(found, ignore_index=True)
    out = rows.copy()
    for key, column in _CLAIM_FACETS.items():
        known = merged[merged[column].notna()]
        values = known.groupby("row")[column].agg(lambda v: sorted({str(x) for x in v}))
        lists = values.reindex(range(len(rows))).to_numpy()
        out[_BEHIND_FACETS[key]] = [v if isinstance(v, list) else [] for v in lists]
    return out


def _claims_spec(title: str, claims: gpd.GeoDataFrame, *, show: bool) -> dict[str, Any]:
    return layer_spec(
        crs.to_wgs84(claims),
        CLAIM_FIELDS,
        name=f"{title}: its claims ({len(claims):,})",
        colour=side_colour(None),
        colour_by="controller",
        colours={str(s): side_colour(str(s)) for s in claims["controller"].unique()},
        tooltip=("place_name", "controller"),
        style={"weight": 2, "fillOpacity": 0.3},
        show=show,
        facets=_CLAIM_FACETS,
    )


def map_layers(
    batches: Sequence[Any], groups: Sequence[gpd.GeoDataFrame | None]
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """The events and routes of ``batches`` (``pipeline.BatchFrames``) from the reports the claims of ``groups`` cite.

    What :func:`render_comparison` and :func:`render_timeline` draw over the ground; (None, None) without batches.
    """
    if not batches:
        return None, None
    reports = {str(r) for g in groups if g is not None for r in g["report_id"].unique()}
    events = gpd.GeoDataFrame(pd.concat([b.events for b in batches], ignore_index=True), crs=4326)
    routes = gpd.GeoDataFrame(pd.concat([b.routes for b in batches], ignore_index=True), crs=4326)
    return (
        events[events["report_id"].astype(str).isin(reports)],
        routes[routes["report_id"].astype(str).isin(reports)] if "report_id" in routes.columns else routes,
    )


def render_comparison(
    comparison: Any,  # noqa: ANN401 - geomap.compare.Comparison (imported lazily to keep maps light)
    *,
    claims_a: Any = None,  # noqa: ANN401 - a GeoDataFrame of group A's claims
    claims_b: Any = None,  # noqa: ANN401 - a GeoDataFrame of group B's claims
    events: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
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
    events, routes
        The two groups' events and routes, drawn over the ground (the route once, its label clear of it).
    m, tiles
        As in :func:`geomap.maps.render_map`.
    """
    label_a, label_b = str(comparison.label_a), str(comparison.label_b)
    # Labels are plain strings here; they reach the page only inside JSON and are shown as text.
    fields = tuple((f, text.replace("{a}", label_a).replace("{b}", label_b)) for f, text in _PIECE_FIELDS)
    own = m is None
    if m is None:
        m = new_map(tiles)
    events, routes = (None if f is None else crs.to_wgs84(f) for f in (events, routes))
    outlined = add_area_events(m, events, routes)
    for title, claims in ((label_a, claims_a), (label_b, claims_b)):
        if claims is not None and not claims.empty:
            DataLayer(_claims_spec(title, claims, show=False)).add_to(m)
    pieces = crs.to_wgs84(comparison.pieces)
    names = {"agree": "agree", "contradict": "contradict", "only_a": f"only {label_a}", "only_b": f"only {label_b}"}
    pieces = pieces.assign(class_name=pieces["class"].map(names))
    pieces = _behind(pieces, [(claims_a, "reports_a", "places_a"), (claims_b, "reports_b", "places_b")])
    for cls, colour in CLASS_COLOURS.items():
        subset = pieces[pieces["class"] == cls]
        if subset.empty:
            continue
        spec = layer_spec(
            subset,
            fields,
            name=f"{names[cls]} ({subset['area_km2'].sum():,.1f} km²)",
            colour=colour,
            tooltip=("class_name", "controller_a", "controller_b"),
            style={"weight": 2, "fillOpacity": 0.5},
            facets=_BEHIND_FACETS,
        )
        DataLayer(spec).add_to(m)
    drawn = add_routes_and_events(m, events, routes, claimed=[pieces])
    ground = [(names[c], colour, "area") for c, colour in CLASS_COLOURS.items()]
    Legend([("Ground claimed", ground), *drawn, *outlined]).add_to(m)
    TableBox(
        "km² by class", [("class", "km²"), *((names[c], f"{v:,.2f}") for c, v in comparison.totals.items())]
    ).add_to(m)
    framed = [f for f in (pieces, claims_a, claims_b, routes) if f is not None and not f.empty]
    finish(m, framed, basemap=own, claimed=[pieces])
    return m


def render_sides(
    comparison: Any,  # noqa: ANN401 - geomap.compare.Comparison
    *,
    claims_a: Any,  # noqa: ANN401 - a GeoDataFrame of group A's claims
    claims_b: Any,  # noqa: ANN401 - a GeoDataFrame of group B's claims
    tiles: str | None = None,
) -> DualMap:
    """Two maps side by side, moving together: group A's claims on the left, group B's on the right.

    Each map is offline, with the basemap, its group's label and a legend of
    the sides said to hold the ground.
    """
    dual = DualMap(tiles=None, control_scale=True, prefer_canvas=True, maxZoom=18, minZoom=2)
    dual.default_js = []  # Leaflet.Sync comes inlined with the runtime
    frames = [crs.to_wgs84(f) for f in (claims_a, claims_b) if f is not None and not f.empty]
    for m, label, claims in ((dual.m1, comparison.label_a, claims_a), (dual.m2, comparison.label_b, claims_b)):
        offline(m)
        if tiles or settings.map_tiles:
            Tiles(str(tiles or settings.map_tiles)).add_to(m)
        TableBox(str(label), [], position="topleft").add_to(m)
        if claims is not None and not claims.empty:
            DataLayer(_claims_spec(str(label), claims, show=True)).add_to(m)
            sides = list(dict.fromkeys(str(s) for s in claims["controller"]))
            Legend([("Held by (claimed)", [(s, side_colour(s), "area") for s in sides])]).add_to(m)
        finish(m, frames, basemap=True, claimed=frames)
    return dual


class Timeline(RuntimeCall):
    """Control per report date: one layer per date (:func:`layer_spec`), stepped through by buttons or a slider."""

    def __init__(self, dates: list[str], frames: list[dict[str, Any]]) -> None:
        super().__init__("timeline", {"dates": dates, "frames": frames})


def render_timeline(
    timeline: Any,  # noqa: ANN401 - geomap.compare.Timeline
    *,
    claims: gpd.GeoDataFrame | None = None,
    events: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
    m: folium.Map | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """Map a :class:`geomap.compare.Timeline`: one step per report date, the change table beside.

    At each date the map shows the claimed control as of that date,
    coloured by side; popups name the reports, places and quotes behind it.
    With the ``claims`` the timeline was made from, the filter control
    filters the ground by the claims behind it (type, report's side,
    claimant, date). ``events`` and ``routes`` are drawn over the ground,
    as in :func:`render_comparison`.
    """
    own = m is None
    if m is None:
        m = new_map(tiles)
    events, routes = (None if f is None else crs.to_wgs84(f) for f in (events, routes))
    outlined = add_area_events(m, events, routes)
    dates, frames, pictures = [], [], []
    for date, picture in timeline.pictures.items():
        wgs = _behind(crs.to_wgs84(picture).assign(as_of=date.isoformat()), [(claims, "reports", "places")])
        pictures.append(wgs)
        dates.append(date.isoformat())
        frames.append(
            layer_spec(
                wgs,
                _PICTURE_FIELDS,
                name=date.isoformat(),
                colour=side_colour(None),
                colour_by="controller",
                colours={str(s): side_colour(str(s)) for s in wgs["controller"].unique()},
                tooltip=("controller", "as_of"),
                style={"weight": 2, "fillOpacity": 0.45},
                facets=_BEHIND_FACETS,
            )
        )
    Timeline(dates, frames).add_to(m)
    drawn = add_routes_and_events(m, events, routes, claimed=pictures)
    sides = sorted({str(c) for f in pictures for c in f["controller"]})
    Legend([*drawn, *outlined, ("Held by (claimed)", [(s, side_colour(s), "area") for s in sides])]).add_to(m)
    rows = [("from", "to", "side", "gained km²", "lost km²", "contested km²")]
    rows += [
        (
            str(r.date_from),
            str(r.date_to),
            str(r.side),
            f"{r.gained_km2:,.1f}",
            f"{r.lost_km2:,.1f}",
            f"{r.contested_km2:,.1f}",
        )
        for r in timeline.changes.itertuples()
    ]
    TableBox("Change between dates", rows).add_to(m)
    finish(m, [f for f in (*pictures, routes) if f is not None and not f.empty], basemap=own, claimed=pictures)
    return m
