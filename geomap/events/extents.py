"""What ground an unnamed object covers, and where a move only goes.

"kept the areas they took, including V" and "the positions it captured,
among them V" name the ground by its members; "retreated towards V" and "in
the direction of V" name where a move goes, which no one is said to hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.events.places import PlaceRef, SentencePlaces
    from geomap.events.tokens import Token
    from geomap.geoparse import Mention

__all__ = ["companions", "directions", "members", "with_objects"]

_MEMBER_WORDS = frozenset({"including", "among", "include", "notably", "especially", "particularly"})


def members(token: Token, patient: Token | None, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """The places an unnamed ground is said to include: "the positions it captured, among them V".

    The phrase hangs on the object, anywhere inside it ("the areas they took during the fighting,
    including V"), or on the verb; "such as V" too.
    """
    if patient is None:
        return []
    refs: list[PlaceRef] = []
    for word in (t for t in token.subtree if t.i > patient.i):
        listed = word.lower_ in _MEMBER_WORDS or (
            word.lower_ == "as" and any(c.lower_ == "such" for c in (*word.children, word.doc[max(word.i - 1, 0)]))
        )
        if not listed:
            continue
        named = [o for o in word.children if o.dep_ in {"pobj", "dobj"}]
        if word.head.i > word.i and places.mention(word.head) is not None:
            named.append(word.head)  # "among them V", parsed with V heading the phrase
        refs += [r for o in named for r in places.of_phrase(o, front_line=front)]
    return refs


def with_objects(prep: Token) -> list[Token]:
    """The objects of a "together with", "along with" or "alongside" phrase headed by ``prep``, else none."""
    if prep.dep_ != "prep":
        return []
    if prep.lower_ == "along":
        return [o for w in prep.children if w.lower_ == "with" for o in w.children if o.dep_ == "pobj"]
    joined = prep.lower_ == "alongside" or (
        prep.lower_ == "with" and any(c.lower_ in {"together", "along"} for c in prep.children)
    )
    return [o for o in prep.children if o.dep_ == "pobj"] if joined else []


def companions(verb: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """Places taken with the verb's own: "V was liberated together with A and B", "alongside V, took A".

    A second object the parser hung on the verb is one too: "took 90 posts, as well as the heights around V".
    """
    joined = [o for p in verb.children for o in with_objects(p)]
    joined += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}]
    return [r for o in joined for r in places.of_phrase(o, front_line=front)]


def directions(token: Token, places: SentencePlaces) -> list[Mention]:
    """The places named as where a move goes in the clause of ``token``: "towards V", "in the direction of V"."""
    heads = [
        t
        for t in token.subtree
        if t.lower_ in {"toward", "towards"}
        or (
            t.lemma_.lower() == "direction"
            and t.head.lower_ in {"in", "to"}
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)
        )
    ]  # "in the Lachin direction" is a sector, not where a move goes
    return [m for t in heads for m in places.mentions_in(list(t.subtree))]
