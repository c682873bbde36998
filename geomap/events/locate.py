"""Where a frame's event is: the places of its patient, its locatives, and the places it shares.

A trigger's places come from its object ("shelled Goris"), its locative
phrases ("fighting near Talish"), the verb an event noun depends on ("Goris
came under fire"), the saying verb's phrase ("In V, it said, ..."), or, for
casualties and equipment, the strike or fighting of the same sentence.
Districts around a named place become its admin context ("took Talish in the
Tartar district").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.events import scope
from geomap.events.lexicon import ANAPHOR_NOUNS, SAY_VERBS, STAY_VERBS
from geomap.events.places import PlaceRef, SentencePlaces
from geomap.events.roles import CONTROL_NOUNS, SUBJECTS, Roles, is_verbal, lemma_of

if TYPE_CHECKING:
    from geomap.events.frames import Frame
    from geomap.events.tokens import Doc, Token

__all__ = [
    "clause_of",
    "contain",
    "event_locations",
    "ground_first",
    "is_country",
    "participants",
    "patient_places",
    "place_like",
    "share_places",
]


_DEEP_LOCATIVE = frozenset(
    {"destroy", "down", "shoot", "knock", "disable", "neutralize", "neutralise", "kill", "wound", "remove", "clear",
     "defuse", "lay", "plant", "open", "set", "establish", "injure", "hurt", "show", "see", "spot", "count", "film",
     "observe", "depict", "reveal", "document", "photograph", "record"}
)  # fmt: skip


# --------------------------------------------------------------------------- places


def patient_places(token: Token, roles: Roles, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """The places a trigger's patient denotes ("took control of X", "it", "the village of V")."""
    patient = roles.patient
    if patient is None:
        return []
    if patient.lemma_.lower() in CONTROL_NOUNS:
        # "took control of X", "lost control over X"
        objects = [p for c in patient.children if c.dep_ == "prep" and c.lower_ in {"of", "over"} for p in c.children]
        objects += [p for c in token.children if c.dep_ == "prep" and c.lower_ in {"of", "over"} for p in c.children]
        return [r for obj in objects if obj.dep_ == "pobj" for r in places.of_phrase(obj, front_line=front)]
    if patient.lower_ in {"it", "them"} and patient.pos_ == "PRON" and is_verbal(token):
        return places.pronoun(patient, front_line=front)
    return places.of_phrase(patient, front_line=front)


def _deep_locatives(token: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """Locatives deep in the object or means: "destroyed four tanks of the enemy near V", "killed by a drone in V"."""
    for obj in (c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "agent"}):
        stack = [obj]
        while stack:  # depth first, in text order, not into appositions ("13 people, the office in Baku said")
            inner = stack.pop(0)
            refs = places.locatives(inner, front_line=front)
            if refs:
                return refs
            stack[:0] = [c for c in inner.children if c.dep_ != "appos"]
    return []


