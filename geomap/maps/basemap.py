"""A vector basemap that needs no tiles, and online tiles as an option.

Drawn under the data, on its own non-interactive canvas pane:

- land and country borders from Natural Earth 1:50m (the ``world-atlas``
  package, vendored in ``geomap/maps/vendor``), clipped to the map's
  surroundings and simplified for its extent;
- district and province outlines from ``*.geojson`` files in
  ``settings.map_boundaries_dir`` (``<gazetteer>/boundaries`` when None;
  geoBoundaries files);
- labels for the gazetteer's towns in view, the most populous first.

Online tiles (an xyzservices provider by name, with its attribution) are a
layer of the layer control, switched on only when the browser is online.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
import xyzservices

from geomap import settings
from geomap.errors import MapError
from geomap.maps.layers import layer_spec
from geomap.maps.runtime import RuntimeCall

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Basemap", "Tiles", "basemap_specs", "boundaries_dir"]

_LAND = "#f4f1e8"
_BORDER = "#9a9a9a"
_WATER = "#cfe0ee"
_MAX_TOWNS = 60
_LEVELS = {"ADM0": "Country", "ADM1": "Province", "ADM2": "District", "ADM3": "Subdistrict"}


def boundaries_dir() -> Path:
    """Where district and province outlines are read from."""
    return settings.map_boundaries_dir or settings.gazetteer_dir / "boundaries"


@cache
def _countries() -> gpd.GeoDataFrame:
    path = resources.files("geomap.maps") / "vendor" / "world-atlas" / "countries-50m.json"
    with resources.as_file(path) as file:
        frame = pyogrio.read_dataframe(file, layer="countries")
    return frame.set_crs(4326, allow_override=True)


@cache
def _boundary_file(path: Path, _mtime: float) -> gpd.GeoDataFrame:
    frame = pyogrio.read_dataframe(path)
    return frame if frame.crs is not None else frame.set_crs(4326)


def _boundaries() -> list[gpd.GeoDataFrame]:
    folder = boundaries_dir()
    if not folder.is_dir():
        return []
    return [_boundary_file(p, p.stat().st_mtime) for p in sorted(folder.glob("*.geojson"))]


def _clip(frame: gpd.GeoDataFrame, box: tuple[float, float, float, float], tolerance: float) -> gpd.GeoDataFrame:
    geoms = shapely.clip_by_rect(frame.geometry.to_crs(4326).to_numpy(), *box)
    geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    keep = ~shapely.is_empty(geoms)
    return gpd.GeoDataFrame(frame[keep].drop(columns=frame.geometry.name), geometry=geoms[keep], crs=4326)


def _surroundings(bounds: tuple[float, float, float, float]) -> tuple[tuple[float, float, float, float], float]:
    """The box drawn around ``bounds`` (west, south, east, north) and the simplification tolerance for it."""
    west, south, east, north = bounds
    margin = max(4.0, east - west, north - south)
    box = (max(west - margin, -180.0), max(south - margin, -90.0), min(east + margin, 180.0), min(north + margin, 90.0))
    return box, max(box[2] - box[0], box[3] - box[1]) / 3000


def _towns(box: tuple[float, float, float, float]) -> gpd.GeoDataFrame | None:
    from geomap.layerfiles import curated_layer  # noqa: PLC0415 - the gazetteer is only read when a map is drawn

    places = [p for p in curated_layer().places if p.kind == "populated place"]
    if not places:
        return None
    xy = np.array([(p.lon, p.lat) for p in places])
    inside = (xy[:, 0] >= box[0]) & (xy[:, 0] <= box[2]) & (xy[:, 1] >= box[1]) & (xy[:, 1] <= box[3])
    chosen = sorted((p for p, ok in zip(places, inside, strict=True) if ok), key=lambda p: -p.population)
    chosen = chosen[:_MAX_TOWNS]
    if not chosen:
        return None
    return gpd.GeoDataFrame(
        {"name": [p.name for p in chosen], "source": [p.source for p in chosen]},
        geometry=shapely.points([(p.lon, p.lat) for p in chosen]),
        crs=4326,
    )


def basemap_specs(bounds: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """The basemap layers around ``bounds`` (west, south, east, north in degrees), bottom first."""
    box, tolerance = _surroundings(bounds)
    base = {"pane": "geomap-base", "control": False}
    countries = _clip(_countries(), box, tolerance)
    specs = [
        {
            **layer_spec(
                countries,
                (("name", "Country"),),
                name="Countries",
                colour=_BORDER,
                style={"weight": 0.8, "fillColor": _LAND, "fillOpacity": 1, "interactive": False},
            ),
            **base,
            "background": _WATER,
        }
    ]
    for frame in _boundaries():
        level = str(frame["shapeType"].iloc[0]) if "shapeType" in frame.columns and len(frame) else ""
        outlines = _clip(frame, box, tolerance / 2)
        if outlines.empty:
            continue
        specs.append(
            {
                **layer_spec(
                    outlines,
                    (("shapeName", _LEVELS.get(level, "Area")),),
                    name=f"Outlines {level}",
                    colour="#7a6f8a" if level == "ADM2" else "#5c4f73",
                    style={
                        "weight": 0.7 if level == "ADM2" else 1.2,
                        "fill": False,
                        "dashArray": "3 3",
                        "interactive": False,
                    },
                ),
                "pane": "geomap-outlines",
                "control": False,
            }
        )
    towns = _towns(box)
    if towns is not None:
        specs.append(
            {
                **layer_spec(
                    towns,
                    (("name", "Town"), ("source", "Coordinates from")),
                    name="Towns",
                    colour="#555555",
                    label="name",
                    style={"radius": 2, "weight": 0, "fillOpacity": 0.8, "interactive": False},
                ),
                **base,
            }
        )
    return specs


class Basemap(RuntimeCall):
    """The vector basemap layers (see :func:`basemap_specs`)."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        super().__init__("basemap", {"layers": basemap_specs(bounds)})


def _provider(name: str) -> xyzservices.TileProvider:
    """The xyzservices provider called ``name`` (a family name such as ``OpenStreetMap`` gives its first)."""
    providers = xyzservices.providers.flatten()
    family = [p for key, p in providers.items() if key.lower().startswith(f"{name.lower()}.")]
    try:
        return xyzservices.providers.query_name(name)
    except ValueError as exc:
        if family:
            return family[0]
        msg = f"unknown tile provider {name!r}: use an xyzservices name, for example 'OpenStreetMap.Mapnik'"
        raise MapError(msg) from exc


class Tiles(RuntimeCall):
    """Online tiles from an xyzservices provider: a layer of the layer control, on when the browser is online.

    Raises
    ------
    MapError
        If xyzservices knows no provider of that name.
    """

    def __init__(self, name: str) -> None:
        provider = _provider(name)
        super().__init__(
            "tiles",
            {
                "name": f"Tiles: {provider.name}",
                "url": provider.build_url(),
                "attribution": provider.html_attribution,
                "maxZoom": int(provider.get("max_zoom", 19)),
            },
        )
