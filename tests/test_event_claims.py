"""From report text to compared control claims: the event grammar decides what each report claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from geomap.claims import UNKNOWN, claims_from_events, known_holders
from geomap.compare import compare_claims
from geomap.events import extract_events
from geomap.reports import parse_report

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser

ROAD = "curated:road-vardenis-agdara"
MUROV = "curated:mt-murovdag"
AZERBAIJANI_REPORT = (
    "BAKU, 4 October. The Azerbaijani army took the Murov height, the Defence Ministry said. "
    "The Vardenis-Agdara road was taken by Azerbaijani forces."
)
ARMENIAN_REPORT = (
    "YEREVAN, 4 October. The Armenian Defence Ministry said the Murov height had fallen to Azerbaijani units. "
    "The Vardenis-Agdara road is held by the Armenian army."
)


def _claims(parser: Geoparser, make_report, text: str, report_id: str):
    report = make_report(text, report_id=report_id, date="2020-10-04")
    return claims_from_events(extract_events(report, parser), gazetteer=parser.gazetteer)


@pytest.fixture(scope="module")
def comparison(parser: Geoparser):
    def claims(text: str, report_id: str):
        report = parse_report(f"---\ndate: 2020-10-04\n---\n{text}", report_id=report_id)
        return claims_from_events(extract_events(report, parser), gazetteer=parser.gazetteer)

    return compare_claims(claims(AZERBAIJANI_REPORT, "az"), claims(ARMENIAN_REPORT, "am"), label_a="az", label_b="am")


def test_reports_agreeing_on_a_height_give_an_agree_area_at_the_height(comparison, gazetteer) -> None:
    agree = comparison.pieces[comparison.pieces["class"] == "agree"]
    assert set(agree["controller_a"]) == set(agree["controller_b"]) == {"azerbaijan"}
    assert agree.geometry.union_all().contains(gazetteer.get(MUROV).geometry)


def test_reports_disagreeing_on_a_road_give_a_contradict_corridor_on_the_road(comparison, gazetteer) -> None:
    contradict = comparison.pieces[comparison.pieces["class"] == "contradict"]
    assert (contradict["controller_a"].iloc[0], contradict["controller_b"].iloc[0]) == ("azerbaijan", "armenia")
    road = gazetteer.get(ROAD).geometry
    assert contradict.geometry.union_all().intersection(road).length > 0.5 * road.length


def test_the_road_is_not_where_the_reports_agree(comparison, gazetteer) -> None:
    agree = comparison.pieces[comparison.pieces["class"] == "agree"].geometry.union_all()
    road = gazetteer.get(ROAD).geometry
    assert agree.intersection(road).length < 0.2 * road.length


def test_village_inside_a_district_claims_the_village_not_the_district(parser, make_report) -> None:
    claims = _claims(parser, make_report, "Azerbaijani troops took the village of Talish in the Tartar district.", "r")
    assert claims["place_name"].tolist() == ["Talish"]
    assert claims["area_km2"].iloc[0] < 20


def test_unnamed_villages_of_a_district_claim_no_ground(parser, make_report) -> None:
    claims = _claims(parser, make_report, "Seven villages of the Fuzuli district were liberated by the army.", "r")
    assert claims.empty


def test_a_district_the_sentence_claims_itself_is_claimed(parser, make_report) -> None:
    claims = _claims(parser, make_report, "Azerbaijani forces captured the Jabrayil district.", "r")
    assert claims[["place_kind", "controller"]].to_dict("records") == [
        {"place_kind": "district", "controller": "azerbaijan"}
    ]


def test_claims_that_do_not_say_who_holds_the_ground_are_set_apart(parser, make_report) -> None:
    claims = _claims(parser, make_report, "Shosh was taken under control. Armenian units hold Talish.", "r")
    known, unknown = known_holders(claims)
    assert known["place_name"].tolist() == ["Talish"]
    assert unknown["place_name"].tolist() == ["Shosh"]
    assert set(unknown["controller"]) == {UNKNOWN}


def test_a_withdrawal_claims_no_holder_for_the_place_left(parser, make_report) -> None:
    claims = _claims(parser, make_report, "Russian forces withdrew from Kherson.", "r")
    assert claims.empty or set(claims["controller"]) == {UNKNOWN}
