"""Specification of geomap.compare: comparing control claims between groups and over time."""

from __future__ import annotations

import datetime as dt
import math

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geomap import crs
from geomap.compare import (
    CLASSES,
    Comparison,
    compare_claims,
    control_by_date,
    select_claims,
    timeline,
)
from geomap.errors import ClaimError

DAY1, DAY2, DAY3 = dt.date(2020, 10, 1), dt.date(2020, 10, 5), dt.date(2020, 10, 9)

# Boxes of 0.1 x 0.2 degrees (about 8.5 x 22 km) side by side near 40N 46.5E.
WEST = shapely.box(46.0, 40.0, 46.1, 40.2)
MIDDLE = shapely.box(46.1, 40.0, 46.2, 40.2)
EAST = shapely.box(46.2, 40.0, 46.3, 40.2)


def km2(geom: shapely.Geometry) -> float:
    return float(crs.area_km2([geom])[0])


@pytest.fixture
def make_claims():
    """Build a claims GeoDataFrame with the columns of geomap.claims; each spec overrides the defaults."""

    def make(*specs: dict[str, object]) -> gpd.GeoDataFrame:
        rows = []
        for i, spec in enumerate(specs):
            row: dict[str, object] = {
                "claim_id": f"c{i}",
                "report_id": "r1",
                "report_date": DAY1,
                "report_side": "azerbaijan",
                "claimant": "MoD",
                "controller": "azerbaijan",
                "kind": "held",
                "place_id": f"p{i}",
                "place_name": f"Place {i}",
                "place_kind": "village",
                "quote": f"Sentence {i}.",
                "sentence_start": 10 * i,
                "sentence_end": 10 * i + 9,
                "area_method": "box",
                "approximate": False,
                "geometry": WEST,
            }
            row.update(spec)
            rows.append(row)
        geometry = [row.pop("geometry") for row in rows]
        frame = gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(geometry, crs=4326))
        frame["report_date"] = frame["report_date"].astype(object)
        return frame

    return make


def piece(result: Comparison, cls: str, controller_a: str | None, controller_b: str | None) -> gpd.GeoSeries:
    rows = result.pieces
    mask = rows["class"] == cls
    for column, value in (("controller_a", controller_a), ("controller_b", controller_b)):
        mask &= rows[column].isna() if value is None else rows[column] == value
    assert mask.sum() == 1, f"expected one {cls} piece for {controller_a}/{controller_b}"
    return rows.loc[mask].iloc[0]


# --------------------------------------------------------------------------- compare_claims


def test_agree_covers_the_ground_both_groups_give_the_same_side(make_claims):
    a = make_claims({"geometry": shapely.union(WEST, MIDDLE)})
    b = make_claims({"report_id": "r2", "geometry": shapely.union(MIDDLE, EAST)})
    result = compare_claims(a, b)
    agree = piece(result, "agree", "azerbaijan", "azerbaijan")
    assert agree["area_km2"] == pytest.approx(km2(MIDDLE), rel=1e-6)
    assert shapely.symmetric_difference(agree.geometry, MIDDLE).area < 1e-12


def test_contradict_covers_the_corridor_where_the_sides_differ(make_claims):
    a = make_claims({"controller": "armenia", "geometry": shapely.union(WEST, MIDDLE)})
    b = make_claims({"report_id": "r2", "controller": "azerbaijan", "geometry": shapely.union(MIDDLE, EAST)})
    contradict = piece(compare_claims(a, b), "contradict", "armenia", "azerbaijan")
    assert contradict["area_km2"] == pytest.approx(km2(MIDDLE), rel=1e-6)
    assert shapely.symmetric_difference(contradict.geometry, MIDDLE).area < 1e-12


def test_only_a_and_only_b_cover_the_ground_one_group_claims_alone(make_claims):
    a = make_claims({"controller": "armenia", "geometry": shapely.union(WEST, MIDDLE)})
    b = make_claims({"report_id": "r2", "geometry": shapely.union(MIDDLE, EAST)})
    result = compare_claims(a, b)
    only_a = piece(result, "only_a", "armenia", None)
    only_b = piece(result, "only_b", None, "azerbaijan")
    assert only_a["area_km2"] == pytest.approx(km2(WEST), rel=1e-6)
    assert only_b["area_km2"] == pytest.approx(km2(EAST), rel=1e-6)
    assert only_a["reports_b"] is None
    assert only_b["quotes_a"] is None


