"""Where a claim comes from when the words around the speaker hide it.

- A saying verb the tagger read as a plural noun ("Armenia informs that ...", "..., the RIA news
  agency reports."): headline register puts a name right before a third-person verb, and the
  small model often tags the verb as a noun; the name before it is the speaker.
- "According to" a body's figures names the body: "according to data of the ministry",
  "according to information provided by the ombudsman's office" give the ministry and the office.
- A news agency that passes on what "according to X" says only relays it: in "..., according to
  the press service of X, the news agency informed" X is the claimant and the agency the relay.
- A document's text is read out: "the statement reads" says what the statement's author says.

Examples
--------
>>> from geomap.events.parse import parse
>>> (doc,) = parse(["Armenia informs that Azerbaijan shelled Vardenis."])
>>> misread_speaker(doc).text
'Armenia'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.lexicon import SAY_VERBS
from geomap.events.speakers import DOCUMENTS, MEDIA

if TYPE_CHECKING:
    from geomap.events.tokens import Doc, Token

__all__ = ["according_owner", "misread_speaker", "reads_out", "relays_only", "third_person"]

#: What someone's figures are called: "according to data of X", "according to information from X".
_FIGURES = frozenset(
    {"data", "information", "figure", "estimate", "statistic", "count", "tally", "finding", "account", "datum"}
)
#: Texts a report reads out: "the statement reads", "the communique reads".
_READ_OUT = DOCUMENTS | frozenset({"message", "bulletin", "report", "release", "text", "post"})
#: Words that make a speaker a news medium, which passes on what others say.
_MEDIUM_WORDS = MEDIA | frozenset({"news", "channel", "television", "tv", "radio", "wire", "daily"})


def third_person(verb: str) -> str:
    """The third-person singular present of a verb lemma: "say" -> "says", "deny" -> "denies".

    Examples
    --------
    >>> third_person("inform"), third_person("deny"), third_person("stress"), third_person("say")
    ('informs', 'denies', 'stresses', 'says')
    """
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return f"{verb}es"
    if verb.endswith("y") and verb[-2:-1] not in set("aeiou"):
        return f"{verb[:-1]}ies"
    return f"{verb}s"


_THIRD_PERSON = frozenset(third_person(v) for v in SAY_VERBS)


def misread_speaker(doc: Doc) -> Token | None:
    """The speaker of a saying verb the tagger read as a plural noun, or None.

    The word is a third-person form of a saying verb tagged as a plural noun, followed by "that" or
    ending the sentence; its speaker is the noun or name the parser hung before it as a compound
    ("Armenia informs that ...", "..., Russian state-run RIA news agency reports.").
    """
    for token in doc:
        if token.tag_ not in {"NNS", "NNPS"} or token.lower_ not in _THIRD_PERSON:
            continue
        after = doc[token.i + 1 :]
        if after and after[0].lower_ != "that" and not all(t.is_punct for t in after):
            continue  # "the claims of X were false": a noun that goes on is a noun
        left = [c for c in token.lefts if c.dep_ in {"compound", "nmod"} and c.pos_ in {"NOUN", "PROPN"}]
        if left:
            return left[-1]
    return None


def according_owner(obj: Token) -> Token:
    """Whose figures "according to" gives: the owner of "data of X" or "information provided by X", else ``obj``.

    Examples
    --------
    >>> from geomap.events.parse import parse
    >>> (doc,) = parse(["According to data of the ministry, two died."])
    >>> according_owner(doc[2]).text
    'ministry'
    """
    if obj.lemma_.lower() not in _FIGURES:
        return obj
    owner = next((c for c in obj.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    if owner is not None:
        return owner
    for child in obj.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "from", "by"}:
            found = next((c for c in child.children if c.dep_ == "pobj"), None)
            if found is not None:
                return found
        if child.dep_ == "acl" and child.tag_ == "VBN":  # "information provided by X", "data released by X"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            found = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if found is not None:
                return found
    return obj


def relays_only(speaker: Token, according: Token) -> bool:
    """Whether a saying verb's speaker is a news medium passing on what "according to" names.

    "..., according to the press service of X, Donetsk News Agency informed": the agency relays X.
    """
    return _medium(speaker) and not _medium(according)


def _medium(token: Token) -> bool:
    return token.lemma_.lower() in _MEDIUM_WORDS or any(
        c.dep_ == "compound" and c.lemma_.lower() in _MEDIUM_WORDS for c in token.children
    )


def reads_out(verb: Token) -> bool:
    """Whether ``verb`` is "read" with a document as its subject: "the statement reads"."""
    return verb.lemma_.lower() == "read" and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _READ_OUT for c in verb.children
    )
