"""Claims as ground: the checks, dissolving per controller and the sentences behind each piece.

Rules shared by :mod:`geomap.compare` and :mod:`geomap.timeline`:

* A claim of kind ``contested`` has the controller ``"contested"``: the
  ground is said to be fought over, whoever the fighting side is.
* Within one group, claims are dissolved per controller. Ground that the
  group itself gives to different controllers (two reports of the group
  disagree, or one report says "held" and another "contested") is treated
  as ``"contested"`` for that group: the group does not say one side holds
  it. The sentences behind such ground keep both claims, so the
  disagreement stays traceable.
* Areas are km² in an equal-area CRS (:func:`geomap.crs.area_km2`); output
  geometries are valid polygons in EPSG:4326, exterior rings
  counter-clockwise, without slivers smaller than
  ``settings.compare_min_area_km2``.

Examples
--------
>>> import numpy as np
>>> import shapely
>>> keys, parts, _ = partition(np.array(["armenia", "azerbaijan"]),
...                            np.array([shapely.box(0, 0, 2, 1), shapely.box(1, 0, 3, 1)]))
>>> keys.tolist(), [round(p.area, 1) for p in parts]
(['armenia', 'azerbaijan', 'contested'], [1.0, 1.0, 1.0])
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap import crs
from geomap.errors import ClaimError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

__all__ = [
    "CLAIM_FIELDS",
    "CONTESTED",
    "EMPTY",
    "areas",
    "as_date",
    "clean",
    "dates",
    "dissolve",
    "join_groups",
    "ordinals",
    "partition",
    "polygonal",
    "prepare",
    "present",
    "provenance",
    "require",
]

logger = logging.getLogger(__name__)

#: The controller of contested ground (claims of kind ``contested`` and ground a group contradicts itself on).
CONTESTED = "contested"

#: The columns every claim needs to be compared or put on a timeline.
CLAIM_FIELDS = ("report_id", "controller", "kind", "quote", "place_name")

#: The empty polygon: the ground of a side that claims nothing.
EMPTY = shapely.Polygon()

_POLYGON = 3
_COLLECTIONS = (4, 5, 6, 7)  # multipoint, multilinestring, multipolygon, geometrycollection
_TOUCH_DEG = 1e-7  # about 1 cm: claims reaching less far into a piece only touch it

# --------------------------------------------------------------------------- validation


def require(claims: object, columns: Sequence[str], what: str) -> None:
    """Check that ``claims`` is a non-empty GeoDataFrame in EPSG:4326 with ``columns``; ``what`` names it in errors."""
    if not isinstance(claims, gpd.GeoDataFrame):
        msg = f"{what}: expected claims as a GeoDataFrame, got {type(claims).__name__}"
        raise ClaimError(msg)
    crs.check_crs(claims)
    missing = [c for c in columns if c not in claims.columns]
    if missing:
        msg = f"{what}: the claims lack the columns {missing} (see geomap.claims for the columns of a claim)"
        raise ClaimError(msg)
    if claims.empty:
        msg = f"{what}: no claims (the selection is empty); select claims that exist, see select_claims"
        raise ClaimError(msg)


def claim_ids(claims: gpd.GeoDataFrame, mask: NDArray[np.bool_]) -> list[str]:
    ids = claims["claim_id"] if "claim_id" in claims.columns else pd.Series(claims.index, index=claims.index)
    return [str(x) for x in ids.to_numpy()[mask][:10]]


def prepare(
    claims: gpd.GeoDataFrame, columns: Sequence[str], what: str
) -> tuple[NDArray[np.object_], NDArray[np.str_]]:
    """Check a group of claims; return valid polygonal geometries and effective controllers."""
    require(claims, columns, what)
    geoms = claims.geometry.to_numpy().astype(object)
    no_area = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if no_area.any():
        msg = f"{what}: claims without an area: {claim_ids(claims, no_area)}"
        raise ClaimError(msg)
    geoms = polygonal(make_valid(geoms))
    no_area = shapely.is_empty(geoms)
    if no_area.any():
        msg = f"{what}: claims whose geometry is not a polygon: {claim_ids(claims, no_area)}"
        raise ClaimError(msg)
    kind = claims["kind"].astype(object).to_numpy()
    controller = claims["controller"].astype(object).to_numpy()
    contested = kind == CONTESTED
    no_side = ~contested & ~np.array([present(c) and str(c) != "" for c in controller], dtype=bool)
    if no_side.any():
        msg = f"{what}: claims without a controller: {claim_ids(claims, no_side)}"
        raise ClaimError(msg)
    ctrl = np.where(contested, CONTESTED, controller.astype(str))
    return geoms, ctrl.astype(str)


def present(value: object) -> bool:
    """Whether a cell holds a value (not None, NaN or NaT)."""
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and value is not pd.NaT


def as_date(value: object, *, what: str) -> dt.date:
    """A date from a date, a datetime or ``YYYY-MM-DD``; ``what`` names it in the error."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"{what} must be a date or YYYY-MM-DD, got {value!r}"
    raise ClaimError(msg)


