"""Mine and IED blasts: an explosive that went off where it lay, read from what the sentence says it did.

A mine is news in two ways. Laid or cleared ("saboteurs laid mines near V",
"sappers cleared mines near V") it is no blast (:mod:`geomap.events.lexicon`
keeps those as ``other``). Set off ("his car hit a mine near V", "a landmine
exploded near V", "wounded by a mine near V", "a mine blast in V") it is
ACLED's *Remote explosive/landmine/IED*, a strike of type
``shelling_strike`` at the place; who was hurt is a toll of its own.

The explosive noun (or the "explosion" / "blast" noun it modifies) opens the
frame, so the verb that sets it off ("hit", "exploded", "went off") opens
none: one blast per explosive, not a shelling beside it.

Examples
--------
>>> BLAST.type, BLAST.sub_event_type
('shelling_strike', 'Remote explosive/landmine/IED')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.lexicon import Trigger

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["BLAST", "blast_sites", "in_blast", "opens_blast", "sets_off"]

#: The frame of an explosive that went off.
BLAST = Trigger("shelling_strike", None, "agent", "Remote explosive/landmine/IED")

#: Nouns that are explosives by themselves: "a mine", "unexploded ordnance", "an IED".
_EXPLOSIVES = frozenset({"mine", "landmine", "ied", "ordnance", "uxo", "booby-trap", "tripwire"})
#: Nouns that are explosives with a marking word: "an explosive device", "a roadside bomb", "a car bomb".
_DEVICES = frozenset({"device", "bomb", "charge"})
_DEVICE_MARKS = frozenset({"explosive", "improvised", "roadside", "car", "booby", "homemade", "ied"})
#: Nouns for the going off: "a mine explosion", "the blast of a landmine".
_BLAST_NOUNS = frozenset({"explosion", "blast", "detonation"})
#: Verbs that set an explosive off, with the particle or preposition some of them need ("went off", "ran over").
_SET_OFF: dict[str, frozenset[str]] = {
    "explode": frozenset(),
    "detonate": frozenset(),
    "hit": frozenset(),
    "strike": frozenset(),
    "trigger": frozenset(),
    "go": frozenset({"off"}),
    "set": frozenset({"off"}),
    "blow": frozenset({"up"}),
    "run": frozenset({"over", "into", "onto"}),
    "drive": frozenset({"over", "into", "onto"}),
    "step": frozenset({"on", "onto", "over"}),
    "tread": frozenset({"on", "onto"}),
}
#: Verbs whose subject (or ``by`` phrase, or "to" phrase: "lost a leg to a mine") is the explosive that went off.
_HARM_VERBS = frozenset({"kill", "wound", "injure", "hurt", "maim", "damage", "destroy", "lose", "claim", "leave"})
_ACTIVE_ROLES = frozenset({"nsubj", "agent", "to"})


def _explosive(token: Token) -> bool:
    """Whether ``token`` names an explosive ("mine", "IED", "an explosive device"), not "mine" the pronoun."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PRON":
        return False
    if lemma in _EXPLOSIVES:
        return True
    return lemma in _DEVICES and any(
        c.dep_ in {"amod", "compound"} and c.lemma_.lower() in _DEVICE_MARKS for c in token.children
    )


def _blast_noun(token: Token) -> bool:
    """Whether ``token`` is "explosion" or "blast" of an explosive: "a mine explosion", "the blast of a landmine"."""
    if token.pos_ not in {"NOUN", "PROPN"} or token.lemma_.lower() not in _BLAST_NOUNS:
        return False
    inner = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]
    inner += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    return any(_explosive(t) for t in inner)


def _host(token: Token) -> Token:
    """The noun an explosive modifies: "mine" in "a mine explosion", "landmine" in "the blast of a landmine"."""
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        return token.head.head
    return token.head


def _governor(noun: Token) -> tuple[Token, str]:
    """The verb an explosive hangs on and how: ``nsubj``, ``dobj``, ``agent`` ("by a mine") or a preposition."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ in {"prep", "agent"}:
        return head.head, "agent" if head.dep_ == "agent" else head.lower_
    return head, noun.dep_


def _set_off(verb: Token, role: str) -> bool:
    """Whether ``verb`` with the explosive in ``role`` says it went off ("hit a mine", "a mine went off")."""
    lemma = verb.lemma_.lower()
    if lemma in _HARM_VERBS:
        return role in _ACTIVE_ROLES | {"nsubjpass"} and not (lemma in {"destroy", "damage"} and role == "nsubjpass")
    if lemma not in _SET_OFF:
        return False
    needed = _SET_OFF[lemma]
    if not needed:
        return True
    return role in needed or any(c.dep_ in {"prt", "prep", "advmod"} and c.lower_ in needed for c in verb.children)


def opens_blast(token: Token) -> bool:
    """Whether ``token`` opens a blast frame: the explosive that went off, or the "explosion" of one.

    An explosive inside an "explosion" noun leaves the frame to that noun; one that was laid, found or
    cleared opens none here.
    """
    if _blast_noun(token):
        return True
    if not _explosive(token) or _blast_noun(_host(token)):
        return False
    verb, role = _governor(token)
    return verb.i != token.i and _set_off(verb, role)


def in_blast(token: Token) -> bool:
    """Whether ``token`` is the explosive of an "explosion" noun, which opens the frame ("a mine explosion")."""
    return _explosive(token) and _blast_noun(_host(token))


def blast_sites(token: Token) -> list[Token]:
    """Where a blast's place may hang when it has no locative of its own: on what went over the mine.

    "A mine detonated under an army truck near V": V locates the truck, so the blast.
    """
    verb, _ = _governor(token)
    if verb.i == token.i:
        return []
    return [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj" and o.i != token.i]


def sets_off(verb: Token) -> bool:
    """Whether a verb only sets off an explosive that opens the frame itself ("hit a mine", "a bomb exploded").

    Such a verb opens no frame of its own. Verbs of harm ("killed", "wounded") still report their toll.
    """
    if verb.lemma_.lower() not in _SET_OFF:
        return False
    arguments = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    arguments += [o for p in verb.children if p.dep_ in {"prep", "agent"} for o in p.children if o.dep_ == "pobj"]
    return any(opens_blast(a) for a in arguments)
