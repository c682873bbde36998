"""Specification of geomap.gazetteer.admin: admin1/admin2 from boundary polygons, else from the gazetteer's parents."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from geomap.gazetteer.admin import admin_areas, admin_chain

if TYPE_CHECKING:
    from pathlib import Path

    from geomap.gazetteer import Gazetteer

GORIS = ("curated:am-goris", 46.34168, 39.51111)


def _square(name: str, lon: float, lat: float, level: str | None) -> dict[str, object]:
    props: dict[str, object] = {"shapeName": name, "shapeID": f"id-{name}"}
    if level:
        props["shapeType"] = level
    ring = [[lon - 0.1, lat - 0.1], [lon + 0.1, lat - 0.1], [lon + 0.1, lat + 0.1], [lon - 0.1, lat + 0.1]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}}


def _boundaries(folder: Path, name: str, *features: dict[str, object]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8")
    return folder


def test_a_town_in_a_district_has_the_district_as_admin1(curated: Gazetteer) -> None:
    assert admin_chain("curated:az-kalbajar", curated) == ("Kalbajar District", "")


def test_a_district_is_its_own_admin1(curated: Gazetteer) -> None:
    assert admin_chain("curated:az-kalbajar-district", curated) == ("Kalbajar District", "")


def test_a_region_without_a_country_is_no_admin_unit(curated: Gazetteer) -> None:
    assert admin_chain("curated:reg-caucasus", curated) == ("", "")


def test_an_unknown_or_missing_place_has_no_admin_units(curated: Gazetteer) -> None:
    assert admin_chain("curated:no-such-place", curated) == ("", "")
    assert admin_chain(None, curated) == ("", "")


def test_boundary_polygons_win_over_the_parents(curated: Gazetteer, tmp_path: Path) -> None:
    place_id, lon, lat = GORIS
    folder = _boundaries(tmp_path / "b", "geoBoundaries-ARM-ADM1.geojson", _square("Syunik", lon, lat, "ADM1"))
    admin = admin_areas([place_id], [lon], [lat], curated, folder=folder)
    assert admin.to_dict("records") == [{"admin1": "Syunik", "admin2": ""}]


def test_the_level_comes_from_the_file_name_when_the_features_do_not_say(curated: Gazetteer, tmp_path: Path) -> None:
    place_id, lon, lat = GORIS
    folder = _boundaries(tmp_path / "b", "geoBoundaries-ARM-ADM2.geojson", _square("Goris community", lon, lat, None))
    admin = admin_areas([place_id], [lon], [lat], curated, folder=folder)
    assert admin.to_dict("records") == [{"admin1": "Syunik Province", "admin2": "Goris community"}]


def test_a_point_outside_every_polygon_keeps_its_parents(curated: Gazetteer, tmp_path: Path) -> None:
    place_id, lon, lat = GORIS
    folder = _boundaries(tmp_path / "b", "x-ADM1.geojson", _square("Elsewhere", lon + 5, lat, "ADM1"))
    admin = admin_areas([place_id, None], [lon, None], [lat, None], curated, folder=folder)
    assert admin.to_dict("records") == [{"admin1": "Syunik Province", "admin2": ""}, {"admin1": "", "admin2": ""}]
