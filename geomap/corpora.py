"""Reading gold corpora for ``geomap evaluate``.

A gold corpus is a list of :class:`GoldDocument`: a text with the toponyms
annotated in it (:class:`GoldToponym`: a character span and, usually, gold
coordinates) and the *neutral* spans, annotated places without coordinates
(streets, buildings) that a geoparser is neither rewarded nor punished for.

Two kinds of file are read:

- geomap's JSONL gold format (:func:`read_jsonl`), one document a line; the
  format of ``../shared/devset/devset.jsonl`` and the converted benchmarks;
- the XML files of the public corpora as distributed with Gritta et al.'s
  evaluation repository (github.com/milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation):
  LGL and TR-News (:func:`read_lgl`, :func:`read_trnews`), GeoVirus
  (:func:`read_geovirus`) and GeoWebNews (:func:`read_gwn`).

:func:`read_corpus` picks the reader from the file name or its content.
Offsets are Python string indices into ``text``, end exclusive, and
``text[start:end] == surface`` holds for every toponym.

Examples
--------
>>> from geomap.corpora import GoldDocument, GoldToponym
>>> doc = GoldDocument("d1", "Shelling hit Terter.", (GoldToponym(13, 19, "Terter", 40.34, 47.15),))
>>> [(t.surface, doc.text[t.start : t.end]) for t in doc.toponyms]
[('Terter', 'Terter')]
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import stat
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, overload

from geomap.errors import ReportFormatError

if TYPE_CHECKING:
    from os import PathLike

__all__ = [
    "CORPUS_FORMATS",
    "GWN_TOPONYM_TYPES",
    "GoldDocument",
    "GoldToponym",
    "read_corpus",
    "read_geovirus",
    "read_gwn",
    "read_jsonl",
    "read_lgl",
    "read_trnews",
]

logger = logging.getLogger(__name__)

#: Formats :func:`read_corpus` knows.
CORPUS_FORMATS: tuple[str, ...] = ("jsonl", "lgl", "trnews", "geovirus", "gwn")

#: GeoWebNews annotation types that are toponyms (Gritta et al.'s pragmatic taxonomy).
#: The other types in the file, ``Literal_Expression``, ``Non_Lit_Expression``
#: (common nouns such as "city" or "residents") and ``Non_Toponym`` (the
#: enclosing name of an embedded toponym, "Louisiana Purchase"), are not read.
GWN_TOPONYM_TYPES: frozenset[str] = frozenset(
    {
        "Literal",
        "Mixed",
        "Coercion",
        "Embedded_Literal",
        "Literal_Modifier",
        "Metonymic",
        "Non_Literal_Modifier",
        "Demonym",
        "Language",
        "Homonym",
        "Embedded_Non_Lit",
    }
)


def _empty_meta() -> Mapping[str, str]:
    return MappingProxyType({})


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym: a span of the document text and its gold place.

    Parameters
    ----------
    start, end : int
        Character offsets into the document text, end exclusive.
    surface : str
        The text of the span, ``text[start:end]``.
    lat, lon : float or None
        Gold coordinates (WGS84 degrees); both None when the corpus gives none.
    tolerance_km : float, optional
        How far a resolved coordinate may be from the gold one and still be
        right (the dev set gives one per toponym; public corpora do not).
    geonameid : int, optional
        GeoNames id of the gold place, where the corpus gives one.
    name : str, optional
        Gold place name (the gazetteer name, e.g. "Avoyelles Parish" for "Avoyelles").

    Raises
    ------
    ReportFormatError
        If the span is empty or negative, or the coordinates are not finite
        WGS84 degrees.

    Examples
    --------
    >>> GoldToponym(0, 4, "Baku", 40.38, 49.89, tolerance_km=15)
    GoldToponym(start=0, end=4, surface='Baku', lat=40.38, lon=49.89, tolerance_km=15, geonameid=None, name=None)
    >>> GoldToponym(0, 4, "Baku", 49.89, 240.38)
    Traceback (most recent call last):
    ...
    geomap.errors.ReportFormatError: toponym 'Baku': longitude 240.38 is outside [-180, 180]
    """

    start: int
    end: int
    surface: str
    lat: float | None
    lon: float | None
    tolerance_km: float | None = None
    geonameid: int | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        what = f"toponym {self.surface!r}"
        if not (_is_int(self.start) and _is_int(self.end)):
            msg = f"{what}: start and end must be integers, got {self.start!r} and {self.end!r}"
            raise ReportFormatError(msg)
        if not 0 <= self.start < self.end:
            msg = f"{what}: span [{self.start}, {self.end}) is empty or negative"
            raise ReportFormatError(msg)
        _check_coordinates(self.lat, self.lon, what)
        if self.tolerance_km is not None and not (
            _is_number(self.tolerance_km) and math.isfinite(self.tolerance_km) and self.tolerance_km > 0
        ):
            msg = f"{what}: tolerance_km must be a positive number, got {self.tolerance_km!r}"
            raise ReportFormatError(msg)
        if self.geonameid is not None and not _is_int(self.geonameid):
            msg = f"{what}: geonameid must be an integer, got {self.geonameid!r}"
            raise ReportFormatError(msg)

    @property
    def has_coordinates(self) -> bool:
        """Whether the toponym has gold coordinates."""
        return self.lat is not None and self.lon is not None


