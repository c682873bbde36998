"""Event frames: a trigger word of a parsed sentence with its arguments by dependency role.

For each trigger (a verb or event noun of :mod:`geomap.events.lexicon`) the
frame reads its arguments from the parse:

- agent: the subject, or the ``by`` phrase of a passive;
- patient: the object, the passive subject, or "control of X";
- recipient: "to X" ("fell to X", "was lost to X", "handed over to X");
- holder: "under X's control", "under the control of X", "controlled by X";
- source: "from X" ("withdrew from X", "pulled out of X");
- locations: the locative phrases of the trigger ("in", "near", "toward", "there").

and from them the event's type, kind of control and the side said to hold the
place, whether it is denied ("had not been taken", "denied that ...") or only
planned ("is to be handed over", "will withdraw"). Places that fill the
agent's role ("Baku said", "after Moscow ordered", "Armenia fired") are
actors, not locations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geomap.events import scope
from geomap.events.blasts import BLAST, blast_sites
from geomap.events.borders import approached_places
from geomap.events.civil import (
    PASSAGES,
    applied_places,
    barred_places,
    civil_places,
    limited,
    measured_places,
    official_places,
)
from geomap.events.counting import counted_lemma
from geomap.events.developments import accord_places, development_reading, talk_places, talks_about
from geomap.events.extents import companions, directions, members
from geomap.events.gapping import gapped, remnant
from geomap.events.hidden_places import actor_places, along_axes, fallback_places, where_clause_places
from geomap.events.holders import (
    Context,
    a_place,
    against,
    an_actor,
    holder_of,
    is_enemy,
    loser_of,
    side_of,
    words_of,
)
from geomap.events.lexicon import (
    EXPEL_VERBS,
    FLAG_NOUNS,
    FLAG_VERBS,
    MOVEMENT_NOUNS,
    POST_VERBS,
    STAY_VERBS,
    VERBS,
    Trigger,
)
from geomap.events.locate import (
    contain,
    event_locations,
    ground_first,
    is_country,
    participants,
    patient_places,
    place_like,
    share_places,
)
from geomap.events.measures import NO_EVENT, reading_of
from geomap.events.places import PlaceRef, SentencePlaces
from geomap.events.refine import refine
from geomap.events.restrictions import restriction_reading
from geomap.events.roles import SUBJECTS, Roles, is_verbal, lemma_of, roles_of
from geomap.events.sentences import is_background
from geomap.events.territory import (
    attempted,
    controlled_place,
    describes_object,
    no_longer,
    own_forces,
    unmarked_passive,
)
from geomap.events.tolls import fatalities, toll_sites
from geomap.events.trigger_words import CIVILIANS, INTO_VERBS
from geomap.events.triggers import trigger_of, under_control
from geomap.events.verb_arguments import has_prep, peacekeeping
from geomap.events.weapons import weapon_names

if TYPE_CHECKING:
    import datetime as dt

    from geomap.events.sides import Sides
    from geomap.events.tokens import Token

__all__ = ["Frame", "frames_of"]

#: Where a side leaving goes, not what it leaves: "retreated toward V", "pulled back across the river".
_AHEAD = frozenset({"toward", "towards", "to", "across", "beyond", "behind", "over", "into"})
_NATURE = frozenset({"snow", "rain", "flood", "fog", "storm", "weather", "winter", "ice", "landslide", "avalanche"})
_GENERIC = frozenset({"whoever", "who", "whichever", "anyone", "nobody"})
_STRIKE_AIR = re.compile(r"\b(drone|air|aircraft|aviation|jet|airstrike|helicopter|UAV)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Frame:
    """What one trigger of a sentence reports.

    Attributes
    ----------
    trigger
        The trigger's lemma; ``index`` its token index in the sentence.
    type, control, sub_event_type
        Event type, kind of control, ACLED sub-event type.
    controller
        Side said to hold (or to be taking, encircling) the places, or None.
    places
        Where it happened, each with its role (``patient``, ``source``, ``location``, ``participant``).
    actor1, actor2
        Who acts and against whom (a side, else the agent's words).
    negated, planned
        Denied or only planned.
    fatalities
        Deaths stated, or None.
    claimant_holds
        Whether the place is the claimant's own side's gain: an agentless
        "X was liberated" or "X was taken under control" (resolved once the
        claimant is known).
    loser
        For a place left or lost ("Russian troops withdrew from V"): the side
        that left it, whose opponent holds it once the report names one.
    fallback
        Where the frame is if neither it nor the sentence's other frames say
        (a heading's place, a toll's speaker's place).
    clause
        The token index of the head of the finite clause the trigger is in: a
        strike and a clash in two coordinated clauses are two events ("fighting
        goes on near V, and the village is under fire").
    """

    trigger: str
    index: int
    type: str
    control: str | None
    sub_event_type: str | None
    controller: str | None
    places: tuple[tuple[PlaceRef, str], ...]
    actor1: str
    actor2: str
    negated: bool
    planned: bool
    fatalities: int | None
    claimant_holds: bool = False
    loser: str | None = None
    fallback: tuple[tuple[PlaceRef, str], ...] = ()
    clause: int = -1


def frames_of(
    places: SentencePlaces,
    sides: Sides,
    *,
    claimant_side: str | None,
    context_side: str | None = None,
    report_date: dt.date | None = None,
    home_side: str | None = None,
) -> list[Frame]:
    """The frames of one parsed sentence, in text order.

    ``context_side`` is the side that acted last in the report (what "they"
    and an agentless "the town was taken" refer back to); triggers in a
    clause about years before ``report_date`` are history, not events;
    ``home_side`` is the report's own side, whom its "the enemy" and "the occupiers" fight.
    """
    frames: list[Frame] = []
    context = Context(claimant_side, context_side, home_side)
    background = report_date is not None and is_background(places.doc.text, report_date)
    for token in places.doc:
        reading = development_reading(token) or reading_of(token) or restriction_reading(token)
        trigger = reading or trigger_of(token)
        if trigger is None or trigger is NO_EVENT:
            continue  # most words open no frame: asked once, before the history test walks the clause
        if report_date is not None and scope.historical(token, report_date, background=background):
            continue
        frame = _frame(token, places, sides, context, reading=reading, trigger=trigger)
        if frame is not None:
            frames.append(frame)
    return share_places(frames, places.doc)


def _frame(  # noqa: C901, PLR0911, PLR0912, PLR0915
    token: Token, places: SentencePlaces, sides: Sides, context: Context, *, reading: Trigger | None, trigger: Trigger
) -> Frame | None:
    """The frame ``token`` opens through ``trigger`` (``reading`` when who acts decided it), or None."""
    if scope.hypothetical(token):
        return None
    claimant_side = context.claimant
    lemma = lemma_of(token)
    roles = roles_of(token)
    if roles.patient is not None and remnant(roles.patient, token):
        roles = Roles(roles.agent, None, roles.recipient, roles.holder, roles.source)  # "A passes on 1 May, B on 5 May"
    expelled = None  # "Armenian units were pushed out of V": the side that lost V
    if trigger is VERBS["oust"] and lemma in EXPEL_VERBS and lemma != "clear" and roles.source is not None:
        expelled = roles.patient if roles.agent is None else None
        roles = Roles(roles.agent, roles.source, None, roles.holder, None)  # "pushed them out of V": V is taken
    roles = unmarked_passive(token, trigger, roles, places)
    if lemma in STAY_VERBS and any(c.dep_ in {"attr", "acomp"} and c.lower_ == "ours" for c in token.children):
        roles = Roles(None, roles.agent, None, None, None)  # "V is ours": V is held, by the speaker's side
    gap = roles.patient is None or token.dep_ == "relcl"
    if lemma in INTO_VERBS and gap and roles.recipient is not None and has_prep(token, {"into"}):
        roles = Roles(roles.agent, roles.recipient, None, roles.holder, roles.source)  # "pushed into V": V is entered
    if trigger.place_patient and roles.patient is None and roles.agent is not None and a_place(roles.agent, places):
        roles = Roles(None, roles.agent, roles.recipient, roles.holder, roles.source)  # "Kherson liberated"
    if under_control(token) is not None:
        # "X remains under the control of Y", "X came under occupation by Y": the subject is what is held
        by = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children), None)
        controlled = controlled_place(token, places)
        if controlled is not None and roles.agent is not None and not places.of_phrase(roles.agent):
            roles = Roles(None, controlled, None, roles.agent, None)  # "our forces are in full control of V"
        else:
            roles = Roles(None, roles.agent or roles.patient, None, roles.holder or by, None)
    if lemma in {"fall", "pass"} and roles.patient is None:
        roles = Roles(None, roles.agent, roles.recipient, roles.holder, roles.source)  # "Hadrut fell to X"
    subjects = [c for c in token.children if c.dep_ in SUBJECTS]
    if any(
        t.lower_ in _GENERIC or (t.dep_ == "det" and t.lower_ in {"which", "what"}) for s in subjects for t in s.subtree
    ):
        return None  # "whoever holds Kherson controls ...", "not clear which side holds it": no one said to
    if trigger.type == "territory_claimed" and describes_object(token):
        return None  # "retook the positions they had lost near V": the main verb's claim, not the description's
    places.allow_anaphora = is_verbal(token)
    if reading is None:
        refined = refine(token, trigger, roles)
        if refined is None:
            return None
        trigger = refined
    if trigger.type == "civil_measure" and counted_lemma(roles.agent) in _NATURE:
        return None  # "snow will close the pass": weather, not a measure anyone took
    if trigger.type == "territory_claimed" and attempted(token):
        trigger = VERBS["fight"]  # "the operation to liberate V", "tried to take V": fighting for V, not V taken
    if trigger.type == "equipment_destroyed" and attempted(token):
        return None  # "will try to destroy our tanks near V": nothing destroyed
    if trigger.type in {"territory_claimed", "armed_clash"} and peacekeeping(token):
        trigger = VERBS["escort"]  # "peacekeepers took up positions near V": a deployment, not a capture
    front = trigger.type in {"territory_claimed", "armed_clash"}
    found: list[tuple[PlaceRef, str]] = []
    patient_refs = patient_places(token, roles, places, front=front)
    if trigger.type == "equipment_destroyed" and (named := places.mentions_in_raw(weapon_names(roles.patient))):
        patient_refs = [r for r in patient_refs if r.mention not in named]  # "shot down a Bayraktar": no place
    if not patient_refs and trigger.type == "territory_claimed" and place_like(roles.patient):
        patient_refs = members(token, roles.patient, places, front=front)  # "keep the areas they took, including V"
        if not patient_refs and trigger.control in {"taken", "held"}:
            # "held the heights above V", "cleared the positions around V": ground by the place
            # "retook the positions they had lost near V": the near-locative of the object's own clause
            clauses = [token, *(c for c in roles.patient.children if c.dep_ == "relcl")] if roles.patient else [token]
            patient_refs = [
                replace(r, precision=2)
                for clause in clauses
                for r in places.locatives(clause, front_line=front)
                if r.precision > 1
            ]
    if trigger.type == "territory_claimed" and (patient_refs or roles.patient is not None):
        patient_refs += companions(token, places, front=front)  # "V was liberated together with A and B"
    repelled = [(r, "location") for r in patient_refs]
    if (
        trigger is VERBS["oust"]
        and lemma in EXPEL_VERBS
        and lemma != "clear"  # "cleared the area around V of the enemy": that ground is taken
        and patient_refs
        and all(r.precision > 1 for r in patient_refs)
    ):
        # "pushed the enemy back from the outskirts of V": an attack repelled near V, not V taken
        trigger = VERBS["fight"]
        roles = Roles(roles.agent, None, None, None, None)
        patient_refs = []
        found = repelled
    if trigger.type == "diplomacy":
        found = [(r, "participant") for r in participants(token, roles, places)]
    if trigger.control and counted_lemma(roles.agent) in CIVILIANS:
        return None  # "residents fled Goris", "refugees reached Goris": people, not a side, leave or come
    if lemma in INTO_VERBS and patient_refs and all(is_country(r) for r in patient_refs):
        return None  # "advanced seven kilometres into the territory of Armenia": no place to put it
    if (lemma in POST_VERBS or lemma in FLAG_VERBS) and trigger is VERBS["take"]:
        flag = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass"} or _flying(c)), None)
        agent = None if flag is not None and flag is roles.agent else roles.agent  # "the flag flies over V"
        # the post or flag is not the place; "the Ukrainian flag was raised over V" says whose it is
        roles = Roles(agent, None, None, flag if flag is not None and sides.of_phrase(flag) else None, None)
        patient_refs = []
        found = ground_first(event_locations(token, places, front=front, say=False))
        found += [(r, "patient") for obj in token.children if obj.dep_ == "dobj" for r in places.locatives(obj)]
        if not found or along_axes(token):
            return None  # "observation posts are deployed in the A and B directions": axes, not ground held
    elif lemma in STAY_VERBS and roles.patient is None and under_control(token) is None:
        found = [(r, "patient") for r in places.locatives(token, front_line=front)]  # "troops were inside V"
    elif trigger.place_patient and not patient_refs and under_control(token) is None and not place_like(roles.patient):
        return None  # "took measures", "were taken to hospital": not about a place
    if not found:
        found = [(r, "patient") for r in patient_refs if not (trigger.control and r.direction)]
    if roles.source is not None:
        found += [(r, "source") for r in places.of_phrase(roles.source, front_line=front)]
    if trigger.type == "diplomacy":
        # talks are where they are held ("talks in Geneva"), else with the countries taking part
        held = [(r, "location") for r in talk_places(token, places)]
        # "discussed the situation in V": V is the topic, not a place talked at nor a party
        found = held or [(r, x) for r, x in found if x != "patient" or not talks_about(token)]
    else:
        say = not found and trigger.type not in {"casualties", "equipment_destroyed"}  # those share first
        found += [(r, "location") for r in event_locations(token, places, front=front, say=say)]
    if not found:
        found = [(r, "location") for r in where_clause_places(token, places, front=front)]
    if not found and trigger is BLAST:
        found = [
            (r, "location") for site in blast_sites(token) for r in places.locatives(site)
        ]  # "under a truck near V"
    if found and is_verbal(token):
        # "took A on Friday and B on Saturday": B in A's role, though the parser made it a locative
        role, remnants = found[0][1], gapped(token, places, front=front)
        found = [(r, x) for r, x in found if all(r.mention is not g.mention for g in remnants)]
        found += [(r, role) for r in remnants]
    if trigger.type in {"civil_measure", "other"} and not found:
        found = actor_places(token, trigger, roles, places)
    if trigger.type == "other" and not found:
        found = [(r, "location") for r in approached_places(token, places)]  # "moved closer to V's pastures"
        found = found or [(r, "location") for r in accord_places(token, places)]  # "a corridor from V"
    if (
        trigger.type == "civil_measure"
        and not found
        and (
            lemma in STAY_VERBS
            or reading is not None
            or counted_lemma(roles.agent) in PASSAGES | MOVEMENT_NOUNS | {""}
            or (roles.patient is not None and roles.patient.dep_ == "nsubjpass")
        )
    ):
        found = measured_places(roles, places)
    if trigger.type == "civil_measure" and not found:
        # "barred from entering V", "a curfew now applies to A and B"
        found = barred_places(token, places) or applied_places(token, places)
        found = found or (official_places(token, roles, places) if reading is not None else [])
    if trigger.type == "civil_measure" and not found and roles.patient is not None:
        # "evacuated children from V", "moved civilians from V across the river"
        found = [(r, "location") for h in (roles.patient, token) for r in places.objects_of(h, {"from"})]
    if (trigger.type == "civil_measure" or reading is not None) and not found and token.dep_ == "xcomp":
        # "in V, police began detaining activists": where the verb it completes is; "authorities in V
        # ordered all shops to close": where those who order it are
        boss = next((c for c in token.head.children if c.dep_ in SUBJECTS), None)
        found = [(r, "location") for r in places.locatives(token.head) or (places.locatives(boss) if boss else [])]
    if trigger.type == "civil_measure":
        found = civil_places(token, found, places)  # "moved from V to W", "Ukraine extended martial law"
    if trigger.control and trigger.type == "territory_claimed":
        ahead = {id(m) for m in directions(token, places)}  # "fleeing towards V": where they go, not held
        kept = [(r, role) for r, role in found if not r.direction and id(r.mention) not in ahead]
        if found and not kept:
            return None  # a move towards somewhere says nothing of the ground (nor takes a place from its clause)
        found = kept
    if trigger.control == "lost":
        # "retreating toward V", "pulled back from W toward V": V is where they go, not ground left
        ahead = {id(r.mention) for r in places.objects_of(token, _AHEAD, nested=True)}
        found = [(r, role) for r, role in found if id(r.mention) not in ahead]
    found = contain(found)
    if trigger.type == "casualties" and not found and not _result_of_attack(token):
        victims = roles.patient if roles.patient is not None else roles.agent if lemma == "die" else None
        found = [(r, "location") for r in places.of_phrase(victims)] if victims is not None else []
        found = found or next(
            ([(r, "location") for r in refs] for t in toll_sites(token) if (refs := places.locatives(t))), []
        )
    if lemma in {"lose", "die"} and trigger.type == "casualties" and not found and roles.agent is not None:
        found = [(PlaceRef(r.mention, 3), "location") for r in places.of_phrase(roles.agent) if is_country(r)]
    agent_side = side_of(roles.agent, places, sides, context)
    is_negated = scope.negated(token)
    if trigger.type == "casualties" and is_negated and not scope.denied(token):
        return None  # "there were no casualties", "nobody was hurt": nothing happened, and nobody claims it did
    expelled_side = side_of(expelled, places, sides, context) if expelled is not None else None
    holder = holder_of(token, trigger, roles, places, sides, context, agent_side)
    if expelled_side is not None and holder == expelled_side:
        holder = None  # "Armenian units were driven out of V": not theirs any more
    if holder is None and own_forces(trigger, roles, sides, negated=scope.negated(token)):
        holder = claimant_side  # "units cleared V", in the words of a side's ministry: its own units
    if trigger.control == "lost" and holder is None and is_enemy(roles.agent, sides):
        holder = claimant_side  # "the enemy abandoned V", says one side: that side holds V
    if is_negated and roles.agent is None and roles.holder is None and trigger.holder == "agent":
        holder = None  # "Hadrut has not been taken": the speaker denies a loss, it names no taker
    let_go = None
    if trigger.control == "held" and no_longer(token):
        # "V is no longer in our hands", "no longer under our control": the holder's loss
        trigger, let_go, holder = replace(trigger, control="lost", holder="none"), holder or claimant_side, None
    patient_side = side_of(roles.patient, places, sides, None) if roles.patient is not None else None
    actor1 = agent_side or (words_of(roles.agent) if roles.agent is not None and an_actor(roles.agent) else "")
    actor2 = against(token, sides) or (patient_side if patient_side != agent_side else None) or ""
    if trigger.type == "civil_measure" and limited(roles.agent):
        actor1 = ""  # "schools in V remain closed": what the measure limits, not who imposed it
    if trigger.control == "lost":
        actor1, actor2 = (
            agent_side or (words_of(roles.agent) if roles.agent is not None and an_actor(roles.agent) else ""),
            holder or actor2,
        )
    is_planned = scope.planned(token) or (trigger.type == "territory_claimed" and scope.ordered(token))
    control = trigger.control
    event_type = trigger.type
    if is_planned:
        if event_type in {"shelling_strike", "armed_clash", "casualties", "equipment_destroyed"}:
            return None
        if event_type in {"territory_claimed", "other"}:
            event_type, control, holder = "other", None, None
        if is_negated and event_type == "other":
            return None  # "Armenia will not hand over V": a plan refused reports nothing
    gain_denied = is_negated and (roles.agent is None or trigger.holder == "recipient")  # "denies the fall of V"
    sub = trigger.sub_event_type
    if event_type != trigger.type and sub in {"Armed clash", "Government regains territory"}:
        sub = "Other"  # "forces are preparing to storm V": a plan, not a battle
    if event_type == "shelling_strike" and _STRIKE_AIR.search(" ".join(t.text for t in token.subtree)):
        sub = "Air/drone strike"
    return Frame(
        trigger=lemma,
        index=token.i,
        type=event_type,
        control=control,
        sub_event_type=sub,
        controller=holder if control else None,
        places=tuple(found),
        actor1=actor1,
        actor2=actor2,
        negated=is_negated,
        planned=is_planned,
        fatalities=fatalities(token, roles, event_type),
        claimant_holds=bool(control)
        and holder is None
        and not is_negated
        and roles.agent is None
        and roles.holder is None
        and trigger.holder == "agent"
        and control in {"taken", "held"}
        and (expelled_side is None or expelled_side != claimant_side),
        loser=expelled_side or let_go or loser_of(control, holder, agent_side, claimant_side, denied_gain=gain_denied),
        fallback=fallback_places(token, trigger, places),
    )


def _flying(noun: Token) -> bool:
    """Whether a subject is a flag ("the flag flies over V")."""
    return noun.dep_ == "nsubj" and noun.lemma_.lower() in FLAG_NOUNS


def _result_of_attack(token: Token) -> bool:
    """Whether a toll is the outcome of its clause's strike or fighting ("rockets hit V, killing four").

    It is where that was, whatever its victims' phrase seems to name.
    """
    head = trigger_of(token.head) if token.dep_ in {"advcl", "conj", "xcomp"} else None
    return head is not None and head.type in {"shelling_strike", "armed_clash"}
