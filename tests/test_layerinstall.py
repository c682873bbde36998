"""Importing user layers: every row checked and named, nothing half-installed, big layers indexed."""

from __future__ import annotations

import csv
import json
import math
import shutil
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geomap import settings
from geomap.cli import app
from geomap.errors import GazetteerError, GazetteerRowsError
from geomap.gazetteer import Gazetteer
from geomap.gazetteer.layerinstall import import_layer, installed_layers, user_layers_dir
from geomap.gazetteer.layers import IndexedLayer, MemoryLayer

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

HEADER = "id,name,kind,lat,lon,country,population,aliases,source\n"
GOOD = "a,Qzwertyan,populated place,40.1,46.1,AZ,1200,Kwertyan,hand-made\n"


def _dump_line(
    ident: object, name: str = "Zwertdag", *, lat: object = 40.2, lon: object = 46.2, pop: object = 0
) -> str:
    cols = [str(ident), name, name, "", str(lat), str(lon), "P", "PPL", "AZ", "", "", "", "", "", str(pop)]
    return "\t".join([*cols, "", "", "Asia/Baku", "2020-01-01"]) + "\n"


def _installed() -> list[str]:
    return sorted(p.name for p in user_layers_dir().iterdir()) if user_layers_dir().is_dir() else []


def _rows_error(path: Path) -> GazetteerRowsError:
    with pytest.raises(GazetteerRowsError) as info:
        import_layer(path)
    return info.value


# --------------------------------------------------------------------------- every bad row is named


def test_every_bad_csv_row_is_named_with_its_line(write_file: Callable[..., Path]) -> None:
    text = HEADER + GOOD + "b,B,populated place,200,46,AZ,,,s\n" + "c,C,populated place,40,46,AZ,inf,,s\n"
    error = _rows_error(write_file("p.csv", text))
    assert [(e.line, e.reason) for e in error.problems] == [
        (3, "user:p:b: latitude 200.0 is outside [-90, 90] (are latitude and longitude swapped?)"),
        (4, "column 'population' must be a finite number, got 'inf'"),
    ]
    assert str(error).endswith("(and 1 more bad row(s))")


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("nan", "column 'lat' must be a finite number, got 'nan'"),
        ("-inf", "column 'lat' must be a finite number, got '-inf'"),
        ("north", "column 'lat' must be a number, got 'north'"),
    ],
)
def test_a_latitude_that_is_not_a_finite_number_is_refused(
    write_file: Callable[..., Path], cell: str, reason: str
) -> None:
    error = _rows_error(write_file("p.csv", HEADER + f"a,A,populated place,{cell},46,AZ,,,s\n"))
    assert [e.reason for e in error.problems] == [reason]


def test_a_23_digit_population_is_refused(write_file: Callable[..., Path]) -> None:
    error = _rows_error(write_file("p.csv", HEADER + f"a,A,populated place,40,46,AZ,{'9' * 23},,s\n"))
    assert "must be between 0 and 10,000,000,000" in error.problems[0].reason


def test_a_negative_or_fractional_population_is_refused(write_file: Callable[..., Path]) -> None:
    error = _rows_error(
        write_file("p.csv", HEADER + "a,A,populated place,40,46,AZ,-5,,s\nb,B,mountain,40,46,AZ,1.5,,s\n")
    )
    assert [e.line for e in error.problems] == [2, 3]


def test_duplicate_ids_are_found_in_linear_time_and_named_with_both_lines(write_file: Callable[..., Path]) -> None:
    rows = "".join(f"p{i},N{i},populated place,40,46,AZ,,,s\n" for i in range(50_000))
    error = _rows_error(write_file("p.csv", HEADER + rows + "p7,Again,populated place,40,46,AZ,,,s\n"))
    assert [(e.line, e.reason) for e in error.problems] == [(50_002, "id p7 is also on line 9")]


def test_a_row_with_more_fields_than_the_header_is_named(write_file: Callable[..., Path]) -> None:
    error = _rows_error(write_file("p.csv", HEADER + GOOD + "b,B,populated place,40,46,AZ,,,s,extra\n"))
    assert [(e.line, e.reason) for e in error.problems] == [(3, "row has more fields than the header")]


def test_a_latin1_csv_is_one_error_naming_its_line(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", (HEADER + GOOD + "b,Caf\xe9,populated place,40,46,AZ,,,s\n").encode("latin-1"))
    with pytest.raises(GazetteerError, match=r"p\.csv:3: file is not UTF-8 \(byte 0xe9\)"):
        import_layer(path)


def test_a_missing_file_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"nope\.csv: cannot read gazetteer file: No such file"):
        import_layer(tmp_path / "nope.csv")


# --------------------------------------------------------------------------- GeoJSON


