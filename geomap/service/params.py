"""Query parameters of the service's lists, checked (422 when malformed) and turned into store filters.

Examples
--------
>>> parse_bbox("46,39.5,47,40.5")
(46.0, 39.5, 47.0, 40.5)
>>> parse_ids("r0123456789abcdef, r0123456789abcdee")
('r0123456789abcdef', 'r0123456789abcdee')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import HTTPException, Query

from geomap import settings
from geomap.service.schemas import SafeText
from geomap.service.store import ClaimFilter, EventFilter, ReportFilter

__all__ = [
    "REPORT_ID",
    "Paging",
    "claim_filter",
    "compare_groups",
    "event_filter",
    "paging",
    "parse_bbox",
    "parse_ids",
    "report_filter",
]

#: What a report id looks like (``r`` and 16 hex digits of its content hash).
REPORT_ID = r"^r[0-9a-f]{16}$"
_REPORT_ID = re.compile(REPORT_ID)
_MAX_CURSOR = 2**62
_LON, _LAT = 180.0, 90.0

Text = Annotated[SafeText | None, Query(max_length=200)]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]
Side = Annotated[SafeText | None, Query(max_length=100, description="The side whose claims the reports carry.")]
Bbox = Annotated[
    str | None, Query(max_length=200, description="min lon,min lat,max lon,max lat (WGS84)", examples=["46,39,47,41"])
]
Reports = Annotated[str | None, Query(max_length=4000, description="Report ids, comma-separated.")]


def _bad(message: str) -> HTTPException:
    return HTTPException(422, message)


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """A ``minx,miny,maxx,maxy`` box in degrees (422 unless four finite numbers in range, min <= max)."""
    if value is None or not value.strip():
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not all(math.isfinite(p) for p in parts):  # noqa: PLR2004 - four corners
        msg = f"bbox must be four numbers 'min lon,min lat,max lon,max lat', got {value[:80]!r}"
        raise _bad(msg)
    minx, miny, maxx, maxy = parts
    if not (-_LON <= minx <= maxx <= _LON and -_LAT <= miny <= maxy <= _LAT):
        msg = "bbox must have min <= max, longitudes in [-180, 180] and latitudes in [-90, 90]"
        raise _bad(msg)
    return minx, miny, maxx, maxy


def parse_ids(value: str | None) -> tuple[str, ...] | None:
    """Comma-separated report ids (422 if one is not a report id)."""
    if value is None or not value.strip():
        return None
    ids = tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))
    bad = [i for i in ids if not _REPORT_ID.match(i)]
    if bad:
        msg = f"not a report id: {bad[0][:40]!r} (ids look like r0123456789abcdef)"
        raise _bad(msg)
    return ids


def _range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from is not None and date_to is not None and date_from > date_to:
        msg = f"date_from {date_from} is after date_to {date_to}"
        raise _bad(msg)


@dataclass(frozen=True, slots=True)
class Paging:
    """Where a page starts (the cursor of the previous page) and how long it is."""

    after: int | None
    limit: int


def paging(
    limit: Annotated[int | None, Query(ge=1, le=_MAX_CURSOR, description="Rows per page.")] = None,
    cursor: Annotated[int | None, Query(ge=0, le=_MAX_CURSOR, description="next_cursor of the previous page.")] = None,
) -> Paging:
    """The page asked for (422 when ``limit`` exceeds ``settings.service_max_page_size``)."""
    if limit is not None and limit > settings.service_max_page_size:
        msg = f"limit must be at most {settings.service_max_page_size}"
        raise _bad(msg)
    return Paging(cursor, limit or settings.service_page_size)


def _group(ids: str | None, side: str | None, date: dt.date | None, until: dt.date | None) -> ClaimFilter:
    if date is not None and until is not None:
        msg = "give either date (one day) or until (up to a day) for a group, not both"
        raise _bad(msg)
    return ClaimFilter(report_ids=parse_ids(ids), side=side, date_from=date, date_to=date or until)


def compare_groups(
    *,
    a: Reports = None,
    b: Reports = None,
    side_a: Side = None,
    side_b: Side = None,
    date_a: Day = None,
    date_b: Day = None,
    until_a: Day = None,
    until_b: Day = None,
) -> tuple[ClaimFilter, ClaimFilter]:
    """The two groups of a comparison: report ids, or a side and a date (or up to a date), per group."""
    return _group(a, side_a, date_a, until_a), _group(b, side_b, date_b, until_b)


def report_filter(
    *, side: Side = None, date_from: Day = None, date_to: Day = None, source: Text = None
) -> ReportFilter:
    """Reports by side, report date range and source."""
    _range(date_from, date_to)
    return ReportFilter(side=side, date_from=date_from, date_to=date_to, source=source)


def event_filter(
    *,
    date_from: Day = None,
    date_to: Day = None,
    side: Side = None,
    claimant: Text = None,
    type: Annotated[SafeText | None, Query(max_length=100, description="An event type.")] = None,  # noqa: A002
    place: Annotated[SafeText | None, Query(max_length=200, description="A place name or place id.")] = None,
    bbox: Bbox = None,
    reports: Reports = None,
) -> EventFilter:
    """Events by date range, side, claimant, type, place, bounding box and report."""
    _range(date_from, date_to)
    return EventFilter(date_from=date_from, date_to=date_to, side=side, claimant=claimant, type=type, place=place,
                       bbox=parse_bbox(bbox), report_ids=parse_ids(reports))  # fmt: skip


def claim_filter(
    *,
    date_from: Day = None,
    date_to: Day = None,
    side: Side = None,
    claimant: Text = None,
    controller: Annotated[SafeText | None, Query(max_length=100, description="The side said to hold it.")] = None,
    place: Annotated[SafeText | None, Query(max_length=200, description="A place name or place id.")] = None,
    bbox: Bbox = None,
    reports: Reports = None,
) -> ClaimFilter:
    """Control claims by report date range, side, claimant, holder, place, bounding box and report."""
    _range(date_from, date_to)
    return ClaimFilter(date_from=date_from, date_to=date_to, side=side, claimant=claimant, controller=controller,
                       place=place, bbox=parse_bbox(bbox), report_ids=parse_ids(reports))  # fmt: skip
