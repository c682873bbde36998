"""The ``geomap`` command: parse arguments, call the library, print.

Every :class:`~geomap.errors.GeomapError` is caught once, printed as one
line naming the file (and line) at fault, and turned into exit code 1.
Data goes to standard output; messages and progress to standard error.
"""

from __future__ import annotations

import json
import logging
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from geomap.errors import GeomapError
from geomap.terminal import Column, HelpGroup, one_line, print_features, print_records
from geomap.terminal import table as laid_out

# geomap's arrays are small: one BLAS thread, and no 70 ms of thread start-up in every command (a user's
# setting wins). Set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rich.console import RenderableType

    from geomap.geoparse import Geoparser

app = typer.Typer(
    cls=HelpGroup,
    name="geomap",
    help="Turn conflict reports into sourced, mapped and comparable geodata.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
gazetteer_app = typer.Typer(cls=HelpGroup, help="Look up and extend the local gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

err = Console(stderr=True, soft_wrap=True)  # never wrapped: one message, one line
out = Console(soft_wrap=True)


class PlacesFormat(StrEnum):
    """Output formats of ``geomap places``, ``geomap gazetteer lookup`` and ``geomap evaluate``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


class EventsFormat(StrEnum):
    """Output formats of ``geomap events``."""

    table = "table"
    geojson = "geojson"
    geojsonseq = "geojsonseq"
    jsonl = "jsonl"
    csv = "csv"


class ClaimsFormat(StrEnum):
    """Output formats of ``geomap claims``."""

    table = "table"
    geojson = "geojson"
    geojsonseq = "geojsonseq"
    jsonl = "jsonl"


class ReportFormat(StrEnum):
    """Output formats of ``geomap evaluate``: one table or one JSON object."""

    table = "table"
    json = "json"


class RunFormat(StrEnum):
    """Files ``geomap run`` writes besides its usual ones."""

    gpkg = "gpkg"
    parquet = "parquet"


NoBase = Annotated[bool, typer.Option("--no-base", help="Leave out the worldwide GeoNames layer.")]
Wide = Annotated[bool, typer.Option("--wide", help="Show every column of a table, folding long cells.")]
Recursive = Annotated[bool, typer.Option("--recursive", "-r", help="Also read the reports in subfolders.")]
TileOption = Annotated[
    str | None,
    typer.Option("--tiles", help="Also offer online tiles (an xyzservices name, e.g. OpenStreetMap.Mapnik)."),
]


def _say(label: str, style: str, message: object) -> None:
    """Print ``label`` in ``style`` and ``message`` as plain text (file names and report text are not markup)."""
    err.print(Text.assemble((label, style), " ", one_line(message)), highlight=False)


def _fail(exc: Exception) -> typer.Exit:
    _say("error:", "bold red", exc)
    return typer.Exit(code=1)


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn GeomapError into one clear line on stderr and exit code 1."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        try:
            return func(*args, **kwargs)
        except GeomapError as exc:
            raise _fail(exc) from None

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.__wrapped__ = func  # type: ignore[attr-defined]
    return wrapper


def _printable(text: str) -> str:
    """``text`` with lone surrogates (from JSON escapes of half a character) replaced, so it can be printed."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _parser(no_base: bool) -> Geoparser:
    from geomap.gazetteer import Gazetteer  # noqa: PLC0415 - keep `geomap --help` fast
    from geomap.geoparse import Geoparser  # noqa: PLC0415

    return Geoparser(Gazetteer.default(base=not no_base))


def _table(
    title: str, columns: Sequence[str | Column], rows: Sequence[Sequence[Any]], *, wide: bool = False
) -> RenderableType:
    """A table laid out for standard output: fitted to the terminal, every column (``wide``), or plain on a pipe."""
    spec = [c if isinstance(c, Column) else Column(c, max(len(c), 6)) for c in columns]
    return laid_out(out, title, spec, rows, wide=wide)


def _version(value: bool) -> None:
    if value:
        from geomap import __version__  # noqa: PLC0415

        typer.echo(f"geomap {__version__}")
        raise typer.Exit


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what geomap does.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn conflict reports into sourced, mapped and comparable geodata."""
    del version
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


@app.command()
@_guard
def places(
    report: Annotated[Path, typer.Argument(help="A report file (UTF-8, optional front matter), or - for stdin.")],
    fmt: Annotated[
        PlacesFormat, typer.Option("--format", "-f", help="table, json (one array) or jsonl (one mention a line).")
    ] = PlacesFormat.table,
    wide: Wide = False,
    no_base: NoBase = False,
) -> None:
    """Every place a report names, with its span and where its coordinates come from."""
    from geomap.reports import read_report  # noqa: PLC0415 - `places` stays free of geopandas and folium

    mentions = _parser(no_base).parse(read_report(report).text)
    records = [m.to_dict() for m in mentions]
    if fmt is not PlacesFormat.table:
        print_records(records, fmt)
        return
    rows = [
        (r["surface"], f"{r['start']}-{r['end']}", r["name"] or "[unresolved]", r["kind"], r["lat"], r["lon"],
         r["role"], r["layer"])
        for r in records
    ]  # fmt: skip
    title = f"Places in {report.name}"
    columns = (Column("surface", 12), Column("span", 9, 3), Column("place", 14), Column("kind", 10, 2),
               Column("lat", 8, 2), Column("lon", 8, 2), Column("role", 7, 4), Column("layer", 8, 5))  # fmt: skip
    out.print(_table(title, columns, rows, wide=wide))
    unresolved = [m.surface for m in mentions if not m.resolved]
    if unresolved:
        _say(f"{len(unresolved)} unresolved:", "yellow", ", ".join(unresolved))


@app.command()
@_guard
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

    parser = _parser(no_base)
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
    out.print(_table(f"Events in {report.name}", columns, rows, wide=wide))


def _jobs(jobs: int | None, total: int, dask: str | None) -> int | None:
    """Worker processes for ``total`` reports: no more than reports, none to start for one (Dask decides its own)."""
    if dask is not None:
        return jobs
    from geomap.scale import all_cores  # noqa: PLC0415

    return max(1, min(jobs or all_cores(), total))


@app.command()
@_guard
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
        _say("error:", "bold red", "geomap run needs report files or folders (geomap run seeds/ -o outputs), "
             "or - to read one report from standard input")  # fmt: skip
        raise typer.Exit(code=2)
    inputs = paths
    listing = list_reports(inputs, recursive=recursive)
    for entry, reason in listing.ignored:
        _say("ignored:", "dim", f"{entry}: {reason}")
    total = len(listing.files)
    parser = _parser(no_base)
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
            console=err,
            disable=total <= 1 or not err.is_terminal,
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
        _say("skipped:", "red", error)
    if not batch.results:
        _say("error:", "bold red", "no report could be read; nothing written")
        raise typer.Exit(code=1)
    n_events = sum(len(r.events) for r in batch.results)
    n_claims = sum(len(r.claim_records) for r in batch.results)
    unresolved = [f"{r.report.report_id}: {m.surface}" for r in batch.results for m in r.unresolved]
    err.print(f"{len(batch.results)} report(s), {n_events} events, {n_claims} control claims")
    if unresolved:
        _say(f"{len(unresolved)} unresolved place name(s):", "yellow", "; ".join(unresolved))
    for name, path in batch.written.items():
        _say("wrote", "green", f"{name}: {path}")
    if batch.errors and strict:
        raise typer.Exit(code=1)


@gazetteer_app.command("lookup")
@_guard
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name, in any spelling.")],
    kind: Annotated[str | None, typer.Option(help="Only places of this kind.")] = None,
    country: Annotated[str | None, typer.Option(help="Only places in this ISO country code.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Largest number of places listed.")] = 10,
    fmt: Annotated[
        PlacesFormat, typer.Option("--format", "-f", help="table, json (one array) or jsonl (one place a line).")
    ] = PlacesFormat.table,
    wide: Wide = False,
    no_base: NoBase = False,
) -> None:
    """Places called NAME, best first, with the alias that matched and the coordinates' source."""
    from geomap.errors import PlaceNotFound  # noqa: PLC0415

    matches = _parser(no_base).gazetteer.lookup(name, kind=kind, country=country, limit=limit)
    if not matches:
        raise PlaceNotFound(name)
    if fmt is not PlacesFormat.table:
        data = [{**m.place.to_dict(), "matched_alias": m.alias, "match": m.method, "score": round(m.score / 100, 4)}
                | _boundary_fields(m.place.place_id) for m in matches]  # fmt: skip
        print_records(data, fmt)
        return
    rows = [(m.place.name, m.place.kind, m.place.lat, m.place.lon, m.place.country, m.alias, m.method,
             f"{m.score / 100:.2f}", m.place.layer, m.place.source,
             str(_boundary_fields(m.place.place_id)["boundary"].get("source", ""))) for m in matches]  # fmt: skip
    columns = (Column("name", 14), Column("kind", 10, 2), Column("lat", 8, 2), Column("lon", 8, 2),
               Column("country", 7, 3), Column("alias", 12, 1), Column("match", 5, 4), Column("score", 5, 4),
               Column("layer", 8, 3), Column("source", 16, 5, flexible=True),
               Column("boundary", 16, 6, flexible=True))  # fmt: skip
    out.print(_table(f"Places called {name!r}", columns, rows, wide=wide))


def _boundary_fields(place_id: str) -> dict[str, dict[str, object]]:
    """The polygon a place's claims use, if ``gazetteer/boundaries`` has one (file, source, how it was made)."""
    from geomap.boundaries import boundary  # noqa: PLC0415

    unit = boundary(place_id)
    if unit is None:
        return {"boundary": {}}
    return {
        "boundary": {
            "file": unit.file,
            "shape_names": list(unit.shape_names),
            "source": unit.source,
            "method": unit.method,
            "approximate": unit.approximate,
            "area_km2": round(unit.area_km2, 1),
        }
    }


@gazetteer_app.command("import")
@_guard
def gazetteer_import(
    file: Annotated[Path, typer.Argument(help="CSV or GeoJSON layer, or a GeoNames dump (.txt).")],
    name: Annotated[str | None, typer.Option(help="Layer name (default: the file name).")] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows; list the bad ones in rejected.csv.")
    ] = False,
) -> None:
    """Check every row of a gazetteer file and install it as a layer used from now on."""
    from geomap.errors import GazetteerRowsError  # noqa: PLC0415
    from geomap.gazetteer import import_layer  # noqa: PLC0415

    try:
        done = import_layer(file, name=name, skip_bad=skip_bad)
    except GazetteerRowsError as exc:
        for problem in exc.problems:
            _say("bad row:", "red", problem)
        msg = f"{file}: {len(exc.problems)} bad row(s); nothing installed (--skip-bad imports the good rows)"
        raise _fail(GeomapError(msg)) from None
    _say("imported", "green", f"{done.places} places as layer {done.layer!r} into {done.folder}")
    if done.rejected_file is not None:
        _say(f"left out {done.rejected} bad row(s), listed in", "yellow", done.rejected_file)


@gazetteer_app.command("build")
@_guard
def gazetteer_build() -> None:
    """Build (or check) the memory-mapped GeoNames index, so later commands start fast."""
    from geomap.gazetteer import base_layer  # noqa: PLC0415

    layer = base_layer()
    _say("GeoNames index ready:", "green", f"{len(layer):,} places in {layer.folder}")


@gazetteer_app.command("check")
@_guard
def gazetteer_check() -> None:
    """Check every byte of the GeoNames index and the imported layers against their manifests; rebuild a bad index."""
    from geomap.gazetteer import base_layer  # noqa: PLC0415
    from geomap.indexcache import MANIFEST, check  # noqa: PLC0415
    from geomap.layerinstall import user_layers_dir  # noqa: PLC0415

    folder = base_layer().folder
    problems = check(folder, full=True)
    for problem in problems:
        _say("damaged:", "yellow", problem)
    if problems:
        (folder / MANIFEST).unlink(missing_ok=True)  # marks it for rebuilding
        folder = base_layer().folder
        _say("rebuilt the GeoNames index:", "green", folder)
    else:
        _say("GeoNames index intact:", "green", folder)
    layers = user_layers_dir()
    damaged = [p for d in sorted(layers.glob("*-*")) if (d / MANIFEST).is_file() for p in check(d, full=True)]
    for problem in damaged:
        _say("damaged layer:", "red", problem)
    if damaged:
        msg = f"{len(damaged)} problem(s) in the imported layers under {layers}; import them again"
        raise GeomapError(msg)


@app.command()
@_guard
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold corpus: JSONL, or LGL / GeoVirus / TR-News / GWN XML.")],
    gold_spans: Annotated[
        bool, typer.Option("--gold-spans", help="Resolution only: geomap is given the gold spans.")
    ] = False,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="table or json.")] = ReportFormat.table,
    worst: Annotated[int, typer.Option(min=0, help="How many of the worst errors to list.")] = 15,
    demonyms: Annotated[
        bool, typer.Option("--demonyms", help="Count demonyms (Russian -> Russia) as toponyms, as LGL does.")
    ] = False,
    events: Annotated[
        bool, typer.Option("--events", help="Score events (JSONL gold with `events`): P/R/F1, type, claimant, side.")
    ] = False,
    no_base: NoBase = False,
) -> None:
    """Score geomap against a gold corpus: recognition, resolution, geo-F1, worst errors."""
    if events:
        _evaluate_events(gold, fmt=fmt, worst=worst, no_base=no_base)
        return
    from geomap.corpora import read_corpus  # noqa: PLC0415
    from geomap.errors import ReportFormatError  # noqa: PLC0415
    from geomap.evaluate import evaluate as score  # noqa: PLC0415
    from geomap.evaluate import evaluate_gold_spans, predictor, resolver  # noqa: PLC0415

    docs = read_corpus(gold)
    if not docs:
        msg = "the gold corpus holds no documents; nothing to score"
        raise ReportFormatError(msg, path=gold)
    parser = _parser(no_base)
    result = (
        evaluate_gold_spans(docs, resolver(parser), n_worst=worst)
        if gold_spans
        else score(docs, predictor(parser, demonyms=demonyms), n_worst=worst)
    )
    if fmt is ReportFormat.json:
        typer.echo(_printable(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)))
        return
    rows = [(k, f"{v:.3f}" if isinstance(v, float) else v) for k, v in result.as_rows()]
    out.print(_table(f"{gold.name} ({result.mode.replace('_', ' ')})", ("metric", "value"), rows))
    if result.worst:
        worst_rows = [
            (
                *(_printable(str(v)) for v in (w.doc_id, w.surface, w.name or "[unresolved]", w.gold_name or "")),
                "-" if w.km is None else f"{w.km:,.0f}",
            )
            for w in result.worst
        ]
        out.print(_table("Worst errors", ("doc", "surface", "chosen", "gold", "km"), worst_rows))


