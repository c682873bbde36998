"""Weapons and vehicles by name, and the wordings that report them destroyed beyond "destroyed".

Reports name equipment by its model as often as by its kind: "a drone hit a
T-72", "an Armenian BM-21", "two Osa systems", "an Su-25 was shot down". A
model designation (letters, a hyphen, digits: T-72, BM-21, S-300, Mi-24,
TOS-1A) or a system named in ``gazetteer/weapons.csv`` (the one list of them,
read by the toponym path too) counts as equipment. Equipment is destroyed
when it "burned" or "was set on fire", and in "the destruction of a tank".

Examples
--------
>>> bool(MODEL.match("T-72")), bool(MODEL.match("BM-21")), bool(MODEL.match("Hadrut"))
(True, True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geomap.events.counting import counted, counted_lemma
from geomap.events.lexicon import EQUIPMENT_NOUNS
from geomap.gazetteer import names
from geomap.geoparse.weapons import weapon_names as listed_weapons

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = [
    "MODEL",
    "burned",
    "destruction",
    "equipment",
    "is_weapon",
    "set_alight",
    "small_arms",
    "struck_weapon",
    "wrecked",
]

#: A model designation: "T-72", "BM-21", "S-300", "Su-25", "Mi-24", "TOS-1A", "Tochka-U", "ZU-23-2".
MODEL = re.compile(r"^(?:[A-Za-z]{1,5}-\d{1,4}[A-Za-z0-9]*(?:-\w+)?|[A-Z][a-z]{2,7}-[A-Z0-9]{1,3})$")
#: Equipment a strike can knock out; a struck depot or station is a strike on a site, not a kill.
_FIGHTING_KIT = frozenset(
    {"tank", "vehicle", "helicopter", "aircraft", "plane", "jet", "launcher", "howitzer", "artillery", "truck",
     "gun", "mortar", "radar", "uav", "battery", "ship", "boat", "carrier", "system", "drone"}
)  # fmt: skip
_BURN_VERBS = frozenset({"burn", "torch", "incinerate"})
#: What small-arms fire is fired with: "sniper fire", "machine-gun fire" (a clash, not a strike from afar).
_SMALL_ARMS = frozenset({"sniper", "rifle", "machine", "machine-gun", "small", "small-arms", "automatic", "tracer"})


@lru_cache(maxsize=1)
def _systems() -> frozenset[str]:
    """The folded words of ``gazetteer/weapons.csv`` ("mtlb" for MT-LB): systems reports name without their kind."""
    return frozenset(name.replace(" ", "") for name in listed_weapons())


def _system(word: Token) -> bool:
    """Whether a word is a system of ``gazetteer/weapons.csv``: "Osa", "MTLB", "Kasırga" (folded as its rows).

    Written as a name: "a lynx was shot" and "the tornado" are no Lynx launcher and no Tornado.
    """
    keys = names.word_keys(word.text)
    return not word.is_lower and keys is not None and keys[0] in _systems()


def _named(token: Token) -> bool:
    """Whether ``token`` names a model or system ("T-72", "Osa"), itself or in a word it hangs on."""
    words = [token, *(c for c in token.children if c.dep_ in {"compound", "appos", "nmod", "nummod"})]
    return any(MODEL.match(w.text) is not None or _system(w) for w in words)


def is_weapon(noun: Token | None) -> bool:
    """Whether ``noun`` (or a conjunct) is equipment: by kind ("tanks"), model ("a T-72") or system ("Osa")."""
    if noun is None:
        return False
    items = [noun, *(c for c in noun.children if c.dep_ == "conj")]
    return not _civilian_kit(noun) and any(
        counted_lemma(t) in EQUIPMENT_NOUNS or _named(counted(t) or t) for t in items
    )


def struck_weapon(noun: Token | None) -> bool:
    """Whether a struck object is fighting equipment ("hit two Osa systems"), not a site ("a depot")."""
    if noun is None:
        return False
    kit = counted(noun) or noun
    return not _civilian_kit(noun) and (kit.lemma_.lower() in _FIGHTING_KIT or _named(kit))


def _civilian_kit(noun: Token) -> bool:
    """Whether vehicles are civilians' ("a convoy of civilian vehicles"): struck, that is a strike, not materiel."""
    kit = counted(noun) or noun
    return any(c.dep_ in {"amod", "compound"} and c.lower_ in _CIVILIAN_KIT for c in (*kit.children, *noun.children))


