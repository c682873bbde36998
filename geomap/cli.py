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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from geomap.errors import GeomapError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from geomap.geoparse import Geoparser

app = typer.Typer(
    name="geomap",
    help="Turn conflict reports into sourced, mapped and comparable geodata.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
gazetteer_app = typer.Typer(help="Look up and extend the local gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

err = Console(stderr=True)
out = Console(soft_wrap=True)


class PlacesFormat(StrEnum):
    """Output formats of ``geomap places``."""

    table = "table"
    json = "json"


class EventsFormat(StrEnum):
    """Output formats of ``geomap events`` and ``geomap claims``."""

    table = "table"
    geojson = "geojson"


NoBase = Annotated[bool, typer.Option("--no-base", help="Leave out the worldwide GeoNames layer.")]


def _say(label: str, style: str, message: object) -> None:
    """Print ``label`` in ``style`` and ``message`` as plain text (file names and report text are not markup)."""
    err.print(Text.assemble((label, style), " ", str(message)), highlight=False)


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


def _parser(no_base: bool) -> Geoparser:
    from geomap.gazetteer import Gazetteer  # noqa: PLC0415 - keep `geomap --help` fast
    from geomap.geoparse import Geoparser  # noqa: PLC0415

    return Geoparser(Gazetteer.default(base=not no_base))


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    table = Table(title=title, show_lines=False, highlight=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    return table


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what geomap does.")] = False) -> None:
    """Turn conflict reports into sourced, mapped and comparable geodata."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


@app.command()
@_guard
def places(
    report: Annotated[Path, typer.Argument(help="A report file (UTF-8, optional front matter).")],
    fmt: Annotated[PlacesFormat, typer.Option("--format", "-f")] = PlacesFormat.table,
    no_base: NoBase = False,
) -> None:
    """Every place a report names, with its span and where its coordinates come from."""
    from geomap.reports import read_report  # noqa: PLC0415 - `places` stays free of geopandas and folium

    mentions = _parser(no_base).parse(read_report(report).text)
    records = [m.to_dict() for m in mentions]
    if fmt is PlacesFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    rows = [
        (r["surface"], f"{r['start']}-{r['end']}", r["name"] or "[unresolved]", r["kind"], r["lat"], r["lon"],
         r["role"], r["layer"])
        for r in records
    ]  # fmt: skip
    title = f"Places in {report.name}"
    out.print(_table(title, ("surface", "span", "place", "kind", "lat", "lon", "role", "layer"), rows))
    unresolved = [m.surface for m in mentions if not m.resolved]
    if unresolved:
        _say(f"{len(unresolved)} unresolved:", "yellow", ", ".join(unresolved))


@app.command()
@_guard
def events(
    report: Annotated[Path, typer.Argument(help="A report file.")],
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f")] = EventsFormat.table,
    no_base: NoBase = False,
) -> None:
    """The events a report gives: type, place, claimant, control, date, precision, quote."""
    from geomap.events import events_frame  # noqa: PLC0415
    from geomap.export import to_geojson  # noqa: PLC0415
    from geomap.pipeline import process_report  # noqa: PLC0415
    from geomap.reports import read_report  # noqa: PLC0415

    parser = _parser(no_base)
    result = process_report(read_report(report), parser)
    if fmt is EventsFormat.geojson:
        frame = events_frame(result.events, gazetteer=parser.gazetteer)
        typer.echo(json.dumps(to_geojson(frame), ensure_ascii=False, indent=2))
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
    out.print(
        _table(
            f"Events in {report.name}",
            ("type", "place", "control", "held by", "claimant", "date", "prec.", "quote"),
            rows,
        )
    )


def _jobs(jobs: int | None, total: int, dask: str | None) -> int | None:
    """Worker processes for ``total`` reports: no more than reports, none to start for one (Dask decides its own)."""
    if dask is not None:
        return jobs
    from geomap.scale import all_cores  # noqa: PLC0415

    return max(1, min(jobs or all_cores(), total))


@app.command()
@_guard
def run(
    paths: Annotated[list[Path] | None, typer.Argument(help="Report files and folders (default: seeds/).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the outputs.")] = Path("outputs"),
    strict: Annotated[bool, typer.Option(help="Exit 1 if any report could not be read.")] = False,
    no_base: NoBase = False,
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
) -> None:
    """Map reports: write map.html, events.geojson, claims.geojson, routes.geojson, places.csv."""
    from geomap.pipeline import run as run_batch  # noqa: PLC0415
    from geomap.reports import REPORT_SUFFIXES  # noqa: PLC0415
    from geomap.scale import report_mapper  # noqa: PLC0415

    inputs = paths or [Path("seeds")]
    total = sum(sum(1 for f in p.iterdir() if f.suffix.lower() in REPORT_SUFFIXES) if p.is_dir() else 1 for p in inputs)
    parser = _parser(no_base)
    if dask is not None and not logging.getLogger().isEnabledFor(logging.INFO):
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # Dask's own INFO lines only with --verbose
    with (
        report_mapper(
            jobs=_jobs(jobs, total, dask), dask=dask, out_dir=output, base=not no_base, parser=parser
        ) as mapper,
        Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, disable=total <= 1
        ) as bar,
    ):
        task = bar.add_task("reports", total=total)
        batch = run_batch(
            inputs,
            output,
            parser,
            progress=lambda r: bar.update(task, advance=1, description=r.report_id),
            mapper=mapper,
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
    limit: Annotated[int, typer.Option(min=1)] = 10,
    fmt: Annotated[PlacesFormat, typer.Option("--format", "-f")] = PlacesFormat.table,
    no_base: NoBase = False,
) -> None:
    """Places called NAME, best first, with the alias that matched and the coordinates' source."""
    from geomap.errors import PlaceNotFound  # noqa: PLC0415

    matches = _parser(no_base).gazetteer.lookup(name, kind=kind, country=country, limit=limit)
    if not matches:
        raise PlaceNotFound(name)
    if fmt is PlacesFormat.json:
        data = [{**m.place.to_dict(), "matched_alias": m.alias, "match": m.method, "score": m.score} for m in matches]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows = [(m.place.name, m.place.kind, m.place.lat, m.place.lon, m.place.country, m.alias, m.method,
             round(m.score, 1), m.place.layer, m.place.source) for m in matches]  # fmt: skip
    out.print(
        _table(
            f"Places called {name!r}",
            ("name", "kind", "lat", "lon", "country", "alias", "match", "score", "layer", "source"),
            rows,
        )
    )


@gazetteer_app.command("import")
@_guard
def gazetteer_import(
    file: Annotated[Path, typer.Argument(help="CSV or GeoJSON layer, or a GeoNames dump (.txt).")],
    name: Annotated[str | None, typer.Option(help="Layer name (default: the file name).")] = None,
) -> None:
    """Check a gazetteer file and install it as a layer used from now on."""
    from geomap.gazetteer import import_layer, user_layers_dir  # noqa: PLC0415

    layer, count = import_layer(file, name=name)
    _say("imported", "green", f"{count} places as layer {layer!r} into {user_layers_dir()}")


@gazetteer_app.command("build")
@_guard
def gazetteer_build() -> None:
    """Build (or check) the memory-mapped GeoNames index, so later commands start fast."""
    from geomap.gazetteer import base_layer  # noqa: PLC0415

    layer = base_layer()
    _say("GeoNames index ready:", "green", f"{len(layer):,} places in {layer.folder}")


@app.command()
@_guard
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold corpus: JSONL, or LGL / GeoVirus / TR-News / GWN XML.")],
    gold_spans: Annotated[
        bool, typer.Option("--gold-spans", help="Resolution only: geomap is given the gold spans.")
    ] = False,
    fmt: Annotated[PlacesFormat, typer.Option("--format", "-f")] = PlacesFormat.table,
    worst: Annotated[int, typer.Option(min=0, help="How many of the worst errors to list.")] = 15,
    demonyms: Annotated[
        bool, typer.Option("--demonyms", help="Count demonyms (Russian -> Russia) as toponyms, as LGL does.")
    ] = False,
    no_base: NoBase = False,
) -> None:
    """Score geomap against a gold corpus: recognition, resolution, geo-F1, worst errors."""
    from geomap.corpora import read_corpus  # noqa: PLC0415
    from geomap.evaluate import evaluate as score  # noqa: PLC0415
    from geomap.evaluate import evaluate_gold_spans, predictor, resolver  # noqa: PLC0415

    docs = read_corpus(gold)
    parser = _parser(no_base)
    result = (
        evaluate_gold_spans(docs, resolver(parser), n_worst=worst)
        if gold_spans
        else score(docs, predictor(parser, demonyms=demonyms), n_worst=worst)
    )
    if fmt is PlacesFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
        return
    rows = [(k, f"{v:.3f}" if isinstance(v, float) else v) for k, v in result.as_rows()]
    out.print(_table(f"{gold.name} ({result.mode.replace('_', ' ')})", ("metric", "value"), rows))
    if result.worst:
        worst_rows = [
            (w.doc_id, w.surface, w.name or "[unresolved]", w.gold_name or "", "-" if w.km is None else f"{w.km:,.0f}")
            for w in result.worst
        ]
        out.print(_table("Worst errors", ("doc", "surface", "chosen", "gold", "km"), worst_rows))


def _claims(paths: Sequence[Path], parser: Geoparser, what: str, *, required: bool = True) -> Any:  # noqa: ANN401
    """The control claims of ``paths`` (a GeoDataFrame); a ClaimError when ``required`` and there are none."""
    from geomap.errors import ClaimError  # noqa: PLC0415
    from geomap.pipeline import claims_of  # noqa: PLC0415

    claims, errors = claims_of(paths, parser)
    for error in errors:
        _say("skipped:", "red", error)
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
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f")] = EventsFormat.table,
    no_base: NoBase = False,
) -> None:
    """Control claims as areas: place, side said to hold it, claimant, report, km²."""
    from geomap.export import to_geojson  # noqa: PLC0415

    found = _claims(reports, _parser(no_base), "claims", required=False)
    if fmt is EventsFormat.geojson:
        typer.echo(json.dumps(to_geojson(found), ensure_ascii=False, indent=2))
        return
    rows = [(r.report_id, r.place_name, r.controller, r.kind, r.claimant, r.report_date, f"{r.area_km2:,.2f}",
             r.area_method) for r in found.itertuples()]  # fmt: skip
    out.print(
        _table("Control claims", ("report", "place", "held by", "claim", "claimant", "date", "km²", "area"), rows)
    )


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
    no_base: NoBase = False,
) -> None:
    """Compare the control claimed by two groups of reports: agree, contradict, only A, only B, in km²."""
    from geomap.compare import compare_claims, select_claims  # noqa: PLC0415
    from geomap.export import write_csv, write_geojson, write_html  # noqa: PLC0415
    from geomap.maps import render_comparison  # noqa: PLC0415

    parser = _parser(no_base)
    group_a = select_claims(_claims(a, parser, label_a), side=side_a, date=date_a)
    group_b = select_claims(_claims([b], parser, label_b), side=side_b, date=date_b)
    result = compare_claims(group_a, group_b, label_a=label_a, label_b=label_b)
    write_html(render_comparison(result, claims_a=group_a, claims_b=group_b), output / "compare.html")
    write_geojson(result.pieces, output / "compare.geojson")
    write_csv(result.pieces.drop(columns=result.pieces.geometry.name), output / "compare.csv")
    rows = result.to_rows()
    out.print(_table(f"{label_a} vs {label_b}: claimed ground", rows[0], rows[1:]))
    for name in ("compare.html", "compare.geojson", "compare.csv"):
        _say("wrote", "green", output / name)


