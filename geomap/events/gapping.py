"""Gapping: clauses that repeat a verb without saying it again ("A passes on 1 May, B on 5 May").

In "the A district passes to X by 1 May, the B district by 5 May and the C
district by 9 May" the second and third clauses keep only a noun phrase and
a time: each is a remnant that stands in the role of the first clause's
subject or object. The small parser hangs remnants on the verb (conjunct,
complement, a second object), on the verb it completes, or on the time
phrase of the clause before; a remnant is recognised by that position and
by the time adjunct it carries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.lexicon import TIME_WORDS

if TYPE_CHECKING:
    from geomap.events.places import PlaceRef, SentencePlaces
    from geomap.events.tokens import Token

__all__ = ["gapped", "remnant"]

_AREAS = frozenset({"district", "region", "province", "oblast", "raion", "county", "municipality"})


def gapped(verb: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """The places of clauses that repeat ``verb`` without saying it again (gapping).

    "A passes to X by 1 May, B by 5 May and C by 9 May", "hand over A on Sunday, B on Tuesday": each
    remnant is a noun phrase the parser hung on the verb (or on the verb it completes) as a conjunct,
    complement or second object, or joined to the time of an earlier remnant; it names a place and,
    to be a clause and not a stray noun, carries a time adjunct of its own or follows one, or names its own
    district ("took A in the D district and B in the E district").
    """
    heads = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
    remnants = [
        c
        for head in heads
        for c in head.children
        if c.i > verb.i
        and c.dep_ in {"conj", "ccomp", "dobj", "appos", "dep", "npadvmod"}
        and c.pos_ in {"NOUN", "PROPN"}
    ]
    remnants = [r for r in remnants if (_timed(r) or _in_area(r)) and r.lemma_.lower() not in TIME_WORDS]
    # "leave A by Sunday, B by Tuesday": the parser hangs B on the verb's time
    remnants += [c for t in _times(verb) for c in t.children if c.dep_ in {"appos", "conj"} and c.pos_ == "PROPN"]
    refs = [ref for r in remnants for ref in places.of_phrase(r, front_line=front)]
    for r in remnants:
        # "B on Tuesday and C on Friday": the parser joins C to Tuesday
        refs += [
            ref
            for t in _times(r)
            for c in t.children
            if c.dep_ in {"conj", "appos"}
            for ref in places.of_phrase(c, front_line=front)
        ]
    return refs


def remnant(noun: Token, verb: Token) -> bool:
    """Whether an object is a gapped clause's remnant: ", B on 1 December" after the verb's own time."""
    start = min(t.i for t in noun.subtree)
    before = noun.doc[start - 1] if start else None
    return before is not None and before.text == "," and bool(_times(noun)) and any(t.i < noun.i for t in _times(verb))


def _times(noun: Token) -> list[Token]:
    """The time words of the adjuncts of ``noun`` ("by 5 May", "on Tuesday", "at noon")."""
    return [
        o
        for p in noun.children
        if p.dep_ == "prep"
        for o in p.children
        if o.dep_ == "pobj" and (o.lemma_.lower() in TIME_WORDS or any(n.like_num for n in o.children))
    ]


def _in_area(noun: Token) -> bool:
    """Whether a named remnant carries its own district: "took A in the D district and B in the E district"."""
    return noun.pos_ == "PROPN" and any(
        p.dep_ == "prep" and p.lower_ == "in" and any(o.lemma_.lower() in _AREAS for o in p.children)
        for p in noun.children
    )


def _timed(noun: Token) -> bool:
    """Whether a remnant carries a time adjunct, or is a conjunct of one that does."""
    return bool(_times(noun)) or (noun.dep_ == "conj" and bool(_times(noun.head)))
