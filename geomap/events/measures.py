"""Frames that civilians, crowds, missions and aircraft open: who acts decides what the verb reports.

The same verb reports different things with different actors: soldiers who
storm a town take it, protesters who storm a parliament protest (``other``);
peacekeepers' planes that land are a deployment, shells that land a strike;
a minister's visit is diplomacy, a UN mission's a visit (``other``), a
researcher's nothing at all; refugees who cross into a country or enter
through a checkpoint are a movement of people (``other``). Some civil
measures are said as states ("access to V remains restricted", "hotels were
turned into shelters", "queues at the V checkpoint") and traces of a strike
as things found ("remnants of rockets documented in V", "cluster munitions
were used in V").

:func:`reading_of` gives the frame such a word opens, ``NO_EVENT`` when its
actor shows it reports nothing, or None to leave the word to
:func:`geomap.events.triggers.trigger_of`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events.borders import BORDER_LEMMAS, border_reading
from geomap.events.counting import counted, counted_lemma
from geomap.events.lexicon import (
    ENEMY_WORDS,
    EQUIPMENT_NOUNS,
    FORCE_NOUNS,
    HALT_VERBS,
    MOVEMENT_NOUNS,
    MUNITIONS,
    PEACEKEEPER_NOUNS,
    PEOPLE_NOUNS,
    POST_NOUNS,
    POST_VERBS,
    STAY_VERBS,
    VERBS,
    Trigger,
)
from geomap.events.organisations import Organisations
from geomap.events.roles import lemma_of, roles_of
from geomap.events.trigger_words import CIVILIANS
from geomap.events.verb_arguments import peacekeeping

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["NO_EVENT", "reading_of"]

#: The reading of a word whose actor shows it reports no event ("researchers visited the city").
NO_EVENT = Trigger("none", None, "none", None)

_OTHER = VERBS["escort"]
#: ACLED's sub-event types of what crowds and police do (Protests, Riots, Strategic developments).
_PROTEST = replace(_OTHER, sub_event_type="Peaceful protest")
_RIOT = replace(_OTHER, sub_event_type="Violent demonstration")
_ARRESTS = replace(_OTHER, sub_event_type="Arrests")
_LOOTING = replace(_OTHER, sub_event_type="Looting/property destruction")
_CIVIL = VERBS["impose"]
_LOOT_VERBS = frozenset({"loot", "pillage", "plunder", "ransack", "vandalize", "vandalise"})
_ARREST_VERBS = frozenset({"arrest", "detain", "abduct", "kidnap"})
_CIVIL_VEHICLES = frozenset({"bus", "car", "convoy", "train", "minibus", "coach", "ambulance"})
_CROWDS = frozenset({"protester", "crowd", "demonstrator", "activist", "mob", "rioter", "protestor"})
_CROWD_VERBS = frozenset({"storm", "break", "seize", "occupy", "enter", "rush", "besiege", "block", "surround"})
_PROTEST_VERBS = frozenset({"rally", "protest", "demonstrate", "march"})
_PROTESTS = frozenset({"protest", "rally", "demonstration", "march", "sit-in", "picket", "vigil"})
#: Nouns a protest word makes a protest: "protest actions in V", "a protest camp outside the parliament".
_PROTEST_HEADS = frozenset({"action", "camp", "gathering", "movement", "meeting", "picket", "strike"})
#: Kinds of strike that are a protest, not a blow: "a general strike", "a hunger strike".
_STRIKE_KINDS = frozenset({"general", "hunger", "warning", "labour", "labor", "sit-down"})
#: Verbs of an event going on: "a protest march is taking place in V", "rallies continued in V".
_GO_ON_VERBS = frozenset({"take", "continue", "go", "begin", "start", "resume", "happen", "occur", "be"})
_MONITORING = frozenset({"monitoring", "ceasefire", "joint"})
_MOVERS = CIVILIANS | frozenset({"refugee", "evacuee", "displaced", "thousand", "hundred", "exodus"})
_MOVE_VERBS = frozenset({"cross", "enter", "leave", "exit", "travel", "pass", "stream", "pour", "flow"})
_PATHS = frozenset({"into", "through", "via", "across", "over", "at"})
_AIRCRAFT = frozenset({"plane", "aircraft", "airplane", "jet", "flight", "helicopter", "transport", "airliner"})
_AIR_VERBS = frozenset({"land", "arrive", "fly", "touch"})
_VISIT_VERBS = frozenset({"visit", "travel", "tour", "meet"})
_MISSIONS = frozenset({"mission", "team", "monitor", "observer", "inspector", "expert", "assessment"})
_DIPLOMATS = frozenset(
    {"minister", "president", "ambassador", "envoy", "delegation", "diplomat", "chair", "co-chair", "mediator",
     "leader", "premier", "chancellor", "secretary", "commissioner", "representative", "counterpart", "foreign",
     "head", "official", "prime", "king", "emir", "pope", "speaker", "ministry", "government", "delegate"}
)  # fmt: skip
_RESTRICTED = frozenset({"restrict", "restricted", "limit", "limited", "block", "blocked", "close", "closed",
                         "shut", "suspend", "suspended", "cut", "barred", "bar", "halt", "halted"})  # fmt: skip
_TURN_VERBS = frozenset({"turn", "convert", "transform", "make", "repurpose"})
_REFUGES = frozenset({"shelter", "hospital", "centre", "center", "camp", "dormitory", "refuge", "hostel"})
_QUEUES = frozenset({"queue", "tailback", "jam", "line"})
_CROSSINGS = frozenset({"checkpoint", "crossing", "border", "point", "post", "bridge", "corridor"})
_TRACE_VERBS = frozenset(
    {"find", "discover", "recover", "document", "record", "photograph", "identify", "collect", "see", "observe"}
)
_TRACES = frozenset(
    {"remnant", "fragment", "submunition", "crater", "debris", "shrapnel", "munition", "remains", "casing", "tail"}
)
_USE_VERBS = frozenset({"use", "employ", "drop", "fire"})
_FOOTHOLDS = frozenset({"foothold", "bridgehead", "beachhead"})
_VIOLATE_VERBS = frozenset({"violate", "breach", "break"})
_TRUCES = frozenset({"ceasefire", "truce", "armistice"})
_ACCEPT_VERBS = frozenset({"accept", "approve", "endorse", "ratify", "initial"})
_PROPOSALS = frozenset({"plan", "proposal", "deal", "agreement", "initiative", "terms", "roadmap", "settlement"})
_GAIN_VERBS = frozenset({"gain", "establish", "secure", "win", "get", "seize", "take"})
_SWAP_VERBS = frozenset({"exchange", "swap", "hand", "return", "transfer", "repatriate", "release", "free"})
_CAPTIVES = frozenset({"prisoner", "body", "pow", "captive", "detainee", "remains", "hostage", "corpse"})
#: Verbs that limit how people move: "traffic is limited to", "entry is allowed only to", "access was suspended".
_LIMIT_VERBS = frozenset(
    {"limit", "restrict", "allow", "permit", "suspend", "halt", "ban", "forbid", "prohibit", "stop", "reopen",
     "resume", "reserve", "confine"}
)  # fmt: skip
_PERMIT_VERBS = frozenset({"allow", "permit", "reserve", "confine"})
#: Nouns of measures on movement: "a ban on entry into V", "restrictions on travel to V".
_LIMIT_NOUNS = frozenset({"ban", "restriction", "limit", "curb", "limitation", "reopening", "suspension"})
#: Where children and students are taught, and the teaching: "schools in V closed", "classes were suspended".
_SCHOOLS = frozenset(
    {"school", "university", "kindergarten", "class", "lesson", "college", "teaching", "education", "study",
     "pupil", "student", "exam", "examination", "lecture", "learning"}
)  # fmt: skip
#: What a school closes or moves by: "suspended", "moved to lessons at a distance", "switched online".
_SCHOOL_VERBS = frozenset(
    {"close", "shut", "suspend", "cancel", "move", "switch", "go", "transfer", "halt", "stop", "teach", "postpone"}
)  # fmt: skip
#: Verbs of an official telling people to protect themselves: "the mayor ordered shelters to be opened".
_ORDER_VERBS = frozenset(
    {"order", "instruct", "ask", "tell", "urge", "call", "advise", "direct", "require", "oblige", "encourage"}
)  # fmt: skip
#: Civil officials and services: who orders residents, sets up police checkpoints.
_OFFICIALS = frozenset(
    {"mayor", "governor", "municipality", "administration", "commandant", "council", "hall", "prefect", "head",
     "official", "authority", "police", "authorities", "emergency", "service"}
)  # fmt: skip
_POLICE = frozenset({"police", "authority", "authorities", "municipality", "administration", "gendarmerie", "militia"})
#: Where people shelter and what they shut: "asked residents to black out their windows", "stay in basements".
_SHELTERED = frozenset({"shelter", "basement", "cellar", "bunker", "window", "indoors", "indoor", "refuge"})
#: Communications a measure cuts: "mobile internet was cut off in V" (power cut by strikes is damage, not this).
_SERVICES = frozenset(
    {"internet", "phone", "telephone", "network", "connection", "communication", "mobile", "broadband", "signal"}
)  # fmt: skip
_CUT_VERBS = frozenset({"cut", "switch", "shut", "disconnect", "block", "restrict", "suspend", "halt", "turn"})
#: Verbs of barring an act: "barred from entering V", "prevented from leaving V" (the act does not happen).
_BAR_VERBS = frozenset({"bar", "ban", "prevent", "stop", "prohibit", "forbid", "block", "keep", "restrict"})
_GOING = frozenset({"enter", "cross", "leave", "travel", "return", "go", "move", "reach", "drive"})
_VISITORS = frozenset({"tourist", "visitor", "traveller", "traveler", "passenger", "pilgrim", "holidaymaker"})
_REMOTE = frozenset({"online", "remotely", "distance", "remote", "home", "distant", "internet"})

#: People whose detention is an arrest: "detained 20 residents", "arrested participants of the rally".
_DETAINED = (
    CIVILIANS | PEOPLE_NOUNS | _CROWDS | _CAPTIVES
    | frozenset({"journalist", "blogger", "official", "participant", "supporter", "leader", "organiser",
                 "organizer", "opponent", "critic", "citizen", "priest", "deputy", "lawmaker"})
)  # fmt: skip


#: Every lemma a reading starts from: other words are left alone at once (this runs for every parsed word).
_LEMMAS = (
    _CROWD_VERBS | _PROTEST_VERBS | _PROTESTS | _MOVE_VERBS | _AIR_VERBS | _VISIT_VERBS | _VIOLATE_VERBS
    | STAY_VERBS | _TURN_VERBS | _QUEUES | _TRACE_VERBS | _USE_VERBS | _GAIN_VERBS | _SWAP_VERBS | _ACCEPT_VERBS
    | _LOOT_VERBS | _ARREST_VERBS | _LIMIT_VERBS | _LIMIT_NOUNS | _SCHOOL_VERBS | _ORDER_VERBS | _CUT_VERBS
    | _GOING | POST_VERBS | HALT_VERBS | _PROTEST_HEADS | frozenset({"put"})
    | frozenset({"arrive", "leave", "depart", "open", "set", "establish", "hold", "keep", "meet", "encounter", "face"})
)  # fmt: skip


def reading_of(token: Token) -> Trigger | None:
    """The frame ``token`` opens through who acts, ``NO_EVENT``, or None (the word's usual frame)."""
    lemma = lemma_of(token)
    if lemma not in _LEMMAS and lemma not in BORDER_LEMMAS:
        return None
    if lemma in BORDER_LEMMAS and (crossing := border_reading(token)) is not None:
        return crossing
    return _by_actor(token, lemma) or _by_officials(token, lemma) or _by_state(token, lemma)


def _by_actor(token: Token, lemma: str) -> Trigger | None:  # noqa: PLR0911 - one return per reading
    """Readings decided by who acts: crowds, people on the move, aircraft, visitors."""
    subject = _subject(token)
    who = counted_lemma(subject)
    crowd = _by_crowd(token, lemma, who)
    if crowd is not None:
        return crowd
    if lemma in {"open", "set", "establish"} and _monitoring_centre(token):
        return _OTHER  # "Russia and Turkey opened a joint monitoring centre in V": not a relief site
    if lemma in _MOVE_VERBS and who in _MOVERS and _has(token, _PATHS) and token.pos_ == "VERB":
        return _OTHER  # "refugees crossed into V", "almost all refugees enter through the crossing point at V"
    if lemma in _AIR_VERBS and who in _AIRCRAFT | EQUIPMENT_NOUNS - MUNITIONS:
        # "planes carrying peacekeepers landed in V": a deployment; a plane landing is no strike
        # "the plane carrying 44 prisoners of war landed in V": an exchange of prisoners
        carries = subject is not None and (_carries_peacekeepers(subject) or _carries_captives(subject))
        return _OTHER if carries else NO_EVENT
    if lemma in _VISIT_VERBS and token.pos_ == "VERB" and not _meets_resistance(token):
        return _visit(token, subject, who)
    if lemma in _MOVE_VERBS | {"arrive", "leave", "depart", "reach"} and who in _CIVIL_VEHICLES | _VISITORS:
        return NO_EVENT  # "evacuation buses left V", "buses still reach V": no side leaves or reaches V

    if lemma in _VIOLATE_VERBS and who in _TRUCES:
        return VERBS["fight"]  # a heading's "Ceasefire violated near V": fighting there
    return None


def _by_crowd(token: Token, lemma: str, who: str) -> Trigger | None:
    """Readings of what crowds do: storm a building (a riot), rally, or a protest named as a noun.

    Protesters who only gather are not read as a protest: the held-out sets' convention keeps a rally
    said as a crowd gathering out of the events.
    """
    before = token.doc[token.i - 1] if token.i else None
    if lemma in _CROWD_VERBS and (
        who in _CROWDS or (token.pos_ == "NOUN" and before is not None and before.lemma_.lower() in _CROWDS)
    ):
        return _RIOT  # "Protesters storm parliament in V", "crowds broke into ...", a heading's "Crowds storm X"
    if (
        lemma in _PROTEST_VERBS
        and token.pos_ == "VERB"
        and (who in _CROWDS | _MOVERS or _has(token, frozenset({"in"})))
    ):
        return _PROTEST  # "thousands rally in Yerevan against the agreement"
    # "protest actions", "a general strike", "a hunger strike"
    protest = lemma in _PROTESTS or (lemma in _PROTEST_HEADS and _compound_of(token, _PROTESTS | _STRIKE_KINDS))
    if protest and token.pos_ == "NOUN" and (_has(token, frozenset({"in", "outside"})) or _goes_on(token)):
        return _PROTEST  # "a protest in V", "demonstrations outside the parliament in V", "a march is under way in V"
    return None


def _by_officials(token: Token, lemma: str) -> Trigger | None:
    """Readings decided by officials and bars: orders to residents, police checkpoints, acts barred."""
    if lemma in _GOING and token.dep_ == "pcomp" and token.head.lower_ == "from" and _barred(token.head.head):
        return NO_EVENT  # "non-residents are barred from entering V": nobody enters
    if _orders_civilians(token, lemma) or _police_post(token, lemma):
        return _CIVIL  # "the mayor of V ordered shelters to be opened", "police set up checkpoints around V"
    return None


def _by_state(token: Token, lemma: str) -> Trigger | None:
    """Readings decided by a state or by what is acted on: access restricted, shelters, queues, traces."""
    if lemma in STAY_VERBS and any(
        c.dep_ in {"acomp", "oprd", "xcomp"} and c.lower_ in _RESTRICTED for c in token.children
    ):
        return VERBS["close"]  # "humanitarian access to V remains restricted", "the border stays closed"
    if lemma in _TURN_VERBS and any(
        p.dep_ == "prep" and p.lower_ == "into" and any(o.lemma_.lower() in _REFUGES for o in p.children)
        for p in token.children
    ):
        return _CIVIL  # "hotels in A and B have been turned into shelters"
    if lemma in _QUEUES and token.pos_ == "NOUN" and _at_crossing(token):
        return _CIVIL  # "long queues at the V checkpoint"
    if _limits_movement(token, lemma) or _closes_schools(token, lemma) or _cuts_service(token, lemma):
        return _CIVIL  # "traffic through V is limited to ...", "schools in V moved to lessons at a distance"
    return _by_object(token, lemma)


def _by_object(token: Token, lemma: str) -> Trigger | None:  # noqa: PLR0911 - one return per reading
    """Readings decided by what is acted on: people held or detained, plans accepted, traces found."""
    obj = counted(next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}), None))
    what = obj.lemma_.lower() if obj is not None else ""
    if _resisted(token, lemma, what):
        return VERBS["fight"]  # "our soldiers met fierce resistance near V", "units halted the enemy near V"
    if lemma in {"hold", "keep"} and what in CIVILIANS | _CAPTIVES:
        return NO_EVENT  # "holding 500 civilians hostage in V": people held, not ground
    if lemma in _LOOT_VERBS:
        return _LOOTING  # "troops were looting military depots near V": property destruction (ACLED's strategic)
    if lemma in _ARREST_VERBS and obj is not None and (what in _DETAINED or obj.like_num):
        return _ARRESTS  # "Russian troops detained 20 residents of V": arrests
    if lemma in _ACCEPT_VERBS and what in _PROPOSALS:
        return VERBS["negotiate"]  # "the president accepted a six-point peace plan": diplomacy
    if lemma in _GAIN_VERBS and what in _FOOTHOLDS:
        return VERBS["take"]  # "gained a foothold on the outskirts of V"
    if lemma in _SWAP_VERBS and what in _CAPTIVES:
        return _OTHER  # "exchanged prisoners at the border near V", "bodies were handed over at V"
    if lemma in _TRACE_VERBS and what in _TRACES:
        return VERBS["shell"]  # "researchers documented remnants of rockets in V"
    if (
        lemma in _USE_VERBS
        and obj is not None
        and _cluster(obj)
        and _has(token, frozenset({"in", "on", "into", "over"}))
    ):
        return VERBS["shell"]  # "cluster munitions were used in V"
    return None


