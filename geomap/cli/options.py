"""The options several ``geomap`` commands share, and the output formats each command offers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

__all__ = [
    "ClaimsFormat",
    "EventsFormat",
    "IncludeUnknown",
    "NoBase",
    "PlacesFormat",
    "Recursive",
    "ReportFormat",
    "RunFormat",
    "TileOption",
    "Wide",
]


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
IncludeUnknown = Annotated[
    bool,
    typer.Option("--include-unknown", help="Keep claims whose sentence does not say which side holds the ground."),
]
