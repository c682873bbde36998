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
    AID_NOUNS,
    CASUALTY_ADJECTIVES,
    COME_VERBS,
    ENEMY_WORDS,
    EQUIPMENT_NOUNS,
    EXPEL_VERBS,
    FLAG_NOUNS,
    FLAG_VERBS,
    FORCE_WORDS,
    MUNITIONS,
    NOUN_PHRASES,
    NOUNS,
    OUT_OF_SERVICE,
    PEOPLE_NOUNS,
    POST_NOUNS,
    POST_VERBS,
    STAY_VERBS,
    SUPPORT_VERBS,
    VERBS,
    Trigger,
)
from geomap.events.locate import (
    contain,
    event_locations,
    is_country,
    participants,
    patient_places,
    place_like,
    share_places,
)
from geomap.events.places import PlaceRef, SentencePlaces
from geomap.events.roles import CONTROL_NOUNS, SUBJECTS, Roles, is_verbal, lemma_of, roles_of
from geomap.events.sentences import is_background

if TYPE_CHECKING:
    import datetime as dt

    from spacy.tokens import Token

    from geomap.events.sides import Sides

__all__ = ["Frame", "frames_of"]

_GENERIC = frozenset({"whoever", "who", "whichever", "anyone", "nobody"})
_GAIN_VERBS = frozenset({"take", "seize", "gain", "regain", "establish", "assume", "win", "retake", "restore"})
_KEEP_VERBS = frozenset({"retain", "keep", "maintain", "hold", "have", "exercise"})
_CIVILIANS = frozenset({"resident", "civilian", "people", "family", "refugee", "journalist", "person", "inhabitant"})
_LEAVE_PARTICLES = frozenset({"out", "back"})
_FORCE_EXTRA = frozenset(
    {"them", "they", "troop", "remnant", "garrison", "group", "attacker", "column", "formation", "saboteur", "assault"}
)
_DEMINING = frozenset({"mine", "explosive", "landmine", "ordnance"})
_INTO_VERBS = frozenset({"move", "push", "break", "advance", "roll", "drive", "storm", "burst", "march", "sweep"})
_AIR_WEAPONS = frozenset({"drone", "air", "missile", "rocket", "artillery", "mortar", "aerial", "kamikaze", "uav"})
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


def frames_of(
    places: SentencePlaces,
    sides: Sides,
    *,
    claimant_side: str | None,
    context_side: str | None = None,
    report_date: dt.date | None = None,
) -> list[Frame]:
    """The frames of one parsed sentence, in text order.

    ``context_side`` is the side that acted last in the report (what "they"
    and an agentless "the town was taken" refer back to); triggers in a
    clause about years before ``report_date`` are history, not events.
    """
    frames: list[Frame] = []
    context = Context(claimant_side, context_side)
    background = report_date is not None and is_background(places.doc.text, report_date)
    for token in places.doc:
        if report_date is not None and scope.historical(token, report_date, background=background):
            continue
        frame = _frame(token, places, sides, context)
        if frame is not None:
            frames.append(frame)
    return share_places(frames, places.doc)


def _under_control(verb: Token) -> str | None:
    """The kind of control "remains under the control of X" (held), "came under X's control" (taken) claim."""
    lemma = verb.lemma_.lower()
    if lemma not in STAY_VERBS | COME_VERBS or not any(
        p.dep_ == "prep"
        and p.lower_ in {"under", "into", "in"}
        and any(o.dep_ == "pobj" and o.lemma_.lower() in CONTROL_NOUNS for o in p.children)
        for p in verb.children
    ):
        return None
    return "held" if lemma in STAY_VERBS else "taken"


