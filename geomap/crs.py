"""The one owner of coordinate reference systems.

Geometry in geomap is WGS84 longitude/latitude (EPSG:4326). Distances and
buffers are computed in a local metric CRS (an azimuthal equidistant
projection centred on the data), areas in an equal-area CRS (a Lambert
azimuthal equal-area projection centred on the data). No other module calls
``to_crs`` or builds a ``Transformer``.

Examples
--------
>>> import shapely
>>> from geomap import crs
>>> circle = crs.buffer_km(shapely.points([46.0], [40.0]), 10.0)[0]
>>> round(float(crs.area_km2([circle])[0]), 0)
314.0
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

from geomap.errors import CrsError

if TYPE_CHECKING:
    import geopandas as gpd
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "WGS84",
    "area_km2",
    "buffer_km",
    "check_crs",
    "distance_km",
    "equal_area_crs",
    "geodesic_area_km2",
    "line_length_km",
    "local_metric_crs",
    "project",
    "to_wgs84",
    "unproject",
]

WGS84 = CRS.from_epsg(4326)
_GEOD = Geod(ellps="WGS84")


@lru_cache(maxsize=256)
def _crs_at(proj: str, lon: float, lat: float) -> CRS:
    return CRS.from_proj4(f"+proj={proj} +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")


def _centre(geoms: ArrayLike) -> tuple[float, float]:
    arr = np.asarray(geoms, dtype=object)
    bounds = shapely.total_bounds(arr)
    if not np.all(np.isfinite(bounds)):
        msg = "cannot choose a projection for empty geometries"
        raise CrsError(msg)
    # Round the centre so that nearby data shares a cached CRS and transformer.
    return round((bounds[0] + bounds[2]) / 2, 1), round((bounds[1] + bounds[3]) / 2, 1)


def local_metric_crs(lon: float, lat: float) -> CRS:
    """Azimuthal equidistant CRS in metres centred on ``(lon, lat)``; for buffers and distances."""
    return _crs_at("aeqd", round(lon, 1), round(lat, 1))


def equal_area_crs(lon: float, lat: float) -> CRS:
    """Lambert azimuthal equal-area CRS in metres centred on ``(lon, lat)``; for areas."""
    return _crs_at("laea", round(lon, 1), round(lat, 1))


@lru_cache(maxsize=256)
def _transformer(src: CRS, dst: CRS) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def _transform(geoms: ArrayLike, transformer: Transformer) -> NDArray[np.object_]:
    def move(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return np.asarray(shapely.transform(np.asarray(geoms, dtype=object), move), dtype=object)


def project(geoms: ArrayLike, target: CRS) -> NDArray[np.object_]:
    """Project an array of WGS84 geometries into ``target``."""
    return _transform(geoms, _transformer(WGS84, target))


def unproject(geoms: ArrayLike, source: CRS) -> NDArray[np.object_]:
    """Bring an array of geometries in ``source`` back to WGS84."""
    return _transform(geoms, _transformer(source, WGS84))


_EMPTY_CELL = -(10**9)


def _cells(arr: NDArray[np.object_]) -> NDArray[np.int64]:
    """A region id per geometry (10-degree cells), so each region gets its own projection centre."""
    empty = shapely.is_missing(arr) | shapely.is_empty(arr)
    x, y = np.zeros(len(arr)), np.zeros(len(arr))
    if (~empty).any():
        centroids = shapely.centroid(arr[~empty])
        x[~empty], y[~empty] = shapely.get_x(centroids), shapely.get_y(centroids)
    cells = np.floor(x / 10) * 1000 + np.floor(y / 10)
    cells[empty] = _EMPTY_CELL
    return cells.astype(np.int64)


def buffer_km(geoms: ArrayLike, radius_km: ArrayLike) -> NDArray[np.object_]:
    """Buffer WGS84 geometries by ``radius_km``, in local metric CRSs.

    Geometries are grouped by 10-degree cell and each group is buffered in an
    azimuthal equidistant CRS centred on it (one vectorised call per group).

    Parameters
    ----------
    geoms
        Array of shapely geometries in EPSG:4326.
    radius_km
        Scalar or one radius per geometry, in kilometres.

    Returns
    -------
    numpy.ndarray
        The buffered geometries, in EPSG:4326.
    """
    arr = np.asarray(geoms, dtype=object).ravel()
    out = np.empty(len(arr), dtype=object)
    if arr.size == 0:
        return out
    radii = np.broadcast_to(np.asarray(radius_km, dtype=float) * 1000.0, arr.shape)
    cells = _cells(arr)
    for cell in np.unique(cells):
        part = cells == cell
        if cell == _EMPTY_CELL:
            out[part] = shapely.buffer(arr[part], 0.0)  # empty stays empty
            continue
        metric = local_metric_crs(*_centre(arr[part]))
        out[part] = unproject(shapely.buffer(project(arr[part], metric), radii[part], quad_segs=16), metric)
    return out


def area_km2(geoms: ArrayLike) -> NDArray[np.float64]:
    """Areas of WGS84 geometries in km², each region in an equal-area CRS centred on it."""
    arr = np.asarray(geoms, dtype=object).ravel()
    out = np.zeros(len(arr))
    if arr.size == 0:
        return out
    cells = _cells(arr)
    for cell in np.unique(cells[cells != _EMPTY_CELL]):
        part = cells == cell
        out[part] = shapely.area(project(arr[part], equal_area_crs(*_centre(arr[part])))) / 1e6
    return out


def geodesic_area_km2(geom: shapely.Geometry) -> float:
    """Geodesic area of one WGS84 geometry on the WGS84 ellipsoid, in km² (a check for :func:`area_km2`)."""
    area, _ = _GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e6


def line_length_km(geom: shapely.Geometry) -> float:
    """Geodesic length of a WGS84 line in km."""
    return float(_GEOD.geometry_length(geom)) / 1000.0


def check_crs(gdf: gpd.GeoDataFrame) -> None:
    """Raise :class:`~geomap.errors.CrsError` unless ``gdf`` is in EPSG:4326."""
    if gdf.crs is None:
        msg = "GeoDataFrame has no CRS; geomap expects EPSG:4326"
        raise CrsError(msg)
    if CRS.from_user_input(gdf.crs) != WGS84:
        msg = f"GeoDataFrame is in {gdf.crs}; geomap expects EPSG:4326 (call crs.to_wgs84 first)"
        raise CrsError(msg)


def to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``gdf`` in EPSG:4326 (the only ``to_crs`` call in geomap)."""
    if gdf.crs is None:
        msg = "GeoDataFrame has no CRS; set one before converting it to EPSG:4326"
        raise CrsError(msg)
    return gdf if CRS.from_user_input(gdf.crs) == WGS84 else gdf.to_crs(WGS84)


def distance_km(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> NDArray[np.float64]:
    """Geodesic distances in km between coordinate arrays (broadcast)."""
    a, b, c, d = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2)))
    _, _, dist = _GEOD.inv(a, b, c, d)
    return np.asarray(dist, dtype=float) / 1000.0
