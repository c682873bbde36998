"""Checks on the roles and readings of frames that claim ground.

A trigger of taking, holding or losing ground says so only in some
constructions. These checks read them from the parse:

- :func:`attempted`: the gain is only tried ("the operation to liberate V",
  "tried to take V"): fighting for V, not V taken;
- :func:`describes_object`: the trigger heads a relative clause on the object
  of another claim ("retook the positions they had lost near V");
- :func:`unmarked_passive`: a heading's participle without its auxiliary
  ("Goris shelled again", "V liberated"): its subject is what was acted on;
- :func:`own_forces`: a gain's agent is a bare force word ("units took V"),
  the speaker's own;
- :func:`controlled_place`: the place in "in (full) control of V";
- :func:`no_longer`: a hold that has ended ("V is no longer in our hands").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.counting import counted_lemma
from geomap.events.holders import a_place, is_enemy
from geomap.events.lexicon import ANAPHOR_NOUNS, EQUIPMENT_NOUNS, FORCE_NOUNS, PEOPLE_NOUNS, Trigger
from geomap.events.roles import Roles, lemma_of
from geomap.events.trigger_words import CIVILIANS
from geomap.events.triggers import trigger_of
from geomap.events.verb_arguments import has_prep

if TYPE_CHECKING:
    from geomap.events.places import SentencePlaces
    from geomap.events.sides import Sides
    from geomap.events.tokens import Token

__all__ = ["attempted", "controlled_place", "describes_object", "no_longer", "own_forces", "unmarked_passive"]

_OPERATIONS = frozenset(
    {"operation", "offensive", "attack", "assault", "battle", "fight", "push", "attempt", "bid", "effort", "drive",
     "counteroffensive", "campaign", "advance", "struggle"}
)  # fmt: skip
_TRY_VERBS = frozenset({"try", "attempt", "seek", "strive", "fight", "struggle", "battle", "fail"})


def attempted(verb: Token) -> bool:
    """Whether a gain is only attempted: "the operation to liberate V", "attempts to seize V", "tried to take V"."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    head = verb.head.lemma_.lower()
    return (verb.dep_ in {"acl", "relcl"} and head in _OPERATIONS) or (verb.dep_ == "xcomp" and head in _TRY_VERBS)


def unmarked_passive(token: Token, trigger: Trigger, roles: Roles, places: SentencePlaces) -> Roles:
    """A heading's participle without its auxiliary: "Goris shelled again", "three soldiers killed near V".

    The subject is what was hit when it cannot be the one acting: a place shelled or taken, people killed,
    vehicles destroyed.
    """
    subject = roles.agent
    if (
        subject is None
        or roles.patient is not None
        or token.tag_ not in {"VBD", "VBN"}
        or lemma_of(token) in {"die", "fall", "land", "explode", "hit"}
        or any(c.dep_ in {"aux", "auxpass", "dobj"} for c in token.children)
    ):
        return roles
    what = counted_lemma(subject)
    fits = (
        (trigger.type == "casualties" and what in PEOPLE_NOUNS | CIVILIANS)
        or ((trigger.type == "equipment_destroyed" or has_prep(token, {"down"})) and what in EQUIPMENT_NOUNS)
        or (
            (trigger.type == "shelling_strike" or trigger.place_patient)
            and (places.mention(subject) is not None or what in ANAPHOR_NOUNS)
            and a_place(subject, places)
        )
    )
    return Roles(None, subject, roles.recipient, roles.holder, roles.source) if fits else roles


#: Force words, and the formations a bulletin names its units by ("units of the Southern group liberated V").
_BARE_FORCES = FORCE_NOUNS | frozenset({"army", "force", "troop", "military", "group", "grouping", "division", "corps"})


def own_forces(trigger: Trigger, roles: Roles, sides: Sides, *, negated: bool) -> bool:
    """Whether a gain's agent is a force the sentence gives no side ("units took V", "the army holds V").

    A side's speaker means its own; the caller gives the claimant's side (None for a neutral report).
    """
    agent = roles.agent
    if negated or trigger.control not in {"taken", "held"} or trigger.holder != "agent" or agent is None:
        return False
    if counted_lemma(agent) not in _BARE_FORCES or is_enemy(agent, sides) or sides.of_phrase(agent):
        return False
    return not any(c.dep_ in {"amod", "compound", "poss", "nmod"} and c.is_title for c in agent.children)


def controlled_place(verb: Token, places: SentencePlaces) -> Token | None:
    """The place in "in (full) control of V" on a verb of being, when the phrase names one."""
    for prep in verb.children:
        for noun in prep.children if prep.dep_ == "prep" and prep.lower_ == "in" else ():
            if noun.dep_ != "pobj" or noun.lemma_.lower() != "control":
                continue
            of = [o for p in noun.children if p.dep_ == "prep" and p.lower_ in {"of", "over"} for o in p.children]
            if of and places.of_phrase(of[0]):
                return of[0]
    return None


def describes_object(verb: Token) -> bool:
    """Whether ``verb`` heads a relative clause on the object of a verb that claims ground."""
    noun = verb.head
    if verb.dep_ != "relcl" or noun.dep_ not in {"dobj", "nsubjpass"}:
        return False
    main = trigger_of(noun.head)
    return main is not None and main.type == "territory_claimed"


def no_longer(verb: Token) -> bool:
    """Whether a state has ended: "no longer in our hands", "not under our control any more"."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ == "longer" and any(c.lower_ == "no" for c in child.children):
            return True
        if (
            child.dep_ == "advmod"
            and child.lower_ in {"anymore", "more"}
            and any(c.dep_ == "neg" for c in verb.children)
        ):
            return True
    return False
