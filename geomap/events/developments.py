"""Strategic developments read from their arguments: exchanges, missions, stand-offs, talks hosted.

Many ``other`` events (ACLED's strategic developments) and talks open no
frame by their verb alone: "a prisoner exchange took place in V" is not an
exchange of fire, "the transfer of bodies near V" hands over no ground,
"the OSCE sent a mission to V", "troops faced each other near V", "Lavrov
hosted his counterparts in V", "a humanitarian corridor will open from V".
What did not happen opens no frame: "ended without agreement", "took V
without a fight", "without opening fire".

:func:`development_reading` gives the frame, ``NO_EVENT`` for what did
not happen, or None; :func:`talk_places` says where talks are: where they are
held, not what they are about ("talks in Moscow on Karabakh": Moscow) nor
who takes part ("a meeting between officials of A and B in V": V).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.counting import counted_lemma
from geomap.events.lexicon import NOUNS, PEACEKEEPER_NOUNS, VERBS, Trigger
from geomap.events.locate import event_locations
from geomap.events.measures import NO_EVENT
from geomap.events.places import PlaceRef
from geomap.events.roles import lemma_of
from geomap.events.sides import phrase_words
from geomap.events.trigger_words import CIVILIANS

if TYPE_CHECKING:
    from geomap.events.places import SentencePlaces
    from geomap.events.tokens import Token

__all__ = ["accord_places", "development_reading", "talk_places", "talks_about"]

_EXCHANGE = Trigger("other", None, "agent", "Agreement")
_OTHER = VERBS["escort"]
_TALK = VERBS["negotiate"]
#: People and remains handed over in exchanges: "a prisoner swap", "the transfer of bodies".
_CAPTIVES = frozenset(
    {"prisoner", "pow", "captive", "detainee", "remains", "hostage", "corpse", "body", "serviceman", "soldier"}
)
_SWAP_NOUNS = frozenset({"exchange", "swap", "transfer", "return", "handover", "release", "repatriation"})
_SWAP_VERBS = frozenset({"exchange", "swap", "transfer", "return", "hand", "release", "repatriate", "free"})
#: Missions that watch, not fight: "a fact-finding mission", "monitors", "observers".
_MISSIONS = frozenset({"mission", "monitor", "observer", "inspector", "team"}) | PEACEKEEPER_NOUNS
#: Verbs of going somewhere: with peacekeepers as subject, a deployment or a withdrawal (ACLED's strategic).
_GOING_VERBS = frozenset({"go", "head", "move", "enter", "come", "proceed", "leave", "travel", "cross"})
#: Nouns of posting troops and taking them away: "the deployment of peacekeepers", "their withdrawal".
_POSTING_NOUNS = frozenset({"deployment", "arrival", "withdrawal", "redeployment", "departure", "pullout"})
#: Verbs of asking for something: what they ask for has not happened ("called for talks").
_REQUEST_VERBS = frozenset({"ask", "call", "appeal", "request", "press", "push", "plead", "urge", "apply", "lobby"})
#: Verbs of coming to an accord: with an accord as object they take, strike or reach nothing.
_REACH_VERBS = frozenset({"reach", "achieve", "strike", "secure", "broker", "clinch", "hammer", "seal"})
_SETTLEMENTS = frozenset({"ceasefire", "truce", "compromise", "consensus", "settlement", "accord", "armistice"})
_SEND_VERBS = frozenset({"send", "dispatch", "deploy", "despatch", "station", "post"})
_MISSION_ACTS = frozenset({"begin", "start", "launch", "conduct", "carry", "resume", "patrol", "arrive"})
_WATCH_NOUNS = frozenset({"patrol", "monitoring", "observation", "mission", "inspection", "work"})
#: Verbs of a stand-off: "faced each other near V", "stood off", "squared off".
#: Verbs of a mission watching an act: "monitor the withdrawal", "oversee the handover".
_WATCH_VERBS = frozenset({"monitor", "observe", "oversee", "supervise", "verify", "guarantee", "facilitate"})
_FACE_VERBS = frozenset({"face", "confront", "stand", "square", "eye"})
_HOST_VERBS = frozenset({"host", "receive", "welcome"})
_GUESTS = frozenset(
    {"counterpart", "delegation", "minister", "president", "leader", "envoy", "premier", "foreign", "secretary",
     "ambassador", "chancellor", "mediator", "negotiator"}
)  # fmt: skip
_PASSAGE_NOUNS = frozenset({"corridor", "crossing", "route", "passage"})
#: What talks are about and who is in them: not where they are.
#: Verbs of talking whose object is what is talked about: "discussed the situation in V".
_TOPIC_VERBS = frozenset({"discuss", "negotiate", "debate", "address", "review", "consider", "raise"})
#: Prepositions of the parties to talks: "met with A", "talks between A and B".
_PARTY_PREPS = frozenset({"with", "between", "among"})
#: Gatherings talks are held at: "on the sidelines of the summit in V".
_GATHERINGS = frozenset({"summit", "sideline", "conference", "forum", "session", "meeting", "assembly", "congress"})
_TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning", "between", "with", "among", "of"})
#: Verbs whose subject is an event and whose locative is where it is: "talks took place in V".
_HAPPEN_VERBS = frozenset(
    {"take", "happen", "occur", "begin", "start", "end", "resume", "continue", "open", "be", "hold", "conclude"}
)
#: Verbs of people leaving a place: with civilians as subject, a movement of people.
_FLEE_VERBS = frozenset({"flee", "leave", "escape", "abandon", "evacuate", "desert"})
#: Nouns of a stretch of time or a round: "after ten hours of talks" is about the talks.
_SPANS = frozenset({"hour", "day", "week", "month", "round", "session", "year", "night"})
_MOVE_VERBS = frozenset({"arrive", "fly", "travel", "come", "go", "head", "leave"})
_ACCORD_VERBS = frozenset({"sign", "agree", "accept", "reach", "conclude", "approve", "ratify", "initial"})
_ENDS = frozenset({"from", "to", "between", "through", "via"})
#: Documents of an agreement: what their "on" phrase names is agreed, not done.
_ACCORDS = frozenset(
    {"memorandum", "agreement", "deal", "plan", "statement", "declaration", "accord", "treaty", "proposal",
     "roadmap", "term", "protocol", "arrangement", "understanding"}
)  # fmt: skip


def development_reading(token: Token) -> Trigger | None:
    """The frame a strategic development opens through its arguments, ``NO_EVENT``, or None."""
    lemma = lemma_of(token)
    if (
        ((lemma in VERBS or lemma in NOUNS) and _without(token))
        or (lemma in _REACH_VERBS and _settles(token))
        or (NOUNS.get(lemma) is _TALK and _requested(token))
    ):
        # "ended without agreement", "took V without a fight": it did not happen; "reached an agreement on a
        # ceasefire in V", "struck a deal": the accord is the event, nothing was reached or struck; "asked
        # the CSTO for consultations": talks asked for are not held
        return NO_EVENT
    if token.pos_ == "NOUN" and lemma in _SWAP_NOUNS and _of_captives(token):
        return _EXCHANGE  # "a prisoner exchange in V", "the transfer of bodies near V"
    if token.pos_ == "NOUN" and lemma in NOUNS and _agreed(token):
        return _EXCHANGE  # "signed a memorandum on the withdrawal of troops from V": agreed, not done
    if token.pos_ == "NOUN" and lemma in _POSTING_NOUNS and _of_peacekeepers(token):
        return _OTHER  # "the deployment of peacekeepers in V", "the withdrawal of the Russian contingent from V"
    if token.pos_ == "NOUN" and lemma in NOUNS and token.dep_ == "dobj" and lemma_of(token.head) in _WATCH_VERBS:
        return _OTHER  # "observers will monitor the withdrawal from V": a mission's task, not ground lost
    return _verb_reading(token, lemma) if token.pos_ == "VERB" else None


def _requested(noun: Token) -> bool:
    """Whether talks are only asked for: "asked the CSTO for consultations", "called for negotiations"."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "for" and lemma_of(noun.head.head) in _REQUEST_VERBS


