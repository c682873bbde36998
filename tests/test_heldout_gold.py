"""The held-out set's gold agrees with its reports: spans, sentences, labels and the gold format geomap reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from geomap import settings
from geomap.corpora.jsonl import read_jsonl
from geomap.events import EVENT_TYPES
from geomap.reports import read_report

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"
GOLD = HELDOUT / "heldout.jsonl"
ROLES = {"literal", "associative", "in_name"}


def _documents() -> list[dict[str, Any]]:
    with GOLD.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


DOCS = _documents()


def _ids(docs: list[dict[str, Any]]) -> list[str]:
    return [d["id"] for d in docs]


def _sides() -> set[str]:
    with (settings.gazetteer_dir / "demonyms.csv").open(encoding="utf-8", newline="") as handle:
        countries = {row["country"].lower() for row in csv.DictReader(handle)}
    return countries | {"unknown"}  # the side of the war: ground the Artsakh Defence Army holds is armenia's


def test_the_gold_has_one_document_for_each_of_the_ten_report_files() -> None:
    assert _ids(DOCS) == sorted(p.stem for p in (HELDOUT / "reports").glob("*.txt"))
    assert len(DOCS) == 10


def test_geomap_reads_every_gold_document() -> None:
    assert [d.id for d in read_jsonl(GOLD)] == _ids(DOCS)


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_the_gold_text_is_the_body_of_its_report_file(doc: dict[str, Any]) -> None:
    report = read_report(HELDOUT / "reports" / f"{doc['id']}.txt")
    assert report.text == doc["text"]
    assert dict(report.meta) == doc["meta"]


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_report_says_it_is_constructed(doc: dict[str, Any]) -> None:
    assert "constructed" in doc["meta"]["note"]


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_toponym_span_is_its_surface_with_a_place(doc: dict[str, Any]) -> None:
    text = doc["text"]
    for top in doc["toponyms"]:
        assert text[top["start"] : top["end"]] == top["surface"], top
        assert top["role"] in ROLES, top
        assert top["name"], top
        assert top["kind"], top
        assert -90 <= top["lat"] <= 90, top
        assert -180 <= top["lon"] <= 180, top
        assert top["tolerance_km"] > 0, top


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_event_sentence_is_the_text_of_its_span(doc: dict[str, Any]) -> None:
    text = doc["text"]
    for event in doc["events"]:
        assert text[event["sentence_start"] : event["sentence_end"]] == event["sentence"], event
        assert event["sentence"] == event["sentence"].strip(), event


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_event_place_is_a_toponym_of_its_report(doc: dict[str, Any]) -> None:
    names = {t["name"] for t in doc["toponyms"]}
    for event in doc["events"]:
        assert event["place"] in names, event


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_event_has_a_type_claimant_and_stance(doc: dict[str, Any]) -> None:
    for event in doc["events"]:
        assert event["type"] in EVENT_TYPES, event
        assert event["stance"] in {"asserts", "denies"}, event
        assert event["claimant"].strip(), event


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_territory_events_and_only_they_name_the_controlling_side(doc: dict[str, Any]) -> None:
    sides = _sides()
    for event in doc["events"]:
        if event["type"] == "territory_claimed":
            assert event["controller"] in sides, event
        else:
            assert "controller" not in event, event


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_an_anaphor_is_in_its_sentence_after_a_mention_of_its_place(doc: dict[str, Any]) -> None:
    for event in (e for e in doc["events"] if "anaphor" in e):
        where = event["sentence_start"] + event["sentence"].index(event["anaphor"])
        assert any(t["name"] == event["place"] and t["start"] < where for t in doc["toponyms"]), event


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_route_span_is_its_surface(doc: dict[str, Any]) -> None:
    for route in doc["routes"]:
        assert doc["text"][route["start"] : route["end"]] == route["surface"], route
        assert route["via"], route