def _check_coordinates(lat: object, lon: object, what: str) -> None:
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        msg = f"{what}: latitude and longitude must both be given or both be missing"
        raise ReportFormatError(msg)
    if not (_is_number(lat) and _is_number(lon)):
        msg = f"{what}: coordinates must be numbers, got {lat!r}, {lon!r}"
        raise ReportFormatError(msg)
    lat_f, lon_f = float(lat), float(lon)  # type: ignore[arg-type]
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        msg = f"{what}: coordinates must be finite, got {lat!r}, {lon!r}"
        raise ReportFormatError(msg)
    if abs(lat_f) > 90:  # noqa: PLR2004
        msg = f"{what}: latitude {lat!r} is outside [-90, 90] (latitude comes first)"
        raise ReportFormatError(msg)
    if abs(lon_f) > 180:  # noqa: PLR2004
        msg = f"{what}: longitude {lon!r} is outside [-180, 180]"
        raise ReportFormatError(msg)


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold document: its text, annotated toponyms and neutral spans.

    Parameters
    ----------
    id : str
        Document id, unique within a corpus.
    text : str
        The text the offsets index into.
    toponyms : tuple of GoldToponym
        Annotated toponyms, sorted by position.
    neutral : tuple of (int, int)
        Spans annotated as places but without coordinates. A prediction on one
        is neither right nor wrong, and missing one is not an error.
    meta : Mapping[str, str]
        Document metadata (title, url, source, date ...), read-only.

    Raises
    ------
    ReportFormatError
        If a span lies outside the text or a toponym's surface is not the text
        of its span.

    Examples
    --------
    >>> doc = GoldDocument("d1", "Baku and Ganja.", (GoldToponym(0, 4, "Baku", 40.38, 49.89),), neutral=((9, 14),))
    >>> doc.text[slice(*doc.neutral[0])], dict(doc.meta)
    ('Ganja', {})
    """

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    neutral: tuple[tuple[int, int], ...] = ()
    meta: Mapping[str, str] = field(default_factory=_empty_meta, hash=False)

    def __post_init__(self) -> None:
        size = len(self.text)
        toponyms = tuple(sorted(self.toponyms, key=lambda t: (t.start, t.end)))
        for before, top in itertools.pairwise(toponyms):
            if (before.start, before.end) == (top.start, top.end):
                msg = f"document {self.id!r}: toponym {top.surface!r} [{top.start}, {top.end}) is annotated twice"
                raise ReportFormatError(msg)
        for top in toponyms:
            if top.end > size:
                msg = (
                    f"document {self.id!r}: toponym {top.surface!r} [{top.start}, {top.end}) "
                    f"ends after the text ({size} characters)"
                )
                raise ReportFormatError(msg)
            if self.text[top.start : top.end] != top.surface:
                msg = (
                    f"document {self.id!r}: toponym surface {top.surface!r} is not the text of its span "
                    f"[{top.start}, {top.end}): {self.text[top.start : top.end]!r}"
                )
                raise ReportFormatError(msg)
        neutral = tuple(sorted((int(s), int(e)) for s, e in self.neutral))
        for start, end in neutral:
            if not 0 <= start < end <= size:
                msg = (
                    f"document {self.id!r}: neutral span [{start}, {end}) is empty or outside the text "
                    f"({size} characters)"
                )
                raise ReportFormatError(msg)
        object.__setattr__(self, "toponyms", toponyms)
        object.__setattr__(self, "neutral", neutral)
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))


# --------------------------------------------------------------------------- JSONL


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


# --------------------------------------------------------------------------- XML


def _parse_xml(path: Path) -> ET.Element:
    try:
        # The corpora are local files; expat 2.4.1 and later limits entity expansion
        # ("billion laughs"), and ElementTree resolves no external entities.
        return ET.parse(path).getroot()  # noqa: S314
    except ET.ParseError as err:
        msg = f"not well-formed XML: {err}"
        raise ReportFormatError(msg, path=path, line=err.position[0]) from None


def _text_of(element: ET.Element | None, tag: str) -> str | None:
    """Return the stripped text of child ``tag``; None when it is missing or empty."""
    if element is None:
        return None
    value = element.findtext(tag)
    if value is None or not value.strip():
        return None
    return value.strip()


def _xml_meta(article: ET.Element, skip: Collection[str]) -> dict[str, str]:
    return {
        child.tag: " ".join(child.text.split())
        for child in article
        if child.tag not in skip and child.text is not None and child.text.strip()
    }


class _XmlReader:
    """Shared state of one XML corpus read: file, counters, number parsing, span repair."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.repaired = 0
        self.kept = 0
        self.skipped = 0

    def error(self, where: str, message: str) -> ReportFormatError:
        return ReportFormatError(f"{where}: {message}", path=self.path)

    def integer(self, value: str | None, where: str, what: str) -> int:
        try:
            return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise self.error(where, f"{what} must be an integer, got {value!r}") from None

    def number(self, value: str | None, where: str, what: str) -> float | None:
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            raise self.error(where, f"{what} must be a number, got {value!r}") from None

    def place(self, text: str, start: int, end: int, surface: str | None, where: str) -> tuple[int, int] | None:
        """Check a span against its surface, shifting it by one character when that repairs it.

        Returns the (possibly shifted) span, or None when the span cannot be used.
        """
        fits = 0 <= start < end <= len(text)
        if surface is None or (fits and text[start:end] == surface):
            if fits:
                return start, end
        else:
            for shift in (-1, 1):
                s, e = start + shift, end + shift
                if 0 <= s < e <= len(text) and text[s:e] == surface:
                    self.repaired += 1
                    logger.debug("%s: %s: shifted %r by %+d to [%d, %d)", self.path, where, surface, shift, s, e)
                    return s, e
            if fits:
                self.kept += 1
                logger.warning(
                    "%s: %s: span [%d, %d) reads %r, not %r; kept as annotated",
                    self.path,
                    where,
                    start,
                    end,
                    text[start:end],
                    surface,
                )
                return start, end
        self.skipped += 1
        logger.warning(
            "%s: %s: span [%d, %d) of %r lies outside the text (%d characters); skipped",
            self.path,
            where,
            start,
            end,
            surface,
            len(text),
        )
        return None

    def document(
        self,
        doc_id: str,
        text: str,
        toponyms: Iterable[GoldToponym],
        neutral: Iterable[tuple[int, int]],
        meta: Mapping[str, str],
    ) -> GoldDocument:
        # Keep one annotation per span: a toponym with coordinates wins over a neutral span.
        unique: dict[tuple[int, int], GoldToponym] = {}
        for top in toponyms:
            unique.setdefault((top.start, top.end), top)
        spans = set(neutral) - unique.keys()
        try:
            return GoldDocument(doc_id, text, tuple(unique.values()), neutral=tuple(spans), meta=meta)
        except ReportFormatError as err:
            where = f"article {doc_id!r}"
            raise self.error(where, str(err)) from None

    def toponym(
        self,
        where: str,
        text: str,
        span: tuple[int, int],
        *,
        lat: float | None,
        lon: float | None,
        geonameid: int | None = None,
        name: str | None = None,
    ) -> GoldToponym:
        start, end = span
        try:
            return GoldToponym(start, end, text[start:end], lat, lon, geonameid=geonameid, name=name)
        except ReportFormatError as err:
            raise self.error(where, str(err)) from None

    def finish(self, docs: list[GoldDocument]) -> list[GoldDocument]:
        if self.repaired:
            logger.info("%s: repaired %d off-by-one spans against their surface", self.path, self.repaired)
        if self.kept or self.skipped:
            logger.warning(
                "%s: %d spans do not match their surface (kept), %d lie outside the text (skipped)",
                self.path,
                self.kept,
                self.skipped,
            )
        return docs


