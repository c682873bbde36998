"""A vector basemap that needs no tiles, and online tiles as an option.

Drawn under the data, on its own non-interactive canvas pane:

- land and country borders from Natural Earth 1:50m (the ``world-atlas``
  package, vendored in ``geomap/maps/vendor``), clipped to the map's
  surroundings and simplified for its extent;
- the gazetteer's rivers (places of kind ``river`` with waypoints in
  ``routes.csv``);
- district and province outlines from ``*.geojson`` files in
  ``settings.map_boundaries_dir`` (``<gazetteer>/boundaries`` when None;
  geoBoundaries files): hovering one names it, its level and where the
  outline comes from;
- labels for the gazetteer's towns in view, the most populous first, except
  inside claimed ground (the claim's own popup names its places).

Online tiles (an xyzservices provider by name, with its attribution) are a
layer of the layer control, switched on only when the browser is online.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import shapely
import xyzservices

from geomap import crs, settings
from geomap.errors import ExportError, MapError
from geomap.export import atomic_write
from geomap.maps.landmarks import rivers_in, towns_in
from geomap.maps.layers import layer_spec
from geomap.maps.runtime import RuntimeCall

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

__all__ = ["Basemap", "Tiles", "basemap_specs", "boundaries_dir"]

_LAND = "#f4f1e8"
_BORDER = "#9a9a9a"
_WATER = "#cfe0ee"
_RIVER = "#8fb8d8"
_MAX_TOWNS = 60
_LEVELS = {"ADM0": "Country", "ADM1": "Province", "ADM2": "District", "ADM3": "Subdistrict"}
_CACHE_VERSION = 1  # of what is kept in settings.cache_dir/basemap: raise it when what is kept changes


def boundaries_dir() -> Path:
    """Where district and province outlines are read from."""
    return settings.map_boundaries_dir or settings.gazetteer_dir / "boundaries"


def _digest(*paths: Path) -> str:
    """A hash of the content of ``paths`` (those that exist) and of what the cache keeps."""
    digest = hashlib.sha256(f"geomap-basemap-{_CACHE_VERSION}".encode())
    for path in paths:
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:24]


def _kept(name: str, make: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """``make()``, kept as GeoParquet ``settings.cache_dir/basemap/name`` (written atomically) for the next runs.

    ``name`` holds a content hash of what ``make`` reads, so a changed file
    is read again; a cache file that cannot be read is made again, and one
    that cannot be written is not kept.
    """
    kept = settings.cache_dir / "basemap" / name
    if kept.is_file():
        with contextlib.suppress(OSError, ValueError, KeyError, pa.ArrowException, shapely.errors.ShapelyError):
            frame = _read_kept(kept)
            frame.attrs["geomap_kept"] = kept.stem
            return frame
    frame = make()
    with contextlib.suppress(ExportError):
        atomic_write(kept, lambda tmp: frame.to_parquet(tmp, index=False))
    frame.attrs["geomap_kept"] = kept.stem
    return frame


def _read_kept(path: Path) -> gpd.GeoDataFrame:
    """A kept frame, read with pyarrow (geopandas' reader parses the CRS of each file: 10x the time)."""
    columns = pq.read_table(path).to_pandas()
    geometry = shapely.from_wkb(columns.pop("geometry").to_numpy())
    return gpd.GeoDataFrame(columns, geometry=geometry, crs=crs.WGS84)


@cache
def _countries() -> gpd.GeoDataFrame:
    path = resources.files("geomap.maps") / "vendor" / "world-atlas" / "countries-50m.json"
    with resources.as_file(path) as file:

        def read() -> gpd.GeoDataFrame:
            return pyogrio.read_dataframe(file, layer="countries").set_crs(4326, allow_override=True)

        return _kept(f"countries-{_digest(file)}.parquet", read)


def _outline_source(path: Path) -> str:
    """Where the outlines of ``path`` come from: geoBoundaries' metadata file beside it, else the file name."""
    meta = _meta_of(path)
    if meta != path and meta.is_file():
        info = json.loads(meta.read_text(encoding="utf-8"))
        return (
            f"geoBoundaries {info.get('boundaryISO', '')} {info.get('boundaryType', '')}"
            f" ({info.get('boundaryLicense', 'licence not stated')}), file {path.name}"
        )
    return f"file {path.name}"


def _meta_of(path: Path) -> Path:
    return path.with_name(path.name.replace("_simplified.geojson", "-metaData.json"))


@cache
def _boundary_file(path: Path, _mtime: float) -> gpd.GeoDataFrame:
    return _kept(f"{path.stem}-{_digest(path, _meta_of(path))}.parquet", lambda: _read_boundary_file(path))


def _read_boundary_file(path: Path) -> gpd.GeoDataFrame:
    frame = pyogrio.read_dataframe(path)
    frame = frame if frame.crs is not None else frame.set_crs(4326)
    level = frame["Level"] if "Level" in frame.columns else frame.get("shapeType", "")
    source = frame["source"] if "source" in frame.columns else _outline_source(path)
    return frame.assign(
        level_name=pd.Series(level, index=frame.index).map(_LEVELS).fillna("Area"),
        outline_source=source,
    )


def _boundaries() -> list[gpd.GeoDataFrame]:
    folder = boundaries_dir()
    if not folder.is_dir():
        return []
    return [_boundary_file(p, p.stat().st_mtime) for p in sorted(folder.glob("*.geojson"))]


def _clip(frame: gpd.GeoDataFrame, box: tuple[float, float, float, float], tolerance: float) -> gpd.GeoDataFrame:
    """``frame`` clipped to ``box`` and simplified; kept for the next runs when ``frame`` is kept (:func:`_kept`)."""

    def clip() -> gpd.GeoDataFrame:
        geoms = shapely.clip_by_rect(crs.to_wgs84(frame).geometry.to_numpy(), *box)
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
        keep = ~shapely.is_empty(geoms)
        return gpd.GeoDataFrame(frame[keep].drop(columns=frame.geometry.name), geometry=geoms[keep], crs=crs.WGS84)

    source = frame.attrs.get("geomap_kept")
    if source is None:
        return clip()
    cut = hashlib.sha256(repr((box, tolerance)).encode()).hexdigest()[:16]
    return _kept(f"{source}-clip-{cut}.parquet", clip)


def _surroundings(bounds: tuple[float, float, float, float]) -> tuple[tuple[float, float, float, float], float]:
    """The box drawn around ``bounds`` (west, south, east, north) and the simplification tolerance for it."""
    west, south, east, north = bounds
    margin = max(4.0, east - west, north - south)
    box = (max(west - margin, -180.0), max(south - margin, -90.0), min(east + margin, 180.0), min(north + margin, 90.0))
    return box, max(box[2] - box[0], box[3] - box[1]) / 3000


def _towns(box: tuple[float, float, float, float], claimed: shapely.Geometry | None) -> gpd.GeoDataFrame:
    towns = towns_in(box, limit=_MAX_TOWNS)
    if claimed is not None and len(towns):
        towns = towns[~shapely.intersects(claimed, towns.geometry.to_numpy())]
    return towns


def basemap_specs(
    bounds: tuple[float, float, float, float], *, claimed: shapely.Geometry | None = None
) -> list[dict[str, Any]]:
    """The basemap layers around ``bounds`` (west, south, east, north in degrees), bottom first.

    Town labels are left out inside ``claimed`` (the claimed ground, EPSG:4326) so they cover no claim.
    """
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
    rivers = rivers_in(box)
    if len(rivers):
        specs.append(
            {
                **layer_spec(
                    rivers,
                    (("name", "River"), ("source", "Line from")),
                    name="Rivers",
                    colour=_RIVER,
                    style={"weight": 1.3, "opacity": 0.9, "fill": False, "interactive": False},
                ),
                **base,
                "hover": True,
            }
        )
    for frame in _boundaries():
        outlines = _clip(frame, box, tolerance / 2)
        if outlines.empty:
            continue
        district = bool((outlines["level_name"] == "District").all())
        specs.append(
            {
                **layer_spec(
                    outlines,
                    (("shapeName", "Name"), ("level_name", "Level"), ("outline_source", "Outline from")),
                    name=f"Outlines {frame['level_name'].iloc[0]}",
                    colour="#7a6f8a" if district else "#5c4f73",
                    style={"weight": 0.7 if district else 1.2, "fill": False, "dashArray": "3 3", "interactive": False},
                ),
                "pane": "geomap-outlines",
                "control": False,
                "hover": True,
            }
        )
    towns = _towns(box, claimed)
    if len(towns):
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

    def __init__(self, bounds: tuple[float, float, float, float], *, claimed: shapely.Geometry | None = None) -> None:
        super().__init__("basemap", {"layers": basemap_specs(bounds, claimed=claimed)})


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
