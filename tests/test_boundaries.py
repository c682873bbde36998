"""District and province polygons: geoBoundaries units, derived war-era units, and their use in claims."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
import shapely
from typer.testing import CliRunner

from geomap import crs
from geomap.areas import areas_for
from geomap.cli import app
from geomap.gazetteer.boundaries import boundaries_dir, boundary, read_units

if TYPE_CHECKING:
    from pathlib import Path

    from geomap.gazetteer import Gazetteer

runner = CliRunner(env={"COLUMNS": "4000"})
FUZULI = "curated:az-fuzuli-district"
JABRAYIL = "curated:az-jabrayil-district"


def test_a_district_claim_is_the_district_polygon(curated: Gazetteer) -> None:
    (area,) = areas_for([curated.get(FUZULI)], curated)
    assert not area.approximate
    assert "geoBoundaries-AZE-ADM2_simplified.geojson" in area.method
    assert crs.area_km2([area.geometry])[0] == pytest.approx(1400, rel=0.05)


def test_every_unit_names_a_curated_place_and_a_feature_that_exists(curated: Gazetteer) -> None:
    for place_id in read_units():
        unit = boundary(place_id)
        assert unit is not None
        assert curated.get(place_id).kind in {"district", "region"}
        assert unit.geometry.is_valid
        assert unit.area_km2 > 20  # Khankendi City, the smallest, is about 30 km²


def test_each_district_polygon_holds_its_seat(curated: Gazetteer) -> None:
    for place_id in read_units():
        place = curated.get(place_id)
        unit = boundary(place_id)
        assert unit is not None
        assert unit.geometry.buffer(0.02).contains(shapely.Point(place.lon, place.lat)), place.name


def test_aghdara_has_no_published_polygon_so_its_derived_one_says_how_it_was_made() -> None:
    unit = boundary("curated:az-aghdara-district")
    assert unit is not None
    assert unit.approximate
    assert "convex hull" in unit.method
    assert "Tartar" in unit.method


def test_the_derived_oblast_is_about_the_nkaos_4400_km2() -> None:
    unit = boundary("curated:reg-nagorno-karabakh")
    assert unit is not None
    assert unit.approximate
    assert unit.area_km2 == pytest.approx(4388, rel=0.1)


def test_nakhchivan_gets_the_exclave_geometry_despite_the_swapped_labels(curated: Gazetteer) -> None:
    unit = boundary("curated:reg-nakhchivan")
    assert unit is not None
    seat = curated.get("curated:reg-nakhchivan")
    assert unit.geometry.contains(shapely.Point(seat.lon, seat.lat))
    assert unit.area_km2 == pytest.approx(5500, rel=0.1)


def test_boundary_files_keep_geoboundaries_names_and_licences_beside_them() -> None:
    folder = boundaries_dir()
    for geojson in folder.glob("geoBoundaries-*_simplified.geojson"):
        assert geojson.with_name(geojson.name.replace("_simplified.geojson", "-metaData.json")).exists()
        props = json.loads(geojson.read_text(encoding="utf-8"))["features"][0]["properties"]
        assert {"shapeName", "shapeID"} <= set(props)
    assert (folder / "README.md").exists()


def test_a_place_without_a_unit_has_no_boundary() -> None:
    assert boundary("curated:az-kalbajar") is None


def test_lookup_shows_the_polygons_source() -> None:
    result = runner.invoke(app, ["gazetteer", "lookup", "Fuzuli District", "--no-base", "--format", "json"])
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)[0]
    assert best["boundary"]["file"] == "geoBoundaries-AZE-ADM2_simplified.geojson"
    assert "ShareAlike" in best["boundary"]["source"]


def test_compare_on_two_district_claims_gives_the_polygons_km2(write_file, tmp_path: Path) -> None:
    a = write_file(
        "a.txt",
        "---\ntitle: constructed\nside: azerbaijan\ndate: 2020-10-20\n---\n"
        "The Azerbaijani army took full control of Fuzuli district.\n",
    )
    b = write_file(
        "b.txt",
        "---\ntitle: constructed\nside: armenia\ndate: 2020-10-20\n---\n"
        "The ministry said Jabrayil district remains under the control of the Armenian armed forces.\n",
    )
    result = runner.invoke(app, ["compare", str(a), str(b), "-o", str(tmp_path / "out"), "--no-base"])
    assert result.exit_code == 0, result.output
    pieces = json.loads((tmp_path / "out" / "compare.geojson").read_text(encoding="utf-8"))["features"]
    km2 = {f["properties"]["class"]: f["properties"]["area_km2"] for f in pieces}
    fuzuli, jabrayil = boundary(FUZULI), boundary(JABRAYIL)
    assert fuzuli is not None
    assert jabrayil is not None
    assert km2["only_a"] == pytest.approx(fuzuli.area_km2, rel=0.01)
    assert km2["only_b"] == pytest.approx(jabrayil.area_km2, rel=0.01)
