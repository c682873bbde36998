"""Who says it: the speaker of the saying verb that governs a sentence's events.

- The speaker is the subject of the communication verb ("the ministry said",
  "Aliyev insisted", "X tweeted"), the ``by`` phrase of a passive one
  ("ARMENPRESS was told by the service"), or the object of "according to".
- Relays keep both: "according to RFE/RL, Aliyev said" and "citing X" give
  the original speaker as claimant and the relay beside it.
- "X's press service", "the press service of X", "a source in X" are X.
- Pronouns and anaphors ("he said", "the ministry added", "the statement
  says") refer back to the last claimant; "the report added" also claims the
  unattributed sentences since that claimant.
- Unnamed media ("news website said", "reports indicate") name no one: the
  sentence is the report's own.
- A trailing saying verb before its speaker ("Hadrut has fallen, tweeted X") names
  the phrase after it, whatever the parser made its subject.
- Without a saying verb, the author of a document, order or piece of evidence
  speaks (:mod:`geomap.events.authors`); speech running past its sentence
  (quotes, "X said:") is :mod:`geomap.events.quotes`.

Examples
--------
>>> memory = ClaimantMemory()
>>> memory.remember(Attribution("Azerbaijani Defense Ministry", side="azerbaijan"))
>>> memory.last
'Azerbaijani Defense Ministry'
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events.attribution import Attribution, ClaimantMemory
from geomap.events.authors import directing, document_author, shown_by, under_document
from geomap.events.headings import clocked, heading_speaker, speaker_words, trailing_relay, trailing_speaker
from geomap.events.lexicon import FORCE_WORDS
from geomap.events.lexicon import SAY_VERBS as _SAY_VERBS
from geomap.events.organisations import Organisations
from geomap.events.provenance import according_owner, misread_speaker, reads_out, relays_only
from geomap.events.scope import report_noun
from geomap.events.speakers import (
    MEDIA,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    organised,
    phrase_text,
    speaker_attribution,
)

if TYPE_CHECKING:
    from geomap.events.sides import Sides
    from geomap.events.tokens import Doc, Token

__all__ = [
    "Attribution",
    "ClaimantMemory",
    "attribute_doc",
    "claim_owner",
    "clause_speaker",
]

#: Communication verbs: the lexicon's, those that concede, urge or vow ("the ministry conceded"), and those
#: that put a count or a finding on record ("the ombudsman recorded 60 deaths", "monitors documented strikes"),
#: and apologies ("Baku apologised for downing the helicopter": its own account of what it did).
SAY_VERBS = _SAY_VERBS | frozenset(
    {"concede", "urge", "assure", "contend", "vow", "boast", "caution", "record", "document", "register",
     "apologise", "apologize"}
)  # fmt: skip
_MAX_SPEAKER_WORDS = 10
_BREAKS = frozenset({",", ";", ":", "—", "–", '"', "“", "”", "(", ")"})


def attribute_doc(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution:
    """The attribution of one parsed sentence (resolving pronouns against ``memory``)."""
    according = _according(doc)
    verb = _saying_verb(doc)
    speaker = relay = None
    if verb is not None:
        speaker, relay = _speaker(verb)
    elif according is None and (misread := misread_speaker(doc)) is not None:
        speaker = misread  # "Armenia informs that ...": a saying verb the tagger took for a noun
    elif according is None:
        author = (
            document_author(doc, sides, memory)
            or directing(doc, sides, memory)
            or shown_by(doc, sides, memory)
            or _headed(doc, sides, memory)
        )
        if author is not None:
            return author
    speaker, relay = _relayed(doc, speaker, relay, according)
    if speaker is None:
        return _unspoken(doc, memory)
    attribution = speaker_attribution(speaker, relay, sides, memory, hint=_co_speaker_side(doc, speaker, sides))
    # "..., the spokesman said" speaks for its own sentence only; "..., the report added" for those before it too
    attribution = replace(attribution, back=attribution.back and _goes_on(verb, speaker))
    if attribution.claimant and not attribution.back:
        memory.remember(attribution)
    return attribution


def _relayed(
    doc: Doc, speaker: Token | None, relay: Token | None, according: Token | None
) -> tuple[Token | None, Token | None]:
    """The original speaker and the relay, once "citing X" and "according to X" are read beside the saying verb.

    "Trend reported, citing the ministry" and "according to the ministry, the news agency said" give the
    ministry and the relay; "according to RFE/RL, Aliyev said" keeps Aliyev and RFE/RL relays.
    """
    cited = _cited(doc)
    if cited is not None and speaker is not None:
        speaker, relay = cited, speaker
    if according is None:
        return speaker, relay
    if speaker is not None and relays_only(speaker, according):
        return according, speaker  # "according to X, the news agency informed": the agency relays X
    if speaker is None:
        return according, relay
    return speaker, relay if relay is not None else according


#: Saying verbs that go on from what came before: "Tugh was hit too, the report added".
_GOING_ON = frozenset({"add", "continue", "conclude"})
#: Speakers that are the text the report has been following: "..., the report said".
_TEXTS = frozenset({"report", "statement", "bulletin", "communique", "update", "document"})


def _goes_on(verb: Token | None, speaker: Token) -> bool:
    """Whether a back reference also speaks the unattributed sentences before it.

    "Y fell. Z too, the report added": the report has been speaking; "Fighting was heavy. Two tanks were
    destroyed there, the spokesman said": the spokesman speaks for his sentence only.
    """
    return (verb is not None and verb.lemma_.lower() in _GOING_ON) or speaker.lemma_.lower() in _TEXTS


def clause_speaker(token: Token, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """The speaker of the saying verb nearest above ``token``, when it is not the sentence's own.

    "The ministry said X shelled V, while Baku insisted that Y had fired on W": W's claimant is Baku.
    """
    main = _saying_verb(token.doc)
    below = token
    for ancestor in token.ancestors:
        # "the army had responded to provocations" says nothing; "X informed about the destruction of Y" does
        said = below.dep_ in _COMPLEMENTS or (below.dep_ == "prep" and below.lower_ in _TOPICS)
        below = ancestor
        if (
            said
            and ancestor.lemma_.lower() in SAY_VERBS
            and ancestor.pos_ in {"VERB", "AUX"}
            and ancestor.dep_ != "amod"
            and not report_noun(ancestor)  # "Azerbaijani claims that V fell were untrue": a noun, misread
        ):
            if main is None or ancestor.i == main.i:
                return None
            speaker, relay = _speaker(ancestor)
            if (
                speaker is None
                or speaker.lower_ in ORG_PRONOUNS | PERSON_PRONOUNS
                or _owned_by_it(speaker, people=True)
            ):
                return None  # "the ministry said its peacekeepers had recorded ...": the ministry's word
            main_speaker = _speaker(main)[0] if main is not None else None
            if main_speaker is speaker:
                return None
            named = speaker_attribution(speaker, relay, sides, memory)
            main_named = speaker_attribution(main_speaker, None, sides, memory) if main_speaker is not None else None
            if main_named is not None and Organisations.default().governs(named.claimant, main_named.claimant,
                                                                            main_named.side):  # fmt: skip
                return None  # "Baku rejects ...; the MoD spokesman says": the ministry speaks for Baku
            return named if named.claimant else None
    return None


#: Prepositions that give what a saying verb is about: "informed about", "reported on", "spoke of".
_TOPICS = frozenset({"about", "on", "of"})
#: How what is said hangs on its saying verb: a clause, a quote, a list of clauses.
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "parataxis", "conj", "advcl", "dobj", "csubj", "oprd"})
#: Nouns whose clause is someone's claim: "claims by X that V fell", "X's statement that ...".
_CLAIM_NOUNS = frozenset(
    {"claim", "statement", "report", "assertion", "allegation", "announcement", "assurance", "word", "suggestion"}
)


def claim_owner(token: Token, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """Whose claim a clause is when a claim noun governs it: "Claims by Yerevan that a counter-attack retook V".

    Examples of owners: "by X", "from X", "of X", "X's" on the claim noun.
    """
    for ancestor in token.ancestors:
        if ancestor.pos_ == "NOUN" and ancestor.lemma_.lower() in _CLAIM_NOUNS:
            owner = next((c for c in ancestor.children if c.dep_ == "poss"), None)
            for prep in ancestor.children:
                if owner is None and prep.dep_ == "prep" and prep.lower_ in {"by", "from", "of"}:
                    owner = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if owner is None or owner.pos_ == "PRON":
                return None
            named = speaker_attribution(owner, None, sides, memory)
            return named if named.claimant else None
        if ancestor.pos_ in {"VERB", "AUX"} and ancestor.dep_ not in {"acl", "relcl", "ccomp", "conj"}:
            return None
    return None


def _headed(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """The speaker a live-blog heading ("Armenian MoD: ..."), a trailing "— spokesperson X" or relay names.

    A heading that starts with a time of day, or that is its line's only words ("Azerbaijani MoD:"), also
    speaks for the lines under it until the next time of day.
    """
    heading = heading_speaker(doc)
    span = heading or trailing_speaker(doc) or trailing_relay(doc)
    if span is None:
        return None
    named = speaker_attribution(span.root, None, sides, memory)
    words = speaker_words(span)  # the parse may hang the whole line on the speaker's root
    if not named.claimant and not (sides.of_words(words.split()) and any(t.lemma_ in MEDIA for t in span)):
        return None
    organisation = Organisations.default().of(words)
    if named.person or (named.claimant != phrase_text(span.root) and not (organisation and organisation.body)):
        text, side = named.claimant, named.side  # a person, or a seat's government ("Karabakh officials")
    else:
        text, side = organised(words, words, named.side, memory, person=named.person)
    attribution = replace(named, claimant=text, side=side, tokens=frozenset(t.i for t in span), back=False)
    memory.remember(attribution)
    if heading is not None and (clocked(doc.text) or span.end + 1 >= len(doc)):
        memory.heading = replace(attribution, tokens=frozenset())
    return attribution


def _unspoken(doc: Doc, memory: ClaimantMemory) -> Attribution:
    """The attribution of a sentence without a speaker: the document whose terms it states, or the heading over it."""
    document = under_document(doc, memory)
    if document is not None:
        return document
    if memory.last and _also_said(doc):
        return Attribution(memory.last, side=memory.last_side)  # "Strikes were also reported in V": the same speaker
    if memory.heading is not None:
        return replace(memory.heading, tokens=frozenset())
    owner = memory.named[-1] if memory.named and memory.named[-1] not in memory.people else ""
    if owner and any(
        t.dep_ in {"nsubj", "nsubjpass"} and t.lemma_.lower() in FORCE_WORDS and _owned_by_it(t) for t in doc
    ):
        return Attribution(owner, side=memory.last_side)  # "Its units also took V": the body that spoke last
    return Attribution("")


_ALSO = frozenset({"also", "too", "likewise", "similarly"})


def _also_said(doc: Doc) -> bool:
    """Whether an agentless passive saying verb goes on with the last speaker: "Strikes were also reported in V"."""
    return any(
        t.lemma_.lower() in SAY_VERBS
        and any(c.dep_ == "auxpass" for c in t.children)
        and any(c.dep_ == "advmod" and c.lower_ in _ALSO for c in t.children)
        and not any(c.dep_ == "agent" for c in t.children)
        for t in doc
    )


def _owned_by_it(token: Token, *, people: bool = False) -> bool:
    """Whether ``token`` is possessed by "its"/"their" (and "his"/"her" with ``people``): the last speaker's."""
    owners = {"its", "their", "his", "her"} if people else {"its", "their"}
    return any(c.dep_ == "poss" and c.lower_ in owners for c in token.children)