def _articles(root: ET.Element, path: Path) -> list[ET.Element]:
    if root.tag != "articles":
        msg = f"expected root element <articles>, got <{root.tag}>"
        raise ReportFormatError(msg, path=path)
    return root.findall("article")


def _optional_int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


def _read_lgl_style(path: Path, prefix: str) -> list[GoldDocument]:
    reader = _XmlReader(path)
    docs: list[GoldDocument] = []
    for index, article in enumerate(_articles(_parse_xml(path), path)):
        doc_id = article.get("docid") or f"{prefix}{index:04d}"
        text = article.findtext("text") or ""
        toponyms: list[GoldToponym] = []
        neutral: list[tuple[int, int]] = []
        for number, top in enumerate(article.iterfind("toponyms/toponym")):
            where = f"article {doc_id!r}, toponym {number}"
            start = reader.integer(_text_of(top, "start"), where, "start")
            end = reader.integer(_text_of(top, "end"), where, "end")
            span = reader.place(text, start, end, top.findtext("phrase"), where)
            if span is None:
                continue
            gaztag = top.find("gaztag")
            lat = reader.number(_text_of(gaztag, "lat"), where, "lat")
            lon = reader.number(_text_of(gaztag, "lon"), where, "lon")
            if gaztag is None or lat is None or lon is None:
                neutral.append(span)
                continue
            geonameid = _optional_int(gaztag.get("geonameid"))
            toponyms.append(
                reader.toponym(where, text, span, lat=lat, lon=lon, geonameid=geonameid, name=_text_of(gaztag, "name"))
            )
        meta = _xml_meta(article, {"text", "toponyms"})
        docs.append(reader.document(doc_id, text, toponyms, neutral, meta))
    return reader.finish(docs)


