"""Reading a gold corpus in any known format: the format from the file name or its elements."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.corpora.geovirus import read_geovirus
from geomap.corpora.gwn import read_gwn
from geomap.corpora.jsonl import read_jsonl
from geomap.corpora.lgl import read_lgl, read_trnews
from geomap.errors import ReportFormatError

if TYPE_CHECKING:
    from os import PathLike

    from geomap.corpora.gold import GoldDocument


#: Formats :func:`read_corpus` knows.
CORPUS_FORMATS: tuple[str, ...] = ("jsonl", "lgl", "trnews", "geovirus", "gwn")


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


def check_corpus_file(path: Path) -> None:
    """Refuse a missing, unreadable or non-regular corpus file with one line naming it.

    Raises
    ------
    ReportFormatError
        If ``path`` is missing, a folder, not a regular file or unreadable.

    Examples
    --------
    >>> from pathlib import Path
    >>> check_corpus_file(Path("/no/such/gold.jsonl"))
    Traceback (most recent call last):
    ...
    geomap.errors.ReportFormatError: /no/such/gold.jsonl: cannot read the gold corpus: No such file or directory
    """
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
    check_corpus_file(path)
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