@app.command()
@_guard
def timeline(
    reports: Annotated[list[Path], typer.Argument(help="A folder of dated reports (or report files).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for timeline.html/.geojson/.csv.")] = Path(
        "outputs"
    ),
    skip_undated: Annotated[bool, typer.Option(help="Leave out (and list) reports without a date.")] = False,
    no_base: NoBase = False,
) -> None:
    """The claimed control per report date, on a map with a time slider, and what changed between dates."""
    from geomap.export import write_csv, write_geojson, write_html  # noqa: PLC0415
    from geomap.maps import render_timeline  # noqa: PLC0415
    from geomap.timeline import timeline as build_timeline  # noqa: PLC0415

    claims = _claims(reports, _parser(no_base), "timeline")
    result = build_timeline(claims, undated="skip" if skip_undated else "raise")
    if len(result.undated):
        _say("left out, no date:", "yellow", ", ".join(sorted(set(result.undated["report_id"]))))
    write_html(render_timeline(result), output / "timeline.html")
    write_geojson(result.change_pieces, output / "timeline.geojson")
    write_csv(result.changes, output / "timeline.csv")
    rows = [(r.date_from, r.date_to, r.side, f"{r.gained_km2:,.2f}", f"{r.lost_km2:,.2f}", f"{r.contested_km2:,.2f}")
            for r in result.changes.itertuples()]  # fmt: skip
    out.print(_table("Change between report dates (km²)", ("from", "to", "side", "gained", "lost", "contested"), rows))
    for name in ("timeline.html", "timeline.geojson", "timeline.csv"):
        _say("wrote", "green", output / name)
