"""Clause shapes that decide whether a word reports: verbless headings, inverted sayings, finite clauses.

"Hadrut taken by the army" is a heading whose participle reports; "the
occupied district" is a description. "..., say officials" names the source of
a heading after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.lexicon import SAY_VERBS
from geomap.events.roles import CONTROL_NOUNS

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["finite_clause", "headline", "in_hands", "inverted_say"]


def headline(token: Token) -> bool:
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


def in_hands(prep: Token) -> bool:
    """Whether a phrase is "in our hands" or "under X's control" on the noun of a verbless heading."""
    return (
        prep.lower_ in {"in", "under"}
        and prep.head.pos_ in {"NOUN", "PROPN"}
        and any(o.dep_ == "pobj" and o.lemma_.lower() in CONTROL_NOUNS for o in prep.children)
        and _verbless(prep.head)
    )


def finite_clause(token: Token) -> bool:
    """Whether a clause has its own subject ("claims that Shusha had fallen"): not a participle."""
    return any(c.dep_ in {"nsubj", "nsubjpass", "mark", "aux"} for c in token.children)