IncludeUnknown = Annotated[
    bool,
    typer.Option("--include-unknown", help="Keep claims whose sentence does not say which side holds the ground."),
]


def _evaluate_events(gold: Path, *, fmt: ReportFormat, worst: int, no_base: bool) -> None:
    from geomap.events import extract_events  # noqa: PLC0415
    from geomap.events.scoring import read_gold_events, score_events  # noqa: PLC0415

    reports, gold_events = read_gold_events(gold)
    parser = _parser(no_base)
    result = score_events(reports, gold_events, lambda r: extract_events(r, parser), n_worst=worst)
    if fmt is ReportFormat.json:
        typer.echo(_printable(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)))
        return
    rows = [(k, f"{v:.3f}" if isinstance(v, float) else v) for k, v in result.as_rows()]
    out.print(_table(f"{gold.name} (events)", ("metric", "value"), rows))
    for title, items in (("Missed gold events", result.misses), ("Events not in the gold", result.false_alarms)):
        if items:
            out.print(_table(title, ("doc", "place", "type", "sentence at"),
                             [(m["doc"], m["place"], m["type"], m["sentence_start"]) for m in items]))  # fmt: skip


def _claims(
    paths: Sequence[Path],
    parser: Geoparser,
    what: str,
    *,
    required: bool = True,
    skipped: list[Exception] | None = None,
    recursive: bool = False,
    include_unknown: bool = True,
) -> Any:  # noqa: ANN401
    """The control claims of ``paths`` (a GeoDataFrame); a ClaimError when ``required`` and there are none.

    The reports that could not be read are printed and added to ``skipped``. Without ``include_unknown``,
    claims that do not say who holds the ground are left out, and counted.
    """
    from geomap.claims import known_holders  # noqa: PLC0415
    from geomap.errors import ClaimError  # noqa: PLC0415
    from geomap.pipeline import claims_of  # noqa: PLC0415

    claims, errors = claims_of(paths, parser, recursive=recursive)
    if skipped is not None:
        skipped.extend(errors)
    for error in errors:
        _say("skipped:", "red", error)
    if not include_unknown:
        claims, left_out = known_holders(claims)
        if len(left_out):
            places = "; ".join(f"{r.report_id}: {r.place_name}" for r in left_out.itertuples())
            _say(f"{what}: left out {len(left_out)} claim(s) that do not say who holds the ground"
                 " (--include-unknown keeps them):", "yellow", places)  # fmt: skip
    if required and claims.empty:
        names = ", ".join(str(p) for p in paths)
        msg = f"{what}: {names} hold(s) no control claim (no sentence says which side holds a place)"
        raise ClaimError(msg)
    unknown = claims[claims["controller"] == "unknown"] if len(claims) else claims
    if len(unknown):
        holders = "; ".join(f"{r.report_id}: {r.place_name}" for r in unknown.itertuples())
        _say(f"{what}: {len(unknown)} claim(s) do not say which side holds the ground:", "yellow", holders)
    return claims


