"""Which word opens which frame: trigger lemmas refined by their objects, particles and clause shape.

A verb or event noun of :mod:`geomap.events.lexicon` opens a frame; some
frames depend on more than the word: "took the village" is a claim and "took
measures" is not, "lost 16 servicemen" is casualties, "raised the flag over
V" and "set up checkpoints in V" claim V, "pushed them out of V" takes V,
"removed mines near V" is demining, "refugees arrived in V" a civil measure.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events import scope
from geomap.events.blasts import BLAST, in_blast, opens_blast, sets_off
from geomap.events.counting import counted, counted_lemma
from geomap.events.lexicon import (
    AID_NOUNS,
    CASUALTY_ADJECTIVES,
    COME_VERBS,
    ENEMY_WORDS,
    EQUIPMENT_NOUNS,
    EXPEL_VERBS,
    FLAG_NOUNS,
    FLAG_VERBS,
    FORCE_NOUNS,
    FORCE_WORDS,
    HEAD_NOUNS,
    MUNITIONS,
    NOUN_PHRASES,
    NOUNS,
    OUT_OF_SERVICE,
    PEACEKEEPER_NOUNS,
    PEOPLE_NOUNS,
    POST_NOUNS,
    POST_VERBS,
    SAY_VERBS,
    STAY_VERBS,
    SUPPORT_VERBS,
    VERBS,
    Trigger,
)
from geomap.events.roles import CONTROL_NOUNS, Roles, is_verbal, lemma_of, nominal_gerund
from geomap.events.tolls import limb_lost, losses, remains_found
from geomap.events.weapons import (
    burned,
    destruction,
    equipment,
    is_weapon,
    set_alight,
    small_arms,
    struck_weapon,
    wrecked,
)

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = [
    "CIVILIANS",
    "INTO_VERBS",
    "has_prep",
    "inverted_say",
    "peacekeeping",
    "refine",
    "trigger_of",
    "under_control",
]

_GAIN_VERBS = frozenset({"take", "seize", "gain", "regain", "establish", "assume", "win", "retake", "restore"})
_KEEP_VERBS = frozenset({"retain", "keep", "maintain", "hold", "have", "exercise"})
CIVILIANS = frozenset(
    {"resident", "civilian", "people", "family", "refugee", "journalist", "person", "inhabitant", "population",
     "evacuee", "child", "woman", "pensioner", "patient", "pupil", "student", "villager"}
)  # fmt: skip
_LEAVE_PARTICLES = frozenset({"out", "back"})
_FORCE_EXTRA = frozenset(
    {"them", "they", "troop", "remnant", "garrison", "group", "attacker", "column", "formation", "saboteur", "assault"}
)
_DEMINING = frozenset({"mine", "explosive", "landmine", "ordnance"})
_DEMINE_VERBS = frozenset({"clear", "remove", "defuse", "neutralize", "neutralise", "sweep"})
_PASSAGES = frozenset({"corridor", "crossing", "passage", "checkpoint", "route"})
_RECEIVE_VERBS = frozenset({"arrive", "receive", "shelter", "accommodate", "host", "house", "register", "cross"})
_DISPLACED = frozenset({"refugee", "evacuee", "displaced", "idp", "asylum"})
_UPROOTED = frozenset({"displaced", "evacuated", "fleeing"})
_STRIKE_TRACES = frozenset({"remnant", "fragment", "submunition", "crater", "debris", "shrapnel", "munition"})
#: People whose visits and meetings are not diplomacy.
_WITNESSES = frozenset(
    {"researcher", "investigator", "inspector", "journalist", "reporter", "expert", "correspondent", "volunteer",
     "doctor", "team", "we", "i"}
)  # fmt: skip
_FIND_VERBS = frozenset({"find", "discover", "recover", "document", "record", "photograph", "identify", "collect"})
#: What is fired or struck with: its destroying houses is a strike.
_FIRED = MUNITIONS | frozenset({"strike", "airstrike", "shelling", "bombardment", "artillery", "fire", "barrage"})
_DESTROY_VERBS = frozenset(k for k, v in VERBS.items() if v.type == "equipment_destroyed")
_SEE_VERBS = frozenset({"show", "see", "spot", "count", "film", "observe", "depict", "reveal", "capture"})
_RELIEF_SITES = frozenset({"centre", "center", "shelter", "camp", "point", "hub", "office"})
_VIOLATE_VERBS = frozenset({"violate", "breach", "break", "flout"})
_TRUCES = frozenset({"ceasefire", "truce", "armistice", "regime"})
_ORDER_VERBS = frozenset({"order", "urge", "instruct", "advise", "forbid", "bar", "require", "prohibit", "allow"})
_DEPLOY_VERBS = frozenset({"deploy", "station", "arrive", "enter", "move", "patrol", "redeploy", "send"})
_TROOPS = frozenset({*FORCE_NOUNS, "force", "army", "column", "tank"})
INTO_VERBS = frozenset({"move", "push", "break", "advance", "roll", "drive", "storm", "burst", "march", "sweep"})
_AIR_WEAPONS = frozenset({"drone", "air", "missile", "rocket", "artillery", "mortar", "aerial", "kamikaze", "uav"})
_HARMED = CASUALTY_ADJECTIVES | {"kill", "wound", "injure", "hurt"}  # "12 civilians killed", "30 injured people"


def under_control(verb: Token) -> str | None:
    """The kind of control "remains under the control of X" (held), "came under X's control" (taken) claim."""
    lemma = verb.lemma_.lower()
    preps = {"under", "into", "in", "to"} if lemma == "return" else {"under", "into", "in"}  # "returned to X control"
    back = [p for c in verb.children if c.dep_ == "advmod" and c.lower_ == "back" for p in c.children]
    if lemma not in STAY_VERBS | COME_VERBS or not any(
        p.dep_ == "prep"
        and p.lower_ in preps
        and any(o.dep_ == "pobj" and o.lemma_.lower() in CONTROL_NOUNS for o in p.children)
        for p in [*verb.children, *back]  # "V is back under X's control"
    ):
        return None
    return "held" if lemma in STAY_VERBS else "taken"


def _into_hands(verb: Token) -> bool:
    return any(
        p.dep_ == "prep" and p.lower_ == "into" and any(o.lemma_.lower() == "hand" for o in p.children)
        for p in verb.children
    )


def trigger_of(token: Token) -> Trigger | None:  # noqa: C901, PLR0911, PLR0912 - one branch per word class
    """The frame ``token`` opens, before its arguments refine it (:func:`refine`), or None."""
    lemma = lemma_of(token)
    if opens_blast(token):
        return BLAST  # "his car hit a mine near V", "a mine explosion in V"
    if in_blast(token):
        return None  # "a mine explosion": the explosion's frame
    if token.pos_ in {"VERB", "AUX"} and sets_off(token):
        return None  # the mine that "went off" opens the frame, not a second strike beside it
    if token.pos_ in {"VERB", "AUX"} and burned(token):
        return VERBS["destroy"]  # "two tanks burned near V", "were set on fire"
    if set_alight(token) or destruction(token):
        return None if set_alight(token) else VERBS["destroy"]  # "the destruction of a tank near V"
    if token.pos_ in {"VERB", "AUX"} and _renames(token):
        return VERBS["rename"]
    if token.pos_ in {"VERB", "AUX"} and (lemma not in VERBS or lemma in COME_VERBS):
        kind = under_control(token)
        if kind is not None and lemma == "pass" and _into_hands(token):
            return VERBS["hand"]  # "V passed into the hands of X": a transfer; "passed under X's control": taken
        if kind is not None:
            return replace(VERBS["take"], control=kind, sub_event_type=None if kind == "held" else "Armed clash")
        state = _state(token)
        if state is not None:
            return state
    if token.dep_ == "prep" and _in_hands(token):
        return VERBS["hold"]  # a heading: "village of V still in our hands"
    if (
        token.dep_ in {"amod", "acl"}
        and token.tag_ in {"VBN", "VBG", "JJ"}
        and not _finite_clause(token)
        and not _headline(token)
        and not nominal_gerund(token)  # "reports of shelling of V": the event noun, tagged as a verb
    ):
        if lemma in _HARMED and lemma_of(token.head) in PEOPLE_NOUNS | CIVILIANS | {"those"}:
            return VERBS["kill"]  # "rescuers counted 12 civilians killed": a toll
        return None  # "the occupied district", "the districts surrounding it": descriptions, not reports
    if is_verbal(token):
        found = _by_arguments(token, lemma)
        if found is not None:
            return found
        if lemma == "pull" and not any(c.lower_ in _LEAVE_PARTICLES for c in token.children):
            return None
        if lemma == "pull":
            return VERBS["withdraw"]
        return VERBS.get(lemma)
    if _means(token):
        return None  # "a depot was destroyed by a precise strike": the means of the destruction, not a second event
    if (token.dep_ in {"dobj", "nsubjpass"} or (token.dep_ == "nsubj" and token.lemma_.lower() in _TRUCES)) and (
        token.head.lemma_.lower() in _VIOLATE_VERBS
    ):
        return None  # "violated the ceasefire": the verb's frame (fighting), not an agreement
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "compound" and lemma_of(token.head) in HEAD_NOUNS:
        return None  # "a ceasefire violation" is a violation, "a drone strike" a strike
    if token.pos_ in {"NOUN", "PROPN"}:
        phrase = NOUN_PHRASES.get(lemma)
        if phrase is not None:
            word, trigger = phrase
            of_state = [token.head, *token.head.children, token.head.head]  # "a state of emergency"
            near = [*token.children, *of_state] if lemma == "emergency" else token.children
            return trigger if any(t.lower_ == word for t in near) and token.is_lower else None
        first = token.i == 0 or all(t.is_punct for t in token.doc[: token.i])  # "- Curfew in V extended"
        found = NOUNS.get(lemma) if token.is_lower or (token.is_title and first) else None
        if lemma == "use" and _used(token) in MUNITIONS | _STRIKE_TRACES:
            return NOUNS["strike"]  # "the use of cluster munitions in V"
        if losses(token):
            return NOUNS["casualty"]  # "the enemy suffered heavy losses near V": a toll, not ground lost
        if found is not None and found.type == "shelling_strike" and small_arms(token):
            return NOUNS["clash"]  # "killed by sniper fire near V": fighting at close range, not a strike
        if found is not None and found.type == "armed_clash" and _with_weapons(token):
            return NOUNS["strike"]  # "came under drone attack", "a missile attack on V", "attacks with cluster bombs"
        return found
    if token.lower_ == "offensive" and token.i >= 2 and token.doc[token.i - 1].text == "-":  # noqa: PLR2004
        return NOUNS["counteroffensive"]  # "counter-offensive", split into three tokens
    if token.pos_ == "ADJ" and lemma in CASUALTY_ADJECTIVES and token.dep_ in {"oprd", "acomp", "ccomp", "xcomp"}:
        return NOUNS["casualty"]
    return None


def _used(noun: Token) -> str:
    """What "the use of X" uses, as a lemma."""
    return next((counted_lemma(o) for p in noun.children if p.lower_ == "of" for o in p.children), "")


def _means(noun: Token) -> bool:
    """Whether a noun is what destroyed equipment ("destroyed by a strike", "drone strikes destroyed two tanks")."""
    if noun.dep_ == "pobj" and noun.head.dep_ == "agent":
        return lemma_of(noun.head.head) in _DESTROY_VERBS
    verb = noun.head
    return noun.dep_ == "nsubj" and lemma_of(verb) in _DESTROY_VERBS and equipment(_object(verb))


def _doer(verb: Token, roles: Roles) -> Token | None:
    """Who acts: the agent, or for a participle without a subject the subject of the verb it hangs on."""
    if roles.agent is not None or verb.dep_ not in {"advcl", "pcomp", "xcomp", "conj"}:
        return roles.agent
    head = verb.head.head if verb.dep_ == "pcomp" else verb.head  # "after visiting V": the prep's head
    return next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _with_weapons(noun: Token) -> bool:
    """Whether an attack is made with weapons fired from afar ("drone attack", "attacks with cluster bombs")."""
    if any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in _AIR_WEAPONS | MUNITIONS for c in noun.children):
        return True  # "a drone attack", "a cluster bomb attack"
    fired = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children]
    return any(o.lemma_.lower() in MUNITIONS | _AIR_WEAPONS | _STRIKE_TRACES for o in fired)


def _by_arguments(token: Token, lemma: str) -> Trigger | None:  # noqa: C901, PLR0911, PLR0912 - one per phrase
    """The frame a verb opens through its object or particle ("raised the flag", "blew up", "removed mines")."""
    if remains_found(token):
        return VERBS["kill"]  # "the bodies of six soldiers were found near V": a toll there
    if limb_lost(token):
        return VERBS["wound"]  # "a farmer lost his leg to a mine near V": hurt, not ground lost
    if lemma in FLAG_VERBS and FLAG_NOUNS & {_object_lemma(token), _subject_lemma(token)}:
        return VERBS["take"]  # "raised the flag over V"
    if lemma in POST_VERBS and _object_lemma(token) in POST_NOUNS:
        return VERBS["take"]  # "set up checkpoints in V", "established an observation post near V"
    if lemma in _DEMINE_VERBS and any(t.lemma_.lower() in _DEMINING for t in token.subtree):
        return VERBS["mine"]  # demining: "cleared the fields near V of mines", "removed mines from V"
    if lemma == "give" and any(c.lower_ == "back" for c in token.children):
        return VERBS["hand"]  # "V will be given back to X"
    if lemma == "bring" and any(c.lower_ == "down" for c in token.children):
        return VERBS["down"]  # "a drone was brought down over V"
    if lemma in _FIND_VERBS and counted_lemma(_object(token)) in _STRIKE_TRACES:
        return VERBS["shell"]  # "cluster munition remnants were found in A, B and C", "documented remnants in V"
    if (
        lemma in {"use", "drop", "employ", "fire"}
        and counted_lemma(_object(token)) in MUNITIONS | _STRIKE_TRACES
        and any(has_prep(t, {"in", "on", "at", "into", "over"}) for t in (token, _object(token)) if t is not None)
    ):
        return VERBS["shell"]  # "used cluster munitions in V": a strike there ("against V" names a target)
    if (
        lemma in _FIND_VERBS | _SEE_VERBS
        and counted_lemma(_object(token)) in EQUIPMENT_NOUNS
        and wrecked(_object(token))
    ):
        return VERBS["destroy"]  # "imagery shows six burnt-out vehicles near V", "counted a dozen wrecked tanks"
    if lemma in STAY_VERBS and any(c.dep_ == "acomp" and c.lower_ in {"closed", "shut"} for c in token.children):
        return VERBS["close"]  # "schools in V will stay closed"
    if lemma in {"open", "set", "establish"} and _object_lemma(token) in _RELIEF_SITES:
        return VERBS["impose"]  # "opened a reception centre in V": a civil measure there
    if lemma == "blow" and any(c.lower_ == "up" for c in token.children):
        return VERBS["sabotage"]  # "a bridge near V was blown up"
    if lemma == "open" and _object_lemma(token) in _PASSAGES:
        return VERBS["escort"]  # "a humanitarian corridor was opened to V": a passage, not a civil closure
    if lemma in _DEPLOY_VERBS and peacekeeping(token):
        return VERBS["escort"]  # "peacekeepers were deployed to V": a deployment (other)
    if lemma in _RECEIVE_VERBS and _displaced(token):
        return VERBS["impose"]  # "refugees arriving in V", "ready to receive the displaced at V": a civil measure
    if lemma in {"put", "take", "knock"} and _out_of_service(token):
        return VERBS["destroy"]  # "three tanks were put out of action"
    if lemma == "deliver" and _aid(token):
        return VERBS["impose"]  # "aid was delivered to residents of V": a civil measure there
    if lemma in EXPEL_VERBS and _expels(token):
        return VERBS["oust"]  # "pushed them out of V", "drove the enemy from V", "cleared V of the occupiers"
    if lemma in _GAIN_VERBS | _KEEP_VERBS and _object_lemma(token) in CONTROL_NOUNS:
        return VERBS["take"]  # "established control over X": refined by its object
    if lemma in _VIOLATE_VERBS and _object_lemma(token) in _TRUCES:
        return VERBS["fight"]  # "violated the ceasefire near V": fighting there
    if lemma in _ORDER_VERBS and counted_lemma(_object(token)) in CIVILIANS:
        return VERBS["impose"]  # "ordered residents of V to stay in shelters", "barred people from moving"
    return None


def _headline(token: Token) -> bool:
    """A participle hanging on a verbless title: "Hadrut taken by the army", "MoD: dozens of tanks destroyed"."""
    head = token.head
    if any(t.pos_ in {"VERB", "AUX"} and not inverted_say(t) for t in head.ancestors):
        return False
    return head.pos_ not in {"VERB", "AUX"} and not any(t.pos_ == "VERB" for t in head.lefts)


def inverted_say(verb: Token) -> bool:
    """A saying verb after what is said, its subject after it: "..., say officials" (a heading's source)."""
    return verb.lemma_.lower() in SAY_VERBS and any(c.dep_ == "nsubj" and c.i > verb.i for c in verb.children)


def _verbless(noun: Token) -> bool:
    """Whether a noun heads a verbless heading ("Village of V still in our hands, say officials")."""
    head = noun.head
    return (
        noun.dep_ == "ROOT"
        or (noun.dep_ in {"nsubj", "dep", "appos"} and inverted_say(head))
        or (noun.dep_ in {"appos", "dep"} and head.dep_ == "ROOT" and head.pos_ in {"NOUN", "PROPN"})
    )


def _in_hands(prep: Token) -> bool:
    """Whether a phrase is "in our hands" or "under X's control" on the noun of a verbless heading."""
    return (
        prep.lower_ in {"in", "under"}
        and prep.head.pos_ in {"NOUN", "PROPN"}
        and any(o.dep_ == "pobj" and o.lemma_.lower() in CONTROL_NOUNS for o in prep.children)
        and _verbless(prep.head)
    )


def _state(verb: Token) -> Trigger | None:
    """A verb of being that claims ground: "V is ours", "our troops remain in V" (held)."""
    lemma = verb.lemma_.lower()
    if lemma not in STAY_VERBS:
        return None
    if any(c.dep_ in {"attr", "acomp"} and c.lower_ == "ours" for c in verb.children):
        return VERBS["hold"]  # "Shusha is ours": the speaker's side holds it
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    present = any(c.dep_ == "prep" and c.lower_ in {"in", "inside", "within"} for c in verb.children)
    return VERBS["hold"] if present and counted_lemma(subject) in _TROOPS else None


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
            counted_lemma(c) in _DISPLACED
            or any(a.dep_ in {"amod", "compound"} and a.lower_ in _UPROOTED for a in c.children)
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
    return lemma in FORCE_WORDS or lemma in ENEMY_WORDS or lemma in _FORCE_EXTRA


def _finite_clause(token: Token) -> bool:
    """Whether a clause has its own subject ("claims that Shusha had fallen"): not a participle."""
    return any(c.dep_ in {"nsubj", "nsubjpass", "mark", "aux"} for c in token.children)


def _object(verb: Token) -> Token | None:
    """What a verb acts on: its object, or the subject of its passive."""
    return next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)


