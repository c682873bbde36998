"""Compare two groups of control claims: where they agree, contradict each other, or speak alone.

A control claim (see :mod:`geomap.claims`) says that, according to a report,
one side controls an area. :func:`compare_claims` classifies the ground two
groups of claims (two reports, two sides, two dates; :func:`select_claims`
picks them) cover, with the rules of :mod:`geomap.ground`. How the claimed
picture changes from one report date to the next is :mod:`geomap.timeline`
(its names stay importable from here).

Examples
--------
>>> import geopandas as gpd
>>> import shapely
>>> from geomap.compare import compare_claims
>>> def claims(report, controller, box):
...     return gpd.GeoDataFrame(
...         {"report_id": [report], "controller": [controller], "kind": ["held"],
...          "quote": [f"{controller} holds the hill."], "place_name": ["Hill"]},
...         geometry=[shapely.box(*box)], crs=4326)
>>> result = compare_claims(claims("r1", "armenia", (46.0, 40.0, 46.2, 40.1)),
...                         claims("r2", "azerbaijan", (46.1, 40.0, 46.3, 40.1)))
>>> result.pieces["class"].tolist()
['contradict', 'only_a', 'only_b']
>>> {k: round(v) for k, v in result.totals.items()}
{'agree': 0, 'contradict': 95, 'only_a': 95, 'only_b': 95}
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap import crs, ground, settings
from geomap.errors import ClaimError
from geomap.ground import CONTESTED
from geomap.timeline import Timeline, control_by_date, timeline

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from numpy.typing import NDArray

__all__ = [
    "CLASSES",
    "CONTESTED",
    "Comparison",
    "Timeline",
    "compare_claims",
    "control_by_date",
    "select_claims",
    "timeline",
]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

#: The classes of ground in a comparison, in the order pieces are listed.
CLASSES: tuple[str, ...] = ("agree", "contradict", "only_a", "only_b")

_SELECT_COLUMNS = ("report_id", "report_side", "report_date")
_PARALLEL_CLAIMS = 2000  # from this many claims in all, the two groups are worked on in two threads

# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of :func:`compare_claims`.

    Attributes
    ----------
    pieces
        One row per ``(class, controller_a, controller_b)``, dissolved, in
        EPSG:4326, with the columns ``class``, ``controller_a``,
        ``controller_b``, ``area_km2``, ``reports_a``, ``reports_b``,
        ``quotes_a``, ``quotes_b``, ``places_a``, ``places_b``,
        ``label_a``, ``label_b`` and ``geometry``.
    totals
        km² per class; every class of :data:`CLASSES` is present.
    by_side
        km² per controller (index) and group (columns ``label_a`` and
        ``label_b``), after the group's own contradictions became
        ``"contested"``; each column sums to the area the group covers.
    by_place
        Per place name and group: the controller and km² of the group's
        claims on that place (columns ``place_name``, ``group``,
        ``controller``, ``area_km2``, ``reports``).
    label_a, label_b
        The names of the two groups.
    """

    pieces: gpd.GeoDataFrame
    totals: dict[str, float]
    by_side: pd.DataFrame
    by_place: pd.DataFrame
    label_a: str = "A"
    label_b: str = "B"

    def to_rows(self) -> list[tuple[str, ...]]:
        """Rows of strings for a terminal table: a header, one row per piece, and a total.

        Examples
        --------
        >>> import geopandas as gpd
        >>> import shapely
        >>> from geomap.compare import compare_claims
        >>> one = gpd.GeoDataFrame(
        ...     {"report_id": ["r1"], "controller": ["armenia"], "kind": ["held"],
        ...      "quote": ["Armenia holds the hill."], "place_name": ["Hill"]},
        ...     geometry=[shapely.box(46.0, 40.0, 46.1, 40.1)], crs=4326)
        >>> for row in compare_claims(one, one, label_a="AM", label_b="AZ").to_rows():
        ...     print(row)
        ('class', 'AM says', 'AZ says', 'km²', 'AM reports', 'AZ reports')
        ('agree', 'armenia', 'armenia', '94.75', 'r1', 'r1')
        ('total', '', '', '94.75', '', '')
        """
        header = (
            "class",
            f"{self.label_a} says",
            f"{self.label_b} says",
            "km²",
            f"{self.label_a} reports",
            f"{self.label_b} reports",
        )
        frame = self.pieces
        rows: list[tuple[str, ...]] = [header]
        rows.extend(
            (str(cls), _text(ca), _text(cb), f"{area:.2f}", _text(ra), _text(rb))
            for cls, ca, cb, area, ra, rb in zip(
                frame["class"],
                frame["controller_a"],
                frame["controller_b"],
                frame["area_km2"],
                frame["reports_a"],
                frame["reports_b"],
                strict=True,
            )
        )
        rows.append(("total", "", "", f"{sum(self.totals.values()):.2f}", "", ""))
        return rows


