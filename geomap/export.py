"""The one writer: HTML maps, GeoJSON (RFC 7946), GeoPackage, GeoParquet and CSV, written atomically.

Every file is written to a temporary file in the target folder and then
renamed over the target (``os.replace``), so a reader never sees half a file
and a failed run leaves the previous output in place.

GeoJSON follows RFC 7946: EPSG:4326 longitude/latitude, no ``crs`` member,
coordinates rounded to ``settings.geojson_precision`` decimals (at most 7),
polygon exteriors counter-clockwise (right-hand rule). Report text is kept
raw in GeoJSON; maps carry it as JSON data and show it as text (:mod:`geomap.maps`).

A GeoPackage holds several layers in one file (:func:`write_gpkg` takes a
mapping of layer names to frames; :func:`by_geometry` splits a frame of mixed
geometries into one layer per geometry type). GeoPackage and GeoParquet keep
dates as dates (columns of ``datetime.date`` become DATE fields).

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
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely
from pandas.api.types import is_object_dtype, is_string_dtype

from geomap import crs, settings
from geomap.errors import ExportError

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    from branca.element import Element

__all__ = [
    "atomic_write",
    "by_geometry",
    "geojson_seq",
    "json_lines",
    "spreadsheet_safe",
    "to_geojson",
    "write_csv",
    "write_geojson",
    "write_gpkg",
    "write_html",
    "write_parquet",
]

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
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, precision))
    # orient after rounding: rounding moves vertices and can flip a thin ring
    return np.asarray(shapely.orient_polygons(rounded, exterior_cw=False), dtype=object)


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


def geojson_seq(frame: gpd.GeoDataFrame, *, precision: int | None = None) -> str:
    """``frame`` as GeoJSON Text Sequences (RFC 8142): each feature after an RS character, one per line."""
    features = to_geojson(frame, precision=precision)["features"]
    return "".join(f"\x1e{json.dumps(f, ensure_ascii=False, allow_nan=False)}\n" for f in features)


def json_lines(records: list[dict[str, Any]]) -> str:
    """Records as JSON Lines: one JSON object per line (dates as ISO strings, NaN as null).

    Examples
    --------
    >>> print(json_lines([{"name": "Goris", "lat": float("nan")}]), end="")
    {"name": "Goris", "lat": null}
    """
    return "".join(
        json.dumps({k: _plain(v) for k, v in r.items()}, ensure_ascii=False, allow_nan=False) + "\n" for r in records
    )


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


#: First characters that make a spreadsheet read a CSV cell as a formula.
_FORMULA_STARTS = frozenset("=+-@\t\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell a spreadsheet would run as a formula made inert by a leading ``'``.

    Report text is untrusted: a quote that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return would be a formula once the CSV is opened in a spreadsheet (CSV injection).
    Numbers are left alone; GeoJSON and GeoPackage keep the raw text.

    Examples
    --------
    >>> table = pd.DataFrame({"quote": ["=HYPERLINK(1)", "Goris was shelled."], "n": [-1, 2]})
    >>> spreadsheet_safe(table)["quote"].tolist()
    ["'=HYPERLINK(1)", 'Goris was shelled.']
    """
    table = pd.DataFrame(frame).copy()
    texts = [n for n in table.columns if is_object_dtype(table[n]) or is_string_dtype(table[n])]
    for name in texts:
        column = table[name]
        risky = column.map(lambda v: isinstance(v, str) and v[:1] in _FORMULA_STARTS).astype(bool)
        if risky.any():
            table[name] = column.where(~risky, "'" + column.astype(str))
    return table


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table (geometry as WKT) to CSV, atomically; formula-like text made inert (:func:`spreadsheet_safe`)."""
    table = pd.DataFrame(frame)
    geometry = getattr(frame, "geometry", None)
    if geometry is not None and geometry.name in table.columns:
        table[geometry.name] = shapely.to_wkt(geometry.to_numpy(), rounding_precision=settings.geojson_precision)
    table = spreadsheet_safe(table)
    return atomic_write(path, lambda tmp: table.to_csv(tmp, index=False))


#: Layer suffix of each geometry family in :func:`by_geometry`, and the GeoPackage geometry type it is written as.
GEOMETRY_LAYERS = {"point": "Point", "line": "MultiLineString", "polygon": "MultiPolygon"}
_GPKG_VERSION = "1.2"
_FAMILY = np.array(["point", "line", "line", "polygon", "point", "line", "polygon"], dtype=object)


def by_geometry(frame: gpd.GeoDataFrame, prefix: str) -> dict[str, gpd.GeoDataFrame]:
    """``frame`` split into ``<prefix>_point``, ``<prefix>_line`` and ``<prefix>_polygon`` (each may be empty).

    Multi-geometries go with their kind; rows without a geometry (events at
    unknown places) go into the point layer with an empty geometry.

    Raises
    ------
    ExportError
        If a row holds a geometry collection, which has no single geometry type.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> frame = gpd.GeoDataFrame(geometry=[shapely.Point(0, 0), shapely.LineString([(0, 0), (1, 1)]), None])
    >>> {name: len(part) for name, part in by_geometry(frame, "events").items()}
    {'events_point': 2, 'events_line': 1, 'events_polygon': 0}
    """
    type_ids = shapely.get_type_id(frame.geometry.to_numpy())
    if (type_ids == shapely.GeometryType.GEOMETRYCOLLECTION).any():
        msg = f"{prefix}: a geometry collection has no single geometry type for a GeoPackage layer"
        raise ExportError(msg)
    family = np.where(type_ids < 0, "point", _FAMILY[np.clip(type_ids, 0, len(_FAMILY) - 1)])
    return {f"{prefix}_{name}": frame[family == name] for name in GEOMETRY_LAYERS}


def _typed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy in types a GeoPackage or Parquet file holds: dates stay dates, other objects become plain values."""
    table = frame.copy()
    for column in table.columns:
        if column == table.geometry.name or table[column].dtype != object:
            continue
        values = table[column].dropna()
        if len(values) and all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values):
            continue  # written as a DATE field (Arrow date32)
        plain = table[column].map(_plain)
        table[column] = plain.map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
    return table


