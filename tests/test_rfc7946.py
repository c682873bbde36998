"""Every GeoJSON file geomap writes (run, compare, timeline) is RFC 7946 after rounding.

Winding (exterior rings counter-clockwise, holes clockwise), longitude before
latitude, at most ``settings.geojson_precision`` decimals, and GDAL's own
RFC 7946 writer (``ogr2ogr -lco RFC7946=YES``) changes no geometry.
"""

from __future__ import annotations

import itertools
import json
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from geomap import settings
from geomap.cli import app
from tests.conftest import REPO

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

EXAMPLES = REPO / "examples"
# The lines and areas of these reports are in the South Caucasus: longitude 44-50 E, latitude 38-42 N.
LON, LAT = (43.0, 51.0), (37.0, 43.0)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> list[Path]:
    """Every GeoJSON file of a run, a comparison and a timeline over the seed and the examples."""
    out = tmp_path_factory.mktemp("rfc7946")
    runner = CliRunner(env={"COLUMNS": "200"})
    reports = [str(seed_path), *map(str, sorted(EXAMPLES.glob("*.txt")))]
    for args in (
        ["run", *reports, "-o", str(out)],
        ["compare", str(seed_path), str(EXAMPLES / "2020-09-28-armenia-road-held.txt"), "-o", str(out)],
        ["timeline", *reports, "-o", str(out)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.geojson"))
    assert {p.name for p in files} >= {"events.geojson", "claims.geojson", "compare.geojson", "timeline.geojson"}
    return files


def _located(files: list[Path]) -> Iterator[dict[str, Any]]:
    for path in files:
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if feature["geometry"] is not None:
                yield feature


def _features(files: list[Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in files:
        for feature in _located([path]):
            yield path.name, feature["geometry"]


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def _pairs(coords: Any) -> Iterator[list[float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for item in coords:
            yield from _pairs(item)


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def test_exterior_rings_are_counter_clockwise_and_holes_clockwise(written: list[Path]) -> None:
    wrong = [
        (name, i, _signed_area(ring))
        for name, geometry in _features(written)
        for polygon in _polygons(geometry)
        for i, ring in enumerate(polygon)
        if (_signed_area(ring) < 0 if i == 0 else _signed_area(ring) > 0)
    ]
    assert wrong == []


def test_points_are_longitude_then_latitude(written: list[Path]) -> None:
    points = [f for f in _located(written) if f["geometry"]["type"] == "Point" and "lat" in f["properties"]]
    assert points
    digits = settings.geojson_precision
    wrong = [f for f in points if f["geometry"]["coordinates"] != [round(f["properties"][k], digits) for k in
             ("lon", "lat")]]  # fmt: skip
    assert wrong == []


def test_lines_and_areas_are_longitude_then_latitude(written: list[Path]) -> None:
    pairs = [pair for _, g in _features(written) if g["type"] != "Point" for pair in _pairs(g["coordinates"])]
    assert pairs
    assert all(LON[0] <= lon <= LON[1] and LAT[0] <= lat <= LAT[1] for lon, lat in pairs)


def test_coordinates_have_at_most_the_configured_decimals(written: list[Path]) -> None:
    digits = settings.geojson_precision
    pairs = [pair for _, geometry in _features(written) for pair in _pairs(geometry["coordinates"])]
    assert all(round(v, digits) == v for pair in pairs for v in pair)


def test_gdal_rfc7946_writer_changes_no_geometry(written: list[Path], tmp_path: Path) -> None:
    for path in written:
        again = tmp_path / path.name
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-lco", "RFC7946=YES", str(again), str(path)], check=True)
        ours = [g for _, g in _features([path])]
        gdals = [g for _, g in _features([again])]
        assert gdals == ours, path.name
