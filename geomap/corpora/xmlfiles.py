"""What the XML corpus readers share: parsing, child texts, metadata, number parsing and span repair."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from geomap.corpora.gold import GoldDocument, GoldToponym
from geomap.errors import ReportFormatError

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping
    from pathlib import Path

logger = logging.getLogger(__name__)


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
