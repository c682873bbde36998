"""Map layers as data: each layer one compact JSON block, drawn by the runtime on a canvas.

A layer's rows travel column by column, each column dictionary-encoded
(distinct display strings plus one integer code per row), so a repeated
source, type or quote is written once. Points carry ``x``/``y`` arrays,
lines and areas GeoJSON geometries. Popups and tooltips are built in the
browser from a row when it is clicked or hovered: there is no JavaScript
per feature and no HTML in the data.

Examples
--------
>>> import pandas as pd
>>> column = encode_column(pd.Series(["shelled", None, "shelled", "shelled", 2.5]))
>>> column["v"], column["c"].tolist()
(['shelled', '2.50'], [0, -1, 0, 0, 1])
>>> encode_column(pd.Series(["a", "a"])), encode_column(pd.Series(["a", "b"]))
({'v': ['a'], 'c': None}, {'v': ['a', 'b']})
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson
import pandas as pd
import shapely

from geomap.maps.runtime import RuntimeCall

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import geopandas as gpd

__all__ = ["FACETS", "DataLayer", "FilterControl", "LayerControl", "encode_column", "layer_spec"]

_COORD_DIGITS = 5  # about 1 m: finer than any geo-precision the events have


def _display(value: Any) -> str | None:  # noqa: ANN401 - any cell of a frame
    """The text a popup shows for one value (None for a missing one)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return None if math.isnan(value) else f"{value:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _uniques_shown(uniques: Any) -> list[str | None]:  # noqa: ANN401 - what pd.factorize gives
    """The display strings of a column's distinct values (one Python step per distinct value, not per row)."""
    values = np.asarray(uniques, dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return values.tolist()  # type: ignore[no-any-return]
    return [_display(v) for v in values.tolist()]


def encode_column(series: pd.Series) -> dict[str, Any]:
    """A column as compact JSON: distinct display strings ``v`` and one code per row ``c`` (-1: no value).

    A column with one value for every row keeps only ``v`` (``c`` is None); a
    column of mostly distinct values is ``v`` alone, one string (or None) per row.
    Codes are a numpy array (written as a JSON list).
    """
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # lists (places of a comparison piece) are not hashable
        codes, uniques = pd.factorize(series.map(lambda v: tuple(v) if isinstance(v, list) else v))
    shown = _uniques_shown(uniques)
    if len(shown) == 1 and len(codes) and bool((codes == 0).all()):
        return {"v": shown, "c": None}
    lookup = np.array([*shown, None], dtype=object)  # code -1 picks the last slot: no value
    if len(shown) > len(codes) // 2:
        return {"v": lookup[codes].tolist()}
    missing = np.array([s is None for s in shown] + [True], dtype=bool)
    codes = np.where(missing[codes], -1, codes)
    return {"v": [s or "" for s in shown], "c": codes.astype(np.int32)}


def _holds_lists(series: pd.Series) -> bool:
    """Whether a column holds lists (looked at in its first value)."""
    first = series.dropna().head(1).tolist()
    return series.dtype == object and bool(first) and isinstance(first[0], (list, tuple))


def layer_spec(
    frame: gpd.GeoDataFrame,
    fields: Sequence[tuple[str, str]],
    *,
    name: str,
    colour: str,
    colour_by: str | None = None,
    colours: Mapping[str, str] | None = None,
    tooltip: Sequence[str] = (),
    label: str | None = None,
    style: Mapping[str, Any] | None = None,
    cluster: bool = False,
    show: bool = True,
    facets: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON-ready description of one layer of ``frame`` (EPSG:4326).

    Parameters
    ----------
    frame
        The rows; only the ``fields`` present and the geometry are used.
    fields
        ``(column, label)`` pairs shown in the popup, in order.
    name
        The layer's name in the layer control.
    colour
        Colour of every feature, or of features whose ``colour_by`` value has no entry in ``colours``.
    colour_by, colours
        Colour features by the display value of this column.
    tooltip
        Columns shown on hover.
    label
        Column shown as a permanent label on each feature.
    style
        Leaflet path options.
    cluster
        Cluster the points.
    show
        Whether the layer is on at first.
    facets
        What the filter control (:class:`FilterControl`) filters the layer by:
        facet name (``type``, ``side``, ``claimant``, ``date``) to column. A
        column of lists gives each row several values; the row passes when one does.
    """
    present = [(f, text) for f, text in fields if f in frame.columns]
    keys = [f for f, _ in present]
    facets = {k: c for k, c in (facets or {}).items() if c in frame.columns}
    lists = {k: c for k, c in facets.items() if _holds_lists(frame[c])}
    for extra in (colour_by, label, *tooltip, *(c for k, c in facets.items() if k not in lists)):
        if extra is not None and extra not in keys and extra in frame.columns:
            present.append((extra, ""))
            keys.append(extra)
    spec: dict[str, Any] = {
        "name": name,
        "fields": [[f, text] for f, text in present if text],
        "keys": keys,
        "cols": [encode_column(frame[f]) for f in keys],
        "colour": colour,
        "colourBy": keys.index(colour_by) if colour_by in keys else None,
        "colours": dict(colours or {}),
        "tooltip": [keys.index(t) for t in tooltip if t in keys],
        "label": keys.index(label) if label in keys else None,
        "style": dict(style or {}),
        "cluster": cluster,
        "show": show,
        "facets": {k: keys.index(c) for k, c in facets.items() if k not in lists},
        "facetLists": {k: [[_display(v) for v in row] for row in frame[c]] for k, c in lists.items()},
    }
    geoms = frame.geometry.to_numpy()
    if len(geoms) and bool(shapely.get_type_id(geoms).max() == 0):  # all points
        spec["kind"] = "points"
        spec["x"] = np.round(shapely.get_x(geoms), _COORD_DIGITS)
        spec["y"] = np.round(shapely.get_y(geoms), _COORD_DIGITS)
    else:
        spec["kind"] = "shapes"
        rounded = shapely.transform(geoms, lambda xy: np.round(xy, _COORD_DIGITS))
        spec["geoms"] = _geojson_list(rounded)
    return spec


def _geojson_list(geoms: np.ndarray) -> orjson.Fragment:
    """Geometries as one JSON list of GeoJSON geometries (null for a missing one), written by GEOS."""
    texts = shapely.to_geojson(geoms)
    texts = np.where(pd.isna(texts), "null", texts)
    return orjson.Fragment("[" + ",".join(texts.tolist()) + "]")


class DataLayer(RuntimeCall):
    """One layer on a map, drawn by the runtime from its JSON block (see :func:`layer_spec`)."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        super().__init__("points" if spec["kind"] == "points" else "shapes", dict(spec))


#: The filter control's choices: facet and its label. A date range (facet ``date``) follows them.
FACETS = (("type", "Type"), ("side", "Report's side"), ("claimant", "Claimant"))


class FilterControl(RuntimeCall):
    """One control filtering every layer that has facets (see :func:`layer_spec`): a choice per facet, a date range.

    Added after the layers it filters. A layer without a facet is not filtered by it.

    Parameters
    ----------
    labels
        Labels that replace those of :data:`FACETS` (``{"type": "Event"}``).
    """

    def __init__(self, *, labels: Mapping[str, str] | None = None) -> None:
        names = {**dict(FACETS), **(labels or {})}
        super().__init__("filter", {"by": [[key, names[key]] for key, _ in FACETS]})


class LayerControl(RuntimeCall):
    """The layer control: every geomap layer by its name and count (set as text), collapsed below 1100 px wide."""

    def __init__(self, *, collapsed: bool | None = None) -> None:
        super().__init__("control", {"collapsed": collapsed})