#: Words that make a vehicle a civilian's.
_CIVILIAN_KIT = frozenset({"civilian", "passenger", "private", "humanitarian", "commercial", "evacuation", "aid"})


def burned(verb: Token) -> bool:
    """Whether equipment burned: "two tanks burned near V", "three tanks were set on fire", "set ablaze"."""
    lemma = verb.lemma_.lower()
    on_fire = lemma == "set" and any(
        (c.dep_ == "prep" and c.lower_ == "on" and any(o.lower_ == "fire" for o in c.children))
        or c.lower_ in {"ablaze", "alight"}
        for c in verb.children
    )
    on_fire = on_fire or (lemma == "catch" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in verb.children))
    if lemma not in _BURN_VERBS and not on_fire:
        return False
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lower_ != "fire"]
    return any(struck_weapon(s) for s in subjects)


def destruction(noun: Token) -> bool:
    """Whether ``noun`` is "the destruction of" equipment ("showed the destruction of an Armenian tank")."""
    if noun.lemma_.lower() != "destruction":
        return False
    return any(is_weapon(o) for p in noun.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj")


def set_alight(noun: Token) -> bool:
    """Whether ``noun`` is the fire of "set on fire", "caught fire" (the equipment burned, no strike of its own)."""
    if noun.lower_ != "fire":
        return False
    return burned(noun.head.head) if noun.head.lower_ == "on" else noun.dep_ == "dobj" and burned(noun.head)


def weapon_names(noun: Token | None) -> list[int]:
    """The token indices of the weapon names in a phrase ("a Bayraktar", "an enemy Grad", "a Tor system").

    No place, whatever the gazetteer has by those names.
    """
    if noun is None:
        return []
    return [t.i for t in noun.subtree if MODEL.match(t.text) is not None or _system(t)]


def small_arms(noun: Token) -> bool:
    """Whether fire is a firefight: "sniper fire", "machine-gun fire", "exchanged fire", "an exchange of fire"."""
    if noun.lemma_.lower() not in {"fire", "gunfire"} or (noun.dep_ == "pobj" and noun.head.lower_ == "under"):
        return False  # "came under small-arms fire": being fired on, whatever the weapon, is a strike
    exchanged = noun.head.lemma_.lower() == "exchange" or (
        noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() == "exchange"
    )
    return exchanged or any(
        c.dep_ in {"compound", "amod", "nmod"} and c.lower_ in _SMALL_ARMS for c in noun.subtree if c.i < noun.i
    )


#: What is destroyed besides weapons and vehicles: "destroyed an enemy command post and two tanks".
_WORKS = frozenset({"post", "bunker", "emplacement", "fortification", "dugout", "stronghold", "hangar", "base"})


def equipment(noun: Token | None) -> bool:
    """Whether a noun (or one of its conjuncts) is equipment or a military work ("a command post and two tanks")."""
    if noun is None:
        return False
    items = [noun, *(c for c in noun.children if c.dep_ == "conj")]
    return any(counted_lemma(t) in EQUIPMENT_NOUNS | _WORKS for t in items) or is_weapon(noun)


def wrecked(noun: Token | None) -> bool:
    """Whether a noun is described as destroyed ("four burnt-out tanks", "destroyed vehicles")."""
    return noun is not None and any(
        c.dep_ in {"amod", "compound"} and c.lower_ in {"destroyed", "burnt", "burned", "wrecked", "damaged", "out"}
        for c in noun.subtree
    )
