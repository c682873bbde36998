"""Gazetteer files: the curated layer compiled once into the cache, and GeoNames dumps read one way."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.errors import GazetteerError
from geomap.gazetteer import layerfiles
from geomap.gazetteer.geonames import read_geonames_dump
from geomap.gazetteer.indexcache import check
from geomap.gazetteer.layerfiles import check_geonames_dump, curated_layer, read_places_csv
from geomap.gazetteer.layers import MemoryLayer

if TYPE_CHECKING:
    from pathlib import Path

HEADER = "id,name,kind,lat,lon,country,parent,population,aliases,source\n"
TOWNS = HEADER + (
    "qz-1,Qzwertyan,populated place,40.1,46.1,AZ,,1200,Kvertyan|Qzvertyan,hand-made\n"
    "qz-2,Zwertdag,populated place,41.2,47.3,AZ,,800,,hand-made\n"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A gazetteer folder of two towns, and a cache of the test's own."""
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    gazetteer = tmp_path / "gazetteer"
    gazetteer.mkdir()
    (gazetteer / "places.csv").write_text(TOWNS, encoding="utf-8")
    return gazetteer


def _compiled(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("curated-*") if p.is_dir())


def _answers(layer: MemoryLayer) -> tuple[object, ...]:
    return (
        [p.place_id for p in layer.places],
        [(p.place_id, alias) for p, alias in layer.exact("kvertyan")],
        [(p.place_id, alias) for p, alias in layer.loose("zwertdag")],
        layer.names.prefixes("qzwertyan district"),
        layer.columns.population.tolist(),
        [(p.place_id, alias) for p, alias, _ in layer.fuzzy("qzwertian", 80)],
    )


def test_the_compiled_layer_answers_as_the_layer_read_from_the_files(folder: Path) -> None:
    read = MemoryLayer("curated", read_places_csv(folder / "places.csv", layer="curated"))  # no cache
    first = curated_layer(folder)
    again = curated_layer(folder)
    assert _answers(first) == _answers(read) == _answers(again)


def test_a_second_open_reads_no_csv(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    curated_layer(folder)

    def unread(*_: object, **__: object) -> None:
        raise AssertionError

    monkeypatch.setattr(layerfiles, "read_places_csv", unread)
    assert [p.name for p in curated_layer(folder).places] == ["Qzwertyan", "Zwertdag"]


def test_the_compiled_folder_is_sealed_and_checks_clean(folder: Path) -> None:
    curated_layer(folder)
    (compiled,) = _compiled(settings.cache_dir)
    assert check(compiled, full=True) == []


def test_an_edited_csv_is_compiled_again_and_the_old_build_removed(folder: Path) -> None:
    curated_layer(folder)
    (before,) = _compiled(settings.cache_dir)
    (folder / "places.csv").write_text(TOWNS + "qz-3,Kwertabad,populated place,39.0,45.0,AZ,,5000,,hand-made\n")
    assert [p.name for p in curated_layer(folder).places] == ["Qzwertyan", "Zwertdag", "Kwertabad"]
    (after,) = _compiled(settings.cache_dir)
    assert after != before


def test_a_damaged_compiled_file_is_compiled_again(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    curated_layer(folder)
    (compiled,) = _compiled(settings.cache_dir)
    places = compiled / "places.jsonl"
    places.write_bytes(os.urandom(places.stat().st_size))
    assert [p.name for p in curated_layer(folder).places] == ["Qzwertyan", "Zwertdag"]
    assert "the cached index is damaged" in caplog.text


def test_a_bad_row_is_named_and_nothing_is_compiled(folder: Path) -> None:
    (folder / "places.csv").write_text(TOWNS + "qz-3,Kwertabad,populated place,99.0,45.0,AZ,,5000,,hand-made\n")
    with pytest.raises(GazetteerError, match=r"places\.csv:4"):
        curated_layer(folder)
    assert _compiled(settings.cache_dir) == []


def test_two_gazetteer_folders_keep_their_own_builds(folder: Path) -> None:
    other = folder.parent / "other"
    shutil.copytree(folder, other)
    (other / "places.csv").write_text(HEADER + "qz-9,Kwertabad,populated place,39.0,45.0,AZ,,5000,,hand-made\n")
    assert [p.name for p in curated_layer(folder).places] == ["Qzwertyan", "Zwertdag"]
    assert [p.name for p in curated_layer(other).places] == ["Kwertabad"]
    assert len(_compiled(settings.cache_dir)) == 2


def _dump(*lines: tuple[str, str, float, int]) -> str:
    return "".join(
        "\t".join([ident, name, name, f"{name}i,QZ", str(lat), "46.2", "P", "PPL", "AZ", *[""] * 5, str(pop),
                   "", "", "Asia/Baku", "2020-01-01"]) + "\n"
        for ident, name, lat, pop in lines
    )  # fmt: skip


def test_reading_a_dump_and_checking_it_give_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "QZ.txt"
    path.write_text("# a comment\n" + _dump(("1", "Qzwertyan", 40.1, 1200), ("2", "Zwertdag", 40.2, 10)))
    assert (
        list(read_geonames_dump(path, min_population=100))
        == check_geonames_dump(path, layer="geonames:QZ", min_population=100).rows
    )
    assert [row.aliases for row in read_geonames_dump(path)] == [("Qzwertyani",), ("Zwertdagi",)]


def test_reading_a_dump_stops_at_the_first_bad_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "QZ.txt"
    path.write_text(_dump(("1", "Qzwertyan", 40.1, 1200)) + _dump(("2", "Zwertdag", float("nan"), 10)))
    with pytest.raises(GazetteerError, match=r"QZ\.txt:2: .*latitude"):
        list(read_geonames_dump(path))
