"""Where a civil measure is when its trigger has no locative of its own.

Measures are often said as the state of what they limit: "V's schools will
remain shut", "traffic through V is limited to military vehicles", "movement
in and out of V is permitted only with a pass", "non-residents are barred
from entering V", "a curfew now applies to A, B and C". The place is then in
the phrase of the thing limited, in the object of the act it bars, or in the
object of the verb the measure applies through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.locate import is_country
from geomap.events.roles import lemma_of

if TYPE_CHECKING:
    from geomap.events.places import PlaceRef, SentencePlaces
    from geomap.events.roles import Roles
    from geomap.events.tokens import Token

__all__ = ["PASSAGES", "applied_places", "barred_places", "measured_places", "official_places"]

#: Things a measure closes or opens that are themselves places: "the Lachin corridor closed to traffic".
PASSAGES = frozenset({"corridor", "road", "highway", "border", "crossing", "checkpoint", "bridge", "airport", "pass"})
#: Prepositions of a way into, along or through a place: "traffic into V", "entry to V", "movement along V".
_WAYS = frozenset({"to", "into", "through", "on", "along", "across", "via", "of", "in", "out"})
#: Verbs a measure is said to reach places through: "a curfew applies to A and B", "extends across V".
_APPLY_VERBS = frozenset({"apply", "extend", "cover", "spread"})
_APPLY_PREPS = frozenset({"to", "across", "throughout", "over", "on", "in"})


def measured_places(roles: Roles, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where a measure said as a state of something is: "V's schools will remain shut", "access to V is limited"."""
    passive = roles.patient is not None and roles.patient.dep_ == "nsubjpass"  # "access to V was blocked by X"
    subject = roles.patient if passive else roles.agent or roles.patient
    if subject is None:
        return []
    if subject is roles.agent and places.mention(subject) is not None and subject.lemma_.lower() not in PASSAGES:
        return []  # "Baku restricted access": the place acts; "Lachin corridor closed to traffic": it is closed
    refs = places.of_phrase(subject) or [
        r for t in subject.subtree if t.dep_ == "pobj" and t.head.lower_ in _WAYS for r in places.of_phrase(t)
    ]
    return [(r, "location") for r in refs if not is_country(r) or r.precision > 1]


def barred_places(verb: Token, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where people are barred from going: the object of "barred from entering V", "banned from travelling to V"."""
    froms = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "from"]
    acts = [v for p in froms for v in p.children if v.dep_ == "pcomp"]
    refs = [r for act in acts for obj in act.children if obj.dep_ == "dobj" for r in places.of_phrase(obj)]
    refs += [r for act in acts for r in places.objects_of(act, _WAYS - {"of"})]
    return [(r, "location") for r in refs]


def official_places(verb: Token, roles: Roles, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where an official's measure is: the official's town ("the mayor of V", "V's mayor"), else the people's."""
    agent = roles.agent
    if agent is not None and places.mention(agent) is not None:
        return []  # "Baku and Yerevan restricted access": the places act (their governments)
    refs = [r for r in places.of_phrase(agent) if not is_country(r)] if agent is not None else []
    told = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    refs = refs or [r for c in told for r in places.of_phrase(c) if not is_country(r)]
    return [(r, "location") for r in refs]


def applied_places(noun: Token, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where a measure named as a subject applies: "a nightly curfew now applies to A, B and C"."""
    if noun.dep_ not in {"nsubj", "nsubjpass"} or lemma_of(noun.head) not in _APPLY_VERBS:
        return []
    return [(r, "location") for r in places.objects_of(noun.head, _APPLY_PREPS)]
