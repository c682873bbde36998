"""Control claims as areas: settlements, heights, roads and districts."""

from __future__ import annotations

import math

import pytest
import shapely

from geomap import crs, settings
from geomap.areas import areas_for
from geomap.claims import CLAIM_COLUMNS, claims_from_events
from geomap.events import extract_events
from geomap.gazetteer import Gazetteer, MemoryLayer, Place
from geomap.reports import read_report

EXAMPLES = "examples"


def _place(kind: str, population: int = 0, **kw) -> Place:
    return Place(f"t:{kind}", kind.title(), kind, 40.2, 46.5, "t", "test", population=population, **kw)


@pytest.fixture(scope="module")
def seed_claims(parser, seed):
    return claims_from_events(extract_events(seed, parser), gazetteer=parser.gazetteer)


def test_claims_have_the_contract_columns(seed_claims) -> None:
    assert list(seed_claims.columns) == [*CLAIM_COLUMNS, "geometry"]
    assert seed_claims.crs == crs.WGS84


def test_seed_claims_murov_and_the_road_for_azerbaijan(seed_claims) -> None:
    held = dict(zip(seed_claims["place_name"], seed_claims["controller"], strict=True))
    assert held["Murovdag"] == "azerbaijan"
    assert held["Vardenis–Agdara road"] == "azerbaijan"


def test_road_claim_is_a_corridor_along_the_road(seed_claims, gazetteer) -> None:
    road_claim = seed_claims[seed_claims["place_kind"] == "road"].geometry.iloc[0]
    line = gazetteer.get("curated:road-vardenis-agdara").geometry
    assert road_claim.contains(line)
    straight = shapely.LineString([line.coords[0], line.coords[-1]])
    # The corridor follows the valley: the straight segment leaves it.
    assert not road_claim.contains(straight)


def test_region_level_events_give_no_claims(seed_claims) -> None:
    assert not set(seed_claims["place_kind"]) & {"region", "country"}


def test_every_claim_quotes_its_sentence(seed_claims, seed) -> None:
    for row in seed_claims.itertuples():
        assert seed.text[row.sentence_start : row.sentence_end] == row.quote


def test_claim_polygons_are_valid(seed_claims) -> None:
    assert shapely.is_valid(seed_claims.geometry.to_numpy()).all()


@pytest.mark.parametrize(("population", "size"), [(800, "village"), (5_000, "town"), (200_000, "city")])
def test_settlement_circle_is_sized_by_population(population: int, size: str) -> None:
    (area,) = areas_for([_place("populated place", population)])
    radius = settings.claim_radius_km[size]
    assert crs.area_km2([area.geometry])[0] == pytest.approx(math.pi * radius**2, rel=0.005)
    assert size in area.method


def test_height_gets_the_terrain_radius() -> None:
    (area,) = areas_for([_place("mountain")])
    radius = settings.claim_radius_km["mountain"]
    assert crs.area_km2([area.geometry])[0] == pytest.approx(math.pi * radius**2, rel=0.005)


def test_radius_setting_is_read_at_call_time(monkeypatch) -> None:
    monkeypatch.setitem(settings.claim_radius_km, "pass", 7.0)
    (area,) = areas_for([_place("pass")])
    assert crs.area_km2([area.geometry])[0] == pytest.approx(math.pi * 49, rel=0.005)


def test_district_without_a_polygon_is_derived_from_its_settlements_and_says_so() -> None:
    district = Place("t:d", "Testdistrict", "district", 40.2, 46.5, "t", "test")
    towns = [
        Place(f"t:{i}", f"Town{i}", "populated place", 40.2 + dy, 46.5 + dx, "t", "test", parent="t:d")
        for i, (dy, dx) in enumerate([(0.1, 0.0), (0.0, 0.15), (-0.1, 0.05), (0.05, -0.1)])
    ]
    gazetteer = Gazetteer([MemoryLayer("t", [district, *towns])])
    (area,) = areas_for([district], gazetteer)
    assert area.approximate
    assert "concave hull" in area.method
    for town in towns:
        assert area.geometry.contains(shapely.Point(town.lon, town.lat))


def test_district_without_settlements_falls_back_to_a_circle() -> None:
    (area,) = areas_for([_place("district")])
    assert area.approximate
    assert "too few settlements" in area.method


def test_denied_claims_are_not_areas(parser, make_report) -> None:
    report = make_report("The ministry denied that Talish was captured.", side="armenia")
    assert claims_from_events(extract_events(report, parser)).empty


def test_no_control_events_give_an_empty_frame_with_the_columns(parser, make_report) -> None:
    claims = claims_from_events(extract_events(make_report("Goris was shelled."), parser))
    assert claims.empty
    assert list(claims.columns) == [*CLAIM_COLUMNS, "geometry"]


def test_other_side_report_claims_the_road_for_armenia(parser) -> None:
    report = read_report(f"{EXAMPLES}/2020-09-28-armenia-road-held.txt")
    claims = claims_from_events(extract_events(report, parser), gazetteer=parser.gazetteer)
    held = dict(zip(claims["place_name"], claims["controller"], strict=True))
    assert held == {"Murovdag": "azerbaijan", "Vardenis–Agdara road": "armenia", "Talish": "armenia"}
