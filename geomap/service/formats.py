r"""How the service writes what it returns: inert JSON, GeoJSON, ACLED-shaped CSV and JSON Lines.

Report text is untrusted. JSON responses carry ``<``, ``>`` and ``&`` as
``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same JSON, but never markup
even if a browser sniffs it), with ``X-Content-Type-Options: nosniff`` and a
``Content-Security-Policy`` that runs nothing. Features are built by
:func:`geomap.export.to_geojson` and the CSV by :func:`geomap.acled.acled_frame`, as
the CLI's are.

Examples
--------
>>> SafeJSONResponse({"quote": "<script>"}).body
b'{"quote":"\\u003cscript\\u003e"}'
>>> negotiate("text/csv;q=0.9, application/geo+json")
'geojson'
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from fastapi.responses import JSONResponse, Response

from geomap.acled import acled_frame
from geomap.export import json_lines, spreadsheet_safe, to_geojson

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from geomap.gazetteer import Gazetteer

__all__ = [
    "FORMATS",
    "SafeJSONResponse",
    "acled_csv",
    "feature_collection",
    "jsonl_lines",
    "negotiate",
    "plain",
    "records",
]

#: Output formats of the event lists, by ``?format=`` name, with their media types.
FORMATS: dict[str, str] = {
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
}
_ACCEPT = {
    "application/geo+json": "geojson",
    "application/json": "geojson",
    "application/*": "geojson",
    "*/*": "geojson",
    "text/csv": "csv",
    "text/*": "csv",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
}

_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'"}


def _inert(text: str) -> str:
    """JSON text with ``<``, ``>`` and ``&`` escaped (they only occur inside strings, so the JSON is the same)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def plain(value: Any) -> Any:  # noqa: ANN401 - any JSON-ready value
    """``value`` with non-finite floats as null, recursively (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def inert_json(content: Any) -> bytes:  # noqa: ANN401 - any JSON-ready value
    """Compact JSON of ``content`` in which no ``<``, ``>`` or ``&`` appears."""
    options: dict[str, Any] = {"ensure_ascii": False, "allow_nan": False, "separators": (",", ":"), "default": str}
    try:
        text = json.dumps(content, **options)
    except ValueError:  # a NaN or infinity somewhere (JSON has none): walk the value only then
        text = json.dumps(plain(content), **options)
    return _inert(text).encode()


class SafeJSONResponse(JSONResponse):
    """A JSON response that is inert as markup and runs nothing if opened in a browser."""

    def __init__(self, content: Any, status_code: int = 200, **kwargs: Any) -> None:  # noqa: ANN401
        headers = {**_HEADERS, **(kwargs.pop("headers", None) or {})}
        super().__init__(content, status_code=status_code, headers=headers, **kwargs)

    def render(self, content: Any) -> bytes:  # noqa: ANN401
        """The inert JSON of ``content``."""
        return inert_json(content)


class GeoJSONResponse(SafeJSONResponse):
    """An inert JSON response with the GeoJSON media type."""

    media_type = "application/geo+json"


def negotiate(accept: str | None) -> str | None:
    """The event format an ``Accept`` header asks for (highest q first), or None if none fits.

    Examples
    --------
    >>> negotiate(None), negotiate("application/x-ndjson"), negotiate("image/png")
    ('geojson', 'jsonl', None)
    """
    if not accept or not accept.strip():
        return "geojson"
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media.lower() in _ACCEPT and q > 0:
            ranked.append((-q, order, _ACCEPT[media.lower()]))
    return min(ranked)[2] if ranked else None


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a table as plain JSON values (dates as ISO strings, NaN as null).

    Examples
    --------
    >>> import datetime as dt, pandas as pd
    >>> records(pd.DataFrame({"date": [dt.date(2020, 10, 1)], "km2": [float("nan")]}))
    [{'date': '2020-10-01', 'km2': None}]
    """
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", date_format="iso", default_handler=str))
    for row in rows:
        for name, value in row.items():
            if isinstance(value, str) and value.endswith("T00:00:00.000"):
                row[name] = value[:10]
    return rows


def feature_collection(frame: gpd.GeoDataFrame, **members: Any) -> dict[str, Any]:  # noqa: ANN401
    """An RFC 7946 FeatureCollection of ``frame`` with foreign members (paging, tables) added."""
    return {**to_geojson(frame), **members}


def jsonl_lines(frame: gpd.GeoDataFrame) -> bytes:
    """One event a line, its properties (as ``geomap events --format jsonl``), inert as in :class:`SafeJSONResponse`."""
    return _inert(json_lines([f["properties"] for f in to_geojson(frame)["features"]])).encode()


def acled_csv(frame: gpd.GeoDataFrame, gazetteer: Gazetteer) -> str:
    """Events as the ACLED-shaped CSV ``geomap run`` writes (:func:`geomap.acled.acled_frame`)."""
    return str(spreadsheet_safe(acled_frame(frame, gazetteer)).to_csv(index=False))


def event_response(
    frame: gpd.GeoDataFrame,
    fmt: str,
    *,
    gazetteer: Gazetteer,
    headers: dict[str, str],
    **members: Any,  # noqa: ANN401
) -> Response:
    """The events of ``frame`` in ``fmt`` (``geojson``, ``csv`` or ``jsonl``)."""
    if fmt == "csv":
        return Response(acled_csv(frame, gazetteer), media_type=FORMATS["csv"], headers={**_HEADERS, **headers})
    if fmt == "jsonl":
        return Response(jsonl_lines(frame), media_type=FORMATS["jsonl"], headers={**_HEADERS, **headers})
    return GeoJSONResponse(feature_collection(frame, **members), headers=headers)