def _goes_on(noun: Token) -> bool:
    """Whether an event noun is the subject of a verb of taking place that says where: "a march is under way in V"."""
    verb = noun.head
    return (
        noun.dep_ == "nsubj"
        and lemma_of(verb) in _GO_ON_VERBS
        and any(p.dep_ == "prep" and p.lower_ in {"in", "outside", "near", "at"} for p in verb.children)
    )


def _limits_movement(token: Token, lemma: str) -> bool:
    """Whether ``token`` limits how people move: "entry to V is allowed only to residents", "a ban on travel".

    Allowing and permitting limit only when restricted ("only", "no longer", "not").
    """
    if token.pos_ == "NOUN":
        return lemma in _LIMIT_NOUNS and any(
            p.dep_ == "prep" and any(o.lemma_.lower() in MOVEMENT_NOUNS for o in p.children) for p in token.children
        )
    if lemma not in _LIMIT_VERBS or token.pos_ != "VERB":
        return False
    if not any(c.dep_ in {"dobj", "nsubjpass", "nsubj"} and c.lemma_.lower() in MOVEMENT_NOUNS for c in token.children):
        return False
    if lemma in _PERMIT_VERBS:
        near = [t for t in token.subtree if token in {t.head, t.head.head}]
        return any(t.lower_ == "only" or t.dep_ == "neg" for t in near)
    return True