# --------------------------------------------------------------------------- public API


def compare_claims(
    a: gpd.GeoDataFrame,
    b: gpd.GeoDataFrame,
    *,
    label_a: str = "A",
    label_b: str = "B",
    min_area_km2: float | None = None,
) -> Comparison:
    """Classify the ground two groups of claims cover: agree, contradict, only_a, only_b.

    Each group is dissolved per controller first (claims of kind
    ``contested`` count as the controller ``"contested"``); ground one group
    gives to different controllers becomes ``"contested"`` for that group.
    Then:

    * ``agree``: both groups give the ground to the same controller
      (``"contested"`` in both also agrees);
    * ``contradict``: both groups claim it, for different controllers;
    * ``only_a`` / ``only_b``: only one group claims it.

    Parameters
    ----------
    a, b
        Claims in EPSG:4326 with at least the columns ``report_id``,
        ``controller``, ``kind``, ``quote`` and ``place_name`` (the columns
        of :mod:`geomap.claims`); ``sentence_start`` orders the quotes when
        present.
    label_a, label_b
        Names of the groups, copied into the output (they must differ).
    min_area_km2
        Pieces smaller than this are slivers and dropped; defaults to
        ``settings.compare_min_area_km2``.

    Returns
    -------
    Comparison
        The pieces, km² per class, per side and per place.

    Raises
    ------
    ClaimError
        If a group is empty, lacks a column, has a claim without area or a
        side, or the labels are equal.

    See Also
    --------
    select_claims : pick the groups out of all claims.

    Notes
    -----
    Everything is done with array operations: one ``union_all`` per
    controller, the controllers of A against those of B in one broadcast
    ``intersection``, and one STRtree query per controller and group to
    find the sentences behind each piece. From 2,000 claims in all, the two
    groups are worked on in two threads (GEOS releases the GIL).

    Examples
    --------
    >>> import geopandas as gpd
    >>> import shapely
    >>> def claims(report, controller, box):
    ...     return gpd.GeoDataFrame(
    ...         {"report_id": [report], "controller": [controller], "kind": ["held"],
    ...          "quote": [f"{report}: {controller} holds it."], "place_name": ["Hill"]},
    ...         geometry=[shapely.box(*box)], crs=4326)
    >>> result = compare_claims(claims("r1", "armenia", (46.0, 40.0, 46.2, 40.1)),
    ...                         claims("r2", "armenia", (46.1, 40.0, 46.3, 40.1)))
    >>> result.pieces[["class", "controller_a", "controller_b", "reports_a", "reports_b"]]
        class controller_a controller_b reports_a reports_b
    0   agree      armenia      armenia        r1        r2
    1  only_a      armenia         None        r1      None
    2  only_b         None      armenia      None        r2
    >>> result.by_side.round(1)
                 A      B
    armenia  189.5  189.5
    """
    if label_a == label_b:
        msg = f"the two groups need different labels, got {label_a!r} twice"
        raise ClaimError(msg)
    min_area = settings.compare_min_area_km2 if min_area_km2 is None else float(min_area_km2)
    geoms_a, ctrl_a = ground.prepare(a, ground.CLAIM_FIELDS, f"group {label_a!r}")
    geoms_b, ctrl_b = ground.prepare(b, ground.CLAIM_FIELDS, f"group {label_b!r}")

    parallel = len(geoms_a) + len(geoms_b) >= _PARALLEL_CLAIMS
    (keys_a, parts_a, union_a), (keys_b, parts_b, union_b) = _side_by_side(
        partial(ground.partition, ctrl_a, geoms_a), partial(ground.partition, ctrl_b, geoms_b), parallel=parallel
    )

    # Both groups: every controller of A against every controller of B, one array op.
    both = shapely.intersection(parts_a[:, None], parts_b[None, :]).ravel()
    ia, ib = (idx.ravel() for idx in np.indices((keys_a.size, keys_b.size)))
    same = keys_a[ia] == keys_b[ib]
    # One group only: each controller's ground minus everything the other group covers.
    only_a = shapely.difference(parts_a, union_b)
    only_b = shapely.difference(parts_b, union_a)

    n_a, n_b = keys_a.size, keys_b.size
    classes = np.concatenate(
        [np.where(same, "agree", "contradict"), np.full(n_a, "only_a"), np.full(n_b, "only_b")]
    ).astype(object)
    none_a, none_b = np.full(n_b, None, dtype=object), np.full(n_a, None, dtype=object)
    controller_a = np.concatenate([keys_a[ia], keys_a, none_a]).astype(object)
    controller_b = np.concatenate([keys_b[ib], none_b, keys_b]).astype(object)
    geoms = ground.clean(np.concatenate([both, only_a, only_b]), min_area)

    keep = ~shapely.is_empty(geoms)
    order = np.lexsort(
        (
            np.array([_text(c) for c in controller_b[keep]]),
            np.array([_text(c) for c in controller_a[keep]]),
            np.array([CLASSES.index(c) for c in classes[keep]]),
        )
    )
    classes, controller_a, controller_b, geoms = (x[keep][order] for x in (classes, controller_a, controller_b, geoms))
    areas = ground.areas(geoms)

    # Each thread gets its own copy of the pieces: the STRtree query prepares them.
    prov_a, prov_b = _side_by_side(
        partial(
            ground.provenance, pieces=geoms, piece_ctrl=controller_a, claims=a, claim_geoms=geoms_a, claim_ctrl=ctrl_a
        ),
        partial(
            ground.provenance,
            pieces=np.asarray(shapely.transform(geoms, lambda xy: xy), dtype=object) if parallel else geoms,
            piece_ctrl=controller_b,
            claims=b,
            claim_geoms=geoms_b,
            claim_ctrl=ctrl_b,
        ),
        parallel=parallel,
    )
    pieces = gpd.GeoDataFrame(
        {
            "class": pd.Series(classes, dtype=object),
            "controller_a": pd.Series(controller_a, dtype=object),
            "controller_b": pd.Series(controller_b, dtype=object),
            "area_km2": areas,
            "reports_a": prov_a["reports"],
            "reports_b": prov_b["reports"],
            "quotes_a": prov_a["quotes"],
            "quotes_b": prov_b["quotes"],
            "places_a": prov_a["places"],
            "places_b": prov_b["places"],
            "label_a": pd.Series([label_a] * len(geoms), dtype=object),
            "label_b": pd.Series([label_b] * len(geoms), dtype=object),
        },
        geometry=gpd.GeoSeries(geoms, crs=crs.WGS84),
    )
    totals = {cls: float(areas[classes == cls].sum()) for cls in CLASSES}
    logger.debug("compared %d and %d claims: %d pieces, totals %s", len(a), len(b), len(pieces), totals)
    return Comparison(
        pieces=pieces,
        totals=totals,
        by_side=_by_side(
            keys_a=keys_a, parts_a=parts_a, keys_b=keys_b, parts_b=parts_b, label_a=label_a, label_b=label_b
        ),
        by_place=_by_place(((label_a, a, geoms_a, ctrl_a), (label_b, b, geoms_b, ctrl_b))),
        label_a=label_a,
        label_b=label_b,
    )


