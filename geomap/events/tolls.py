"""Tolls: how many a casualties frame says died, and the wordings that report dead or hurt people.

"Two soldiers and three civilians were killed" states five deaths; "a
shepherd died" one; "five were wounded" none (ACLED counts deaths only).
Besides the verbs of :mod:`geomap.events.lexicon` ("killed", "wounded"),
people are reported dead when their bodies are found ("the bodies of six
soldiers were found near V") and hurt when they lose a limb ("lost his leg
to a mine").

Examples
--------
>>> sorted(BODY_NOUNS)
['body', 'corpse', 'remains']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.scope import is_number, number_of

if TYPE_CHECKING:
    from geomap.events.roles import Roles
    from geomap.events.tokens import Token

__all__ = ["BODY_NOUNS", "fatalities", "limb_lost", "losses", "remains_found", "toll_sites"]

#: What is left of the dead: "the bodies of six soldiers", "two more bodies were recovered".
BODY_NOUNS = frozenset({"body", "corpse", "remains"})
_FOUND_VERBS = frozenset({"find", "recover", "discover", "retrieve", "exhume", "pull", "uncover", "locate", "bury"})
_SUFFER_VERBS = frozenset({"suffer", "sustain", "incur", "inflict", "take"})
_LIMBS = frozenset({"leg", "arm", "foot", "hand", "eye", "limb", "finger", "sight"})
_HURT = frozenset({"wound", "injure", "wounding", "injured", "wounded", "hurt", "maim", "hospitalise", "hospitalize"})
#: Nouns for many people at once: "the garrison was killed" counts no one.
_GROUPS = frozenset(
    {"garrison", "unit", "group", "crew", "family", "population", "personnel", "enemy", "force", "army", "side",
     "battalion", "brigade", "company", "platoon", "squad", "detachment", "team", "convoy", "column"}
)  # fmt: skip
_ONE = frozenset({"a", "an", "one", "the", "his", "her", "their", "our", "its"})


def remains_found(verb: Token) -> bool:
    """Whether ``verb`` finds the dead: "the bodies of six soldiers were found", "recovered two more bodies"."""
    if verb.lemma_.lower() not in _FOUND_VERBS:
        return False
    return any(c.dep_ in {"dobj", "nsubjpass"} and _body(c) for c in verb.children)


def _body(noun: Token) -> bool:
    return noun.lemma_.lower() in BODY_NOUNS or noun.lower_ in BODY_NOUNS  # "remains" has the lemma "remain"


def losses(noun: Token) -> bool:
    """Whether "losses" are dead and wounded, not ground: "suffered heavy losses near V".

    "Thrown back with losses" says how a clash ended, not a toll of its own.
    """
    return noun.lemma_.lower() == "loss" and noun.head.lemma_.lower() in _SUFFER_VERBS


def limb_lost(verb: Token) -> bool:
    """Whether ``verb`` is someone losing a limb ("a farmer lost his leg to a mine"): hurt, not ground lost."""
    return verb.lemma_.lower() == "lose" and any(c.dep_ == "dobj" and c.lemma_.lower() in _LIMBS for c in verb.children)


def toll_sites(token: Token) -> list[Token]:
    """Where the people a participle describes are, for a toll without a place of its own.

    "Five wounded civilians are in care at the hospital in V", "doctors in V are treating 30 injured
    people": the clause of the noun it describes, then the phrases and subject of that clause.
    """
    if token.dep_ not in {"amod", "acl"}:
        return []
    verb = token.head.head
    if verb.i == token.head.i or verb.pos_ not in {"VERB", "AUX"}:
        return []
    inner = [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    return [verb, *inner, *(c for c in verb.children if c.dep_ == "nsubj" and c.i != token.head.i)]


def fatalities(token: Token, roles: Roles, event_type: str) -> int | None:
    """The deaths a casualties trigger states ("killed four people", "16 servicemen killed"), or None.

    Counted people joined by "and" add up ("two soldiers and three civilians": 5); one person named
    in the singular ("a shepherd", "the driver", "a woman and her son") counts one each.
    """
    if event_type != "casualties" or token.lemma_.lower() in _HURT or limb_lost(token):
        return None
    counts = [_counts(v) for v in _victims(token, roles)]
    numbered = next((c for c in counts if any(n is not None and not one for n, one in c)), None)
    if numbered is not None:
        return sum(n for n, _ in numbered if n is not None)  # "two soldiers and three civilians": 5
    singles = next((c for c in counts if c and all(n is not None for n, _ in c)), None)
    return sum(n for n, _ in singles if n is not None) if singles is not None else None  # "a woman and her son"


def _counts(victim: Token) -> list[tuple[int | None, bool]]:
    """What each person of a victim phrase and its conjuncts counts, and whether only as one in the singular."""
    if is_number(victim):
        return [(number_of(victim), False)]
    return [_count(p) for p in (victim, *(c for c in victim.children if c.dep_ == "conj"))]


def _count(noun: Token) -> tuple[int | None, bool]:
    """The number one noun counts ("12 servicemen", "the bodies of six soldiers"), or 1 for one person named."""
    # the parser may hang the number on an adjective: "two Azerbaijani soldiers" as compound of "Azerbaijani"
    inner = [n for c in noun.children if c.dep_ in {"compound", "amod"} and c.i < noun.i for n in c.children]
    for number in (c for c in [*noun.children, *inner] if c.dep_ in {"nummod", "compound"} and is_number(c)):
        value = number_of(number)
        if value is not None:
            return value, False
    lemma = noun.lemma_.lower()
    if _body(noun):
        inner = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
        return next((c for c in map(_count, inner) if c[0] is not None), (None, False))
    singular = noun.tag_ == "NN" and noun.pos_ == "NOUN" and lemma not in _GROUPS
    one = any(c.dep_ in {"det", "poss", "nummod"} and c.lower_ in _ONE for c in noun.children)
    return (1, True) if singular and one else (None, True)


def _victims(token: Token, roles: Roles) -> list[Token]:
    """The phrases that can count a toll's dead: the patient, the subject of "die", "the toll rose to 12"."""
    victims = [roles.patient] if roles.patient is not None else []
    if token.pos_ == "NOUN" and token.lemma_.lower() in {"death", "killing"}:
        victims.append(token)  # "60 civilian deaths were recorded"
    if token.lemma_.lower() == "die" and roles.agent is not None:
        victims.append(roles.agent)
    if token.pos_ == "ADJ" or token.dep_ in {"acl", "amod"}:
        victims.append(token.head)
        victims.extend(c for c in token.head.children if c.dep_ in {"dobj", "nsubj"})
        victims.extend(c for c in token.children if c.dep_ == "nsubj")
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            victims.extend(c for c in prep.children if c.dep_ == "pobj")
    if token.lemma_.lower() == "toll":
        # "the death toll rose to 12", "the toll stands at 30"
        victims.extend(o for p in token.head.children if p.lower_ in {"to", "at"} for o in p.children)
        victims.extend(c for c in token.head.children if c.dep_ in {"attr", "dobj"} and is_number(c))
    return victims
