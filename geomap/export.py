"""The one writer: HTML maps, GeoJSON (RFC 7946), GeoPackage and CSV, written atomically.

Every file is written to a temporary file in the target folder and then
renamed over the target (``os.replace``), so a reader never sees half a file
and a failed run leaves the previous output in place.

GeoJSON follows RFC 7946: EPSG:4326 longitude/latitude, no ``crs`` member,
coordinates rounded to ``settings.geojson_precision`` decimals (at most 7),
polygon exteriors counter-clockwise (right-hand rule). Report text is kept
raw in GeoJSON; maps carry it as JSON data and show it as text (:mod:`geomap.maps`).

Examples
--------
>>> import geopandas as gpd, shapely, tempfile, pathlib
>>> frame = gpd.GeoDataFrame({"name": ["Murov"]}, geometry=[shapely.Point(46.4123456789, 40.3)], crs=4326)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.geojson"
>>> write_geojson(frame, path)["features"][0]["geometry"]["coordinates"]
[46.412346, 40.3]
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from geomap import crs, settings
from geomap.errors import ExportError

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    from branca.element import Element

__all__ = ["atomic_write", "to_geojson", "write_csv", "write_geojson", "write_gpkg", "write_html"]

_MAX_PRECISION = 7


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it over ``path``.

    Raises
    ------
    ExportError
        If the folder cannot be created or the file cannot be written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.tmp.", suffix=path.suffix)
        os.close(fd)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise ExportError(msg) from exc
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise ExportError(msg) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _plain(value: Any) -> Any:  # noqa: ANN401 - any cell of a frame
    """A JSON-ready form of one property value (dates as ISO strings, NaN as null)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    try:
        missing = bool(value != value)  # noqa: PLR0124 - pandas NA and NaT are not equal to themselves
    except (TypeError, ValueError):
        missing = False
    return None if missing else value


def _rfc7946_geometries(frame: gpd.GeoDataFrame, precision: int) -> np.ndarray:
    geoms = crs.to_wgs84(frame).geometry.to_numpy()
    geoms = shapely.orient_polygons(geoms, exterior_cw=False)
    return np.asarray(shapely.transform(geoms, lambda xy: np.round(xy, precision)), dtype=object)


def to_geojson(frame: gpd.GeoDataFrame, *, precision: int | None = None) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of ``frame`` as a dict."""
    digits = settings.geojson_precision if precision is None else precision
    if not 0 <= digits <= _MAX_PRECISION:
        msg = f"GeoJSON precision must be 0-{_MAX_PRECISION} decimals, got {digits}"
        raise ExportError(msg)
    geoms = _rfc7946_geometries(frame, digits)
    texts = shapely.to_geojson(geoms)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    records = frame[columns].to_dict("records")
    features = [
        {
            "type": "Feature",
            "geometry": None if text is None else json.loads(text),
            "properties": {k: _plain(v) for k, v in record.items()},
        }
        for text, record in zip(texts, records, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(frame: gpd.GeoDataFrame, path: str | Path, *, precision: int | None = None) -> dict[str, Any]:
    """Write ``frame`` as RFC 7946 GeoJSON, atomically; return what was written."""
    data = to_geojson(frame, precision=precision)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return data


def write_html(m: Element, path: str | Path) -> Path:
    """Render a folium map (or any element of its figure, a ``DualMap`` say) to a standalone HTML file, atomically."""
    html = m.get_root().render()
    return atomic_write(path, lambda tmp: tmp.write_text(html, encoding="utf-8"))


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table (geometry as WKT) to CSV, atomically."""
    table = pd.DataFrame(frame)
    geometry = getattr(frame, "geometry", None)
    if geometry is not None and geometry.name in table.columns:
        table[geometry.name] = shapely.to_wkt(geometry.to_numpy(), rounding_precision=settings.geojson_precision)
    return atomic_write(path, lambda tmp: table.to_csv(tmp, index=False))


def write_gpkg(frame: gpd.GeoDataFrame, path: str | Path, *, layer: str = "events") -> Path:
    """Write ``frame`` as a GeoPackage layer, atomically (the whole file is replaced)."""
    table = frame.copy()
    for column in table.columns:
        if table[column].dtype == object and column != table.geometry.name:
            table[column] = table[column].map(_plain)
    return atomic_write(path, lambda tmp: table.to_file(tmp, driver="GPKG", layer=layer, engine="pyogrio"))
