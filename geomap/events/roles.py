"""Dependency roles of a trigger: agent, patient, recipient, holder and source.

- agent: the subject, or the ``by`` phrase of a passive; an event noun's
  modifier ("Russian strike") or the subject of the verb it depends on;
- patient: the object, the passive subject, the noun an object relative
  clause is about ("the village his forces had taken");
- recipient: "to X"; holder: "under X's control", "under the control of X";
- source: "from X", "out of X" with verbs of leaving.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from geomap.events.lexicon import EXPEL_VERBS, IRREGULAR, NOUNS, SAY_VERBS, VERBS

if TYPE_CHECKING:
    from geomap.events.tokens import Token

__all__ = ["CONTROL_NOUNS", "SUBJECTS", "Roles", "is_verbal", "lemma_of", "nominal_gerund", "roles_of"]

#: Subject dependencies.
SUBJECTS = frozenset({"nsubj", "csubj"})
#: Nouns of holding: "under the control of X", "took control of X".
CONTROL_NOUNS = frozenset({"control", "occupation", "hand", "possession"})


@dataclass(frozen=True, slots=True)
class Roles:
    """The arguments of a trigger, as tokens (heads of their phrases)."""

    agent: Token | None
    patient: Token | None
    recipient: Token | None
    holder: Token | None
    source: Token | None


def lemma_of(token: Token) -> str:
    """The lemma, with participles the tagger took for adjectives ("had been \u201cliberated\u201d") as verbs."""
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"} and lemma not in VERBS:
        form = token.lower_
        stem = form[2:] if form.startswith("re") and form[2:] in IRREGULAR else form
        base = IRREGULAR.get(stem, lemma)
        return "re" + base if stem != form and "re" + base in VERBS else base
    if token.pos_ == "ADJ" and token.lower_.endswith("ed") and any(c.dep_ == "auxpass" for c in token.children):
        for guess in (token.lower_[:-1], token.lower_[:-2], token.lower_[:-3]):
            if guess in VERBS:
                return guess
    return lemma


def is_verbal(token: Token) -> bool:
    """Whether ``token`` reports as a verb (including participles tagged as adjectives)."""
    return token.pos_ in {"VERB", "AUX"} or (token.pos_ == "ADJ" and lemma_of(token) in VERBS)


def roles_of(verb: Token) -> Roles:  # noqa: C901, PLR0912 - one branch per dependency
    """The roles of a verb or event noun."""
    if verb.dep_ == "prep":
        # a heading's "V still in our hands": V is held, by the hands' owner
        noun = next((o for o in verb.children if o.dep_ == "pobj" and o.lemma_.lower() in CONTROL_NOUNS), None)
        return Roles(None, verb.head, None, _of_or_poss(noun) if noun is not None else None, None)
    agent = patient = recipient = holder = source = fallback = None
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    for child in verb.children:
        dep = child.dep_
        if dep in SUBJECTS and not passive:
            agent = child
        elif dep == "nsubjpass" or (dep in {"dobj", "attr"} and patient is None and child.pos_ != "SCONJ"):
            patient = child
        elif dep == "agent":
            by = next((c for c in child.children if c.dep_ == "pobj"), None)
            agent = by if by is not None and by.lemma_.lower() not in _TIMES else agent  # not "taken by evening"
        elif dep == "prep" and child.lower_ in {"to", "into"}:
            recipient = next((c for c in child.children if c.dep_ == "pobj"), recipient)
        elif dep == "prep" and child.lower_ in {"from", "of"} and verb.lemma_.lower() in _LEAVING:
            source = next((c for c in child.children if c.dep_ == "pobj"), source)
        elif dep in {"prt", "prep"} and child.lower_ == "out":
            source = next((p for c in child.children for p in c.children if p.dep_ == "pobj"), source)
        elif dep in {"prt", "advmod"} and child.lower_ in _PARTICLES:
            # "handed back to X", "pulled back from V": the phrase hangs on the particle
            for prep in child.children:
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if prep.dep_ == "prep" and prep.lower_ in {"to", "into"} and obj is not None:
                    recipient = obj
                elif prep.dep_ == "prep" and prep.lower_ in {"from", "of"} and obj is not None:
                    source = obj
        elif dep in {"npadvmod", "advmod"} and _misread_name(child) and child.i > verb.i and is_verbal(verb):
            fallback = child  # "recaptured Lyman on Saturday", "our forces hold Talish": a name parsed as an adverb
    agent, patient = _antecedent(verb, agent), _antecedent(verb, patient, deps={"dobj"})
    if is_verbal(verb) and patient is None and not passive:
        patient = _gap(verb) or fallback
    if patient is None and verb.dep_ == "acl" and verb.tag_ == "VBN" and _heading_noun(verb.head):
        patient = verb.head  # a headline: "Hadrut taken by the army", "three soldiers killed near V"
    if is_verbal(verb) and agent is None and patient is None and verb.dep_ in {"conj", "xcomp", "advcl"}:
        head = roles_of(verb.head)
        agent = head.agent if verb.dep_ != "xcomp" else _xcomp_subject(verb)
        patient = head.patient if passive else None
        if passive and verb.dep_ == "xcomp":
            # "Aghdam is to be handed over": the subject of "is" is what is handed over
            agent, patient = None, next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)
    elif is_verbal(verb) and agent is None and not passive and verb.dep_ in {"conj", "xcomp"}:
        agent = roles_of(verb.head).agent if verb.dep_ == "conj" else _xcomp_subject(verb)
    if verb.pos_ in {"NOUN", "PROPN"} or _gerund(verb):
        agent = _noun_agent(verb)
        patient = next((p for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children), None)
        if verb.lemma_.lower() in _LEAVING_NOUNS:
            # "the withdrawal of Russian troops from V": the troops leave, V is left
            of, patient = patient, None
            agent = agent or of
            source = next(
                (p for c in verb.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children), source
            )
    holder = _control_holder(verb)
    return Roles(agent, patient, recipient, holder, source)


def _misread_name(token: Token) -> bool:
    """Whether an adverbial word is a name: a proper noun, or a capitalised word tagged as an adverb."""
    return token.pos_ == "PROPN" or (token.dep_ == "advmod" and token.tag_ == "RB" and token.is_title)


def _antecedent(verb: Token, word: Token | None, deps: frozenset[str] | set[str] | None = None) -> Token | None:
    """The noun a relative clause is about, for its relative pronoun; other words themselves.

    "a shell that fell on V", "the forces, which took V" (the subject); "Torske, which Ukrainian soldiers
    seized last week" (the object, with ``deps={"dobj"}``).
    """
    if word is None or word.tag_ not in {"WDT", "WP"} or verb.dep_ != "relcl":
        return word
    return verb.head if deps is None or word.dep_ in deps else word


def _heading_noun(noun: Token) -> bool:
    """The noun a heading is about: its root, or what "..., say officials" says."""
    head = noun.head
    return noun.dep_ == "ROOT" or (
        noun.dep_ in {"nsubj", "dep"}
        and head.lemma_.lower() in SAY_VERBS
        and any(c.dep_ == "nsubj" and c.i > head.i for c in head.children)
    )


def _gerund(verb: Token) -> bool:
    """An -ing form used as a noun: "in shelling of V", "damaged by shelling" (no object of its own)."""
    return nominal_gerund(verb) or (
        verb.tag_ == "VBG"
        and verb.dep_ in {"pobj", "pcomp", "nsubj", "nsubjpass"}
        and not any(c.dep_ in {"dobj", "nsubj", "aux"} for c in verb.children)
    )


def nominal_gerund(verb: Token) -> bool:
    """An event noun the tagger took for a verb: "reports of Azerbaijani shelling of V" (an -ing form with "of").

    Its word is an event noun of the lexicon ("shelling", "bombing", "fighting") and its "of" phrase is
    what the event was aimed at; a real participle has an object of its own ("units shelling the town").
    """
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in {"acl", "csubj", "advcl"}
        and verb.lower_ in NOUNS
        and any(c.dep_ == "prep" and c.lower_ in {"of", "by"} for c in verb.children)
        and not any(c.dep_ in {"dobj", "nsubj", "aux"} for c in verb.children)
    )


def _gap(verb: Token) -> Token | None:
    """The noun an object relative clause is about: "Madagiz, one more village he said his forces had taken"."""
    if verb.dep_ == "relcl":
        # "reports that V had fallen" parsed as a relative clause: a complementiser "that" says it is the noun's content
        content = any(c.lower_ == "that" and c.tag_ == "IN" for c in verb.children)
        return None if content else verb.head
    head = verb.head
    if verb.dep_ == "ccomp" and head.lemma_.lower() in SAY_VERBS:
        # "Forces shelled Goris, the press service of X reported": parsed with Goris as the verb's subject
        later = [c for c in head.children if c.dep_ == "nsubj" and c.i > verb.i]
        subject = later[0] if later else None
        if subject is not None and (any(c.dep_ == "appos" for c in subject.children) or len(later) > 1):
            return subject  # "The enemy abandoned V, the ministry said": V parsed as a second subject of "said"
    if verb.dep_ == "ccomp" and verb.head.dep_ in {"relcl", "parataxis"} and verb.head.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head.head
    return None


#: Times a "by" phrase can name instead of an agent ("was taken by evening").
_TIMES = frozenset(
    {"morning", "evening", "night", "noon", "midnight", "dawn", "dusk", "afternoon", "nightfall", "daybreak",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "end", "time", "then",
     "now", "today", "tomorrow", "tonight", "week", "month"}
)  # fmt: skip
_LEAVING = frozenset({"withdraw", "retreat", "flee", "pull", "leave", "evacuate", *EXPEL_VERBS})
_PARTICLES = frozenset({"back", "out", "away", "over"})
_LEAVING_NOUNS = frozenset({"withdrawal", "retreat", "pullout", "pull-out"})


def _xcomp_subject(verb: Token) -> Token | None:
    """Who does what an infinitive says: "forced them to retreat", "the enemy was forced to retreat"."""
    head = verb.head
    return (
        next((c for c in head.children if c.dep_ == "dobj"), None)
        or roles_of(head).agent
        or next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    )


def _noun_agent(noun: Token) -> Token | None:
    """Who does what an event noun names: "Russian strike" -> Russian; "strikes of the army"; the verb's subject."""
    for child in noun.children:
        if (
            child.dep_ in {"poss", "amod", "compound"}
            and child.pos_ in {"PROPN", "ADJ", "NOUN"}
            and child.is_title
            and (child.i > 0 or child.pos_ == "PROPN")
        ):
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    head = noun.head
    if (noun.dep_ == "pobj" and head.lower_ in {"under", "to"}) or (
        noun.dep_ == "dobj" and any(c.dep_ == "prep" and c.lower_ == "under" for c in head.children)
    ):
        return None  # "V came under fire", "V was subjected to shelling": the subject is what is hit
    verb = head if noun.dep_ in {"dobj", "pobj"} and head.pos_ in {"VERB", "AUX"} else None
    if verb is None and noun.dep_ == "pobj" and head.head.pos_ in {"VERB", "AUX"}:
        verb = head.head
    if verb is None or verb.lemma_.lower() in SAY_VERBS:
        return None  # "Aliyev announced the capture of V", "X reported the shelling of V": who tells, not who acts
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def _control_holder(verb: Token) -> Token | None:
    """X in "under X's control", "under the control of X", "control of X passed to", "X-controlled"."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"under", "in", "into"}:
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in CONTROL_NOUNS:
                return _of_or_poss(noun)
    return None


def _of_or_poss(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in {"amod", "compound"} and child.is_title):
            return child
        if child.dep_ == "prep" and child.lower_ in {"of", "by"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None
