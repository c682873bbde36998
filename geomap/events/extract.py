r"""From a report to its events: sentences, the few worth parsing, frames, claimants, one event per act.

Only sentences that can carry an event are parsed: they have a trigger word
form (:func:`geomap.events.lexicon.might_report`) and a place mention or a
word that can refer back to one, or a saying verb (they set who speaks for
the sentences after them). All of them go through spaCy in one batch.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> from geomap.reports import parse_report
>>> report = parse_report("---\nside: azerbaijan\ndate: 2020-09-27\n---\n"
...     "The Murov height was liberated, the Azerbaijani Defense Ministry reported.", report_id="r")
>>> [(e.type, e.place.name, e.control, e.controller, e.claimant)
...  for e in extract_events(report, Geoparser(Gazetteer.default(base=False)))]
[('territory_claimed', 'Murovdag', 'taken', 'azerbaijan', 'Azerbaijani Ministry of Defence')]
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geomap import settings
from geomap.events.anaphora import Discourse
from geomap.events.casing import parse_form
from geomap.events.claimant import (
    Attribution,
    ClaimantMemory,
    attribute_doc,
    claim_owner,
    clause_speaker,
)
from geomap.events.frames import Frame, frames_of
from geomap.events.headings import may_head
from geomap.events.holders import acting_side, forces_named
from geomap.events.lexicon import SAY_VERBS, STAY_VERBS, might_report
from geomap.events.model import Event, Sentence
from geomap.events.parse import parse
from geomap.events.places import PlaceRef, SentencePlaces
from geomap.events.quotes import Speech, own_voice
from geomap.events.sentences import sentence_date, split_sentences
from geomap.events.sides import Sides, opponent, war_side
from geomap.events.voice import home_side, voice_side

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from geomap.events.tokens import Doc
    from geomap.gazetteer import Gazetteer
    from geomap.geoparse import Geoparser, Mention
    from geomap.reports import Report

__all__ = ["attribute", "extract_events", "extract_events_batch"]

#: Event types that share one reading per (sentence, place), strongest first: a sentence about
#: missiles fired at a city is one strike there, not a strike and a clash.
_GROUND = ("territory_claimed", "other", "shelling_strike", "armed_clash")
_ANAPHOR_WORDS = re.compile(
    r"\b(?:the|both|two)\s+(?:\w+\s+){0,3}?(?:town|village|city|settlement|height|hill|road|roads|corridor|district"
    r"|region|river|capital)s?\b|\bthere\b|\bit\b",
    re.IGNORECASE,
)
_SAY_FORMS = re.compile(
    r"\b(?:" + "|".join(sorted({w.removesuffix("e") for w in SAY_VERBS}, key=len, reverse=True)) + r")\w*"
    r"|\b(?:said|told|wrote|spoke|spoken|according to|citing|quoting|decree|resolution|directive|ordinance)\b",
    re.IGNORECASE,
)
#: The sentences a report's lede may take (a dateline, then the summary): its first speaker named after them says it.
_LEDE = 2
#: How a sentence ends; a line ending otherwise is a heading ("02:10 Crowds storm government building").
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ":", ";", "…", ")")
_BYLINE = re.compile(r"\b\d{4}\b|\b\d{1,2}\s+[A-Z][a-z]+\b|\bFeature\b")


@dataclass(frozen=True, slots=True)
class _Draft:
    sentence: int
    frame: Frame
    ref: PlaceRef
    role: str
    claimant: str = ""  # the speaker of the frame's own clause, when not the sentence's ("..., while Baku said")
    relay: str = ""


def _sides(parser: Geoparser) -> Sides:
    return _gazetteer_sides(parser.gazetteer, settings.gazetteer_dir)


@functools.lru_cache(maxsize=4)
def _gazetteer_sides(gazetteer: Gazetteer, _folder: Path) -> Sides:
    """The sides of ``gazetteer``, built once per gazetteer and tables folder (``_folder``), not once per report."""
    return Sides.from_gazetteer(gazetteer)


def _own_source(report: Report) -> str:
    """The report's own voice for the sentences it states itself: its source, unless that is a byline."""
    source = report.source.strip()
    return "unknown" if not source or _BYLINE.search(source) else source


