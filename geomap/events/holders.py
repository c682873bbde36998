"""Which side a frame says holds, acts or loses: sides of phrases, pronouns, the enemy, the opponent named.

A phrase stands for a side by its words ("Azerbaijani army"), by "we"/"our"
(the speaker's side), by "they"/"them" (the last force named before it, or the
side the report last said was acting), by "it" (the speaker); "the enemy"
names the speaker's opponent. The holder of a place is the frame's holder
role, its recipient, or its agent; an agentless gain is the speaker's side's,
or the sentence's one force's, or the last acting side's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geomap.events.lexicon import ENEMY_WORDS, EQUIPMENT_NOUNS, FORCE_WORDS, MUNITIONS, Trigger
from geomap.events.roles import SUBJECTS
from geomap.events.sides import phrase_words

if TYPE_CHECKING:
    from geomap.events.places import SentencePlaces
    from geomap.events.roles import Roles
    from geomap.events.sides import Sides
    from geomap.events.tokens import Doc, Token

__all__ = [
    "Context",
    "a_place",
    "acting_side",
    "against",
    "an_actor",
    "forces_named",
    "holder_of",
    "is_enemy",
    "loser_of",
    "side_of",
    "words_of",
]


#: Acts that stand as a verb's subject for those who carry them out ("a counter-attack retook V").
_OPERATIONS = frozenset(
    {"shelling", "fire", "strike", "attack", "counterattack", "offensive", "counteroffensive", "assault", "operation"}
)
#: Words that make a force the speaker's own state's ("government troops", "federal forces").
_OWN_STATE = frozenset({"government", "federal", "state", "regular"})


@dataclass(frozen=True, slots=True)
class Context:
    """The sides a sentence's phrases may stand for without naming them: the speaker's, the last actor's.

    ``home`` is the report's own side when it is a party: whom the "enemy" or "occupiers" of its own
    sentences fight, and the conflict its "government forces" are of.
    """

    claimant: str | None
    previous: str | None
    home: str | None = None


def acting_side(doc: Doc, sides: Sides) -> str | None:
    """The side of the force a sentence's main verb has as subject ("Azerbaijani troops approached V").

    What a later "they" or agentless "the town was taken" refers back to, when the sentence reports no event.
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in {"VERB", "AUX"}:
        return None
    subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    if subject is None or subject.lemma_.lower() not in FORCE_WORDS:
        return None
    return sides.of_phrase(subject)


def forces_named(places: SentencePlaces, sides: Sides) -> Counter[str]:
    """The sides whose forces a sentence names outside its speaker's words ("as Ukrainian troops approached")."""
    found: Counter[str] = Counter()
    for token in places.doc:
        if token.i in places.excluded or token.lemma_.lower() not in FORCE_WORDS or token.pos_ != "NOUN":
            continue
        side = sides.of_phrase(token)
        if side:
            found[side] += 1
    return found


# --------------------------------------------------------------------------- sides, scope, numbers


def side_of(phrase: Token | None, places: SentencePlaces, sides: Sides, context: Context | None) -> str | None:
    """The side a phrase stands for (its words, "we", "they", "it", "government troops", "the enemy"), or None."""
    if phrase is None:
        return None
    context = context or Context(None, None)
    deictic = _deictic_side(phrase, sides, context)
    if deictic is not None:
        return deictic[0]
    if is_enemy(phrase, sides):  # the speaker's enemy (or the report's, in its own words): the side it fights
        return sides.rival(context.claimant or context.home)
    for mention in places.mentions_in(phrase_words(phrase)):  # not its clauses: "forces, which entered Armenia"
        side = sides.of_place(mention.place)
        if side:
            return side
    return _rebels_side(phrase, places, sides) or sides.of_phrase(phrase)


#: Words for armed opponents of a state that name no side themselves: whose they are depends on the conflict.
_REBEL_WORDS = frozenset({"separatist", "separatists", "rebel", "rebels", "insurgent", "insurgents"})


def _rebels_side(phrase: Token, places: SentencePlaces, sides: Sides) -> str | None:
    """The side of "separatists" or "rebels" no other word names, by the country the sentence's places are in.

    "Separatist forces took Debaltseve" (Ukraine) is Russia's side; "pro-Russian separatists" name their side
    themselves. None when the phrase is not such or no place is in a country ``separatists.csv`` lists (the
    words' own reading stands then: "separatists" are Artsakh's, as in the Karabakh reports).
    """
    words = phrase_words(phrase)
    if not any(t.lower_ in _REBEL_WORDS for t in words) or sides.of_words(
        t.text for t in words if t.lower_ not in _REBEL_WORDS
    ):
        return None
    mentions = places.mentions_in(list(places.doc))
    return next((side for m in mentions if m.place is not None and (side := sides.separatists(m.place.country))), None)


