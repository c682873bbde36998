"""Specification of geomap.gazetteer.geocoder: the gazetteer behind geopy's Geocoder interface."""

from __future__ import annotations

from functools import partial

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geomap import crs
from geomap.gazetteer.geocoder import GazetteerGeocoder

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


# The keywords of other geopy geocoders


def test_exactly_one_false_lists_each_place_once(geocoder):
    ids = [loc.raw["place_id"] for loc in GazetteerGeocoder().geocode("Yevlakh", exactly_one=False)]
    assert len(ids) == 1


def test_exactly_one_false_honours_limit_after_removing_duplicates():
    locations = GazetteerGeocoder().geocode("Shusha", exactly_one=False, limit=2)
    assert len(locations) == 2
    assert len({(loc.raw["kind"], round(loc.latitude, 1)) for loc in locations}) == 2


@pytest.mark.parametrize("keyword", ["country_codes", "country"])
def test_country_keywords_keep_only_places_of_those_countries(geocoder, keyword):
    location = geocoder.geocode("Martuni", **{keyword: ["az"]})
    assert location.raw["country"] == "AZ"


def test_country_bias_puts_that_countrys_places_first(geocoder):
    assert geocoder.geocode("Martuni", country_bias="AM").raw["country"] == "AM"
    assert geocoder.geocode("Martuni", country_bias="AZ").raw["country"] == "AZ"


@pytest.mark.parametrize(("featuretype", "kind"), [("city", "populated place"), ("county", "district")])
def test_featuretype_keeps_only_places_of_that_kind(geocoder, featuretype, kind):
    assert geocoder.geocode("Kalbajar", featuretype=featuretype).raw["kind"] == kind


def test_an_unknown_featuretype_is_a_value_error(geocoder):
    with pytest.raises(ValueError, match="featuretype"):
        geocoder.geocode("Kalbajar", featuretype="galaxy")


def test_addressdetails_give_nominatims_address_keys(geocoder):
    address = geocoder.geocode("Goris", addressdetails=True, language="en").raw["address"]
    assert address == {"city": "Goris", "state": "Syunik Province", "country": "Armenia", "country_code": "am"}


def test_a_structured_query_is_looked_up_by_its_most_specific_part(geocoder):
    location = geocoder.geocode({"city": "Shusha", "country": "Azerbaijan"})
    assert (location.raw["name"], location.raw["kind"]) == ("Shusha", "populated place")


def test_a_structured_query_prefers_places_in_the_state_it_names(geocoder):
    location = geocoder.geocode({"city": "Martuni", "state": "Gegharkunik Province"})
    assert location.raw["place_id"] == "curated:am-martuni"


def test_an_unknown_keyword_is_a_type_error_as_in_geopy(geocoder):
    with pytest.raises(TypeError, match="no_such_option"):
        geocoder.geocode("Goris", no_such_option=1)


def test_options_of_online_services_are_accepted_and_change_nothing(geocoder):
    assert geocoder.geocode("Goris", viewbox=[(0, 0), (1, 1)], bounded=False).raw == geocoder.geocode("Goris").raw


def test_scores_are_between_0_and_1(geocoder):
    assert geocoder.geocode("Kalbajar").raw["score"] == 1.0
    assert 0.8 < geocoder.geocode("Kalbjar").raw["score"] < 1.0


def test_reverse_returns_none_farther_than_max_distance(geocoder):
    assert geocoder.reverse((0, -30)) is None
    assert geocoder.reverse((40.2, 46.04), max_distance_km=1) is None


def test_reverse_gives_the_town_before_the_district_it_is_the_seat_of(geocoder):
    assert geocoder.reverse(KALBAJAR).raw["kind"] == "populated place"


def test_reverse_accepts_language_and_gives_an_address(geocoder):
    location = geocoder.reverse((40.11, 46.04), language="en")
    assert location.raw["address"]["country"] == "Azerbaijan"


class TestGeopyUsagePatterns:
    """Code written for geopy's online geocoders runs unchanged against GazetteerGeocoder."""

    def test_rate_limiter_wraps_geocode(self, geocoder):
        geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0)
        frame = pd.DataFrame({"name": ["Kalbacar", "Yevlax", "No such place xyz"]})
        frame["location"] = frame["name"].apply(geocode)
        assert frame["location"].iloc[0].raw["name"] == "Kalbajar"
        assert frame["location"].iloc[2] is None

    def test_rate_limiter_wraps_reverse_with_keywords(self, geocoder):
        reverse = RateLimiter(partial(geocoder.reverse, language="en", exactly_one=True), min_delay_seconds=0)
        assert "Kalbajar" in reverse(KALBAJAR).address

    def test_nominatim_style_call(self, geocoder):
        location = geocoder.geocode(
            "Shusha", exactly_one=True, country_codes="az", featuretype="city", addressdetails=True, language="en"
        )
        assert location.raw["address"]["country_code"] == "az"

    def test_geonames_style_call(self, geocoder):
        locations = geocoder.geocode("Martuni", exactly_one=False, country=["AM", "AZ"], country_bias="AM")
        countries = [loc.raw["country"] for loc in locations]
        assert countries[0] == "AM"
        assert "AZ" in countries

    def test_geopandas_geocode_passes_constructor_keywords(self):
        found = gpd.tools.geocode(["Martuni"], provider=GazetteerGeocoder, country="AM", user_agent="tests")
        assert found.address[0].endswith("AM")

    def test_geopandas_reverse_geocode_leaves_empty_where_nothing_is_near(self):
        result = gpd.tools.reverse_geocode([shapely.Point(-30, 0)], provider=GazetteerGeocoder)
        assert pd.isna(result.address[0])