def _saying_verb(doc: Doc) -> Token | None:
    says = [
        t
        for t in doc
        if (t.lemma_.lower() in SAY_VERBS or reads_out(t))
        and t.pos_ in {"VERB", "AUX"}
        and (t.dep_ != "amod" or _inverted(t) is not None)
        and not report_noun(t)
    ]
    if not says:
        return None
    with_speaker = [t for t in says if _speaker(t)[0] is not None]
    roots = [t for t in with_speaker if t.dep_ == "ROOT"]
    chosen = roots or with_speaker
    return chosen[0] if chosen else None


def _speaker(verb: Token) -> tuple[Token | None, Token | None]:
    """The speaker of a saying verb and who relays it ("told Reuters", "quoted Y as saying", "quoted by X")."""
    inverted = _inverted(verb)
    return (inverted, _quoted_by(inverted)) if inverted is not None else _named_speaker(verb)


def _named_speaker(verb: Token) -> tuple[Token | None, Token | None]:
    """The speaker of a saying verb by its roles (subject, ``by`` phrase, the one quoted), else the phrase before it."""
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if passive and verb.lemma_.lower() in {"quote", "cite"}:
        # "the ministry was quoted as saying by Interfax": the ministry speaks, Interfax relays
        quoted = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return quoted, next((c for c in verb.subtree if c.dep_ == "pobj" and c.head.lower_ == "by"), None)
    speaker = relay = None
    for child in verb.children:
        if child.dep_ == "nsubj" and not passive:
            speaker = child
        elif child.dep_ == "agent":
            speaker = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif (child.dep_ == "nsubjpass" and verb.lemma_.lower() == "tell") or (
            child.dep_ in {"dobj", "dative"} and verb.lemma_.lower() == "tell" and child.pos_ == "PROPN"
        ):
            relay = child
    if speaker is None and verb.dep_ == "conj" and verb.head.lemma_.lower() in SAY_VERBS:
        return _speaker(verb.head)
    if speaker is None and not passive:
        speaker = _phrase_before(verb)
    quoted = next((c for c in verb.children if c.dep_ == "dobj"), None) if verb.lemma_.lower() == "quote" else None
    if quoted is not None and quoted.pos_ in {"PROPN", "NOUN"} and verb.tag_ != "VBG":
        return quoted, speaker  # "Trend quoted Hajiyev as saying ...": Hajiyev speaks, Trend relays
    if speaker is not None and relay is None:
        relay = _quoted_by(speaker)
    return speaker, relay