def _deictic_side(phrase: Token, sides: Sides, context: Context) -> tuple[str | None] | None:
    """The side of a phrase that points rather than names: pronouns, "our units", "government troops".

    None when the phrase is not one of those; else the side, or (None,) when they point nowhere known.
    """
    claimant_side = context.claimant
    first_person = phrase.lower_ in {"we", "our", "us"} or any(c.lower_ == "our" for c in phrase.children)
    if first_person or any(c.lower_ in {"its", "his", "their"} for c in phrase.children):
        # "our units", in the report's own words: the report's side; "its units": the last side acting
        home = context.home if first_person else None
        return (claimant_side or home or (context.previous if phrase.lower_ not in {"we", "our", "us"} else None),)
    if any(c.lower_ in _OWN_STATE for c in phrase.children if c.dep_ in {"compound", "amod"}):
        if sides.of_phrase(phrase) is None:
            # "government troops": in the words of a side's ministry its own; else the government of the conflict
            return (claimant_side or sides.government(context.home or context.previous),)
        return None
    if phrase.lower_ == "it" and phrase.pos_ == "PRON":
        return (claimant_side,)  # "Baku said it had responded": the speaker
    if phrase.lower_ in {"they", "them"} and phrase.pos_ == "PRON":
        # "Russian forces ... after Moscow ordered them to abandon V"; "They took it on Thursday"
        earlier = [t for t in phrase.doc[: phrase.i] if t.lemma_.lower() in FORCE_WORDS and t.tag_ == "NNS"]
        named = [side for t in reversed(earlier) if (side := sides.of_phrase(t))]
        return (named[0] if named else context.previous,)
    return None


def holder_of(  # noqa: PLR0911, PLR0917
    token: Token,
    trigger: Trigger,
    roles: Roles,
    places: SentencePlaces,
    sides: Sides,
    context: Context,
    agent_side: str | None,
) -> str | None:
    """The side a frame says holds the place: its holder, recipient or agent, or an agentless gain's."""
    if not trigger.control:
        return None
    if roles.holder is not None:
        return side_of(roles.holder, places, sides, context)
    if trigger.holder == "recipient":
        return side_of(roles.recipient, places, sides, context) if roles.recipient is not None else None
    if trigger.holder == "none":
        return None
    if agent_side:
        return agent_side
    if roles.agent is None and trigger.control in {"taken", "held"}:
        # An agentless "X was liberated" states the claimant's own side's gain, or the sentence's one force's,
        # or that of the side the report last said was acting.
        previous = context.previous if trigger.control == "taken" else None  # who attacked last holds nothing
        return _only_force(token, sides) or context.claimant or previous
    return None


def loser_of(
    control: str | None, holder: str | None, agent_side: str | None, claimant_side: str | None, *, denied_gain: bool
) -> str | None:
    """The side a frame says gave up the place: who left it, or the speaker denying it was taken from them.

    "Statements by the other side that V has been captured are false", says one side: the capture denied is
    the other side's, named in the sentence. "V had not been lost" (``denied_gain``: denied, no agent named)
    and "V was lost", with no side named, are the speaker's own side's loss.
    """
    if holder is not None:
        return None
    if control == "lost":
        return agent_side or claimant_side
    return claimant_side if control == "taken" and denied_gain else None


def an_actor(phrase: Token | None) -> bool:
    """Whether an agent's words name who acts: not a pronoun ("it"), a weapon ("drones") or a place."""
    if phrase is None or phrase.pos_ == "PRON":
        return False
    lemma = phrase.lemma_.lower()
    return lemma not in EQUIPMENT_NOUNS and lemma not in MUNITIONS and lemma not in _OPERATIONS


def is_enemy(phrase: Token | None, sides: Sides) -> bool:
    """Whether a phrase is "the enemy" or "enemy forces" (no side of its own: the speaker's opponent)."""
    if phrase is None or sides.of_phrase(phrase):
        return False
    enemy = {phrase.lemma_.lower()} | {c.lemma_.lower() for c in phrase.children if c.dep_ in {"compound", "amod"}}
    return bool(enemy & ENEMY_WORDS)


def a_place(phrase: Token, places: SentencePlaces) -> bool:
    """Whether a phrase is a town or height, which cannot take anything: "Kherson liberated" is a headline."""
    refs = places.of_phrase(phrase)
    return bool(refs) and all(r.mention.place is not None and r.mention.place.kind != "country" for r in refs)


def _only_force(token: Token, sides: Sides) -> str | None:
    found = {sides.of_phrase(t) for t in token.doc if t.lemma_.lower() in FORCE_WORDS and t.pos_ == "NOUN"}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


#: Triggers whose "with" phrase is the other side: "clashed with X", "fighting with X".
_CLASH_WORDS = frozenset({"clash", "fight", "battle", "skirmish", "exchange", "fighting", "firefight"})


def against(token: Token, sides: Sides) -> str | None:
    """The side a trigger acts against ("attacks on Armenian positions", "clashed with Armenian units")."""
    preps = {"against", "on", "at", "with"} if token.lemma_.lower() in _CLASH_WORDS else {"against", "on", "at"}
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                side = sides.of_phrase(obj) if obj.dep_ == "pobj" else None
                if side:
                    return side
    return None


def words_of(phrase: Token) -> str:
    """The words of an agent phrase, for ``actor1`` when it names no side."""
    return " ".join(t.text for t in phrase.subtree if t.dep_ not in {"det", "punct"})[:80]
