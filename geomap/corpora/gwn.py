"""GeoWebNews (Gritta et al. 2019): toponyms typed by Gritta et al.'s pragmatic taxonomy, in XML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from geomap.corpora.xmlfiles import _articles, _optional_int, _parse_xml, _text_of, _xml_meta, _XmlReader

if TYPE_CHECKING:
    from collections.abc import Collection
    from os import PathLike

    from geomap.corpora.gold import GoldDocument, GoldToponym


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
