"""The gazetteer: places, their spellings, layers, files and the GeoNames index."""

from __future__ import annotations

import csv
import json
import math
from typing import TYPE_CHECKING

import pytest
import shapely

from geomap import settings
from geomap.errors import GazetteerError, GeoJSONError, GeomapError, PlaceNotFound
from geomap.gazetteer import (
    KINDS,
    Gazetteer,
    IndexedLayer,
    Place,
    base_layer,
    import_layer,
    names,
    read_places_csv,
    read_places_geojson,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

HEADER = "id,name,kind,lat,lon,country,aliases,source\n"
ROW_A = "a,Qzwertyan,populated place,40.1,46.1,AZ,Kwertyan|Qzvertian,hand-made test row\n"
ROW_B = "b,Zwertdag,mountain,40.2,46.2,AZ,,hand-made test row\n"


def _place(**changes: object) -> Place:
    values: dict[str, object] = {
        "place_id": "test:x",
        "name": "X",
        "kind": "populated place",
        "lat": 40.0,
        "lon": 46.0,
        "layer": "test",
        "source": "hand-made",
    }
    values.update(changes)
    return Place(**values)  # type: ignore[arg-type]


def _feature(geometry: object, **properties: object) -> dict[str, object]:
    return {"type": "Feature", "properties": {"source": "hand-made", **properties}, "geometry": geometry}


def _collection(*features: object) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _geonames_line(ident: int, name: str, alternates: str, *, lat: float, lon: float, feature: str) -> str:
    """One line of a GeoNames dump: 19 tab-separated columns."""
    fclass, code = feature.split(".")
    cols = [str(ident), name, name, alternates, str(lat), str(lon), fclass, code, "AZ", "", "01", "", "", "", "1200"]
    cols += ["", "1500", "Asia/Baku", "2020-01-01"]
    assert len(cols) == 19
    return "\t".join(cols)


# --------------------------------------------------------------------------- Place validation


@pytest.mark.parametrize(("lat", "lon"), [(math.nan, 46.0), (40.0, math.inf), (-math.inf, 46.0)])
def test_place_rejects_non_finite_coordinates_naming_the_place(lat: float, lon: float) -> None:
    with pytest.raises(GazetteerError, match=r"test:x: coordinates must be finite"):
        _place(lat=lat, lon=lon)


def test_place_with_latitude_beyond_90_hints_at_swapped_order() -> None:
    with pytest.raises(GazetteerError, match=r"test:x: latitude 120.0 .*swapped") as info:
        _place(lat=120.0, lon=40.0)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, GeomapError)


def test_place_with_both_coordinates_out_of_range_gives_no_swap_hint() -> None:
    with pytest.raises(GazetteerError, match=r"test:x: latitude") as info:
        _place(lat=120.0, lon=200.0)
    assert "swapped" not in str(info.value)


def test_place_with_unknown_kind_names_the_place_and_the_kind() -> None:
    with pytest.raises(GazetteerError, match=r"test:x: kind 'village' is not one of"):
        _place(kind="village")


def test_place_geometry_is_lon_first() -> None:
    point = _place(lat=40.1, lon=46.2).geometry
    assert (point.x, point.y) == (46.2, 40.1)


# --------------------------------------------------------------------------- lookup


def test_every_curated_spelling_finds_its_place_exactly(curated: Gazetteer) -> None:
    misses = []
    for place in curated.layers[0].places:  # type: ignore[attr-defined]
        for spelling in place.names:
            found = [m for m in curated.lookup(spelling, kind=place.kind, limit=None) if m.place == place]
            if not found or found[0].method != "exact" or names.key(found[0].alias) != names.key(spelling):
                misses.append((place.place_id, spelling))
    assert misses == []


def test_lookup_reports_exact_match_with_the_alias_that_matched(curated: Gazetteer) -> None:
    best = curated.lookup("Kəlbəcər", kind="populated place")[0]
    assert (best.place.place_id, best.alias, best.method, best.score) == (
        "curated:az-kalbajar",
        "Kəlbəcər",
        "exact",
        100.0,
    )


def test_lookup_reports_loose_match_for_another_transliteration(curated: Gazetteer) -> None:
    best = curated.lookup("Kalbadjar", kind="populated place")[0]
    assert best.place.place_id == "curated:az-kalbajar"
    assert best.method == "loose"
    assert best.score == 100.0
    assert names.loose_key(best.alias) == names.loose_key("Kalbadjar")


