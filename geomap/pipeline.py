"""The whole path for a batch of reports: places, events, claims, routes, map and files.

:func:`process_report` runs one report through the flow and returns plain
values; :func:`run` does it for files and folders, keeps going past bad
reports (each one's error is returned, nothing is lost) and writes
``map.html``, ``events.geojson``, ``claims.geojson``, ``routes.geojson`` and
``places.csv`` through :mod:`geomap.export`.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> from geomap.reports import parse_report
>>> result = process_report(parse_report("Goris was shelled.", report_id="r"), Geoparser(Gazetteer.default(base=False)))
>>> [(e.type, e.place.name) for e in result.events]
[('shelling_strike', 'Goris')]
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from geomap import crs
from geomap.claims import CLAIM_COLUMNS, claims_from_events
from geomap.events import EVENT_COLUMNS, Event, events_frame, extract_events
from geomap.export import write_csv, write_geojson, write_html
from geomap.maps import render_map
from geomap.reports import Report, read_reports
from geomap.routes import Route, find_routes, routes_frame

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from pathlib import Path

    from geomap.errors import ReportFormatError
    from geomap.geoparse import Geoparser, Mention

__all__ = ["BatchResult", "ReportResult", "claims_of", "mentions_frame", "process_report", "run"]

logger = logging.getLogger(__name__)

MENTION_COLUMNS = (
    "report_id",
    "surface",
    "start",
    "end",
    "role",
    "resolved",
    "place_id",
    "name",
    "kind",
    "lat",
    "lon",
    "alias",
    "method",
    "score",
    "cue",
    "layer",
    "source",
)


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What one report gave: its mentions, events, control claims and routes."""

    report: Report
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    claims: gpd.GeoDataFrame
    routes: tuple[Route, ...]

    @property
    def unresolved(self) -> list[Mention]:
        """Mentions of places no gazetteer layer knows."""
        return [m for m in self.mentions if not m.resolved]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Results of a batch: one per good report, an error per bad one, and the files written."""

    results: tuple[ReportResult, ...]
    errors: tuple[ReportFormatError, ...]
    written: dict[str, Path] = field(default_factory=dict)


def process_report(report: Report, parser: Geoparser) -> ReportResult:
    """Run one report through geoparsing, events, claims and routes."""
    mentions = tuple(parser.parse(report.text))
    events = tuple(extract_events(report, parser, mentions=mentions))
    claims = claims_from_events(events, gazetteer=parser.gazetteer)
    routes = tuple(find_routes(report.text, mentions))
    return ReportResult(report, mentions, events, claims, routes)


def mentions_frame(results: Sequence[ReportResult]) -> pd.DataFrame:
    """Every mention of every report, resolved or not, one row each."""
    rows = [{"report_id": r.report.report_id, **m.to_dict()} for r in results for m in r.mentions]
    return pd.DataFrame(rows, columns=list(MENTION_COLUMNS))


def _concat(frames: Sequence[gpd.GeoDataFrame], columns: Sequence[str]) -> gpd.GeoDataFrame:
    nonempty = [f for f in frames if len(f)]
    if not nonempty:
        return gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs=crs.WGS84)
    return gpd.GeoDataFrame(pd.concat(nonempty, ignore_index=True), geometry="geometry", crs=crs.WGS84)


def claims_of(paths: Iterable[str | Path], parser: Geoparser) -> tuple[gpd.GeoDataFrame, tuple[ReportFormatError, ...]]:
    """The control claims of report files and folders, and an error per report that could not be read."""
    batch = read_reports(paths)
    frames = [process_report(report, parser).claims for report in batch.reports]
    return _concat(frames, CLAIM_COLUMNS), batch.errors


def run(
    paths: Iterable[str | Path],
    out_dir: Path,
    parser: Geoparser,
    *,
    progress: Callable[[Report], None] | None = None,
    tiles: str | None = None,
) -> BatchResult:
    """Process report files and folders and write the map and data files into ``out_dir``.

    Parameters
    ----------
    paths
        Report files and folders of reports.
    out_dir
        Where ``map.html``, ``events.geojson``, ``claims.geojson``,
        ``routes.geojson`` and ``places.csv`` go.
    parser
        The geoparser (and through it, the gazetteer).
    progress
        Called after each report is processed (for a progress bar).
    tiles
        Online tiles (an xyzservices name) offered on the map; the map works offline either way.

    Returns
    -------
    BatchResult
        Nothing is written when no report could be read.
    """
    batch = read_reports(paths)
    results = []
    for report in batch.reports:
        results.append(process_report(report, parser))
        if progress is not None:
            progress(report)
    if not results:
        return BatchResult((), batch.errors)
    events = _concat([events_frame(r.events, gazetteer=parser.gazetteer) for r in results], EVENT_COLUMNS)
    claims = _concat([r.claims for r in results], CLAIM_COLUMNS)
    routes = _concat([routes_frame(r.routes, report_id=r.report.report_id) for r in results], ["name", "source"])
    m = render_map(events, claims=claims, routes=routes, tiles=tiles)
    written = {
        "map": write_html(m, out_dir / "map.html"),
        "events": out_dir / "events.geojson",
        "claims": out_dir / "claims.geojson",
        "routes": out_dir / "routes.geojson",
        "places": write_csv(mentions_frame(results), out_dir / "places.csv"),
    }
    write_geojson(events, written["events"])
    write_geojson(claims, written["claims"])
    write_geojson(routes, written["routes"])
    return BatchResult(tuple(results), batch.errors, written)
