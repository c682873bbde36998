r"""Events: what a report says happened where, who says so, and who holds the ground.

:func:`extract_events` reads a report sentence by sentence. Each sentence
that reports something (territory taken, fighting, shelling, destroyed
equipment, casualties, a curfew, diplomacy) gives one :class:`Event` per
place it names as the location, so a sentence naming four cities under
curfew gives four events. Every event keeps its provenance: report, claimant,
quoted sentence with its span, the mention's span, the date and its
precision, and an ACLED-style geo-precision.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> from geomap.reports import parse_report
>>> report = parse_report("---\nside: azerbaijan\ndate: 2020-09-27\n---\n"
...     "The Murov height was liberated, the Azerbaijani Defense Ministry reported.", report_id="r")
>>> [(e.type, e.place.name, e.control, e.controller, e.claimant)
...  for e in extract_events(report, Geoparser(Gazetteer.default(base=False)))]
[('territory_claimed', 'Murovdag', 'taken', 'azerbaijan', 'Azerbaijani Defense Ministry')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geomap import names
from geomap.areas import areas_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd

    from geomap.gazetteer import Gazetteer, Place
    from geomap.geoparse import Geoparser, Mention
    from geomap.reports import Report

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_TYPES",
    "Event",
    "Sentence",
    "attribute",
    "events_frame",
    "extract_events",
    "split_sentences",
]

#: Event types (ACLED-aligned; the devset's labels).
EVENT_TYPES = (
    "territory_claimed",
    "armed_clash",
    "shelling_strike",
    "equipment_destroyed",
    "casualties",
    "civil_measure",
    "diplomacy",
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a report body with its span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    """One thing a report says happened at one place.

    Attributes
    ----------
    event_id
        ``<report_id>:<n>``.
    report_id, report_side, report_source, report_url, report_date
        The report it comes from, whose claims it carries, and its date.
    type
        One of :data:`EVENT_TYPES`.
    place
        The place the event is located at, or None when the name is in no
        gazetteer (the event is kept and reported, not dropped).
    surface, start, end
        The place name as written and its span in the report body.
    alias
        The gazetteer name that matched.
    claimant
        Who says it ("Azerbaijani Defense Ministry", "Artur Sargsyan").
    control, controller
        For events about control: ``taken``, ``held``, ``lost``,
        ``contested`` or ``encircled``, and the side said to control (or to
        be taking, encircling) the place.
    stance
        ``asserts`` or ``denies``.
    date, date_precision
        When it happened, as precisely as the text or the report says
        (``day``, ``month``, ``year``), or None.
    geo_precision
        1 the named place itself, 2 near it or part of a district, 3 only a
        wider region or country.
    sentence, sentence_start, sentence_end
        The sentence that says it, quoted, with its span.
    """

    event_id: str
    report_id: str
    type: str
    place: Place | None
    surface: str
    start: int
    end: int
    alias: str | None
    claimant: str
    control: str | None
    controller: str | None
    stance: str
    date: dt.date | None
    date_precision: str | None
    geo_precision: int
    sentence: str
    sentence_start: int
    sentence_end: int
    report_side: str = ""
    report_source: str = ""
    report_url: str = ""
    report_date: dt.date | None = None


# --------------------------------------------------------------------------- sentences

_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9ƏÖÜÇŞĞİ#])"  # the usual: an end mark, then a capital
    r"|(?<=[a-z]{3}\.)\s+(?=[a-z]+\s)"  # "in early hours. news website said": a lower-case start after a word
    r"|\n\s*\n|\n(?=[A-Z0-9ƏÖÜÇŞĞİ\"“])"
)
_ABBREVIATIONS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|St|No|Nov|Oct|Sept?|Jan|Feb|Mar|Apr|Aug|Dec|U\.S|etc|vs)\.$")


def split_sentences(text: str) -> list[Sentence]:
    r"""Sentences of ``text`` with spans; line breaks end headlines.

    Examples
    --------
    >>> [s.text for s in split_sentences("Baku said so. Gen. Smith left.\nHeadline\nNext one.")]
    ['Baku said so.', 'Gen. Smith left.', 'Headline', 'Next one.']
    """
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _ABBREVIATIONS.search(text[start : match.start()]):
            continue
        _append(sentences, text, start, match.start())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(stripped, start + lead, start + lead + len(stripped)))


# --------------------------------------------------------------------------- what a sentence reports

_TYPE_PATTERNS: dict[str, re.Pattern[str]] = {
    "territory_claimed": re.compile(
        r"\b(liberat\w*|taken under control|(?:was|were|been) taken by|fell to"
        r"|remains? under (?:the )?control|took (?:full )?control|taken control"
        r"|came under (?:the )?control|coming under control"
        r"|under (?:the )?control of|(?:are|is|were|was) controlled by|captur\w*|seiz\w*|retook|retaken"
        r"|regain\w*|recaptur\w*"
        r"|freed|encircl\w*|surround\w*|withdr[ae]w\w*|retreat\w*|abandon\w*|leaving the|took (?:a number of )?villages"
        r"|taken (?:a number of )?villages|lost control|hold(?:s|ing)? the)\b",
        re.IGNORECASE,
    ),
    "armed_clash": re.compile(
        r"\b(fight\w*|clash\w*|battle\w*|attack\w*|offensive|counter-offensive|hostilities|combat|resist\w*|skirmish\w*"
        r"|moving toward|advance\w*|sabotage)\b",
        re.IGNORECASE,
    ),
    "shelling_strike": re.compile(
        r"\b(shell\w*|strikes?|struck|missiles?|rockets?|bomb\w*|pounded|artillery|firing on|fired (?:at|on)|fire at"
        r"|opened (?:intensive )?fire|drones? strikes?|airstrikes?|hit)\b(?!\s+(?:system|defen[cs]e|launcher))",
        re.IGNORECASE,
    ),
    "equipment_destroyed": re.compile(
        r"\b(destroy\w*|shot down|downed)\b[^.]*\b(system|tanks?|vehicles?|drones?|helicopters?|aircraft"
        r"|S-\d+|artillery"
        r"|equipment|launchers?|armou?red)\b",
        re.IGNORECASE,
    ),
    "casualties": re.compile(
        r"\b(killed|killing|wounded|wounding|dead|died|injured|casualties|deaths?|lost \d+ servicemen)\b",
        re.IGNORECASE,
    ),
    "civil_measure": re.compile(
        r"\b(curfew|martial law|evacuat\w*|state of emergency|mobili[sz]ation)\b", re.IGNORECASE
    ),
    "diplomacy": re.compile(
        r"\b(talks|telephone conversation|phone call|negotiat\w*|foreign ministers?|diplomat\w*|discussed"
        r"|ceasefire agreement"
        r"|summit|called on)\b",
        re.IGNORECASE,
    ),
}
# What kind of control a territory sentence claims; first match wins.
_CONTROL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("encircled", re.compile(r"\b(encircl\w*|surround\w*)\b", re.IGNORECASE)),
    ("lost", re.compile(r"\b(lost control|withdr[ae]w\w*|retreat\w*|abandon\w*|leaving the)\b", re.IGNORECASE)),
    (
        "taken",
        re.compile(
            r"\b(c[oa]m(?:e|ing) under (?:the )?control|taken under control|took (?:full )?control|liberat\w*|captur\w*"
            r"|seiz\w*|retook|retaken|recaptur\w*|regain\w*|freed|(?:was|were|been) taken by|fell to)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "held",
        re.compile(
            r"\b((?:are|is|were|was) controlled by|remains? under (?:the )?control|under (?:the )?control of"
            r"|hold(?:s|ing)? the)\b",
            re.IGNORECASE,
        ),
    ),
    ("contested", re.compile(r"\b(fighting for|battles? for|contested)\b", re.IGNORECASE)),
    ("taken", re.compile(r".", re.DOTALL)),
)
# Where one claim ends and the next begins inside a sentence.
_CLAUSE_BREAK = re.compile(r",?\s+and that\s+|;\s*|,\s+while\s+|,\s+whereas\s+|,?\s+but\s+", re.IGNORECASE)
_DENIAL = re.compile(r"\b(den(?:y|ies|ied)|refut\w*|not true|false|fake|disinformation|did not|never)\b", re.IGNORECASE)

# Armed forces of a side: "Azerbaijani army", "Armenian Armed Forces", "Ukrainian troops".
_FORCE_WORDS = r"(?:army|armed forces|forces|troops|units|military|soldiers|servicemen)"
_NEAR_CUES = re.compile(
    r"\b(near|outskirts of|close to|around|direction of|toward|towards|in the direction|vicinity of"
    r"|environs of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DIRECTION = re.compile(r"\b(?:in the )?direction of\s+(?:the\s+)?$|\btoward(?:s)?\s+(?:the\s+)?$", re.IGNORECASE)
_LOCATION_BEFORE = re.compile(
    r"\b(in|at|near|into|across|throughout|inside|territor(?:y|ies) of|region of|cities of|towns of"
    r"|villages of)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- who says it

_SAY = r"(?:said|says|reported|claimed|confirmed|announced|stated|told|added|noted|declared|informed)"
_ORG = re.compile(
    r"\b((?:[A-Z][a-z]+(?:ani|ian|ish|ese|i|an)\s+)?(?:Defen[cs]e Ministry|Ministry of Defen[cs]e(?: of [A-Z]\w+)?|MoD"
    r"|Foreign Ministry|Ministry of Foreign Affairs|General Staff(?: of the Armed Forces)?|Armed Forces' General Staff"
    r"|press service|Kremlin press service|Kremlin|State Service of Emergency Situations"
    r"|Presidential Administration))\b"
)
_NAME_RUN = re.compile(r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3})\s*,?\s*$")
_SAID_BEFORE = re.compile(r"([^,;:\"“”()]{2,120}?),?\s+(?:also\s+|later\s+|then\s+)?" + _SAY + r"\b")
_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+)?([^,.;:]{2,80})", re.IGNORECASE)
_REPORT_ANAPHOR = re.compile(r"^(?:the )?(?:report|statement|ministry|source|it|he|she|they)$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|be)\s*$", re.IGNORECASE)
_LEADING = re.compile(r"^(?:the|a|an|also|earlier|thus|meanwhile|in the meantime)\s+", re.IGNORECASE)


def _clean_claimant(phrase: str) -> str:
    phrase = phrase.strip(" ,.;:\"“”'")
    while _LEADING.match(phrase):
        phrase = _LEADING.sub("", phrase, count=1)
    org = _ORG.search(phrase)
    if org:
        found = org.group(1)
        # "press service of the Azerbaijani Defense Ministry" -> the ministry.
        inner = _ORG.search(phrase, org.end())
        return (inner.group(1) if found.lower().startswith("press service") and inner else found).strip()
    name = _NAME_RUN.search(phrase)
    return name.group(1) if name else phrase


def _own_claimant(sentence: str) -> str | None:
    """The source a sentence names for itself; ``""`` for "the report added"; None when it names none."""
    match = _ACCORDING.search(sentence)
    if match and match.group(1).strip():
        return _clean_claimant(match.group(1))
    said = None
    for said in _SAID_BEFORE.finditer(sentence):  # noqa: B007 - the last saying verb names the source
        pass
    if said is None:
        return None
    if _PASSIVE.search(said.group(1)):
        return None  # "fighting ... was reported": no source named
    phrase = _clean_claimant(said.group(1))
    return "" if not phrase or _REPORT_ANAPHOR.match(phrase) else phrase


def attribute(sentences: Sequence[Sentence], default: str) -> list[str]:
    """The claimant of each sentence.

    A sentence that names its source has it; "the report added" refers back
    to the last named source, and so do the unattributed sentences between
    that source and the anaphor; other sentences are the report's own
    (``default``).

    Examples
    --------
    >>> text = "X fell, the Defense Ministry reported. Y fell. Z too, the report added. W."
    >>> attribute(split_sentences(text), "paper")
    ['Defense Ministry', 'Defense Ministry', 'Defense Ministry', 'paper']
    """
    claimants: list[str] = []
    last = default
    pending: list[int] = []
    for i, sentence in enumerate(sentences):
        own = _own_claimant(sentence.text)
        if own:
            last = own
            pending = []
            claimants.append(own)
        elif own == "":
            for j in pending:
                claimants[j] = last
            pending = []
            claimants.append(last)
        else:
            pending.append(i)
            claimants.append(default)
    return claimants


# --------------------------------------------------------------------------- which side

_SIDE_WORDS: dict[str, str] = {}


def _sides(demonyms: dict[str, Place]) -> dict[str, str]:
    """Folded demonym or country name -> side slug (lower-case country name)."""
    table = {names.key(p.name): p.name.lower() for p in demonyms.values()}
    table.update({d: p.name.lower() for d, p in demonyms.items()})
    table.update({"artsakh": "armenia", "karabakh": "armenia", "separatist": "armenia", "separatists": "armenia"})
    return table


def _clause(sentence: Sentence, start: int) -> str:
    """The clause of ``sentence`` that holds the text offset ``start``."""
    offset = start - sentence.start
    lo, hi = 0, len(sentence.text)
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        if match.end() <= offset:
            lo = match.end()
        elif match.start() >= offset:
            hi = match.start()
            break
    return sentence.text[lo:hi]


def _control(clause: str, sentence: str, sides: dict[str, str], default: str) -> tuple[str, str | None]:
    """Kind of control and the side said to hold: from the mention's clause, else from the sentence."""
    kind = next(
        (k for k, pattern in _CONTROL_PATTERNS[:-1] if pattern.search(clause)),
        next(k for k, pattern in _CONTROL_PATTERNS if pattern.search(sentence)),
    )
    holder = _controller(clause, sides, "") or _controller(sentence, sides, default)
    return kind, holder


