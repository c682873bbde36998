"""The commands on control claims: ``claims``, ``compare`` (two groups of reports) and ``timeline``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from geomap.cli.console import guard, say, show
from geomap.cli.options import ClaimsFormat, IncludeUnknown, NoBase, Recursive, TileOption, Wide
from geomap.cli.parsing import open_parser
from geomap.terminal import Column, print_features

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.geoparse import Geoparser

__all__ = ["claims", "compare", "timeline"]


def _claims(
    paths: Sequence[Path],
    parser: Geoparser,
    what: str,
    *,
    required: bool = True,
    skipped: list[Exception] | None = None,
    recursive: bool = False,
    include_unknown: bool = True,
    layers: list[Any] | None = None,
) -> Any:  # noqa: ANN401
    """The control claims of ``paths`` (a GeoDataFrame); a ClaimError when ``required`` and there are none.

    The reports that could not be read are printed and added to ``skipped``. Without ``include_unknown``,
    claims that do not say who holds the ground are left out, and counted. With ``layers``, the
    events and routes of the reports (``pipeline.BatchFrames``, for the maps) are added to it.
    """
    from geomap.claims import known_holders  # noqa: PLC0415
    from geomap.errors import ClaimError  # noqa: PLC0415
    from geomap.pipeline import claims_of, frames_of  # noqa: PLC0415

    if layers is None:
        claims, errors = claims_of(paths, parser, recursive=recursive)
    else:
        frames, errors = frames_of(paths, parser, recursive=recursive)
        layers.append(frames)
        claims = frames.claims
    if skipped is not None:
        skipped.extend(errors)
    for error in errors:
        say("skipped:", "red", error)
    if not include_unknown:
        claims, left_out = known_holders(claims)
        if len(left_out):
            places = "; ".join(f"{r.report_id}: {r.place_name}" for r in left_out.itertuples())
            say(f"{what}: left out {len(left_out)} claim(s) that do not say who holds the ground"
                 " (--include-unknown keeps them):", "yellow", places)  # fmt: skip
    if required and claims.empty:
        names = ", ".join(str(p) for p in paths)
        msg = f"{what}: {names} hold(s) no control claim (no sentence says which side holds a place)"
        raise ClaimError(msg)
    unknown = claims[claims["controller"] == "unknown"] if len(claims) else claims
    if len(unknown):
        holders = "; ".join(f"{r.report_id}: {r.place_name}" for r in unknown.itertuples())
        say(f"{what}: {len(unknown)} claim(s) do not say which side holds the ground:", "yellow", holders)
    return claims


@guard
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
    found = _claims(reports, open_parser(no_base), "claims", required=False, recursive=recursive)
    if fmt is not ClaimsFormat.table:
        print_features(found, fmt)
        return
    rows = [(r.report_id, r.place_name, r.controller, r.kind, r.claimant, r.report_date, f"{r.area_km2:,.2f}",
             r.area_method) for r in found.itertuples()]  # fmt: skip
    columns = (Column("report", 12, 2), Column("place", 12), Column("held by", 8), Column("claim", 7, 3),
               Column("claimant", 14, 4), Column("date", 10, 3), Column("km²", 8),
               Column("area", 14, 5, flexible=True))  # fmt: skip
    show("Control claims", columns, rows, wide=wide)


@guard
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
    from geomap.maps import map_layers, render_comparison, render_sides  # noqa: PLC0415
    from geomap.outputs import output_set  # noqa: PLC0415

    parser = open_parser(no_base)
    skipped: list[Exception] = []
    layers: list[Any] = []
    group_a = select_claims(
        _claims(
            a, parser, label_a, skipped=skipped, recursive=recursive, include_unknown=include_unknown, layers=layers
        ),
        side=side_a,
        date=date_a,
    )
    group_b = select_claims(
        _claims(
            [b], parser, label_b, skipped=skipped, recursive=recursive, include_unknown=include_unknown, layers=layers
        ),
        side=side_b,
        date=date_b,
    )
    result = compare_claims(group_a, group_b, label_a=label_a, label_b=label_b)
    with output_set(output, "compare", errors=skipped) as stage:
        events, routes = map_layers(layers, [group_a, group_b])
        m = render_comparison(result, claims_a=group_a, claims_b=group_b, events=events, routes=routes, tiles=tiles)
        write_html(m, stage / "compare.html")
        sides = render_sides(result, claims_a=group_a, claims_b=group_b, tiles=tiles)
        write_html(sides, stage / "compare-sides.html")
        write_geojson(result.pieces, stage / "compare.geojson")
        write_csv(result.pieces.drop(columns=result.pieces.geometry.name), stage / "compare.csv")
    rows = result.to_rows()
    show(f"{label_a} vs {label_b}: claimed ground", rows[0], rows[1:])
    for name in ("compare.html", "compare-sides.html", "compare.geojson", "compare.csv"):
        say("wrote", "green", output / name)


@guard
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
    from geomap.maps import map_layers, render_timeline  # noqa: PLC0415
    from geomap.outputs import output_set  # noqa: PLC0415
    from geomap.timeline import timeline as build_timeline  # noqa: PLC0415

    skipped: list[Exception] = []
    layers: list[Any] = []
    claims = _claims(
        reports, open_parser(no_base), "timeline", skipped=skipped, recursive=recursive,
        include_unknown=include_unknown, layers=layers,
    )  # fmt: skip
    result = build_timeline(claims, undated="skip" if skip_undated else "raise")
    if len(result.undated):
        say("left out, no date:", "yellow", ", ".join(sorted(set(result.undated["report_id"]))))
    with output_set(output, "timeline", errors=skipped) as stage:
        events, routes = map_layers(layers, [claims])
        write_html(
            render_timeline(result, claims=claims, events=events, routes=routes, tiles=tiles), stage / "timeline.html"
        )
        write_geojson(result.change_pieces, stage / "timeline.geojson")
        write_csv(result.changes, stage / "timeline.csv")
    rows = [(r.date_from, r.date_to, r.side, f"{r.gained_km2:,.2f}", f"{r.lost_km2:,.2f}", f"{r.contested_km2:,.2f}")
            for r in result.changes.itertuples()]  # fmt: skip
    show("Change between report dates (km²)", ("from", "to", "side", "gained", "lost", "contested"), rows)
    for name in ("timeline.html", "timeline.geojson", "timeline.csv"):
        say("wrote", "green", output / name)