def read_lgl(path: str | PathLike[str]) -> list[GoldDocument]:
    """Read LGL (``lgl.xml``, Lieberman et al. 2010) as distributed by Gritta et al.

    The file is ``<articles><article docid=..><title>..<url>..<text>..
    <toponyms><toponym><start>..<end>..<phrase>..<gaztag geonameid=..>
    <name>..<lat>..<lon>..``. A toponym without ``<gaztag>`` coordinates
    becomes a neutral span. Elements of the article other than ``text`` and
    ``toponyms`` (title, url, domain ...) become ``meta``.

    Spans are checked against ``<phrase>``: one off by a character is
    shifted back (logged at DEBUG), one that still differs is kept with a
    warning, one outside the text is skipped with a warning.

    Parameters
    ----------
    path : str or path-like
        The XML file.

    Returns
    -------
    list of GoldDocument

    Raises
    ------
    ReportFormatError
        If the XML is not well formed, its root is not ``<articles>``, or an
        offset or coordinate is not a number.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> xml = '''<articles><article docid="7"><title>Flood</title><text>Pineville flooded near Main Street.</text>
    ... <toponyms><toponym><start>0</start><end>9</end><phrase>Pineville</phrase><gaztag geonameid="4337291">
    ... <name>Pineville</name><lat>31.32</lat><lon>-92.43</lon></gaztag></toponym>
    ... <toponym><start>23</start><end>34</end><phrase>Main Street</phrase></toponym></toponyms></article></articles>'''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "lgl.xml")
    ...     _ = path.write_text(xml, encoding="utf-8")
    ...     doc = read_lgl(path)[0]
    >>> doc.id, doc.meta["title"], [(t.surface, t.geonameid) for t in doc.toponyms]
    ('7', 'Flood', [('Pineville', 4337291)])
    >>> [doc.text[start:end] for start, end in doc.neutral]
    ['Main Street']
    """
    return _read_lgl_style(Path(path), "lgl")