def dates(claims: gpd.GeoDataFrame) -> list[dt.date | None]:
    """The ``report_date`` of each claim, None where missing."""
    return [
        as_date(v, what="report_date") if present(v) and not pd.isna(v) else None
        for v in claims["report_date"].astype(object).to_numpy()
    ]


def ordinals(dates: list[dt.date | None]) -> NDArray[np.int64]:
    """Dates as proleptic ordinals, -1 where missing (for array comparisons)."""
    return np.array([-1 if d is None else d.toordinal() for d in dates], dtype=np.int64)


# --------------------------------------------------------------------------- geometry


def make_valid(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    return geoms


def polygon_parts(geoms: NDArray[np.object_]) -> tuple[NDArray[np.object_], NDArray[np.intp]]:
    """Return the non-empty polygons inside each geometry, with the index of the geometry they came from."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    while True:
        nested = np.isin(shapely.get_type_id(parts), _COLLECTIONS)
        if not nested.any():
            break
        sub, sub_index = shapely.get_parts(parts[nested], return_index=True)
        parts = np.concatenate([parts[~nested], sub])
        index = np.concatenate([index[~nested], index[nested][sub_index]])
    keep = (shapely.get_type_id(parts) == _POLYGON) & ~shapely.is_empty(parts)
    parts, index = parts[keep], index[keep]
    order = np.argsort(index, kind="stable")
    return parts[order], index[order]


def assemble(parts: NDArray[np.object_], index: NDArray[np.intp], size: int) -> NDArray[np.object_]:
    """One (Multi)Polygon per slot from polygon parts; empty polygons where a slot has none."""
    out = np.full(size, None, dtype=object)
    if parts.size:
        shapely.multipolygons(parts, indices=index, out=out)
    single = ~shapely.is_missing(out)
    single[single] = shapely.get_num_geometries(out[single]) == 1
    out[single] = shapely.get_geometry(out[single], 0)
    out[shapely.is_missing(out)] = EMPTY
    return out


def polygonal(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    """Keep only the polygonal parts of each geometry (intersections also yield lines and points)."""
    parts, index = polygon_parts(geoms)
    return assemble(parts, index, len(geoms))


def clean(geoms: NDArray[np.object_], min_area: float) -> NDArray[np.object_]:
    """Make geometries valid, polygonal, without parts below ``min_area`` km², exterior rings counter-clockwise."""
    parts, index = polygon_parts(make_valid(geoms))
    if parts.size:
        big = areas(parts) >= min_area
        parts, index = parts[big], index[big]
    return np.asarray(shapely.orient_polygons(assemble(parts, index, len(geoms)), exterior_cw=False), dtype=object)


def areas(geoms: NDArray[np.object_]) -> NDArray[np.float64]:
    """Equal-area km² of each geometry, 0 for empty ones."""
    out = np.zeros(len(geoms))
    full = ~shapely.is_empty(geoms)
    if full.any():
        out[full] = crs.area_km2(geoms[full])
    return out


def dissolve(keys: NDArray[np.str_], geoms: NDArray[np.object_]) -> tuple[NDArray[np.str_], NDArray[np.object_]]:
    """Union the geometries per key (one ``union_all`` per key with several geometries); keys sorted."""
    uniq, first, codes, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
    unions = np.asarray(geoms[first], dtype=object).copy()
    several = np.flatnonzero(counts > 1)
    if several.size:
        order = np.argsort(codes, kind="stable")
        starts = np.concatenate([[0], np.cumsum(counts)])
        sorted_geoms = geoms[order]
        unions[several] = [shapely.union_all(sorted_geoms[starts[k] : starts[k + 1]]) for k in several]
    return uniq, unions


def partition(
    ctrl: NDArray[np.str_], geoms: NDArray[np.object_]
) -> tuple[NDArray[np.str_], NDArray[np.object_], shapely.Geometry]:
    """Dissolve one group per controller; ground given to several controllers becomes ``contested``.

    Returns the controllers, one geometry per controller (no two overlapping)
    and the union of the group.
    """
    keys, unions = dissolve(ctrl, geoms)
    if keys.size < 2:  # noqa: PLR2004 - a single controller cannot contradict itself
        return keys, unions, unions[0]
    total = shapely.union_all(unions)
    # Each controller keeps what no other controller of the group claims; the rest is contested.
    others = np.array([shapely.union_all(np.delete(unions, k)) for k in range(keys.size)], dtype=object)
    own = polygonal(shapely.difference(unions, others))
    is_contested = keys == CONTESTED
    # Contested: the ground of contested claims and every overlap of two controllers.
    contested = polygonal(np.array([shapely.difference(total, shapely.union_all(own[~is_contested]))]))[0]
    if is_contested.any():
        own[is_contested] = contested
        return keys, own, total
    if not shapely.area(contested) > 0:
        return keys, unions, total
    logger.info("claims of one group give the same ground to several controllers; treated as contested")
    keys = np.append(keys, CONTESTED)
    order = np.argsort(keys, kind="stable")
    return keys[order], np.append(own, contested)[order], total


def provenance(
    *,
    pieces: NDArray[np.object_],
    piece_ctrl: NDArray[np.object_],
    claims: gpd.GeoDataFrame,
    claim_geoms: NDArray[np.object_],
    claim_ctrl: NDArray[np.str_],
) -> dict[str, pd.Series]:
    """Find the reports, quotes and places of the claims whose areas overlap each piece.

    STRtree queries, with the pieces prepared, give every (piece, claim)
    pair whose areas overlap: the claims are shrunk by a centimetre first, so
    that claims which only touch a piece (or cross its edge by rounding
    noise) do not count. A claim is only tested against the pieces of its
    controller (and the contested ones).
    """
    size = len(pieces)
    result = {name: pd.Series([None] * size, dtype=object) for name in ("reports", "quotes", "places")}
    with_group = np.flatnonzero(np.array([c is not None for c in piece_ctrl], dtype=bool))
    if not with_group.size:
        return result
    cores = shapely.buffer(claim_geoms, -_TOUCH_DEG, quad_segs=1, join_style="mitre")
    piece_idx, claim_idx = _overlapping(pieces, piece_ctrl.astype(str), with_group, cores, claim_ctrl)

    start = claims["sentence_start"].to_numpy() if "sentence_start" in claims.columns else np.zeros(len(claims))
    pairs = pd.DataFrame(
        {
            "piece": piece_idx,
            "claim": claim_idx,
            "report": claims["report_id"].astype(object).to_numpy()[claim_idx].astype(str),
            "start": start[claim_idx],
            "quote": claims["quote"].astype(object).to_numpy()[claim_idx].astype(str),
            "place": claims["place_name"].astype(object).to_numpy()[claim_idx].astype(str),
        }
    ).drop_duplicates(["piece", "claim"])
    pairs = pairs.sort_values(["piece", "report", "start", "claim"], kind="stable")
    piece = pairs["piece"].to_numpy()
    for name, column, sep, order in (
        ("reports", "report", ";", True),
        ("quotes", "quote", " | ", False),
        ("places", "place", ";", True),
    ):
        joined = join_groups(piece, pairs[column].to_numpy(dtype=object), size, sep, sort=order)
        result[name].iloc[with_group] = joined[with_group]
    return result


def _overlapping(
    pieces: NDArray[np.object_],
    piece_ctrl: NDArray[np.str_],
    with_group: NDArray[np.intp],
    cores: NDArray[np.object_],
    claim_ctrl: NDArray[np.str_],
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(piece, claim) pairs whose areas overlap, a claim counting only on pieces of its controller (or contested).

    One STRtree query per controller, over the claims of that controller
    only (contested pieces: over all claims), so no claim is tested against
    a piece it could not be quoted on.
    """
    found_pieces, found_claims = [], []
    for controller in np.unique(piece_ctrl[with_group]):
        mine = with_group[piece_ctrl[with_group] == controller]
        candidates = np.arange(cores.size) if controller == CONTESTED else np.flatnonzero(claim_ctrl == controller)
        if not candidates.size:
            continue
        p, c = shapely.STRtree(cores[candidates]).query(pieces[mine], predicate="intersects")
        found_pieces.append(mine[p])
        found_claims.append(candidates[c])
    if not found_pieces:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    return np.concatenate(found_pieces), np.concatenate(found_claims)


def join_groups(
    codes: NDArray[np.intp], values: NDArray[np.object_], size: int, sep: str, *, sort: bool
) -> NDArray[np.object_]:
    """Join the distinct values of each group ``0..size-1`` with ``sep`` (sorted, or in their order)."""
    frame = pd.DataFrame({"code": codes, "value": values}).drop_duplicates()
    frame = frame.sort_values(["code", "value"] if sort else ["code"], kind="stable")
    code, value = frame["code"].to_numpy(), frame["value"].to_numpy(dtype=object)
    counts = np.bincount(code, minlength=size)
    starts = np.cumsum(counts) - counts
    out = np.full(size, "", dtype=object)
    single = counts == 1
    out[single] = value[starts[single]]
    for k in np.flatnonzero(counts > 1):  # one join per group with several values
        out[k] = sep.join(value[starts[k] : starts[k] + counts[k]])
    return out