@app.command()
@_guard
def claims(
    reports: Annotated[list[Path], typer.Argument(help="Report files and folders.")],
    fmt: Annotated[
        ClaimsFormat,
        typer.Option("--format", "-f", help="table; geojson, geojsonseq (a feature a line) or jsonl (a line each)."),
    ] = ClaimsFormat.table,
    wide: Wide = False,
    no_base: NoBase = False,
    recursive: Recursive = False,
) -> None:
    """Control claims as areas: place, side said to hold it, claimant, report, km²."""
    found = _claims(reports, _parser(no_base), "claims", required=False, recursive=recursive)
    if fmt is not ClaimsFormat.table:
        print_features(found, fmt)
        return
    rows = [(r.report_id, r.place_name, r.controller, r.kind, r.claimant, r.report_date, f"{r.area_km2:,.2f}",
             r.area_method) for r in found.itertuples()]  # fmt: skip
    columns = (Column("report", 12, 2), Column("place", 12), Column("held by", 8), Column("claim", 7, 3),
               Column("claimant", 14, 4), Column("date", 10, 3), Column("km²", 8),
               Column("area", 14, 5, flexible=True))  # fmt: skip
    out.print(_table("Control claims", columns, rows, wide=wide))


@app.command()
@_guard
def compare(
    a: Annotated[list[Path], typer.Argument(help="Group A: report file or folder.")],
    b: Annotated[Path, typer.Argument(help="Group B: report file or folder.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for compare.html/.geojson/.csv.")] = Path(
        "outputs"
    ),
    side_a: Annotated[str | None, typer.Option(help="Only A's reports carrying this side's claims.")] = None,
    side_b: Annotated[str | None, typer.Option(help="Only B's reports carrying this side's claims.")] = None,
    date_a: Annotated[str | None, typer.Option(help="Only A's reports of this date (YYYY-MM-DD).")] = None,
    date_b: Annotated[str | None, typer.Option(help="Only B's reports of this date (YYYY-MM-DD).")] = None,
    label_a: Annotated[str, typer.Option(help="Name of group A in outputs.")] = "A",
    label_b: Annotated[str, typer.Option(help="Name of group B in outputs.")] = "B",
    include_unknown: IncludeUnknown = False,
    no_base: NoBase = False,
    recursive: Recursive = False,
    tiles: TileOption = None,
) -> None:
    """Compare the control claimed by two groups of reports: agree, contradict, only A, only B, in km²."""
    from geomap.compare import compare_claims, select_claims  # noqa: PLC0415
    from geomap.export import write_csv, write_geojson, write_html  # noqa: PLC0415
    from geomap.maps import render_comparison, render_sides  # noqa: PLC0415
    from geomap.outputs import output_set  # noqa: PLC0415

    parser = _parser(no_base)
    skipped: list[Exception] = []
    group_a = select_claims(
        _claims(a, parser, label_a, skipped=skipped, recursive=recursive, include_unknown=include_unknown),
        side=side_a,
        date=date_a,
    )
    group_b = select_claims(
        _claims([b], parser, label_b, skipped=skipped, recursive=recursive, include_unknown=include_unknown),
        side=side_b,
        date=date_b,
    )
    result = compare_claims(group_a, group_b, label_a=label_a, label_b=label_b)
    with output_set(output, "compare", errors=skipped) as stage:
        m = render_comparison(result, claims_a=group_a, claims_b=group_b, tiles=tiles)
        write_html(m, stage / "compare.html")
        sides = render_sides(result, claims_a=group_a, claims_b=group_b, tiles=tiles)
        write_html(sides, stage / "compare-sides.html")
        write_geojson(result.pieces, stage / "compare.geojson")
        write_csv(result.pieces.drop(columns=result.pieces.geometry.name), stage / "compare.csv")
    rows = result.to_rows()
    out.print(_table(f"{label_a} vs {label_b}: claimed ground", rows[0], rows[1:]))
    for name in ("compare.html", "compare-sides.html", "compare.geojson", "compare.csv"):
        _say("wrote", "green", output / name)


