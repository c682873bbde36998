"""A frame refined by its arguments: "lost 16 servicemen" is casualties, "took measures" is nothing.

:func:`geomap.events.triggers.trigger_of` gives the frame a word opens;
:func:`refine` reads the verb's roles (:mod:`geomap.events.roles`) to change or
drop it: "a drone hit a T-72" is a kill, "rolled into V" takes V, "fled,
leaving behind tanks near V" leaves no ground.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events import scope
from geomap.events.counting import counted, counted_lemma
from geomap.events.lexicon import EQUIPMENT_NOUNS, EXPEL_VERBS, MUNITIONS, NOUNS, PEOPLE_NOUNS, SUPPORT_VERBS, VERBS
from geomap.events.roles import CONTROL_NOUNS, is_verbal, lemma_of
from geomap.events.trigger_words import AIR_WEAPONS, CIVILIANS, FIRED, GAIN_VERBS, INTO_VERBS, KEEP_VERBS, WITNESSES
from geomap.events.triggers import under_control
from geomap.events.verb_arguments import has_prep
from geomap.events.weapons import burned, equipment, is_weapon, struck_weapon, wrecked

if TYPE_CHECKING:
    from geomap.events.lexicon import Trigger
    from geomap.events.roles import Roles
    from geomap.events.tokens import Token

__all__ = ["refine"]


def refine(token: Token, trigger: Trigger, roles: Roles) -> Trigger | None:  # noqa: C901, PLR0911, PLR0912
    """The frame a verb opens given its object: "lost 16 servicemen" is casualties, "took measures" is nothing."""
    lemma = lemma_of(token)
    patient = counted(roles.patient)
    plemma = patient.lemma_.lower() if patient is not None else ""
    if not is_verbal(token) or trigger is VERBS["rename"] or (trigger is VERBS["oust"] and lemma in EXPEL_VERBS):
        return trigger
    if burned(token):
        return trigger  # "two tanks burned": the tanks are the subject
    if plemma in CONTROL_NOUNS and lemma in GAIN_VERBS | KEEP_VERBS | {"lose"}:
        control = "taken" if lemma in GAIN_VERBS else "held" if lemma in KEEP_VERBS else "lost"
        return replace(VERBS["take"], control=control, holder="none" if control == "lost" else "agent")
    agent = roles.agent or (patient if lemma == "fall" else None)
    if lemma in {"fall", "land", "come"} and counted_lemma(agent) in NOUNS:
        return None  # "the heaviest blows fell on the X direction": the noun's frame, not ground falling
    if lemma in {"hit", "strike"} and struck_weapon(patient):
        return VERBS["destroy"]  # "a drone hit a T-72 near V" is a kill; "drones hit a depot" a strike
    if lemma in {"fall", "land", "explode", "hit"} and counted_lemma(agent) in MUNITIONS:
        return VERBS["shell"]  # "a bomb fell on the square of V", "shells landed in V"
    if lemma in {"shoot", "knock", "bring"} and has_prep(token, {"down"}):
        return VERBS["down"]  # "an Mi-24, shot down in the D direction": an aircraft downed, not a strike
    if lemma in {"attack", "assault"} and counted_lemma(roles.agent) in MUNITIONS | AIR_WEAPONS:
        return VERBS["strike"]  # "enemy drones attacked an ambulance near V": a strike, not a clash
    if lemma in {"land", "explode", "rain", "slam", "smash"} and counted_lemma(agent) not in FIRED:
        return None  # "transports carrying peacekeepers landed in V": a flight, not a strike
    if trigger.type == "diplomacy" and counted_lemma(_doer(token, roles)) in WITNESSES | CIVILIANS:
        return None  # "our researchers found after visiting the city": a visit, not diplomacy
    if lemma == "lose" and (plemma in PEOPLE_NOUNS or scope.is_number(patient)):
        return NOUNS["casualty"]
    if lemma in {"lose", "down", "shoot", "knock", "hit"} and is_weapon(roles.patient):
        return VERBS["destroy"]  # not "lost two posts": ground
    if trigger.type == "equipment_destroyed" and not equipment(patient) and counted_lemma(agent) in FIRED:
        return VERBS["shell"]  # "a missile destroyed a row of houses in V": a strike there
    if trigger.type == "equipment_destroyed":
        return trigger if equipment(patient) or lemma == "down" else None
    if lemma in {"evacuate", "relocate", "move", "transfer", "resettle"} and plemma in PEOPLE_NOUNS | CIVILIANS:
        return VERBS["impose"]  # a civil measure: "evacuated 2,000 residents of villages around V": not ground left
    if lemma == "clear" and any(
        p.lemma_.lower() in {"mine", "explosive", "landmine", "ordnance"} for p in token.subtree
    ):
        return None  # demining, not taking
    if lemma in {"lay", "plant"}:
        return trigger if plemma in {"mine", "landmine", "explosive"} else None
    if lemma in SUPPORT_VERBS and plemma in NOUNS:
        return None  # the object noun is the trigger: "held talks", "opened fire", "imposed a curfew"
    if lemma in INTO_VERBS and has_prep(token, {"into"}):
        return VERBS["take"]  # "rolled into the town of V", "pushed into V": inside the place now
    if lemma in {"move", "push", "break", "advance"} and not _directed(token):
        return None if lemma != "advance" else trigger
    if lemma in {"roll", "march", "burst", "sweep"}:
        return None  # only "rolled into V" (above) reports
    if lemma in {"return", "pass"} and not has_prep(token, {"to"}) and under_control(token) is None:
        # "troops returned", "the day passed"; "Armenia is to return the D district" hands ground over
        return trigger if lemma == "return" and any(c.dep_ == "dobj" for c in token.children) else None
    if lemma in {"leave", "abandon"} and plemma in EQUIPMENT_NOUNS and wrecked(patient):
        return VERBS["destroy"]  # "left behind four destroyed tanks near V"
    if lemma in {"leave", "abandon"} and plemma in EQUIPMENT_NOUNS | PEOPLE_NOUNS | {"weapon", "ammunition", "body"}:
        return None  # "fled, leaving behind tanks near V": equipment left, not ground
    if lemma == "close" and plemma and plemma in PEOPLE_NOUNS:
        return None
    return trigger


def _doer(verb: Token, roles: Roles) -> Token | None:
    """Who acts: the agent, or for a participle without a subject the subject of the verb it hangs on."""
    if roles.agent is not None or verb.dep_ not in {"advcl", "pcomp", "xcomp", "conj"}:
        return roles.agent
    head = verb.head.head if verb.dep_ == "pcomp" else verb.head  # "after visiting V": the prep's head
    return next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _directed(verb: Token) -> bool:
    return has_prep(verb, {"toward", "towards", "into", "on", "to", "in", "through"})
