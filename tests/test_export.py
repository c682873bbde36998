"""Specification of geomap.export: RFC 7946 GeoJSON, CSV, GeoPackage and HTML, written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
import subprocess

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely

from geomap import settings
from geomap.errors import ExportError, GeomapError
from geomap.export import (
    atomic_write,
    by_geometry,
    geojson_seq,
    json_lines,
    to_geojson,
    write_csv,
    write_geojson,
    write_gpkg,
    write_html,
    write_parquet,
)

# A clockwise square with a counter-clockwise hole: both rings the wrong way round for RFC 7946.
CLOCKWISE_WITH_HOLE = shapely.Polygon(
    [(46.0, 40.0), (46.0, 40.2), (46.3, 40.2), (46.3, 40.0)],
    holes=[[(46.1, 40.05), (46.2, 40.05), (46.2, 40.15), (46.1, 40.15)]],
)


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace area of a closed ring: positive when counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


@pytest.fixture
def events() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name": ["Murov", "Talysh", "Hadrut"],
            "count": [1, 2, 3],
            "score": [0.5, math.nan, 2.25],
            "date": [dt.date(2020, 9, 27), dt.date(2020, 10, 1), None],
        },
        geometry=[shapely.Point(46.4, 40.3), CLOCKWISE_WITH_HOLE, None],
        crs=4326,
    )


def written(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# GeoJSON


def test_geojson_has_no_crs_member(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    assert "crs" not in written(path)


def test_geojson_is_a_feature_collection_with_one_feature_per_row(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    data = written(path)
    assert (data["type"], [f["type"] for f in data["features"]]) == ("FeatureCollection", ["Feature"] * 3)


def test_geojson_coordinates_are_lon_lat(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    assert written(path)["features"][0]["geometry"]["coordinates"] == [46.4, 40.3]


def test_geojson_of_a_web_mercator_frame_is_in_lon_lat(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events.to_crs(3857), path)
    assert written(path)["features"][0]["geometry"]["coordinates"] == pytest.approx([46.4, 40.3], abs=1e-6)


def test_geojson_coordinates_are_rounded_to_the_precision_setting(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "geojson_precision", 3)
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(46.4123456789, 40.3987654321)], crs=4326)
    path = tmp_path / "events.geojson"
    write_geojson(frame, path)
    assert written(path)["features"][0]["geometry"]["coordinates"] == [46.412, 40.399]


def test_geojson_precision_argument_overrides_the_setting(tmp_path):
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(46.4123456789, 40.3987654321)], crs=4326)
    path = tmp_path / "events.geojson"
    write_geojson(frame, path, precision=1)
    assert written(path)["features"][0]["geometry"]["coordinates"] == [46.4, 40.4]


def test_geojson_polygon_exterior_is_counter_clockwise(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    exterior = written(path)["features"][1]["geometry"]["coordinates"][0]
    assert signed_area(exterior) > 0


def test_geojson_polygon_holes_are_clockwise(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    hole = written(path)["features"][1]["geometry"]["coordinates"][1]
    assert signed_area(hole) < 0


def test_geojson_dates_are_iso_strings(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    assert [f["properties"]["date"] for f in written(path)["features"]] == ["2020-09-27", "2020-10-01", None]


def test_geojson_nan_is_null(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    assert [f["properties"]["score"] for f in written(path)["features"]] == [0.5, None, 2.25]


def test_geojson_missing_timestamp_is_null(tmp_path):
    frame = gpd.GeoDataFrame(
        {"seen": pd.to_datetime(["2020-09-27", None])},
        geometry=[shapely.Point(46.4, 40.3), shapely.Point(46.5, 40.3)],
        crs=4326,
    )
    path = tmp_path / "events.geojson"
    write_geojson(frame, path)
    assert written(path)["features"][1]["properties"]["seen"] is None


def test_geojson_numpy_numbers_are_plain_numbers(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events.assign(count=np.array([1, 2, 3], dtype=np.int32)), path)
    assert [f["properties"]["count"] for f in written(path)["features"]] == [1, 2, 3]


def test_geojson_feature_without_geometry_has_null_geometry(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    feature = written(path)["features"][2]
    assert "geometry" in feature
    assert feature["geometry"] is None


def test_geojson_keeps_report_text_raw(tmp_path):
    frame = gpd.GeoDataFrame(
        {"quote": ["<script>alert(1)</script> & Şuşa"]}, geometry=[shapely.Point(46.4, 40.3)], crs=4326
    )
    path = tmp_path / "events.geojson"
    write_geojson(frame, path)
    assert written(path)["features"][0]["properties"]["quote"] == "<script>alert(1)</script> & Şuşa"


def test_write_geojson_returns_what_it_wrote(events, tmp_path):
    path = tmp_path / "events.geojson"
    assert write_geojson(events, path) == written(path)


def test_geojson_reads_back_with_pyogrio_with_the_same_properties(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    back = pyogrio.read_dataframe(path)
    pd.testing.assert_series_equal(back["name"], events["name"], check_dtype=False)
    pd.testing.assert_series_equal(back["count"], events["count"], check_dtype=False)
    pd.testing.assert_series_equal(back["score"], events["score"], check_dtype=False)


def test_geojson_reads_back_with_geopandas_with_the_same_geometries(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    back = gpd.read_file(path)
    assert back.crs == events.crs
    assert back.geometry.iloc[:2].geom_equals(events.geometry.iloc[:2]).all()
    assert back.geometry.iloc[2] is None


def test_geojson_dates_read_back_as_the_same_dates(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_geojson(events, path)
    back = gpd.read_file(path)
    assert list(pd.to_datetime(back["date"]).dt.date[:2]) == [dt.date(2020, 9, 27), dt.date(2020, 10, 1)]


@pytest.mark.parametrize("precision", [-1, 8, 15])
def test_precision_outside_0_to_7_is_an_export_error(events, precision):
    with pytest.raises(ExportError, match="precision"):
        to_geojson(events, precision=precision)


def test_precision_setting_outside_0_to_7_is_an_export_error(events, monkeypatch):
    monkeypatch.setattr(settings, "geojson_precision", 9)
    with pytest.raises(ExportError, match="precision"):
        to_geojson(events)


@pytest.mark.parametrize("precision", [0, 7])
def test_precision_0_and_7_are_accepted(events, precision):
    assert to_geojson(events, precision=precision)["features"][0]["geometry"]["type"] == "Point"


# Atomic writes


def test_writing_leaves_no_temporary_file_behind(events, tmp_path):
    write_geojson(events, tmp_path / "events.geojson")
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


def test_writing_replaces_the_previous_file(events, tmp_path):
    path = tmp_path / "events.geojson"
    path.write_text("old", encoding="utf-8")
    write_geojson(events, path)
    assert len(written(path)["features"]) == 3


def test_writing_creates_missing_folders(events, tmp_path):
    path = tmp_path / "out" / "maps" / "events.geojson"
    write_geojson(events, path)
    assert path.is_file()


def test_failing_write_keeps_the_previous_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "events.geojson"
    path.write_text("previous", encoding="utf-8")

    def fail(tmp):
        tmp.write_text("half a fi", encoding="utf-8")
        msg = "renderer crashed"
        raise RuntimeError(msg)

    with pytest.raises(RuntimeError, match="renderer crashed"):
        atomic_write(path, fail)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


def test_write_failing_with_an_os_error_is_an_export_error_naming_the_path(tmp_path):
    path = tmp_path / "events.geojson"
    path.write_text("previous", encoding="utf-8")

    def fail(tmp):
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="No space left") as info:
        atomic_write(path, fail)
    assert str(path) in str(info.value)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


def test_folder_that_cannot_be_created_is_an_export_error(events, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        write_geojson(events, blocker / "sub" / "events.geojson")
    assert str(blocker) in str(info.value)


def test_export_error_is_an_os_error_and_a_geomap_error():
    assert issubclass(ExportError, OSError)
    assert issubclass(ExportError, GeomapError)


# CSV


def test_csv_writes_geometry_as_wkt(events, tmp_path):
    path = tmp_path / "events.csv"
    write_csv(events, path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["geometry"] == "POINT (46.4 40.3)"
    assert rows[1]["geometry"].startswith("POLYGON ((")
    assert rows[2]["geometry"] == ""


def test_csv_keeps_the_columns_and_rows(events, tmp_path):
    path = tmp_path / "events.csv"
    write_csv(events, path)
    back = pd.read_csv(path)
    assert list(back.columns) == ["name", "count", "score", "date", "geometry"]
    assert list(back["name"]) == ["Murov", "Talysh", "Hadrut"]


def test_csv_of_a_plain_table_has_no_geometry(tmp_path):
    path = tmp_path / "table.csv"
    write_csv(pd.DataFrame({"name": ["Murov"], "count": [1]}), path)
    assert path.read_text(encoding="utf-8").splitlines() == ["name,count", "Murov,1"]


def test_csv_makes_text_a_spreadsheet_would_run_inert(tmp_path):
    path = tmp_path / "quotes.csv"
    quotes = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "Goris was shelled."]
    write_csv(pd.DataFrame({"quote": quotes, "n": [-1, 2, 3, 4, 5]}), path)
    back = pd.read_csv(path, keep_default_na=False)
    assert list(back["quote"]) == [f"'{q}" for q in quotes[:4]] + ["Goris was shelled."]
    assert list(back["n"]) == [-1, 2, 3, 4, 5]


def test_csv_leaves_the_frame_unchanged(events, tmp_path):
    before = events.copy()
    write_csv(events, tmp_path / "events.csv")
    pd.testing.assert_frame_equal(events, before)


def test_csv_writes_without_warnings(events, tmp_path):
    write_csv(events, tmp_path / "events.csv")


# GeoPackage


def test_gpkg_round_trip_keeps_rows_and_geometries(events, tmp_path):
    path = tmp_path / "events.gpkg"
    write_gpkg(events, path)
    back = gpd.read_file(path, layer="events")
    assert back.crs == events.crs
    assert list(back["name"]) == list(events["name"])
    assert back.geometry.iloc[:2].geom_equals(events.geometry.iloc[:2]).all()


def test_gpkg_layer_name_is_chosen_by_the_caller(events, tmp_path):
    path = tmp_path / "events.gpkg"
    write_gpkg(events, path, layer="claims")
    assert pyogrio.list_layers(path)[:, 0].tolist() == ["claims"]


def test_gpkg_leaves_no_temporary_file_behind(events, tmp_path):
    write_gpkg(events, tmp_path / "events.gpkg")
    assert [p.name for p in tmp_path.iterdir()] == ["events.gpkg"]


def test_gpkg_writes_without_warnings(events, tmp_path):
    write_gpkg(events, tmp_path / "events.gpkg")


@pytest.fixture
def mixed_gpkg(events, tmp_path):
    """One GeoPackage: the events split by geometry type, plus a line layer."""
    road = gpd.GeoDataFrame({"name": ["road"]}, geometry=[shapely.LineString([(45.7, 40.2), (46.8, 40.2)])], crs=4326)
    path = tmp_path / "all.gpkg"
    write_gpkg({**by_geometry(events, "events"), "routes": road}, path)
    return path


def test_gpkg_holds_every_layer_given_in_one_file(mixed_gpkg):
    names = pyogrio.list_layers(mixed_gpkg)[:, 0].tolist()
    assert names == ["events_point", "events_line", "events_polygon", "routes"]


def test_gpkg_layers_have_one_geometry_type_each_even_when_empty(mixed_gpkg):
    types = dict(pyogrio.list_layers(mixed_gpkg).tolist())
    assert types == {
        "events_point": "Point",
        "events_line": "MultiLineString",
        "events_polygon": "MultiPolygon",
        "routes": "MultiLineString",
    }


def test_gpkg_dates_are_date_fields_and_read_back_as_dates(mixed_gpkg):
    info = pyogrio.read_info(mixed_gpkg, layer="events_point")
    assert dict(zip(info["fields"], info["ogr_types"], strict=True))["date"] == "OFTDate"
    back = gpd.read_file(mixed_gpkg, layer="events_point")
    assert back["date"].iloc[0].date() == dt.date(2020, 9, 27)


def test_gpkg_opens_in_ogrinfo_without_warnings(mixed_gpkg):
    done = subprocess.run(["ogrinfo", "-ro", "-so", "-q", str(mixed_gpkg)], capture_output=True, text=True, check=True)
    assert "events_polygon (Multi Polygon)" in done.stdout
    assert done.stderr == ""


def test_by_geometry_puts_rows_without_geometry_in_the_point_layer(events):
    layers = by_geometry(events, "events")
    assert {k: v["name"].tolist() for k, v in layers.items()} == {
        "events_point": ["Murov", "Hadrut"],
        "events_line": [],
        "events_polygon": ["Talysh"],
    }


def test_by_geometry_refuses_a_geometry_collection():
    frame = gpd.GeoDataFrame(geometry=[shapely.GeometryCollection([shapely.Point(0, 0)])], crs=4326)
    with pytest.raises(ExportError, match="geometry collection"):
        by_geometry(frame, "events")


# GeoParquet


def test_parquet_round_trips_through_geopandas(events, tmp_path):
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    back = gpd.read_parquet(path)
    assert back.crs.to_epsg() == 4326
    assert back["name"].tolist() == events["name"].tolist()
    assert back.geometry.iloc[:2].geom_equals(events.geometry.iloc[:2]).all()
    assert back["date"].tolist() == events["date"].tolist()


def test_parquet_carries_geoparquet_metadata(events, tmp_path):
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    geo = json.loads(pq.read_schema(path).metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"


# Lines for pipes


def test_geojson_seq_is_one_rs_prefixed_feature_per_line(events):
    text = geojson_seq(events)
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]  # not splitlines(): Python counts RS as a line break
    assert len(lines) == len(events)
    assert all(line.startswith("\x1e") for line in lines)
    assert [json.loads(line[1:])["properties"]["name"] for line in lines] == events["name"].tolist()


def test_json_lines_give_one_object_per_record_with_nan_as_null():
    lines = json_lines([{"a": 1.5}, {"a": math.nan}]).splitlines()
    assert [json.loads(line) for line in lines] == [{"a": 1.5}, {"a": None}]


# HTML


def test_html_file_contains_the_map(tmp_path):
    m = folium.Map(location=[40.3, 46.4], zoom_start=8, tiles=None)
    path = write_html(m, tmp_path / "map.html")
    assert m.get_name() in path.read_text(encoding="utf-8")


def test_html_is_written_atomically(tmp_path):
    write_html(folium.Map(tiles=None), tmp_path / "map.html")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