def _settles(verb: Token) -> bool:
    """Whether a verb's object (or passive subject) is an accord: "reached an agreement", "a deal was struck"."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return verb.pos_ == "VERB" and any(counted_lemma(o) in _ACCORDS | _SETTLEMENTS for o in objects)


def _verb_reading(token: Token, lemma: str) -> Trigger | None:  # noqa: PLR0911 - one return per reading
    """Readings of a verb decided by its arguments: captives handed over, missions sent, stand-offs, hosts."""
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if lemma in _SWAP_VERBS and any(_captive(o) for o in objects):
        return _EXCHANGE  # "the remains of 12 servicemen were returned through V"
    if lemma in _GOING_VERBS and _peacekeepers_move(token, subjects) and not any(o.lemma_ in NOUNS for o in objects):
        return _OTHER  # "a contingent of Russian peacekeepers went to V", "a convoy carrying peacekeepers left V"
    if lemma in _SEND_VERBS and any(counted_lemma(o) in _MISSIONS for o in objects):
        return _OTHER  # "the OSCE sent a fact-finding mission to V", "deployed monitors near V"
    if lemma in _MISSION_ACTS and any(counted_lemma(s) in _MISSIONS for s in subjects):
        return _OTHER  # "an EU monitoring mission began patrols near V"
    if lemma in _FACE_VERBS and _stand_off(token):
        return _OTHER  # "troops faced each other near V", "the two sides stood off at V"
    if lemma in _HOST_VERBS and any(t.lemma_.lower() in _GUESTS for o in objects for t in phrase_words(o)):
        return _TALK  # "Lavrov hosted his counterparts in Moscow"
    if lemma in {"open", "begin", "start"} and any(_passage_or_watch(s) for s in subjects if s.dep_ == "nsubj"):
        return _OTHER  # "a humanitarian corridor will open from V to W", "a monitoring centre opened near V"
    if lemma in _FLEE_VERBS and any(counted_lemma(s) in CIVILIANS for s in subjects if s.dep_ == "nsubj"):
        # "residents fled V", "families are leaving V": people on the move, not ground lost; where they go
        # ("fled to V") is not where the movement is
        if any(o.lemma_.lower() in NOUNS for o in objects):
            return NO_EVENT  # "civilians fled the fighting in V": the fighting is the event there
        left = objects or [p for p in token.children if p.dep_ == "prep" and p.lower_ in {"from", "out"}]
        return _OTHER if left else None
    return None


def _passage_or_watch(noun: Token) -> bool:
    """Whether a noun is a passage ("a corridor") or a watching post ("a joint monitoring centre")."""
    if counted_lemma(noun) in _PASSAGE_NOUNS:
        return True
    watch = any(
        c.dep_ in {"amod", "compound"} and c.lower_ in {"monitoring", "joint", "observation"} for c in noun.children
    )
    return watch and noun.lemma_.lower() in {"centre", "center", "mission", "office", "post"}


def _without(token: Token) -> bool:
    """Whether a trigger is what "without" says did not happen, up to the nearest clause."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ in {"pobj", "pcomp"} and ancestor.head.lower_ == "without":
            return True
        if ancestor.pos_ in {"VERB", "AUX"} and ancestor is not token and ancestor.dep_ not in {"acl", "pcomp"}:
            return False
    return False