def _subject_lemma(verb: Token) -> str:
    return next((c.lemma_.lower() for c in verb.children if c.dep_ == "nsubj"), "")


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


def refine(token: Token, trigger: Trigger, roles: Roles) -> Trigger | None:  # noqa: C901, PLR0911, PLR0912
    """The frame a verb opens given its object: "lost 16 servicemen" is casualties, "took measures" is nothing."""
    lemma = lemma_of(token)
    patient = counted(roles.patient)
    plemma = patient.lemma_.lower() if patient is not None else ""
    if not is_verbal(token) or trigger is VERBS["rename"] or (trigger is VERBS["oust"] and lemma in EXPEL_VERBS):
        return trigger
    if burned(token):
        return trigger  # "two tanks burned": the tanks are the subject
    if plemma in CONTROL_NOUNS and lemma in _GAIN_VERBS | _KEEP_VERBS | {"lose"}:
        control = "taken" if lemma in _GAIN_VERBS else "held" if lemma in _KEEP_VERBS else "lost"
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
    if lemma in {"attack", "assault"} and counted_lemma(roles.agent) in MUNITIONS | _AIR_WEAPONS:
        return VERBS["strike"]  # "enemy drones attacked an ambulance near V": a strike, not a clash
    if lemma in {"land", "explode", "rain", "slam", "smash"} and counted_lemma(agent) not in _FIRED:
        return None  # "transports carrying peacekeepers landed in V": a flight, not a strike
    if trigger.type == "diplomacy" and counted_lemma(_doer(token, roles)) in _WITNESSES | CIVILIANS:
        return None  # "our researchers found after visiting the city": a visit, not diplomacy
    if lemma == "lose" and (plemma in PEOPLE_NOUNS or scope.is_number(patient)):
        return NOUNS["casualty"]
    if lemma in {"lose", "down", "shoot", "knock", "hit"} and is_weapon(roles.patient):
        return VERBS["destroy"]  # not "lost two posts": ground
    if trigger.type == "equipment_destroyed" and not equipment(patient) and counted_lemma(agent) in _FIRED:
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


def _directed(verb: Token) -> bool:
    return has_prep(verb, {"toward", "towards", "into", "on", "to", "in", "through"})


def has_prep(verb: Token, preps: set[str]) -> bool:
    """Whether ``verb`` has one of the prepositions or particles ``preps``."""
    return any(c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in preps for c in verb.children)
