"""Which places a noun phrase of a parsed sentence denotes, and how.

``the village of Talish``, ``Kherson city`` and ``the town of Kapan`` denote
the place they name; ``the cities of Ganja, Mingachevir and Khizi`` and
``Goris, Sotk and Jermuk`` one place per name; ``the western bank of the
Dnieper`` and ``the outskirts of X`` a part of the place (geo-precision 2);
``Artsakh's towns`` and ``the Artsakh capital`` no named place at all (the
region only contains them); ``the town`` or ``both roads`` the places they
refer back to; ``V in the D district`` the village V, with D as its admin
context.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geomap.events.extents import with_objects
from geomap.events.lexicon import ANAPHOR_NOUNS, COMPASS_NOUNS, CONTAINER_NOUNS, FORCE_NOUNS, PART_NOUNS, SAY_VERBS
from geomap.events.locatives import LOCATIVE, locative_phrases, objects_of_prep

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

    from geomap.events.anaphora import Discourse
    from geomap.events.tokens import Doc, Span, Token
    from geomap.geoparse import Mention

__all__ = ["PlaceRef", "SentencePlaces"]

_AREA_KINDS = frozenset({"district", "region"})
_DETERMINERS = frozenset({"the", "this", "that", "both", "these", "those"})
_DEPTH = 4
#: What a town has that "its" can point to ("part of its population was moved").
_DWELLERS = frozenset({"population", "resident", "inhabitant"})
#: Verbs of a road going somewhere ("the road leading to V").
_LEAD_VERBS = frozenset({"lead", "run", "go", "connect", "link", "head"})
#: Verbs of ground that dominates a place ("the heights overlooking V").
_OVERLOOK_VERBS = frozenset({"overlook", "dominate", "command", "surround", "face"})


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place a phrase denotes: the mention, its geo-precision, how it was found, its admin context."""

    mention: Mention
    precision: int = 1
    anaphora: bool = False
    admin: Mention | None = None
    direction: bool = False
    contained: bool = False