def _agreed(noun: Token) -> bool:
    """Whether an event noun is what an agreement is about: "a memorandum on the withdrawal from V"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in {"on", "about", "for", "over", "regarding", "concerning"}:
        return False
    holder = prep.head
    if holder.pos_ in {"NOUN", "PROPN"}:
        return holder.lemma_.lower() in _ACCORDS
    deals = [c for c in holder.children if c.dep_ in {"dobj", "nsubjpass"}]
    return lemma_of(holder) in _ACCORD_VERBS and any(d.lemma_.lower() in _ACCORDS for d in deals)


def _peacekeepers_move(verb: Token, subjects: list[Token]) -> bool:
    """Whether those who go are peacekeepers: "peacekeepers went to V", "a column of peacekeepers headed to V"."""
    movers = [s for s in subjects if s.dep_ == "nsubj"]
    if not movers and verb.dep_ == "conj":
        movers = [c for c in verb.head.children if c.dep_ == "nsubj"]  # "left V and entered W": the first's subject
    if not movers and verb.dep_ == "acl":
        movers = [verb.head]  # "a column of peacekeepers headed to V": the noun the verb describes
    return any(_carry_peacekeepers(m) for m in movers)


def _carry_peacekeepers(noun: Token) -> bool:
    """Whether a phrase is or carries peacekeepers: "a contingent of Russian peacekeepers", "cars with peacekeepers"."""
    return any(t.lemma_.lower() in PEACEKEEPER_NOUNS | {"peacekeeping"} for t in noun.subtree)


def _of_peacekeepers(noun: Token) -> bool:
    """Whether a noun of posting is of peacekeepers: "the deployment of its peacekeeping servicemen"."""
    ofs = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    return any(_carry_peacekeepers(o) for o in ofs)


def _captive(noun: Token) -> bool:
    return noun.lower_ in _CAPTIVES or noun.lemma_.lower() in _CAPTIVES or _of_captives(noun)


def _of_captives(noun: Token) -> bool:
    """Whether a noun is of captives: "prisoner exchange", "the transfer of bodies", "remains of servicemen"."""
    if any(c.dep_ == "compound" and c.lemma_.lower() in _CAPTIVES for c in noun.children):
        return True
    return any(
        p.dep_ == "prep" and p.lower_ == "of" and any(_captive(o) for o in p.children if o.dep_ == "pobj")
        for p in noun.children
    )


def _stand_off(verb: Token) -> bool:
    """Whether sides face one another: "faced each other", "stood off", "squared off against"."""
    if any(c.dep_ in {"prt", "advmod"} and c.lower_ == "off" for c in verb.children):
        return True
    return any(c.dep_ == "dobj" and c.lower_ in {"other", "another"} for c in verb.children)


def talk_places(token: Token, places: SentencePlaces) -> list[PlaceRef]:
    """Where talks are held: the trigger's locatives but its topic and its parties, else the event's verb's.

    "talks in Moscow on Karabakh" (Moscow), "a meeting between A and B took place in V" (V), "arrived in V
    for talks" (V), "visited the town of V" (V).
    """
    topics = [p for p in token.children if p.dep_ == "prep" and p.lower_ in _TOPIC_PREPS]
    if lemma_of(token) in _TOPIC_VERBS:
        topics += [c for c in token.children if c.dep_ == "dobj"]  # "discussed the situation in V": what, not where
    aside = places.mentions_in_raw([t.i for p in topics for t in p.subtree])
    refs = [r for r in places.locatives(token) if all(r.mention is not m for m in aside)]
    if refs:
        return refs
    refs = _gathered_in(token, places) or _at_gathering(token, places)
    if refs:
        return refs
    if lemma_of(token) in {"visit", "tour"} and token.pos_ == "VERB":
        return [r for o in token.children if o.dep_ == "dobj" for r in places.of_phrase(o)]
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in _SPANS:
        token = token.head.head  # "after ten hours of talks": where the hours are
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in {"after", "following", "during", "amid", "before"}:
        refs = places.locatives(head.head)  # "a ceasefire agreed in V after ten hours of talks"
    if token.dep_ in {"nsubj", "nsubjpass"} and lemma_of(head) in _HAPPEN_VERBS:
        # "talks took place in V", "the meeting begins in V", "talks are to resume in V"
        verbs = [head, *(c for c in head.children if c.dep_ == "xcomp")]
        return [r for v in verbs for r in places.locatives(v)]
    if token.dep_ == "pobj" and token.head.lower_ == "for" and lemma_of(head.head) in _MOVE_VERBS:
        # "arrived in V for talks", "flew to V for talks"
        return places.locatives(head.head) or places.objects_of(head.head, {"to", "into"})
    if token.dep_ == "dobj" and lemma_of(head) in {"hold", "host", "have", "begin", "resume", "open"}:
        refs = places.locatives(head)  # "held talks in V"
    return refs or [r for r in event_locations(token, places, front=False) if all(r.mention is not m for m in aside)]


def talks_about(token: Token) -> bool:
    """Whether a talking verb's object is its topic, not a place talked at: "discussed the situation in V"."""
    return token.pos_ == "VERB" and lemma_of(token) in _TOPIC_VERBS


