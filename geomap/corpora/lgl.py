"""LGL (Lieberman et al. 2010) and TR-News (Kamalloo and Rafiei 2018), which share LGL's XML format."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from geomap.corpora.xmlfiles import _read_lgl_style

if TYPE_CHECKING:
    from os import PathLike

    from geomap.corpora.gold import GoldDocument


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