def read_trnews(path: str | PathLike[str]) -> list[GoldDocument]:
    """Read TR-News (``TR-News.xml``, Kamalloo & Rafiei 2018) as distributed by Gritta et al.

    TR-News uses LGL's format (see :func:`read_lgl`); its toponyms without
    ``<gaztag>`` (streets, buildings) become neutral spans.

    Parameters
    ----------
    path : str or path-like
        The XML file.

    Returns
    -------
    list of GoldDocument

    Raises
    ------
    ReportFormatError
        As :func:`read_lgl`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> xml = '''<articles><article docid="9"><text><![CDATA[Greek food in Leeds.]]></text><toponyms>
    ... <toponym><phrase>Greek</phrase><start>0</start><end>5</end><gaztag geonameid="390903"><name>Greece</name>
    ... <lat>39</lat><lon>22</lon></gaztag></toponym></toponyms></article></articles>'''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "TR-News.xml")
    ...     _ = path.write_text(xml, encoding="utf-8")
    ...     docs = read_trnews(path)
    >>> [(t.surface, t.name, t.lat, t.lon) for t in docs[0].toponyms]
    [('Greek', 'Greece', 39.0, 22.0)]
    """
    return _read_lgl_style(Path(path), "trn")


def read_geovirus(path: str | PathLike[str]) -> list[GoldDocument]:
    """Read GeoVirus (``GeoVirus.xml``, Gritta et al. 2018).

    The file is ``<articles><article><source>..<text>..<locations>
    <location><name>..<altName>?..<start>..<end>..<lat>..<lon>..<page>..``.
    Articles have no id; they are numbered ``gv0000``, ``gv0001`` ... in file
    order (as in ``../shared/bench/geovirus.jsonl``). ``name`` of a toponym is
    ``<altName>`` where given, else ``<name>``; GeoVirus gives no GeoNames ids.

    The offsets of the distributed file are off by one character. Each span
    is checked against ``<name>``: if ``text[start:end]`` differs but the
    span shifted by -1 or +1 matches, the shifted span is used (logged at
    DEBUG, with an INFO summary); a span that matches neither is kept with a
    warning.

    Parameters
    ----------
    path : str or path-like
        The XML file.

    Returns
    -------
    list of GoldDocument

    Raises
    ------
    ReportFormatError
        As :func:`read_lgl`.

    Examples
    --------
    The span of "Kisumu" below is off by one, as in the distributed file:

    >>> import pathlib, tempfile
    >>> xml = '''<articles><article><source>https://example.org</source><text>Cholera cases rose in Kisumu.</text>
    ... <locations><location><name>Kisumu</name><start>23</start><end>29</end><lat>-0.1</lat><lon>34.76</lon>
    ... </location></locations></article></articles>'''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "GeoVirus.xml")
    ...     _ = path.write_text(xml, encoding="utf-8")
    ...     doc = read_geovirus(path)[0]
    >>> doc.id, [(t.start, t.end, t.surface) for t in doc.toponyms]
    ('gv0000', [(22, 28, 'Kisumu')])
    """
    path = Path(path)
    reader = _XmlReader(path)
    docs: list[GoldDocument] = []
    for index, article in enumerate(_articles(_parse_xml(path), path)):
        doc_id = f"gv{index:04d}"
        text = article.findtext("text") or ""
        toponyms: list[GoldToponym] = []
        neutral: list[tuple[int, int]] = []
        for number, loc in enumerate(article.iterfind("locations/location")):
            where = f"article {doc_id!r}, location {number}"
            start = reader.integer(_text_of(loc, "start"), where, "start")
            end = reader.integer(_text_of(loc, "end"), where, "end")
            span = reader.place(text, start, end, loc.findtext("name"), where)
            if span is None:
                continue
            lat = reader.number(_text_of(loc, "lat"), where, "lat")
            lon = reader.number(_text_of(loc, "lon"), where, "lon")
            if lat is None or lon is None:
                neutral.append(span)
                continue
            name = _text_of(loc, "altName") or _text_of(loc, "name")
            toponyms.append(reader.toponym(where, text, span, lat=lat, lon=lon, name=name))
        meta = _xml_meta(article, {"text", "locations"})
        docs.append(reader.document(doc_id, text, toponyms, neutral, meta))
    return reader.finish(docs)