def test_lookup_reports_fuzzy_match_with_its_score(curated: Gazetteer) -> None:
    best = curated.lookup("Kalbajr", kind="populated place")[0]
    assert best.place.place_id == "curated:az-kalbajar"
    assert best.method == "fuzzy"
    assert settings.fuzzy_min_score <= best.score < 100.0
    assert best.alias in best.place.names


def test_lookup_gives_each_place_its_layer_and_source(gazetteer: Gazetteer) -> None:
    matches = gazetteer.lookup("Kalbajar", limit=None)
    assert {m.place.layer for m in matches} >= {"curated", "geonames"}
    assert all(m.place.source.strip() for m in matches)


def test_lookup_kind_filter_keeps_only_that_kind(curated: Gazetteer) -> None:
    assert [m.place.place_id for m in curated.lookup("Agdara", kind="district")] == ["curated:az-aghdara-district"]


def test_lookup_kind_filter_accepts_several_kinds(curated: Gazetteer) -> None:
    kinds = {m.place.kind for m in curated.lookup("Agdara", kind=["district", "populated place"])}
    assert kinds == {"district", "populated place"}


def test_lookup_country_filter_keeps_only_that_country(gazetteer: Gazetteer) -> None:
    georgian = gazetteer.lookup("Goris", country="ge")
    assert georgian
    assert {m.place.country for m in georgian} == {"GE"}
    assert gazetteer.lookup("Goris", country="AM")[0].place.place_id == "curated:am-goris"


def test_curated_beats_geonames_on_ties_even_against_larger_towns(gazetteer: Gazetteer) -> None:
    matches = gazetteer.lookup("Goris", limit=None)
    assert matches[0].place.place_id == "curated:am-goris"
    geonames = [m for m in matches if m.place.layer == "geonames" and m.method == "exact"]
    assert geonames  # GeoNames also has Goris, and Gori (larger) under the alias "Goris"
    assert max(m.place.population for m in geonames) > matches[0].place.population


def test_fuzzy_is_not_sought_when_a_loose_match_exists(curated: Gazetteer) -> None:
    matches = curated.lookup("Kelbajarr", limit=None)
    assert matches
    assert {m.method for m in matches} == {"loose"}


def test_fuzzy_fallback_scores_at_least_the_setting(curated: Gazetteer) -> None:
    matches = curated.lookup("Taliss", limit=None)
    assert matches[0].place.place_id == "curated:nk-talish"
    assert all(m.method == "fuzzy" and m.score >= settings.fuzzy_min_score for m in matches)


def test_fuzzy_can_be_turned_off(curated: Gazetteer) -> None:
    assert curated.lookup("Taliss", fuzzy=False) == []