def select_claims(
    claims: gpd.GeoDataFrame,
    *,
    report_ids: str | Iterable[str] | None = None,
    side: str | None = None,
    date: dt.date | str | None = None,
    until: dt.date | str | None = None,
) -> gpd.GeoDataFrame:
    """Select the claims of some reports, of one side, of one date or up to a date.

    Parameters
    ----------
    claims
        Claims in EPSG:4326 with the columns ``report_id``, ``report_side``
        and ``report_date``.
    report_ids
        One report id or several; None keeps every report.
    side
        The side whose claims the reports carry (``report_side``), e.g.
        ``"azerbaijan"``.
    date
        Keep the claims of reports dated exactly this day (a date or
        ``YYYY-MM-DD``).
    until
        Keep the claims of reports dated on or before this day. Undated
        claims match neither ``date`` nor ``until``.

    Returns
    -------
    geopandas.GeoDataFrame
        The selected rows, unchanged.

    Raises
    ------
    ClaimError
        If ``claims`` is empty, a report id or the side is unknown, both
        ``date`` and ``until`` are given, or the selection is empty; the
        message says what the claims do hold.

    Examples
    --------
    >>> import datetime as dt
    >>> import geopandas as gpd
    >>> import shapely
    >>> claims = gpd.GeoDataFrame(
    ...     {"report_id": ["r1", "r2"], "report_side": ["armenia", "azerbaijan"],
    ...      "report_date": [dt.date(2020, 10, 1), dt.date(2020, 10, 2)]},
    ...     geometry=[shapely.box(46, 40, 46.1, 40.1)] * 2, crs=4326)
    >>> select_claims(claims, side="azerbaijan")["report_id"].tolist()
    ['r2']
    >>> select_claims(claims, report_ids="r1", side="azerbaijan")
    Traceback (most recent call last):
    ...
    geomap.errors.ClaimError: no claims for side 'azerbaijan' in reports ['r1']: the reports hold claims for sides ...
    """
    ground.require(claims, _SELECT_COLUMNS, "select_claims")
    if date is not None and until is not None:
        msg = "give either date (one day) or until (up to a day), not both"
        raise ClaimError(msg)
    mask = np.ones(len(claims), dtype=bool)
    report_col = claims["report_id"].astype(object).to_numpy()
    ids: list[str] | None = None
    if report_ids is not None:
        ids = [report_ids] if isinstance(report_ids, str) else list(report_ids)
        known = set(report_col.tolist())
        unknown = sorted(set(ids) - known)
        if unknown:
            msg = f"no claims from reports {unknown}: the claims come from reports {sorted(known)}"
            raise ClaimError(msg)
        mask &= np.isin(report_col, ids)
    if side is not None:
        side_col = claims["report_side"].astype(object).to_numpy()
        sides = sorted({str(s) for s in side_col if ground.present(s)})
        if side not in sides:
            msg = f"unknown side {side!r}: the claims come from reports of sides {sides}"
            raise ClaimError(msg)
        in_reports = sorted({str(s) for s in side_col[mask] if ground.present(s)})
        mask &= side_col == side
        if not mask.any():
            where = f"in reports {sorted(set(ids or []))}" if ids is not None else "in the claims"
            msg = f"no claims for side {side!r} {where}: the reports hold claims for sides {in_reports}"
            raise ClaimError(msg)
    if date is not None or until is not None:
        day = ground.as_date(date if date is not None else until, what="the date to select")
        ordinals = ground.ordinals(ground.dates(claims))
        selected = ordinals == day.toordinal() if date is not None else ordinals <= day.toordinal()
        if not (mask & selected).any():
            have = sorted({dt.date.fromordinal(int(o)).isoformat() for o in ordinals[mask] if o >= 0})
            rule = "dated" if date is not None else "dated on or before"
            msg = f"no claims {rule} {day.isoformat()} in the selection: its reports are dated {have}"
            if (ordinals[mask] < 0).any():
                msg += " (and some are undated)"
            raise ClaimError(msg)
        mask &= selected
    return claims.loc[mask]