#: Marks that may close what a trailing saying verb follows: '..., tweeted X', '"...," said X'.
_CLOSERS = frozenset({",", '"', "”", "’", "'"})


def _inverted(verb: Token) -> Token | None:
    """The speaker after a trailing saying verb that follows what it says: "Hadrut has fallen, tweeted Hajiyev".

    The verb comes right after the comma (or closing quote) of what is said, in a finite form; the speaker
    is the head of the noun phrase after it ("said the governor of Syunik in a post"), whatever the parser
    made its subject (it often makes the place said to have fallen the verb's subject). Nothing said
    follows the verb: in "X, spokesperson for Y, told Z that ..." X speaks.
    """
    if verb.i == 0 or verb.doc[verb.i - 1].text not in _CLOSERS or verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None
    if verb.lemma_.lower() == "tell":
        return None  # "..., the ombudsperson, X, told TASS": who is told follows "told", never who tells
    if not any(t.text == "," for t in verb.doc[max(0, verb.i - 2) : verb.i]):
        return None
    if any(t.pos_ in {"VERB", "AUX"} or t.dep_ == "mark" for t in verb.doc[verb.i + 1 :]):
        return None  # "X, spokesperson for Y, told Z that ...": what is said comes after the verb
    end = verb.i + 1
    while end < len(verb.doc) and verb.doc[end].text not in _BREAKS and verb.doc[end].text not in {".", "!", "?"}:
        end += 1
    span = verb.doc[verb.i + 1 : end]
    roots = [t for t in span if not verb.i < t.head.i < end and t.pos_ in {"NOUN", "PROPN"}]
    if not roots or roots[0].i - verb.i > _MAX_SPEAKER_WORDS:
        return None
    return roots[0]