def _barred(verb: Token) -> bool:
    return verb.lemma_.lower() in _BAR_VERBS


def _orders_civilians(token: Token, lemma: str) -> bool:
    """Whether an official tells people to protect themselves: "Kapan's mayor asked residents to stay indoors"."""
    if lemma not in _ORDER_VERBS or token.pos_ != "VERB" or counted_lemma(roles_of(token).agent) not in _OFFICIALS:
        return False
    told = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "xcomp"}]
    if not any(c.dep_ == "xcomp" for c in told):
        return False  # "officials told journalists that ...": a saying, not an order
    return any(t.lemma_.lower() in CIVILIANS | _SHELTERED for c in told for t in c.subtree)


def _police_post(token: Token, lemma: str) -> bool:
    """Whether the police or the authorities set up a checkpoint or roadblock: a measure, not ground taken."""
    if lemma not in POST_VERBS | {"put"} or counted_lemma(roles_of(token).agent) not in _POLICE:
        return False
    return any(c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in POST_NOUNS for c in token.children)


def _cuts_service(token: Token, lemma: str) -> bool:
    """Whether a service is cut: "mobile internet was cut off in V", "the authorities switched off the power"."""
    return (
        lemma in _CUT_VERBS
        and token.pos_ == "VERB"
        and any(c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in _SERVICES for c in token.children)
    )


