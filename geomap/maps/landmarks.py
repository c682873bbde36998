"""Towns and rivers of the curated gazetteer, read for the basemap.

The basemap needs only a few columns of ``places.csv`` (and the files that
extend it) and the waypoints of ``routes.csv``: they are read here as
tables, once per version of the files, without building the gazetteer's name
index. Rivers are the places of kind ``river`` whose waypoints
``routes.csv`` gives, drawn as lines through them in ``seq`` order.

Examples
--------
>>> rivers = rivers_in((45.0, 38.5, 48.5, 41.0))
>>> "Tartar River" in set(rivers["name"]), rivers.geometry.geom_type.unique().tolist()
(True, ['LineString'])
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap import settings
from geomap.gazetteer.layerfiles import EXTRA_PLACE_FILES

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["rivers_in", "towns_in"]

_COLUMNS = ["id", "name", "kind", "lat", "lon", "population", "source"]


def _versions(folder: Path, names: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The files of ``names`` present in ``folder`` with their modification times (the cache key)."""
    return tuple((name, (folder / name).stat().st_mtime) for name in names if (folder / name).is_file())


@cache
def _places(folder: Path, versions: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    frames = [
        pd.read_csv(folder / name, usecols=_COLUMNS, dtype={"id": str, "name": str, "kind": str, "source": str})
        for name, _ in versions
    ]
    places = pd.concat(frames, ignore_index=True)
    places["population"] = pd.to_numeric(places["population"], errors="coerce").fillna(0)
    return places


@cache
def _rivers(folder: Path, versions: tuple[tuple[str, float], ...]) -> gpd.GeoDataFrame:
    places = _places(folder, versions[:-1])
    rivers = places[places["kind"] == "river"].set_index("id")
    points = pd.read_csv(folder / "routes.csv", usecols=["route_id", "seq", "lat", "lon"], dtype={"route_id": str})
    points = points[points["route_id"].isin(rivers.index)].sort_values(["route_id", "seq"])
    counts = points.groupby("route_id", sort=True).size()
    points = points[points["route_id"].isin(counts.index[counts > 1])]
    if points.empty:
        return gpd.GeoDataFrame({"name": [], "source": []}, geometry=[], crs=4326)
    ids, index = np.unique(points["route_id"].to_numpy(), return_inverse=True)
    lines = shapely.linestrings(points[["lon", "lat"]].to_numpy(), indices=index)
    return gpd.GeoDataFrame(
        {"name": rivers.loc[ids, "name"].to_numpy(), "source": "gazetteer/routes.csv (waypoints with their sources)"},
        geometry=lines,
        crs=4326,
    )


def _folder() -> Path:
    return settings.gazetteer_dir


def _spread(lon: np.ndarray, lat: np.ndarray, gap: float, limit: int) -> np.ndarray:
    """Positions of up to ``limit`` points (in the given order) each at least ``gap`` degrees from those kept before."""
    kept: list[int] = []
    for i in range(len(lon)):  # the few hundred towns in view, most populous first
        if len(kept) >= limit:
            break
        if not kept or np.min(np.hypot(lon[kept] - lon[i], (lat[kept] - lat[i]) * 1.3)) >= gap:
            kept.append(i)
    return np.array(kept, dtype=np.intp)


def towns_in(box: tuple[float, float, float, float], *, limit: int) -> gpd.GeoDataFrame:
    """Up to ``limit`` towns of the gazetteer inside ``box`` (west, south, east, north), most populous first.

    A town closer than a 40th of the box's width to a bigger one is left out, so labels do not pile up.
    """
    folder = _folder()
    places = _places(folder, _versions(folder, ("places.csv", *EXTRA_PLACE_FILES)))
    west, south, east, north = box
    inside = (
        (places["kind"] == "populated place") & places["lon"].between(west, east) & places["lat"].between(south, north)
    )
    chosen = places[inside].sort_values("population", ascending=False, kind="stable")
    lon, lat = chosen["lon"].to_numpy(), chosen["lat"].to_numpy()
    chosen = chosen.iloc[_spread(lon, lat, (east - west) / 40, limit)]
    return gpd.GeoDataFrame(
        {"name": chosen["name"].to_numpy(), "source": chosen["source"].to_numpy()},
        geometry=shapely.points(chosen["lon"].to_numpy(), chosen["lat"].to_numpy()),
        crs=4326,
    )


def rivers_in(box: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The gazetteer's rivers that cross ``box`` (west, south, east, north), as lines."""
    folder = _folder()
    if not (folder / "routes.csv").is_file():
        return gpd.GeoDataFrame({"name": [], "source": []}, geometry=[], crs=4326)
    rivers = _rivers(folder, _versions(folder, ("places.csv", *EXTRA_PLACE_FILES, "routes.csv")))
    if rivers.empty:
        return rivers
    return rivers[rivers.intersects(shapely.box(*box))]