def _geojson(*features: object) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _point(ident: object = None, **props: object) -> dict[str, object]:
    return {
        "type": "Feature",
        "id": ident,
        "properties": {"name": "Qzwertyan", "source": "hand-made", **props},
        "geometry": {"type": "Point", "coordinates": [46.1, 40.1]},
    }


def test_geojson_aliases_that_are_a_number_are_named(write_file: Callable[..., Path]) -> None:
    error = _rows_error(write_file("p.geojson", _geojson(_point("q", aliases=5))))
    assert [e.reason for e in error.problems] == [
        "feature 0 (id q): column 'aliases' must be text separated by '|' or a list of texts, got 5"
    ]


def test_geojson_duplicate_ids_are_named(write_file: Callable[..., Path]) -> None:
    error = _rows_error(write_file("p.geojson", _geojson(_point("q"), _point("r"), _point("q"))))
    assert [e.reason for e in error.problems] == ["feature 2 (id q): id q is also on feature 0"]


def test_geojson_population_inf_is_named(write_file: Callable[..., Path]) -> None:
    text = _geojson(_point("q")).replace('"source"', '"population": Infinity, "source"')
    error = _rows_error(write_file("p.geojson", text))
    assert [e.reason for e in error.problems] == [
        "feature 0 (id q): column 'population' must be a finite number, got inf"
    ]


