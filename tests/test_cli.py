"""The ``geomap`` command, run in-process with typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import pytest
import shapely
import typer
from typer.testing import CliRunner, Result

import geomap
from geomap import crs, settings
from geomap.cli import app
from geomap.gazetteer import names
from geomap.pipeline import claims_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from geomap.gazetteer import Gazetteer
    from geomap.geoparse import Geoparser

REPO_EXAMPLES = "examples"
ROAD_HELD = "2020-09-28-armenia-road-held.txt"
MENTION_KEYS = {
    "surface",
    "start",
    "end",
    "name",
    "kind",
    "lat",
    "lon",
    "alias",
    "place_id",
    "source",
    "score",
    "resolved",
}
SET_FILES = {"errors.csv", "manifest.json", ".geomap.lock"}  # every output set has them (geomap.outputs)
RUN_OUTPUTS = {"map.html", "events.geojson", "events.csv", "claims.geojson", "routes.geojson", "places.csv", *SET_FILES}
Feature = dict[str, Any]
UNRESOLVED_REPORT = "Fighting was reported near the village of Qzwertyan.\n"

# A wide terminal, so rich does not wrap messages (CliRunner's streams are not terminals).
runner = CliRunner(env={"COLUMNS": "4000"})


def _invoke(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def _flat(text: str) -> str:
    """Text without whitespace, so a name is found even where rich wrapped the line."""
    return "".join(text.split())


def _names(result: Result, text: str) -> bool:
    return _flat(text) in _flat(result.output)


def _failed_cleanly(result: Result) -> bool:
    """Exit code 1 through typer.Exit, one error line, no traceback."""
    return (
        result.exit_code == 1
        and isinstance(result.exception, SystemExit)
        and result.output.count("error:") == 1
        and "Traceback" not in result.output
    )


def _pairs(coords: object) -> Iterator[tuple[float, float]]:
    """Every (lon, lat) pair in GeoJSON coordinates, however nested."""
    if isinstance(coords, list) and coords and isinstance(coords[0], (int, float)):
        yield coords[0], coords[1]
    elif isinstance(coords, list):
        for item in coords:
            yield from _pairs(item)


@pytest.fixture(scope="module", autouse=True)
def _module_layers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module fixtures run the CLI too: keep their user layers out of the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(settings, "user_layers_dir", tmp_path_factory.mktemp("cli-layers"))
        yield


@pytest.fixture(scope="module")
def examples(seed_path: Path) -> Path:
    return seed_path.parent.parent / REPO_EXAMPLES


@pytest.fixture(scope="module")
def seed_places(seed_path: Path) -> Result:
    return _invoke("places", seed_path, "--format", "json")


@pytest.fixture(scope="module")
def seed_events(seed_path: Path) -> Result:
    return _invoke("events", seed_path, "--format", "geojson")


@pytest.fixture(scope="module")
def seed_run(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("run") / "out"
    return _invoke("run", seed_path.parent, "-o", out), out


@pytest.fixture(scope="module")
def mixed_folder(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"abc\x00\x01\x02def")
    (folder / "latin.txt").write_bytes("Goris was shelled near Café Ararat.\n".encode("latin-1"))
    shutil.copy(seed_path, folder / "good.txt")
    return folder


@pytest.fixture(scope="module")
def mixed_run(mixed_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("mixed-run") / "out"
    return _invoke("run", mixed_folder, "-o", out), out


@pytest.fixture(scope="module")
def comparison(seed_path: Path, examples: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("compare") / "out"
    return _invoke("compare", seed_path.parent, examples / ROAD_HELD, "-o", out), out


@pytest.fixture(scope="module")
def compare_pieces(comparison: tuple[Result, Path]) -> list[Feature]:
    result, out = comparison
    assert result.exit_code == 0, result.output
    features: list[Feature] = json.loads((out / "compare.geojson").read_text(encoding="utf-8"))["features"]
    return features


@pytest.fixture(scope="module")
def dated_folder(seed_path: Path, examples: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dated")
    for path in [seed_path, *sorted(examples.glob("*.txt"))]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def undated_folder(dated_folder: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(dated_folder, folder)
    (folder / "undated-report.txt").write_text("The Murov height was taken by Azerbaijani forces.\n", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- places


def test_places_json_is_a_list_of_mentions_with_their_fields(seed_places: Result) -> None:
    assert seed_places.exit_code == 0, seed_places.output
    data = json.loads(seed_places.stdout)
    assert isinstance(data, list)
    assert data
    assert all(set(item) >= MENTION_KEYS for item in data)


def test_places_json_resolved_mentions_carry_coordinates_and_source(seed_places: Result) -> None:
    data = json.loads(seed_places.stdout)
    murov = next(item for item in data if item["surface"] == "Murov height")
    assert (murov["name"], murov["kind"], murov["resolved"]) == ("Murovdag", "mountain", True)
    assert (murov["lon"], murov["lat"]) == pytest.approx((46.23, 40.31), abs=0.01)
    assert murov["source"]
    assert murov["place_id"] == "curated:mt-murovdag"


def test_places_json_unresolved_mention_has_null_coordinates(write_file: Callable[..., Path]) -> None:
    result = _invoke("places", write_file("r.txt", UNRESOLVED_REPORT), "--format", "json")
    assert result.exit_code == 0, result.output
    (item,) = [i for i in json.loads(result.stdout) if i["surface"] == "Qzwertyan"]
    assert item["resolved"] is False
    assert (item["lat"], item["lon"], item["name"], item["place_id"]) == (None, None, None, None)
    assert UNRESOLVED_REPORT[item["start"] : item["end"]] == "Qzwertyan"


def test_places_table_lists_the_places_of_the_report(seed_path: Path) -> None:
    result = _invoke("places", seed_path)
    assert result.exit_code == 0, result.output
    assert f"Places in {seed_path.name}" in result.stdout
    assert "Murovdag" in result.stdout


def test_places_table_lists_unresolved_names_on_stderr(write_file: Callable[..., Path]) -> None:
    result = _invoke("places", write_file("r.txt", UNRESOLVED_REPORT))
    assert result.exit_code == 0, result.output
    assert "1 unresolved: Qzwertyan" in result.stderr


def test_places_table_marks_unresolved_names(write_file: Callable[..., Path]) -> None:
    result = _invoke("places", write_file("r.txt", UNRESOLVED_REPORT))
    row = next(line for line in result.stdout.splitlines() if "Qzwertyan" in line)
    assert "[unresolved]" in row
    assert "nan" not in row


@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.txt", None), ("empty.txt", ""), ("binary.txt", b"\x00\x01\x02binary")],
    ids=["missing", "empty", "binary"],
)
def test_places_on_an_unreadable_file_fails_with_one_line_naming_it(
    write_file: Callable[..., Path], tmp_path: Path, name: str, content: str | bytes | None
) -> None:
    path = tmp_path / name if content is None else write_file(name, content)
    result = _invoke("places", path)
    assert _failed_cleanly(result), result.output
    assert _names(result, str(path))


@pytest.mark.parametrize("name", ["missing[red]x.txt", "missing[/x].txt"])
def test_error_names_a_file_with_brackets_verbatim(tmp_path: Path, name: str) -> None:
    result = _invoke("places", tmp_path / name)
    assert _failed_cleanly(result), result.output
    assert _names(result, name)


# --------------------------------------------------------------------------- pipes


def test_places_reads_the_report_from_stdin_given_as_dash(seed_path: Path, seed_places: Result) -> None:
    result = runner.invoke(app, ["places", "-", "--format", "jsonl"], input=seed_path.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(seed_places.stdout)


def test_places_jsonl_through_a_real_pipe_has_a_line_per_mention(seed_path: Path, seed_places: Result) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "geomap", "places", "-", "--format", "jsonl"],
        input=seed_path.read_bytes(),
        capture_output=True,
        check=True,
    )
    assert done.stdout.count(b"\n") == len(json.loads(seed_places.stdout))


def test_events_jsonl_and_geojsonseq_have_a_line_per_event(seed_path: Path, seed_events: Result) -> None:
    n = len(json.loads(seed_events.stdout)["features"])
    jsonl = _invoke("events", seed_path, "--format", "jsonl").stdout
    seq = _invoke("events", seed_path, "--format", "geojsonseq").stdout
    assert jsonl.count("\n") == seq.count("\n") == seq.count("\x1e") == n
    assert json.loads(seq.split("\n")[0].lstrip("\x1e"))["type"] == "Feature"


def test_events_csv_is_acled_shaped_with_a_row_per_event(seed_path: Path, seed_events: Result) -> None:
    result = _invoke("events", seed_path, "--format", "csv")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout))
    assert list(table.columns[:3]) == ["event_id_cnty", "event_date", "year"]
    assert len(table) == len(json.loads(seed_events.stdout)["features"])


def test_run_gpkg_and_parquet_formats_add_their_files(seed_path: Path, tmp_path: Path) -> None:
    result = _invoke("run", seed_path, "-o", tmp_path, "--format", "gpkg", "--format", "parquet")
    assert result.exit_code == 0, result.output
    assert {"geomap.gpkg", "events.parquet", "claims.parquet"} <= {p.name for p in tmp_path.iterdir()}


def test_version_and_python_dash_m_give_the_version() -> None:
    done = subprocess.run([sys.executable, "-m", "geomap", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == f"geomap {geomap.__version__}\n"
    assert _invoke("--version").stdout == done.stdout


# --------------------------------------------------------------------------- terminal layout and help


def _lines(result: Result) -> list[str]:
    return result.stdout.splitlines()


def test_events_table_at_80_columns_fits_with_at_most_3_lines_per_event(seed_path: Path, seed_events: Result) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["events", str(seed_path)])
    n = len(json.loads(seed_events.stdout)["features"])
    assert result.exit_code == 0, result.output
    assert len(_lines(result)) <= 3 * n
    assert max(len(line) for line in _lines(result)) <= 80


def test_quotes_cut_to_fit_end_with_an_ellipsis(seed_path: Path) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["events", str(seed_path)])
    assert any(line.rstrip().endswith("…") and "Thus, the" in line for line in _lines(result))


def test_a_wide_terminal_shows_more_columns(seed_path: Path) -> None:
    narrow = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["events", str(seed_path)])
    broad = CliRunner(env={"COLUMNS": "160"}).invoke(app, ["events", str(seed_path)])
    assert "claimant" not in narrow.stdout
    assert "claimant" in broad.stdout
    assert max(len(line) for line in _lines(broad)) > 80


def test_wide_shows_every_column_folded_not_cut(seed_path: Path, seed_events: Result) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["events", str(seed_path), "--wide"])
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert len(_lines(result)) > 3 * len(json.loads(seed_events.stdout)["features"])


def test_piped_table_without_columns_has_one_line_per_row_and_whole_cells(seed_path: Path, seed_events: Result) -> None:
    result = CliRunner(env={"COLUMNS": None}).invoke(app, ["events", str(seed_path)])
    features = json.loads(seed_events.stdout)["features"]
    lines = _lines(result)
    assert len(lines) == 1 + len(features)
    assert all(f["properties"]["sentence"] in line for f, line in zip(features, lines[1:], strict=True))


def test_an_error_on_a_pipe_is_one_unwrapped_line(tmp_path: Path) -> None:
    missing = tmp_path / ("a-long-folder-name-" * 8) / "report.txt"
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["places", str(missing)])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert str(missing) in result.stderr


def test_run_without_reports_says_what_it_needs() -> None:
    result = _invoke("run")
    assert result.exit_code == 2
    assert "needs report files or folders" in result.stderr


def _commands() -> Iterator[tuple[str, Any]]:
    group = typer.main.get_command(app)
    yield "geomap", group
    for name, command in group.commands.items():
        for sub_name, sub in getattr(command, "commands", {name: command}).items():
            yield (name if sub is command else f"{name} {sub_name}"), sub


def test_every_option_and_argument_has_help_text() -> None:
    missing = [f"{name}: {p.name}" for name, command in _commands() for p in command.params if not p.help]
    assert missing == []


@pytest.mark.parametrize("args", [[], ["run"], ["events"], ["places"], ["gazetteer", "lookup"], ["compare"]])
def test_help_shows_no_python_types(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(bool|str|path|int|list\[|float)", result.stdout, re.IGNORECASE), result.stdout


# --------------------------------------------------------------------------- events and claims


def test_events_geojson_is_a_feature_collection_with_provenance(seed_events: Result, seed_path: Path) -> None:
    assert seed_events.exit_code == 0, seed_events.output
    data = json.loads(seed_events.stdout)
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    for feature in data["features"]:
        props = feature["properties"]
        assert {"report_id", "sentence", "claimant", "date", "geo_precision", "alias"} <= set(props)
        assert props["report_id"] == seed_path.stem
        assert props["date"] == "2020-09-27"


def test_events_geojson_local_events_are_lon_lat(seed_events: Result) -> None:
    local = [f for f in json.loads(seed_events.stdout)["features"] if f["properties"]["geo_precision"] <= 2]
    assert len(local) >= 5  # Murov, the road, Agdara, the curfew towns
    pairs = [pair for f in local for pair in _pairs(f["geometry"]["coordinates"])]
    assert all(44 <= lon <= 50 and 38 <= lat <= 42 for lon, lat in pairs)


def test_events_table_shows_quotes_verbatim(write_file: Callable[..., Path]) -> None:
    path = write_file("r.txt", "They [the Armenian forces] hold the village of Talish, the ministry said.\n")
    result = _invoke("events", path, "--no-base")
    assert result.exit_code == 0, result.output
    assert "[theArmenianforces]" in _flat(result.stdout)


def test_claims_geojson_gives_each_claim_with_its_side(examples: Path) -> None:
    result = _invoke("claims", examples / ROAD_HELD, "--format", "geojson")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    held = {(f["properties"]["place_name"], f["properties"]["controller"]) for f in data["features"]}
    assert held >= {("Murovdag", "azerbaijan"), ("Vardenis–Agdara road", "armenia"), ("Talish", "armenia")}
    for feature in data["features"]:
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        assert feature["properties"]["report_id"] == ROAD_HELD.removesuffix(".txt")
        assert feature["properties"]["quote"]
        assert feature["properties"]["area_km2"] > 0


# --------------------------------------------------------------------------- run


def test_run_writes_map_and_data_files(seed_run: tuple[Result, Path]) -> None:
    result, out = seed_run
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == RUN_OUTPUTS


def test_run_events_geojson_reads_back_in_wgs84(seed_run: tuple[Result, Path], seed_events: Result) -> None:
    _, out = seed_run
    events = gpd.read_file(out / "events.geojson", engine="pyogrio")
    assert len(events) == len(json.loads(seed_events.stdout)["features"])
    assert events.crs.to_epsg() == 4326
    assert {"report_id", "sentence", "claimant", "alias"} <= set(events.columns)


def test_run_claims_and_routes_geojson_read_back(seed_run: tuple[Result, Path]) -> None:
    _, out = seed_run
    claims = gpd.read_file(out / "claims.geojson", engine="pyogrio")
    routes = gpd.read_file(out / "routes.geojson", engine="pyogrio")
    assert "Murovdag" in set(claims["place_name"])
    assert routes["place_id"].tolist() == ["curated:road-vardenis-agdara"]


def test_run_places_csv_lists_the_mentions(seed_run: tuple[Result, Path], seed_places: Result) -> None:
    _, out = seed_run
    places = pd.read_csv(out / "places.csv")
    assert {"surface", "start", "end", "place_id", "source"} <= set(places.columns)
    assert len(places) == len(json.loads(seed_places.stdout))


def test_run_skips_bad_files_and_processes_the_good_one(mixed_run: tuple[Result, Path]) -> None:
    result, out = mixed_run
    assert result.exit_code == 0, result.output
    assert "1 report(s)" in result.output
    assert {p.name for p in out.iterdir()} == RUN_OUTPUTS
    ids = set(gpd.read_file(out / "events.geojson", engine="pyogrio")["report_id"])
    assert ids == {"good"}


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "latin.txt"])
def test_run_names_each_bad_file(mixed_run: tuple[Result, Path], mixed_folder: Path, name: str) -> None:
    result, _ = mixed_run
    assert _names(result, f"skipped: {mixed_folder / name}")


def test_run_strict_exits_1_when_a_file_was_skipped(mixed_folder: Path, tmp_path: Path) -> None:
    result = _invoke("run", mixed_folder, "-o", tmp_path / "out", "--strict")
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_run_on_only_bad_files_exits_1_and_writes_nothing(mixed_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("empty.txt", "binary.txt", "latin.txt"):
        shutil.copy(mixed_folder / name, folder / name)
    out = tmp_path / "out"
    result = _invoke("run", folder, "-o", out)
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert not out.exists()


# --------------------------------------------------------------------------- gazetteer


def test_gazetteer_lookup_json_gives_the_place_and_the_alias_that_matched() -> None:
    result = _invoke("gazetteer", "lookup", "Kalbacar", "--format", "json")
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)[0]
    assert (best["name"], best["match"]) == ("Kalbajar", "exact")
    assert names.key(best["matched_alias"]) == names.key("Kalbacar")
    assert best["source"]
    assert best["layer"] == "curated"


def test_gazetteer_lookup_of_an_unknown_name_exits_1() -> None:
    result = _invoke("gazetteer", "lookup", "Nowhereville-xyz")
    assert _failed_cleanly(result), result.output
    assert "Nowhereville-xyz" in result.output


def test_gazetteer_import_installs_a_layer_later_lookups_use(write_file: Callable[..., Path]) -> None:
    path = write_file("mine.csv", "id,name,lat,lon,source\nq,Qzwertyan,40.1,46.1,hand-made test row\n")
    result = _invoke("gazetteer", "import", path)
    assert result.exit_code == 0, result.output
    assert "user:mine" in result.output
    found = _invoke("gazetteer", "lookup", "Qzwertyan", "--no-base", "--format", "json")
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)[0]["layer"] == "user:mine"


def test_gazetteer_import_names_the_folder_it_installed_into(write_file: Callable[..., Path]) -> None:
    path = write_file("mine.csv", "id,name,lat,lon,source\nq,Qzwertyan,40.1,46.1,hand-made test row\n")
    result = _invoke("gazetteer", "import", path)
    assert _names(result, str(settings.user_layers_dir))


def test_gazetteer_import_of_a_bad_row_names_file_and_line(write_file: Callable[..., Path]) -> None:
    text = "id,name,lat,lon,source\nq,Qzwertyan,40.1,46.1,s\nb,Bad,north,46.1,s\n"
    path = write_file("bad.csv", text)
    result = _invoke("gazetteer", "import", path)
    assert _failed_cleanly(result), result.output
    assert _names(result, f"{path}:3:")


# --------------------------------------------------------------------------- compare


def test_compare_writes_html_geojson_and_csv(comparison: tuple[Result, Path]) -> None:
    result, out = comparison
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"compare.html", "compare.geojson", "compare.csv"}


def test_compare_pieces_are_classified(compare_pieces: list[Feature]) -> None:
    classes = {f["properties"]["class"] for f in compare_pieces}
    assert classes <= {"agree", "only_a", "only_b", "contradict"}
    assert {"agree", "contradict"} <= classes


def test_compare_agrees_on_murov(compare_pieces: list[Feature]) -> None:
    (agree,) = [f for f in compare_pieces if f["properties"]["class"] == "agree"]
    point = shapely.geometry.shape(agree["geometry"]).representative_point()
    assert (point.x, point.y) == pytest.approx((46.23, 40.31), abs=0.05)
    assert "Murov height was liberated" in agree["properties"]["quotes_a"]
    assert "Murov height was taken" in agree["properties"]["quotes_b"]


def test_compare_contradicts_along_the_vardenis_agdara_road(
    compare_pieces: list[Feature], gazetteer: Gazetteer
) -> None:
    road = gazetteer.get("curated:road-vardenis-agdara").geometry
    (contradict,) = [f for f in compare_pieces if f["properties"]["class"] == "contradict"]
    area = shapely.geometry.shape(contradict["geometry"])
    assert area.intersection(road).length / road.length > 0.9
    assert "Vardenis-Agdara military road" in contradict["properties"]["quotes_a"]
    assert "remains under the control of the Armenian" in contradict["properties"]["quotes_b"]


def test_compare_csv_has_a_row_per_piece(comparison: tuple[Result, Path], compare_pieces: list[Feature]) -> None:
    _, out = comparison
    with (out / "compare.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["class"] for r in rows] == [f["properties"]["class"] for f in compare_pieces]


def test_compare_class_areas_sum_to_the_union_of_the_claims(
    compare_pieces: list[Feature], seed_path: Path, examples: Path, parser: Geoparser
) -> None:
    claims_a, _ = claims_of([seed_path.parent], parser)
    claims_b, _ = claims_of([examples / ROAD_HELD], parser)
    union = shapely.union_all([*claims_a.geometry, *claims_b.geometry])
    (union_km2,) = crs.area_km2([union])
    total = sum(f["properties"]["area_km2"] for f in compare_pieces)
    assert total == pytest.approx(union_km2, rel=0.005)


def test_compare_with_a_side_no_report_has_names_the_sides_available(
    seed_path: Path, examples: Path, tmp_path: Path
) -> None:
    result = _invoke("compare", seed_path.parent, examples / ROAD_HELD, "-o", tmp_path, "--side-b", "azerbaijan")
    assert _failed_cleanly(result), result.output
    assert "armenia" in result.output
    assert not (tmp_path / "compare.html").exists()


# --------------------------------------------------------------------------- timeline


def test_timeline_writes_html_geojson_and_csv(dated_folder: Path, tmp_path: Path) -> None:
    result = _invoke("timeline", dated_folder, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {"timeline.html", "timeline.geojson", "timeline.csv", *SET_FILES}
    assert json.loads((tmp_path / "timeline.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    changes = pd.read_csv(tmp_path / "timeline.csv")
    assert {"date_from", "date_to", "side"} <= set(changes.columns)
    assert set(changes["date_to"]) == {"2020-09-28", "2020-09-29", "2020-10-03"}


def test_timeline_with_an_undated_report_exits_1_naming_it(undated_folder: Path, tmp_path: Path) -> None:
    result = _invoke("timeline", undated_folder, "-o", tmp_path / "out")
    assert _failed_cleanly(result), result.output
    assert "undated-report" in result.output
    assert not (tmp_path / "out").exists()


def test_timeline_skip_undated_succeeds_and_lists_the_report(undated_folder: Path, tmp_path: Path) -> None:
    result = _invoke("timeline", undated_folder, "-o", tmp_path / "out", "--skip-undated")
    assert result.exit_code == 0, result.output
    assert "left out, no date: undated-report" in result.stderr
    assert (tmp_path / "out" / "timeline.html").is_file()


# --------------------------------------------------------------------------- evaluate


def test_evaluate_json_prints_the_scores(seed_path: Path) -> None:
    gold = seed_path.parent.parent / "tests" / "data" / "seed.gold.jsonl"
    result = _invoke("evaluate", gold, "--format", "json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    with gold.open(encoding="utf-8") as fh:
        n_gold = sum(len(json.loads(line)["toponyms"]) for line in fh if line.strip())
    assert (scores["docs"], scores["gold"]) == (1, n_gold)
    for key in ("precision_exact", "recall_exact", "f1_exact", "f1_overlap", "acc_tolerance", "geo_f1"):
        assert 0.0 <= scores[key] <= 1.0


def test_compare_with_a_report_without_claims_exits_1_naming_it(seed_path: Path, write_file, tmp_path: Path) -> None:
    empty = write_file("shelling.txt", "---\ndate: 2020-10-01\nside: armenia\n---\nGoris was shelled overnight.\n")
    result = _invoke("compare", seed_path, empty, "-o", tmp_path / "out")
    assert _failed_cleanly(result)
    assert _names(result, "shelling.txt")
    assert _names(result, "no control claim")


# --------------------------------------------------------------------------- evaluate on bad gold files


def _gold_line(doc_id: str, text: str, *spans: tuple[int, int]) -> str:
    toponyms = [{"start": s, "end": e, "lat": 0.0, "lon": 0.0} for s, e in spans]
    return json.dumps({"id": doc_id, "text": text, "toponyms": toponyms}) + "\n"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "missing.jsonl", "cannot read the gold corpus: No such file or directory"),
        (lambda tmp: tmp, "is a folder; give the gold corpus file"),
    ],
    ids=["missing", "folder"],
)
@pytest.mark.parametrize("scored", [[], ["--events"]], ids=["toponyms", "events"])
def test_evaluate_on_a_missing_file_or_a_folder_fails_in_one_line(
    tmp_path: Path, make, reason: str, scored: list[str]
) -> None:
    gold = make(tmp_path)
    result = _invoke("evaluate", gold, "--no-base", *scored)
    assert result.exit_code == 1
    assert _failed_cleanly(result)
    assert _names(result, f"{gold}: {reason}")


def test_evaluate_names_the_line_of_a_duplicated_gold_span(write_file) -> None:
    gold = write_file("gold.jsonl", _gold_line("a", "Goris.", (0, 5)) + _gold_line("b", "Goris.", (0, 5), (0, 5)))
    result = _invoke("evaluate", gold, "--no-base")
    assert result.exit_code == 1
    assert _failed_cleanly(result)
    assert _names(result, f"{gold}:2: document 'b': toponym 'Goris' [0, 5) is annotated twice")


def test_evaluate_on_an_empty_corpus_exits_1(write_file) -> None:
    gold = write_file("gold.jsonl", "\n")
    result = _invoke("evaluate", gold, "--no-base")
    assert result.exit_code == 1
    assert _failed_cleanly(result)
    assert _names(result, "holds no documents")


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_evaluate_prints_gold_text_with_a_lone_surrogate(write_file, fmt: str) -> None:
    line = _gold_line("d\ud800", "Goris\ud800 was shelled.", (0, 5))  # json.dumps writes the escape \\ud800
    result = _invoke("evaluate", write_file("gold.jsonl", line), "--no-base", "--format", fmt)
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- robustness: folders, imports, the cache


def test_run_names_the_entries_it_leaves_out_and_recursive_reads_subfolders(seed_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(seed_path, folder / "sub" / "seed.txt")
    (folder / "README.md").write_text("# About these reports", encoding="utf-8")
    flat = _invoke("run", folder, "-o", tmp_path / "flat", "--no-base")
    assert flat.exit_code == 1
    assert _names(flat, f"ignored: {folder / 'README.md'}: a README, not a report")
    assert _names(flat, f"ignored: {folder / 'sub'}: a subfolder")
    deep = _invoke("run", folder, "-o", tmp_path / "deep", "--no-base", "--recursive")
    assert deep.exit_code == 0, deep.output
    assert _names(deep, "1 report(s)")


def test_gazetteer_import_skip_bad_names_the_rejected_file(write_file: Callable[..., Path]) -> None:
    path = write_file("mine.csv", "id,name,lat,lon,source\na,Qzwertyan,40,46,s\nb,B,nan,46,s\n")
    result = _invoke("gazetteer", "import", path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert _names(result, "left out 1 bad row(s), listed in")
    assert _names(result, "rejected.csv")


def test_gazetteer_check_finds_the_index_intact() -> None:
    result = _invoke("gazetteer", "check")
    assert result.exit_code == 0, result.output
    assert _names(result, "GeoNames index intact:")


def test_gazetteer_check_names_a_damaged_imported_layer(write_file: Callable[..., Path]) -> None:
    assert (
        _invoke("gazetteer", "import", write_file("mine.csv", "id,name,lat,lon,source\na,Q,40,46,s\n")).exit_code == 0
    )
    (settings.user_layers_dir / "user-mine" / "places.json").write_text("[]", encoding="utf-8")  # type: ignore[operator]
    result = _invoke("gazetteer", "check")
    assert _failed_cleanly(result)
    assert _names(result, "places.json: size 2, the manifest says")


# What `geomap places` may not load: maps, frames, geometry, projections, word lists, NLP models, and the
# parts of geomap that only other commands need.
# typer 0.29 would coerce values through pydantic; platformdirs is the service's; importlib.metadata parses package
# metadata with the email parser; numpy.ma is loaded only by what places does not do.
_HEAVY_FOR_PLACES = ("folium", "geopandas", "pandas", "shapely", "pyproj", "wordfreq", "spacy", "rapidfuzz",
                     "pydantic", "platformdirs", "email")  # fmt: skip
_GEOMAP_NOT_FOR_PLACES = ("geomap.pipeline", "geomap.events", "geomap.maps", "geomap.evaluation", "geomap.export",
                          "importlib.metadata", "numpy.ma")  # fmt: skip
_HELP_ONLY = ("typer.rich_utils",)  # typer's help panels (markdown, syntax highlighting)
# What `geomap --help` may not load besides: arrays, tries, the gazetteer and the geoparser.
_HEAVY_FOR_HELP = (*_HEAVY_FOR_PLACES, "numpy", "marisa_trie", "regex", "pydantic")
_GEOMAP_NOT_FOR_HELP = (*_GEOMAP_NOT_FOR_PLACES, "geomap.gazetteer", "geomap.geoparse", "geomap.reports")
_LOADED_MODULES = """
import json, sys
from geomap.cli import app
sys.argv = ["geomap", *sys.argv[1:]]
try:
    app()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


