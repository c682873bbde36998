"""Specification of geomap.geocoder: the gazetteer behind geopy's Geocoder interface."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geomap import crs
from geomap.geocoder import GazetteerGeocoder

KALBAJAR = (40.1098, 46.0445)  # lat, lon
YEVLAKH = (40.618, 47.150)


def km_between(lat_lon_a: tuple[float, float], lat_lon_b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = lat_lon_a, lat_lon_b
    return float(crs.distance_km(lon1, lat1, lon2, lat2))


@pytest.fixture(scope="module")
def geocoder(curated) -> GazetteerGeocoder:
    return GazetteerGeocoder(gazetteer=curated)


def test_gazetteer_geocoder_is_a_geopy_geocoder():
    assert issubclass(GazetteerGeocoder, Geocoder)


# geocode


@pytest.mark.parametrize("name", ["Kalbacar", "Kəlbəcər", "Karvachar", "Kalbajar", "KALBAJAR"])
def test_geocode_finds_kalbajar_under_its_spellings(geocoder, name):
    location = geocoder.geocode(name)
    assert isinstance(location, Location)
    assert km_between((location.latitude, location.longitude), KALBAJAR) < 5


def test_location_unpacks_as_address_and_lat_lon(geocoder):
    address, (lat, lon) = geocoder.geocode("Kalbacar")
    assert "Kalbajar" in address
    assert km_between((lat, lon), KALBAJAR) < 5


def test_geocode_all_returns_a_list_best_first(geocoder):
    locations = geocoder.geocode("Agdara", exactly_one=False)
    assert isinstance(locations, list)
    assert len(locations) > 1
    assert locations[0].raw["place_id"] == geocoder.geocode("Agdara").raw["place_id"]


def test_geocode_all_respects_limit(geocoder):
    assert len(geocoder.geocode("Agdara", exactly_one=False, limit=1)) == 1


def test_unknown_name_gives_none(geocoder):
    assert geocoder.geocode("No such place xyz") is None


def test_unknown_name_gives_none_when_all_are_asked_for(geocoder):
    assert geocoder.geocode("No such place xyz", exactly_one=False) is None


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_gives_none(geocoder, query):
    assert geocoder.geocode(query) is None


def test_raw_names_layer_source_alias_and_match_method(geocoder):
    raw = geocoder.geocode("Kəlbəcər").raw
    assert raw["layer"] == "curated"
    assert raw["source"]
    assert raw["matched_alias"] == "Kəlbəcər"
    assert raw["match"] == "exact"


@pytest.mark.parametrize(("query", "method"), [("Kalbajar", "exact"), ("Kallbajar", "loose"), ("Kalbjar", "fuzzy")])
def test_raw_says_how_the_name_matched(geocoder, query, method):
    assert geocoder.geocode(query).raw["match"] == method


def test_fuzzy_false_turns_off_fuzzy_matches(curated):
    assert GazetteerGeocoder(gazetteer=curated, fuzzy=False).geocode("Kalbjar") is None


def test_kind_limits_the_places_found(curated):
    location = GazetteerGeocoder(gazetteer=curated, kind="district").geocode("Kalbajar")
    assert location.raw["kind"] == "district"


def test_geocode_accepts_geopy_timeout_argument(geocoder):
    assert geocoder.geocode("Kalbacar", timeout=3) is not None


# reverse


def test_reverse_gives_the_nearest_place_with_its_distance(geocoder):
    location = geocoder.reverse((40.11, 46.04))
    assert isinstance(location, Location)
    assert "Kalbajar" in location.address
    assert location.raw["distance_km"] == pytest.approx(km_between((40.11, 46.04), location.point[:2]), abs=0.01)


def test_reverse_distance_is_small_next_to_a_place(geocoder):
    assert geocoder.reverse((40.11, 46.04)).raw["distance_km"] < 5


def test_reverse_all_returns_places_nearest_first(geocoder):
    locations = geocoder.reverse((40.11, 46.04), exactly_one=False, limit=3)
    distances = [loc.raw["distance_km"] for loc in locations]
    assert len(locations) == 3
    assert distances == sorted(distances)


# Through geopandas


@pytest.fixture(scope="module")
def geocoded() -> gpd.GeoDataFrame:
    return gpd.tools.geocode(["Kalbacar", "Yevlax", "No such place xyz"], provider=GazetteerGeocoder)


def test_geopandas_geocode_places_known_names(geocoded):
    found = [(p.y, p.x) for p in geocoded.geometry[:2]]
    assert km_between(found[0], KALBAJAR) < 5
    assert km_between(found[1], YEVLAKH) < 5


def test_geopandas_geocode_gives_an_empty_point_and_no_address_for_an_unknown_name(geocoded):
    assert geocoded.geometry[2].is_empty
    assert pd.isna(geocoded.address[2])


def test_geopandas_geocode_result_is_wgs84(geocoded):
    assert geocoded.crs == crs.WGS84


def test_geopandas_reverse_geocode_names_the_nearest_places():
    points = [shapely.Point(KALBAJAR[1], KALBAJAR[0]), shapely.Point(YEVLAKH[1], YEVLAKH[0])]
    result = gpd.tools.reverse_geocode(points, provider=GazetteerGeocoder)
    assert "Kalbajar" in result.address[0]
    assert "Yevlakh" in result.address[1]
    assert km_between((result.geometry[1].y, result.geometry[1].x), YEVLAKH) < 5