def _worth_parsing(sentence: Sentence, inside: Sequence[Mention]) -> bool:
    text = sentence.text
    if _SAY_FORMS.search(text) or may_head(text):
        return True
    return might_report(text) and (bool(inside) or _ANAPHOR_WORDS.search(text) is not None)


def extract_events(report: Report, parser: Geoparser, *, mentions: Sequence[Mention] | None = None) -> list[Event]:
    """The events of ``report``, in text order.

    Parameters
    ----------
    report
        The report.
    parser
        Geoparser used to find the places (unless ``mentions`` are given); its
        gazetteer's demonyms name the sides.
    mentions
        The report's mentions, if already parsed.

    Returns
    -------
    list of Event
        One event per (sentence, place, act): the strongest reading of the
        sentence about that place. Events whose place is unknown are kept
        with ``place=None``.
    """
    (events,) = extract_events_batch([report], parser, mentions=None if mentions is None else [mentions])
    return events


def extract_events_batch(
    reports: Sequence[Report], parser: Geoparser, *, mentions: Sequence[Sequence[Mention]] | None = None
) -> list[list[Event]]:
    """The events of each of ``reports``, as :func:`extract_events` gives them, parsed in one spaCy batch.

    The sentences worth parsing of all the reports go through one ``nlp.pipe``
    call, so its batches stay full however short the reports (fewer, larger
    matrix products); each report is read on its own otherwise, and gives
    the same events as alone.

    Parameters
    ----------
    reports
        The reports.
    parser
        As for :func:`extract_events`.
    mentions
        Each report's mentions, in the order of ``reports``, if already parsed.
    """
    found = [list(parser.parse(r.text)) for r in reports] if mentions is None else [list(m) for m in mentions]
    plans = [_plan(report.text, here) for report, here in zip(reports, found, strict=True)]
    sides = _sides(parser)
    out: list[list[Event]] = []
    with _no_cycle_collection():
        docs = iter(
            parse([_parse_form(sentences[i], inside[i]) for sentences, inside, wanted in plans for i in wanted])
        )
        for report, (sentences, inside, wanted) in zip(reports, plans, strict=True):
            parsed = {i: next(docs) for i in wanted}
            claimants, relays, drafts, memory = _read(sentences, inside, parsed, sides, _own_source(report), report)
            out.append(_events(report, sentences, claimants, relays, drafts, memory))
    return out


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a batch is parsed and read, then resumed.

    Parsing and reading make hundreds of thousands of short-lived token
    objects, freed by reference counting; each of them counts towards the
    collector's next pass, which walks every object of the process (the
    gazetteer, the model): a tenth of the batch's time. Garbage in cycles
    waits until the batch ends. A collector paused by someone else stays so.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _parse_form(sentence: Sentence, inside: Sequence[Mention]) -> str:
    """The sentence as the parser sees it: a title-case headline's common words lower-cased (:mod:`.casing`)."""
    return parse_form(sentence.text, [(m.start - sentence.start, m.end - sentence.start) for m in inside])


def _plan(text: str, found: Sequence[Mention]) -> tuple[list[Sentence], list[list[Mention]], list[int]]:
    """A report's sentences, the mentions in each, and which sentences are worth parsing."""
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    inside: list[list[Mention]] = [[] for _ in sentences]
    for mention in found:  # each mention into the sentence it starts in, keeping their order
        k = bisect.bisect_right(starts, mention.start) - 1
        if k >= 0 and mention.start < sentences[k].end:
            inside[k].append(mention)
    wanted = [i for i, s in enumerate(sentences) if _worth_parsing(s, inside[i])]
    return sentences, inside, wanted


