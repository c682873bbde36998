"""The values of the event grammar: a report's sentences and the events they give.

Examples
--------
>>> Sentence("Goris was shelled.", 0, 18).text
'Goris was shelled.'
>>> "other" in EVENT_TYPES
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from geomap.gazetteer import Place

__all__ = ["EVENT_TYPES", "PLACE_ROLES", "Event", "Sentence"]

#: Event types (ACLED-aligned; the dev set's labels). ``other`` holds ACLED's strategic developments:
#: agreements, handovers and non-violent transfers of territory, planned acts, renamings, mines laid.
EVENT_TYPES = (
    "territory_claimed",
    "armed_clash",
    "shelling_strike",
    "equipment_destroyed",
    "casualties",
    "civil_measure",
    "diplomacy",
    "other",
)

#: How the place of an event stands in its frame: the thing taken, held or hit (``patient``), the place
#: left (``source``), where it happened (``location``), the country of a party (``participant``).
PLACE_ROLES = ("patient", "source", "location", "participant")


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
        The place name as written and its span in the report body (for a
        place found by anaphora, the earlier mention it refers to).
    alias
        The gazetteer name that matched.
    claimant
        Who says it: the speaker of the saying verb that governs the event
        ("Azerbaijani Defense Ministry", "Artur Sargsyan"), else the report's
        own source.
    control, controller
        For events about control: ``taken``, ``held``, ``lost``,
        ``contested`` or ``encircled``, and the side the sentence says
        controls (or is taking, encircling) the place, ``None`` when the
        sentence does not say.
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
    actor1, actor2
        ACLED's actors: who acts (a side such as ``azerbaijan``, else the
        words of the agent) and against whom; ``""`` when not said.
    fatalities
        Deaths the sentence states (ACLED counts deaths only), or None.
    sub_event_type
        ACLED's sub-event type where one fits ("Armed clash", "Air/drone
        strike", "Shelling/artillery/missile attack", "Government regains
        territory", "Non-violent transfer of territory", "Agreement", "Other"),
        else None.
    place_role
        How the place stands in the frame, one of :data:`PLACE_ROLES`.
    admin
        The district or region the sentence puts the place in ("V in the D
        district" -> D), or None.
    resolved_by
        ``name`` when the sentence names the place, ``anaphora`` when it
        refers back to it ("the town", "there", "both roads").
    trigger
        The lemma of the word that reports the event ("liberate", "shell").
    relay
        Who passed the claim on ("citing X", "X reported, quoting Y"), or ``""``.
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
    actor1: str = ""
    actor2: str = ""
    fatalities: int | None = None
    sub_event_type: str | None = None
    place_role: str = "location"
    admin: str | None = None
    resolved_by: str = "name"
    trigger: str = ""
    relay: str = ""
