"""The words around a name that say what kind of place it is: kind cues.

A cue word after the name ("the Absheron district", "Kürdlər kəndi"), a plural
kind word closing a list of names ("the Tartar, Aghdam and Aghjabadi districts":
each item is a district), or a kind word and "of" before it ("the villages of A,
B and C"). The finder trims a trailing cue from a span and the parser gives each
mention the kind its cue points to.

Examples
--------
>>> text = "shelling of the Tartar and Aghdam districts"
>>> kind_cue(text, 16, 22, lists=True, before=cued_before(text))
'district'
>>> kind_cue("the village of Talish", 15, 21)
'populated place'
>>> kind_cue("the villages of Tavush", 16, 22) is None
True
"""

from __future__ import annotations

import re
from functools import cache

import regex

from geomap.gazetteer import names
from geomap.geoparse import kindwords
from geomap.geoparse.tokens import NAME_GAP, next_word

__all__ = ["NATURAL_TRAILING", "TRAILING_CUES", "cued_before", "kind_cue"]

# Words after a name that say what kind of place it is and are kept out of the span when the name
# stands without them, as in "the Absheron district" (their kinds: geomap.geoparse.kindwords).
_TRAILING_WORDS = (
    "district", "districts", "rayon", "raion", "rayonu", "region", "province", "provinces", "regions", "oblast",
)  # fmt: skip
TRAILING_CUES = {word: kindwords.KIND_WORDS[word] for word in _TRAILING_WORDS}
# Natural kind words that end a name's span only where the text capitalises them ("Dnieper River").
NATURAL_TRAILING = {"river": "river", "ridge": "mountain", "reservoir": "lake"}
# Kind words that, with "of", say what the names after them are: "the villages of A, B and C".
_BEFORE_WORDS = (
    "district", "region", "province", "village", "town", "city", "settlement", "height", "heights", "mountain",
    "river", "lake",
)  # fmt: skip
_BEFORE_CUE = rf"\b({'|'.join(_BEFORE_WORDS)})(s?)\s+of\s+((?:[\w’'-]+,?\s+(?:and\s+)?){{0,8}})$"
# After a name, the rest of a list: ", B", "and B", "or B".
_LIST_GOES_ON = re.compile(r"\s*(?:,|\band\b|\bor\b)\s*\w", re.IGNORECASE)


@cache
def _before_cue() -> re.Pattern[str]:
    """:data:`_BEFORE_CUE` compiled on first use (only a text with "of" and a kind word needs it)."""
    return re.compile(_BEFORE_CUE, re.IGNORECASE)


# A name in a list that a plural kind word closes: "the Tartar, Aghdam and Aghjabadi districts",
# "Kürdlər and Qoçəhmədli villages", "the Aghdara-Tartar and Fuzuli directions". Each list item is
# then of that kind, not only the last.
_LIST_ITEM = r"\p{Lu}[\w’'-]*(?:[ -]\p{Lu}[\w’'-]*){0,2}"
_PLURAL_CUE = (
    rf"(?:\s*[,–—-]\s*{_LIST_ITEM}){{0,12}}\s*,?\s+(?:and|or)\s+{_LIST_ITEM}\s+"
    rf"({'|'.join(kindwords.plural(word) for word in kindwords.LIST_KINDS)})\b"
)


@cache
def _plural_cue() -> regex.Pattern[str]:
    """:data:`_PLURAL_CUE` compiled on first use (only texts with a plural kind word need it; geomap starts faster)."""
    return regex.compile(_PLURAL_CUE)


_LIST_KIND = {kindwords.plural(word): kindwords.KIND_WORDS[word] for word in kindwords.LIST_KINDS}
_BEFORE_KIND = {word: kindwords.KIND_WORDS[word] for word in _BEFORE_WORDS}
# The characters a name gap (tokens.NAME_GAP) may start with, besides whitespace.
_GAP_STARTS = frozenset("-–—")


def cued_before(text: str) -> bool:
    """Whether ``text`` holds "of" and a kind word (as :data:`_BEFORE_CUE` needs, in any case).

    What a part of a text holds, the text holds: one test of a whole text rules out its every name.
    """
    folded = names.caseless(text)
    return any(w in folded for w in _BEFORE_KIND) and "of" in folded


def kind_cue(text: str, start: int, end: int, *, lists: bool = True, before: bool = True) -> str | None:
    """The kind of place the words around the name from ``start`` to ``end`` point to, if any.

    ``lists`` False says the text holds no plural kind word (:func:`.kindwords.closes_a_list`);
    ``before`` False that it holds no word a cue before a name needs (:func:`cued_before`).
    """
    # A cue word after the name follows a name gap: a comma, a period or a possessive rules it out.
    after = text[end : end + 1]
    nxt = next_word(text, end) if after in _GAP_STARTS or after.isspace() else None
    if nxt is not None and nxt.fold in kindwords.KIND_WORDS and NAME_GAP.match(text[end : nxt.start]):
        return kindwords.KIND_WORDS[nxt.fold]
    plural = _plural_cue().match(text, end, min(len(text), end + 200)) if lists else None
    if plural:
        return _LIST_KIND[plural.group(1)]
    if not before:
        return None
    window = text[max(0, start - 160) : start]
    match = _before_cue().search(window) if cued_before(window) else None
    if match is None:
        return None
    if match.group(2) and not match.group(3) and not _LIST_GOES_ON.match(text, end):
        # A plural kind word before one name is what the name holds, not what it is: "the villages of Tavush"
        # are villages in Tavush province, "the villages of A and B" are A and B.
        return None
    return _BEFORE_KIND[match.group(1).lower()]
