"""The scope a trigger stands in: denied, planned, hypothetical; and the deaths it states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.lexicon import DENY_VERBS, MODALS, PLAN_WORDS, SAY_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from geomap.events.roles import Roles

__all__ = [
    "ancestors_in_clause",
    "fatalities",
    "governing_say",
    "hypothetical",
    "is_number",
    "negated",
    "planned",
]

_REASON = frozenset({"because", "if", "unless", "whether"})
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "dozen": 12,
}  # fmt: skip


def ancestors_in_clause(token: Token) -> list[Token]:
    """The heads up the clause chain of ``token`` (through conj, xcomp, ccomp, advcl, relcl, acl)."""
    chain = []
    current = token
    while current.head.i != current.i and current.dep_ in {"conj", "xcomp", "ccomp", "advcl", "relcl", "acl"}:
        current = current.head
        chain.append(current)
    return chain


def governing_say(token: Token) -> Token | None:
    """The saying verb ``token`` is said under, if any."""
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in SAY_VERBS and ancestor.pos_ == "VERB":
            return ancestor
    root = token.sent.root if token.doc.has_annotation("DEP") else None
    if root is not None and root.lemma_.lower() in SAY_VERBS:
        return root
    return None


def negated(token: Token) -> bool:
    """Whether the trigger is negated ("had not been taken") or under a denial ("denied that ...")."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    for ancestor in ancestors_in_clause(token):
        lemma = ancestor.lemma_.lower()
        if lemma in DENY_VERBS or (lemma in SAY_VERBS and any(c.dep_ == "neg" for c in ancestor.children)):
            return True
    return any(a.lemma_.lower() in DENY_VERBS for a in token.ancestors)


def planned(token: Token) -> bool:
    """Whether the act is only planned: a modal ("will withdraw"), "is to be", "plan to"."""
    if any(c.dep_ == "aux" and c.lower_ in MODALS | {"'ll"} for c in token.children):
        return True
    head = token.head
    return bool(token.dep_ == "xcomp" and (head.lemma_.lower() in PLAN_WORDS or head.lemma_.lower() == "be"))


def hypothetical(token: Token) -> bool:
    """Reason and condition clauses ("because the road was closed", "if they resist") report nothing new."""
    for current in (token, *ancestors_in_clause(token)[:1]):
        if any(c.dep_ == "mark" and c.lower_ in _REASON for c in current.children):
            return True
    return False


def is_number(token: Token | None) -> bool:
    """Whether ``token`` is a number (digits or words)."""
    return token is not None and (token.like_num or token.lower_ in _NUMBERS)


def fatalities(token: Token, roles: Roles, event_type: str) -> int | None:
    """The deaths a casualties trigger states ("killed four people", "16 servicemen killed"), or None."""
    if event_type != "casualties" or token.lemma_.lower() in {"wound", "injure", "wounding", "injured", "wounded"}:
        return None
    victims = [roles.patient] if roles.patient is not None else []
    if token.lemma_.lower() == "die" and roles.agent is not None:
        victims.append(roles.agent)
    if token.pos_ == "ADJ" or token.dep_ in {"acl", "amod"}:
        victims.append(token.head)
        victims.extend(c for c in token.head.children if c.dep_ in {"dobj", "nsubj"})
        victims.extend(c for c in token.children if c.dep_ == "nsubj")
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            victims.extend(c for c in prep.children if c.dep_ == "pobj")
    for victim in victims:
        numbers = [victim] if is_number(victim) else [c for c in victim.children if c.dep_ == "nummod"]
        for number in numbers:
            value = _number(number.lower_)
            if value is not None:
                return value
    return None


def _number(word: str) -> int | None:
    digits = word.replace(",", "")
    if digits.isdigit():
        return int(digits)
    return _NUMBERS.get(word)
