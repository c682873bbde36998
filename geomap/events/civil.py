"""Where a civil measure is when its trigger has no locative of its own.

Measures are often said as the state of what they limit: "V's schools will
remain shut", "traffic through V is limited to military vehicles", "movement
in and out of V is permitted only with a pass", "non-residents are barred
from entering V", "a curfew now applies to A, B and C". The place is then in
the phrase of the thing limited, in the object of the act it bars, or in the
object of the verb the measure applies through. A measure noun with no
locative is where its decree is ("Ukraine extended martial law", "Armenia's
parliament voted to lift martial law", "the mayor of V said a curfew would be
introduced"); people moved are moved from their place, not to where they go
("families from V are being evacuated to W").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events import scope
from geomap.events.lexicon import MOVEMENT_NOUNS, TIME_WORDS
from geomap.events.locate import is_country
from geomap.events.places import PlaceRef
from geomap.events.roles import lemma_of, roles_of
from geomap.events.sides import phrase_words
from geomap.events.trigger_words import CIVILIANS

if TYPE_CHECKING:
    from geomap.events.places import SentencePlaces
    from geomap.events.roles import Roles
    from geomap.events.tokens import Token
    from geomap.geoparse import Mention

__all__ = [
    "PASSAGES",
    "applied_places",
    "barred_places",
    "civil_places",
    "decreed_places",
    "limited",
    "limited_places",
    "measured_places",
    "moved_from",
    "official_places",
    "timed_places",
]

#: Things a measure closes or opens that are themselves places: "the Lachin corridor closed to traffic".
PASSAGES = frozenset({"corridor", "road", "highway", "border", "crossing", "checkpoint", "bridge", "airport", "pass"})
#: Prepositions of a way into, along or through a place: "traffic into V", "entry to V", "movement along V".
_WAYS = frozenset({"to", "into", "through", "on", "along", "across", "via", "of", "in", "out"})
#: Verbs a measure is said to reach places through: "a curfew applies to A and B", "extends across V".
#: Where what is limited goes to or comes from: "flights to and from V", "connections with V".
_ENDS = _WAYS | {"from", "with"}
_APPLY_VERBS = frozenset({"apply", "extend", "cover", "spread"})
_APPLY_PREPS = frozenset({"to", "across", "throughout", "over", "on", "in"})
#: Officials of a town or province: where their words are is where their measure is ("the mayor of V said").
_LOCAL_OFFICIALS = frozenset(
    {"mayor", "governor", "administration", "council", "municipality", "commandant", "hall", "prefect", "akim"}
)
#: How a phrase's words own it: "Armenia's parliament", "the Armenia government", "the Ukrainian parliament".
_OWNERS = frozenset({"poss", "compound", "amod"})
#: Measures only a state decrees: a town that acts in them stands for its government.
_NATIONWIDE = frozenset({"law", "emergency", "state", "mobilization", "mobilisation", "conscription", "draft"})
#: Words for the whole of the decreeing state: "martial law in the country" is the state's own.
_WHOLE_STATE = frozenset({"country", "nation", "republic"})
#: States a measure is in, not places: "martial law in force", "the curfew remains in effect", "in place".
_IN_FORCE = frozenset({"force", "effect", "place", "operation"})
#: Documents that carry a measure: as a verb's subject they are not who decreed it ("decrees extending X").
_DECREES = frozenset({"decree", "order", "resolution", "law", "bill", "ordinance", "directive", "decision"})
#: What a measure closes, stops or limits: as a subject it is not who imposed the measure.
_LIMITED = (
    MOVEMENT_NOUNS
    | CIVILIANS
    | frozenset(
        {"school", "university", "kindergarten", "class", "lesson", "college", "shop", "market", "store", "office",
         "business", "internet", "network", "connection", "service", "flight", "train", "road", "corridor",
         "border", "crossing", "airport", "airspace", "station", "bridge", "checkpoint", "vehicle", "car", "bus",
         "non-resident", "foreigner", "visitor", "student", "pupil", "hospital", "restaurant", "cafe", "theatre"}
    )
)  # fmt: skip
#: Verbs of moving people somewhere: the measure is where they are moved from.
_MOVE_PEOPLE = frozenset({"evacuate", "relocate", "move", "transfer", "resettle", "bus", "take", "send"})


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


def limited_places(verb: Token, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where what a measure limits goes: "restricted movement in and out of V", "flights to and from V"."""
    refs: list[PlaceRef] = []
    for arg in verb.children:
        if arg.dep_ not in {"dobj", "nsubjpass", "nsubj"} or (
            places.mention(arg) is not None and arg.lemma_.lower() not in PASSAGES
        ):
            continue  # "Baku restricted access": the place acts
        refs += places.of_phrase(arg) or [
            r for t in arg.subtree if t.dep_ == "pobj" and t.head.lower_ in _ENDS for r in places.of_phrase(t)
        ]
    refs += [r for c in verb.children if c.dep_ in {"acomp", "oprd"} for r in places.locatives(c)]  # "closed in V"
    for act in (c for c in verb.children if c.dep_ == "xcomp"):  # "were not allowed to enter V"
        refs += [r for o in act.children if o.dep_ == "dobj" for r in places.of_phrase(o)]
        refs += places.locatives(act) or places.objects_of(act, _ENDS)
    return [(r, "location") for r in refs if not is_country(r) or r.precision > 1]


