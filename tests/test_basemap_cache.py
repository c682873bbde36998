"""Specification of the kept basemap: outlines read and simplified once, then read back from settings.cache_dir."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pytest

from geomap import settings
from geomap.maps import basemap

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parent.parent
BOUNDS = (46.0, 39.0, 47.5, 40.5)  # west, south, east, north: around Karabakh


@pytest.fixture
def boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A boundaries folder of one outline file, and a cache folder of its own; no outline kept in this process."""
    folder = tmp_path / "boundaries"
    folder.mkdir()
    shutil.copy(REPO / "gazetteer" / "boundaries" / "derived-karabakh-units.geojson", folder / "units.geojson")
    monkeypatch.setattr(settings, "map_boundaries_dir", folder)
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    basemap._boundary_file.cache_clear()
    basemap._countries.cache_clear()
    yield folder
    basemap._boundary_file.cache_clear()
    basemap._countries.cache_clear()


def _drawn() -> bytes:
    """The basemap layers around BOUNDS as the page gets them (JSON)."""
    return orjson.dumps(basemap.basemap_specs(BOUNDS), option=orjson.OPT_SERIALIZE_NUMPY)


def _outline_names() -> str:
    return str([spec["cols"] for spec in basemap.basemap_specs(BOUNDS) if spec["pane"] == "geomap-outlines"])


def test_the_simplified_outlines_are_kept_and_read_back_the_same(boundaries: Path) -> None:
    first = _drawn()
    kept = sorted(p.name for p in (settings.cache_dir / "basemap").iterdir())
    assert [name for name in kept if name.startswith("units-") and "-clip-" in name]
    basemap._boundary_file.cache_clear()
    basemap._countries.cache_clear()
    assert _drawn() == first


def test_a_changed_outline_file_is_read_again(boundaries: Path) -> None:
    path = boundaries / "units.geojson"
    before = _outline_names()
    path.write_text(path.read_text(encoding="utf-8").replace("Aghdara", "Renamed-unit"), encoding="utf-8")
    after = _outline_names()
    assert "Aghdara" in before
    assert "Renamed-unit" in after
    assert "Aghdara" not in after


def test_a_damaged_kept_file_is_made_again(boundaries: Path) -> None:
    first = _drawn()
    for kept in (settings.cache_dir / "basemap").iterdir():
        kept.write_bytes(b"not parquet")
    basemap._boundary_file.cache_clear()
    basemap._countries.cache_clear()
    assert _drawn() == first
