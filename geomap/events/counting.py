"""What a quantity noun counts: "a group of armoured vehicles" is vehicles, "hundreds of refugees" refugees.

Examples
--------
>>> sorted(COUNTERS)[:3]
['all', 'batch', 'column']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["COUNTERS", "counted", "counted_lemma"]

#: Nouns that count what their "of" phrase names.
COUNTERS = frozenset(
    {"group", "number", "column", "convoy", "dozen", "dozens", "set", "pair", "batch", "lot", "couple", "score",
     "hundreds", "unit", "piece", "pieces", "part", "rest", "most", "hundred", "thousand", "thousands", "some",
     "many", "several", "all", "half", "round"}
)  # fmt: skip


def counted(noun: Token | None) -> Token | None:
    """What a quantity noun counts: "a group of armoured vehicles" -> vehicles; other nouns themselves."""
    if noun is None or noun.lemma_.lower() not in COUNTERS:
        return noun
    of = next((p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children), None)
    return of if of is not None and of.dep_ == "pobj" else noun


def counted_lemma(noun: Token | None) -> str:
    """The lemma of what ``noun`` counts ("hundreds of refugees" -> refugee), ``""`` for None.

    A capitalised plural the tagger took for a name keeps no lemma of its own ("- Shells landed in V",
    "Rockets hit V"): its singular stands in.
    """
    found = counted(noun)
    if found is None:
        return ""
    lemma = found.lemma_.lower()
    if found.pos_ == "PROPN" and found.is_title and lemma == found.lower_ and lemma.endswith("s"):
        return lemma[:-1]
    return lemma