class SentencePlaces:
    """The place mentions of one parsed sentence, looked up by token."""

    __slots__ = ("_by_token", "allow_anaphora", "demonyms", "discourse", "doc", "excluded", "offset", "sentence")

    def __init__(self, doc: Doc, offset: int, mentions: list[Mention], discourse: Discourse, sentence: int) -> None:
        self.doc = doc
        self.offset = offset
        self.discourse = discourse
        self.sentence = sentence
        self.excluded: set[int] = set()
        self.allow_anaphora = True
        self._by_token: dict[int, Mention] = {}
        #: Demonyms by token ("the Ukrainian parliament"): never a place named, but the state a decree is of.
        self.demonyms: dict[int, Mention] = {}
        for mention in mentions:
            if mention.role == "demonym":
                demonym = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
                self.demonyms.update(dict.fromkeys((t.i for t in demonym or ()), mention))
            if mention.role != "name":
                continue
            span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
            if span is None:
                continue
            if _dateline(span):
                continue  # "TBILISI, 13 August — ...": where the report was filed, not where anything happened
            for token in span:
                self._by_token[token.i] = mention

    def mention(self, token: Token) -> Mention | None:
        """The mention ``token`` is part of, unless it is in an excluded phrase (a claimant's)."""
        return None if token.i in self.excluded else self._by_token.get(token.i)

    def speaker_places(self) -> list[PlaceRef]:
        """The places the speaker's words name ("the ombudsman in V said"): where nothing else locates a toll."""
        found = [m for m in self.mentions_in_raw(sorted(self.excluded)) if m.place is not None]
        inside = [PlaceRef(m, 2) for m in found if m.place is not None and m.place.kind != "country"]
        # else the speaker's country: "Azerbaijan's prosecutor says 90 civilians were killed by shelling"
        return inside or [PlaceRef(m, 3) for m in found[:1]]

    def speaking(self) -> list[Mention]:
        """The places that are themselves a saying verb's subject: "Baku denied ...", "Moscow says ..."."""
        subjects = (t for t in self.doc if t.dep_ in {"nsubj", "nsubjpass"} and t.head.lemma_.lower() in SAY_VERBS)
        return [m for t in subjects if (m := self._by_token.get(t.i)) is not None]

    def heading(self) -> list[PlaceRef]:
        """The place a heading names before its colon: "V: three soldiers killed", "09:10 V: ..."."""
        colon = next((t for t in self.doc if t.text == ":" and not _clock(t)), None)
        if colon is None:
            return []
        words = [
            t
            for t in self.doc[: colon.i]
            if not (t.is_punct or t.like_num or _clock(t) or (t.is_upper and t.i not in self._by_token))
        ]
        mentions = self.mentions_in_raw([t.i for t in words])
        if len(mentions) == 1 and all(self._by_token.get(t.i) is mentions[0] for t in words):
            return [PlaceRef(mentions[0])]
        return []

    def mentions_in_raw(self, indices: list[int]) -> list[Mention]:
        """Distinct mentions at token ``indices``, the speaker's words included."""
        found: list[Mention] = []
        for i in indices:
            mention = self._by_token.get(i)
            if mention is not None and all(m is not mention for m in found):
                found.append(mention)
        return found

    def mentions_in(self, tokens: list[Token]) -> list[Mention]:
        """Distinct mentions among ``tokens``."""
        found: list[Mention] = []
        for token in tokens:
            mention = self.mention(token)
            if mention is not None and all(m is not mention for m in found):
                found.append(mention)
        return found

    # ------------------------------------------------------------------ noun phrases

    def of_phrase(self, head: Token, *, front_line: bool = False, depth: int = 0) -> list[PlaceRef]:
        """The places the noun phrase headed by ``head`` denotes, its conjuncts included."""
        refs = self._of_head(head, front_line=front_line, depth=depth)
        for conjunct in head.children:
            if conjunct.dep_ == "appos" and conjunct.lemma_.lower() == "part":
                continue  # "the districts, part of Azerbaijan, remain occupied": belonging, not a second place
            described = self.of_phrase(conjunct, depth=depth + 1) if conjunct.dep_ == "appos" else []
            if (
                conjunct.dep_ == "appos"
                and conjunct.pos_ == "NOUN"
                and self.mention(head) is not None
                and all(
                    _is_area(r)
                    or _is_country(r)
                    or r.precision > 1  # "Hadrut, a town south of Stepanakert": where it lies
                    or (r.anaphora and conjunct.lemma_.lower() in ANAPHOR_NOUNS)
                    for r in described
                )
            ):
                # "Zelenivka, a village in the Kherson region", "Ganja, Azerbaijan's second city": a description
                around = [r for r in described if _is_area(r)]
                if around and refs:
                    refs[0] = replace(refs[0], admin=refs[0].admin or around[0].mention)
                continue
            if conjunct.dep_ == "conj" and conjunct.pos_ == "ADP" and conjunct.lower_ in LOCATIVE:
                # "opposite A, and on the south near B": a second locative the parser hung on the first place
                refs.extend(r for obj in objects_of_prep(conjunct) for r in self.of_phrase(obj, front_line=front_line))
            elif conjunct.dep_ in {"conj", "appos"}:
                refs.extend(self.of_phrase(conjunct, front_line=front_line, depth=depth))
            elif conjunct.dep_ == "prep" and conjunct.lower_ == "including":
                # "the areas they took, including V": V is one of them
                refs.extend(r for obj in objects_of_prep(conjunct) for r in self.of_phrase(obj, front_line=front_line))
            elif with_objects(conjunct):
                # "V, together with the villages of A and B", "the town, along with A": taken with it
                refs.extend(r for obj in with_objects(conjunct) for r in self.of_phrase(obj, front_line=front_line))
            elif conjunct.dep_ == "prep" and conjunct.lower_ in LOCATIVE and _coordinated(head, conjunct):
                # "in the capital, Baku, and also in Goygol": a second locative joined by "and"
                refs.extend(r for obj in objects_of_prep(conjunct) for r in self.of_phrase(obj, front_line=front_line))
        return _distinct(refs)

    def _of_head(self, head: Token, *, front_line: bool, depth: int) -> list[PlaceRef]:  # noqa: C901, PLR0911, PLR0912
        mention = self.mention(head)
        if mention is not None:
            return [PlaceRef(mention, 1, admin=self._admin(head))]
        lemma = head.lemma_.lower()
        if lemma in {"it", "there"} and head.pos_ in {"PRON", "ADV"}:
            return []  # resolved by the frame, which knows whether a place is meant
        if head.lower_ in {"latter", "former"} and any(c.lower_ == "the" for c in head.children):
            return self._latter_or_former(head)
        if lemma in FORCE_NOUNS and head.pos_ == "NOUN":
            # "units of the Karabakh formations near V": the force's name is its side, its locatives are where
            of_forces = self._prep_objects(head, {"of"}, depth, front_line=front_line)
            near = self._locatives(head, depth, front_line=front_line)
            return [r for r in of_forces if not _is_country(r) and not _is_area(r)] + near
        named = self._modifiers(
            head, depth, {"compound", "appos", "nmod", "npadvmod", "poss", "amod"}, front_line=front_line
        )
        of = self._prep_objects(head, {"of"}, depth, front_line=front_line)
        both = any(c.lower_ in {"both", "two"} for c in head.children)
        if named and (lemma in ANAPHOR_NOUNS or lemma in CONTAINER_NOUNS) and lemma != "capital" and _wider(of):
            # "the Sharifan and Mughanli villages of the Z district", "the Talish village of the T district":
            # the villages named, in the district (and a second such phrase the parser hung on the first)
            around = next((r.mention for r in of if _is_area(r)), None)
            rest = [r for r in of if not (_is_area(r) or _is_country(r))]
            return [replace(r, admin=r.admin or around) for r in named] + rest
        if lemma in ANAPHOR_NOUNS and head.tag_ == "NNS" and not of and not both:
            # "the Talish heights", "the Sharifan and Mughanli villages": the places the plural is named for
            # ("Artsakh's towns", a possessor, names none)
            titled = self._modifiers(head, depth, {"compound", "amod", "nmod"}, front_line=front_line)
            if titled:
                return titled
        if lemma in ANAPHOR_NOUNS and (head.tag_ in {"NN", "NNP"} or both):
            # "the village of Talish", "Kherson city": the place itself; "the Artsakh capital": a place inside.
            if of or (named and lemma != "capital"):
                return of or named
            if named:
                return []
            ahead = self._named_later(head, ANAPHOR_NOUNS[lemma])
            if ahead:
                return ahead
            near = self._locatives(head, depth, front_line=front_line)  # "the ridge near Talish"
            near = near or self._leading(head, depth, front_line=front_line)
            if not near and ANAPHOR_NOUNS[lemma] == ANAPHOR_NOUNS["road"]:
                near = self._prep_objects(head, {"to", "toward", "towards"}, depth, front_line=front_line)  # "to V"
            if near:
                return [replace(r, precision=2) for r in near]
            return self._anaphora(head, lemma, front_line=front_line) if self._refers_back(head) else []
        if (
            lemma in PART_NOUNS | _DWELLERS
            and not (named or of)
            and any(c.dep_ == "poss" and c.lower_ == "its" for c in head.children)
            and (self.allow_anaphora or lemma in PART_NOUNS)
            and not self._locatives(head, depth, front_line=front_line)
        ):
            # "fighting at its outskirts", "part of its population was moved": the place named before
            found = self.discourse.resolve(None, before=self.offset + head.idx, sentence=self.sentence)
            return [PlaceRef(m, 2 if lemma in PART_NOUNS else 1, anaphora=True) for m in found]
        if lemma in COMPASS_NOUNS and named and of:
            return named  # "the town of V southwest of W", parsed as "V southwest": V itself, located by W
        if lemma in PART_NOUNS:
            direction = lemma == "direction"
            if not (named or of) and lemma in {"approach", "entrance", "road"}:
                of = self._prep_objects(head, {"to"}, depth, front_line=front_line)  # "the approaches to V"
            # "the area around V", "the heights above V": near the place
            near = [] if named or of else self._locatives(head, depth, front_line=front_line)
            return [PlaceRef(r.mention, 2, r.anaphora, r.admin, direction) for r in (named or of or near)]
        if lemma in CONTAINER_NOUNS or lemma in ANAPHOR_NOUNS:
            # "the Azerbaijani cities of Ganja and Khizi"; "positions in the Agdara district" (contained there).
            inside = [replace(r, contained=True) for r in self._locatives(head, depth, front_line=front_line)]
            if head.tag_ == "NNS":  # "seven villages of the Fuzuli district": somewhere in the district
                of = [replace(r, contained=True) if _is_area(r) else r for r in of]
            leading = [replace(r, precision=2) for r in self._leading(head, depth, front_line=front_line)]
            return of + inside or leading or self._after_colon(head, front_line=front_line)
        return (
            of
            or [r for r in named if r.mention.place is None or r.mention.place.kind != "country"]
            or self._locatives(head, depth, front_line=front_line)
            or [replace(r, precision=2) for r in self._leading(head, depth, front_line=front_line)]
            or self._after_colon(head, front_line=front_line)
        )

    def _leading(self, head: Token, depth: int, *, front_line: bool) -> list[PlaceRef]:
        """Where a road goes, what a height looks over: "the roads leading to Sotk", "the heights overlooking V"."""
        over = [
            r
            for acl in head.children
            if acl.dep_ == "acl" and acl.lemma_.lower() in _OVERLOOK_VERBS and depth < _DEPTH
            for obj in acl.children
            if obj.dep_ == "dobj"
            for r in self.of_phrase(obj, front_line=front_line, depth=depth + 1)
        ]
        return over + [
            r
            for acl in head.children
            if acl.dep_ == "acl" and acl.lemma_.lower() in _LEAD_VERBS
            for r in self._prep_objects(acl, {"to", "toward", "towards", "into"}, depth, front_line=front_line)
        ]

    def _after_colon(self, head: Token, *, front_line: bool) -> list[PlaceRef]:
        """The list a colon opens: "imposed on the following places: Baku, Ganja and Barda"."""
        if not any(c.dep_ == "punct" and c.text == ":" for c in head.children):
            return []
        after = [t for t in self.doc[head.i + 1 :] if t.head.i == t.i or t.head.i < head.i]
        return self.of_phrase(after[0], front_line=front_line) if after else []

    def _named_later(self, head: Token, kinds: frozenset[str]) -> list[PlaceRef]:
        """A place of the same kind named later in the same clause: "the road from X to Y (the Z corridor)"."""
        clause = head.head if head.dep_ != "ROOT" else head
        joined = {t.i for p in head.children for o in with_objects(p) for t in o.subtree}  # "the town, along with A"
        # nor the doer of a passive: "the only capital captured by Moscow" names who took it, not the capital
        joined |= {t.i for a in clause.subtree if a.dep_ == "agent" for t in a.subtree}
        for token in clause.subtree:
            mention = self.mention(token) if token.i > head.i and token.i not in joined else None
            if mention is not None and mention.place is not None and mention.place.kind in kinds:
                return [PlaceRef(mention)]
        return []

    def _modifiers(self, head: Token, depth: int, deps: set[str], *, front_line: bool) -> list[PlaceRef]:
        refs: list[PlaceRef] = []
        for child in head.children:
            if child.dep_ in deps and depth < _DEPTH:
                refs.extend(self.of_phrase(child, front_line=front_line, depth=depth + 1))
        return refs

    def _prep_objects(self, head: Token, preps: AbstractSet[str], depth: int, *, front_line: bool) -> list[PlaceRef]:
        refs: list[PlaceRef] = []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in preps and depth < _DEPTH:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        refs.extend(self.of_phrase(obj, front_line=front_line, depth=depth + 1))
        return refs

    def _locatives(self, head: Token, depth: int, *, front_line: bool, axes: bool = False) -> list[PlaceRef]:
        """Places in the locative modifiers of ``head`` ("positions toward Goris", "villages in D").

        ``axes``: whether a phrase naming an axis says so ("In the D direction, units took V": D is no ground
        taken); not inside a noun phrase, where "heights in the D direction" is the ground itself.
        """
        refs: list[PlaceRef] = []
        for prep, precision, objects in locative_phrases(head):
            if depth >= _DEPTH:
                break
            for obj in objects:
                found = self.of_phrase(obj, front_line=front_line, depth=depth + 1)
                if not found and obj.lower_ == "it" and obj.pos_ == "PRON" and precision > 1:
                    found = self.pronoun(obj, front_line=front_line)  # "held the heights above it"
                for ref in found:
                    if (
                        prep.lower_ in {"against", "between"}
                        and ref.mention.place is not None
                        and ref.mention.place.kind == "country"
                    ):
                        continue  # "attacks against Azerbaijan", "clashes between A and B": parties, not locations
                    axis = axes and ref.direction
                    refs.append(PlaceRef(ref.mention, max(precision, ref.precision), ref.anaphora, ref.admin, axis))
        return refs

    def objects_of(
        self, head: Token, preps: AbstractSet[str], *, front_line: bool = False, nested: bool = False
    ) -> list[PlaceRef]:
        """Places in the objects of the prepositions ``preps`` attached to ``head``.

        ``nested``: also those attached to the objects of its other prepositions ("retreating in panic
        towards V").
        """
        refs = self._prep_objects(head, preps, 0, front_line=front_line)
        if nested:
            inner = [o for p in head.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
            refs += [
                r
                for o in inner
                if self.mention(o) is None
                for r in self._prep_objects(o, preps, 1, front_line=front_line)
            ]
        return _distinct(refs)

    def locatives(self, head: Token, *, front_line: bool = False) -> list[PlaceRef]:
        """Places in the locative prepositional phrases attached to ``head`` (a verb or an event noun)."""
        refs = self._locatives(head, 0, front_line=front_line, axes=True)
        for child in head.children:
            if child.dep_ == "advmod" and child.lower_ == "there":
                refs.extend(self._anaphora(child, "there", front_line=front_line))
            if child.dep_ == "advmod" and child.lower_ in {"nationwide", "countrywide"} and not refs:
                refs.extend(self._country())
        return _distinct(refs)

    def _country(self) -> list[PlaceRef]:
        """The country of a nationwide measure: the first the sentence names outside the speaker's words."""
        for token in self.doc:
            mention = self.mention(token)
            if mention is not None and mention.place is not None and mention.place.kind == "country":
                return [PlaceRef(mention, 3)]
        return []

    def _admin(self, head: Token) -> Mention | None:
        """The district or region "V in the D district" puts V in."""
        for ref in self._prep_objects_raw(head, {"in"}):
            place = ref.place
            if place is not None and place.kind in _AREA_KINDS:
                return ref
        return None

    def _prep_objects_raw(self, head: Token, preps: AbstractSet[str]) -> list[Mention]:
        found: list[Mention] = []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for obj in prep.children:
                    mention = self.mention(obj)
                    if mention is None:
                        named = [self.mention(c) for c in obj.children if c.dep_ in {"compound", "amod", "nmod"}]
                        mention = next((m for m in named if m is not None), None)
                    if mention is not None:
                        found.append(mention)
        return found

    def _refers_back(self, head: Token) -> bool:
        return any(c.dep_ in {"det", "predet"} and c.lower_ in _DETERMINERS for c in head.children) or any(
            c.lower_ in {"both", "two"} for c in head.children
        )

    def _latter_or_former(self, head: Token) -> list[PlaceRef]:
        """The place "the latter" (the last of the two named just before) or "the former" (the first) means."""
        if not self.allow_anaphora:
            return []
        pair = self.discourse.last_two(before=self.offset + head.idx, sentence=self.sentence)
        if len(pair) < 2:  # noqa: PLR2004 - a pair
            return []
        return [PlaceRef(pair[1] if head.lower_ == "latter" else pair[0], 1, anaphora=True)]

    def _anaphora(self, token: Token, lemma: str, *, front_line: bool) -> list[PlaceRef]:
        if not self.allow_anaphora:
            return []
        kinds = ANAPHOR_NOUNS.get(lemma)
        count = 2 if any(c.lower_ in {"both", "two"} for c in token.children) else 1
        found = self.discourse.resolve(
            kinds,
            before=self.offset + token.idx,
            sentence=self.sentence,
            count=count + 2,
            front_line=front_line,
        )
        # not a name the sentence gives a force ("Wagner fighters are trying to encircle the city")
        return [PlaceRef(m, 1, anaphora=True) for m in found if not self._names_force(m)][:count]

    def _names_force(self, mention: Mention) -> bool:
        """Whether the sentence uses ``mention`` as a fighting force's name ("Wagner fighters")."""
        tokens = [t for t, m in self._by_token.items() if m is mention]
        return any(
            self.doc[t].dep_ in {"compound", "amod", "nmod"} and self.doc[t].head.lemma_.lower() in FORCE_NOUNS
            for t in tokens
        )

    def pronoun(self, token: Token, *, front_line: bool) -> list[PlaceRef]:
        """The place "it" or "there" refers back to."""
        return self._anaphora(token, token.lower_, front_line=front_line)


def _is_area(ref: PlaceRef) -> bool:
    place = ref.mention.place
    return place is not None and place.kind in _AREA_KINDS


def _wider(refs: list[PlaceRef]) -> bool:
    """Whether an of-phrase names a district, region or country first ("villages of the D district")."""
    return bool(refs) and (_is_area(refs[0]) or _is_country(refs[0]))


def _is_country(ref: PlaceRef) -> bool:
    place = ref.mention.place
    return place is not None and place.kind == "country"


def _dateline(span: Span) -> bool:
    """Whether a name opens the sentence in capitals before a comma or dash: a dateline ("BAKU, 3 Oct -")."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return (
        span.start == 0
        and all(t.is_upper for t in span if t.is_alpha)
        and len(span.text) > 2  # noqa: PLR2004 - not an initial
        and after is not None
        and after.text in {",", "—", "–", "-", "("}
    )


def _clock(token: Token) -> bool:
    """Whether a colon is inside a time ("09:10") rather than after a heading."""
    doc = token.doc
    if token.text != ":":
        return bool(token.text[:1].isdigit() and ":" in token.text)
    return 0 < token.i < len(doc) - 1 and doc[token.i - 1].text.isdigit() and doc[token.i + 1].text[:1].isdigit()


def _coordinated(head: Token, prep: Token) -> bool:
    """Whether "and" joins ``prep`` to what precedes it ("in Baku, and also in Goygol"; not "A and B in D")."""
    between = [t for t in head.doc[head.i + 1 : prep.i] if not (t.is_punct or t.dep_ == "advmod")]
    return bool(between) and between[-1].dep_ == "cc"


def _distinct(refs: list[PlaceRef]) -> list[PlaceRef]:
    seen: set[int] = set()
    out: list[PlaceRef] = []
    for ref in refs:
        if id(ref.mention) not in seen:
            seen.add(id(ref.mention))
            out.append(ref)
    return out
