"""``geomap gazetteer``: look up places, import layers, build and check the GeoNames index."""

from __future__ import annotations

from pathlib import Path  # noqa: TC003 - typer reads the annotations at run time
from typing import Annotated

import typer

from geomap.cli.console import fail, guard, say, show
from geomap.cli.options import NoBase, PlacesFormat, Wide
from geomap.cli.parsing import open_parser
from geomap.errors import GeomapError
from geomap.terminal import Column, print_records

__all__ = ["gazetteer_build", "gazetteer_check", "gazetteer_import", "gazetteer_lookup"]


@guard
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

    matches = open_parser(no_base).gazetteer.lookup(name, kind=kind, country=country, limit=limit)
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
    show(f"Places called {name!r}", columns, rows, wide=wide)


def _boundary_fields(place_id: str) -> dict[str, dict[str, object]]:
    """The polygon a place's claims use, if ``gazetteer/boundaries`` has one (file, source, how it was made)."""
    from geomap.gazetteer.boundaries import boundary  # noqa: PLC0415

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


@guard
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
            say("bad row:", "red", problem)
        msg = f"{file}: {len(exc.problems)} bad row(s); nothing installed (--skip-bad imports the good rows)"
        raise fail(GeomapError(msg)) from None
    say("imported", "green", f"{done.places} places as layer {done.layer!r} into {done.folder}")
    if done.rejected_file is not None:
        say(f"left out {done.rejected} bad row(s), listed in", "yellow", done.rejected_file)


@guard
def gazetteer_build() -> None:
    """Build (or check) the memory-mapped GeoNames index, so later commands start fast."""
    from geomap.gazetteer import base_layer  # noqa: PLC0415

    layer = base_layer()
    say("GeoNames index ready:", "green", f"{len(layer):,} places in {layer.folder}")


@guard
def gazetteer_check() -> None:
    """Check every byte of the GeoNames index and the imported layers against their manifests; rebuild a bad index."""
    from geomap.gazetteer import base_layer  # noqa: PLC0415
    from geomap.gazetteer.indexcache import MANIFEST, check  # noqa: PLC0415
    from geomap.gazetteer.layerinstall import user_layers_dir  # noqa: PLC0415

    folder = base_layer().folder
    problems = check(folder, full=True)
    for problem in problems:
        say("damaged:", "yellow", problem)
    if problems:
        (folder / MANIFEST).unlink(missing_ok=True)  # marks it for rebuilding
        folder = base_layer().folder
        say("rebuilt the GeoNames index:", "green", folder)
    else:
        say("GeoNames index intact:", "green", folder)
    layers = user_layers_dir()
    damaged = [p for d in sorted(layers.glob("*-*")) if (d / MANIFEST).is_file() for p in check(d, full=True)]
    for problem in damaged:
        say("damaged layer:", "red", problem)
    if damaged:
        msg = f"{len(damaged)} problem(s) in the imported layers under {layers}; import them again"
        raise GeomapError(msg)