def _layer_family(name: str, frame: gpd.GeoDataFrame) -> str | None:
    """The geometry family of a layer: from its name (``*_point``...), else from its rows when they share one."""
    for family in GEOMETRY_LAYERS:
        if name.endswith(f"_{family}"):
            return family
    type_ids = shapely.get_type_id(frame.geometry.to_numpy())
    families = set(_FAMILY[type_ids[(type_ids >= 0) & (type_ids < len(_FAMILY))]])
    return families.pop() if len(families) == 1 and (type_ids < len(_FAMILY)).all() else None


def _write_layers(layers: dict[str, gpd.GeoDataFrame], tmp: Path) -> None:
    for i, (name, frame) in enumerate(layers.items()):
        # GeoPackage 1.2, which older GDAL (QGIS, ogrinfo 3.6) reads without a warning; set when the file is made
        created = {"dataset_options": {"VERSION": _GPKG_VERSION}} if i == 0 else {}
        family = _layer_family(name, frame)
        geometry_type = GEOMETRY_LAYERS[family] if family else "Unknown"
        _typed(crs.to_wgs84(frame)).to_file(
            tmp,
            driver="GPKG",
            layer=name,
            engine="pyogrio",
            use_arrow=True,
            geometry_type=geometry_type,
            promote_to_multi=geometry_type.startswith("Multi"),
            **created,
        )


def write_gpkg(
    layers: gpd.GeoDataFrame | Mapping[str, gpd.GeoDataFrame], path: str | Path, *, layer: str = "events"
) -> Path:
    """Write one frame, or several as named layers, into one GeoPackage, atomically (the file is replaced).

    Each layer has one geometry type: the one its name says (``*_point``,
    ``*_line``, ``*_polygon``, see :func:`by_geometry`), else the one its rows
    share; lines and polygons are written as multi-geometries. Columns of
    dates are DATE fields.
    """
    named = {layer: layers} if not isinstance(layers, Mapping) else dict(layers)
    return atomic_write(path, lambda tmp: _write_layers(named, tmp))


def write_parquet(frame: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write ``frame`` as GeoParquet (EPSG:4326, WKB geometry, dates as dates), atomically."""
    table = _typed(crs.to_wgs84(frame))
    return atomic_write(path, lambda tmp: table.to_parquet(tmp, index=False))