def _read(  # noqa: C901, PLR0917
    sentences: Sequence[Sentence],
    inside: Sequence[Sequence[Mention]],
    docs: dict[int, Doc],
    sides: Sides,
    default: str,
    report: Report,
) -> tuple[list[str], list[str], list[_Draft], ClaimantMemory]:
    discourse = Discourse()
    previous: str | None = None  # the side the report last said was acting
    memory = ClaimantMemory(home=home_side(report.side, report.source, sides))
    voice = voice_side(report.source)  # the side of the report's own sentences, when its source is a side's body
    parties: Counter[str] = Counter()  # the sides the report names as acting so far
    claimants = [default] * len(sentences)
    relays = [""] * len(sentences)
    pending: list[int] = []
    drafts: list[_Draft] = []
    document: Attribution | None = None
    speech = Speech.of(report.text, sentences)
    for i, sentence in enumerate(sentences):
        doc = docs.get(i)
        memory.line(sentence.text)  # a live blog's time of day ends the lines under its last heading
        attribution = attribute_doc(doc, sides, memory) if doc is not None else Attribution("")
        if attribution.document:
            document = attribution
        elif attribution.claimant or not sentence.text.rstrip().endswith(_SENTENCE_ENDS):
            document = None  # a speaker named, or a heading line ("02:10 Crowds storm ..."), ends a document's terms
        elif document is not None and doc is not None:
            # the sentences right after "the decree orders ..." go on stating it (its words are not in them)
            attribution = replace(document, tokens=frozenset())
        attribution = speech.attribute(i, sentence.text, attribution, docs, sides=sides, memory=memory)
        _attribute(i, attribution, memory, claimants, relays, pending, own=doc is not None and own_voice(doc))
        if doc is None:
            discourse.add(i, inside[i])
            continue
        places = SentencePlaces(doc, sentence.start, list(inside[i]), discourse, i)
        speaker_places = places.mentions_in([doc[t] for t in sorted(attribution.tokens)])
        places.excluded = set(attribution.tokens)
        discourse.add(i, inside[i], speakers=places.speaking())
        side = attribution.side or next((sides.of_country(m.place) for m in speaker_places), None)
        side = (side or memory.side_of(attribution.claimant)) if attribution.claimant else voice
        frames = frames_of(places, sides, claimant_side=side, context_side=previous, report_date=report.date,
                           home_side=memory.home)  # fmt: skip
        named = forces_named(places, sides)
        parties.update(named)
        # ground a side left is held by the other side the sentence names as acting; a loss denied, by the
        # side the report names as acting against the denier ("Yerevan denies the fall of V": Baku's claim)
        frames = [
            replace(
                f, controller=opponent(f.loser, named) or _denied_to(f, parties, sides) or _conceded_to(f, side, sides)
            )
            if f.loser and not f.controller
            else f
            for f in frames
        ]
        parties.update(f.controller or f.actor1 for f in frames if sides.is_side(f.controller or f.actor1 or ""))
        if attribution.claimant and side is None:
            # A speaker announcing that a side "liberated" or "took" ground speaks for that side.
            gains = {f.controller for f in frames if f.control == "taken" and f.controller and not f.negated}
            if len(gains) == 1:
                memory.learn_side(attribution.claimant, gains.pop())
        previous = acting_side(doc, sides) or previous
        for frame in frames:
            acting = [a for a in (frame.actor1, frame.controller, frame.loser) if a and sides.is_side(a)]
            previous = (frame.controller or frame.actor1) if acting and frame.loser is None else previous
            own = clause_speaker(doc[frame.index], sides, memory)
            owner = claim_owner(doc[frame.index], sides, memory)
            if owner is not None:
                frame, own = _owned(frame, owner, own, sides)  # noqa: PLW2901 - the frame as the claim's
            for ref, role in frame.places:
                drafts.append(_Draft(i, frame, ref, role, own.claimant if own else "", own.relay if own else ""))
                if frame.type in {"territory_claimed", "armed_clash"}:
                    discourse.mark_fought_over(ref.mention)
    return claimants, relays, drafts, memory