def test_the_four_classes_sum_to_the_area_of_the_union_of_all_claims(make_claims):
    rng = np.random.default_rng(5)
    centres = shapely.points(rng.uniform(46.0, 46.6, 40), rng.uniform(39.8, 40.2, 40))
    circles = crs.buffer_km(centres, rng.uniform(1.0, 6.0, 40))
    sides = rng.choice(["armenia", "azerbaijan"], 40)
    kinds = rng.choice(["held", "taken", "contested"], 40)
    specs = [
        {"report_id": f"r{i % 4}", "controller": s, "kind": k, "geometry": g}
        for i, (s, k, g) in enumerate(zip(sides, kinds, circles, strict=True))
    ]
    a, b = make_claims(*specs[:20]), make_claims(*specs[20:])
    result = compare_claims(a, b)
    union = shapely.union_all(circles)
    assert set(result.totals) == set(CLASSES)
    assert sum(result.totals.values()) == pytest.approx(km2(union), rel=0.005)


def test_totals_add_up_the_pieces_of_each_class(make_claims):
    a = make_claims({"controller": "armenia", "geometry": shapely.union(WEST, MIDDLE)})
    b = make_claims({"report_id": "r2", "geometry": shapely.union(MIDDLE, EAST)})
    result = compare_claims(a, b)
    assert result.totals["agree"] == 0.0
    assert result.totals["contradict"] == pytest.approx(km2(MIDDLE), rel=1e-6)


def test_a_contradict_piece_quotes_the_sentences_of_both_reports(make_claims):
    a = make_claims({"controller": "armenia", "quote": "Armenian forces hold the height.", "geometry": MIDDLE})
    b = make_claims(
        {"report_id": "r2", "quote": "The height was liberated.", "place_name": "Murov", "geometry": MIDDLE}
    )
    contradict = piece(compare_claims(a, b), "contradict", "armenia", "azerbaijan")
    assert contradict["quotes_a"] == "Armenian forces hold the height."
    assert contradict["quotes_b"] == "The height was liberated."
    assert (contradict["reports_a"], contradict["reports_b"]) == ("r1", "r2")
    assert contradict["places_b"] == "Murov"


def test_quotes_are_deduplicated_and_reports_sorted(make_claims):
    a = make_claims(
        {"report_id": "r9", "quote": "Same sentence.", "geometry": WEST},
        {"report_id": "r3", "quote": "Same sentence.", "geometry": WEST},
    )
    b = make_claims({"report_id": "r2", "geometry": WEST})
    agree = piece(compare_claims(a, b), "agree", "azerbaijan", "azerbaijan")
    assert agree["quotes_a"] == "Same sentence."
    assert agree["reports_a"] == "r3;r9"


def test_a_claim_that_only_touches_a_piece_is_not_quoted_on_it(make_claims):
    a = make_claims({"quote": "West is ours.", "geometry": WEST}, {"quote": "Middle is ours.", "geometry": MIDDLE})
    b = make_claims({"report_id": "r2", "geometry": WEST})
    result = compare_claims(a, b)
    assert piece(result, "agree", "azerbaijan", "azerbaijan")["quotes_a"] == "West is ours."
    assert piece(result, "only_a", "azerbaijan", None)["quotes_a"] == "Middle is ours."


def test_ground_a_group_gives_to_two_sides_is_contested_for_that_group(make_claims):
    a = make_claims(
        {
            "report_id": "r1",
            "controller": "armenia",
            "quote": "Armenia holds it.",
            "geometry": shapely.union(WEST, MIDDLE),
        },
        {
            "report_id": "r2",
            "controller": "azerbaijan",
            "quote": "Azerbaijan took it.",
            "geometry": shapely.union(MIDDLE, EAST),
        },
    )
    b = make_claims({"report_id": "r3", "geometry": shapely.union_all([WEST, MIDDLE, EAST])})
    result = compare_claims(a, b)
    inner = piece(result, "contradict", "contested", "azerbaijan")
    assert inner["area_km2"] == pytest.approx(km2(MIDDLE), rel=1e-6)
    assert inner["quotes_a"] == "Armenia holds it. | Azerbaijan took it."
    assert piece(result, "contradict", "armenia", "azerbaijan")["area_km2"] == pytest.approx(km2(WEST), rel=1e-6)
    assert piece(result, "agree", "azerbaijan", "azerbaijan")["area_km2"] == pytest.approx(km2(EAST), rel=1e-6)