def _quoted_by(speaker: Token) -> Token | None:
    """Who a speaker is quoted by: "Hajiyev, quoted by Trend, said" gives Trend."""
    for clause in speaker.children:
        if clause.dep_ in {"acl", "relcl"} and clause.lemma_.lower() in {"quote", "cite"}:
            return next((c for c in clause.subtree if c.dep_ == "pobj" and c.head.lower_ == "by"), None)
    return None


def _phrase_before(verb: Token) -> Token | None:
    """The head of the noun phrase right before a subjectless saying verb ("..., the office in Baku said").

    The parser sometimes hangs such a speaker on the sentence before it (as an apposition).
    """
    start = verb.i
    while start > 0 and verb.doc[start - 1].text not in _BREAKS and verb.i - start < _MAX_SPEAKER_WORDS:
        start -= 1
    if start == verb.i and start > 1 and verb.doc[start - 1].text == ",":
        # "..., the region's ombudsperson, Viktoriya Serdyukova, told TASS": an apposition the parser hung on
        # the place before it; its name (the last of the chain) speaks
        before = verb.doc[start - 2]
        return before if before.dep_ == "appos" and before.pos_ in {"NOUN", "PROPN"} else None
    if start in {verb.i, 0} or verb.doc[start - 1].text != ",":
        return None
    span = verb.doc[start : verb.i]
    roots = [t for t in span if not start <= t.head.i < verb.i]
    root = roots[0] if len(roots) == 1 else None
    return root if root is not None and root.pos_ in {"NOUN", "PROPN"} else None


def _according(doc: Doc) -> Token | None:
    """The object of "according to X", or of "per X" ("two hurt in a strike, per the emergency service")."""
    for token in doc:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                return according_owner(obj)  # "according to data of X": X
        if token.lower_ == "per" and token.pos_ == "ADP":
            obj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in {"NOUN", "PROPN"}:
                return obj
    return None


def _cited(doc: Doc) -> Token | None:
    for token in doc:
        if token.lemma_.lower() in {"cite", "quote"} and token.tag_ == "VBG":
            obj = next((c for c in token.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
    return None


def _co_speaker_side(doc: Doc, speaker: Token, sides: Sides) -> str | None:
    """The side another speaker of the sentence stands for: "Yerevan denies ...; MoD spokesman says"."""
    for verb in doc:
        if verb.lemma_.lower() in SAY_VERBS and verb.pos_ == "VERB":
            other = _speaker(verb)[0]
            if other is not None and other.i != speaker.i and (side := sides.of_phrase(other)):
                return side
    return None
