"""Finding the places a text names, and choosing the right one in context.

:class:`Geoparser` turns a text into :class:`Mention` values, each with its
character span and the :class:`~geomap.gazetteer.Place` chosen for it (or
none: names that look like places but are in no gazetteer layer are kept as
unresolved mentions, never dropped).

Finding
    One regex pass finds the text's capitalised runs (``tokens``); from
    each capitalised word, one trie call per layer gives every name the
    next words spell (``find``), filtered on the flags and columns of the
    index before any row is read. Overlapping hits keep the longest;
    ordinary words, sentence-initial common words and parts of people's
    names are not taken for places.
Choosing
    Each candidate first gets a score of its own: how its name matched (its
    main name, another name, a transliteration), its layer (curated before
    user before GeoNames), its population and kind, and the cue words around
    the mention ("height", "district", "village of", "road"). A state or
    country right after a name ("Athens, Ga.", "Walker County, Texas")
    favours the readings where one lies in the other. Then every candidate
    is scored for its fit with the likely readings of the text's other
    names and demonyms (the same state, nearness, the same country), on
    arrays, one text at a time, in memory linear in its length
    (``coherence``): "Georgia" beside Clarke County is the state, beside
    Tbilisi the country. Candidates are the index's columns
    (``candidates``); only the chosen place's row is read. Abbreviations
    (``Ga.``, ``W.Va.``, ``U.S.``) keep their final period in the span.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> parser = Geoparser(Gazetteer.default(base=False))
>>> [(m.surface, m.place.kind) for m in parser.parse("the Murov height was liberated near Kalbacar")]
[('Murov height', 'mountain'), ('Kalbacar', 'populated place')]
"""

from __future__ import annotations

from geomap.geoparse.mention import Mention
from geomap.geoparse.parser import Geoparser

__all__ = ["Geoparser", "Mention"]
