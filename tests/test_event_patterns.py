"""The event grammar, family by family, on sentences written for these tests (tests/data/event_patterns.jsonl).

Each case is a short text with the events it must give: the set of (place, type) pairs exactly, and for
each event the fields the case names (control, controller, stance, claimant, fatalities, ...).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geomap.events import extract_events

if TYPE_CHECKING:
    from geomap.events import Event
    from geomap.geoparse import Geoparser

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "event_patterns.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
_META = ("side", "date", "source")


def _name(event: Event) -> str:
    return event.place.name if event.place is not None else event.surface


def test_there_are_enough_cases_in_every_family() -> None:
    families = {c["family"] for c in CASES}
    assert len(CASES) >= 150
    assert len(families) >= 20


def test_every_territory_case_names_its_controlling_side() -> None:
    unsided = [
        c["id"] for c in CASES for e in c["events"] if e["type"] == "territory_claimed" and "controller" not in e
    ]
    assert unsided == []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence_gives_the_expected_events(case: dict, parser: Geoparser, make_report) -> None:
    report = make_report(case["text"], **{k: case[k] for k in _META if k in case})
    events = extract_events(report, parser)
    got = {(_name(e), e.type): e for e in events}
    assert set(got) == {(x["place"], x["type"]) for x in case["events"]}, [(_name(e), e.type) for e in events]
    for expected in case["events"]:
        event = got[expected["place"], expected["type"]]
        for field, value in expected.items():
            if field not in {"place", "type"}:
                assert getattr(event, field) == value, (field, getattr(event, field))