def test_fuzzy_min_score_setting_is_read_at_call_time(curated: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    assert curated.lookup("Taliss")
    monkeypatch.setattr(settings, "fuzzy_min_score", 95.0)
    assert curated.lookup("Taliss") == []


def test_min_score_argument_overrides_the_setting(curated: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "fuzzy_min_score", 99.0)
    assert curated.lookup("Taliss", min_score=85.0)[0].place.name == "Talish"


def test_lookup_of_an_unknown_name_is_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Nowhereville-xyz") == []


# --------------------------------------------------------------------------- get, children, nearest


def test_get_returns_a_curated_place_by_id(curated: Gazetteer) -> None:
    assert curated.get("curated:am-goris").name == "Goris"


def test_get_returns_a_geonames_place_by_id(gazetteer: Gazetteer) -> None:
    place = gazetteer.get("geonames:586268")
    assert (place.name, place.layer) == ("Kalbajar", "geonames")


@pytest.mark.parametrize("place_id", ["curated:nowhere", "geonames:999999999", "nowhere", ""])
def test_get_of_an_unknown_id_raises_place_not_found(gazetteer: Gazetteer, place_id: str) -> None:
    with pytest.raises(PlaceNotFound) as info:
        gazetteer.get(place_id)
    assert isinstance(info.value, LookupError)


def test_children_are_the_places_whose_parent_is_given(curated: Gazetteer) -> None:
    children = curated.children("curated:az-kalbajar-district")
    assert "curated:az-kalbajar" in {c.place_id for c in children}
    assert {c.parent for c in children} == {"curated:az-kalbajar-district"}


def test_descendants_reach_towns_through_their_district(curated: Gazetteer) -> None:
    found = [p.place_id for p in curated.descendants("curated:az")]
    assert {"curated:az-kalbajar-district", "curated:az-kalbajar"} <= set(found)
    assert len(found) == len(set(found))
    assert "curated:az" not in found


def test_nearest_finds_the_place_at_a_point_with_its_distance(curated: Gazetteer) -> None:
    (place, km), *_ = curated.nearest(46.234, 40.31)
    assert place.place_id == "curated:mt-murovdag"
    assert km < 1.0


def test_nearest_gives_k_places_closest_first(curated: Gazetteer) -> None:
    found = curated.nearest(46.234, 40.31, k=3)
    assert len(found) == 3
    assert [d for _, d in found] == sorted(d for _, d in found)


def test_nearest_with_a_kind_gives_only_that_kind(curated: Gazetteer) -> None:
    found = curated.nearest(46.234, 40.31, k=2, kind="populated place")
    assert len(found) == 2
    assert {p.kind for p, _ in found} == {"populated place"}


def test_nearest_with_a_sparse_kind_still_finds_one(curated: Gazetteer) -> None:
    found = curated.nearest(46.234, 40.31, kind="country")
    assert [p.kind for p, _ in found] == ["country"]


# --------------------------------------------------------------------------- the curated files


def test_every_curated_row_has_a_source() -> None:
    with (settings.gazetteer_dir / "places.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    assert [r["id"] for r in rows if not (r["source"] or "").strip()] == []


def test_every_curated_kind_is_known(curated: Gazetteer) -> None:
    assert {p.kind for p in curated.layers[0].places} <= set(KINDS)  # type: ignore[attr-defined]


def _route_ids() -> list[str]:
    with (settings.gazetteer_dir / "routes.csv").open(encoding="utf-8", newline="") as fh:
        return sorted({r["route_id"] for r in csv.DictReader(fh)})


@pytest.mark.parametrize("route_id", _route_ids())
def test_every_route_is_a_road_of_8_waypoints_or_a_river_of_3(curated: Gazetteer, route_id: str) -> None:
    place = curated.get(f"curated:{route_id}")
    assert place.kind in {"road", "river"}
    assert place.line is not None
    assert len(place.line) >= (8 if place.kind == "road" else 3)
    assert place.geometry.geom_type == "LineString"


@pytest.mark.parametrize("river", ["river-aras", "river-hakari", "river-tartar", "river-vorotan"])
def test_a_river_line_passes_its_representative_point(curated: Gazetteer, river: str) -> None:
    place = curated.get(f"curated:{river}")
    assert place.geometry.distance(shapely.Point(place.lon, place.lat)) < 1e-6


def test_vardenis_agdara_road_runs_from_vardenis_to_martakert(curated: Gazetteer) -> None:
    road = curated.get("curated:road-vardenis-agdara")
    assert road.line is not None
    vardenis, martakert = curated.get("curated:am-vardenis"), curated.get("curated:nk-martakert")
    assert road.line[0] == pytest.approx((vardenis.lon, vardenis.lat), abs=1e-4)
    assert road.line[-1] == pytest.approx((martakert.lon, martakert.lat), abs=1e-4)
    with (settings.gazetteer_dir / "routes.csv").open(encoding="utf-8", newline="") as fh:
        waypoints = [r["waypoint"] for r in csv.DictReader(fh) if r["route_id"] == "road-vardenis-agdara"]
    assert waypoints[0] == "Vardenis"
    assert "Martakert" in waypoints[-1] or "Agdara" in waypoints[-1]


# --------------------------------------------------------------------------- read_places_csv


def test_read_places_csv_reads_places_with_layer_and_aliases(write_file: Callable[..., Path]) -> None:
    places = read_places_csv(write_file("p.csv", HEADER + ROW_A + ROW_B), layer="user:p")
    assert [p.place_id for p in places] == ["user:p:a", "user:p:b"]
    assert places[0].aliases == ("Kwertyan", "Qzvertian")
    assert {p.layer for p in places} == {"user:p"}


def test_read_places_csv_missing_column_names_line_1(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", "id,name,lat,lon\na,A,40,46\n")
    with pytest.raises(GazetteerError, match=r"p\.csv:1: .*source") as info:
        read_places_csv(path, layer="user:p")
    assert info.value.line == 1


def test_read_places_csv_bad_number_names_its_line(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", HEADER + ROW_A + "b,B,populated place,40,east,AZ,,s\n")
    with pytest.raises(GazetteerError, match=r"p\.csv:3: column 'lon' must be a number, got 'east'") as info:
        read_places_csv(path, layer="user:p")
    assert info.value.line == 3


def test_read_places_csv_counts_lines_inside_quoted_fields(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", HEADER + 'a,A,populated place,40,46,AZ,"x\ny",s\nb,B,populated place,north,46,AZ,,s\n')
    with pytest.raises(GazetteerError, match=r"p\.csv:4: column 'lat'"):
        read_places_csv(path, layer="user:p")


def test_read_places_csv_row_without_source_is_refused(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", HEADER + ROW_A + "b,B,populated place,40,46,AZ,,\n")
    with pytest.raises(GazetteerError, match=r"p\.csv:3: every place needs a 'source'"):
        read_places_csv(path, layer="user:p")


def test_read_places_csv_duplicate_ids_are_refused(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", HEADER + ROW_A + ROW_A.replace("Qzwertyan", "Other"))
    with pytest.raises(GazetteerError, match=r"p\.csv:3: id a is also on line 2"):
        read_places_csv(path, layer="user:p")


def test_read_places_csv_bad_row_error_names_the_place_and_line(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", HEADER + "a,A,populated place,46,140,AZ,,s\nb,B,village,40,46,AZ,,s\n")
    with pytest.raises(GazetteerError, match=r"p\.csv:3: user:p:b: kind 'village'"):
        read_places_csv(path, layer="user:p")


def test_read_places_csv_missing_file_is_a_gazetteer_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"nope\.csv: cannot read"):
        read_places_csv(tmp_path / "nope.csv", layer="user:p")


def test_read_places_csv_accepts_a_byte_order_mark(write_file: Callable[..., Path]) -> None:
    path = write_file("p.csv", "\ufeff" + HEADER + ROW_A)
    assert [p.name for p in read_places_csv(path, layer="user:p")] == ["Qzwertyan"]


# --------------------------------------------------------------------------- read_places_geojson


def test_read_places_geojson_reads_points_lines_and_polygons(write_file: Callable[..., Path]) -> None:
    text = _collection(
        _feature(
            {"type": "Point", "coordinates": [46.1, 40.1]}, id="pt", name="Qzwertyan", aliases="Kwertyan|Qzvertian"
        ),
        _feature({"type": "LineString", "coordinates": [[46.0, 40.0], [46.5, 40.1], [47.0, 40.0]]}, name="Zwert road"),
        _feature(
            {"type": "Polygon", "coordinates": [[[46, 40], [46.2, 40], [46.2, 40.2], [46, 40.2], [46, 40]]]},
            name="Zwert district",
            kind="district",
        ),
    )
    point, road, area = read_places_geojson(write_file("p.geojson", text), layer="user:p")
    assert (point.place_id, point.lon, point.lat, point.aliases) == ("user:p:pt", 46.1, 40.1, ("Kwertyan", "Qzvertian"))
    assert (road.kind, road.line) == ("road", ((46.0, 40.0), (46.5, 40.1), (47.0, 40.0)))
    assert area.kind == "district"
    assert 46.0 < area.lon < 46.2
    assert 40.0 < area.lat < 40.2
    assert {p.source for p in (point, road, area)} == {"hand-made"}


def test_read_places_geojson_not_json_names_the_line(write_file: Callable[..., Path]) -> None:
    path = write_file("p.geojson", '{"type": "FeatureCollection",\n "features": [\n oops]}')
    with pytest.raises(GeoJSONError, match=r"p\.geojson:3: not valid JSON") as info:
        read_places_geojson(path, layer="user:p")
    assert info.value.line == 3


@pytest.mark.parametrize("data", [[1, 2], {"type": "Feature"}, {"type": "FeatureCollection", "features": {}}])
def test_read_places_geojson_wants_a_feature_collection(write_file: Callable[..., Path], data: object) -> None:
    with pytest.raises(GeoJSONError, match="FeatureCollection"):
        read_places_geojson(write_file("p.geojson", json.dumps(data)), layer="user:p")


def test_read_places_geojson_feature_without_properties_names_its_index(write_file: Callable[..., Path]) -> None:
    ok = _feature({"type": "Point", "coordinates": [46.1, 40.1]}, name="A")
    text = _collection(ok, {"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.1, 40.1]}})
    with pytest.raises(GazetteerError, match="feature 1 has no properties"):
        read_places_geojson(write_file("p.geojson", text), layer="user:p")


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [46.1]},
        {"type": "Point"},
        {"type": "Point", "coordinates": []},
        None,
    ],
    ids=["one-coordinate", "no-coordinates", "empty", "null"],
)
def test_read_places_geojson_unusable_geometry_names_the_feature(
    write_file: Callable[..., Path], geometry: object
) -> None:
    ok = _feature({"type": "Point", "coordinates": [46.1, 40.1]}, name="A")
    text = _collection(ok, _feature(geometry, name="B"))
    with pytest.raises(GazetteerError, match="feature 1 "):
        read_places_geojson(write_file("p.geojson", text), layer="user:p")


def test_read_places_geojson_unknown_geometry_type_names_the_feature(write_file: Callable[..., Path]) -> None:
    text = _collection(_feature({"type": "Blob", "coordinates": [46.1, 40.1]}, name="B"))
    with pytest.raises(GazetteerError, match="feature 0 "):
        read_places_geojson(write_file("p.geojson", text), layer="user:p")


def test_read_places_geojson_nan_coordinate_is_refused(write_file: Callable[..., Path]) -> None:
    text = '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "B", "source": "s"}, '
    text += '"geometry": {"type": "Point", "coordinates": [46.1, NaN]}}]}'
    with pytest.raises(GazetteerError, match="feature 0"):
        read_places_geojson(write_file("p.geojson", text), layer="user:p")


def test_read_places_geojson_bad_coordinates_name_the_feature(write_file: Callable[..., Path]) -> None:
    text = _collection(_feature({"type": "Point", "coordinates": [40.1, 146.1]}, name="B"))
    with pytest.raises(GazetteerError, match=r"feature 0: latitude 146.1 .*swapped"):
        read_places_geojson(write_file("p.geojson", text), layer="user:p")


def test_read_places_geojson_feature_without_source_is_refused(write_file: Callable[..., Path]) -> None:
    text = _collection(
        {"type": "Feature", "properties": {"name": "B"}, "geometry": {"type": "Point", "coordinates": [46, 40]}}
    )
    with pytest.raises(GazetteerError, match="feature 0: every place needs a 'source'"):
        read_places_geojson(write_file("p.geojson", text), layer="user:p")


# --------------------------------------------------------------------------- importing layers


def test_import_csv_installs_a_user_layer(write_file: Callable[..., Path]) -> None:
    done = import_layer(write_file("mine.csv", HEADER + ROW_A + ROW_B))
    assert (done.layer, done.places, done.rejected) == ("user:mine", 2, 0)
    assert done.folder == settings.user_layers_dir / "user-mine"  # type: ignore[operator]


def test_imported_csv_layer_is_seen_by_the_default_gazetteer(write_file: Callable[..., Path]) -> None:
    import_layer(write_file("mine.csv", HEADER + ROW_A))
    gaz = Gazetteer.default(base=False)
    assert [layer.name for layer in gaz.layers] == ["curated", "user:mine"]
    best = gaz.lookup("Qzvertian")[0]
    assert (best.place.place_id, best.place.layer, best.alias) == ("user:mine:a", "user:mine", "Qzvertian")


def test_import_layer_takes_the_name_given(write_file: Callable[..., Path]) -> None:
    assert import_layer(write_file("mine.csv", HEADER + ROW_A), name="zwert").layer == "user:zwert"
    assert Gazetteer.default(base=False).get("user:zwert:a").name == "Qzwertyan"


def test_curated_layer_beats_an_imported_layer_on_ties(write_file: Callable[..., Path]) -> None:
    import_layer(write_file("mine.csv", HEADER + "g,Goris,populated place,39.5,46.3,AM,,hand-made\n"))
    matches = Gazetteer.default(base=False).lookup("Goris")
    assert [m.place.layer for m in matches] == ["curated", "user:mine"]


def test_import_geojson_installs_a_user_layer(write_file: Callable[..., Path]) -> None:
    text = _collection(_feature({"type": "Point", "coordinates": [46.1, 40.1]}, id="q", name="Qzwertyan"))
    assert import_layer(write_file("mine.geojson", text)).layer == "user:mine"
    place = Gazetteer.default(base=False).lookup("Qzwertyan")[0].place
    assert (place.place_id, place.layer) == ("user:mine:q", "user:mine")


def test_import_of_a_bad_csv_installs_nothing(write_file: Callable[..., Path]) -> None:
    path = write_file("bad.csv", HEADER + ROW_A + "b,B,populated place,north,46,AZ,,s\n")
    with pytest.raises(GazetteerError, match=r"bad\.csv:3:"):
        import_layer(path)
    assert [layer.name for layer in Gazetteer.default(base=False).layers] == ["curated"]


def test_import_of_an_unknown_format_is_refused(write_file: Callable[..., Path]) -> None:
    with pytest.raises(GazetteerError, match=r"unknown gazetteer format '\.xlsx'"):
        import_layer(write_file("mine.xlsx", b"PK\x03\x04"))


def test_import_geonames_dump_installs_an_indexed_layer(write_file: Callable[..., Path]) -> None:
    dump = "\n".join(
        [
            _geonames_line(9000001, "Qzwertyan", "Kwertyan,Qzvertian,QZW", lat=40.1, lon=46.1, feature="P.PPL"),
            _geonames_line(9000002, "Zwertdag", "", lat=40.2, lon=46.2, feature="T.MT"),
        ]
    )
    done = import_layer(write_file("XQ.txt", dump + "\n"))
    assert (done.layer, done.places) == ("geonames:xq", 2)
    gaz = Gazetteer.default(base=False)
    assert "geonames:xq" in [layer.name for layer in gaz.layers]
    best = gaz.lookup("Qzvertian")[0]
    assert (best.place.place_id, best.place.layer, best.alias) == ("geonames:xq:9000001", "geonames:xq", "Qzvertian")
    assert best.place.source.startswith("GeoNames 9000001")
    assert gaz.get("geonames:xq:9000002").kind == "mountain"


def test_indexed_layer_without_columns_is_rebuilt_from_its_rows_when_opened(write_file: Callable[..., Path]) -> None:
    dump = _geonames_line(9000001, "Qzwertyan", "Kwertyan", lat=40.1, lon=46.1, feature="P.PPL")
    import_layer(write_file("XQ.txt", dump + "\n"))
    folder = settings.user_layers_dir / "geonames-xq"  # type: ignore[operator]
    for old_layout_lacks in ("admin.npy", "kind.npy", "exact_entries.npy"):
        (folder / old_layout_lacks).unlink()
    layer = IndexedLayer("geonames:xq", folder)
    assert (folder / "admin.npy").exists()
    assert [p.name for p, _ in layer.exact("kwertyan")] == ["Qzwertyan"]


def test_import_geonames_dump_with_a_short_line_names_file_and_line(write_file: Callable[..., Path]) -> None:
    good = _geonames_line(9000001, "Qzwertyan", "", lat=40.1, lon=46.1, feature="P.PPL")
    path = write_file("XQ.txt", good + "\n" + "9000002\tB\tB\t\t40" + "\n")
    with pytest.raises(GazetteerError, match=r"XQ\.txt:2: .*19 tab-separated columns, this one has 5"):
        import_layer(path)
    assert list(settings.user_layers_dir.iterdir()) == []  # type: ignore[union-attr]


# --------------------------------------------------------------------------- GeoNames base index


def test_base_index_opens_from_its_cache_without_rebuilding(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = base_layer()
    before = first.folder.stat().st_mtime_ns

    def refuse(*args: object, **kwargs: object) -> IndexedLayer:
        pytest.fail("the GeoNames index was rebuilt although its cache exists")

    monkeypatch.setattr(IndexedLayer, "build", classmethod(refuse))
    second = base_layer()
    assert second.folder == first.folder
    assert second.folder.stat().st_mtime_ns == before
    assert len(second) == len(first) > 100_000
