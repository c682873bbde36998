"""The whole path for a batch of reports: process one report, run a batch, write the outputs."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from geomap.acled import ACLED_COLUMNS
from geomap.errors import ExportError, ReportFormatError
from geomap.outputs import verify
from geomap.pipeline import MENTION_COLUMNS, ReportResult, mentions_frame, process_report, run

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from geomap.geoparse import Geoparser
    from geomap.reports import Report

OUTPUTS = {"map.html", "events.geojson", "events.csv", "claims.geojson", "routes.geojson", "places.csv", "errors.csv"}
GPKG_LAYERS = ["events_point", "events_line", "events_polygon", "claims", "routes", "places"]
LOCK = ".geomap.lock"


@pytest.fixture(scope="module")
def seed_result(parser: Geoparser, seed: Report) -> ReportResult:
    return process_report(seed, parser)


@pytest.fixture
def good_and_bad(tmp_path: Path, seed_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(seed_path, folder / "good.txt")
    (folder / "bad.txt").write_bytes(b"Goris was shelled near Caf\xe9.\n")
    return folder


def test_process_report_gives_mentions_events_claims_and_routes(seed_result: ReportResult, seed: Report) -> None:
    assert seed_result.report is seed
    assert seed_result.mentions
    assert seed_result.events
    assert isinstance(seed_result.claims, gpd.GeoDataFrame)
    assert {"Murovdag", "Vardenis–Agdara road"} <= set(seed_result.claims["place_name"])
    assert [r.place_id for r in seed_result.routes] == ["curated:road-vardenis-agdara"]


def test_process_report_mentions_keep_their_spans(seed_result: ReportResult, seed: Report) -> None:
    assert all(seed.text[m.start : m.end] == m.surface for m in seed_result.mentions)


def test_mentions_frame_has_one_row_per_mention(seed_result: ReportResult) -> None:
    frame = mentions_frame([seed_result])
    assert list(frame.columns) == list(MENTION_COLUMNS)
    assert len(frame) == len(seed_result.mentions)
    assert set(frame["report_id"]) == {seed_result.report.report_id}


def test_mentions_frame_includes_unresolved_mentions(parser: Geoparser, make_report: Callable[..., Report]) -> None:
    result = process_report(make_report("Fighting was reported near the village of Qzwertyan and in Goris."), parser)
    frame = mentions_frame([result])
    unresolved = frame[~frame["resolved"].astype(bool)]
    assert unresolved["surface"].tolist() == ["Qzwertyan"]
    assert unresolved[["place_id", "name", "lat", "lon"]].isna().all(axis=None)
    assert [m.surface for m in result.unresolved] == ["Qzwertyan"]


def test_run_keeps_going_past_a_bad_file(good_and_bad: Path, tmp_path: Path, parser: Geoparser) -> None:
    batch = run([good_and_bad], tmp_path / "out", parser)
    assert [r.report.report_id for r in batch.results] == ["good"]
    (error,) = batch.errors
    assert isinstance(error, ReportFormatError)
    assert error.path == str(good_and_bad / "bad.txt")
    assert "not UTF-8" in str(error)


def test_run_writes_the_outputs_and_their_manifest(good_and_bad: Path, tmp_path: Path, parser: Geoparser) -> None:
    out = tmp_path / "out"
    batch = run([good_and_bad], out, parser)
    assert {p.name for p in batch.written.values()} == OUTPUTS
    assert {p.name for p in out.iterdir()} == {*OUTPUTS, "manifest.json", LOCK}
    assert verify(out) == []


def test_run_lists_the_skipped_reports_in_errors_csv(good_and_bad: Path, tmp_path: Path, parser: Geoparser) -> None:
    batch = run([good_and_bad], tmp_path / "out", parser)
    errors = pd.read_csv(batch.written["errors"], dtype=str, keep_default_na=False)
    assert errors[["file", "line", "set"]].to_dict("records") == [
        {"file": str(good_and_bad / "bad.txt"), "line": "1", "set": "run"}
    ]
    assert errors["reason"].str.startswith("file is not UTF-8").all()


def test_run_events_csv_has_acleds_columns_and_a_row_per_event(
    good_and_bad: Path, tmp_path: Path, parser: Geoparser
) -> None:
    batch = run([good_and_bad], tmp_path / "out", parser)
    table = pd.read_csv(batch.written["events_csv"])
    assert list(table.columns[: len(ACLED_COLUMNS)]) == list(ACLED_COLUMNS)
    assert len(table) == len(batch.results[0].events)


def test_run_gpkg_holds_every_layer_in_one_file(good_and_bad: Path, tmp_path: Path, parser: Geoparser) -> None:
    batch = run([good_and_bad], tmp_path / "out", parser, formats={"gpkg"})
    layers = pyogrio.list_layers(batch.written["gpkg"])[:, 0].tolist()
    assert layers == GPKG_LAYERS
    counts = sum(len(gpd.read_file(batch.written["gpkg"], layer=name)) for name in GPKG_LAYERS[:3])
    assert counts == len(batch.results[0].events)


def test_run_parquet_writes_events_and_claims_that_read_back(
    good_and_bad: Path, tmp_path: Path, parser: Geoparser
) -> None:
    batch = run([good_and_bad], tmp_path / "out", parser, formats={"parquet"})
    events = gpd.read_parquet(batch.written["events_parquet"])
    claims = gpd.read_parquet(batch.written["claims_parquet"])
    assert (len(events), len(claims)) == (len(batch.results[0].events), len(batch.results[0].claims))


def test_run_calls_progress_once_per_report(good_and_bad: Path, tmp_path: Path, parser: Geoparser) -> None:
    seen: list[str] = []
    run([good_and_bad], tmp_path / "out", parser, progress=lambda r: seen.append(r.report_id))
    assert seen == ["good"]


def test_run_writes_nothing_when_no_report_is_readable(tmp_path: Path, parser: Geoparser) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out"
    batch = run([folder], out, parser)
    assert (batch.results, batch.written) == ((), {})
    assert len(batch.errors) == 2
    assert not out.exists()


def test_run_leaves_no_temporary_files_in_the_output_folder(
    good_and_bad: Path, tmp_path: Path, parser: Geoparser
) -> None:
    out = tmp_path / "out"
    run([good_and_bad], out, parser)
    run([good_and_bad], out, parser)  # over the previous outputs
    assert sorted(p.name for p in out.iterdir() if p.name != LOCK) == sorted({*OUTPUTS, "manifest.json"})


def test_failed_write_keeps_the_previous_file_and_no_temporary_file(
    good_and_bad: Path, tmp_path: Path, parser: Geoparser, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run([good_and_bad], out, parser)
    before = (out / "places.csv").read_bytes()

    def half_write(self: pd.DataFrame, path: Path, **kwargs: object) -> None:
        path.write_text("surface,sta", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_write)
    with pytest.raises(ExportError, match=r"places\.csv"):
        run([good_and_bad], out, parser)
    assert (out / "places.csv").read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != LOCK]
    assert verify(out) == []


def test_run_numbers_reports_with_the_same_name(tmp_path: Path, seed_path: Path, parser: Geoparser) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(seed_path, tmp_path / sub / "same.txt")
    batch = run([tmp_path / "a", tmp_path / "b"], tmp_path / "out", parser)
    assert [r.report.report_id for r in batch.results] == ["same", "same-2"]