# rich's Console reads these to treat a pipe as a terminal: a process whose output is a pipe has none of them.
_TERMINAL_VARIABLES = ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")


def _geomap_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """A fresh ``geomap ARGS`` process writing to pipes; its last line on stderr lists the modules it loaded."""
    env = {k: v for k, v in os.environ.items() if k not in _TERMINAL_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", _LOADED_MODULES, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**env, "GEOMAP_CACHE_DIR": str(settings.cache_dir)},
    )


def _loaded_modules(*args: str) -> set[str]:
    """The modules a fresh ``geomap ARGS`` process has loaded when it ends (it must end well and print)."""
    run = _geomap_process(*args)
    loaded = json.loads(run.stderr.strip().splitlines()[-1])
    assert loaded["code"] in {0, None}, run.stderr
    assert run.stdout.strip()
    return set(loaded["modules"])


def _heavy(loaded: set[str], packages: Sequence[str], modules: Sequence[str]) -> set[str]:
    return ({m.split(".")[0] for m in loaded} & set(packages)) | (loaded & set(modules))


def test_places_loads_no_heavy_module(gazetteer: Gazetteer, seed_path: Path) -> None:
    loaded = _loaded_modules("places", str(seed_path), "--format", "json")
    assert "geomap.geoparse" in loaded  # it did parse
    assert not _heavy(loaded, _HEAVY_FOR_PLACES, (*_GEOMAP_NOT_FOR_PLACES, *_HELP_ONLY))


