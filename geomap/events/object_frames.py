"""The frame a verb opens through its object or particle: "raised the flag", "blew up", "removed mines".

The verb alone opens another frame or none: "raised" is no event, "raised the
flag over V" takes V; "pushed them out of V" ousts, "ordered residents of V to
stay in shelters" is a civil measure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.counting import counted_lemma
from geomap.events.lexicon import (
    AID_NOUNS,
    ENEMY_WORDS,
    EQUIPMENT_NOUNS,
    EXPEL_VERBS,
    FLAG_NOUNS,
    FLAG_VERBS,
    FORCE_WORDS,
    MUNITIONS,
    OUT_OF_SERVICE,
    POST_NOUNS,
    POST_VERBS,
    STAY_VERBS,
    VERBS,
    Trigger,
)
from geomap.events.roles import CONTROL_NOUNS
from geomap.events.tolls import limb_lost, remains_found
from geomap.events.trigger_words import (
    CIVILIANS,
    DEMINE_VERBS,
    DEMINING,
    DEPLOY_VERBS,
    DISPLACED,
    FIND_VERBS,
    FORCE_EXTRA,
    GAIN_VERBS,
    KEEP_VERBS,
    ORDER_VERBS,
    PASSAGES,
    RECEIVE_VERBS,
    RELIEF_SITES,
    SEE_VERBS,
    STRIKE_TRACES,
    TRUCES,
    UPROOTED,
    VIOLATE_VERBS,
)
from geomap.events.verb_arguments import has_prep, object_lemma, object_of, peacekeeping, subject_lemma
from geomap.events.weapons import wrecked

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["by_arguments"]


def by_arguments(token: Token, lemma: str) -> Trigger | None:  # noqa: C901, PLR0911, PLR0912 - one per phrase
    """The frame a verb opens through its object or particle ("raised the flag", "blew up", "removed mines")."""
    if remains_found(token):
        return VERBS["kill"]  # "the bodies of six soldiers were found near V": a toll there
    if limb_lost(token):
        return VERBS["wound"]  # "a farmer lost his leg to a mine near V": hurt, not ground lost
    if lemma in FLAG_VERBS and FLAG_NOUNS & {object_lemma(token), subject_lemma(token)}:
        return VERBS["take"]  # "raised the flag over V"
    if lemma in POST_VERBS and object_lemma(token) in POST_NOUNS:
        return VERBS["take"]  # "set up checkpoints in V", "established an observation post near V"
    if lemma in DEMINE_VERBS and any(t.lemma_.lower() in DEMINING for t in token.subtree):
        return VERBS["mine"]  # demining: "cleared the fields near V of mines", "removed mines from V"
    if lemma == "give" and any(c.lower_ == "back" for c in token.children):
        return VERBS["hand"]  # "V will be given back to X"
    if lemma == "bring" and any(c.lower_ == "down" for c in token.children):
        return VERBS["down"]  # "a drone was brought down over V"
    if lemma in FIND_VERBS and counted_lemma(object_of(token)) in STRIKE_TRACES:
        return VERBS["shell"]  # "cluster munition remnants were found in A, B and C", "documented remnants in V"
    if (
        lemma in {"use", "drop", "employ", "fire"}
        and counted_lemma(object_of(token)) in MUNITIONS | STRIKE_TRACES
        and any(has_prep(t, {"in", "on", "at", "into", "over"}) for t in (token, object_of(token)) if t is not None)
    ):
        return VERBS["shell"]  # "used cluster munitions in V": a strike there ("against V" names a target)
    if (
        lemma in FIND_VERBS | SEE_VERBS
        and counted_lemma(object_of(token)) in EQUIPMENT_NOUNS
        and wrecked(object_of(token))
    ):
        return VERBS["destroy"]  # "imagery shows six burnt-out vehicles near V", "counted a dozen wrecked tanks"
    if lemma in STAY_VERBS and any(c.dep_ == "acomp" and c.lower_ in {"closed", "shut"} for c in token.children):
        return VERBS["close"]  # "schools in V will stay closed"
    if lemma in {"open", "set", "establish"} and object_lemma(token) in RELIEF_SITES:
        return VERBS["impose"]  # "opened a reception centre in V": a civil measure there
    if lemma == "blow" and any(c.lower_ == "up" for c in token.children):
        return VERBS["sabotage"]  # "a bridge near V was blown up"
    if lemma == "open" and object_lemma(token) in PASSAGES:
        return VERBS["escort"]  # "a humanitarian corridor was opened to V": a passage, not a civil closure
    if lemma in DEPLOY_VERBS and peacekeeping(token):
        return VERBS["escort"]  # "peacekeepers were deployed to V": a deployment (other)
    if lemma in RECEIVE_VERBS and _displaced(token):
        return VERBS["impose"]  # "refugees arriving in V", "ready to receive the displaced at V": a civil measure
    if lemma in {"put", "take", "knock"} and _out_of_service(token):
        return VERBS["destroy"]  # "three tanks were put out of action"
    if lemma == "deliver" and _aid(token):
        return VERBS["impose"]  # "aid was delivered to residents of V": a civil measure there
    if lemma in EXPEL_VERBS and _expels(token):
        return VERBS["oust"]  # "pushed them out of V", "drove the enemy from V", "cleared V of the occupiers"
    if lemma in GAIN_VERBS | KEEP_VERBS and object_lemma(token) in CONTROL_NOUNS:
        return VERBS["take"]  # "established control over X": refined by its object
    if lemma in VIOLATE_VERBS and object_lemma(token) in TRUCES:
        return VERBS["fight"]  # "violated the ceasefire near V": fighting there
    if lemma in ORDER_VERBS and counted_lemma(object_of(token)) in CIVILIANS:
        return VERBS["impose"]  # "ordered residents of V to stay in shelters", "barred people from moving"
    return None


def _out_of_service(verb: Token) -> bool:
    return any(
        c.lower_ == "out" and any(o.lemma_.lower() in OUT_OF_SERVICE for p in c.children for o in p.children)
        for c in verb.children
    )


def _displaced(verb: Token) -> bool:
    """Whether the subject or object of a verb is refugees ("refugees arrived", "received 300 refugees")."""
    return any(
        c.dep_ in {"nsubj", "nsubjpass", "dobj"}
        and (
            counted_lemma(c) in DISPLACED
            or any(a.dep_ in {"amod", "compound"} and a.lower_ in UPROOTED for a in c.children)
        )
        for c in verb.children
    )


def _aid(verb: Token) -> bool:
    return any(
        c.dep_ in {"dobj", "nsubjpass"} and (c.lemma_.lower() in AID_NOUNS or c.lemma_.lower() == "humanitarian")
        for c in verb.children
    )


def _expels(verb: Token) -> bool:
    """Whether a verb drives someone out: "out of V", "from V", "cleared V of the enemy" ("of" anywhere in it)."""
    if verb.lemma_.lower() == "clear":
        return any(
            p.dep_ == "prep"
            and p.lower_ == "of"
            and any(_is_force(o) for o in p.children)
            and not any(a.pos_ == "VERB" for a in p.ancestors if a.i != verb.i and verb in a.ancestors)
            for p in verb.subtree
        )
    leaves = {"out", "from", "back", "away"}
    return any(c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in leaves for c in verb.children) and any(
        c.dep_ in {"dobj", "nsubjpass"} and _is_force(c) for c in verb.children
    )


def _is_force(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return lemma in FORCE_WORDS or lemma in ENEMY_WORDS or lemma in FORCE_EXTRA
