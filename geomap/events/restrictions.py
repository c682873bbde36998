"""Civil measures said through whom they restrict, what they cut or restore, and the decree that orders them.

A measure is often worded as a limit on people rather than with a measure
word: "only residents may enter V", "non-residents cannot enter V",
"civilian vehicles are no longer allowed on the road to V", "journalists
were denied access to V", "residents of V were told to leave", "flights to
V were cancelled", "internet services in V were restored", "police
evacuated the hospital in V", "the president signed a decree on
mobilisation". :func:`restriction_reading` gives the civil-measure frame
such a word opens, or None to leave the word to the other readings.

Examples
--------
>>> sorted(_RESTORE_VERBS)[:3]
['reconnect', 'restore', 'resume']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.counting import counted_lemma
from geomap.events.lexicon import MODALS, MOVEMENT_NOUNS, PEOPLE_NOUNS, POST_NOUNS, POST_VERBS, VERBS, Trigger
from geomap.events.measures import NO_EVENT
from geomap.events.roles import lemma_of, roles_of
from geomap.events.trigger_words import CIVILIANS

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["restriction_reading"]

_CIVIL = VERBS["impose"]
#: People and vehicles a restriction names: "only residents may enter", "civilian cars are not allowed".
_RESTRICTED = CIVILIANS | frozenset(
    {"non-resident", "nonresident", "foreigner", "visitor", "tourist", "outsider", "reporter", "vehicle", "car",
     "truck", "lorry", "bus", "motorist", "driver", "pedestrian", "traffic", "national", "citizen", "man", "male",
     "observer", "monitor", "inspector", "mission", "worker", "convoy", "volunteer", "diplomat"}
)  # fmt: skip
#: Verbs of going somewhere: what a restriction limits.
_GOING = frozenset({"enter", "leave", "travel", "cross", "drive", "go", "visit", "return", "use", "move", "pass"})
#: Verbs of letting through: restrictive only with "only", "no longer", "not".
_LET_VERBS = frozenset({"allow", "permit", "let"})
#: Verbs of refusing and of granting access: "were denied access to V", "refused entry into V".
_REFUSE_VERBS = frozenset({"deny", "refuse", "grant", "give", "restrict"})
#: Services a measure stops or brings back: flights, trains, the internet and phone networks.
_SERVICES = frozenset(
    {"flight", "train", "service", "internet", "network", "connection", "communication", "broadband", "signal",
     "telephone", "phone", "bus", "ferry", "airport", "lesson", "class", "school"}
)  # fmt: skip
_STOP_VERBS = frozenset({"cancel", "suspend", "halt", "stop", "ground", "divert", "cut", "disconnect"})
_RESTORE_VERBS = frozenset({"restore", "resume", "reconnect"})
#: Who evacuates as a civil service, not as a side leaving ground: "police evacuated the hospital".
_RESCUERS = frozenset(
    {"police", "rescuer", "authority", "authorities", "official", "volunteer", "service", "worker", "firefighter",
     "municipality", "administration", "ministry", "red", "icrc", "mayor", "governor"}
)  # fmt: skip
#: Buildings a service empties: the measure is where they are.
_BUILDINGS = frozenset(
    {"hospital", "school", "building", "block", "kindergarten", "plant", "factory", "station", "office", "home",
     "house", "hotel", "market", "dormitory", "orphanage", "clinic", "prison"}
)  # fmt: skip
#: Verbs of telling people what to do: in the passive the teller may go unnamed ("residents were told to leave").
_TELL_VERBS = frozenset({"tell", "order", "ask", "urge", "instruct", "advise", "warn", "call", "require", "oblige"})

_LEMMAS = _GOING | _LET_VERBS | _REFUSE_VERBS | _STOP_VERBS | _RESTORE_VERBS | _TELL_VERBS
#: Verbs of moving people to safety: "pensioners from V were relocated to W".
_RESETTLE_VERBS = frozenset({"relocate", "resettle", "rehouse", "bus"})
_MOVED = frozenset({"dobj", "nsubjpass"})
#: Verbs of moving civilians away: with civilians moved, a civil measure ("families from V were evacuated").
_EVACUATE_VERBS = _RESETTLE_VERBS | {"evacuate"}
_LEMMAS |= _RESETTLE_VERBS | {"evacuate"} | POST_VERBS | {"put"}
_POLICE = frozenset({"police", "traffic", "customs", "municipal", "quarantine"})


def restriction_reading(token: Token) -> Trigger | None:
    """The civil-measure frame of a verb worded as a limit, a cut, or a restoration, else None."""
    lemma = lemma_of(token)
    if lemma not in _LEMMAS or token.pos_ not in {"VERB", "AUX"}:
        return None
    if lemma in _GOING and token.dep_ == "xcomp" and _limits_people(token.head, lemma_of(token.head)):
        return NO_EVENT  # "observers were not allowed to enter V": the limit is the event, nobody entered
    if (
        _limits_people(token, lemma)
        or _refuses_access(token, lemma)
        or _stops_service(token, lemma)
        or _evacuates_building(token, lemma)
        or _tells_people(token, lemma)
        or _police_post(token, lemma)
        or (lemma in _EVACUATE_VERBS and any(counted_lemma(c) in CIVILIANS for c in _args(token, _MOVED)))
    ):
        return _CIVIL
    return None


def _args(verb: Token, deps: frozenset[str]) -> list[Token]:
    return [c for c in verb.children if c.dep_ in deps]


def _restrictive(verb: Token, subject: Token) -> bool:
    """Whether a permission is a limit: "only residents may", "cannot", "no longer", "are not allowed"."""
    if any(c.dep_ == "advmod" and c.lower_ == "only" for c in subject.children):
        return True  # "only residents may enter V"
    words = [c for c in verb.children if c.dep_ in {"neg", "advmod", "aux", "prep"}]
    if any(c.dep_ == "neg" or c.lower_ == "only" for c in words):
        return True  # "cannot enter", "are allowed only with a pass"
    return any(t.dep_ == "neg" for c in words if c.lower_ in {"longer", "more"} for t in c.children)


def _limits_people(verb: Token, lemma: str) -> bool:
    """Whether people or vehicles are limited in where they go: "only residents may enter V"."""
    subjects = _args(verb, frozenset({"nsubj", "nsubjpass"}))
    named = [s for s in subjects if counted_lemma(s) in _RESTRICTED or s.lower_ in _RESTRICTED]
    if not named:
        return False
    if lemma in _LET_VERBS:
        return _restrictive(verb, named[0])
    if lemma not in _GOING:
        return False
    modal = any(c.dep_ == "aux" and c.lower_ in MODALS | {"can", "ca"} for c in verb.children)
    return modal and _restrictive(verb, named[0])  # "non-residents cannot enter V", not "residents left V"


def _refuses_access(verb: Token, lemma: str) -> bool:
    """Whether a verb denies or grants a way in: "were denied access to V", "refused entry into V"."""
    return lemma in _REFUSE_VERBS and any(
        c.lemma_.lower() in MOVEMENT_NOUNS for c in _args(verb, frozenset({"dobj", "nsubjpass"}))
    )


def _stops_service(verb: Token, lemma: str) -> bool:
    """Whether flights, trains or networks are stopped or restored: "flights to V were cancelled"."""
    if lemma not in _STOP_VERBS | _RESTORE_VERBS:
        return False
    return any(counted_lemma(c) in _SERVICES | MOVEMENT_NOUNS for c in _args(verb, frozenset({"dobj", "nsubjpass"})))


def _evacuates_building(verb: Token, lemma: str) -> bool:
    """Whether an evacuation is a service's: "police evacuated the hospital in V" (not a side leaving V)."""
    if lemma != "evacuate":
        return False
    agent = roles_of(verb).agent
    if counted_lemma(agent) in _RESCUERS:
        return True
    return any(counted_lemma(c) in _BUILDINGS for c in _args(verb, frozenset({"dobj", "nsubjpass"})))


def _tells_people(verb: Token, lemma: str) -> bool:
    """Whether people are told to do something, the teller unnamed: "residents of V were told to leave"."""
    if lemma not in _TELL_VERBS:
        return False
    told = _args(verb, frozenset({"nsubjpass"}))
    acts = _args(verb, frozenset({"xcomp"}))
    return bool(acts) and any(counted_lemma(t) in CIVILIANS | PEOPLE_NOUNS for t in told)


def _police_post(verb: Token, lemma: str) -> bool:
    """Whether a police checkpoint is set up: "a police checkpoint was set up on the road into V"."""
    return lemma in POST_VERBS | {"put"} and any(
        c.lemma_.lower() in POST_NOUNS
        and any(m.dep_ in {"compound", "amod"} and m.lower_ in _POLICE for m in c.children)
        for c in _args(verb, frozenset({"dobj", "nsubjpass"}))
    )
