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

from geomap.corpora.geovirus import read_geovirus
from geomap.corpora.gold import GoldDocument, GoldToponym
from geomap.corpora.gwn import GWN_TOPONYM_TYPES, read_gwn
from geomap.corpora.jsonl import read_jsonl
from geomap.corpora.lgl import read_lgl, read_trnews
from geomap.corpora.read import CORPUS_FORMATS, read_corpus

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
