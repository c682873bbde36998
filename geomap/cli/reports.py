"""The commands that read reports: ``places``, ``events`` and ``run``."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from geomap.cli.console import guard, say, show, stderr
from geomap.cli.options import EventsFormat, NoBase, PlacesFormat, Recursive, RunFormat, TileOption, Wide
from geomap.cli.parsing import open_parser, print_places
from geomap.terminal import Column, print_features

__all__ = ["events", "places", "run"]


@guard
def places(
    report: Annotated[Path, typer.Argument(help="A report file (UTF-8, optional front matter), or - for stdin.")],
    fmt: Annotated[
        PlacesFormat, typer.Option("--format", "-f", help="table, json (one array) or jsonl (one mention a line).")
    ] = PlacesFormat.table,
    wide: Wide = False,
    no_base: NoBase = False,
) -> None:
    """Every place a report names, with its span and where its coordinates come from."""
    print_places(report, fmt.value, wide=wide, no_base=no_base)


@guard
def events(
    report: Annotated[Path, typer.Argument(help="A report file, or - for standard input.")],
    fmt: Annotated[
        EventsFormat,
        typer.Option(
            "--format",
            "-f",
            help="table; geojson, geojsonseq (RFC 8142, a feature a line), jsonl (a line per event) or csv "
            "(ACLED's columns, then geomap's provenance).",
        ),
    ] = EventsFormat.table,
    wide: Wide = False,
    no_base: NoBase = False,
) -> None:
    """The events a report gives: type, place, claimant, control, date, precision, quote."""
    from geomap.events import events_frame  # noqa: PLC0415
    from geomap.pipeline import process_report  # noqa: PLC0415
    from geomap.reports import read_report  # noqa: PLC0415

    parser = open_parser(no_base)
    result = process_report(read_report(report), parser)
    if fmt is not EventsFormat.table:
        frame = events_frame(result.events, gazetteer=parser.gazetteer)
        if fmt is EventsFormat.csv:
            from geomap.acled import acled_frame  # noqa: PLC0415
            from geomap.export import spreadsheet_safe  # noqa: PLC0415

            typer.echo(spreadsheet_safe(acled_frame(frame, parser.gazetteer)).to_csv(index=False), nl=False)
        else:
            print_features(frame, fmt)
        return
    rows = [
        (
            e.type,
            e.place.name if e.place else f"[unresolved] {e.surface}",
            e.control or "",
            e.controller or "",
            e.claimant,
            e.date,
            e.geo_precision,
            e.sentence,
        )
        for e in result.events
    ]
    columns = (Column("type", 12), Column("place", 12), Column("control", 6, 2), Column("held by", 10, 2),
               Column("claimant", 14, 4), Column("date", 10, 3), Column("prec.", 5, 5),
               Column("quote", 16, 1, flexible=True))  # fmt: skip
    show(f"Events in {report.name}", columns, rows, wide=wide)


def _jobs(jobs: int | None, total: int, dask: str | None) -> int | None:
    """Worker processes for ``total`` reports: no more than reports, none to start for one (Dask decides its own)."""
    if dask is not None:
        return jobs
    from geomap.scale import all_cores  # noqa: PLC0415

    return max(1, min(jobs or all_cores(), total))


@guard
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Report files and folders of reports, or - for standard input.", show_default=False),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the outputs.")] = Path("outputs"),
    strict: Annotated[bool, typer.Option(help="Exit 1 if any report could not be read.")] = False,
    formats: Annotated[
        list[RunFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="Also write gpkg (geomap.gpkg: a layer per kind and geometry type) or parquet (GeoParquet events "
            "and claims); repeat for both.",
        ),
    ] = None,
    no_base: NoBase = False,
    recursive: Recursive = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (Dask: workers). Default: every core.")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Run on Dask: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster; also writes "
            'events.parquet/ and claims.parquet/ (GeoParquet). Needs pip install "geomap\\[dask]".',
        ),
    ] = None,
    tiles: TileOption = None,
) -> None:
    """Map reports: write map.html, events.geojson/.csv, claims.geojson, routes.geojson, places.csv, errors.csv."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # noqa: PLC0415

    from geomap.pipeline import run as run_batch  # noqa: PLC0415
    from geomap.reports import list_reports  # noqa: PLC0415
    from geomap.scale import report_mapper  # noqa: PLC0415

    if not paths:
        say("error:", "bold red", "geomap run needs report files or folders (geomap run seeds/ -o outputs), "
             "or - to read one report from standard input")  # fmt: skip
        raise typer.Exit(code=2)
    inputs = paths
    listing = list_reports(inputs, recursive=recursive)
    for entry, reason in listing.ignored:
        say("ignored:", "dim", f"{entry}: {reason}")
    total = len(listing.files)
    parser = open_parser(no_base)
    messages = stderr()
    if dask is not None and not logging.getLogger().isEnabledFor(logging.INFO):
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # Dask's own INFO lines only with --verbose
    with (
        report_mapper(
            jobs=_jobs(jobs, total, dask), dask=dask, out_dir=output, base=not no_base, parser=parser
        ) as mapper,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=messages,
            disable=total <= 1 or not messages.is_terminal,
        ) as bar,
    ):
        task = bar.add_task("reports", total=total)
        batch = run_batch(
            inputs,
            output,
            parser,
            progress=lambda r: bar.update(task, advance=1, description=r.report_id),
            formats={str(f) for f in formats or ()},
            recursive=recursive,
            mapper=mapper,
            tiles=tiles,
        )
    for error in batch.errors:
        say("skipped:", "red", error)
    if not batch.results:
        say("error:", "bold red", "no report could be read; nothing written")
        raise typer.Exit(code=1)
    n_events = sum(len(r.events) for r in batch.results)
    n_claims = sum(len(r.claim_records) for r in batch.results)
    unresolved = [f"{r.report.report_id}: {m.surface}" for r in batch.results for m in r.unresolved]
    messages.print(f"{len(batch.results)} report(s), {n_events} events, {n_claims} control claims")
    if unresolved:
        say(f"{len(unresolved)} unresolved place name(s):", "yellow", "; ".join(unresolved))
    for name, path in batch.written.items():
        say("wrote", "green", f"{name}: {path}")
    if batch.errors and strict:
        raise typer.Exit(code=1)
