"""Scoring events against gold (geomap evaluate GOLD --events)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import ReportFormatError
from geomap.events import extract_events
from geomap.events.scoring import claimant_matches, read_gold_events, score_events

if TYPE_CHECKING:
    from pathlib import Path

TEXT = "Goris was shelled by Azerbaijani forces, the Armenian MoD said. Armenian units hold Talish."


def _gold(tmp_path: Path, events: list[dict]) -> Path:
    doc = {
        "id": "d1",
        "text": TEXT,
        "meta": {"date": "2020-10-01", "source": "constructed"},
        "toponyms": [
            {"start": 0, "end": 5, "surface": "Goris", "name": "Goris", "lat": 39.51, "lon": 46.34, "tolerance_km": 5},
            {"start": 84, "end": 90, "surface": "Talish", "name": "Talish", "lat": 40.38, "lon": 46.74,
             "tolerance_km": 5},
        ],
        "events": events,
    }  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    return path


def _event(place: str, event_type: str, start: int, end: int, **extra: str) -> dict:
    return {"place": place, "type": event_type, "claimant": "Armenian Ministry of Defence", "stance": "asserts",
            "sentence_start": start, "sentence_end": end, **extra}  # fmt: skip


@pytest.fixture
def two_gold_events(tmp_path: Path) -> Path:
    return _gold(
        tmp_path,
        [
            _event("Goris", "shelling_strike", 0, 63),
            _event("Talish", "territory_claimed", 64, 91, controller="armenia"),
        ],
    )


def test_predictions_matching_every_gold_event_score_one(two_gold_events, parser) -> None:
    reports, gold = read_gold_events(two_gold_events)
    score = score_events(reports, gold, lambda r: extract_events(r, parser))
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert (score.type_right, score.stance_right) == (1.0, 1.0)
    assert (score.side_right, score.side_scored) == (1.0, 1)


def test_a_missed_gold_event_is_listed_and_lowers_recall(tmp_path, parser) -> None:
    path = _gold(tmp_path, [_event("Goris", "shelling_strike", 0, 63), _event("Goris", "casualties", 0, 63)])
    reports, gold = read_gold_events(path)
    score = score_events(reports, gold, lambda r: extract_events(r, parser))
    assert score.recall == 0.5
    assert score.recall_by_type == {"casualties": 0.0, "shelling_strike": 1.0}
    assert score.misses == [{"doc": "d1", "place": "Goris", "type": "casualties", "sentence_start": 0}]
    assert [a["place"] for a in score.false_alarms] == ["Talish"]


def test_a_wrong_controller_counts_against_the_side_score(tmp_path, parser) -> None:
    path = _gold(tmp_path, [_event("Talish", "territory_claimed", 64, 91, controller="azerbaijan")])
    reports, gold = read_gold_events(path)
    assert score_events(reports, gold, lambda r: extract_events(r, parser)).side_right == 0.0


def test_a_gold_side_field_is_scored_as_the_controller(tmp_path, parser) -> None:
    path = _gold(tmp_path, [_event("Talish", "territory_claimed", 64, 91, side="armenia")])
    reports, gold = read_gold_events(path)
    score = score_events(reports, gold, lambda r: extract_events(r, parser))
    assert (score.side_right, score.side_scored) == (1.0, 1)


def test_a_gold_unknown_side_is_right_when_the_sentence_names_no_holder(tmp_path, parser) -> None:
    text_start = TEXT.index("Armenian units")
    path = _gold(tmp_path, [_event("Talish", "territory_claimed", text_start, len(TEXT), controller="unknown")])
    path.write_text(path.read_text(encoding="utf-8").replace("Armenian units hold", "The troops had left"), "utf-8")
    reports, gold = read_gold_events(path)
    assert score_events(reports, gold, lambda r: extract_events(r, parser)).side_right == 1.0


def test_an_event_far_from_the_gold_place_does_not_match(tmp_path, parser) -> None:
    path = _gold(tmp_path, [_event("Talish", "shelling_strike", 0, 63)])
    reports, gold = read_gold_events(path)
    assert score_events(reports, gold, lambda r: extract_events(r, parser)).matched == 0


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Ilham Aliyev", "President Ilham Aliyev (via RFE/RL)", True),
        ("Armenian MoD", "Armenian Ministry of Defence (via Novaya Gazeta Europe)", True),
        ("Azerbaijani Defence Ministry", "Armenian Ministry of Defence", False),
        ("local residents", "Local residents (via News.am)", True),
        ("Hikmat Hajiyev", "Artur Sargsyan", False),
        ("Baku's defence ministry", "Azerbaijani Ministry of Defence", True),
        ("Azerbaijani Ministry of Defence", "Azerbaijani Prosecutor-General's Office", False),
        ("Tbilisi", "Georgian Ministry of Internal Affairs", False),
        ("Nune Petrosyan", "Armenian Ministry of Foreign Affairs (Nune Petrosyan)", True),
        ("Moscow", "Russia (via TASS)", True),
    ],
)
def test_claimants_match_loosely_by_name_or_organisation(predicted: str, gold: str, same: bool) -> None:  # noqa: FBT001
    assert claimant_matches(predicted, gold) is same


def test_a_report_own_statement_matches_only_the_report_own_voice() -> None:
    assert claimant_matches("paraphrase of Interfax", "Report (own statement)", own="paraphrase of Interfax")
    assert not claimant_matches("Georgian Ministry of Internal Affairs", "Report (own statement)", own="Interfax")


def test_a_gold_line_without_text_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ReportFormatError, match=r"bad.jsonl:1: not a gold document"):
        read_gold_events(path)


def test_cli_evaluate_events_prints_the_scores(two_gold_events) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(two_gold_events), "--events", "--format", "json", "--no-base"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["f1"] == 1.0


def test_dev_set_events_hold_their_targets(shared_dir: Path, parser) -> None:
    reports, gold = read_gold_events(shared_dir / "devset" / "devset.jsonl")
    score = score_events(reports, gold, lambda r: extract_events(r, parser))
    assert score.f1 is not None
    assert score.f1 >= 0.90
    assert score.claimant_right is not None
    assert score.claimant_right >= 0.85


@pytest.mark.parametrize("label", ["Report (own assessment)", "Human rights organisation (own findings)"])
def test_any_own_voice_label_matches_the_report_own_voice(label: str) -> None:
    assert claimant_matches("Institute for War Studies", label, own="Institute for War Studies")
    assert not claimant_matches("Azerbaijani Ministry of Defence", label, own="Institute for War Studies")
