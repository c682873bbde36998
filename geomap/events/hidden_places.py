"""Where an event is when its trigger names no place of its own.

A measure or agreement is at its actor's place or where it was sent, a frame in a
"where" clause is at the place the clause describes, and a toll with no locative is
at its heading's place or its speaker's. Locatives that are only axes of the front
("in the A and B directions") name no place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events import scope
from geomap.events.places import PlaceRef
from geomap.events.roles import is_verbal, lemma_of

if TYPE_CHECKING:
    from geomap.events.lexicon import Trigger
    from geomap.events.places import SentencePlaces
    from geomap.events.roles import Roles
    from geomap.events.tokens import Token

__all__ = ["actor_places", "along_axes", "fallback_places", "where_clause_places"]

#: Nouns of a front's axes: "fighting continued in the A direction".
_AXES = frozenset({"direction", "axis", "sector"})


def actor_places(token: Token, trigger: Trigger, roles: Roles, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where a measure or agreement with no locative is: its actor's place, or where it was sent.

    "Authorities in V agreed to a truce", "Armenia declared martial law" (the country), "aid was delivered
    to residents of V", "peacekeepers were deployed to V".
    """
    if lemma_of(token) in {"open", "escort"}:
        found = [(r, "location") for r in places.objects_of(token, {"from", "to", "between"})]
        if found:
            return found
    found = [(r, "location") for r in places.of_phrase(roles.recipient)] if roles.recipient is not None else []
    if found or roles.agent is None:
        return found
    found = [(r, "location") for r in places.locatives(roles.agent)]
    if not found and trigger.type == "civil_measure" and is_verbal(token):
        # the state declaring it, even as the speaker ("Armenia declared martial law")
        named = places.mentions_in_raw([t.i for t in roles.agent.subtree])
        found = [(PlaceRef(m, 3), "location") for m in named if m.place is not None and m.place.kind == "country"]
    return found


def fallback_places(token: Token, trigger: Trigger, places: SentencePlaces) -> tuple[tuple[PlaceRef, str], ...]:
    """Where a frame is when neither it nor its sentence's other frames say.

    A heading's place ("V: two soldiers killed"), then for a toll the saying verb's phrase ("In V, officials
    said, two were killed") or the speaker's place ("the ombudsman in V said").
    """
    refs = places.heading()
    if not refs and trigger.type in {"casualties", "equipment_destroyed"}:
        saying = scope.said_first(token)
        refs = places.locatives(saying) if saying is not None else []
        refs = refs or (places.speaker_places() if trigger.type == "casualties" else [])
    return tuple((r, "location") for r in refs)


def along_axes(verb: Token) -> bool:
    """Whether every locative of ``verb`` is an axis of the front: "in the A and B directions"."""
    objects = [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    return bool(objects) and all(o.lemma_.lower() in _AXES for o in objects)


def where_clause_places(token: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """The place a "where" clause around ``token`` describes: "flew to V, where the leaders signed a plan"."""
    for clause in (token, *token.ancestors):
        if clause.dep_ == "relcl" and any(c.lower_ == "where" and c.tag_ == "WRB" for c in clause.children):
            return places.of_phrase(clause.head, front_line=front)
    return []