def _sharpened(token: Token, refs: list[PlaceRef], places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """A district's event at the place its object names: "In the D direction, a depot near V was destroyed"."""
    wide = all(_is_area(r) or r.precision > 1 for r in refs)  # a district, or a sector ("the D direction")
    if refs and wide and is_verbal(token) and lemma_of(token) in _DEEP_LOCATIVE:
        # a place inside the sector, not the country around it ("downed over Armenia near V")
        deep = [r for r in _deep_locatives(token, places, front=front) if not (_is_area(r) or is_country(r))]
        areas = [r for r in refs if _is_area(r)]  # kept for :func:`contain` to make them the admin context
        return [replace(r, admin=r.admin or refs[0].mention) for r in deep] + areas if deep else refs
    return refs


def _fought_for(token: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """What a battle is for: "battles for Martuni", "fierce battles are under way for V"."""
    refs = places.objects_of(token, {"for", "over"}, front_line=front)
    if not refs and token.dep_ in {"nsubj", "nsubjpass"}:
        refs = places.objects_of(token.head, {"for", "over"}, front_line=front)
    return refs


def _of_the_noun(noun: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """What a battle is for ("battles for V"), else the place an event noun is named for ("the Talish fighting").

    A country is not: "a Russia attack" names the actor.
    """
    refs = []
    if noun.lemma_.lower() in {"battle", "fight", "fighting", "struggle", "clash"}:
        refs = _fought_for(noun, places, front=front)
    if not refs and noun.pos_ == "NOUN":
        named = places.mentions_in([c for c in noun.children if c.dep_ == "compound"])
        refs = [PlaceRef(m) for m in named if m.place is None or m.place.kind != "country"]
    return refs


#: Events that kill as a verb's subject: "the blast at a depot outside V killed 60 people".
_CAUSES = frozenset({"blast", "explosion", "detonation", "fire", "blaze", "strike", "shelling", "attack", "bombing"})


def _cause_places(token: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """Where the event that killed or destroyed was: "the fuel depot explosion near V killed 68 people"."""
    by = [o for c in token.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    causes = [c for c in token.children if c.dep_ in SUBJECTS] + by  # "tanks destroyed by strikes near V"
    cause = next((c for c in causes if c.lemma_.lower() in _CAUSES), None)
    if cause is None:
        return []
    return places.locatives(cause, front_line=front) or _of_the_noun(cause, places, front=front)


def _relative_place(token: Token, places: SentencePlaces) -> list[PlaceRef]:
    """The place a "where" clause is about: the list item it follows ("A, B and C, where the church was hit").

    Only that item, even when the parser hung the clause on the first one.
    """
    where = next((c for c in token.children if c.dep_ == "advmod" and c.lower_ == "where"), None)
    if where is None or places.mention(token.head) is None:
        return []
    items = [token.head, *(t for t in token.head.subtree if t.dep_ == "conj" and t.i < where.i)]
    before = max((t for t in items if places.mention(t) is not None), key=lambda t: t.i)
    mention = places.mention(before)
    return [PlaceRef(mention)] if mention is not None else []


def _under_fire(token: Token, places: SentencePlaces, *, front: bool) -> list[PlaceRef]:
    """The subject of "came under fire": "Stepanakert came under heavy shelling", "the village is under fire".

    Also when the parser made the noun the verb's object ("came under artillery and drone fire").
    """
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "under":
        verb = head.head
    elif token.dep_ in {"dobj", "attr"} and any(c.dep_ == "prep" and c.lower_ == "under" for c in head.children):
        verb = head
    else:
        return []
    if verb.lemma_.lower() not in STAY_VERBS | {"come", "fall"} or token.lemma_.lower() in _AGREEMENTS:
        return []  # "Under the deal, Armenia is to ...": not a place under fire
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    allowed, places.allow_anaphora = places.allow_anaphora, True
    refs = places.of_phrase(subject, front_line=front) if subject is not None else []
    places.allow_anaphora = allowed
    # "Azerbaijani units came under fire near V": the units are not a place; where they were is
    return refs or places.locatives(verb, front_line=front)


def event_locations(token: Token, places: SentencePlaces, *, front: bool, say: bool = True) -> list[PlaceRef]:
    """Where a trigger happened: its locative phrases, else those of the verb an event noun depends on.

    ``say``: whether the locatives of the saying verb may stand in ("In V, it said, mines were laid"); not
    when the frame already has its place ("In Stepanakert, officials denied that V had been lost").
    """
    refs = _sharpened(token, places.locatives(token, front_line=front), places, front=front)
    if not refs and token.dep_ == "compound" and token.head.pos_ == "NOUN":
        return event_locations(token.head, places, front=front, say=say)  # "combat operations in the D direction"
    if not refs and token.dep_ in {"pobj", "pcomp"} and token.head.dep_ in {"prep", "agent"}:
        verb = token.head.head
        if verb.lemma_.lower() in {"subject", "expose"} or token.head.dep_ == "agent":
            # "subjected the villages of D to artillery fire", "buildings in V were damaged by shelling"
            target = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
            refs = places.of_phrase(target, front_line=front) if target is not None else []
            refs = refs or places.locatives(verb, front_line=front)
    if not refs:
        refs = _of_the_noun(token, places, front=front)
    if not refs and token.pos_ == "NOUN":
        # "as heavy shelling persisted in A and B": the clause the parser hung on the noun says where
        refs = [r for c in token.children if c.dep_ == "acl" for r in places.locatives(c, front_line=front)]
    head = token.head
    # a gerund subject is a noun here too: "shelling by the army has killed ten people in V"
    as_noun = token.pos_ in {"NOUN", "PROPN", "ADJ"} or token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "csubj"}
    announced = token.dep_ in {"nsubjpass", "dobj"}
    if not refs:
        refs = _under_fire(token, places, front=front)
    if not refs and token.dep_ == "pobj" and token.head.lower_ in {"after", "following", "amid", "during"}:
        refs = places.locatives(token.head.head, front_line=front)  # "explosions in A and B after strikes"
    if not refs and as_noun and (head.lemma_.lower() not in SAY_VERBS or announced):
        refs = places.locatives(head, front_line=front)
        if not refs and token.dep_ in {"nsubj", "nsubjpass", "attr"}:
            obj = next((c for c in head.children if c.dep_ in {"dobj", "attr"} and c.i != token.i), None)
            refs = places.of_phrase(obj, front_line=front) if obj is not None else []
    return refs or _clause_places(token, places, front=front, say=say)


def _clause_places(token: Token, places: SentencePlaces, *, front: bool, say: bool) -> list[PlaceRef]:
    """Where a verb with no locative of its own happened.

    Deep in its object, where its cause was, the item its "where" clause is about, or the saying verb's phrase.
    """
    refs: list[PlaceRef] = []
    if is_verbal(token) and lemma_of(token) in _DEEP_LOCATIVE:
        refs = _deep_locatives(token, places, front=front) or _cause_places(token, places, front=front)
    if not refs and token.dep_ == "relcl":
        refs = _relative_place(token, places)
    if not refs and is_verbal(token) and say:
        # "In Tyahinka, it said, the occupiers had laid mines": the phrase hangs on the saying verb
        saying = scope.said_first(token)
        refs = places.locatives(saying, front_line=front) if saying is not None else []
    return refs


_AGREEMENTS = frozenset({"agreement", "deal", "truce", "ceasefire", "accord", "treaty", "plan", "term", "statement"})
_GROUND_NOUNS = frozenset(
    {"territory", "position", "land", "area", "ground", "line", "settlement", "village", "town", "forest", "wood",
     "field", "valley", "slope", "outskirts", "approach", "surroundings", "vicinity", "foothold", "bridgehead"}
)  # fmt: skip
_QUANTITIES = frozenset({"number", "dozen", "dozens", "most", "part", "rest", "several", "some", "all", "hundreds"})


def place_like(noun: Token | None) -> bool:
    """Whether an unnamed object is ground ("a number of villages", "territories"), not "measures" or "hospital"."""
    if noun is None:
        return False
    lemma = noun.lemma_.lower()
    if lemma in ANAPHOR_NOUNS or lemma in _GROUND_NOUNS:
        return True
    if lemma in _QUANTITIES:
        return any(place_like(p) for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children)
    return False


def contain(found: list[tuple[PlaceRef, str]]) -> list[tuple[PlaceRef, str]]:
    """Districts around named places become their admin context; places inside unnamed ones are locations.

    "took Talish in the Tartar district": the district is Talish's admin context, not a second place;
    "seven villages of the D district were liberated": D is where, not what, was taken.
    """
    named = [r for r, role in found if role in {"patient", "source"} and not r.contained]
    areas = [r for r, role in found if (role == "location" or r.contained) and _is_area(r)]
    if named and areas:
        # "the settlements of A in the D district": D, found inside the phrase, is A's context too
        found = [(r, role) for r, role in found if not ((role == "location" or r.contained) and _is_area(r))]
        found = [
            (replace(r, admin=r.admin or areas[0].mention) if role in {"patient", "source"} else r, role)
            for r, role in found
        ]
    if any(not is_country(r) for r, _ in found):
        # "crossed into Armenia at Kornidzor", "in western Georgia, troops set up checkpoints in Zugdidi",
        # "a helicopter downed over Armenia near V": the nearest, most specific place
        found = [(r, role) for r, role in found if not is_country(r)]
    return [(r, "location" if role == "patient" and r.contained else role) for r, role in found]


def ground_first(refs: list[PlaceRef]) -> list[tuple[PlaceRef, str]]:
    """Where a flag or post stands, as patients; a district or region beside a named place is only its context.

    "the flag was raised in the city of V, in the D region": V is claimed, D is where V lies (:func:`contain`).
    """
    inner = any(not _is_area(r) and not is_country(r) for r in refs)
    return [(r, "location" if inner and _is_area(r) else "patient") for r in refs]


def _is_area(ref: PlaceRef) -> bool:
    """A district or region: by its gazetteer kind, or by the kind word the text gives it ("the Qubadli region")."""
    place = ref.mention.place
    return ref.mention.cue in {"district", "region"} or (place is not None and place.kind in {"district", "region"})


def participants(token: Token, roles: Roles, places: SentencePlaces) -> list[PlaceRef]:
    """The countries taking part in talks: in the subject ("ministers of Turkey and Azerbaijan") or "with X"."""
    refs: list[PlaceRef] = []
    if roles.agent is not None:
        refs += [r for r in places.of_phrase(roles.agent) if is_country(r)]
        refs += [PlaceRef(m) for m in places.mentions_in(list(roles.agent.subtree)) if _country(m)]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in {"with", "between"}:
            refs += [PlaceRef(m) for m in places.mentions_in(list(prep.subtree)) if _country(m)]
    seen: set[str] = set()
    out = []
    for ref in refs:
        key = ref.mention.place.place_id if ref.mention.place else ref.mention.surface
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def is_country(ref: PlaceRef) -> bool:
    """Whether a place reference is a country."""
    return _country(ref.mention)


def _country(mention: object) -> bool:
    place = getattr(mention, "place", None)
    return place is not None and place.kind == "country"


_FRONT_TYPES = frozenset({"territory_claimed", "armed_clash", "shelling_strike"})


def share_places(frames: list[Frame], doc: Doc) -> list[Frame]:
    """A frame without places takes those of a related frame of the same sentence.

    Casualties and destroyed equipment are where the strike or fighting of
    their sentence was; a territory frame is where the participle clause
    attached to it was ("Attacking the positions in the Agdara district,
    units encircled a garrison": the encirclement is in Agdara).
    """
    out = []
    for original in frames:
        frame = replace(original, clause=clause_of(doc[original.index]))
        if not frame.places:
            donors = [f for f in frames if f.places and f is not original]
            if frame.type == "territory_claimed":
                # ground where the clause's fighting was, not where equipment was left ("..., fleeing towards V")
                token = doc[frame.index]
                donors = [f for f in donors if _clause_linked(token, doc[f.index]) and f.type in _FRONT_TYPES]
            elif frame.type in {"casualties", "equipment_destroyed"}:
                # where the strike or fighting was; or the toll joined to it ("one was killed and two wounded in V")
                linked = [f for f in donors if f.type == frame.type and _clause_linked(doc[frame.index], doc[f.index])]
                donors = (
                    [f for f in donors if f.type in {"shelling_strike", "armed_clash"}]
                    or linked
                    or [f for f in donors if f.type == "equipment_destroyed" and frame.type == "casualties"]
                )  # "shot down a helicopter near V; two crew members were killed"
            elif frame.type in {"shelling_strike", "armed_clash"}:
                # "12 people were killed in V when a missile hit a block", "two were hurt in V when their group
                # came under shelling": the strike is where its toll was
                token = doc[frame.clause] if frame.clause >= 0 else doc[frame.index]
                tolls = {"casualties", "equipment_destroyed"}  # not a clash beside a strike ("fighting went on, and")
                donors = [f for f in donors if f.type in tolls and _clause_linked(token, doc[f.index])]
            else:
                donors = []
            if donors:
                donor = min(donors, key=lambda f: abs(f.index - frame.index))
                # a toll is counted once: "shelled A, B and C, wounding five" is five wounded at A, not at each
                once = frame.fatalities is not None or frame.type == "casualties"
                shared = donor.places[:1] if once else donor.places
                frame = replace(frame, places=tuple((ref, "location") for ref, _ in shared))
            elif _fallback(frame) and not (
                frame.type == "casualties" and any(f.type == "casualties" and f.places for f in frames)
            ):  # one toll per sentence: "lost 16 servicemen killed and a hundred wounded"
                frame = replace(frame, places=_fallback(frame) if frame.fatalities is None else frame.fallback[:1])
        out.append(frame)
    return out


def clause_of(token: Token) -> int:
    """The index of the head of the finite clause ``token`` is in: the first verb up with its own subject."""
    for current in (token, *token.ancestors):
        if current.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in {*SUBJECTS, "nsubjpass", "expl"} for c in current.children
        ):
            return current.i
    return token.sent.root.i


def _fallback(frame: Frame) -> tuple[tuple[PlaceRef, str], ...]:
    """A frame's fallback places; a speaker's country only for a death toll ("Azerbaijan's prosecutor says 90 ...")."""
    if frame.fatalities is not None:
        return frame.fallback
    return tuple((r, role) for r, role in frame.fallback if not is_country(r))


def _clause_linked(a: Token, b: Token) -> bool:
    return (b.head.i == a.i and b.dep_ in {"advcl", "conj"}) or (a.head.i == b.i and a.dep_ in {"advcl", "conj"})
