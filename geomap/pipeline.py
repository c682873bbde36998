"""The whole path for a batch of reports: places, events, claims, routes, map and files.

:func:`process_report` runs one report through the flow and returns plain
values; :func:`run` does it for files and folders, keeps going past bad
reports (each one's error is returned, nothing is lost) and writes
``map.html``, ``events.geojson``, ``claims.geojson``, ``routes.geojson`` and
``places.csv`` through :mod:`geomap.export`, as one set with ``errors.csv``
(:mod:`geomap.outputs`: all of them replaced or none).

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
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

import geopandas as gpd
import pandas as pd

from geomap import crs
from geomap.claims import claims_frame, find_claims
from geomap.events import events_frame, extract_events, extract_events_batch
from geomap.export import by_geometry, write_csv, write_geojson, write_gpkg, write_html, write_parquet
from geomap.gazetteer.routes import Route, find_routes, routes_frame
from geomap.outputs import ERRORS_CSV, output_set
from geomap.reports import Report, read_reports

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Sequence
    from concurrent.futures import Executor
    from pathlib import Path

    from geomap.claims import Claim
    from geomap.errors import ReportFormatError
    from geomap.events import Event
    from geomap.gazetteer import Gazetteer
    from geomap.geoparse import Geoparser, Mention

__all__ = [
    "BatchFrames",
    "BatchResult",
    "BuildsFrames",
    "LendsWorkers",
    "ReportMapper",
    "ReportResult",
    "StagesOutputs",
    "batch_frames",
    "claims_of",
    "mentions_frame",
    "process_report",
    "process_reports",
    "run",
]

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


#: Maps reports to results, yielding ``(index in the sequence, result)`` as each report is done, in any order.
#: :func:`run` goes through one report after the other unless given another (see :mod:`geomap.scale`).
ReportMapper: TypeAlias = "Callable[[Sequence[Report]], Iterable[tuple[int, ReportResult]]]"


@runtime_checkable
class StagesOutputs(Protocol):
    """A mapper that wrote files of its own while mapping (a Dask run's GeoParquet), for :func:`run` to take in.

    :func:`run` calls :meth:`stage_outputs` inside its output set, so those
    files are replaced with the run's others, all at once.
    """

    def stage_outputs(self, stage: Path) -> dict[str, Path]:
        """Move the files into ``stage``; return ``{key: path in stage}``."""


@runtime_checkable
class LendsWorkers(Protocol):
    """A mapper whose worker processes can take other work of the run (a process pool).

    :func:`run` renders the map in one of them while this process writes the data files.
    """

    def executor(self) -> Executor | None:
        """The workers' executor while they run, else None."""


@runtime_checkable
class BuildsFrames(Protocol):
    """A mapper whose workers built the frames of the reports as they mapped them (a Dask run, per partition).

    :func:`run` takes those frames instead of building them again in this process.
    """

    def batch_frames(self) -> BatchFrames | None:
        """The frames of the reports last mapped, in their order (:func:`batch_frames`); None if none were built."""


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What one report gave: its mentions, events, control claims and routes.

    Only plain values: frames are built once per batch (:func:`batch_frames`),
    and the result travels cheaply between processes.
    """

    report: Report
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    claim_records: tuple[Claim, ...]
    routes: tuple[Route, ...]

    @property
    def claims(self) -> gpd.GeoDataFrame:
        """The report's control claims as a GeoDataFrame (:func:`geomap.claims.claims_frame`)."""
        return claims_frame(self.claim_records)

    @property
    def unresolved(self) -> list[Mention]:
        """Mentions of places no gazetteer layer knows."""
        return [m for m in self.mentions if not m.resolved]


@dataclass(frozen=True, slots=True)
class BatchFrames:
    """The events, claims and routes of a batch of reports, one GeoDataFrame each (EPSG:4326)."""

    events: gpd.GeoDataFrame
    claims: gpd.GeoDataFrame
    routes: gpd.GeoDataFrame


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Results of a batch: one per good report, an error per bad one, and the files written."""

    results: tuple[ReportResult, ...]
    errors: tuple[ReportFormatError, ...]
    written: dict[str, Path] = field(default_factory=dict)


def process_report(report: Report, parser: Geoparser) -> ReportResult:
    """Run one report through geoparsing, events, claims and routes."""
    mentions = tuple(parser.parse(report.text, side=report.side))
    events = tuple(extract_events(report, parser, mentions=mentions))
    claims = find_claims(events, gazetteer=parser.gazetteer)
    routes = tuple(find_routes(report.text, mentions))
    return ReportResult(report, mentions, events, claims, routes)


def process_reports(reports: Sequence[Report], parser: Geoparser) -> list[ReportResult]:
    """:func:`process_report` of each of ``reports``, their sentences parsed in one spaCy batch (a pool's chunk)."""
    mentions = [tuple(parser.parse(report.text, side=report.side)) for report in reports]
    events = extract_events_batch(reports, parser, mentions=mentions)
    return [
        ReportResult(r, m, tuple(e), find_claims(tuple(e), gazetteer=parser.gazetteer), tuple(find_routes(r.text, m)))
        for r, m, e in zip(reports, mentions, events, strict=True)
    ]


def mentions_frame(results: Sequence[ReportResult]) -> pd.DataFrame:
    """Every mention of every report, resolved or not, one row each."""
    rows = [{"report_id": r.report.report_id, **m.to_dict()} for r in results for m in r.mentions]
    return pd.DataFrame(rows, columns=list(MENTION_COLUMNS))


def batch_frames(results: Sequence[ReportResult], gazetteer: Gazetteer | None) -> BatchFrames:
    """The events, claims and routes of ``results``, in their order, each built as one frame.

    The Dask runner calls it per partition, :func:`run` once for the batch.
    """
    events = events_frame([e for r in results for e in r.events], gazetteer=gazetteer)
    claims = claims_frame([c for r in results for c in r.claim_records])
    routes = routes_frame([route for r in results for route in r.routes])
    routes["report_id"] = [r.report.report_id for r in results for _ in r.routes]
    return BatchFrames(events, claims, routes)


def _serial(parser: Geoparser) -> ReportMapper:
    def mapper(reports: Sequence[Report]) -> Iterable[tuple[int, ReportResult]]:
        return ((i, process_report(report, parser)) for i, report in enumerate(reports))

    return mapper


def _map_reports(
    reports: Sequence[Report], mapper: ReportMapper, progress: Callable[[Report], None] | None
) -> list[ReportResult]:
    """Results in the order of ``reports``, whatever order ``mapper`` finishes them in."""
    done: dict[int, ReportResult] = {}
    for i, result in mapper(reports):
        done[i] = result
        if progress is not None:
            progress(reports[i])
    return [done[i] for i in range(len(reports))]


def claims_of(
    paths: Iterable[str | Path], parser: Geoparser, *, recursive: bool = False, mapper: ReportMapper | None = None
) -> tuple[gpd.GeoDataFrame, tuple[ReportFormatError, ...]]:
    """The control claims of report files and folders, and an error per report that could not be read."""
    batch = read_reports(paths, recursive=recursive)
    results = _map_reports(batch.reports, mapper or _serial(parser), None)
    return claims_frame([c for r in results for c in r.claim_records]), batch.errors


def frames_of(
    paths: Iterable[str | Path], parser: Geoparser, *, recursive: bool = False, mapper: ReportMapper | None = None
) -> tuple[BatchFrames, tuple[ReportFormatError, ...]]:
    """The events, claims and routes of report files and folders, and an error per report that could not be read."""
    batch = read_reports(paths, recursive=recursive)
    results = _map_reports(batch.reports, mapper or _serial(parser), None)
    return batch_frames(results, parser.gazetteer), batch.errors


def run(
    paths: Iterable[str | Path],
    out_dir: Path,
    parser: Geoparser,
    *,
    progress: Callable[[Report], None] | None = None,
    formats: Collection[str] = (),
    recursive: bool = False,
    mapper: ReportMapper | None = None,
    tiles: str | None = None,
) -> BatchResult:
    """Process report files and folders and write the map and data files into ``out_dir``.

    Parameters
    ----------
    paths
        Report files and folders of reports.
    out_dir
        Where ``map.html``, ``events.geojson``, ``claims.geojson``,
        ``routes.geojson``, ``places.csv`` and ``errors.csv`` go, replaced
        as one set (:func:`geomap.outputs.output_set`).
    parser
        The geoparser (and through it, the gazetteer).
    progress
        Called after each report is processed (for a progress bar), in the
        order the reports finish.
    formats
        More files: ``"gpkg"`` one GeoPackage ``geomap.gpkg`` (layers events_point,
        events_line, events_polygon, claims, routes, places), ``"parquet"``
        GeoParquet ``events.parquet`` and ``claims.parquet`` (a Dask run
        writes them anyway, as partitioned folders).
    recursive
        Also read the reports in subfolders of the folders given.
    mapper
        How reports are mapped to results: one after the other in this
        process when None; a process pool or a Dask cluster from
        :mod:`geomap.scale`. The outputs are the same whichever is used.
    tiles
        Online tiles (an xyzservices name) offered on the map; the map works offline either way.

    Returns
    -------
    BatchResult
        Nothing is written when no report could be read.
    """
    batch = read_reports(paths, recursive=recursive)
    results = _map_reports(batch.reports, mapper or _serial(parser), progress)
    if not results:
        return BatchResult((), batch.errors)
    own: object = mapper
    built = own.batch_frames() if isinstance(own, BuildsFrames) else None
    frames = built if built is not None else batch_frames(results, parser.gazetteer)
    events, claims, routes = frames.events, frames.claims, frames.routes
    workers = own.executor() if isinstance(own, LendsWorkers) else None
    with output_set(out_dir, "run", errors=batch.errors) as stage:  # all files or none (geomap.outputs)
        # On a pool the map renders in a worker while this process writes the data files.
        drawn = workers.submit(_write_map, frames, stage / "map.html", tiles) if workers is not None else None
        staged = {
            "map": stage / "map.html",
            "events": stage / "events.geojson",
            "claims": stage / "claims.geojson",
            "routes": stage / "routes.geojson",
            "places": stage / "places.csv",
        }
        mentions = mentions_frame(results)
        write_csv(mentions, staged["places"])
        write_geojson(events, staged["events"])
        write_geojson(claims, staged["claims"])
        write_geojson(routes, staged["routes"])
        from geomap.acled import acled_frame  # noqa: PLC0415 - workers import this module, not the ACLED table

        staged["events_csv"] = write_csv(acled_frame(events, parser.gazetteer), stage / "events.csv")
        if drawn is None:
            _write_map(frames, staged["map"], tiles)
        else:
            drawn.result()  # the worker's error, if any, is raised here: nothing of the set is kept
        if isinstance(own, StagesOutputs):  # a Dask run's partitioned GeoParquet replaces the single files
            staged.update(own.stage_outputs(stage))
            formats = [f for f in formats if f != "parquet" or "events_parquet" not in staged]
        layers = {"events": events, "claims": claims, "routes": routes}
        staged.update(_write_formats(formats, stage, layers, mentions))
    written = {key: out_dir / path.relative_to(stage) for key, path in staged.items()}
    written["errors"] = out_dir / ERRORS_CSV
    return BatchResult(tuple(results), batch.errors, written)


def _write_map(frames: BatchFrames, path: Path, tiles: str | None) -> Path:
    """Render the map of a batch (:func:`geomap.maps.render_map`) and write it to ``path``."""
    from geomap.maps import render_map  # noqa: PLC0415 - folium loads where a map is drawn, not in every worker

    return write_html(render_map(frames.events, claims=frames.claims, routes=frames.routes, tiles=tiles), path)


def _write_formats(
    formats: Collection[str], out_dir: Path, frames: dict[str, gpd.GeoDataFrame], mentions: pd.DataFrame
) -> dict[str, Path]:
    """The GeoPackage and GeoParquet files of a run, as asked for (``frames``: events, claims, routes)."""
    events, claims, routes = frames["events"], frames["claims"], frames["routes"]
    written = {}
    if "gpkg" in formats:
        lon, lat = (pd.to_numeric(mentions[c], errors="coerce") for c in ("lon", "lat"))
        points = gpd.GeoSeries.from_xy(lon.fillna(0), lat.fillna(0), crs=crs.WGS84)
        places = gpd.GeoDataFrame(mentions, geometry=points.where(lat.notna() & lon.notna(), None))
        layers = {**by_geometry(events, "events"), "claims": claims, "routes": routes, "places": places}
        written["gpkg"] = write_gpkg(layers, out_dir / "geomap.gpkg")
    if "parquet" in formats:
        written["events_parquet"] = write_parquet(events, out_dir / "events.parquet")
        written["claims_parquet"] = write_parquet(claims, out_dir / "claims.parquet")
    return written