def _trigger(token: Token) -> Trigger | None:  # noqa: C901, PLR0911, PLR0912 - one branch per word class
    lemma = lemma_of(token)
    if token.pos_ in {"VERB", "AUX"} and _renames(token):
        return VERBS["rename"]
    if token.pos_ in {"VERB", "AUX"} and (lemma not in VERBS or lemma in COME_VERBS):
        kind = _under_control(token)
        if kind is not None:
            return replace(VERBS["take"], control=kind, sub_event_type=None if kind == "held" else "Armed clash")
    if (
        token.dep_ in {"amod", "acl"}
        and token.tag_ in {"VBN", "VBG", "JJ"}
        and not _finite_clause(token)
        and not _headline(token)
    ):
        return None  # "the occupied district", "the districts surrounding it": descriptions, not reports
    if is_verbal(token) and lemma in FLAG_VERBS and _object_lemma(token) in FLAG_NOUNS:
        return VERBS["take"]  # "raised the flag over V"
    if is_verbal(token) and lemma in POST_VERBS and _object_lemma(token) in POST_NOUNS:
        return VERBS["take"]  # "set up checkpoints in V", "established an observation post near V"
    if is_verbal(token) and lemma == "clear" and any(t.lemma_.lower() in _DEMINING for t in token.subtree):
        return VERBS["mine"]  # demining: "cleared the fields near V of mines"
    if is_verbal(token) and lemma in {"put", "take", "knock"} and _out_of_service(token):
        return VERBS["destroy"]  # "three tanks were put out of action"
    if is_verbal(token) and lemma == "deliver" and _aid(token):
        return VERBS["impose"]  # "aid was delivered to residents of V": a civil measure there
    if is_verbal(token) and lemma in EXPEL_VERBS and _expels(token):
        return VERBS["oust"]  # "pushed them out of V", "drove the enemy from V", "cleared V of the occupiers"
    if is_verbal(token) and lemma in _GAIN_VERBS | _KEEP_VERBS and _object_lemma(token) in CONTROL_NOUNS:
        return VERBS["take"]  # "established control over X": refined by its object
    if is_verbal(token):
        if lemma == "pull" and not any(c.lower_ in _LEAVE_PARTICLES for c in token.children):
            return None
        if lemma == "pull":
            return VERBS["withdraw"]
        return VERBS.get(lemma)
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "compound" and lemma_of(token.head) in NOUNS:
        return None  # "a ceasefire violation" is a violation, "a drone strike" a strike
    if token.pos_ in {"NOUN", "PROPN"}:
        phrase = NOUN_PHRASES.get(lemma)
        if phrase is not None:
            word, trigger = phrase
            near = [*token.children, token.head, *token.head.children] if lemma == "emergency" else token.children
            return trigger if any(t.lower_ == word for t in near) and token.is_lower else None
        found = NOUNS.get(lemma) if token.is_lower or (token.is_title and token.i == 0) else None
        if (
            found is not None
            and found.type == "armed_clash"
            and any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in _AIR_WEAPONS for c in token.children)
        ):
            return NOUNS["strike"]  # "came under drone attack", "a missile attack on V"
        return found
    if token.lower_ == "offensive" and token.i >= 2 and token.doc[token.i - 1].text == "-":  # noqa: PLR2004
        return NOUNS["counteroffensive"]  # "counter-offensive", split into three tokens
    if token.pos_ == "ADJ" and lemma in CASUALTY_ADJECTIVES and token.dep_ in {"oprd", "acomp", "ccomp", "xcomp"}:
        return NOUNS["casualty"]
    return None


def _headline(token: Token) -> bool:
    """A participle hanging on a verbless title: "Hadrut taken by the army", "MoD: dozens of tanks destroyed"."""
    head = token.head
    if any(t.pos_ in {"VERB", "AUX"} for t in head.ancestors):
        return False
    return head.pos_ not in {"VERB", "AUX"} and not any(t.pos_ == "VERB" for t in head.lefts)


def _out_of_service(verb: Token) -> bool:
    return any(
        c.lower_ == "out" and any(o.lemma_.lower() in OUT_OF_SERVICE for p in c.children for o in p.children)
        for c in verb.children
    )


def _aid(verb: Token) -> bool:
    return any(
        c.dep_ in {"dobj", "nsubjpass"} and (c.lemma_.lower() in AID_NOUNS or c.lemma_.lower() == "humanitarian")
        for c in verb.children
    )


