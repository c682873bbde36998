"""The storage interface of the service, and the rows both backends store.

A :class:`Store` keeps processed reports: the report with its metadata and
text, its mentions, events and control claims, each with its provenance.
:func:`record_of` turns one :class:`~geomap.pipeline.ReportResult` into the
rows a backend writes in one transaction, so a report is stored whole or not
at all. Geometries travel as WKB with their bounding box; properties as the
JSON the GeoJSON output carries (:func:`geomap.export.to_geojson`), so what
the service returns is what the CLI writes.

Two backends implement the interface: :class:`~geomap.service.sqlite.SqliteStore`
(a file, the default) and :class:`~geomap.service.postgis.PostgisStore`.
:func:`open_store` picks one from a URL.

Examples
--------
>>> from geomap.reports import parse_report
>>> digest = content_hash(parse_report("Goris was shelled.", report_id="x"))
>>> digest == content_hash(parse_report("Goris was shelled.", report_id="y")), len(digest)
(True, 64)
>>> report_id_of(digest) == "r" + digest[:16]
True
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import geopandas as gpd
import numpy as np
import shapely

from geomap import crs
from geomap.claims import CLAIM_COLUMNS
from geomap.errors import StoreError
from geomap.events import EVENT_COLUMNS, events_frame
from geomap.export import to_geojson

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from geomap.gazetteer import Gazetteer
    from geomap.pipeline import ReportResult
    from geomap.reports import Report

__all__ = [
    "ClaimFilter",
    "EventFilter",
    "FeatureRow",
    "Page",
    "ReportFilter",
    "ReportRecord",
    "Store",
    "content_hash",
    "open_store",
    "record_of",
    "report_id_of",
]

_ID_HEX = 16
T = TypeVar("T")


def content_hash(report: Report) -> str:
    """The SHA-256 of a report's text and metadata: the same report posted twice has the same hash."""
    fields = {
        "text": report.text,
        "title": report.title,
        "source": report.source,
        "url": report.url,
        "side": report.side,
        "date": f"{report.date.isoformat()}/{report.date_precision}" if report.date is not None else "",
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def report_id_of(digest: str) -> str:
    """The id a report gets from its content hash (``r`` and the first 16 hex digits)."""
    return f"r{digest[:_ID_HEX]}"


def key(value: object) -> str:
    """The case-folded form filters compare (claimant, place name, source).

    Examples
    --------
    >>> key("Azerbaijani Defense Ministry")
    'azerbaijani defense ministry'
    """
    return "" if value is None else str(value).casefold().strip()


@dataclass(frozen=True, slots=True)
class FeatureRow:
    """One event or claim as stored: its properties (plain JSON), geometry as WKB, and bounding box."""

    feature_id: str
    props: dict[str, Any]
    wkb: bytes | None
    bbox: tuple[float, float, float, float] | None


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """Everything stored for one report, written in one transaction."""

    report_id: str
    content_hash: str
    report: dict[str, Any]
    mentions: tuple[dict[str, Any], ...]
    events: tuple[FeatureRow, ...]
    claims: tuple[FeatureRow, ...]


def _features(frame: gpd.GeoDataFrame, id_column: str) -> tuple[FeatureRow, ...]:
    if frame.empty:
        return ()
    props = [f["properties"] for f in to_geojson(frame)["features"]]
    geoms = crs.to_wgs84(frame).geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    wkbs = shapely.to_wkb(geoms)
    boxes = shapely.bounds(geoms)
    return tuple(
        FeatureRow(
            feature_id=str(p[id_column]),
            props=p,
            wkb=bytes(w) if ok else None,
            bbox=(float(b[0]), float(b[1]), float(b[2]), float(b[3])) if ok else None,
        )
        for p, w, b, ok in zip(props, wkbs, boxes, present, strict=True)
    )


def record_of(result: ReportResult, *, digest: str, gazetteer: Gazetteer | None = None) -> ReportRecord:
    """The rows of one processed report (``result.report.report_id`` must be ``report_id_of(digest)``)."""
    report = result.report
    events = events_frame(result.events, gazetteer=gazetteer)
    claims = result.claims
    meta = {
        "title": report.title,
        "source": report.source,
        "url": report.url,
        "side": report.side,
        "date": None if report.date is None else report.date.isoformat(),
        "date_precision": report.date_precision,
        "text": report.text,
        "meta": dict(report.meta),
        "n_mentions": len(result.mentions),
        "n_events": len(result.events),
        "n_claims": len(claims),
    }
    return ReportRecord(
        report_id=report.report_id,
        content_hash=digest,
        report=meta,
        mentions=tuple(m.to_dict() for m in result.mentions),
        events=_features(events, "event_id"),
        claims=_features(claims, "claim_id"),
    )


def day_of(value: object) -> dt.date | None:
    """An ISO date string (or date) as a date; None for anything else.

    Examples
    --------
    >>> day_of("2020-09-27"), day_of(None)
    (datetime.date(2020, 9, 27), None)
    """
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


def frame_of(rows: Sequence[tuple[str | dict[str, Any], bytes | None]], columns: Sequence[str]) -> gpd.GeoDataFrame:
    """A GeoDataFrame (EPSG:4326) of stored (properties, WKB) rows, with ``columns`` in order."""
    props = [json.loads(p) if isinstance(p, str) else p for p, _ in rows]
    wkbs = np.array([None if w is None else bytes(w) for _, w in rows], dtype=object)
    geoms = shapely.from_wkb(wkbs) if len(wkbs) else np.array([], dtype=object)
    frame = gpd.GeoDataFrame(props, columns=list(columns), geometry=list(geoms), crs=crs.WGS84)
    for column in ("date", "report_date"):
        if column in frame.columns:
            frame[column] = [day_of(v) for v in frame[column]]
    return frame


def event_frame(rows: Sequence[tuple[str | dict[str, Any], bytes | None]]) -> gpd.GeoDataFrame:
    """Stored event rows as the frame :func:`geomap.events.events_frame` gives."""
    return frame_of(rows, EVENT_COLUMNS)


def claim_frame(rows: Sequence[tuple[str | dict[str, Any], bytes | None]]) -> gpd.GeoDataFrame:
    """Stored claim rows as the frame :func:`geomap.claims.claims_from_events` gives."""
    return frame_of(rows, CLAIM_COLUMNS)


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Which reports a list holds: by side, report date range and source (case-insensitive)."""

    side: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a list holds.

    ``date_from``/``date_to`` apply to the event's date, or its report's
    when the text gives none; ``side`` is the side whose claims the report
    carries; ``claimant`` and ``place`` (name or place id) compare
    case-insensitively; ``bbox`` is ``(min lon, min lat, max lon, max lat)``.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    side: str | None = None
    claimant: str | None = None
    type: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    report_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which control claims a list holds (dates are report dates; ``controller`` the side said to hold)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    side: str | None = None
    claimant: str | None = None
    controller: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    report_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list in a stable order, and the cursor of the next page (None on the last)."""

    items: T
    next_cursor: int | None


class Store(abc.ABC):
    """Where the service keeps processed reports. Every method is safe to call from several threads.

    Lists are in the order reports (and their events and claims) were
    stored; ``after`` is the cursor a previous page returned.
    """

    @abc.abstractmethod
    def add(self, record: ReportRecord) -> bool:
        """Store a report whole, in one transaction; False when a report with its content hash is there."""

    @abc.abstractmethod
    def find(self, digest: str) -> str | None:
        """The id of the stored report with this content hash, or None."""

    @abc.abstractmethod
    def report(self, report_id: str) -> dict[str, Any]:
        """A stored report: its fields and text, ``mentions``, and ``events``/``claims`` frames.

        Raises
        ------
        RecordNotFound
            If no report has this id.
        """

    @abc.abstractmethod
    def reports(self, flt: ReportFilter, *, after: int | None, limit: int) -> Page[list[dict[str, Any]]]:
        """A page of report summaries (fields without the text)."""

    @abc.abstractmethod
    def delete(self, report_id: str) -> bool:
        """Delete a report with its mentions, events and claims; False when there was none."""

    @abc.abstractmethod
    def events(self, flt: EventFilter, *, after: int | None, limit: int) -> Page[gpd.GeoDataFrame]:
        """A page of events as a frame with the columns of :func:`geomap.events.events_frame`."""

    @abc.abstractmethod
    def claims(self, flt: ClaimFilter, *, after: int | None, limit: int) -> Page[gpd.GeoDataFrame]:
        """A page of control claims with the columns of :func:`geomap.claims.claims_from_events`."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """How many reports, mentions, events and claims are stored."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections; the store is not used after this."""


def open_store(database: str | None, *, data_dir: Path) -> Store:
    """The store at ``database`` (a ``postgresql://`` URL), else the SQLite file in ``data_dir``.

    Raises
    ------
    StoreError
        If the database cannot be opened or migrated.
    """
    if database and database.startswith(("postgresql://", "postgres://")):
        try:
            from geomap.service.postgis import PostgisStore  # noqa: PLC0415 - psycopg only when asked for
        except ImportError as exc:
            msg = f"PostGIS needs psycopg ({exc.name} is missing): pip install 'geomap[postgis]'"
            raise StoreError(msg) from exc
        return PostgisStore(database)
    from geomap.service.sqlite import SqliteStore  # noqa: PLC0415

    if database:
        msg = f"unknown database URL {database.split(':', 1)[0]!r}: give postgresql://... (or none for SQLite)"
        raise StoreError(msg)
    return SqliteStore(data_dir / "geomap.sqlite3")
