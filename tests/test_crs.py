"""Specification of geomap.crs: buffers, areas and distances in the right projections."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geomap import crs
from geomap.errors import CrsError

BAKU = (49.89, 40.38)
GANJA = (46.36, 40.68)
KHERSON = (32.62, 46.64)
NEW_YORK = (-74.0, 40.71)

# About 40 km (east-west) by 30 km (north-south) near 40N 46.5E.
BOX_40_BY_30 = shapely.box(46.26, 39.86, 46.73, 40.13)


def relative_error(value: float, expected: float) -> float:
    return abs(value - expected) / expected


def web_mercator(lon: float, lat: float) -> tuple[float, float]:
    """EPSG:3857 coordinates of a WGS84 point, from the spherical Mercator formulas."""
    radius = 6378137.0
    return radius * math.radians(lon), radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


# Buffers


@pytest.mark.parametrize("lat", [0.0, 40.0, 60.0])
@pytest.mark.parametrize("radius_km", [1.0, 10.0, 50.0])
def test_buffer_of_a_point_has_the_area_of_a_circle(lat, radius_km):
    circle = crs.buffer_km(shapely.points([46.5], [lat]), radius_km)[0]
    assert relative_error(crs.geodesic_area_km2(circle), math.pi * radius_km**2) < 0.005


@pytest.mark.parametrize("lat", [0.0, 40.0, 60.0])
def test_buffer_reaches_radius_km_north_and_east(lat):
    circle = crs.buffer_km(shapely.points([46.5], [lat]), 10.0)[0]
    minx, _, _, maxy = circle.bounds
    north = crs.distance_km(46.5, lat, 46.5, maxy)
    west = crs.distance_km(46.5, lat, minx, lat)
    assert north == pytest.approx(10.0, rel=0.005)
    assert west == pytest.approx(10.0, rel=0.005)


def test_buffers_far_apart_each_have_the_area_of_a_circle():
    lons, lats = zip(BAKU, KHERSON, NEW_YORK, strict=True)
    circles = crs.buffer_km(shapely.points(lons, lats), 10.0)
    areas = [crs.geodesic_area_km2(c) for c in circles]
    assert all(relative_error(a, math.pi * 100) < 0.005 for a in areas), areas


def test_buffers_far_apart_stay_around_their_own_points():
    lons, lats = zip(BAKU, KHERSON, NEW_YORK, strict=True)
    points = shapely.points(lons, lats)
    circles = crs.buffer_km(points, 10.0)
    assert shapely.contains(circles, points).all()


def test_buffer_takes_one_radius_per_geometry():
    circles = crs.buffer_km(shapely.points([46.0, 47.0], [40.0, 40.0]), [1.0, 10.0])
    areas = [crs.geodesic_area_km2(c) for c in circles]
    assert areas == pytest.approx([math.pi, math.pi * 100], rel=0.005)


def test_buffer_of_nothing_is_nothing():
    assert crs.buffer_km([], 1.0).shape == (0,)


def test_an_empty_geometry_does_not_distort_buffers_far_apart():
    lons, lats = zip(BAKU, KHERSON, NEW_YORK, strict=True)
    geoms = np.array([*shapely.points(lons, lats), shapely.Point()], dtype=object)
    circles = crs.buffer_km(geoms, 10.0)
    areas = [crs.geodesic_area_km2(c) for c in circles[:3]]
    assert all(relative_error(a, math.pi * 100) < 0.005 for a in areas), areas


# Areas


def test_area_of_a_polygon_agrees_with_its_geodesic_area():
    area = crs.area_km2([BOX_40_BY_30])[0]
    assert relative_error(area, crs.geodesic_area_km2(BOX_40_BY_30)) < 0.005


def test_area_of_a_40_by_30_km_box_is_about_1200_km2():
    assert 1100 < crs.area_km2([BOX_40_BY_30])[0] < 1300


def test_areas_far_apart_each_agree_with_their_geodesic_areas():
    boxes = [shapely.box(lon, lat, lon + 0.5, lat + 0.3) for lon, lat in (BAKU, KHERSON, NEW_YORK)]
    areas = crs.area_km2(boxes)
    assert all(relative_error(a, crs.geodesic_area_km2(b)) < 0.005 for a, b in zip(areas, boxes, strict=True))


def test_area_of_a_point_is_zero():
    assert crs.area_km2([shapely.Point(*BAKU)])[0] == 0.0


# Distances


def test_distance_from_baku_to_ganja_is_about_300_km():
    assert 280 < crs.distance_km(*BAKU, *GANJA) < 330


def test_distance_to_itself_is_zero():
    assert crs.distance_km(*BAKU, *BAKU) == 0.0


def test_distance_broadcasts_one_point_against_many():
    distances = crs.distance_km(BAKU[0], BAKU[1], [GANJA[0], BAKU[0]], [GANJA[1], BAKU[1]])
    assert distances.shape == (2,)
    assert distances[1] == 0.0


def test_line_length_of_baku_ganja_equals_their_distance():
    line = shapely.LineString([BAKU, GANJA])
    assert crs.line_length_km(line) == pytest.approx(float(crs.distance_km(*BAKU, *GANJA)))


# CRS checks


def test_check_crs_accepts_wgs84():
    crs.check_crs(gpd.GeoDataFrame(geometry=[shapely.Point(*BAKU)], crs=4326))


def test_check_crs_rejects_a_frame_without_crs():
    with pytest.raises(CrsError, match="no CRS"):
        crs.check_crs(gpd.GeoDataFrame(geometry=[shapely.Point(*BAKU)]))


def test_check_crs_rejects_web_mercator():
    with pytest.raises(CrsError, match="3857"):
        crs.check_crs(gpd.GeoDataFrame(geometry=[shapely.Point(*web_mercator(*BAKU))], crs=3857))


def test_crs_error_is_a_value_error():
    assert issubclass(CrsError, ValueError)


def test_to_wgs84_converts_a_web_mercator_frame():
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(*web_mercator(*BAKU))], crs=3857)
    converted = crs.to_wgs84(frame)
    assert converted.crs == crs.WGS84
    assert (converted.geometry.x[0], converted.geometry.y[0]) == pytest.approx(BAKU, abs=1e-9)


def test_to_wgs84_returns_a_wgs84_frame_as_it_is():
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(*BAKU)], crs=4326)
    assert crs.to_wgs84(frame) is frame


def test_to_wgs84_rejects_a_frame_without_crs():
    with pytest.raises(CrsError):
        crs.to_wgs84(gpd.GeoDataFrame(geometry=[shapely.Point(*BAKU)]))


# Projections


def test_project_then_unproject_gives_back_the_geometries():
    geoms = [shapely.Point(*BAKU), shapely.LineString([BAKU, GANJA]), BOX_40_BY_30]
    metric = crs.local_metric_crs(48.0, 40.5)
    back = crs.unproject(crs.project(geoms, metric), metric)
    assert shapely.equals_exact(back, geoms, tolerance=1e-9).all()


def test_projected_centre_of_the_local_metric_crs_is_the_origin():
    metric = crs.local_metric_crs(49.9, 40.4)
    [point] = crs.project([shapely.Point(49.9, 40.4)], metric)
    assert (point.x, point.y) == pytest.approx((0.0, 0.0), abs=1e-6)


def test_local_metric_crs_is_in_metres():
    assert crs.local_metric_crs(*BAKU).axis_info[0].unit_name == "metre"


def test_equal_area_crs_keeps_area_far_from_its_centre():
    far = crs.equal_area_crs(*NEW_YORK)
    [box] = crs.project([BOX_40_BY_30], far)
    assert relative_error(box.area / 1e6, crs.geodesic_area_km2(BOX_40_BY_30)) < 0.005
