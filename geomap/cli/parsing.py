"""Open the geoparser and print the places a report names: the work of ``geomap places``, without typer.

Both ways into ``geomap places`` end here: typer's command (:func:`geomap.cli.reports.places`) and the
quick path that answers plain arguments without loading typer (:mod:`geomap.cli.quick`), so the two
print the same by construction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.cli.console import say, show
from geomap.terminal import Column, print_records

if TYPE_CHECKING:
    from pathlib import Path

    from geomap.geoparse import Geoparser

__all__ = ["PLACES_FORMATS", "open_parser", "print_places"]

#: What ``geomap places --format`` takes: a table, one JSON array, or one JSON object a line.
PLACES_FORMATS = ("table", "json", "jsonl")
_COLUMNS = (Column("surface", 12), Column("span", 9, 3), Column("place", 14), Column("kind", 10, 2),
            Column("lat", 8, 2), Column("lon", 8, 2), Column("role", 7, 4), Column("layer", 8, 5))  # fmt: skip


def open_parser(no_base: bool) -> Geoparser:
    """The geoparser over the default gazetteer (without the GeoNames layer when ``no_base``)."""
    from geomap.gazetteer import Gazetteer  # noqa: PLC0415 - keep `geomap --help` fast
    from geomap.geoparse import Geoparser  # noqa: PLC0415

    return Geoparser(Gazetteer.default(base=not no_base))


def print_places(report: Path, fmt: str, *, wide: bool = False, no_base: bool = False) -> None:
    """Print every place ``report`` names in ``fmt`` (one of :data:`PLACES_FORMATS`); the unresolved on stderr.

    ``report`` is a file or ``-`` (standard input). Raises what :func:`~geomap.reports.read_report` raises.
    """
    from geomap.reports import read_report  # noqa: PLC0415 - `places` stays free of geopandas and folium

    mentions = open_parser(no_base).parse(read_report(report).text)
    records = [m.to_dict() for m in mentions]
    if fmt != "table":
        print_records(records, fmt)
        return
    rows = [
        (r["surface"], f"{r['start']}-{r['end']}", r["name"] or "[unresolved]", r["kind"], r["lat"], r["lon"],
         r["role"], r["layer"])
        for r in records
    ]  # fmt: skip
    show(f"Places in {report.name}", _COLUMNS, rows, wide=wide)
    unresolved = [m.surface for m in mentions if not m.resolved]
    if unresolved:
        say(f"{len(unresolved)} unresolved:", "yellow", ", ".join(unresolved))
