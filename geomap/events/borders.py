"""Border incidents without fire: troops crossing or sent across a border, incursions, people turned back.

A side's troops crossing a border, sent "across the border into" a province,
an "incursion into" a country, or shepherds "turned back" near a village
report a stand-off (type ``other``), and so do soldiers turned back by border guards, not ground taken and not fighting:
when shots are fired the sentence's strike or clash is the stronger reading.
Setting up positions there stays a claim on the ground (the holder is the
one who set them up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.counting import counted_lemma
from geomap.events.lexicon import FORCE_NOUNS, VERBS, Trigger
from geomap.events.roles import lemma_of

if TYPE_CHECKING:
    from geomap.events.places import PlaceRef, SentencePlaces
    from geomap.events.tokens import Token

__all__ = ["BORDER_LEMMAS", "approached_places", "border_reading"]

_OTHER = VERBS["escort"]
#: Nouns of a border line: what troops cross in a stand-off.
_BORDERS = frozenset({"border", "frontier", "boundary", "borderline"})
#: Verbs of going or sending across: "crossed the border", "sent troops across the border", "pushed over the border".
_CROSS_VERBS = frozenset(
    {"cross", "send", "move", "enter", "come", "infiltrate", "penetrate", "violate", "breach", "step", "stray",
     "venture", "deploy", "bring", "transfer"}
)  # fmt: skip
#: People a border post turns back: "shepherds were turned back", "farmers were stopped".
_LOCALS = frozenset({"shepherd", "farmer", "villager", "herder", "resident", "civilian", "local", "grazier"})
_TURN_VERBS = frozenset({"turn", "send", "stop", "chase", "drive", "push"})

_APPROACH_VERBS = frozenset({"move", "come", "edge", "advance", "creep", "draw", "get", "push"})

#: Every lemma this module reads: other words are left alone at once.
BORDER_LEMMAS = _CROSS_VERBS | _TURN_VERBS | _APPROACH_VERBS


def border_reading(token: Token) -> Trigger | None:
    """``other`` for a crossing of a border or for local people turned back, else None."""
    lemma = lemma_of(token)
    if token.pos_ != "VERB" or lemma not in BORDER_LEMMAS:
        return None
    if lemma in _CROSS_VERBS and _across_border(token):
        return _OTHER  # "troops crossed the border near V", "sent troops across the border into Syunik"
    if lemma in _APPROACH_VERBS and _closer(token):
        return _OTHER  # "servicemen moved closer to the pastures of V": a stand-off, no fighting said
    if lemma in _TURN_VERBS and _turned_back(token):
        return _OTHER  # "shepherds have been turned back near V"
    return None


def _across_border(verb: Token) -> bool:
    """Whether the verb's object, or the object of its across/over/through phrase, is a border."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in _BORDERS:
            return True
        if (
            child.dep_ in {"prep", "advmod"}
            and child.lower_ in {"across", "over", "through"}
            and any(o.lemma_.lower() in _BORDERS for o in child.children if o.dep_ == "pobj")
        ):
            return True
    return lemma_of(verb) == "cross" and any(c.dep_ == "prep" and c.lower_ == "into" for c in verb.children)


def _closer(verb: Token) -> bool:
    """Whether troops only move up: "moved closer to the pastures of V", "came nearer to the village"."""
    return any(c.dep_ == "advmod" and c.lower_ in {"closer", "nearer"} for c in verb.children)


def _turned_back(verb: Token) -> bool:
    """Whether local people are turned back ("shepherds were turned back", "turned the farmers away")."""
    back = any(c.dep_ in {"advmod", "prt"} and c.lower_ in {"back", "away"} for c in verb.children)
    people = any(c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in _LOCALS for c in verb.children)
    # "border guards turned back a group of soldiers near V": a stand-off ("drove the enemy back" is fighting)
    turned = lemma_of(verb) == "turn" and any(
        c.dep_ in {"dobj", "nsubjpass"} and counted_lemma(c) in FORCE_NOUNS for c in verb.children
    )
    return back and (people or turned)


def approached_places(verb: Token, places: SentencePlaces) -> list[PlaceRef]:
    """Where troops moved up to: "closer to the pastures of V" (V, or the place of what they neared)."""
    nearer = [c for c in verb.children if c.dep_ == "advmod" and c.lower_ in {"closer", "nearer"}]
    goals = [o for c in nearer for p in c.children if p.lower_ == "to" for o in p.children if o.dep_ == "pobj"]
    return [r for o in goals for r in places.of_phrase(o) or places.objects_of(o, {"of", "near", "around"})]