def _gathered_in(token: Token, places: SentencePlaces) -> list[PlaceRef]:
    """Where the parties of talks are said to meet: "met A and B in V", "talks between the diplomats in V".

    The parser hangs the meeting's "in V" on the last party named; a party is not somewhere else than
    its meeting.
    """
    preps = _PARTY_PREPS | ({"of"} if token.pos_ == "NOUN" else set())  # "a meeting of the ministers in V"
    parties = [o for p in token.children if p.dep_ == "prep" and p.lower_ in preps for o in p.children]
    for party in parties:  # "with A, B and C": the list grows as it is read
        parties += [c for c in party.children if c.dep_ in {"conj", "appos"}]
    return [r for o in parties for r in places.objects_of(o, {"in", "at"})]


def _at_gathering(token: Token, places: SentencePlaces) -> list[PlaceRef]:
    """Where the gathering talks are held at is: "met on the sidelines of the summit in V", "at a forum in V"."""
    held = [o for p in token.children if p.dep_ == "prep" and p.lower_ in {"on", "at", "during"} for o in p.children]
    held += [g for o in held for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
    return [r for g in held if g.lemma_.lower() in _GATHERINGS for r in places.objects_of(g, {"in", "at"})]


def accord_places(token: Token, places: SentencePlaces) -> list[PlaceRef]:
    """Where a passage or an agreement with no locative is: its ends, what it is about, or where it was made.

    "open a humanitarian corridor from V" (V), "signed a statement ending the war in V" (V); the countries
    signing are parties, not places.
    """
    if token.pos_ == "NOUN":
        # "the truce agreed in V", "a deal brokered in V": where the agreement was made
        return [r for c in token.children if c.dep_ == "acl" for r in places.locatives(c)]
    args = [c for c in token.children if c.dep_ in {"dobj", "nsubj", "nsubjpass"}]
    ends = [r for a in args if counted_lemma(a) in _PASSAGE_NOUNS for r in places.objects_of(a, _ENDS)]
    if ends or lemma_of(token) not in _ACCORD_VERBS:
        return ends
    inside = [t for a in args if a.dep_ != "nsubj" for t in a.subtree if t.i != a.i]
    return [PlaceRef(m) for m in places.mentions_in(inside) if m.place is not None and m.place.kind != "country"]