def test_places_of_a_one_line_report_as_a_table_loads_no_heavy_module(gazetteer: Gazetteer, tmp_path: Path) -> None:
    report = tmp_path / "one.md"
    report.write_text("Azerbaijani forces shelled Stepanakert overnight.\n", encoding="utf-8")
    loaded = _loaded_modules("places", str(report))
    assert not _heavy(loaded, _HEAVY_FOR_PLACES, (*_GEOMAP_NOT_FOR_PLACES, *_HELP_ONLY))


def test_places_prints_a_plain_table_on_a_pipe_without_loading_rich(gazetteer: Gazetteer, tmp_path: Path) -> None:
    report = tmp_path / "one.md"
    report.write_text("Shells fell on Stepanakert and on the village of Qwertzhan in the night.\n", encoding="utf-8")
    run = _geomap_process("places", report)
    assert run.stdout.splitlines()[1].split()[:3] == ["Stepanakert", "15-26", "Stepanakert"]
    assert run.stderr.splitlines()[0] == "1 unresolved: Qwertzhan"
    assert not {m for m in json.loads(run.stderr.splitlines()[-1])["modules"] if m.split(".")[0] == "rich"}


def test_the_console_command_builds_one_command_and_answers_as_the_whole_app(
    gazetteer: Gazetteer, seed_path: Path
) -> None:
    whole = runner.invoke(app, ["places", str(seed_path), "--format", "json"])
    console = subprocess.run(
        [sys.executable, "-m", "geomap", "-v", "places", str(seed_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GEOMAP_CACHE_DIR": str(settings.cache_dir)},
    )
    assert console.returncode == 0, console.stderr
    assert json.loads(console.stdout) == json.loads(whole.stdout)


def test_the_console_command_sends_a_misspelled_command_to_the_whole_app() -> None:
    console = subprocess.run(
        [sys.executable, "-m", "geomap", "placs"], capture_output=True, text=True, check=False, env=dict(os.environ)
    )
    assert console.returncode == 2
    assert "Did you mean 'places'?" in console.stderr


def test_help_loads_neither_the_gazetteer_nor_arrays() -> None:
    assert not _heavy(_loaded_modules("--help"), _HEAVY_FOR_HELP, _GEOMAP_NOT_FOR_HELP)
