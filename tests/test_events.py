"""Events: what a report says happened where, who says so, and who holds the ground."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
import shapely

from geomap import settings
from geomap.errors import ParserModelError
from geomap.events import EVENT_TYPES, attribute, events_frame, extract_events, split_sentences
from geomap.events import extract as extract_module
from geomap.events.parse import load_pipeline

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser


@pytest.fixture(scope="module")
def seed_events(parser: Geoparser, seed):
    return extract_events(seed, parser)


def _at(events, name: str, event_type: str):
    return [e for e in events if e.place is not None and e.place.name == name and e.type == event_type]


def test_murov_height_is_taken_by_azerbaijan_says_the_defense_ministry(seed_events) -> None:
    (murov,) = _at(seed_events, "Murovdag", "territory_claimed")
    assert (murov.control, murov.controller) == ("taken", "azerbaijan")
    assert murov.claimant == "Azerbaijani Ministry of Defence"
    assert murov.geo_precision == 1
    assert "Murov height was liberated" in murov.sentence


def test_road_taken_under_control_is_one_event_about_the_road(seed_events) -> None:
    (road,) = [e for e in seed_events if e.place is not None and e.place.kind == "road"]
    assert (road.type, road.control, road.controller) == ("territory_claimed", "taken", "azerbaijan")
    assert road.surface == "Vardenis-Agdara military road"


def test_road_event_geometry_is_the_roads_line(seed_events, gazetteer) -> None:
    frame = events_frame(seed_events, gazetteer=gazetteer)
    road = frame[frame["place_kind"] == "road"].iloc[0]
    assert road.geometry.geom_type == "LineString"
    assert len(road.geometry.coords) > 2
    start, end = shapely.Point(road.geometry.coords[0]), shapely.Point(road.geometry.coords[-1])
    assert start.distance(shapely.Point(45.73, 40.18)) < 0.05  # Vardenis
    assert end.distance(shapely.Point(46.81, 40.22)) < 0.05  # Agdara / Martakert


def test_garrison_encircled_in_agdara_district(seed_events) -> None:
    (encircled,) = [e for e in seed_events if e.control == "encircled"]
    assert encircled.place.kind == "district"
    assert encircled.surface == "Agdara"
    assert encircled.geo_precision == 2


def test_s300_destroyed_in_karabakh(seed_events) -> None:
    destroyed = [e for e in seed_events if e.type == "equipment_destroyed" and "S-300" in e.sentence]
    assert "Karabakh" in {e.place.name for e in destroyed}


def test_curfew_sentence_gives_one_event_per_city(seed_events) -> None:
    curfew = [e for e in seed_events if e.type == "civil_measure" and "curfew would be introduced" in e.sentence]
    assert [e.surface for e in curfew] == ["Baku", "Ganca", "Goygol", "Yevlax"]
    assert {e.place.name for e in curfew} == {"Baku", "Ganja", "Goygol", "Yevlakh"}


def test_casualty_claim_is_attributed_to_artur_sargsyan(seed_events) -> None:
    claims = [e for e in seed_events if e.type == "casualties" and e.claimant == "Artur Sargsyan"]
    assert claims
    assert "16 servicemen" in claims[0].sentence


def test_diplomacy_between_turkey_and_azerbaijan(seed_events) -> None:
    talks = [e for e in seed_events if e.type == "diplomacy" and "telephone conversation" in e.sentence]
    assert {"Turkey", "Azerbaijan"} <= {e.place.name for e in talks}


def test_every_event_keeps_its_provenance(seed_events, seed) -> None:
    for event in seed_events:
        assert event.report_id == seed.report_id
        assert seed.text[event.sentence_start : event.sentence_end] == event.sentence
        assert seed.text[event.start : event.end] == event.surface
        assert event.sentence_start <= event.start < event.sentence_end
        assert event.claimant
        assert event.date == dt.date(2020, 9, 27)
        assert event.geo_precision in {1, 2, 3}


def test_event_frame_has_every_provenance_field(seed_events, gazetteer) -> None:
    frame = events_frame(seed_events, gazetteer=gazetteer)
    for column in ("report_id", "sentence", "claimant", "date", "geo_precision", "alias", "coord_source"):
        assert frame[column].notna().all(), column


def test_district_event_geometry_is_an_approximate_area(seed_events, gazetteer) -> None:
    frame = events_frame(seed_events, gazetteer=gazetteer)
    district = frame[frame["place_kind"] == "district"].iloc[0]
    assert district.geometry.geom_type in {"Polygon", "MultiPolygon"}
    assert "derived" in district.geometry_method or "circle" in district.geometry_method


def test_sentence_date_overrides_report_date(parser: Geoparser, make_report) -> None:
    report = make_report(
        "On 3 October Azerbaijani forces took control of Talish.", date="2020-09-27", side="azerbaijan"
    )
    (event,) = extract_events(report, parser)
    assert (event.date, event.date_precision) == (dt.date(2020, 10, 3), "day")


def test_month_precision_of_report_date_is_kept(parser: Geoparser, make_report) -> None:
    report = make_report("Goris was shelled.", date="2022-09")
    (event,) = extract_events(report, parser)
    assert (event.date, event.date_precision) == (dt.date(2022, 9, 1), "month")


def test_controlled_by_names_the_holder(parser: Geoparser, make_report) -> None:
    report = make_report("The Lachin corridor is controlled by the Armenian Armed Forces.", side="azerbaijan")
    (event,) = extract_events(report, parser)
    assert (event.control, event.controller) == ("held", "armenia")


def test_denial_is_kept_with_its_stance(parser: Geoparser, make_report) -> None:
    report = make_report("The ministry denied that Talish was captured.", side="armenia")
    (event,) = extract_events(report, parser)
    assert event.stance == "denies"


def test_event_at_unknown_place_is_kept_without_a_place(parser: Geoparser, make_report) -> None:
    report = make_report("Shelling hit the village of Qzwertyan overnight.")
    (event,) = extract_events(report, parser)
    assert (event.place, event.surface, event.type) == (None, "Qzwertyan", "shelling_strike")


def test_frame_row_of_unknown_place_has_no_geometry(parser: Geoparser, make_report) -> None:
    report = make_report("Shelling hit the village of Qzwertyan overnight.")
    frame = events_frame(extract_events(report, parser))
    assert frame.geometry.isna().all()
    assert frame["geometry_method"].tolist() == ["unknown place"]


def test_sentences_split_at_end_marks_and_lines() -> None:
    sentences = split_sentences("Baku said so. Gen. Smith left.\nHeadline\n\nNext one.")
    assert [s.text for s in sentences] == ["Baku said so.", "Gen. Smith left.", "Headline", "Next one."]


def test_report_anaphor_attributes_the_sentences_before_it() -> None:
    sentences = split_sentences("A fell, the Defense Ministry reported. B fell. C fell, the report added. D.")
    assert attribute(sentences, "paper") == ["Ministry of Defence"] * 3 + ["paper"]


def test_according_to_names_the_claimant() -> None:
    sentences = split_sentences("According to the Armenian MoD, Talish held.")
    assert attribute(sentences, "paper") == ["Armenian Ministry of Defence"]


def test_event_frame_has_the_acled_columns(parser: Geoparser, make_report) -> None:
    report = make_report("A Russian strike on Mykolaiv killed four people.")
    frame = events_frame(extract_events(report, parser))
    casualty = frame[frame["type"] == "casualties"].iloc[0]
    assert casualty["fatalities"] == 4
    assert set(frame["sub_event_type"]) >= {"Shelling/artillery/missile attack"}
    assert frame.loc[frame["type"] == "shelling_strike", "actor1"].tolist() == ["russia"]
    for column in ("actor1", "actor2", "fatalities", "sub_event_type", "place_role", "resolved_by", "relay"):
        assert column in frame.columns


def test_other_is_an_event_type() -> None:
    assert EVENT_TYPES[-1] == "other"
    assert len(set(EVENT_TYPES)) == 8


def test_missing_spacy_pipeline_is_one_clear_error(parser: Geoparser, make_report, monkeypatch) -> None:
    monkeypatch.setattr(settings, "spacy_model", "no_such_pipeline_xyz")
    with pytest.raises(ParserModelError, match=r"no_such_pipeline_xyz.*settings\.spacy_model"):
        extract_events(make_report("Goris was shelled."), parser)


def test_the_pipeline_is_loaded_once_per_model_name() -> None:
    assert load_pipeline(settings.spacy_model) is load_pipeline(settings.spacy_model)


def test_only_sentences_that_can_carry_an_event_are_parsed(parser: Geoparser, make_report, monkeypatch) -> None:
    seen: list[str] = []
    real = extract_module.parse

    def spy(texts):
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(extract_module, "parse", spy)
    text = "Goris has twenty thousand inhabitants. The weather was fine. Goris was shelled at night."
    extract_events(make_report(text), parser)
    assert seen == ["Goris was shelled at night."]


def test_geomap_places_never_imports_spacy(seed_path, tmp_path) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from geomap.cli import app\n"
        f"result = CliRunner().invoke(app, ['places', {str(seed_path)!r}, '--no-base', '--format', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('spacy' in sys.modules)\n"
    )
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_sentences_after_a_decree_go_on_stating_its_author(parser: Geoparser, make_report) -> None:
    report = make_report(
        "President Ilham Aliyev signed a decree on the emergency. The decree orders the evacuation of border "
        "villages. A curfew is imposed in Ganja and Barda."
    )
    curfew = [e for e in extract_events(report, parser) if e.type == "civil_measure"]
    assert {e.place.name for e in curfew} == {"Ganja", "Barda"}
    assert {e.claimant for e in curfew} == {"President Ilham Aliyev"}
