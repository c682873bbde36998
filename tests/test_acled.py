"""Specification of geomap.acled: events as ACLED-shaped rows, with geomap's provenance after them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

from geomap.acled import ACLED_COLUMNS, DISORDER_TYPES, PROVENANCE_COLUMNS, SUB_EVENT_TYPES, TYPE_MAP, acled_frame
from geomap.events import EVENT_TYPES, events_frame, extract_events

if TYPE_CHECKING:
    from collections.abc import Callable

    from geomap.gazetteer import Gazetteer
    from geomap.geoparse import Geoparser
    from geomap.reports import Report

TALISH = "curated:nk-talish"
GORIS = "curated:am-goris"


@pytest.fixture(scope="module")
def seed_rows(parser: Geoparser, seed: Report) -> pd.DataFrame:
    return acled_frame(events_frame(extract_events(seed, parser), gazetteer=parser.gazetteer), parser.gazetteer)


def _event(**fields: Any) -> dict[str, Any]:
    """One row of an events frame: a clash at Talish on a known day unless told otherwise."""
    row = {
        "event_id": "r:1",
        "report_id": "r",
        "type": "armed_clash",
        "place_id": TALISH,
        "place_name": "Talish",
        "surface": "Talish",
        "lat": 40.17,
        "lon": 46.66,
        "date": dt.date(2020, 10, 2),
        "date_precision": "day",
        "report_date": dt.date(2020, 10, 2),
        "geo_precision": 1,
        "sentence": "Fighting went on at Talish.",
        "control": None,
        "controller": None,
    }
    return {**row, **fields}


@pytest.fixture
def one(curated: Gazetteer) -> Callable[..., pd.Series]:
    """The ACLED row of one event built from fields."""

    def row(**fields: Any) -> pd.Series:
        return acled_frame(pd.DataFrame([_event(**fields)]), curated).iloc[0]

    return row


def test_columns_are_acleds_then_geomaps_provenance(seed_rows: pd.DataFrame) -> None:
    assert list(seed_rows.columns) == [*ACLED_COLUMNS, *PROVENANCE_COLUMNS]


def test_one_row_per_event(seed_rows: pd.DataFrame, parser: Geoparser, seed: Report) -> None:
    assert len(seed_rows) == len(extract_events(seed, parser))
    assert seed_rows["geomap_event_id"].is_unique


def test_event_ids_are_iso3_and_a_running_number_per_country(seed_rows: pd.DataFrame) -> None:
    aze = seed_rows.loc[seed_rows["country"] == "Azerbaijan", "event_id_cnty"].tolist()
    assert aze == [f"AZE{n}" for n in range(1, len(aze) + 1)]


def test_every_geomap_type_has_an_acled_sub_event_type() -> None:
    assert set(EVENT_TYPES) <= set(TYPE_MAP)
    assert set(TYPE_MAP.values()) <= set(SUB_EVENT_TYPES)


def test_event_and_disorder_types_follow_acleds_hierarchy(seed_rows: pd.DataFrame) -> None:
    for row in seed_rows.itertuples():
        assert SUB_EVENT_TYPES[row.sub_event_type] == row.event_type
        assert DISORDER_TYPES[row.event_type] == row.disorder_type


def test_a_government_taking_ground_in_its_own_country_regains_territory(one: Callable[..., pd.Series]) -> None:
    row = one(type="territory_claimed", control="taken", controller="azerbaijan")
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Government regains territory")
    assert row["actor1"] == "Military Forces of Azerbaijan"


def test_a_side_taking_ground_in_another_country_overtakes_territory(one: Callable[..., pd.Series]) -> None:
    row = one(type="territory_claimed", control="taken", controller="armenia")
    assert row["sub_event_type"] == "Non-state actor overtakes territory"


def test_a_place_said_to_be_held_is_a_strategic_development(one: Callable[..., pd.Series]) -> None:
    row = one(type="territory_claimed", control="held", controller="armenia")
    assert (row["event_type"], row["sub_event_type"]) == ("Strategic developments", "Other")


def test_shelling_by_drones_is_an_air_drone_strike(one: Callable[..., pd.Series]) -> None:
    row = one(type="shelling_strike", sentence="Drones struck positions near Talish.")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")


def test_an_anti_aircraft_system_is_no_air_strike(one: Callable[..., pd.Series]) -> None:
    row = one(type="shelling_strike", sentence="An anti-aircraft battery at Talish was shelled.")
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"


def test_a_drone_shot_down_is_disrupted_weapons_use(one: Callable[..., pd.Series]) -> None:
    row = one(type="equipment_destroyed", sentence="A drone was shot down over Talish.")
    assert (row["event_type"], row["sub_event_type"]) == ("Strategic developments", "Disrupted weapons use")


def test_the_events_own_sub_event_type_wins_and_gives_the_event_type(one: Callable[..., pd.Series]) -> None:
    row = one(type="shelling_strike", sub_event_type="remote_explosive_landmine_ied")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")


def test_the_events_own_actors_and_fatalities_are_kept(one: Callable[..., pd.Series]) -> None:
    row = one(actor1="Military Forces of Armenia", actor2="Military Forces of Azerbaijan", fatalities=3)
    assert (row["actor1"], row["actor2"], row["fatalities"]) == (
        "Military Forces of Armenia",
        "Military Forces of Azerbaijan",
        3,
    )


def test_unknown_fatalities_are_empty_not_zero(one: Callable[..., pd.Series]) -> None:
    assert pd.isna(one()["fatalities"])


@pytest.mark.parametrize(("precision", "code"), [("day", 1), ("month", 3), ("year", 3)])
def test_time_precision_is_acleds_code_of_the_date_precision(
    one: Callable[..., pd.Series], precision: str, code: int
) -> None:
    assert one(date_precision=precision)["time_precision"] == code


def test_an_event_without_a_date_takes_the_report_date_within_a_week(one: Callable[..., pd.Series]) -> None:
    row = one(date=None, date_precision=None)
    assert (row["event_date"], row["year"], row["time_precision"]) == (dt.date(2020, 10, 2), 2020, 2)


def test_country_and_numeric_iso_are_the_places(one: Callable[..., pd.Series]) -> None:
    row = one(place_id=GORIS, place_name="Goris")
    assert (row["country"], row["iso"], row["event_id_cnty"]) == ("Armenia", 51, "ARM1")


def test_admin1_comes_from_the_gazetteers_parents(one: Callable[..., pd.Series]) -> None:
    assert one(place_id=GORIS)["admin1"] == "Syunik Province"


def test_an_unknown_place_keeps_its_row_without_country(one: Callable[..., pd.Series]) -> None:
    row = one(place_id=None, place_name=None, surface="Qzwertyan", lat=None, lon=None)
    assert (row["location"], row["country"], row["event_id_cnty"]) == ("Qzwertyan", "", "XXX1")
    assert pd.isna(row["iso"])


def test_provenance_keeps_the_sentence_span_alias_and_stance(seed_rows: pd.DataFrame) -> None:
    murov = seed_rows[seed_rows["location"] == "Murovdag"].iloc[0]
    assert murov["matched_alias"] == "Murov height"
    assert murov["sentence_start"] < murov["mention_start"] < murov["sentence_end"]
    assert (murov["stance"], murov["claimant"]) == ("asserts", "Azerbaijani Ministry of Defence")
    assert murov["notes"].startswith("Thus, the military operation")
