"""Control over time: the claims in force on each report date, and what changed between dates.

The pictures are dissolved with the rules of :mod:`geomap.ground` (ground a
group gives to several controllers is ``"contested"``), the same rules
:func:`geomap.compare.compare_claims` uses.

Examples
--------
>>> import datetime as dt
>>> import geopandas as gpd
>>> import shapely
>>> claims = gpd.GeoDataFrame(
...     {"report_id": ["r1", "r2"], "claimant": ["MoD", "MoD"], "place_id": ["hill", "hill"],
...      "report_date": [dt.date(2020, 10, 1), dt.date(2020, 10, 5)],
...      "controller": ["armenia", "azerbaijan"], "kind": ["held", "taken"],
...      "quote": ["Armenia holds it.", "It was taken."], "place_name": ["Hill", "Hill"]},
...     geometry=[shapely.box(46, 40, 46.1, 40.1)] * 2, crs=4326)
>>> timeline(claims).dates
[datetime.date(2020, 10, 1), datetime.date(2020, 10, 5)]
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap import crs, ground, settings
from geomap.errors import ClaimError

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["Timeline", "control_by_date", "timeline"]

logger = logging.getLogger(__name__)

_TIME_COLUMNS = ("report_id", "report_date", "claimant", "place_id", *ground.CLAIM_FIELDS)
_CHANGE_COLUMNS = ("date_from", "date_to", "side", "gained_km2", "lost_km2", "contested_km2")
_CHANGES = ("gained", "lost", "contested")


@dataclass(frozen=True, slots=True)
class Timeline:
    """The result of :func:`timeline`.

    Attributes
    ----------
    pictures
        Per report date, in date order, the claimed control as of that date,
        dissolved per controller: columns ``controller``, ``area_km2``,
        ``reports``, ``quotes``, ``places`` and ``geometry`` (EPSG:4326).
    changes
        Per consecutive pair of dates and per side: ``date_from``,
        ``date_to``, ``side``, ``gained_km2``, ``lost_km2`` and
        ``contested_km2`` (see :func:`timeline`).
    change_pieces
        The same changes as geometries for a map: ``date_from``,
        ``date_to``, ``side``, ``change`` (``gained``, ``lost`` or
        ``contested``), ``area_km2`` and ``geometry``.
    undated
        Claims left out because their report has no date (only with
        ``undated="skip"``; otherwise empty).
    """

    pictures: dict[dt.date, gpd.GeoDataFrame]
    changes: pd.DataFrame
    change_pieces: gpd.GeoDataFrame
    undated: gpd.GeoDataFrame

    @property
    def dates(self) -> list[dt.date]:
        """The report dates of the timeline, in order."""
        return list(self.pictures)


@overload
def control_by_date(
    claims: gpd.GeoDataFrame, *, undated: Literal["raise"] = "raise"
) -> dict[dt.date, gpd.GeoDataFrame]: ...


@overload
def control_by_date(
    claims: gpd.GeoDataFrame, *, undated: Literal["skip"]
) -> tuple[dict[dt.date, gpd.GeoDataFrame], gpd.GeoDataFrame]: ...


def control_by_date(
    claims: gpd.GeoDataFrame, *, undated: Literal["raise", "skip"] = "raise"
) -> dict[dt.date, gpd.GeoDataFrame] | tuple[dict[dt.date, gpd.GeoDataFrame], gpd.GeoDataFrame]:
    """Return the claims in force on each report date.

    For every date that appears in ``report_date``, the picture as of that
    date is the claims of reports dated up to it, where a later claim of a
    claimant about a place replaces that claimant's earlier claims about the
    same ``place_id``. Claims of one claimant about one place on the same
    (latest) date are all kept. Claims of different claimants never replace
    each other: where they disagree, :func:`compare_claims` and
    :func:`timeline` see contested ground.

    Parameters
    ----------
    claims
        Claims in EPSG:4326 with ``report_id``, ``report_date``,
        ``claimant`` and ``place_id``.
    undated
        ``"raise"`` (default): claims whose report has no date raise
        :class:`~geomap.errors.ClaimError`. ``"skip"``: they are left out of
        the pictures and returned separately.

    Returns
    -------
    dict or tuple
        ``{date: claims in force}`` in date order (rows of ``claims``,
        unchanged); with ``undated="skip"``, the tuple ``(pictures,
        undated_claims)``.

    Raises
    ------
    ClaimError
        If ``claims`` is empty or lacks a column, or (with ``undated="raise"``)
        some claims are undated; the message lists their report ids.

    Examples
    --------
    >>> import datetime as dt
    >>> import geopandas as gpd
    >>> import shapely
    >>> claims = gpd.GeoDataFrame(
    ...     {"report_id": ["r1", "r2"], "claimant": ["MoD", "MoD"], "place_id": ["hill", "hill"],
    ...      "report_date": [dt.date(2020, 10, 1), dt.date(2020, 10, 5)],
    ...      "controller": ["armenia", "azerbaijan"]},
    ...     geometry=[shapely.box(46, 40, 46.1, 40.1)] * 2, crs=4326)
    >>> {day.isoformat(): rows["controller"].tolist() for day, rows in control_by_date(claims).items()}
    {'2020-10-01': ['armenia'], '2020-10-05': ['azerbaijan']}
    """
    if undated not in {"raise", "skip"}:
        msg = f"undated must be 'raise' or 'skip', got {undated!r}"
        raise ClaimError(msg)
    ground.require(claims, ("report_id", "report_date", "claimant", "place_id"), "control_by_date")
    ordinals = ground.ordinals(ground.dates(claims))
    missing = ordinals < 0
    if missing.any() and undated == "raise":
        reports = sorted({str(r) for r in claims["report_id"].to_numpy()[missing]})
        msg = (
            f"{int(missing.sum())} claims have no report date, from reports {reports}: "
            "give those reports a date, or set them aside (undated='skip'; on the command line --skip-undated)"
        )
        raise ClaimError(msg)
    if missing.any():
        logger.warning("set aside %d undated claims", int(missing.sum()))
    dated = claims.loc[~missing]
    days = ordinals[~missing]
    # A claim is replaced by later claims of the same claimant about the same place; one without a place never is.
    place = dated["place_id"].astype(object).to_numpy()
    has_place = np.array([ground.present(p) and str(p) != "" for p in place], dtype=bool)
    place = np.where(has_place, place, [f"\x00row{i}" for i in range(len(place))])
    key_codes, _ = pd.factorize(pd.MultiIndex.from_arrays([dated["claimant"].astype(object).to_numpy(), place]))
    pictures: dict[dt.date, gpd.GeoDataFrame] = {}
    for day in np.unique(days):  # one pass per report date, vectorised over claims
        upto = days <= day
        latest = np.full(key_codes.max() + 1 if key_codes.size else 0, -1, dtype=np.int64)
        np.maximum.at(latest, key_codes[upto], days[upto])
        in_force = upto & (days == latest[key_codes])
        pictures[dt.date.fromordinal(int(day))] = dated.loc[in_force]
    if undated == "skip":
        return pictures, claims.loc[missing]
    return pictures


def timeline(
    claims: gpd.GeoDataFrame,
    *,
    undated: Literal["raise", "skip"] = "raise",
    min_area_km2: float | None = None,
) -> Timeline:
    """Build the claimed control on each report date and what changed between dates.

    The picture of each date comes from :func:`control_by_date`, dissolved
    per controller with the rules of :func:`compare_claims` (ground given to
    several controllers is ``"contested"``). Between consecutive dates, per
    side ``S``:

    * ``gained``: ground ``S`` holds now and did not hold before;
    * ``lost``: ground ``S`` held before that it no longer holds and that is
      not contested now (another side holds it, or nobody claims it);
    * ``contested``: ground ``S`` held before that is contested now.

    ``lost`` and ``contested`` together are all the ground ``S`` held
    before and holds no longer. The row of the side ``"contested"`` gives the
    ground newly contested (``gained``) and no longer contested (``lost``).

    Parameters
    ----------
    claims
        Claims in EPSG:4326 with the columns of :func:`control_by_date` and
        :func:`compare_claims`.
    undated
        As in :func:`control_by_date`; skipped claims end up in
        ``Timeline.undated``.
    min_area_km2
        Smallest piece kept; defaults to ``settings.compare_min_area_km2``.

    Returns
    -------
    Timeline
        The pictures, the changes table and the change pieces.

    Raises
    ------
    ClaimError
        As :func:`control_by_date` and :func:`compare_claims` do.

    Examples
    --------
    >>> import datetime as dt
    >>> import geopandas as gpd
    >>> import shapely
    >>> claims = gpd.GeoDataFrame(
    ...     {"report_id": ["r1", "r2"], "claimant": ["MoD", "MoD"], "place_id": ["hill", "hill"],
    ...      "report_date": [dt.date(2020, 10, 1), dt.date(2020, 10, 5)],
    ...      "controller": ["armenia", "azerbaijan"], "kind": ["held", "taken"],
    ...      "quote": ["Armenia holds the hill.", "The hill was taken."], "place_name": ["Hill", "Hill"]},
    ...     geometry=[shapely.box(46, 40, 46.1, 40.1)] * 2, crs=4326)
    >>> line = timeline(claims)
    >>> line.changes[["side", "gained_km2", "lost_km2", "contested_km2"]].round(1)
             side  gained_km2  lost_km2  contested_km2
    0     armenia         0.0      94.7            0.0
    1  azerbaijan        94.7       0.0            0.0
    """
    min_area = settings.compare_min_area_km2 if min_area_km2 is None else float(min_area_km2)
    ground.require(claims, _TIME_COLUMNS, "timeline")
    skipped: gpd.GeoDataFrame
    if undated == "skip":
        by_date, skipped = control_by_date(claims, undated="skip")
    else:
        by_date = control_by_date(claims, undated=undated)
        skipped = claims.iloc[:0]
    pictures = {day: _picture(rows, min_area) for day, rows in by_date.items()}

    rows: list[dict[str, object]] = []
    pieces: list[gpd.GeoDataFrame] = []
    days = list(pictures)
    for before, after in itertools.pairwise(days):  # consecutive dates, vectorised over sides
        table, geoms = _changes(pictures[before], pictures[after], before, after, min_area)
        rows.extend(table)
        pieces.append(geoms)
    changes = pd.DataFrame(rows, columns=list(_CHANGE_COLUMNS))
    change_pieces = pd.concat(pieces, ignore_index=True) if pieces else _empty_changes()
    return Timeline(pictures=pictures, changes=changes, change_pieces=change_pieces, undated=skipped)


def _empty_changes() -> gpd.GeoDataFrame:
    columns: dict[str, pd.Series] = {c: pd.Series([], dtype=object) for c in ("date_from", "date_to", "side", "change")}
    columns["area_km2"] = pd.Series([], dtype=float)
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=crs.WGS84))


def _picture(claims: gpd.GeoDataFrame, min_area: float) -> gpd.GeoDataFrame:
    """Dissolve the claims in force on one date per controller."""
    geoms, ctrl = ground.prepare(claims, ground.CLAIM_FIELDS, "timeline")
    keys, parts, _ = ground.partition(ctrl, geoms)
    parts = ground.clean(parts, min_area)
    keep = ~shapely.is_empty(parts)
    keys, parts = keys[keep].astype(object), parts[keep]
    prov = ground.provenance(pieces=parts, piece_ctrl=keys, claims=claims, claim_geoms=geoms, claim_ctrl=ctrl)
    return gpd.GeoDataFrame(
        {
            "controller": pd.Series(keys, dtype=object),
            "area_km2": ground.areas(parts),
            "reports": prov["reports"],
            "quotes": prov["quotes"],
            "places": prov["places"],
        },
        geometry=gpd.GeoSeries(parts, crs=crs.WGS84),
    )


def _changes(
    before: gpd.GeoDataFrame, after: gpd.GeoDataFrame, day_from: dt.date, day_to: dt.date, min_area: float
) -> tuple[list[dict[str, object]], gpd.GeoDataFrame]:
    """Gained, lost and newly contested ground per side between two pictures."""
    sides = np.array(sorted(set(before["controller"]) | set(after["controller"])), dtype=object)

    def aligned(picture: gpd.GeoDataFrame) -> NDArray[np.object_]:
        lookup = dict(zip(picture["controller"], picture.geometry.to_numpy(), strict=True))
        return np.array([lookup.get(s, ground.EMPTY) for s in sides], dtype=object)

    old, new = aligned(before), aligned(after)
    is_contested = sides == ground.CONTESTED
    contested_now = new[is_contested][0] if is_contested.any() else ground.EMPTY
    gone = shapely.difference(old, new)
    gained = shapely.difference(new, old)
    to_contested = np.where(is_contested, ground.EMPTY, shapely.intersection(old, contested_now))
    lost = np.where(is_contested, gone, shapely.difference(gone, contested_now))
    n = sides.size
    geoms = ground.clean(np.concatenate([gained, lost, to_contested]).astype(object), min_area)
    areas = ground.areas(geoms)
    change = np.repeat(np.array(_CHANGES, dtype=object), n)
    side = np.tile(sides, 3)
    table = [
        {
            "date_from": day_from,
            "date_to": day_to,
            "side": s,
            "gained_km2": float(areas[i]),
            "lost_km2": float(areas[n + i]),
            "contested_km2": float(areas[2 * n + i]),
        }
        for i, s in enumerate(sides)
    ]
    keep = ~shapely.is_empty(geoms)
    frame = gpd.GeoDataFrame(
        {
            "date_from": pd.Series([day_from] * int(keep.sum()), dtype=object),
            "date_to": pd.Series([day_to] * int(keep.sum()), dtype=object),
            "side": pd.Series(side[keep], dtype=object),
            "change": pd.Series(change[keep], dtype=object),
            "area_km2": areas[keep],
        },
        geometry=gpd.GeoSeries(geoms[keep], crs=crs.WGS84),
    )
    return table, frame