def _expels(verb: Token) -> bool:
    """Whether a verb drives someone out of a place: "out of V", "from V", or "cleared V of the enemy"."""
    if verb.lemma_.lower() == "clear":
        return any(
            p.dep_ == "prep" and p.lower_ == "of" and any(_is_force(o) for o in p.children)
            for c in verb.children
            if c.dep_ in {"dobj", "nsubjpass"}
            for p in c.children
        ) or any(p.dep_ == "prep" and p.lower_ == "of" and any(_is_force(o) for o in p.children) for p in verb.children)
    leaves = {"out", "from", "back", "away"}
    return any(c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in leaves for c in verb.children) and any(
        c.dep_ in {"dobj", "nsubjpass"} and _is_force(c) for c in verb.children
    )


def _is_force(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return lemma in FORCE_WORDS or lemma in ENEMY_WORDS or lemma in _FORCE_EXTRA


def _finite_clause(token: Token) -> bool:
    """Whether a clause has its own subject ("claims that Shusha had fallen"): not a participle."""
    return any(c.dep_ in {"nsubj", "nsubjpass", "mark", "aux"} for c in token.children)


def _object_lemma(verb: Token) -> str:
    """The lemma of what a verb acts on: its object, or the subject of its passive ("the flag was raised")."""
    return next((c.lemma_.lower() for c in verb.children if c.dep_ in {"dobj", "attr", "nsubjpass"}), "")


def _renames(verb: Token) -> bool:
    """Whether a verb renames a place: "gave X back its old name", "X will be known as Y"."""
    lemma = verb.lemma_.lower()
    if lemma in {"give", "get", "restore", "return"}:
        return any(c.dep_ == "dobj" and c.lemma_.lower() == "name" for c in verb.children)
    return (
        lemma == "know"
        and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
        and any(c.dep_ == "auxpass" for c in verb.children)
    )


def _frame(token: Token, places: SentencePlaces, sides: Sides, context: Context) -> Frame | None:  # noqa: C901, PLR0911, PLR0912, PLR0915
    trigger = _trigger(token)
    if trigger is None or scope.hypothetical(token):
        return None
    claimant_side = context.claimant
    lemma = lemma_of(token)
    roles = roles_of(token)
    if trigger is VERBS["oust"] and lemma in EXPEL_VERBS and lemma != "clear" and roles.source is not None:
        roles = Roles(roles.agent, roles.source, None, roles.holder, None)  # "pushed them out of V": V is taken
    if lemma in _INTO_VERBS and roles.patient is None and roles.recipient is not None and _has_prep(token, {"into"}):
        roles = Roles(roles.agent, roles.recipient, None, roles.holder, roles.source)  # "pushed into V": V is entered
    if trigger.place_patient and roles.patient is None and roles.agent is not None and a_place(roles.agent, places):
        roles = Roles(None, roles.agent, roles.recipient, roles.holder, roles.source)  # "Kherson liberated"
    if _under_control(token) is not None:
        # "X remains under the control of Y", "X came under occupation by Y": the subject is what is held
        by = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children), None)
        roles = Roles(None, roles.agent or roles.patient, None, roles.holder or by, None)
    if lemma in {"fall", "pass"} and roles.patient is None:
        roles = Roles(None, roles.agent, roles.recipient, roles.holder, roles.source)  # "Hadrut fell to X"
    subjects = [c for c in token.children if c.dep_ in SUBJECTS]
    if any(
        t.lower_ in _GENERIC or (t.dep_ == "det" and t.lower_ in {"which", "what"}) for s in subjects for t in s.subtree
    ):
        return None  # "whoever holds Kherson controls ...", "not clear which side holds it": no one said to
    places.allow_anaphora = is_verbal(token)
    trigger = _refine(token, trigger, roles)
    if trigger is None:
        return None
    front = trigger.type in {"territory_claimed", "armed_clash"}
    found: list[tuple[PlaceRef, str]] = []
    patient_refs = patient_places(token, roles, places, front=front)
    repelled = [(r, "location") for r in patient_refs]
    if (
        trigger is VERBS["oust"]
        and lemma in EXPEL_VERBS
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
    if trigger.control == "lost" and roles.agent is not None and roles.agent.lemma_.lower() in _CIVILIANS:
        return None  # "residents fled Goris": people, not a side, leave
    if lemma in _INTO_VERBS and patient_refs and all(is_country(r) for r in patient_refs):
        return None  # "advanced seven kilometres into the territory of Armenia": no place to put it
    if (lemma in POST_VERBS or lemma in FLAG_VERBS) and trigger is VERBS["take"]:
        flag = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        # the post or flag is not the place; "the Ukrainian flag was raised over V" says whose it is
        roles = Roles(roles.agent, None, None, flag if flag is not None and sides.of_phrase(flag) else None, None)
        patient_refs = []
        found = [(r, "patient") for r in event_locations(token, places, front=front, say=False)]
        found += [(r, "patient") for obj in token.children if obj.dep_ == "dobj" for r in places.locatives(obj)]
        if not found:
            return None
    elif trigger.place_patient and not patient_refs and _under_control(token) is None and not place_like(roles.patient):
        return None  # "took measures", "were taken to hospital": not about a place
    if not found:
        found = [(r, "patient") for r in patient_refs if not (trigger.control and r.direction)]
    if roles.source is not None:
        found += [(r, "source") for r in places.of_phrase(roles.source, front_line=front)]
    if trigger.type == "diplomacy":
        # talks are where they are held ("talks in Geneva"), else with the countries taking part
        held = [(r, "location") for r in event_locations(token, places, front=front)]
        found = held or found
    else:
        found += [(r, "location") for r in event_locations(token, places, front=front, say=not found)]
    if trigger.type == "civil_measure" and not found and roles.recipient is not None:
        found = [(r, "location") for r in places.of_phrase(roles.recipient)]  # "aid delivered to residents of V"
    if trigger.control and trigger.type == "territory_claimed":
        found = [(r, role) for r, role in found if not r.direction]
    if trigger.control == "lost":
        # "retreating toward V", "pulled back from W toward V": V is where they go, not ground left
        ahead = {id(r.mention) for r in places.objects_of(token, {"toward", "towards", "to"})}
        found = [(r, role) for r, role in found if id(r.mention) not in ahead]
    found = contain(found)
    if trigger.type == "casualties" and not found:
        victims = roles.patient if roles.patient is not None else roles.agent if lemma == "die" else None
        found = [(r, "location") for r in places.of_phrase(victims)] if victims is not None else []
    if lemma in {"lose", "die"} and trigger.type == "casualties" and not found and roles.agent is not None:
        found = [(PlaceRef(r.mention, 3), "location") for r in places.of_phrase(roles.agent) if is_country(r)]
    agent_side = side_of(roles.agent, places, sides, context)
    is_negated = scope.negated(token)
    holder = holder_of(token, trigger, roles, places, sides, context, agent_side)
    if trigger.control == "lost" and holder is None and is_enemy(roles.agent, sides):
        holder = claimant_side  # "the enemy abandoned V", says one side: that side holds V
    if is_negated and roles.agent is None and roles.holder is None and trigger.holder == "agent":
        holder = None  # "Hadrut has not been taken": the speaker denies a loss, it names no taker
    patient_side = side_of(roles.patient, places, sides, None) if roles.patient is not None else None
    actor1 = agent_side or (words_of(roles.agent) if roles.agent is not None and an_actor(roles.agent) else "")
    actor2 = against(token, sides) or (patient_side if patient_side != agent_side else None) or ""
    if trigger.control == "lost":
        actor1, actor2 = (
            agent_side or (words_of(roles.agent) if roles.agent is not None and an_actor(roles.agent) else ""),
            holder or actor2,
        )
    is_planned = scope.planned(token)
    control = trigger.control
    event_type = trigger.type
    if is_planned:
        if event_type in {"shelling_strike", "armed_clash", "casualties", "equipment_destroyed"}:
            return None
        if event_type in {"territory_claimed", "other"}:
            event_type, control, holder = "other", None, None
    sub = trigger.sub_event_type
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
        fatalities=scope.fatalities(token, roles, event_type),
        claimant_holds=bool(control)
        and holder is None
        and not is_negated
        and roles.agent is None
        and roles.holder is None
        and trigger.holder == "agent"
        and control in {"taken", "held"},
        loser=loser_of(control, holder, agent_side, claimant_side, denied_gain=is_negated and roles.agent is None),
    )


