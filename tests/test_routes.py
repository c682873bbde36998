"""Routes: gazetteer roads along their waypoints, and roads a report describes between two places."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import shapely

from geomap import crs
from geomap.gazetteer.routes import Route, find_routes, routes_frame

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser
    from geomap.reports import Report


def _routes(parser: Geoparser, text: str) -> list[Route]:
    return find_routes(text, parser.parse(text))


@pytest.fixture(scope="module")
def seed_routes(parser: Geoparser, seed: Report) -> list[Route]:
    return find_routes(seed.text, parser.parse(seed.text))


def test_seed_road_is_the_gazetteer_route(seed_routes: list[Route], seed: Report) -> None:
    (road,) = seed_routes
    assert road.place_id == "curated:road-vardenis-agdara"
    assert road.approximate is False
    assert seed.text[road.start : road.end] == "Vardenis-Agdara military road"
    assert "routes.csv" in road.source


def test_seed_road_follows_its_many_waypoints(seed_routes: list[Route]) -> None:
    (road,) = seed_routes
    coords = list(road.line.coords)
    assert len(coords) >= 8
    assert shapely.Point(coords[0]).distance(shapely.Point(45.73, 40.18)) < 0.05  # Vardenis, lon first
    assert shapely.Point(coords[-1]).distance(shapely.Point(46.81, 40.22)) < 0.05  # Martakert / Agdara


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Traffic on the Goris-Kapan highway was stopped.", "Goris-Kapan highway"),
        ("The Goris–Kapan road was cut.", "Goris–Kapan road"),
        ("The road from Goris to Kapan was closed.", "road from Goris to Kapan"),
    ],
)
def test_described_road_is_an_approximate_straight_route(parser: Geoparser, text: str, name: str) -> None:
    (route,) = _routes(parser, text)
    assert route.name == name
    assert text[route.start : route.end] == name
    assert route.approximate is True
    assert route.place_id is None
    assert "straight line between Goris and Kapan" in route.source
    assert len(route.line.coords) == 2


def test_described_road_runs_between_the_two_places_lon_first(parser: Geoparser) -> None:
    (route,) = _routes(parser, "The road from Goris to Kapan was closed.")
    (goris_lon, goris_lat), (kapan_lon, kapan_lat) = route.line.coords
    assert (goris_lon, goris_lat) == pytest.approx((46.34, 39.51), abs=0.01)
    assert (kapan_lon, kapan_lat) == pytest.approx((46.41, 39.21), abs=0.01)


def test_two_places_joined_by_and_give_no_route(parser: Geoparser) -> None:
    assert _routes(parser, "Goris and Kapan were shelled.") == []


def test_road_between_a_place_and_itself_gives_no_route(parser: Geoparser) -> None:
    assert _routes(parser, "The road from Goris to Goris was closed.") == []


def test_routes_frame_columns_and_crs(seed_routes: list[Route]) -> None:
    frame = routes_frame(seed_routes, report_id="seed")
    assert list(frame.columns) == [
        "name", "place_id", "source", "approximate", "report_id", "start", "end", "geometry", "length_km",
    ]  # fmt: skip
    assert frame.crs == crs.WGS84
    assert frame["report_id"].tolist() == ["seed"]


def test_vardenis_agdara_line_is_80_to_130_km_long(seed_routes: list[Route]) -> None:
    (length,) = routes_frame(seed_routes)["length_km"]
    assert 80 <= length <= 130


def test_straight_goris_kapan_route_length_is_its_geodesic_distance(parser: Geoparser) -> None:
    (length,) = routes_frame(_routes(parser, "The road from Goris to Kapan was closed."))["length_km"]
    assert 30 <= length <= 40  # Goris-Kapan is about 34 km as the crow flies


def test_routes_frame_of_no_routes_is_empty_with_the_same_columns() -> None:
    frame = routes_frame([])
    assert len(frame) == 0
    assert {"name", "source", "approximate", "length_km", "geometry"} <= set(frame.columns)