def test_each_piece_quotes_the_claims_of_its_own_controller(make_claims):
    a = make_claims(
        {"controller": "armenia", "quote": "Armenia holds the west.", "geometry": WEST},
        {"kind": "contested", "quote": "The middle is fought over.", "geometry": MIDDLE},
        {"quote": "Azerbaijan holds the east.", "geometry": EAST},
    )
    b = make_claims(
        {"report_id": "r2", "quote": "All of it is ours.", "geometry": shapely.union_all([WEST, MIDDLE, EAST])}
    )
    result = compare_claims(a, b)
    assert piece(result, "contradict", "armenia", "azerbaijan")["quotes_a"] == "Armenia holds the west."
    assert piece(result, "contradict", "contested", "azerbaijan")["quotes_a"] == "The middle is fought over."
    assert piece(result, "agree", "azerbaijan", "azerbaijan")["quotes_a"] == "Azerbaijan holds the east."
    assert {
        piece(result, c, a_, "azerbaijan")["quotes_b"]
        for c, a_ in [("contradict", "armenia"), ("contradict", "contested"), ("agree", "azerbaijan")]
    } == {"All of it is ours."}


def test_contested_claims_agree_with_contested_claims_whoever_fights(make_claims):
    a = make_claims({"kind": "contested", "controller": "armenia", "geometry": WEST})
    b = make_claims({"report_id": "r2", "kind": "contested", "controller": "azerbaijan", "geometry": WEST})
    assert piece(compare_claims(a, b), "agree", "contested", "contested")["area_km2"] == pytest.approx(km2(WEST))


def test_by_side_gives_each_groups_km2_per_controller(make_claims):
    a = make_claims({"controller": "armenia", "geometry": WEST}, {"geometry": MIDDLE})
    b = make_claims({"report_id": "r2", "geometry": shapely.union(WEST, MIDDLE)})
    by_side = compare_claims(a, b, label_a="Yerevan", label_b="Baku").by_side
    assert by_side.loc["armenia", "Yerevan"] == pytest.approx(km2(WEST), rel=1e-6)
    assert by_side.loc["armenia", "Baku"] == 0.0
    assert by_side["Baku"].sum() == pytest.approx(km2(shapely.union(WEST, MIDDLE)), rel=1e-6)


def test_by_place_gives_each_groups_controller_and_km2_per_place(make_claims):
    a = make_claims({"controller": "armenia", "place_name": "Shusha", "geometry": WEST})
    b = make_claims({"report_id": "r2", "place_name": "Shusha", "geometry": WEST})
    by_place = compare_claims(a, b).by_place
    assert by_place[["place_name", "group", "controller"]].to_numpy().tolist() == [
        ["Shusha", "A", "armenia"],
        ["Shusha", "B", "azerbaijan"],
    ]
    assert by_place["area_km2"].tolist() == pytest.approx([km2(WEST)] * 2, rel=1e-6)


def test_to_rows_gives_a_header_a_row_per_piece_and_a_total(make_claims):
    a = make_claims({"controller": "armenia", "geometry": WEST})
    b = make_claims({"report_id": "r2", "geometry": WEST})
    rows = compare_claims(a, b, label_a="AM", label_b="AZ").to_rows()
    assert rows[0][:3] == ("class", "AM says", "AZ says")
    assert rows[1][:3] == ("contradict", "armenia", "azerbaijan")
    assert rows[-1][0] == "total"
    assert float(rows[-1][3]) == pytest.approx(km2(WEST), abs=0.01)


def test_output_polygons_are_valid_and_right_hand(make_claims):
    outer = shapely.box(46.0, 40.0, 46.4, 40.3, ccw=False)  # clockwise input
    a = make_claims({"geometry": outer}, {"controller": "armenia", "geometry": shapely.box(46.35, 40.0, 46.5, 40.3)})
    b = make_claims({"report_id": "r2", "geometry": shapely.box(46.1, 40.1, 46.2, 40.2)})  # a hole in only_a
    geoms = compare_claims(a, b).pieces.geometry.to_numpy()
    assert shapely.is_valid(geoms).all()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}
    rings, polygon = shapely.get_rings(shapely.get_parts(geoms), return_index=True)
    exterior = np.r_[True, polygon[1:] != polygon[:-1]]  # each polygon lists its exterior ring first
    assert shapely.is_ccw(rings[exterior]).all()
    assert (~exterior).sum() == 1
    assert not shapely.is_ccw(rings[~exterior]).any()


def test_pieces_smaller_than_the_sliver_threshold_are_dropped(make_claims):
    a = make_claims({"geometry": WEST})
    b = make_claims({"report_id": "r2", "geometry": shapely.box(46.0, 40.0, 46.1, 40.2 + 1e-9)})
    classes = compare_claims(a, b).pieces["class"].tolist()
    assert classes == ["agree"]