def test_deeply_nested_geojson_is_one_error(write_file: Callable[..., Path]) -> None:
    path = write_file("p.geojson", '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(GazetteerError, match=r"p\.geojson: JSON is nested too deeply"):
        import_layer(path)


# --------------------------------------------------------------------------- GeoNames dumps


def test_every_bad_dump_line_is_named(write_file: Callable[..., Path]) -> None:
    text = _dump_line(1) + _dump_line(2, lat="nan") + _dump_line(3, lon=200) + _dump_line(1) + "4\tshort\n"
    error = _rows_error(write_file("XQ.txt", text))
    assert [e.line for e in error.problems] == [2, 3, 4, 5]
    assert error.problems[2].reason == "geonameid 1 is also on line 1"


def test_a_latin1_dump_names_the_line(write_file: Callable[..., Path]) -> None:
    error = _rows_error(write_file("XQ.txt", (_dump_line(1) + _dump_line(2, "Caf\xe9")).encode("latin-1")))
    assert [(e.line, e.reason.split(" (")[0]) for e in error.problems] == [(2, "not UTF-8")]


@pytest.mark.parametrize("text", ["", "# only a comment\n\n"], ids=["empty", "comments"])
def test_an_empty_dump_is_an_error_and_installs_nothing(write_file: Callable[..., Path], text: str) -> None:
    with pytest.raises(GazetteerError, match=r"XQ\.txt: no places in file"):
        import_layer(write_file("XQ.txt", text))
    assert _installed() == []
    assert Gazetteer.default(base=False).lookup("Goris")


# --------------------------------------------------------------------------- installing


def test_a_bad_row_installs_nothing_and_keeps_the_earlier_layer(write_file: Callable[..., Path]) -> None:
    import_layer(write_file("p.csv", HEADER + GOOD))
    with pytest.raises(GazetteerRowsError):
        import_layer(write_file("p.csv", HEADER + GOOD + "b,B,populated place,nan,46,AZ,,,s\n"))
    assert _installed() == ["user-p"]
    assert [p.name for p in Gazetteer.default(base=False).layers[1].places] == ["Qzwertyan"]  # type: ignore[attr-defined]


def test_skip_bad_installs_the_good_rows_and_lists_the_bad_ones(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", HEADER + GOOD + "b,B,populated place,nan,46,AZ,,,s\n")
    done = import_layer(path, skip_bad=True)
    assert (done.places, done.rejected) == (1, 1)
    assert done.rejected_file is not None
    with done.rejected_file.open(encoding="utf-8", newline="") as fh:
        assert list(csv.DictReader(fh)) == [
            {"file": str(path), "where": "3", "id": "b", "reason": "column 'lat' must be a finite number, got 'nan'"}
        ]


def test_skip_bad_with_no_good_row_installs_nothing(write_file: Callable[..., Path]) -> None:
    with pytest.raises(GazetteerError, match="no good rows: all 1 are bad"):
        import_layer(write_file("p.csv", HEADER + "b,B,populated place,nan,46,AZ,,,s\n"), skip_bad=True)
    assert _installed() == []


@pytest.mark.parametrize("name", ["a/b", "../up", ".hidden", "", "x" * 65])
def test_a_bad_layer_name_is_refused_and_leaves_no_file(write_file: Callable[..., Path], name: str) -> None:
    with pytest.raises(GazetteerError, match=r"layer name .* must be"):
        import_layer(write_file("p.csv", HEADER + GOOD), name=name)
    assert _installed() == []


def test_a_large_layer_is_indexed_like_the_base_layer(
    write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "user_layer_memory_max", 2)
    rows = "".join(f"p{i},Qzwert{i}ville,populated place,40,46,AZ,,,s\n" for i in range(3))
    import_layer(write_file("big.csv", HEADER + rows))
    (layer,) = installed_layers()
    assert isinstance(layer, IndexedLayer)
    assert Gazetteer.default(base=False).lookup("Qzwert2ville")[0].place.place_id == "user:big:p2"


def test_a_large_geojson_layer_keeps_its_roads(
    write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "user_layer_memory_max", 0)
    road = {
        "type": "Feature",
        "properties": {"name": "Zwert road", "source": "hand-made"},
        "geometry": {"type": "LineString", "coordinates": [[46.0, 40.0], [46.5, 40.1]]},
    }
    import_layer(write_file("roads.geojson", _geojson(road)))
    place = Gazetteer.default(base=False).lookup("Zwert road")[0].place
    assert place.line == ((46.0, 40.0), (46.5, 40.1))


def test_a_small_layer_is_held_in_memory(write_file: Callable[..., Path]) -> None:
    import_layer(write_file("p.csv", HEADER + GOOD))
    (layer,) = installed_layers()
    assert isinstance(layer, MemoryLayer)


def test_a_damaged_installed_layer_is_named_and_left_out(
    write_file: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    done = import_layer(write_file("p.csv", HEADER + GOOD))
    (done.folder / "places.json").write_text("[", encoding="utf-8")
    assert installed_layers() == []
    assert "user layer" in caplog.text
    assert "is left out" in caplog.text


def test_an_import_killed_before_the_swap_leaves_nothing_the_next_import_keeps(write_file: Callable[..., Path]) -> None:
    import_layer(write_file("p.csv", HEADER + GOOD))
    (user_layers_dir() / ".import-user-q-dead").mkdir()
    import_layer(write_file("q.csv", HEADER + GOOD))
    assert _installed() == ["user-p", "user-q"]


# --------------------------------------------------------------------------- the command


def test_import_command_names_every_bad_row_on_its_own_line(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", HEADER + "a,A,populated place,nan,46,AZ,,,s\nb,B,populated place,40,999,AZ,,,s\n")
    result = CliRunner(env={"COLUMNS": "4000"}).invoke(app, ["gazetteer", "import", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines() if result.stderr_bytes is not None else result.output.splitlines()
    assert [line.split(": ", 1)[0] for line in lines if line.startswith("bad row:")] == ["bad row"] * 2
    assert "2 bad row(s); nothing installed" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- generated rows

_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "9" * 23, "-1", "1.5", "", " ", "0x10", "\x00"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)


def _check_outcome(path: Path) -> None:
    """Importing ``path`` either installs only valid places or names every problem; never anything else."""
    error: GazetteerError | None = None
    try:
        done = import_layer(path, name="gen")
    except GazetteerError as exc:
        error = exc
    if error is not None:
        problems = error.problems if isinstance(error, GazetteerRowsError) else (error,)
        assert all(str(e).startswith(f"{path}:") for e in problems)
        assert _installed() == []
        return
    (layer,) = installed_layers()
    places = layer.places if isinstance(layer, MemoryLayer) else [layer.row(i) for i in range(len(layer))]
    assert len(places) == done.places >= 1
    for place in places:
        assert math.isfinite(place.lat)
        assert abs(place.lat) <= 90
        assert abs(place.lon) <= 180
        assert 0 <= place.population <= 10_000_000_000
    shutil.rmtree(done.folder)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=9, max_size=10), max_size=5))
def test_generated_csv_rows_install_valid_places_or_name_every_problem(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "gen.csv"
    with path.open("w", encoding="utf-8", newline="", errors="surrogatepass") as fh:
        fh.write(HEADER)
        csv.writer(fh).writerows(rows)
    _check_outcome(path)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_PROPS = st.fixed_dictionaries(
    {},
    optional={
        "id": _JSON,
        "name": st.text(max_size=8) | _JSON,
        "source": st.just("s") | _JSON,
        "aliases": _JSON,
        "population": _JSON,
        "kind": st.sampled_from(["town", "populated place", "road"]) | _JSON,
    },
)
_GEOMETRY = st.one_of(
    _JSON,
    st.fixed_dictionaries({"type": st.just("Point"), "coordinates": st.lists(st.floats() | _JSON, max_size=3)}),
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    features=st.lists(st.fixed_dictionaries({"type": st.just("Feature"), "properties": _PROPS, "geometry": _GEOMETRY}))
)
def test_generated_geojson_features_install_valid_places_or_name_every_problem(
    tmp_path: Path, features: list[object]
) -> None:
    path = tmp_path / "gen.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    _check_outcome(path)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(_CELL, min_size=17, max_size=20).map("\t".join), max_size=5))
def test_generated_dump_lines_install_valid_rows_or_name_every_problem(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "gen.txt"
    path.write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass"))
    _check_outcome(path)
