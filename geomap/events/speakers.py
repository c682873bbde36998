"""Whom a speaker's words name: a body, a person, a seat's government, or a speaker named before.

- Pronouns and back references ("he said", "the ministry added") are the
  last person or claimant named; "His office said" is that person, "His
  government said" that person's country's government.
- A body's words are canonical however written ("the Defence Ministry in
  Baku" is the Azerbaijani Ministry of Defence); a body without its country
  is that of the last claimant that was the same body, or the report's side.
- Officials tied to a place speak for its government ("officials in
  Stepanakert", "Yerevan says": ``gazetteer/governments.csv``); a title tied
  to a place is that place's office ("In Syunik, the governor said").
- Unnamed media name no one, unless a country's name qualifies them
  ("Armenian media report").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events.attribution import Attribution, ClaimantMemory
from geomap.events.headings import CLOCK
from geomap.events.organisations import Organisations

if TYPE_CHECKING:
    from geomap.events.sides import Sides
    from geomap.events.tokens import Token

__all__ = ["DOCUMENTS", "MEDIA", "ORG_PRONOUNS", "PERSON_PRONOUNS", "organised", "phrase_text", "speaker_attribution"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
ORG_PRONOUNS = frozenset({"it", "they", "we", "them"})
_FIRST_PERSON = frozenset({"we", "us"})
#: Words for the office that speaks for an organisation: the organisation is the claimant.
_OFFICES = frozenset(
    {"service", "office", "source", "department", "spokesman", "spokesperson", "spokeswoman", "representative"}
)
#: Unnamed media and documents: "news website said", "reports indicate".
_UNNAMED = frozenset(
    {"website", "site", "agency", "media", "outlet", "newspaper", "report", "statement", "information", "footage"}
)
#: Words by which a report keeps unnamed sources' claims apart from its own: "unconfirmed reports say".
_UNCONFIRMED = frozenset({"unconfirmed", "unverified", "uncorroborated"})
#: Back references to a speaker already named: "the ministry said", "the report added".
_BACK = frozenset(
    {
        "ministry", "report", "statement", "military", "army", "source", "minister", "president", "spokesman",
        "spokesperson", "agency", "staff", "command", "side", "official", "officials", "service", "document",
        "decree", "ministry's", "government", "authorities", "department", "office",
    }
)  # fmt: skip
_CLAUSES = frozenset({"relcl", "acl", "ccomp", "advcl", "punct", "cc", "prep_according"})
#: Documents that speak for their author once named: "X signed a decree ...; the decree orders ...".
DOCUMENTS = frozenset({"decree", "order", "resolution", "directive", "ordinance", "statement", "communique"})
#: Possessives that refer back to a speaker named earlier: "His office said", "its units".
_POSSESSIVES = {"his": True, "her": True, "its": False, "their": False}
#: Unnamed media that a country's name makes a speaker: "Armenian media", "Russian state television".
MEDIA = frozenset({"media", "agency", "outlet", "newspaper", "website", "site"})
#: Speakers that stand for the government of the place they are in or of: "officials in Stepanakert".
_PLACE_BODIES = frozenset({"official", "authority", "government", "leadership", "administration"})
#: Titles that stand for the office of the place they are of: "In Syunik, the governor said".
_PLACE_TITLES = frozenset({"governor", "mayor"})


def speaker_attribution(  # noqa: C901, PLR0911, PLR0912 - one reading per kind of speaker, in order
    speaker: Token, relay: Token | None, sides: Sides, memory: ClaimantMemory, *, hint: str | None = None
) -> Attribution:
    """The attribution the speaker phrase headed by ``speaker`` gives (``relay``: who passed it on).

    ``hint`` is the side of another speaker of the same sentence, for a body named without its country.
    """
    office = next(
        (c for c in speaker.children if c.dep_ == "appos" and c.lemma_.lower() in {"service", "office", "department"}),
        None,
    )
    if office is not None and speaker.pos_ == "PROPN":
        speaker = office  # "Goris, the press service of X reported": a parse that put the object first
    tokens = frozenset(t.i for t in speaker.subtree)
    relay_text = phrase_text(relay) if relay is not None else ""
    lower = speaker.lower_
    if lower in _FIRST_PERSON or any(c.dep_ == "poss" and c.lower_ == "our" for c in speaker.children):
        return Attribution("", tokens=tokens)  # "we said", "our units reported": the report's own voice
    if lower in PERSON_PRONOUNS:
        return Attribution(memory.last_person or memory.last, relay_text, memory.sides.get(memory.last_person),
                           person=True, tokens=tokens)  # fmt: skip
    if lower in ORG_PRONOUNS and speaker.pos_ == "PRON":
        return Attribution(memory.last, relay_text, memory.last_side, back=True, tokens=tokens)
    possessed = _possessed(speaker, memory)
    if possessed is not None:
        return replace(possessed, relay=relay_text, tokens=tokens)
    placed = _placed(speaker, sides)
    if placed is not None:
        return Attribution(placed[0], relay_text, placed[1], tokens=tokens)
    org = _office_of(speaker)
    head = org if org is not None else speaker
    has_name = any(t.pos_ == "PROPN" or (t.is_title and t.i > 0) for t in _words(head))
    lemma = head.lemma_.lower()
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "its"} for c in head.children)
    if not has_name and not definite and lemma in _OFFICES:
        # "a ministry spokesman said": the office of the last ministry named
        words = {c.lemma_.lower() for c in head.children if c.dep_ in {"compound", "nmod", "amod"}} & _BACK
        earlier = next((c for c in reversed(memory.named) if words & set(c.lower().split())), None)
        if earlier is None and not any(c.dep_ in {"compound", "nmod", "amod", "prep"} for c in head.children):
            # a bare "a spokesman told AFP": the spokesman of the last organisation that spoke
            earlier = next((c for c in reversed(memory.named) if c not in memory.people), None)
        if earlier is not None:
            return Attribution(earlier, relay_text, memory.sides.get(earlier), tokens=tokens)
    first = not memory.named and Organisations.default().of(phrase_text(head)) is not None
    if (
        not has_name
        and (lemma in _BACK or lemma in DOCUMENTS)
        and definite
        and not first
        and _refers_back(head, memory)
    ):
        earlier = memory.last_with(lemma)
        return Attribution(earlier, relay_text, memory.sides.get(earlier, memory.last_side), back=True,
                           tokens=tokens, document=lemma in DOCUMENTS)  # fmt: skip
    if not has_name and lemma in _UNNAMED:
        if lemma in MEDIA and sides.of_phrase(head):  # "Armenian media report": the country's media, named
            return Attribution(phrase_text(head), relay_text, tokens=tokens)
        if any(c.dep_ == "amod" and c.lower_ in _UNCONFIRMED for c in head.children):
            text = phrase_text(head)  # "unconfirmed reports say": a claim the report does not make its own
            return Attribution(text[:1].upper() + text[1:], relay_text, tokens=tokens)
        return Attribution("", tokens=tokens)
    person = has_name and _is_person(head, memory)
    side = sides.of_phrase(head) or _appos_side(head, sides)
    if person and side is None:
        side = Organisations.default().person_side(" ".join(t.text for t in _words(head)))
    text = _person_text(head) if person else phrase_text(head)
    # the body's words are the whole speaker's: "the prosecutor-general's office in Baku"
    text, side = organised(phrase_text(speaker), text, side, memory, person=person, hint=hint)
    return Attribution(text, relay_text, side, person=person, tokens=tokens)


#: Words before an office that do not say which body it is: "the press service", "the same ministry".
_UNQUALIFYING = frozenset({"press", "information", "media", "same", "latter", "former", "national", "state"})


def _refers_back(head: Token, memory: ClaimantMemory) -> bool:
    """Whether "the <words> ministry/service/..." refers to a claimant named before, not to a new body.

    "The defence ministry added" after the Armenian Ministry of Defence refers back; "the customs service
    said" after a police officer names a body of its own: its words are in no earlier claimant.

    Examples
    --------
    >>> from geomap.events.attribution import Attribution, ClaimantMemory
    >>> from geomap.events.parse import parse
    >>> memory = ClaimantMemory()
    >>> memory.remember(Attribution("Armenian Ministry of Defence"))
    >>> defence, customs = parse(["The defence ministry said so.", "The customs service said so."])
    >>> _refers_back(defence[2], memory), _refers_back(customs[2], memory)
    (True, False)
    """
    words = {
        c.lower_.replace("defense", "defence")[:5]
        for c in head.children
        if c.dep_ in {"compound", "amod", "nmod"} and c.lower_ not in _UNQUALIFYING and c.is_alpha
    }
    if not words:
        return True
    named = {w.replace("defense", "defence")[:5] for claimant in memory.named for w in claimant.lower().split()}
    return words <= named


def _possessed(speaker: Token, memory: ClaimantMemory) -> Attribution | None:
    """A body possessed by a speaker named earlier: "His office said" (the person), "His government said".

    "his"/"her" refer to the last person named, "its"/"their" to the last claimant. An office, service or
    spokesman speaks for that claimant itself; another body is that body of the claimant's country.
    """
    owner = next((c for c in speaker.children if c.dep_ == "poss" and c.lower_ in _POSSESSIVES), None)
    if owner is None or speaker.pos_ not in {"NOUN", "PROPN"}:
        return None
    person = _POSSESSIVES[owner.lower_]
    whose = (memory.last_person or memory.last) if person else memory.last
    if not whose:
        return None
    side = memory.side_of(whose)
    if speaker.lemma_.lower() in _OFFICES:
        return Attribution(whose, side=side, person=person)
    orgs = Organisations.default()
    body = orgs.of(phrase_text(speaker))
    if body is None or body.body is None:
        return None
    whose_org = orgs.of(whose)
    country = body.country or side or (whose_org.country if whose_org is not None else None)
    if country is None:
        return Attribution(whose, side=side, person=person)
    return Attribution(orgs.canonical(phrase_text(speaker), country=country), side=side or country)


def _placed(speaker: Token, sides: Sides) -> tuple[str, str | None] | None:
    """The government or office of the place a speaker is tied to: "officials in Stepanakert", "Yerevan says".

    The place is the speaker's own ("Karabakh officials", "the authorities in Baku", "the governor of X") or
    the saying verb's fronted one ("In Stepanakert, officials said"). A speaker naming its own country
    ("Russian officials in Baku") is not tied to the place.
    """
    orgs = Organisations.default()
    lemma = speaker.lemma_.lower()
    if (speaker.pos_ == "PROPN" or speaker.is_title) and len(list(speaker.subtree)) == 1:
        government = orgs.government(speaker.text)
        return (government, sides.of_phrase(speaker)) if government is not None else None
    if lemma not in _PLACE_BODIES | _PLACE_TITLES or speaker.pos_ != "NOUN":
        return None
    if any(c.dep_ in {"amod", "nmod", "poss"} and sides.of_words([c.text]) for c in speaker.children):
        return None
    for place in _places_of(speaker):
        words = phrase_text(place)
        government = orgs.government(words)
        if lemma in _PLACE_BODIES and government is not None:
            seat = orgs.of(words)
            return government, sides.of_words([words]) or (seat.country if seat is not None else None)
        if lemma in _PLACE_TITLES and not any(t.pos_ == "PROPN" for t in speaker.lefts):
            return f"{speaker.text.title()} of {words}", None
    return None


def _places_of(speaker: Token) -> list[Token]:
    """The places a speaker's words tie it to, its own first: "Karabakh officials", "In X, officials said"."""
    places = [c for c in speaker.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    preps = [p for p in speaker.children if p.dep_ == "prep" and p.lower_ in {"in", "of", "from"}]
    if speaker.dep_ == "nsubj":
        preps += [p for p in speaker.head.children if p.dep_ == "prep" and p.lower_ == "in" and p.i < speaker.i]
    return places + [c for p in preps for c in p.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]


def organised(
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
    if head.pos_ != "PROPN" and not (head.is_title and Organisations.default().person_side(head.text)):
        return False  # a known person the tagger took for a noun ("Aliyev in televised address:") is one
    words = _words(head)
    titled = any(t.lower_ in _TITLES for t in words) or any(
        c.dep_ == "appos" and any(t.lower_ in _TITLES for t in c.subtree) for c in head.children
    )
    common_title = any(t.lower_ in _TITLES and t.pos_ != "PROPN" for t in words)
    if _is_org(head) and not (common_title and head.is_title):
        return False  # "Defence Ministry" is an organisation; "ministry spokeswoman Naila Ahmadova" a person
    names = [t for t in words if t.pos_ == "PROPN"]
    known = any(head.text in person.split() for person in memory.people) or (
        Organisations.default().person_side(" ".join(t.text for t in words)) is not None
    )
    return titled or len(names) >= 2 or known  # noqa: PLR2004


#: Words that make a name a body's, not a person's: "Ministry of Defence", "Donetsk People's Republic".
_ORG_WORDS = frozenset(
    {"ministry", "service", "staff", "office", "army", "force", "kremlin", "republic", "committee", "council",
     "command", "administration", "agency", "group", "mission", "headquarters", "brigade", "battalion", "corps"}
)  # fmt: skip


def _is_org(token: Token) -> bool:
    return any(t.lemma_.lower() in _ORG_WORDS for t in _words(token))


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
    name = [t for t in head.subtree if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < head.i]  # "Human Rights"
    while name and name[0].i != head.i - len(name):
        name = name[1:]
    titled = [k for k, t in enumerate(name) if t.lower_ in _TITLES]
    if titled and 0 < titled[-1] < len(name) - 1:
        # "Defence ministry spokeswoman Naila Ahmadova" -> the person's name ("President Ilham Aliyev" stays)
        name = name[titled[-1] + 1 :]
    text = " ".join(t.text for t in [*name, head])
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    return f"{text}, {phrase_text(appos)}" if appos is not None else text


def phrase_text(head: Token) -> str:
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
