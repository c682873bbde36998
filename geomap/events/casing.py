"""Headlines in title case, read as sentences: "Russian Troops Capture Village Near Bakhmut".

The tagger takes a capitalised word for a name, so a title-case headline parses as one long proper noun
and no verb opens a frame. Before such a line is parsed, its capitalised words that the grammar knows as
common words (trigger forms, force and place-kind nouns, prepositions) are lower-cased; place names,
demonyms and other names stay as written. The text keeps its length, so every character offset holds.

Examples
--------
>>> parse_form("Ukrainian Forces Retake Kupiansk Near Kharkiv", [(0, 9), (24, 32), (38, 45)])
'Ukrainian forces retake Kupiansk near Kharkiv'
>>> parse_form("Ukrainian forces retook Kupiansk on Monday.", [])
'Ukrainian forces retook Kupiansk on Monday.'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geomap.events.lexicon import (
    ANAPHOR_NOUNS,
    CONTAINER_NOUNS,
    EQUIPMENT_NOUNS,
    FORCE_WORDS,
    MUNITIONS,
    PEOPLE_NOUNS,
    SAY_VERBS,
    might_report,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["parse_form"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: Words of a headline that are never names.
_CLOSED = frozenset(
    {"the", "a", "an", "of", "in", "near", "on", "at", "to", "from", "as", "after", "over", "into", "with", "by",
     "and", "for", "amid", "outside", "around", "its", "it", "their", "his", "her", "is", "are", "was", "were",
     "has", "have", "been", "says", "said", "claims", "north", "south", "east", "west", "more", "new", "two",
     "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "heavy", "fierce", "again",
     "rage", "continue", "persist", "erupt", "resume", "go", "goes", "intensify", "intensifies", "overnight"}
)  # fmt: skip
_NOUNS = (
    FORCE_WORDS | PEOPLE_NOUNS | frozenset(ANAPHOR_NOUNS) | CONTAINER_NOUNS | EQUIPMENT_NOUNS | MUNITIONS | SAY_VERBS
)
#: Share of a line's words that must be capitalised for it to be a title-case headline.
_TITLE_SHARE = 0.75
_MIN_WORDS = 3


def parse_form(text: str, names: Sequence[tuple[int, int]]) -> str:
    """``text`` as the parser should see it: a title-case headline's common words lower-cased.

    ``names`` are the character spans (start, end) of the place names and demonyms in ``text``, kept as
    written. Any other line comes back unchanged.
    """
    words = list(_WORD.finditer(text))
    if len(words) < _MIN_WORDS or text.isupper():
        return text
    if sum(w.group()[0].isupper() for w in words) < _TITLE_SHARE * len(words):
        return text
    out = list(text)
    for match in words:
        word = match.group()
        if word.isupper() or not word[0].isupper() or any(s < match.end() and match.start() < e for s, e in names):
            continue  # an acronym ("UAV"), a lower-case word, or a name
        if _common(word.lower()):
            out[match.start()] = word[0].lower()
    return "".join(out)


def _common(word: str) -> bool:
    """Whether a lower-cased headline word is a common word the grammar reads (not a person's name)."""
    singular = word.removesuffix("s")
    return bool({word, singular} & (_CLOSED | _NOUNS)) or might_report(word)