def _controller(sentence: str, sides: dict[str, str], default: str) -> str | None:
    by = re.search(r"\bcontrolled by (?:the )?(\w+)", sentence, re.IGNORECASE)
    if by and names.key(by.group(1)) in sides:
        return sides[names.key(by.group(1))]
    for match in re.finditer(r"\b([A-Z]\w+)(?:’s|'s)?\s+(?:\w+\s+)?" + _FORCE_WORDS + r"\b", sentence):
        word = names.key(match.group(1))
        if word in sides:
            return sides[word]
    return default or None


# --------------------------------------------------------------------------- dates

_MONTHS = {
    m.lower(): i
    for i, m in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:-\d{1,2})?\s+" + _MONTH + r"(?:,?\s+(\d{4}))?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:-\d{1,2})?(?:,?\s+(\d{4}))?\b", re.IGNORECASE)


def _sentence_date(sentence: str, report: Report) -> tuple[dt.date | None, str | None]:
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.search(sentence)
        if match:
            year = int(match.group(3)) if match.group(3) else (report.date.year if report.date else None)
            if year is None:
                continue
            try:
                return dt.date(year, _MONTHS[match.group(month_group).lower()], int(match.group(day_group))), "day"
            except ValueError:
                continue
    return report.date, report.date_precision