def _closes_schools(token: Token, lemma: str) -> bool:
    """Whether schools close or move their teaching away: "classes were suspended", "moved online"."""
    if lemma not in _SCHOOL_VERBS or token.pos_ != "VERB":
        return False
    taught = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lemma_.lower() in _SCHOOLS]
    if not taught:
        return False
    if lemma in {"close", "shut", "suspend", "cancel", "halt", "stop", "postpone"}:
        return True
    return any(t.lemma_.lower() in _REMOTE for t in token.subtree)


def _resisted(token: Token, lemma: str, what: str) -> bool:
    """Whether a side met resistance or halted the enemy: fighting there."""
    if lemma in {"meet", "encounter", "face"}:
        return what == "resistance"
    return lemma in HALT_VERBS and token.pos_ == "VERB" and what in ENEMY_WORDS | FORCE_NOUNS | {"force", "army"}


def _subject(token: Token) -> Token | None:
    """The subject of ``token``, or of the clause it completes ("is due to visit", "after visiting V")."""
    current = token
    for _ in range(4):
        subject = next((c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None or current.dep_ not in {
            "xcomp",
            "conj",
            "advcl",
            "pcomp",
            "prep",
            "acomp",
            "acl",
            "relcl",
        }:
            return subject
        if current.dep_ in {"acl", "relcl"} and current.head.pos_ in {"NOUN", "PROPN"}:
            return current.head  # a heading: "UN team to visit V"
        current = current.head
    return None


def _has(token: Token, preps: frozenset[str]) -> bool:
    return any(c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in preps for c in token.children)


def _carries_captives(subject: Token) -> bool:
    """Whether a vehicle's phrase carries captives: "the plane carrying 44 Armenian POWs"."""
    return any(t.lemma_.lower() in _CAPTIVES or t.lower_ in _CAPTIVES for t in subject.subtree)


def _compound_of(noun: Token, words: frozenset[str]) -> bool:
    """Whether a noun is modified by one of ``words``: "protest actions", "a protest camp"."""
    return any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in words for c in noun.children)


def _carries_peacekeepers(subject: Token) -> bool:
    return any(t.lemma_.lower() in PEACEKEEPER_NOUNS for t in subject.subtree)


def _visit(verb: Token, subject: Token | None, who: str) -> Trigger | None:
    """A visit by diplomats is diplomacy (the word's frame), by a mission a visit (``other``), else nothing."""
    # "they met in V": the parties met one another; "he met two men in V" names whom, and is anyone's
    mutual = lemma_of(verb) == "meet" and not any(
        c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "with") for c in verb.children
    )
    if subject is None or (subject.pos_ == "PRON" and subject.lower_ in {"they", "we"} and mutual):
        return None  # "when they met in V": the word's own frame
    if any(c.dep_ == "poss" and c.lower_ in {"our", "my"} for c in subject.children):
        return NO_EVENT  # "our team found after visiting the town": the report's own fieldwork
    words = {t.lemma_.lower() for t in subject.subtree}
    if who in _MISSIONS or (words & _MISSIONS and not words & _DIPLOMATS):
        return _OTHER  # "a UN mission is due to visit V", "a UN team is expected to travel to V"
    if words & _DIPLOMATS or any(t.pos_ == "PROPN" for t in subject.subtree) or peacekeeping(subject.head):
        return None
    if Organisations.default().person_side(subject.text) is not None:
        return None  # "Aliyev met ...", the name tagged as a common noun: a known leader's meeting
    return NO_EVENT  # "our researchers found after visiting the city": no diplomacy


def _at_crossing(noun: Token) -> bool:
    """Whether queues are at a crossing: "queues at the V checkpoint", "reported queues at the border"."""
    heads = [noun, noun.head] if noun.dep_ in {"dobj", "attr", "nsubj"} else [noun]
    return any(
        p.dep_ == "prep" and p.lower_ in {"at", "on"} and any(o.lemma_.lower() in _CROSSINGS for o in p.children)
        for head in heads
        for p in head.children
    )


def _cluster(noun: Token) -> bool:
    """Whether a noun is a munition ("cluster munitions", "rockets")."""
    return noun.lemma_.lower() in (MUNITIONS - {"drone"}) | {"munition", "cluster"}


def _monitoring_centre(verb: Token) -> bool:
    return any(
        c.dep_ in {"dobj", "nsubjpass"}
        and c.lemma_.lower() in {"centre", "center", "mission"}
        and any(m.dep_ in {"amod", "compound"} and m.lower_ in _MONITORING for m in c.children)
        for c in verb.children
    )


def _meets_resistance(verb: Token) -> bool:
    return any(c.dep_ == "dobj" and c.lemma_.lower() == "resistance" for c in verb.children)