def test_pieces_survive_a_geojson_round_trip_through_pyogrio(make_claims, tmp_path):
    a = make_claims({"controller": "armenia", "geometry": shapely.union(WEST, MIDDLE)})
    b = make_claims({"report_id": "r2", "geometry": shapely.union(MIDDLE, EAST)})
    pieces = compare_claims(a, b).pieces
    path = tmp_path / "pieces.geojson"
    pieces.to_file(path, driver="GeoJSON", engine="pyogrio")
    back = gpd.read_file(path, engine="pyogrio")
    assert back["class"].tolist() == pieces["class"].tolist()
    assert back["area_km2"].tolist() == pytest.approx(pieces["area_km2"].tolist())
    assert crs.area_km2(back.geometry.to_numpy()).tolist() == pytest.approx(pieces["area_km2"].tolist(), rel=1e-6)


def test_comparing_an_empty_group_raises_a_clear_claim_error(make_claims):
    a = make_claims({"geometry": WEST})
    with pytest.raises(ClaimError, match="group 'B': no claims"):
        compare_claims(a, a.iloc[:0])


def test_claims_without_a_needed_column_raise_a_claim_error(make_claims):
    a = make_claims({"geometry": WEST})
    with pytest.raises(ClaimError, match=r"lack the columns \['quote'\]"):
        compare_claims(a, a.drop(columns="quote"))


def test_equal_labels_raise_a_claim_error(make_claims):
    a = make_claims({"geometry": WEST})
    with pytest.raises(ClaimError, match="different labels"):
        compare_claims(a, a, label_a="X", label_b="X")


# --------------------------------------------------------------------------- select_claims


@pytest.fixture
def two_sides(make_claims):
    return make_claims(
        {"report_id": "r1", "report_side": "azerbaijan", "report_date": DAY1},
        {"report_id": "r2", "report_side": "armenia", "report_date": DAY2},
        {"report_id": "r3", "report_side": "armenia", "report_date": DAY3},
    )


def test_select_claims_keeps_the_claims_of_one_side(two_sides):
    assert select_claims(two_sides, side="armenia")["report_id"].tolist() == ["r2", "r3"]


def test_select_claims_keeps_the_claims_up_to_a_date(two_sides):
    assert select_claims(two_sides, until="2020-10-05")["report_id"].tolist() == ["r1", "r2"]
    assert select_claims(two_sides, date=DAY3)["report_id"].tolist() == ["r3"]


def test_select_claims_with_an_unknown_side_raises_a_claim_error(two_sides):
    with pytest.raises(ClaimError, match=r"unknown side 'russia'.*\['armenia', 'azerbaijan'\]"):
        select_claims(two_sides, side="russia")


def test_select_claims_says_which_sides_the_chosen_reports_hold(two_sides):
    message = r"no claims for side 'azerbaijan' in reports \['r2'\]: the reports hold claims for sides \['armenia'\]"
    with pytest.raises(ClaimError, match=message):
        select_claims(two_sides, report_ids=["r2"], side="azerbaijan")


def test_select_claims_with_an_unknown_report_raises_a_claim_error(two_sides):
    with pytest.raises(ClaimError, match=r"no claims from reports \['r7'\]"):
        select_claims(two_sides, report_ids="r7")


def test_select_claims_from_no_claims_raises_a_claim_error(two_sides):
    with pytest.raises(ClaimError, match="no claims"):
        select_claims(two_sides.iloc[:0], side="armenia")


def test_select_claims_on_a_date_without_claims_lists_the_dates(two_sides):
    with pytest.raises(ClaimError, match=r"no claims dated 2020-10-02.*'2020-10-01'"):
        select_claims(two_sides, date=dt.date(2020, 10, 2))


# --------------------------------------------------------------------------- over time


def test_a_later_claim_of_a_claimant_replaces_its_earlier_claim_about_the_place(make_claims):
    claims = make_claims(
        {"report_id": "r1", "report_date": DAY1, "claimant": "MoD", "place_id": "murov", "controller": "armenia"},
        {"report_id": "r2", "report_date": DAY2, "claimant": "Ombudsman", "place_id": "murov"},
        {"report_id": "r3", "report_date": DAY3, "claimant": "MoD", "place_id": "murov", "kind": "taken"},
    )
    pictures = control_by_date(claims)
    assert list(pictures) == [DAY1, DAY2, DAY3]
    assert sorted(pictures[DAY1]["report_id"]) == ["r1"]
    assert sorted(pictures[DAY2]["report_id"]) == ["r1", "r2"]  # another claimant does not replace
    assert sorted(pictures[DAY3]["report_id"]) == ["r2", "r3"]