# --------------------------------------------------------------------------- helpers


def _side_by_side(job_a: Callable[[], _T], job_b: Callable[[], _T], *, parallel: bool) -> tuple[_T, _T]:
    """Run the jobs of the two groups; in two threads when ``parallel`` (GEOS releases the GIL)."""
    if not parallel:
        return job_a(), job_b()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="geomap-compare") as pool:
        future_a, future_b = pool.submit(job_a), pool.submit(job_b)
        return future_a.result(), future_b.result()


def _by_side(
    *,
    keys_a: NDArray[np.str_],
    parts_a: NDArray[np.object_],
    keys_b: NDArray[np.str_],
    parts_b: NDArray[np.object_],
    label_a: str,
    label_b: str,
) -> pd.DataFrame:
    areas = ground.areas(np.concatenate([parts_a, parts_b]))
    sides = sorted(set(keys_a.tolist()) | set(keys_b.tolist()))
    table = pd.DataFrame(0.0, index=pd.Index(sides, dtype=object), columns=pd.Index([label_a, label_b], dtype=object))
    table.loc[list(keys_a), label_a] = areas[: keys_a.size]
    table.loc[list(keys_b), label_b] = areas[keys_a.size :]
    return table


def _by_place(
    groups: Iterable[tuple[str, gpd.GeoDataFrame, NDArray[np.object_], NDArray[np.str_]]],
) -> pd.DataFrame:
    frames = []
    geoms_all = []
    for label, claims, geoms, ctrl in groups:  # the two groups
        places = claims["place_name"].astype(object).to_numpy().astype(str)
        reports = claims["report_id"].astype(object).to_numpy().astype(str)
        key = np.char.add(np.char.add(places, "\x1f"), ctrl)
        uniq, unions = ground.dissolve(key, geoms)
        codes = np.unique(key, return_inverse=True)[1]
        report_sets = ground.join_groups(codes, reports.astype(object), uniq.size, ";", sort=True)
        split = np.char.partition(uniq, "\x1f")
        frames.append(
            pd.DataFrame(
                {
                    "place_name": pd.Series(split[:, 0], dtype=object),
                    "group": pd.Series([label] * uniq.size, dtype=object),
                    "controller": pd.Series(split[:, 2], dtype=object),
                    "reports": pd.Series(report_sets, dtype=object),
                }
            )
        )
        geoms_all.append(unions)
    table = pd.concat(frames, ignore_index=True)
    table.insert(3, "area_km2", ground.areas(np.concatenate(geoms_all)))
    return table.sort_values(["place_name", "group", "controller"], kind="stable").reset_index(drop=True)


def _text(value: object) -> str:
    return "-" if value is None else str(value)
