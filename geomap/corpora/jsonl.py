"""geomap's JSONL gold format: one document a line (``../shared/devset/devset.jsonl``, the converted benchmarks)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from geomap.corpora.gold import GoldDocument, GoldToponym, _is_int, _is_number
from geomap.errors import ReportFormatError

if TYPE_CHECKING:
    from os import PathLike


def _opt_number(obj: Mapping[str, Any], key: str) -> Any:  # noqa: ANN401 - checked by GoldToponym
    value = obj.get(key)
    if value is not None and not _is_number(value):
        msg = f"{key} must be a number or null, got {value!r}"
        raise ReportFormatError(msg)
    return value


def _json_span(obj: object, what: str) -> tuple[int, int]:
    if not isinstance(obj, Mapping):
        msg = f"{what} must be an object, got {type(obj).__name__}"
        raise ReportFormatError(msg)
    start, end = obj.get("start"), obj.get("end")
    if not (_is_int(start) and _is_int(end)):
        msg = f"{what}: start and end must be integers, got {start!r} and {end!r}"
        raise ReportFormatError(msg)
    return start, end  # type: ignore[return-value]


def _json_toponym(obj: object, text: str, index: int) -> GoldToponym:
    what = f"toponyms[{index}]"
    start, end = _json_span(obj, what)
    assert isinstance(obj, Mapping)  # checked by _json_span
    surface = obj.get("surface")
    if surface is None:
        surface = text[start:end]
    elif not isinstance(surface, str):
        msg = f"{what}: surface must be a string, got {surface!r}"
        raise ReportFormatError(msg)
    geonameid = obj.get("geonameid")
    if isinstance(geonameid, str) and geonameid.isdigit():
        geonameid = int(geonameid)
    name = obj.get("name")
    try:
        return GoldToponym(
            start,
            end,
            surface,
            _opt_number(obj, "lat"),
            _opt_number(obj, "lon"),
            tolerance_km=_opt_number(obj, "tolerance_km"),
            geonameid=geonameid,
            name=name if isinstance(name, str) else None,
        )
    except ReportFormatError as err:
        msg = f"{what}: {err}"
        raise ReportFormatError(msg) from None


def _json_meta(obj: Mapping[str, Any]) -> dict[str, str]:
    meta: dict[str, str] = {}
    inner = obj.get("meta")
    if isinstance(inner, Mapping):
        meta.update({str(k): str(v) for k, v in inner.items() if v is not None and not isinstance(v, dict | list)})
    for key, value in obj.items():
        if key not in {"id", "text"} and isinstance(value, str):
            meta.setdefault(key, value)
    return meta


def _json_document(line: str) -> GoldDocument:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        msg = f"invalid JSON: {err.msg} at column {err.colno}"
        raise ReportFormatError(msg) from None
    if not isinstance(obj, dict):
        msg = f"a line must hold a JSON object, got {type(obj).__name__}"
        raise ReportFormatError(msg)
    doc_id, text = obj.get("id"), obj.get("text")
    if not (isinstance(doc_id, str) and doc_id) and not _is_int(doc_id):
        msg = f"'id' must be a non-empty string or an integer, got {doc_id!r}"
        raise ReportFormatError(msg)
    if not isinstance(text, str):
        msg = f"document {doc_id!r}: 'text' must be a string, got {type(text).__name__}"
        raise ReportFormatError(msg)
    toponyms, neutral = obj.get("toponyms", []), obj.get("neutral") or []
    if not isinstance(toponyms, list) or not isinstance(neutral, list):
        msg = f"document {doc_id!r}: 'toponyms' and 'neutral' must be lists"
        raise ReportFormatError(msg)
    try:
        return GoldDocument(
            str(doc_id),
            text,
            tuple(_json_toponym(t, text, i) for i, t in enumerate(toponyms)),
            neutral=tuple(_json_span(n, f"neutral[{i}]") for i, n in enumerate(neutral)),
            meta=_json_meta(obj),
        )
    except ReportFormatError as err:
        msg = f"document {doc_id!r}: {err}" if not str(err).startswith("document ") else str(err)
        raise ReportFormatError(msg) from None


@overload
def read_jsonl(path: str | PathLike[str], *, errors: Literal["raise"] = "raise") -> list[GoldDocument]: ...


@overload
def read_jsonl(
    path: str | PathLike[str], *, errors: Literal["collect"]
) -> tuple[list[GoldDocument], list[ReportFormatError]]: ...


def read_jsonl(
    path: str | PathLike[str], *, errors: Literal["raise", "collect"] = "raise"
) -> list[GoldDocument] | tuple[list[GoldDocument], list[ReportFormatError]]:
    r"""Read a gold corpus in geomap's JSONL format.

    One document a line: ``{"id", "text", "toponyms": [{"start", "end",
    "lat", "lon", "surface"?, "tolerance_km"?, "geonameid"?, "name"?}],
    "neutral": [{"start", "end"}]?, "meta": {...}?}``. Other keys are ignored,
    except that top-level string values (``title``, ``url``) join ``meta``.
    A toponym whose ``lat`` and ``lon`` are null counts for recognition only.
    Blank lines are skipped.

    Parameters
    ----------
    path : str or path-like
        The ``.jsonl`` file (UTF-8).
    errors : {"raise", "collect"}
        ``"raise"`` stops at the first bad line. ``"collect"`` skips bad lines
        and returns their errors beside the documents.

    Returns
    -------
    list of GoldDocument
        With ``errors="raise"``.
    (list of GoldDocument, list of ReportFormatError)
        With ``errors="collect"``: the good documents and one error per bad
        line; each error has ``path`` and ``line`` and its message names both.

    Raises
    ------
    ReportFormatError
        For a bad line (``errors="raise"``), naming file and line: invalid
        JSON, offsets that are not integers inside the text, an empty span,
        coordinates that are not finite WGS84 degrees, a surface that is not
        the text of its span, a repeated id; or for a file that is not UTF-8.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> good = '{"id": "a", "text": "Fizuli fell.", "toponyms": [{"start": 0, "end": 6, "lat": 39.6, "lon": 47.1}]}'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "gold.jsonl")
    ...     _ = path.write_text(good + "\n" + '{"id": "b", "text": 3}' + "\n", encoding="utf-8")
    ...     docs, problems = read_jsonl(path, errors="collect")
    ...     read_jsonl(path)
    Traceback (most recent call last):
    ...
    geomap.errors.ReportFormatError: .../gold.jsonl:2: document 'b': 'text' must be a string, got int
    >>> [d.toponyms[0].surface for d in docs], [p.line for p in problems]
    (['Fizuli'], [2])
    """
    if errors not in {"raise", "collect"}:
        msg = f"errors must be 'raise' or 'collect', got {errors!r}"
        raise ValueError(msg)
    path = Path(path)
    try:
        # Split on "\n" only: str.splitlines would also split on U+2028 and U+0085 inside JSON strings.
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8 text ({err.reason} at byte {err.start})"
        raise ReportFormatError(msg, path=path) from None
    docs: list[GoldDocument] = []
    problems: list[ReportFormatError] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = _json_document(line)
            if doc.id in seen:
                msg = f"document id {doc.id!r} is repeated"
                raise ReportFormatError(msg)  # noqa: TRY301 - one handler adds path and line
        except ReportFormatError as err:
            located = ReportFormatError(str(err), path=path, line=number)
            if errors == "raise":
                raise located from None
            problems.append(located)
            continue
        seen.add(doc.id)
        docs.append(doc)
    if errors == "collect":
        return docs, problems
    return docs
