"""Which phrases of a parsed sentence locate what their head reports, and how precisely.

Prepositions ("in V", "near V"), and what the parser makes of them in
longer sentences: a second locative coordinated with the first ("was
around A, and near B"; "around A, where ..., and near B"), a compass point
with an of-phrase ("the hills north of V"), the part of a number counted
("60 deaths, most of them in V") and a preposition taken for a name's
modifier ("fell on the north, opposite A and B").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["LOCATIVE", "locative_phrases", "objects_of_prep"]

#: Prepositions that locate an event, with the geo-precision they give.
LOCATIVE: dict[str, int] = {
    "in": 1, "at": 1, "on": 1, "into": 1, "inside": 1, "within": 1, "across": 1, "throughout": 1, "over": 1,
    "along": 1, "against": 1, "upon": 1, "among": 1, "near": 2, "around": 2, "toward": 2, "towards": 2, "outside": 2,
    "above": 2, "below": 2, "behind": 2, "beneath": 2, "through": 1, "via": 1,
    "beyond": 2, "past": 2, "close": 2, "nearby": 2, "opposite": 2,
    "between": 2,
}  # fmt: skip
#: Words for a part of a number counted before ("most of them in V").
_PARTS = frozenset({"most", "many", "all", "some", "half", "majority", "several", "nearly", "almost", "two", "one"})
_BACK = frozenset({"them", "whom", "those", "these", "which"})
#: Compass words that locate like a preposition with "of": "the heights north of V" (near V).
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
     "north-west", "south-east", "south-west"}
)  # fmt: skip


def locative_phrases(head: Token) -> list[tuple[Token, int, list[Token]]]:
    """The locative phrases on ``head``: each its preposition (or compass word), geo-precision and objects."""
    preps = [c for c in head.children if c.dep_ == "prep" or (c.dep_ == "conj" and c.pos_ == "ADP")]
    # "pressed the attack on positions, including around V": the locative inside "including"
    preps += [q for p in preps if p.lower_ == "including" for q in p.children if q.dep_ == "prep"]
    preps += [c for p in preps for c in p.children if c.dep_ == "conj" and c.pos_ == "ADP"]  # "around A and near B"
    preps += [c for c in head.children if _compass(c)]  # "the heights north of V", "pushed south of V"
    # "opened fire with mortars on positions near V": the target the parser hung on the instrument
    preps += [
        q
        for p in head.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for o in objects_of_prep(p)
        for q in o.children
        if q.dep_ == "prep" and q.lower_ in LOCATIVE
    ]
    # "recorded 60 deaths, most of them in V": the part's locative
    preps += [p for c in head.children if _partitive(c) for p in c.children if p.dep_ == "prep"]
    # "around A, where ..., and near B": the parser hung the second locative on A's relative clause
    preps += [
        a for p in preps for o in objects_of_prep(p) for r in o.children if r.dep_ == "relcl" for a in _and_ats(r)
    ]
    preps += [
        m
        for c in head.children
        if c.dep_ in {"advcl", "npadvmod", "dep", "appos"}
        for m in c.children
        if m.dep_ in {"amod", "advmod"} and m.lower_ in LOCATIVE and _misparsed(m)
    ]  # "fell on the north, opposite A and B": "opposite" taken for A's modifier
    found = []
    for prep in preps:
        precision = 2 if _compass(prep) else LOCATIVE.get(prep.lower_)
        if precision is not None:
            found.append((prep, precision, objects_of_prep(prep) + _misparsed(prep)))
    return found


def objects_of_prep(prep: Token) -> list[Token]:
    """The objects of a preposition, including "close to X" and "in the direction of X"."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    for child in prep.children:
        if child.dep_ == "prep" and not objects:  # not "near A on the shore of L": that describes A
            objects.extend(c for c in child.children if c.dep_ == "pobj")
    return objects


def _and_ats(head: Token) -> list[Token]:
    """The locative prepositions coordinated with ``head``'s phrase ("..., and near B")."""
    return [c for c in head.children if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ in LOCATIVE]


def _partitive(token: Token) -> bool:
    """Whether a word is a part of what was counted: "most of them", "all of whom", "half of those"."""
    return token.lower_ in _PARTS and any(
        p.dep_ == "prep" and p.lower_ == "of" and any(o.lower_ in _BACK for o in p.children) for p in token.children
    )


def _compass(token: Token) -> bool:
    """Whether a word is a compass point with an of-phrase ("north of V"), locating like a preposition."""
    before = token.doc[token.i - 1] if token.i else token
    return (
        token.dep_ in {"advmod", "npadvmod", "amod"}
        and token.lower_ in _COMPASS
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        # not where a description lies: "around V, a town of the D district south of W"
        and not any(t.dep_ == "appos" and t.i < token.i for t in (before, *before.ancestors))
    )


def _misparsed(prep: Token) -> list[Token]:
    """The place a locative the parser made its modifier belongs to: "fell, opposite V" (V's amod "opposite")."""
    noun = prep.head
    if prep.dep_ in {"amod", "advmod"} and prep.i < noun.i and noun.pos_ == "PROPN":
        return [noun]
    return []
