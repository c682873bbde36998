"""``geomap evaluate``: score toponyms or events against a gold corpus."""

from __future__ import annotations

import json
from pathlib import Path  # noqa: TC003 - typer reads the annotations at run time
from typing import Annotated

import typer

from geomap.cli.console import guard, printable, show
from geomap.cli.options import NoBase, ReportFormat
from geomap.cli.parsing import open_parser

__all__ = ["evaluate"]


@guard
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
    from geomap.evaluation import evaluate as score  # noqa: PLC0415
    from geomap.evaluation import evaluate_gold_spans, predictor, resolver  # noqa: PLC0415

    docs = read_corpus(gold)
    if not docs:
        msg = "the gold corpus holds no documents; nothing to score"
        raise ReportFormatError(msg, path=gold)
    parser = open_parser(no_base)
    result = (
        evaluate_gold_spans(docs, resolver(parser), n_worst=worst)
        if gold_spans
        else score(docs, predictor(parser, demonyms=demonyms), n_worst=worst)
    )
    if fmt is ReportFormat.json:
        typer.echo(printable(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)))
        return
    rows = [(k, f"{v:.3f}" if isinstance(v, float) else v) for k, v in result.as_rows()]
    show(f"{gold.name} ({result.mode.replace('_', ' ')})", ("metric", "value"), rows)
    if result.worst:
        worst_rows = [
            (
                *(printable(str(v)) for v in (w.doc_id, w.surface, w.name or "[unresolved]", w.gold_name or "")),
                "-" if w.km is None else f"{w.km:,.0f}",
            )
            for w in result.worst
        ]
        show("Worst errors", ("doc", "surface", "chosen", "gold", "km"), worst_rows)


def _evaluate_events(gold: Path, *, fmt: ReportFormat, worst: int, no_base: bool) -> None:
    from geomap.events import extract_events  # noqa: PLC0415
    from geomap.events.scoring import read_gold_events, score_events  # noqa: PLC0415

    reports, gold_events = read_gold_events(gold)
    parser = open_parser(no_base)
    result = score_events(reports, gold_events, lambda r: extract_events(r, parser), n_worst=worst)
    if fmt is ReportFormat.json:
        typer.echo(printable(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)))
        return
    rows = [(k, f"{v:.3f}" if isinstance(v, float) else v) for k, v in result.as_rows()]
    show(f"{gold.name} (events)", ("metric", "value"), rows)
    for title, items in (("Missed gold events", result.misses), ("Events not in the gold", result.false_alarms)):
        if items:
            show(title, ("doc", "place", "type", "sentence at"),
                 [(m["doc"], m["place"], m["type"], m["sentence_start"]) for m in items])  # fmt: skip