def _refine(token: Token, trigger: Trigger, roles: Roles) -> Trigger | None:  # noqa: C901, PLR0911, PLR0912
    """The frame a verb opens given its object: "lost 16 servicemen" is casualties, "took measures" is nothing."""
    lemma = lemma_of(token)
    patient = _counted(roles.patient)
    plemma = patient.lemma_.lower() if patient is not None else ""
    if not is_verbal(token) or trigger is VERBS["rename"] or (trigger is VERBS["oust"] and lemma in EXPEL_VERBS):
        return trigger
    if plemma in CONTROL_NOUNS and lemma in _GAIN_VERBS | _KEEP_VERBS | {"lose"}:
        control = "taken" if lemma in _GAIN_VERBS else "held" if lemma in _KEEP_VERBS else "lost"
        return replace(VERBS["take"], control=control, holder="none" if control == "lost" else "agent")
    agent = roles.agent or (patient if lemma == "fall" else None)
    if lemma in {"fall", "land", "explode", "hit"} and agent is not None and agent.lemma_.lower() in MUNITIONS:
        return VERBS["shell"]  # "a bomb fell on the square of V", "shells landed in V"
    if lemma == "lose" and (plemma in PEOPLE_NOUNS or scope.is_number(patient)):
        return NOUNS["casualty"]
    if lemma in {"lose", "down", "shoot", "knock", "hit"} and plemma in EQUIPMENT_NOUNS:
        return VERBS["destroy"]
    if trigger.type == "equipment_destroyed":
        return trigger if plemma in EQUIPMENT_NOUNS or lemma == "down" else None
    if lemma in {"evacuate", "relocate", "move"} and plemma in PEOPLE_NOUNS | _CIVILIANS:
        return VERBS["impose"]  # a civil measure: "evacuated 2,000 residents of villages around V": not ground left
    if lemma == "clear" and any(
        p.lemma_.lower() in {"mine", "explosive", "landmine", "ordnance"} for p in token.subtree
    ):
        return None  # demining, not taking
    if lemma in {"lay", "plant"}:
        return trigger if plemma in {"mine", "landmine", "explosive"} else None
    if lemma in SUPPORT_VERBS and plemma in NOUNS:
        return None  # the object noun is the trigger: "held talks", "opened fire", "imposed a curfew"
    if lemma in _INTO_VERBS and _has_prep(token, {"into"}):
        return VERBS["take"]  # "rolled into the town of V", "pushed into V": inside the place now
    if lemma in {"move", "push", "break", "advance"} and not _directed(token):
        return None if lemma != "advance" else trigger
    if lemma in {"return", "pass"} and not _has_prep(token, {"to"}):
        return None
    if lemma == "close" and plemma and plemma in PEOPLE_NOUNS:
        return None
    return trigger


_COUNTERS = frozenset(
    {"group", "number", "column", "convoy", "dozen", "dozens", "set", "pair", "batch", "lot", "couple", "score",
     "hundreds", "unit", "piece", "pieces"}
)  # fmt: skip


def _counted(noun: Token | None) -> Token | None:
    """What a quantity noun counts: "a group of armoured vehicles" -> vehicles; other nouns themselves."""
    if noun is None or noun.lemma_.lower() not in _COUNTERS:
        return noun
    of = next((p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children), None)
    return of if of is not None and of.dep_ == "pobj" else noun


def _directed(verb: Token) -> bool:
    return _has_prep(verb, {"toward", "towards", "into", "on", "to", "in"})


def _has_prep(verb: Token, preps: set[str]) -> bool:
    return any(c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in preps for c in verb.children)