def read_gwn(path: str | PathLike[str], *, types: Collection[str] | None = None) -> list[GoldDocument]:
    """Read GeoWebNews (``GWN.xml`` / ``GeoWebNews.xml``, Gritta et al. 2019).

    The file is ``<articles><article><text>..<toponyms><toponym>
    <extractedName>..<normalisedName>..<type>..<modifierType>..
    <nonLocational>..<start>..<end>..<geonamesID>?..<latitude>?..
    <longitude>?``. Articles are numbered ``gwn0000`` ... in file order.

    Only annotations whose ``<type>`` is a toponym type
    (:data:`GWN_TOPONYM_TYPES`) are read; expressions ("city", "residents")
    and ``Non_Toponym`` spans are dropped. A toponym with coordinates is gold;
    one without, or one whose type is not in ``types``, is a neutral span.
    Where GeoWebNews annotates one span twice, the annotation with
    coordinates is kept.

    Parameters
    ----------
    path : str or path-like
        The XML file.
    types : collection of str, optional
        The toponym types to score, e.g. ``{"Literal", "Mixed"}`` for literal
        toponyms only; the others become neutral. None scores all of
        :data:`GWN_TOPONYM_TYPES`.

    Returns
    -------
    list of GoldDocument

    Raises
    ------
    ReportFormatError
        As :func:`read_lgl`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> xml = '''<articles><article><text>Dutch police closed the city centre of Utrecht.</text><toponyms>
    ... <toponym><extractedName>Dutch</extractedName><type>Demonym</type><start>0</start><end>5</end>
    ... <geonamesID>2750405</geonamesID><latitude>52.25</latitude><longitude>5.75</longitude></toponym>
    ... <toponym><extractedName>city centre</extractedName><type>Literal_Expression</type>
    ... <start>24</start><end>35</end></toponym>
    ... <toponym><extractedName>Utrecht</extractedName><type>Literal</type><start>39</start><end>46</end>
    ... <geonamesID>2745912</geonamesID><latitude>52.09</latitude><longitude>5.12</longitude></toponym>
    ... </toponyms></article></articles>'''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "GWN.xml")
    ...     _ = path.write_text(xml, encoding="utf-8")
    ...     every_type = read_gwn(path)[0]
    ...     literal_only = read_gwn(path, types={"Literal"})[0]
    >>> [(t.surface, t.geonameid) for t in every_type.toponyms]
    [('Dutch', 2750405), ('Utrecht', 2745912)]
    >>> [t.surface for t in literal_only.toponyms], literal_only.neutral
    (['Utrecht'], ((0, 5),))
    """
    path = Path(path)
    scored = GWN_TOPONYM_TYPES if types is None else frozenset(types)
    reader = _XmlReader(path)
    docs: list[GoldDocument] = []
    for index, article in enumerate(_articles(_parse_xml(path), path)):
        doc_id = f"gwn{index:04d}"
        text = article.findtext("text") or ""
        toponyms: list[GoldToponym] = []
        neutral: list[tuple[int, int]] = []
        for number, top in enumerate(article.iterfind("toponyms/toponym")):
            kind = _text_of(top, "type")
            if kind not in GWN_TOPONYM_TYPES:
                continue
            where = f"article {doc_id!r}, toponym {number}"
            start = reader.integer(_text_of(top, "start"), where, "start")
            end = reader.integer(_text_of(top, "end"), where, "end")
            span = reader.place(text, start, end, top.findtext("extractedName"), where)
            if span is None:
                continue
            lat = reader.number(_text_of(top, "latitude"), where, "latitude")
            lon = reader.number(_text_of(top, "longitude"), where, "longitude")
            if kind not in scored or lat is None or lon is None:
                neutral.append(span)
                continue
            geonameid = _optional_int(top.findtext("geonamesID"))
            toponyms.append(
                reader.toponym(
                    where, text, span, lat=lat, lon=lon, geonameid=geonameid, name=_text_of(top, "normalisedName")
                )
            )
        meta = _xml_meta(article, {"text", "toponyms"})
        docs.append(reader.document(doc_id, text, toponyms, neutral, meta))
    return reader.finish(docs)