def _denied_to(frame: Frame, parties: Counter[str], sides: Sides) -> str | None:
    """Who holds the ground in the claim a loser denies: its opponent in the report, else its rival.

    "V has not fallen, says one side" denies the other side's claim to hold V: the event is that claim, denied.
    """
    return (opponent(frame.loser, parties) or sides.rival(frame.loser)) if frame.negated else None


def _conceded_to(frame: Frame, speaker_side: str | None, sides: Sides) -> str | None:
    """Who holds ground a side says it lost, naming no taker: its rival ("we lost control of V", "V is no longer ours").

    A withdrawal ("our units left V") says who left, not who holds V now.
    """
    lost = frame.trigger in {"lose", "loss"} or frame.trigger in STAY_VERBS
    return sides.rival(frame.loser) if lost and not frame.negated and frame.loser == speaker_side else None


def _owned(frame: Frame, owner: Attribution, own: Attribution | None, sides: Sides) -> tuple[Frame, Attribution | None]:
    """A frame in someone's claim ("claims by X that V was retaken"): X's gain, claimed by X unless denied.

    Denied ("Statements by X that V has been captured are false"), the sentence's speaker stays the claimant
    and the capture denied is X's.
    """
    if frame.control == "taken" and not frame.controller and not frame.actor1 and sides.is_side(owner.side or ""):
        frame = replace(frame, controller=owner.side)
    return frame, own if frame.negated else owner


def _attribute(  # noqa: PLR0917
    i: int,
    attribution: Attribution,
    memory: ClaimantMemory,
    claimants: list[str],
    relays: list[str],
    pending: list[int],
    *,
    own: bool = False,
) -> None:
    """Set sentence ``i``'s claimant; a back reference ("the report added") also claims the pending sentences.

    So does a report's first speaker named right after its lede: the lede sums up what that speaker says.
    A sentence in the report's own voice (``own``: "Our forces hold V") stays the report's.
    """
    if attribution.claimant:
        claimants[i] = attribution.claimant
        relays[i] = attribution.relay
        if attribution.back or (i <= _LEDE and memory.named == [attribution.claimant]):
            for j in pending:
                claimants[j] = attribution.claimant
        pending.clear()
    elif (memory.last or i < _LEDE) and not own:
        pending.append(i)


def _key(ref: PlaceRef) -> str:
    place = ref.mention.place
    return place.place_id if place is not None else ref.mention.surface.lower()


def _strength(draft: _Draft) -> tuple[int, int, int, int]:
    frame = draft.frame
    rank = _GROUND.index(frame.type) if frame.type in _GROUND else 0
    return (-rank, int(draft.role == "patient"), int(frame.controller is not None), int(frame.fatalities is not None))


def _other_clause(drafts: Sequence[_Draft], best: dict[tuple[int, str, str, bool], _Draft]) -> list[_Draft]:
    """A clash beside a strike (or a strike beside a clash) at the same place, in another clause.

    "Fighting goes on near V, and the village is under fire" reports both; "a missile attack on V" one.
    """
    pair = {"shelling_strike": "armed_clash", "armed_clash": "shelling_strike"}
    extra: dict[tuple[int, str, bool], _Draft] = {}
    for draft in drafts:
        key = (draft.sentence, _key(draft.ref), _family(draft.frame.type), draft.frame.negated)
        chosen = best[key]
        if pair.get(chosen.frame.type) != draft.frame.type or chosen.frame.clause == draft.frame.clause:
            continue
        place = (draft.sentence, _key(draft.ref), draft.frame.negated)
        if place not in extra or _strength(draft) > _strength(extra[place]):
            extra[place] = draft
    return list(extra.values())


def _family(event_type: str) -> str:
    return "ground" if event_type in _GROUND else event_type


