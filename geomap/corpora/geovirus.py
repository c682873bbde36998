"""GeoVirus (Gritta et al. 2018): news about disease outbreaks, in XML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from geomap.corpora.xmlfiles import _articles, _parse_xml, _text_of, _xml_meta, _XmlReader

if TYPE_CHECKING:
    from os import PathLike

    from geomap.corpora.gold import GoldDocument, GoldToponym


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