# --------------------------------------------------------------------------- the extractor

_AREA_KINDS = {"region", "country"}


def _geo_precision(place: Place | None, before: str) -> int:
    if place is None:
        return 3
    if place.kind in _AREA_KINDS:
        return 3
    if place.kind == "district" or _NEAR_CUES.search(before):
        return 2
    return 1


def _locations(event_type: str, text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions of one sentence that are where an event of this type happened."""
    named = [m for m in mentions if m.role in {"name", "demonym"} if event_type == "diplomacy" or m.role == "name"]
    if event_type == "diplomacy":
        return [m for m in named if m.place is None or m.place.kind == "country"] or named
    local = [m for m in named if m.place is None or m.place.kind not in _AREA_KINDS]
    if event_type == "territory_claimed":
        # "in the direction of the Goranboy District, the Murov height was liberated": Goranboy is orientation.
        local = [m for m in local if not _DIRECTION.search(text[max(0, m.start - 40) : m.start])]
    if local:
        return local
    wide = [m for m in named if m.place is not None and m.place.kind == "region"]
    if wide:
        return wide
    return [m for m in named if _LOCATION_BEFORE.search(text[max(0, m.start - 40) : m.start])]


def extract_events(report: Report, parser: Geoparser, *, mentions: Sequence[Mention] | None = None) -> list[Event]:
    """The events of ``report``, in text order.

    Parameters
    ----------
    report
        The report.
    parser
        Geoparser used to find the places (unless ``mentions`` are given).
    mentions
        The report's mentions, if already parsed.

    Returns
    -------
    list of Event
        One event per (sentence, event type, location); events whose place
        is unknown are included with ``place=None``.
    """
    text = report.text
    found = list(parser.parse(text) if mentions is None else mentions)
    sides = _sides(parser.gazetteer.demonyms)
    sentences = split_sentences(text)
    claimants = attribute(sentences, report.source or report.side or "unknown")
    events: list[Event] = []
    for sentence, claimant in zip(sentences, claimants, strict=True):
        inside = [m for m in found if sentence.start <= m.start < sentence.end]
        types = [t for t, pattern in _TYPE_PATTERNS.items() if pattern.search(sentence.text)]
        if not inside or not types:
            continue
        date, date_precision = _sentence_date(sentence.text, report)
        stance = "denies" if _DENIAL.search(sentence.text) else "asserts"
        for event_type in types:
            seen: set[str] = set()
            for mention in _locations(event_type, text, inside):
                key = mention.place.place_id if mention.place else mention.surface
                if key in seen:
                    continue
                seen.add(key)
                control = controller = None
                if event_type == "territory_claimed":
                    control, controller = _control(_clause(sentence, mention.start), sentence.text, sides, report.side)
                before = text[max(0, mention.start - 40) : mention.start]
                events.append(
                    Event(
                        event_id=f"{report.report_id}:{len(events) + 1}",
                        report_id=report.report_id,
                        type=event_type,
                        place=mention.place,
                        surface=mention.surface,
                        start=mention.start,
                        end=mention.end,
                        alias=mention.alias,
                        claimant=claimant,
                        control=control,
                        controller=controller,
                        stance=stance,
                        date=date,
                        date_precision=date_precision,
                        geo_precision=_geo_precision(mention.place, before),
                        sentence=sentence.text,
                        sentence_start=sentence.start,
                        sentence_end=sentence.end,
                        report_side=report.side,
                        report_source=report.source,
                        report_url=report.url,
                        report_date=report.date,
                    )
                )
    return events


# --------------------------------------------------------------------------- tabular form

EVENT_COLUMNS = (
    "event_id",
    "report_id",
    "type",
    "place_id",
    "place_name",
    "place_kind",
    "surface",
    "start",
    "end",
    "alias",
    "claimant",
    "control",
    "controller",
    "stance",
    "date",
    "date_precision",
    "geo_precision",
    "sentence",
    "sentence_start",
    "sentence_end",
    "report_side",
    "report_source",
    "report_url",
    "report_date",
    "layer",
    "coord_source",
    "lat",
    "lon",
    "geometry_method",
)


def events_frame(events: Sequence[Event], *, gazetteer: Gazetteer | None = None) -> gpd.GeoDataFrame:
    """Events as a GeoDataFrame (EPSG:4326), one row each, with every provenance field.

    An event keeps the geometry of what it is about: the point of a town or
    height, the line of a road, the derived area of a district or region
    (``geometry_method`` says how it was made). Events at unknown places
    have no geometry and ``place_id`` None.
    """
    import geopandas as gpd  # noqa: PLC0415 - keep `import geomap.events` light

    areal = [i for i, e in enumerate(events) if e.place is not None and e.place.kind in {"district", "region"}]
    areas = dict(zip(areal, areas_for([events[i].place for i in areal], gazetteer), strict=True))  # type: ignore[misc]
    rows, geoms = [], []
    for i, e in enumerate(events):
        p = e.place
        if p is None:
            geom, method = None, "unknown place"
        elif i in areas:
            geom, method = areas[i].geometry, areas[i].method
        elif p.kind == "road" and p.line:
            geom, method = p.geometry, "the road's line (sourced waypoints)"
        else:
            geom, method = p.geometry, "the place's point"
        geoms.append(geom)
        rows.append(
            {
                "event_id": e.event_id,
                "report_id": e.report_id,
                "type": e.type,
                "place_id": p.place_id if p else None,
                "place_name": p.name if p else None,
                "place_kind": p.kind if p else None,
                "surface": e.surface,
                "start": e.start,
                "end": e.end,
                "alias": e.alias,
                "claimant": e.claimant,
                "control": e.control,
                "controller": e.controller,
                "stance": e.stance,
                "date": e.date,
                "date_precision": e.date_precision,
                "geo_precision": e.geo_precision,
                "sentence": e.sentence,
                "sentence_start": e.sentence_start,
                "sentence_end": e.sentence_end,
                "report_side": e.report_side,
                "report_source": e.report_source,
                "report_url": e.report_url,
                "report_date": e.report_date,
                "layer": p.layer if p else None,
                "coord_source": p.source if p else None,
                "lat": p.lat if p else None,
                "lon": p.lon if p else None,
                "geometry_method": method,
            }
        )
    return gpd.GeoDataFrame(rows, columns=list(EVENT_COLUMNS), geometry=geoms, crs="EPSG:4326")
