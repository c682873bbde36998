"""What a verb acts on, and with which prepositions: the arguments the trigger rules read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.lexicon import PEACEKEEPER_NOUNS

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["has_prep", "object_lemma", "object_of", "peacekeeping", "subject_lemma"]


def object_of(verb: Token) -> Token | None:
    """What a verb acts on: its object, or the subject of its passive."""
    return next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)


def subject_lemma(verb: Token) -> str:
    """The lemma of a verb's subject ("the troops raised the flag": troop), or ""."""
    return next((c.lemma_.lower() for c in verb.children if c.dep_ == "nsubj"), "")


def object_lemma(verb: Token) -> str:
    """The lemma of what a verb acts on: its object, or the subject of its passive ("the flag was raised")."""
    return next((c.lemma_.lower() for c in verb.children if c.dep_ in {"dobj", "attr", "nsubjpass"}), "")


def has_prep(verb: Token, preps: set[str]) -> bool:
    """Whether ``verb`` has one of the prepositions or particles ``preps``."""
    return any(c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in preps for c in verb.children)


def peacekeeping(verb: Token) -> bool:
    """Whether the subject or object of ``verb`` is peacekeepers ("Russian peacekeepers deployed to V")."""
    for arg in verb.children:
        if arg.dep_ not in {"nsubj", "nsubjpass", "dobj", "agent"}:
            continue
        noun = next((c for c in arg.children if c.dep_ == "pobj"), arg) if arg.dep_ == "agent" else arg
        words = [noun, *(c for c in noun.children if c.dep_ in {"amod", "compound"})]
        if any(w.lemma_.lower() in PEACEKEEPER_NOUNS and w.lemma_.lower() != "contingent" for w in words) or (
            noun.lemma_.lower() == "contingent"
        ):
            return True
    return False