def _events(  # noqa: PLR0917
    report: Report,
    sentences: Sequence[Sentence],
    claimants: Sequence[str],
    relays: Sequence[str],
    drafts: Sequence[_Draft],
    memory: ClaimantMemory,
) -> list[Event]:
    best: dict[tuple[int, str, str, bool], _Draft] = {}
    for draft in drafts:
        # a denied act and an asserted one at the same place are two readings ("had not fallen; fighting goes on")
        key = (draft.sentence, _key(draft.ref), _family(draft.frame.type), draft.frame.negated)
        if key not in best or _strength(draft) > _strength(best[key]):
            best[key] = draft
    # "claims that we withdrew from V are groundless; V remains ours": the denied loss restates the claim asserted
    asserted = {
        (d.sentence, _key(d.ref)) for d in best.values() if d.frame.type == "territory_claimed" and not d.frame.negated
    }
    chosen = sorted(
        (
            d
            for d in [*best.values(), *_other_clause(drafts, best)]
            if not (d.frame.negated and d.frame.control == "lost" and (d.sentence, _key(d.ref)) in asserted)
        ),
        key=lambda d: (d.sentence, d.ref.mention.start, d.frame.index),
    )
    events: list[Event] = []
    for draft in chosen:
        sentence = sentences[draft.sentence]
        mention, frame = draft.ref.mention, draft.frame
        date, date_precision = sentence_date(sentence.text, report)
        place = mention.place
        precision = draft.ref.precision
        if place is not None and place.kind in {"region", "country"}:
            precision = 3
        elif (place is not None and place.kind == "district") or mention.geo_precision:
            precision = max(precision, mention.geo_precision or 2)  # a listed village: located at its district
        events.append(
            Event(
                event_id=f"{report.report_id}:{len(events) + 1}",
                report_id=report.report_id,
                type=frame.type,
                place=place,
                surface=mention.surface,
                start=mention.start,
                end=mention.end,
                alias=mention.alias,
                claimant=draft.claimant or claimants[draft.sentence],
                control=frame.control,
                controller=war_side(
                    frame.controller or (memory.side_of(claimants[draft.sentence]) if frame.claimant_holds else None)
                ),
                stance="denies" if frame.negated else "asserts",
                date=date,
                date_precision=date_precision,
                geo_precision=precision,
                sentence=sentence.text,
                sentence_start=sentence.start,
                sentence_end=sentence.end,
                report_side=report.side,
                report_source=report.source,
                report_url=report.url,
                report_date=report.date,
                actor1=frame.actor1,
                actor2=frame.actor2,
                fatalities=frame.fatalities,
                sub_event_type=frame.sub_event_type,
                place_role=draft.role,
                admin=draft.ref.admin.place.name if draft.ref.admin and draft.ref.admin.place else None,
                resolved_by="anaphora" if draft.ref.anaphora else "name",
                trigger=frame.trigger,
                relay=draft.relay if draft.claimant else relays[draft.sentence],
            )
        )
    return events


def attribute(sentences: Sequence[Sentence], default: str, *, parser: Geoparser | None = None) -> list[str]:
    """The claimant of each sentence (parsing the sentences that name a speaker).

    A sentence that names its speaker has it; "the report added" refers back
    to the last named speaker, and so do the unattributed sentences between
    that speaker and the back reference; other sentences are the report's
    own (``default``).

    Examples
    --------
    >>> text = "X fell, the Defense Ministry reported. Y fell. Z too, the report added. W."
    >>> attribute(split_sentences(text), "paper")
    ['Ministry of Defence', 'Ministry of Defence', 'Ministry of Defence', 'paper']
    """
    from geomap.gazetteer import Gazetteer  # noqa: PLC0415 - only when no parser is given

    sides = _sides(parser) if parser is not None else Sides.from_gazetteer(Gazetteer.default(base=False))
    wanted = [i for i, s in enumerate(sentences) if _SAY_FORMS.search(s.text)]
    docs = dict(zip(wanted, parse([sentences[i].text for i in wanted]), strict=True))
    memory = ClaimantMemory()
    claimants = [default] * len(sentences)
    relays = [""] * len(sentences)
    pending: list[int] = []
    for i in range(len(sentences)):
        doc = docs.get(i)
        attribution = attribute_doc(doc, sides, memory) if doc is not None else Attribution("")
        _attribute(i, attribution, memory, claimants, relays, pending)
    return claimants