# --------------------------------------------------------------------------- dispatch


def _sniff_xml(path: Path) -> str:
    name = Path(path).name.lower()
    if "tr-news" in name or "trnews" in name:
        return "trnews"
    try:
        with path.open("rb") as stream:
            for _, element in ET.iterparse(stream, events=("start",)):  # noqa: S314 - see _parse_xml
                if element.tag == "locations":
                    return "geovirus"
                if element.tag in {"extractedName", "normalisedName", "latitude"}:
                    return "gwn"
                if element.tag in {"phrase", "gaztag"}:
                    return "lgl"
    except ET.ParseError as err:
        msg = f"not well-formed XML: {err}"
        raise ReportFormatError(msg, path=path, line=err.position[0]) from None
    msg = f"cannot tell the corpus format; pass one of {', '.join(CORPUS_FORMATS)}"
    raise ReportFormatError(msg, path=path)


def _check_corpus_file(path: Path) -> None:
    """Refuse a missing, unreadable or non-regular corpus file with one line naming it."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            msg = "is a folder; give the gold corpus file"
            raise ReportFormatError(msg, path=path)
        if not stat.S_ISREG(mode):
            msg = "is not a regular file; give the gold corpus file"
            raise ReportFormatError(msg, path=path)
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        msg = f"cannot read the gold corpus: {exc.strerror or exc}"
        raise ReportFormatError(msg, path=path) from None


def read_corpus(path: str | PathLike[str], format: str | None = None) -> list[GoldDocument]:  # noqa: A002
    """Read a gold corpus in any known format.

    Parameters
    ----------
    path : str or path-like
        The corpus file.
    format : {"jsonl", "lgl", "trnews", "geovirus", "gwn"}, optional
        The file's format. None guesses it: ``.jsonl``/``.json`` files are
        JSONL; XML files are told apart by their element names (``<locations>``
        GeoVirus, ``<extractedName>`` GeoWebNews, ``<phrase>``/``<gaztag>``
        LGL; TR-News, which has LGL's format, by its file name).

    Returns
    -------
    list of GoldDocument

    Raises
    ------
    ReportFormatError
        If the format is unknown or cannot be guessed, or the file is bad (see
        the reader for the format).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> xml = '''<articles><article><text>Flu in Lima.</text><locations><location><name>Lima</name>
    ... <start>7</start><end>11</end><lat>-12.04</lat><lon>-77.03</lon></location></locations></article></articles>'''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "corpus.xml")
    ...     _ = path.write_text(xml, encoding="utf-8")
    ...     docs = read_corpus(path)  # <locations>: GeoVirus
    >>> [(d.id, d.toponyms[0].surface) for d in docs]
    [('gv0000', 'Lima')]
    """
    path = Path(path)
    _check_corpus_file(path)
    if format is None:
        suffix = path.suffix.lower()
        format = "jsonl" if suffix in {".jsonl", ".json", ".ndjson"} else _sniff_xml(path)  # noqa: A001
    match format:
        case "jsonl":
            return read_jsonl(path)
        case "lgl":
            return read_lgl(path)
        case "trnews":
            return read_trnews(path)
        case "geovirus":
            return read_geovirus(path)
        case "gwn":
            return read_gwn(path)
    msg = f"unknown corpus format {format!r}; expected one of {', '.join(CORPUS_FORMATS)}"
    raise ReportFormatError(msg, path=path)
