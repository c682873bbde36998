"""Which word opens which frame: trigger lemmas refined by their objects, particles and clause shape.

A verb or event noun of :mod:`geomap.events.lexicon` opens a frame; some
frames depend on more than the word: "took the village" is a claim and "took
measures" is not, "lost 16 servicemen" is casualties, "raised the flag over
V" and "set up checkpoints in V" claim V, "pushed them out of V" takes V,
"removed mines near V" is demining, "refugees arrived in V" a civil measure.
The frame a verb opens through its object is :mod:`geomap.events.object_frames`'s,
its refinement by the verb's roles :mod:`geomap.events.refine`'s; the word
classes they test are :mod:`geomap.events.trigger_words`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events.blasts import BLAST, in_blast, opens_blast, sets_off
from geomap.events.clause_shape import finite_clause, headline, in_hands
from geomap.events.counting import counted_lemma
from geomap.events.lexicon import (
    CASUALTY_ADJECTIVES,
    COME_VERBS,
    HEAD_NOUNS,
    MUNITIONS,
    NOUN_PHRASES,
    NOUNS,
    PEOPLE_NOUNS,
    STAY_VERBS,
    VERBS,
    Trigger,
)
from geomap.events.object_frames import by_arguments
from geomap.events.roles import CONTROL_NOUNS, is_verbal, lemma_of, nominal_gerund
from geomap.events.tolls import losses
from geomap.events.trigger_words import (
    AIR_WEAPONS,
    CIVILIANS,
    DESTROY_VERBS,
    HARMED,
    LEAVE_PARTICLES,
    STRIKE_TRACES,
    TROOPS,
    TRUCES,
    VIOLATE_VERBS,
)
from geomap.events.verb_arguments import object_of
from geomap.events.weapons import burned, destruction, equipment, set_alight, small_arms

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["trigger_of", "under_control"]


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
    if token.dep_ == "prep" and in_hands(token):
        return VERBS["hold"]  # a heading: "village of V still in our hands"
    if (
        token.dep_ in {"amod", "acl"}
        and token.tag_ in {"VBN", "VBG", "JJ"}
        and not finite_clause(token)
        and not headline(token)
        and not nominal_gerund(token)  # "reports of shelling of V": the event noun, tagged as a verb
    ):
        if lemma in HARMED and lemma_of(token.head) in PEOPLE_NOUNS | CIVILIANS | {"those"}:
            return VERBS["kill"]  # "rescuers counted 12 civilians killed": a toll
        return None  # "the occupied district", "the districts surrounding it": descriptions, not reports
    if is_verbal(token):
        found = by_arguments(token, lemma)
        if found is not None:
            return found
        if lemma == "pull" and not any(c.lower_ in LEAVE_PARTICLES for c in token.children):
            return None
        if lemma == "pull":
            return VERBS["withdraw"]
        return VERBS.get(lemma)
    if _means(token):
        return None  # "a depot was destroyed by a precise strike": the means of the destruction, not a second event
    if (token.dep_ in {"dobj", "nsubjpass"} or (token.dep_ == "nsubj" and token.lemma_.lower() in TRUCES)) and (
        token.head.lemma_.lower() in VIOLATE_VERBS
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
        if lemma == "use" and _used(token) in MUNITIONS | STRIKE_TRACES:
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
        return lemma_of(noun.head.head) in DESTROY_VERBS
    verb = noun.head
    return noun.dep_ == "nsubj" and lemma_of(verb) in DESTROY_VERBS and equipment(object_of(verb))


def _with_weapons(noun: Token) -> bool:
    """Whether an attack is made with weapons fired from afar ("drone attack", "attacks with cluster bombs")."""
    if any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in AIR_WEAPONS | MUNITIONS for c in noun.children):
        return True  # "a drone attack", "a cluster bomb attack"
    fired = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children]
    return any(o.lemma_.lower() in MUNITIONS | AIR_WEAPONS | STRIKE_TRACES for o in fired)


def _state(verb: Token) -> Trigger | None:
    """A verb of being that claims ground: "V is ours", "our troops remain in V" (held)."""
    lemma = verb.lemma_.lower()
    if lemma not in STAY_VERBS:
        return None
    if any(c.dep_ in {"attr", "acomp"} and c.lower_ == "ours" for c in verb.children):
        return VERBS["hold"]  # "Shusha is ours": the speaker's side holds it
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    present = any(c.dep_ == "prep" and c.lower_ in {"in", "inside", "within"} for c in verb.children)
    return VERBS["hold"] if present and counted_lemma(subject) in TROOPS else None


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