def test_claims_of_one_claimant_on_the_same_day_are_all_kept(make_claims):
    claims = make_claims(
        {"report_id": "r1", "place_id": "murov", "controller": "armenia"},
        {"report_id": "r2", "place_id": "murov", "controller": "azerbaijan"},
    )
    assert sorted(control_by_date(claims)[DAY1]["report_id"]) == ["r1", "r2"]


def test_claims_without_a_place_id_are_never_replaced(make_claims):
    claims = make_claims(
        {"report_id": "r1", "report_date": DAY1, "place_id": None},
        {"report_id": "r2", "report_date": DAY2, "place_id": None},
    )
    assert sorted(control_by_date(claims)[DAY2]["report_id"]) == ["r1", "r2"]


def test_undated_claims_raise_a_claim_error_listing_their_reports(make_claims):
    claims = make_claims(
        {"report_id": "r1"},
        {"report_id": "r5", "report_date": None},
        {"report_id": "r2", "report_date": None},
    )
    with pytest.raises(ClaimError, match=r"reports \['r2', 'r5'\].*undated='skip'"):
        control_by_date(claims)


def test_undated_claims_are_returned_separately_when_skipped(make_claims):
    claims = make_claims({"report_id": "r1"}, {"report_id": "r5", "report_date": None})
    pictures, undated = control_by_date(claims, undated="skip")
    assert list(pictures) == [DAY1]
    assert undated["report_id"].tolist() == ["r5"]
    assert timeline(claims, undated="skip").undated["report_id"].tolist() == ["r5"]


def test_timeline_gives_km2_gained_and_lost_between_dates(make_claims):
    claims = make_claims(
        {"report_date": DAY1, "place_id": "west", "controller": "armenia", "geometry": WEST},
        {"report_date": DAY1, "place_id": "middle", "controller": "azerbaijan", "geometry": MIDDLE},
        {"report_date": DAY2, "place_id": "west", "controller": "azerbaijan", "kind": "taken", "geometry": WEST},
    )
    line = timeline(claims)
    assert line.dates == [DAY1, DAY2]
    changes = line.changes.set_index("side")
    assert changes.loc["azerbaijan", "gained_km2"] == pytest.approx(km2(WEST), rel=1e-6)
    assert changes.loc["armenia", "lost_km2"] == pytest.approx(km2(WEST), rel=1e-6)
    assert changes.loc["azerbaijan", "lost_km2"] == 0.0
    assert changes.loc["armenia", "contested_km2"] == 0.0
    pieces = line.change_pieces
    assert sorted(zip(pieces["side"], pieces["change"], strict=True)) == [("armenia", "lost"), ("azerbaijan", "gained")]


def test_timeline_gives_km2_newly_contested_per_side(make_claims):
    claims = make_claims(
        {"report_date": DAY1, "place_id": "middle", "geometry": MIDDLE},
        {"report_date": DAY2, "place_id": "middle", "kind": "contested", "geometry": MIDDLE},
    )
    changes = timeline(claims).changes.set_index("side")
    assert changes.loc["azerbaijan", "contested_km2"] == pytest.approx(km2(MIDDLE), rel=1e-6)
    assert changes.loc["azerbaijan", "lost_km2"] == 0.0
    assert changes.loc["contested", "gained_km2"] == pytest.approx(km2(MIDDLE), rel=1e-6)


def test_timeline_pictures_are_dissolved_per_controller(make_claims):
    claims = make_claims({"geometry": WEST}, {"geometry": MIDDLE, "quote": "Middle."})
    picture = timeline(claims).pictures[DAY1]
    assert picture["controller"].tolist() == ["azerbaijan"]
    assert picture["area_km2"].iloc[0] == pytest.approx(km2(shapely.union(WEST, MIDDLE)), rel=1e-6)
    assert picture["quotes"].iloc[0] == "Sentence 0. | Middle."


# --------------------------------------------------------------------------- areas


def test_the_area_of_a_circle_buffer_is_pi_r_squared():
    radius_km = 10.0
    circle = crs.buffer_km(shapely.points([46.5], [40.0]), radius_km)[0]
    assert km2(circle) == pytest.approx(math.pi * radius_km**2, rel=0.005)


def test_the_equal_area_km2_of_a_district_agrees_with_the_geodesic_area():
    width_deg = 40.0 / (111.32 * math.cos(math.radians(40.0)))  # about 40 km east-west
    height_deg = 30.0 / 110.95  # about 30 km north-south
    district = shapely.box(46.3, 39.9, 46.3 + width_deg, 39.9 + height_deg)
    assert km2(district) == pytest.approx(crs.geodesic_area_km2(district), rel=0.005)
    assert km2(district) == pytest.approx(1200.0, rel=0.01)
