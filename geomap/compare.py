"""Compare control claims between groups of reports and over time.

A control claim (see :mod:`geomap.claims`) says that, according to a report,
one side controls an area. This module answers two questions about such
claims:

* where do two groups of claims (two reports, two sides, two dates) agree,
  contradict each other, or speak alone? (:func:`compare_claims`)
* how does the claimed picture change from one report date to the next?
  (:func:`control_by_date`, :func:`timeline`)

Rules shared by every function here:

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
import itertools
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeVar, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap import crs, settings
from geomap.errors import ClaimError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

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

#: The controller of contested ground (claims of kind ``contested`` and ground a group contradicts itself on).
CONTESTED = "contested"

_COMPARE_COLUMNS = ("report_id", "controller", "kind", "quote", "place_name")
_SELECT_COLUMNS = ("report_id", "report_side", "report_date")
_TIME_COLUMNS = ("report_id", "report_date", "claimant", "place_id", *_COMPARE_COLUMNS)
_CHANGE_COLUMNS = ("date_from", "date_to", "side", "gained_km2", "lost_km2", "contested_km2")
_CHANGES = ("gained", "lost", "contested")
_POLYGON = 3
_COLLECTIONS = (4, 5, 6, 7)  # multipoint, multilinestring, multipolygon, geometrycollection
_EMPTY = shapely.Polygon()
_PARALLEL_CLAIMS = 2000  # from this many claims in all, the two groups are worked on in two threads
_TOUCH_DEG = 1e-7  # about 1 cm: claims reaching less far into a piece only touch it

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
    ``intersection``, and one STRtree query per group to find the sentences
    behind each piece. From 2,000 claims in all, the two groups are worked
    on in two threads (GEOS releases the GIL).

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
    geoms_a, ctrl_a = _prepare(a, _COMPARE_COLUMNS, f"group {label_a!r}")
    geoms_b, ctrl_b = _prepare(b, _COMPARE_COLUMNS, f"group {label_b!r}")

    parallel = len(geoms_a) + len(geoms_b) >= _PARALLEL_CLAIMS
    (keys_a, parts_a, union_a), (keys_b, parts_b, union_b) = _side_by_side(
        partial(_partition, ctrl_a, geoms_a), partial(_partition, ctrl_b, geoms_b), parallel=parallel
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
    geoms = _clean(np.concatenate([both, only_a, only_b]), min_area)

    keep = ~shapely.is_empty(geoms)
    order = np.lexsort(
        (
            np.array([_text(c) for c in controller_b[keep]]),
            np.array([_text(c) for c in controller_a[keep]]),
            np.array([CLASSES.index(c) for c in classes[keep]]),
        )
    )
    classes, controller_a, controller_b, geoms = (x[keep][order] for x in (classes, controller_a, controller_b, geoms))
    areas = _areas(geoms)

    # Each thread gets its own copy of the pieces: the STRtree query prepares them.
    prov_a, prov_b = _side_by_side(
        partial(_provenance, pieces=geoms, piece_ctrl=controller_a, claims=a, claim_geoms=geoms_a, claim_ctrl=ctrl_a),
        partial(
            _provenance,
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
    _require(claims, _SELECT_COLUMNS, "select_claims")
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
        sides = sorted({str(s) for s in side_col if _present(s)})
        if side not in sides:
            msg = f"unknown side {side!r}: the claims come from reports of sides {sides}"
            raise ClaimError(msg)
        in_reports = sorted({str(s) for s in side_col[mask] if _present(s)})
        mask &= side_col == side
        if not mask.any():
            where = f"in reports {sorted(set(ids or []))}" if ids is not None else "in the claims"
            msg = f"no claims for side {side!r} {where}: the reports hold claims for sides {in_reports}"
            raise ClaimError(msg)
    if date is not None or until is not None:
        day = _as_date(date if date is not None else until, what="the date to select")
        ordinals = _ordinals(_dates(claims))
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
    _require(claims, ("report_id", "report_date", "claimant", "place_id"), "control_by_date")
    ordinals = _ordinals(_dates(claims))
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
    has_place = np.array([_present(p) and str(p) != "" for p in place], dtype=bool)
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
    _require(claims, _TIME_COLUMNS, "timeline")
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


# --------------------------------------------------------------------------- validation


def _side_by_side(job_a: Callable[[], _T], job_b: Callable[[], _T], *, parallel: bool) -> tuple[_T, _T]:
    """Run the jobs of the two groups; in two threads when ``parallel`` (GEOS releases the GIL)."""
    if not parallel:
        return job_a(), job_b()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="geomap-compare") as pool:
        future_a, future_b = pool.submit(job_a), pool.submit(job_b)
        return future_a.result(), future_b.result()


def _require(claims: object, columns: Sequence[str], what: str) -> None:
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


def _claim_ids(claims: gpd.GeoDataFrame, mask: NDArray[np.bool_]) -> list[str]:
    ids = claims["claim_id"] if "claim_id" in claims.columns else pd.Series(claims.index, index=claims.index)
    return [str(x) for x in ids.to_numpy()[mask][:10]]


def _prepare(
    claims: gpd.GeoDataFrame, columns: Sequence[str], what: str
) -> tuple[NDArray[np.object_], NDArray[np.str_]]:
    """Check a group of claims; return valid polygonal geometries and effective controllers."""
    _require(claims, columns, what)
    geoms = claims.geometry.to_numpy().astype(object)
    no_area = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if no_area.any():
        msg = f"{what}: claims without an area: {_claim_ids(claims, no_area)}"
        raise ClaimError(msg)
    geoms = _polygonal(_make_valid(geoms))
    no_area = shapely.is_empty(geoms)
    if no_area.any():
        msg = f"{what}: claims whose geometry is not a polygon: {_claim_ids(claims, no_area)}"
        raise ClaimError(msg)
    kind = claims["kind"].astype(object).to_numpy()
    controller = claims["controller"].astype(object).to_numpy()
    contested = kind == CONTESTED
    no_side = ~contested & ~np.array([_present(c) and str(c) != "" for c in controller], dtype=bool)
    if no_side.any():
        msg = f"{what}: claims without a controller: {_claim_ids(claims, no_side)}"
        raise ClaimError(msg)
    ctrl = np.where(contested, CONTESTED, controller.astype(str))
    return geoms, ctrl.astype(str)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and value is not pd.NaT


def _as_date(value: object, *, what: str) -> dt.date:
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


def _dates(claims: gpd.GeoDataFrame) -> list[dt.date | None]:
    return [
        _as_date(v, what="report_date") if _present(v) and not pd.isna(v) else None
        for v in claims["report_date"].astype(object).to_numpy()
    ]


def _ordinals(dates: list[dt.date | None]) -> NDArray[np.int64]:
    """Dates as proleptic ordinals, -1 where missing (for array comparisons)."""
    return np.array([-1 if d is None else d.toordinal() for d in dates], dtype=np.int64)


# --------------------------------------------------------------------------- geometry


def _make_valid(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    return geoms


def _polygon_parts(geoms: NDArray[np.object_]) -> tuple[NDArray[np.object_], NDArray[np.intp]]:
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


def _assemble(parts: NDArray[np.object_], index: NDArray[np.intp], size: int) -> NDArray[np.object_]:
    """One (Multi)Polygon per slot from polygon parts; empty polygons where a slot has none."""
    out = np.full(size, None, dtype=object)
    if parts.size:
        shapely.multipolygons(parts, indices=index, out=out)
    single = ~shapely.is_missing(out)
    single[single] = shapely.get_num_geometries(out[single]) == 1
    out[single] = shapely.get_geometry(out[single], 0)
    out[shapely.is_missing(out)] = _EMPTY
    return out


def _polygonal(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    """Keep only the polygonal parts of each geometry (intersections also yield lines and points)."""
    parts, index = _polygon_parts(geoms)
    return _assemble(parts, index, len(geoms))


def _clean(geoms: NDArray[np.object_], min_area: float) -> NDArray[np.object_]:
    """Make geometries valid, polygonal, without parts below ``min_area`` km², exterior rings counter-clockwise."""
    parts, index = _polygon_parts(_make_valid(geoms))
    if parts.size:
        big = _areas(parts) >= min_area
        parts, index = parts[big], index[big]
    return np.asarray(shapely.orient_polygons(_assemble(parts, index, len(geoms)), exterior_cw=False), dtype=object)


def _areas(geoms: NDArray[np.object_]) -> NDArray[np.float64]:
    """Equal-area km² of each geometry, 0 for empty ones."""
    out = np.zeros(len(geoms))
    full = ~shapely.is_empty(geoms)
    if full.any():
        out[full] = crs.area_km2(geoms[full])
    return out


def _dissolve(keys: NDArray[np.str_], geoms: NDArray[np.object_]) -> tuple[NDArray[np.str_], NDArray[np.object_]]:
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


def _partition(
    ctrl: NDArray[np.str_], geoms: NDArray[np.object_]
) -> tuple[NDArray[np.str_], NDArray[np.object_], shapely.Geometry]:
    """Dissolve one group per controller; ground given to several controllers becomes ``contested``.

    Returns the controllers, one geometry per controller (no two overlapping)
    and the union of the group.
    """
    keys, unions = _dissolve(ctrl, geoms)
    if keys.size < 2:  # noqa: PLR2004 - a single controller cannot contradict itself
        return keys, unions, unions[0]
    total = shapely.union_all(unions)
    # Each controller keeps what no other controller of the group claims; the rest is contested.
    others = np.array([shapely.union_all(np.delete(unions, k)) for k in range(keys.size)], dtype=object)
    own = _polygonal(shapely.difference(unions, others))
    is_contested = keys == CONTESTED
    # Contested: the ground of contested claims and every overlap of two controllers.
    contested = _polygonal(np.array([shapely.difference(total, shapely.union_all(own[~is_contested]))]))[0]
    if is_contested.any():
        own[is_contested] = contested
        return keys, own, total
    if not shapely.area(contested) > 0:
        return keys, unions, total
    logger.info("claims of one group give the same ground to several controllers; treated as contested")
    keys = np.append(keys, CONTESTED)
    order = np.argsort(keys, kind="stable")
    return keys[order], np.append(own, contested)[order], total


def _provenance(
    *,
    pieces: NDArray[np.object_],
    piece_ctrl: NDArray[np.object_],
    claims: gpd.GeoDataFrame,
    claim_geoms: NDArray[np.object_],
    claim_ctrl: NDArray[np.str_],
) -> dict[str, pd.Series]:
    """Find the reports, quotes and places of the claims whose areas overlap each piece.

    One STRtree query, with the pieces prepared, gives every (piece, claim)
    pair whose areas overlap: the claims are shrunk by a centimetre first, so
    that claims which only touch a piece (or cross its edge by rounding
    noise) do not count. Pairs whose claim gives another controller than the
    piece are dropped.
    """
    size = len(pieces)
    result = {name: pd.Series([None] * size, dtype=object) for name in ("reports", "quotes", "places")}
    with_group = np.flatnonzero(np.array([c is not None for c in piece_ctrl], dtype=bool))
    if not with_group.size:
        return result
    cores = shapely.buffer(claim_geoms, -_TOUCH_DEG, quad_segs=1, join_style="mitre")
    piece_idx, claim_idx = shapely.STRtree(cores).query(pieces[with_group], predicate="intersects")
    piece_idx = with_group[piece_idx]
    pc = piece_ctrl[piece_idx].astype(str)
    ok = (pc == CONTESTED) | (claim_ctrl[claim_idx] == pc)
    claim_idx, piece_idx = claim_idx[ok], piece_idx[ok]

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
        joined = _join_groups(piece, pairs[column].to_numpy(dtype=object), size, sep, sort=order)
        result[name].iloc[with_group] = joined[with_group]
    return result


def _join_groups(
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


# --------------------------------------------------------------------------- tables


def _by_side(
    *,
    keys_a: NDArray[np.str_],
    parts_a: NDArray[np.object_],
    keys_b: NDArray[np.str_],
    parts_b: NDArray[np.object_],
    label_a: str,
    label_b: str,
) -> pd.DataFrame:
    areas = _areas(np.concatenate([parts_a, parts_b]))
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
        uniq, unions = _dissolve(key, geoms)
        codes = np.unique(key, return_inverse=True)[1]
        report_sets = _join_groups(codes, reports.astype(object), uniq.size, ";", sort=True)
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
    table.insert(3, "area_km2", _areas(np.concatenate(geoms_all)))
    return table.sort_values(["place_name", "group", "controller"], kind="stable").reset_index(drop=True)


def _text(value: object) -> str:
    return "-" if value is None else str(value)


def _empty_changes() -> gpd.GeoDataFrame:
    columns: dict[str, pd.Series] = {c: pd.Series([], dtype=object) for c in ("date_from", "date_to", "side", "change")}
    columns["area_km2"] = pd.Series([], dtype=float)
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=crs.WGS84))


# --------------------------------------------------------------------------- timeline


def _picture(claims: gpd.GeoDataFrame, min_area: float) -> gpd.GeoDataFrame:
    """Dissolve the claims in force on one date per controller."""
    geoms, ctrl = _prepare(claims, _COMPARE_COLUMNS, "timeline")
    keys, parts, _ = _partition(ctrl, geoms)
    parts = _clean(parts, min_area)
    keep = ~shapely.is_empty(parts)
    keys, parts = keys[keep].astype(object), parts[keep]
    prov = _provenance(pieces=parts, piece_ctrl=keys, claims=claims, claim_geoms=geoms, claim_ctrl=ctrl)
    return gpd.GeoDataFrame(
        {
            "controller": pd.Series(keys, dtype=object),
            "area_km2": _areas(parts),
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
        return np.array([lookup.get(s, _EMPTY) for s in sides], dtype=object)

    old, new = aligned(before), aligned(after)
    is_contested = sides == CONTESTED
    contested_now = new[is_contested][0] if is_contested.any() else _EMPTY
    gone = shapely.difference(old, new)
    gained = shapely.difference(new, old)
    to_contested = np.where(is_contested, _EMPTY, shapely.intersection(old, contested_now))
    lost = np.where(is_contested, gone, shapely.difference(gone, contested_now))
    n = sides.size
    geoms = _clean(np.concatenate([gained, lost, to_contested]).astype(object), min_area)
    areas = _areas(geoms)
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
