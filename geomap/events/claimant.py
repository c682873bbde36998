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

Examples
--------
>>> memory = ClaimantMemory()
>>> memory.remember(Attribution("Azerbaijani Defense Ministry", side="azerbaijan"))
>>> memory.last
'Azerbaijani Defense Ministry'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from geomap.events.headings import CLOCK, heading_speaker, trailing_speaker
from geomap.events.lexicon import SAY_VERBS as _SAY_VERBS
from geomap.events.organisations import Organisations

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

#: Communication verbs: the lexicon's and those that concede, urge or vow ("the ministry conceded").
SAY_VERBS = _SAY_VERBS | frozenset({"concede", "urge", "assure", "contend", "vow", "boast", "caution"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_ORG_PRONOUNS = frozenset({"it", "they", "we", "them"})
#: Words for the office that speaks for an organisation: the organisation is the claimant.
_OFFICES = frozenset(
    {"service", "office", "source", "department", "spokesman", "spokesperson", "spokeswoman", "representative"}
)
#: Unnamed media and documents: "news website said", "reports indicate".
_UNNAMED = frozenset(
    {"website", "site", "agency", "media", "outlet", "newspaper", "report", "statement", "information", "footage"}
)
#: Back references to a speaker already named: "the ministry said", "the report added".
_BACK = frozenset(
    {
        "ministry", "report", "statement", "military", "army", "source", "minister", "president", "spokesman",
        "spokesperson", "agency", "staff", "command", "side", "official", "officials", "service", "document",
        "decree", "ministry's", "government", "authorities", "department",
    }
)  # fmt: skip
_MAX_SPEAKER_WORDS = 10
_BREAKS = frozenset({",", ";", ":", "—", "–", '"', "“", "”", "(", ")"})
_CLAUSES = frozenset({"relcl", "acl", "ccomp", "advcl", "punct", "cc", "prep_according"})
#: Documents that speak for their author once named: "X signed a decree ...; the decree orders ...".
DOCUMENTS = frozenset({"decree", "order", "resolution", "directive", "ordinance", "statement", "communique"})
_ISSUE_VERBS = frozenset({"sign", "issue", "adopt", "approve", "publish", "release"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """The claimant a sentence gives, and how.

    Attributes
    ----------
    claimant
        The speaker's words, ``""`` when the sentence names none.
    relay
        Who passed it on, or ``""``.
    side
        The speaker's side, when its words name one.
    back
        Whether the speaker refers back ("the report added"): the
        unattributed sentences before it are the same speaker's.
    person
        Whether the speaker is a person (for "he said").
    tokens
        Indices of the speaker's words (never locations of events).
    document
        Whether the speaker is a document (a decree, a statement): the
        sentences right after it that name no speaker go on stating it.
    """

    claimant: str
    relay: str = ""
    side: str | None = None
    back: bool = False
    person: bool = False
    tokens: frozenset[int] = frozenset()
    document: bool = False


@dataclass
class ClaimantMemory:
    """The claimants named so far in a report, for pronouns and back references."""

    home: str | None = None  #: the report's side when it is a party: the country of its unqualified bodies
    last: str = ""
    last_person: str = ""
    last_side: str | None = None
    sides: dict[str, str | None] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)

    def last_with(self, word: str) -> str:
        """The latest claimant whose words hold ``word`` ("the ministry added" -> the last ministry), else the last.

        Examples
        --------
        >>> memory = ClaimantMemory()
        >>> memory.remember(Attribution("Armenian Ministry of Defence"))
        >>> memory.remember(Attribution("regional officials"))
        >>> memory.last_with("ministry"), memory.last_with("staff")
        ('Armenian Ministry of Defence', 'regional officials')
        """
        return next((c for c in reversed(self.named) if word in c.lower().split()), self.last)

    def country_for(self, body: str) -> str | None:
        """The country of the latest named claimant that is ``body`` of a country ("the ministry" after one)."""
        orgs = Organisations.default()
        for claimant in reversed(self.named):
            organisation = orgs.of(claimant)
            if organisation is not None and organisation.body == body and organisation.country:
                return organisation.country
        return None

    def side_of(self, claimant: str) -> str | None:
        """The side known for ``claimant``, or for a known person sharing its last name ("Aliyev")."""
        side = self.sides.get(claimant)
        if side is None and claimant:
            last = claimant.split(",", maxsplit=1)[0].rsplit(maxsplit=1)[-1]
            side = next((v for k, v in self.sides.items() if v and k.split(",")[0].split()[-1] == last), None)
        return side

    def learn_side(self, claimant: str, side: str) -> None:
        """Note the side a claimant speaks for, learnt from what it claims its side took."""
        if claimant and self.side_of(claimant) is None:
            self.sides[claimant] = side
            if claimant == self.last:
                self.last_side = side

    def remember(self, attribution: Attribution) -> None:
        """Note a named claimant."""
        if not attribution.claimant:
            return
        self.last = attribution.claimant
        self.named.append(attribution.claimant)
        self.last_side = attribution.side
        self.sides[attribution.claimant] = attribution.side
        if attribution.person:
            self.last_person = attribution.claimant
            self.people.append(attribution.claimant)


def attribute_doc(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution:
    """The attribution of one parsed sentence (resolving pronouns against ``memory``)."""
    according = _according(doc)
    verb = _saying_verb(doc)
    speaker = relay = None
    if verb is not None:
        speaker, relay = _speaker(verb)
    elif according is None:
        author = _document_author(doc, sides, memory) or _headed(doc, sides, memory)
        if author is not None:
            return author
    cited = _cited(doc)
    if cited is not None and speaker is not None:
        speaker, relay = cited, speaker
    if according is not None:
        if speaker is None:
            speaker = according
        elif relay is None:
            relay = according
    if speaker is None:
        return Attribution("")
    attribution = _named(speaker, relay, sides, memory, hint=_co_speaker_side(doc, speaker, sides))
    if attribution.claimant and not attribution.back:
        memory.remember(attribution)
    return attribution


def clause_speaker(token: Token, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """The speaker of the saying verb nearest above ``token``, when it is not the sentence's own.

    "The ministry said X shelled V, while Baku insisted that Y had fired on W": W's claimant is Baku.
    """
    main = _saying_verb(token.doc)
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in SAY_VERBS and ancestor.pos_ in {"VERB", "AUX"} and ancestor.dep_ != "amod":
            if main is None or ancestor.i == main.i:
                return None
            speaker, relay = _speaker(ancestor)
            if speaker is None or speaker.lower_ in _ORG_PRONOUNS | _PERSON_PRONOUNS:
                return None
            main_speaker = _speaker(main)[0] if main is not None else None
            if main_speaker is speaker:
                return None
            named = _named(speaker, relay, sides, memory)
            main_named = _named(main_speaker, None, sides, memory) if main_speaker is not None else None
            if main_named is not None and Organisations.default().governs(named.claimant, main_named.claimant,
                                                                            main_named.side):  # fmt: skip
                return None  # "Baku rejects ...; the MoD spokesman says": the ministry speaks for Baku
            return named if named.claimant else None
    return None


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
            named = _named(owner, None, sides, memory)
            return named if named.claimant else None
        if ancestor.pos_ in {"VERB", "AUX"} and ancestor.dep_ not in {"acl", "relcl", "ccomp", "conj"}:
            return None
    return None


def _headed(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """The speaker a live-blog heading ("Armenian MoD: ...") or a trailing "— spokesperson X" names."""
    span = heading_speaker(doc) or trailing_speaker(doc)
    if span is None:
        return None
    named = _named(span.root, None, sides, memory)
    if not named.claimant:
        return None
    words = " ".join(t.text for t in span if not CLOCK.match(t.text))  # the parse may hang the line on its root
    text, side = _organised(words, named.claimant, named.side, memory, person=named.person)
    attribution = replace(named, claimant=text, side=side, tokens=frozenset(t.i for t in span), back=False)
    memory.remember(attribution)
    return attribution


def _document_author(doc: Doc, sides: Sides, memory: ClaimantMemory) -> Attribution | None:
    """The author a document speaks for: "X signed a decree that imposes ..." gives X."""
    for token in doc:
        if token.lemma_.lower() in _ISSUE_VERBS and any(
            c.dep_ == "dobj" and c.lemma_.lower() in DOCUMENTS for c in token.children
        ):
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ == "PROPN":
                named = _named(subject, None, sides, memory)
                attribution = Attribution(named.claimant, side=named.side, person=named.person, tokens=named.tokens,
                                          document=True)  # fmt: skip
                memory.remember(attribution)
                return attribution
    return None


def _saying_verb(doc: Doc) -> Token | None:
    says = [t for t in doc if t.lemma_.lower() in SAY_VERBS and t.pos_ in {"VERB", "AUX"} and t.dep_ != "amod"]
    if not says:
        return None
    with_speaker = [t for t in says if _speaker(t)[0] is not None]
    roots = [t for t in with_speaker if t.dep_ == "ROOT"]
    chosen = roots or with_speaker
    return chosen[0] if chosen else None


def _speaker(verb: Token) -> tuple[Token | None, Token | None]:
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
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
    if speaker is None and verb.dep_ == "conj":
        return _speaker(verb.head)
    if speaker is None and not passive:
        speaker = _phrase_before(verb)
    return speaker, relay


def _phrase_before(verb: Token) -> Token | None:
    """The head of the noun phrase right before a subjectless saying verb ("..., the office in Baku said").

    The parser sometimes hangs such a speaker on the sentence before it (as an apposition).
    """
    start = verb.i
    while start > 0 and verb.doc[start - 1].text not in _BREAKS and verb.i - start < _MAX_SPEAKER_WORDS:
        start -= 1
    if start in {verb.i, 0} or verb.doc[start - 1].text != ",":
        return None
    span = verb.doc[start : verb.i]
    roots = [t for t in span if not start <= t.head.i < verb.i]
    root = roots[0] if len(roots) == 1 else None
    return root if root is not None and root.pos_ in {"NOUN", "PROPN"} else None


def _according(doc: Doc) -> Token | None:
    for token in doc:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return next((c for c in to.children if c.dep_ == "pobj"), None)
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


def _named(
    speaker: Token, relay: Token | None, sides: Sides, memory: ClaimantMemory, *, hint: str | None = None
) -> Attribution:
    office = next(
        (c for c in speaker.children if c.dep_ == "appos" and c.lemma_.lower() in {"service", "office", "department"}),
        None,
    )
    if office is not None and speaker.pos_ == "PROPN":
        speaker = office  # "Goris, the press service of X reported": a parse that put the object first
    tokens = frozenset(t.i for t in speaker.subtree)
    relay_text = _text(relay) if relay is not None else ""
    lower = speaker.lower_
    if lower in _PERSON_PRONOUNS:
        return Attribution(memory.last_person or memory.last, relay_text, memory.sides.get(memory.last_person),
                           person=True, tokens=tokens)  # fmt: skip
    if lower in _ORG_PRONOUNS and speaker.pos_ == "PRON":
        return Attribution(memory.last, relay_text, memory.last_side, back=True, tokens=tokens)
    org = _office_of(speaker)
    head = org if org is not None else speaker
    has_name = any(t.pos_ == "PROPN" or (t.is_title and t.i > 0) for t in _words(head))
    lemma = head.lemma_.lower()
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "its"} for c in head.children)
    if not has_name and not definite and lemma in _OFFICES:
        # "a ministry spokesman said": the office of the last ministry named
        words = {c.lemma_.lower() for c in head.children if c.dep_ in {"compound", "nmod", "amod"}} & _BACK
        earlier = next((c for c in reversed(memory.named) if words & set(c.lower().split())), None)
        if earlier is not None:
            return Attribution(earlier, relay_text, memory.sides.get(earlier), tokens=tokens)
    if not has_name and (lemma in _BACK or lemma in DOCUMENTS) and definite:
        earlier = memory.last_with(lemma)
        return Attribution(earlier, relay_text, memory.sides.get(earlier, memory.last_side), back=True,
                           tokens=tokens, document=lemma in DOCUMENTS)  # fmt: skip
    if not has_name and lemma in _UNNAMED:
        return Attribution("", tokens=tokens)
    person = has_name and _is_person(head, memory)
    side = sides.of_phrase(head) or _appos_side(head, sides)
    text = _person_text(head) if person else _text(head)
    # the body's words are the whole speaker's: "the prosecutor-general's office in Baku"
    text, side = _organised(_text(speaker), text, side, memory, person=person, hint=hint)
    return Attribution(text, relay_text, side, person=person, tokens=tokens)


def _organised(
    words: str, text: str, side: str | None, memory: ClaimantMemory, *, person: bool, hint: str | None = None
) -> tuple[str, str | None]:
    """The canonical name of the body a speaker's ``words`` name, and its side; else ``text`` as it is.

    "the Defence Ministry in Baku" and "Baku's defence ministry" are both the Azerbaijani Ministry of
    Defence; a body without its country ("the Ministry of Defence") is that of the last claimant that was
    the same body, or of the report's own side; ``hint`` is the side of another speaker in the same sentence
    ("Yerevan denies ...; MoD spokesman says"), before those. A person keeps their words unless they name the body's
    country ("Shushan Stepanyan, Armenian Ministry of Defence").
    """
    orgs = Organisations.default()
    organisation = orgs.of(words)
    if organisation is None or organisation.body is None or (person and organisation.country is None):
        return text, side
    country = organisation.country or hint or memory.country_for(organisation.body) or memory.home
    return orgs.canonical(words, country=country), side or country


def _office_of(speaker: Token) -> Token | None:
    """The organisation an office speaks for: "X's press service", "the press service of X", "a source in X"."""
    if speaker.lemma_.lower() not in _OFFICES:
        return None
    for child in speaker.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and speaker.is_lower:
            return child  # "Kremlin press service"; but "State Emergency Service" is a name itself
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "at", "for"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


_TITLES = frozenset(
    {"president", "minister", "spokesman", "spokesperson", "spokeswoman", "assistant", "aide", "member", "mp",
     "deputy", "commander", "general", "leader", "governor", "mayor", "adviser", "advisor", "head", "chief"}
)  # fmt: skip


def _is_person(head: Token, memory: ClaimantMemory) -> bool:
    """A person: a name of two capitalised words, a title ("President X", "X, spokesman for"), or a known name."""
    if head.pos_ != "PROPN":
        return False
    words = _words(head)
    titled = any(t.lower_ in _TITLES for t in words) or any(
        c.dep_ == "appos" and any(t.lower_ in _TITLES for t in c.subtree) for c in head.children
    )
    common_title = any(t.lower_ in _TITLES and t.pos_ != "PROPN" for t in words)
    if _is_org(head) and not (common_title and head.is_title):
        return False  # "Defence Ministry" is an organisation; "ministry spokeswoman Naila Ahmadova" a person
    names = [t for t in words if t.pos_ == "PROPN"]
    known = any(head.text in person.split() for person in memory.people)
    return titled or len(names) >= 2 or known  # noqa: PLR2004


def _is_org(token: Token) -> bool:
    return any(t.lemma_.lower() in {"ministry", "service", "staff", "office", "army", "force", "kremlin"} for t in
               _words(token))  # fmt: skip


def _appos_side(head: Token, sides: Sides) -> str | None:
    for child in head.children:
        if child.dep_ == "appos":
            return sides.of_words(t.text for t in child.subtree)
    return None


def _words(head: Token) -> list[Token]:
    words = [head]
    for child in head.children:
        if child.dep_ not in _CLAUSES and child.dep_ != "appos":
            words.extend(_words(child))
    return sorted(words, key=lambda t: t.i)


def _person_text(head: Token) -> str:
    """A person's name, with the apposition that says whom they speak for: "Hunan Tadevosyan, spokesperson for X"."""
    name = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < head.i]
    while name and name[0].i != head.i - len(name):
        name = name[1:]
    titled = [k for k, t in enumerate(name) if t.lower_ in _TITLES]
    if titled and 0 < titled[-1] < len(name) - 1:
        # "Defence ministry spokeswoman Naila Ahmadova" -> the person's name ("President Ilham Aliyev" stays)
        name = name[titled[-1] + 1 :]
    text = " ".join(t.text for t in [*name, head])
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    return f"{text}, {_text(appos)}" if appos is not None else text


def _text(head: Token) -> str:
    """The speaker's words: the phrase without its clauses, leading articles and edge punctuation."""
    words = [head]
    for child in head.children:
        if child.dep_ not in {"relcl", "acl", "ccomp", "advcl", "cc"}:
            words.extend(child.subtree)
    words.sort(key=lambda t: t.i)
    while words and words[-1].dep_ == "case":  # "the Kremlin's press service" -> Kremlin
        words = words[:-1]
    while words and (words[0].dep_ == "det" or words[0].is_punct or CLOCK.match(words[0].text)):
        words = words[1:]  # "the", "—", "12:40 Armenian MoD"
    while words and words[-1].is_punct:
        words = words[:-1]
    return "".join(t.text_with_ws for t in words).strip(" ,")