def decreed_places(token: Token, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where a measure with no locative of its own is: its decree's locatives, the decreeing state or town.

    "Ukraine extended martial law" (Ukraine), "Azerbaijan's president signed a decree on mobilisation"
    (Azerbaijan), "authorities in V imposed a curfew" (V), "the mayor of V said a curfew would be
    introduced" (V); "Baku ordered a curfew" names no place (Baku stands for its government).
    """
    verb = _decree_verb(token)
    if verb is None:
        return [(r, "location") for r in _misparsed_state(token, places)]
    measures = [token, *(c for c in (token.head, *verb.children) if c.dep_ in {"dobj", "nsubjpass", "attr"})]
    if any(
        p.dep_ == "prep" and p.lower_ in _APPLY_PREPS and any(_says_where(o) for o in p.children)
        for m in measures
        for p in m.children
    ):
        return []  # "a curfew in several towns, as well as martial law": it says where, if not by name
    refs = places.locatives(verb)
    agent = roles_of(verb).agent
    if (agent is None or limited(agent) or agent.lemma_.lower() in _DECREES) and verb.dep_ in {"xcomp", "acl"}:
        # "Armenia's parliament voted to lift martial law", "the mayor of V ordered cafes to close",
        # "the parliament ratified decrees extending martial law" (the decrees' verb)
        agent = roles_of(verb.head if verb.dep_ == "xcomp" else verb.head.head).agent
    if not refs and agent is not None:
        named = places.mention(agent)
        refs = _acting_place(named, token) if named is not None else _author_places(agent, places)
    if not refs:
        saying = scope.governing_say(verb)
        speaker = next((c for c in saying.children if c.dep_ == "nsubj"), None) if saying is not None else None
        if speaker is not None and speaker.lemma_.lower() in _LOCAL_OFFICIALS:
            refs = [r for r in places.speaker_places() if not is_country(r)]
        elif speaker is not None and any(m.lemma_.lower() in _NATIONWIDE for m in measures):
            # "martial law remains in force, the Georgian government said": the speaking state's own
            refs = [r for r in _author_places(speaker, places) if is_country(r)]
    return [(r, "location") for r in refs]


def _says_where(noun: Token) -> bool:
    """Whether a measure's locative object says where, if not by name: "in several towns".

    Not "in the country", "in some regions of the country" (the decreeing state's own) nor "on Monday".
    """
    if noun.lemma_.lower() in TIME_WORDS | _WHOLE_STATE | _IN_FORCE:
        return False
    wholes = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    return not any(o.lemma_.lower() in _WHOLE_STATE for o in wholes)


def _author_places(agent: Token, places: SentencePlaces) -> list[PlaceRef]:
    """Where the author of a measure decrees it: its locatives or place, its state, or its town.

    The state is the author's own, named in its phrase but not in a description of it: "Armenia's
    parliament", "the Ukrainian parliament", "President of the Republic of Azerbaijan Ilham Aliyev"; a
    town's own officials decree for the town ("Kyiv's mayor", "Mayor of Goris").
    """
    refs = places.locatives(agent) or places.of_phrase(agent)
    if refs:
        return refs
    words = [t for t in phrase_words(agent) if t.i != agent.i]
    owners = places.mentions_in_raw([t.i for t in words]) + [
        places.demonyms[t.i] for t in words if t.i in places.demonyms
    ]
    states = [PlaceRef(m, 3) for m in owners if m.place is not None and m.place.kind == "country"]
    if states or all(t.lemma_.lower() not in _LOCAL_OFFICIALS for t in (agent, *words)):
        return states[:1]
    return [PlaceRef(m) for m in owners if m.place is not None and m.place.kind != "country"]


def _acting_place(named: Mention, measure: Token) -> list[PlaceRef]:
    """Where a measure is when a place decrees it: a country for its own measures, a town for a local one.

    "Armenia declared martial law" (Armenia), "Kyiv imposed a curfew" (Kyiv); a town does not decree a
    state-wide measure ("Yerevan declared martial law" is the government's, and says where only by the state).
    """
    if named.place is None:
        return []
    if named.place.kind == "country":
        return [PlaceRef(named, 3)]
    words = [measure, *(c for c in measure.children if c.dep_ in {"dobj", "nsubjpass"})]  # "declare martial law"
    # a town's measure is named ("imposed a curfew"): a town's name that introduces someone is a person's
    local = measure.pos_ == "NOUN" and named.place.kind == "populated place"
    local = local and all(w.lemma_.lower() not in _NATIONWIDE for w in words)
    return [PlaceRef(named)] if local else []


def _misparsed_state(measure: Token, places: SentencePlaces) -> list[PlaceRef]:
    """The state of a measure whose verb the parser took for an adjective: "Armenia prolonged martial law".

    The small model reads "Ukraine extended martial law" as one noun phrase ("extended" modifying "law",
    "Ukraine" a modifier of it); the state is then the phrase's modifying country.
    """
    if not any(c.dep_ == "amod" and c.pos_ == "VERB" for c in measure.children):
        return []
    owning = [t.i for c in measure.children if c.dep_ in _OWNERS | {"nmod"} for t in c.subtree]
    # "Armenia on Friday prolonged martial law": the country heads the whole misparsed phrase
    heads = list(measure.ancestors)
    if all(t.pos_ not in {"VERB", "AUX"} for t in heads):
        owning += [t.i for t in heads if t.pos_ == "PROPN"]
    owners = places.mentions_in_raw(owning)
    return [PlaceRef(m, 3) for m in owners if m.place is not None and m.place.kind == "country"]


def _decree_verb(token: Token) -> Token | None:
    """The verb a measure word depends on ("extended martial law", "signed a decree on mobilisation"), or itself."""
    current = token
    for _ in range(4):
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if current.dep_ not in {"dobj", "nsubjpass", "nsubj", "pobj", "prep", "attr", "compound"}:
            return None
        current = current.head
    return None


def moved_from(verb: Token, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where people are moved from: "families from V are being evacuated to W" (V), else nothing."""
    if lemma_of(verb) not in _MOVE_PEOPLE:
        return []
    moved = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    refs = [r for c in moved for r in places.objects_of(c, {"from", "of", "in"})]
    return [(r, "location") for r in refs or places.objects_of(verb, {"from"})]


def limited(agent: Token | None) -> bool:
    """Whether a measure's subject is what it limits ("schools in V", "traffic", "residents"), not its author."""
    return agent is not None and agent.lemma_.lower() in _LIMITED


def civil_places(token: Token, found: list[tuple[PlaceRef, str]], places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where a civil measure is, once its frame's own search gave ``found``.

    People moved are moved from their place, not to where they go; else what was found; else where what
    it limits goes ("restricted movement in and out of V"); else where its decree is ("Ukraine extended
    martial law").
    """
    return (
        moved_from(token, places)
        or found
        or timed_places(token, places)
        or limited_places(token, places)
        or decreed_places(token, places)
    )


def timed_places(token: Token, places: SentencePlaces) -> list[tuple[PlaceRef, str]]:
    """Where a measure is when the parser hung its locative on a time: "introduced from 21:00 to 06:00 in V".

    The locative of a clock time, a date or a time word is the measure's, not the time's.
    """
    verb = token.head if token.dep_ in {"nsubjpass", "dobj", "nsubj"} else token
    times = [
        o
        for p in verb.children
        if p.dep_ == "prep"
        for o in p.children
        if o.dep_ == "pobj" and (o.like_num or ":" in o.text or o.lemma_.lower() in TIME_WORDS)
    ]
    return [(r, "location") for t in times for r in places.objects_of(t, {"in", "at", "across", "throughout"})]