@app.command()
@_guard
def timeline(
    reports: Annotated[list[Path], typer.Argument(help="A folder of dated reports (or report files).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for timeline.html/.geojson/.csv.")] = Path(
        "outputs"
    ),
    skip_undated: Annotated[bool, typer.Option(help="Leave out (and list) reports without a date.")] = False,
    include_unknown: IncludeUnknown = False,
    no_base: NoBase = False,
    recursive: Recursive = False,
    tiles: TileOption = None,
) -> None:
    """The claimed control per report date, on a map with a time slider, and what changed between dates."""
    from geomap.export import write_csv, write_geojson, write_html  # noqa: PLC0415
    from geomap.maps import render_timeline  # noqa: PLC0415
    from geomap.outputs import output_set  # noqa: PLC0415
    from geomap.timeline import timeline as build_timeline  # noqa: PLC0415

    skipped: list[Exception] = []
    claims = _claims(
        reports, _parser(no_base), "timeline", skipped=skipped, recursive=recursive, include_unknown=include_unknown
    )
    result = build_timeline(claims, undated="skip" if skip_undated else "raise")
    if len(result.undated):
        _say("left out, no date:", "yellow", ", ".join(sorted(set(result.undated["report_id"]))))
    with output_set(output, "timeline", errors=skipped) as stage:
        write_html(render_timeline(result, tiles=tiles), stage / "timeline.html")
        write_geojson(result.change_pieces, stage / "timeline.geojson")
        write_csv(result.changes, stage / "timeline.csv")
    rows = [(r.date_from, r.date_to, r.side, f"{r.gained_km2:,.2f}", f"{r.lost_km2:,.2f}", f"{r.contested_km2:,.2f}")
            for r in result.changes.itertuples()]  # fmt: skip
    out.print(_table("Change between report dates (km²)", ("from", "to", "side", "gained", "lost", "contested"), rows))
    for name in ("timeline.html", "timeline.geojson", "timeline.csv"):
        _say("wrote", "green", output / name)


from geomap.service.command import serve  # noqa: E402 - the service's command, registered with the others

app.command()(serve)
