"""Who a sentence's act, document or evidence is by, when no saying verb names a speaker.

- A document's author: "X signed a decree that imposes ..." gives X; the sentences stating the terms
  of a document ("Under the trilateral statement, the district is returned") are that document's.
- Who directs: "The mayor of Goris ordered shelters opened", "X called on Y to ..." gives the mayor, X.
- Who put out evidence: "Footage released by the ministry shows strikes near V" gives the ministry;
  evidence of no one's ("Geolocated footage shows ...") gives no one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events.attribution import Attribution
from geomap.events.lexicon import FORCE_WORDS
from geomap.events.speakers import DOCUMENTS, phrase_text, speaker_attribution

if TYPE_CHECKING:
    from geomap.events.attribution import ClaimantMemory
    from geomap.events.sides import Sides
    from geomap.events.tokens import Doc

__all__ = ["directing", "document_author", "shown_by", "under_document"]

_ISSUE_VERBS = frozenset({"sign", "issue", "adopt", "approve", "publish", "release"})


def document_author(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """The author a document speaks for: "X signed a decree that imposes ..." gives X."""
    for token in doc:
        if token.lemma_.lower() in _ISSUE_VERBS and any(
            c.dep_ == "dobj" and c.lemma_.lower() in DOCUMENTS for c in token.children
        ):
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ == "PROPN":
                named = speaker_attribution(subject, None, sides, memory)
                attribution = Attribution(named.claimant, side=named.side, person=named.person, tokens=named.tokens,
                                          document=True)  # fmt: skip
                memory.remember(attribution)
                return attribution
    return None


#: Verbs of directing others: the one who orders, urges or calls on is the claimant of what the order says.
_DIRECTIVES = frozenset({"order", "instruct", "appeal", "demand", "call", "command", "direct"})


def directing(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """The one whose order a sentence reports: "The mayor of Goris ordered shelters opened", "X called on Y to ...".

    The sentence's main verb directs (``call`` only as "call on" or "call for"); its subject is named
    (a name or a title, not a pronoun and not forces: "troops were ordered" names no one).
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() not in _DIRECTIVES or root.pos_ != "VERB":
        return None
    if root.lemma_.lower() == "call" and not any(
        c.dep_ in {"prep", "prt"} and c.lower_ in {"on", "upon", "for"} for c in root.children
    ):
        return None  # "called the claim a lie"
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" or subject.lemma_.lower() in FORCE_WORDS:
        return None
    named = speaker_attribution(subject, None, sides, memory)
    if not named.claimant:
        return None
    memory.remember(named)
    # the place of an office that orders is where its order holds: "the mayor of Goris ordered shelters opened"
    return replace(named, tokens=frozenset()) if subject.pos_ == "NOUN" else named


#: What is seen in evidence someone put out: "Footage released by X shows ...", "X's video showed ...".
_EVIDENCE = frozenset({"footage", "video", "image", "photo", "picture", "imagery", "recording", "clip", "photograph"})
_SHOWING = frozenset({"show", "depict", "capture", "confirm", "reveal", "indicate", "appear"})


def shown_by(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """Who put out the evidence a sentence reads: "Footage released by the ministry shows strikes near V".

    The owner is the ``by`` phrase of the participle on the evidence ("released by", "published by") or
    its possessor ("the ministry's video"); evidence of no one's ("Geolocated footage shows") is the report's.
    """
    for verb in doc:
        if verb.lemma_.lower() not in _SHOWING or verb.pos_ != "VERB":
            continue
        evidence = next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in _EVIDENCE), None)
        if evidence is None:
            continue
        owner = next((c for c in evidence.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
        for clause in evidence.children:
            if owner is None and clause.dep_ == "acl" and clause.tag_ == "VBN":
                agent = next((c for c in clause.children if c.dep_ == "agent"), None)
                owner = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if owner is not None:
            named = speaker_attribution(owner, None, sides, memory)
            if named.claimant:
                memory.remember(named)
                return named
    return None


#: Texts whose terms a sentence may state: "Under the agreement, the district is to be returned".
_TERMS = DOCUMENTS | frozenset({"agreement", "deal", "accord", "ceasefire", "truce", "plan", "declaration"})


def under_document(doc: Doc, memory: ClaimantMemory) -> Attribution | None:
    """The document a sentence states the terms of: "Under the trilateral statement, the district is returned".

    The claimant is the last one named that is such a document, else the document's own words.
    """
    for token in doc:
        fronted = token.dep_ == "prep" and token.i < token.head.i and token.head.pos_ in {"VERB", "AUX"}
        if token.lower_ == "under" and fronted:
            terms = next((c for c in token.children if c.dep_ == "pobj" and c.lemma_.lower() in _TERMS), None)
            if terms is not None and not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in terms.children):
                terms = None  # "under a new ceasefire" is when, not whose terms
            if terms is not None:
                word = terms.lemma_.lower()
                earlier = next((c for c in reversed(memory.named) if word in c.lower().split()), None)
                text = earlier or phrase_text(terms)
                # the sentences after it that name no speaker go on stating its terms ("... Shusha stays with X")
                return Attribution(
                    text[:1].upper() + text[1:], tokens=frozenset(t.i for t in terms.subtree), document=True
                )
    return None
