"""Finding place names in reports and choosing the right place in context."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from geomap import crs

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser

# Reference points (GeoNames ids in gazetteer/places.csv; Murovdag: Wikipedia).
SEED_PLACES = {
    "Goranboy": (40.6103, 46.7897),
    "Murov height": (40.3097, 46.2344),
    "Kalbacar": (40.1098, 46.0445),
    "Agdara": (40.2153, 46.8128),
    "Baku": (40.3777, 49.8920),
    "Ganca": (40.6816, 46.3613),
    "Goygol": (40.5858, 46.3189),
    "Yevlax": (40.6183, 47.1501),
    "Vardenis": (40.1827, 45.7316),
}
SEED_COUNTRIES_AND_REGIONS = {"Armenia", "Azerbaijan", "Turkey", "Karabakh", "Nagorno-Karabakh"}


def _km(place, lat: float, lon: float) -> float:
    return float(crs.distance_km(place.lon, place.lat, lon, lat))


@pytest.mark.parametrize(("surface", "point"), SEED_PLACES.items())
def test_seed_place_is_found_with_its_span_and_position(parser: Geoparser, seed, surface, point) -> None:
    found = [m for m in parser.parse(seed.text) if m.surface == surface]
    assert found, f"{surface} not found"
    for mention in found:
        assert seed.text[mention.start : mention.end] == surface
        assert _km(mention.place, *point) < 5


def test_seed_names_no_ordinary_words(parser: Geoparser, seed) -> None:
    names = {m.surface for m in parser.parse(seed.text) if m.role == "name"}
    assert names <= set(SEED_PLACES) | SEED_COUNTRIES_AND_REGIONS | {"Vardenis-Agdara military road"}


def test_seed_countries_and_regions_are_found(parser: Geoparser, seed) -> None:
    names = {m.surface for m in parser.parse(seed.text) if m.role == "name"}
    assert names >= SEED_COUNTRIES_AND_REGIONS


def test_russian_stands_for_russia_as_a_demonym(parser: Geoparser, seed) -> None:
    demonyms = {m.surface: m.place.name for m in parser.parse(seed.text) if m.role == "demonym"}
    assert demonyms["Russian"] == "Russia"
    assert demonyms["Turkish"] == "Turkey"


def test_murov_is_the_height_not_a_village(parser: Geoparser, seed) -> None:
    murov = next(m for m in parser.parse(seed.text) if m.surface.startswith("Murov"))
    assert murov.place.kind == "mountain"


def test_district_cue_chooses_the_district(parser: Geoparser, seed) -> None:
    start = seed.text.index("Agdara District")
    mention = next(m for m in parser.parse(seed.text) if m.start == start)
    assert mention.surface == "Agdara"
    assert mention.place.kind == "district"
    assert mention.cue == "district"


def test_bare_agdara_is_the_town(parser: Geoparser, seed) -> None:
    start = seed.text.index("Agdara direction")
    mention = next(m for m in parser.parse(seed.text) if m.start == start)
    assert mention.place.kind == "populated place"
    assert mention.place.name == "Martakert"


def test_road_name_is_one_mention_with_its_ends_as_parts(parser: Geoparser, seed) -> None:
    mentions = parser.parse(seed.text)
    road = next(m for m in mentions if m.place is not None and m.place.kind == "road")
    assert road.surface == "Vardenis-Agdara military road"
    parts = [m.surface for m in mentions if m.role == "part" and road.start <= m.start < road.end]
    assert parts == ["Vardenis", "Agdara"]


@pytest.mark.parametrize("spelling", ["Kalbacar", "Kəlbəcər", "Kalbajar", "Kelbajar", "Karvachar", "Kalbadzhar"])
def test_every_spelling_of_kalbajar_resolves_to_it(parser: Geoparser, spelling: str) -> None:
    mention = parser.parse(f"Shelling was reported near {spelling} on Monday.")[0]
    assert mention.surface == spelling
    assert _km(mention.place, *SEED_PLACES["Kalbacar"]) < 5


def test_unknown_village_is_reported_unresolved(parser: Geoparser) -> None:
    mentions = parser.parse("Troops entered the village of Qzwerty yesterday.")
    assert [(m.surface, m.resolved) for m in mentions] == [("Qzwerty", False)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Shelling hit the Qzwertown height at dawn.", "mountain"),  # "town" is in the name, listed before "height"
        ("Troops entered the village of Regionqzwer.", "populated place"),  # "region" too, before "village"
    ],
)
def test_an_unknown_name_takes_the_kind_of_the_word_beside_it_not_of_one_inside_it(
    parser: Geoparser, text: str, kind: str
) -> None:
    assert [(m.resolved, m.cue) for m in parser.parse(text)] == [(False, kind)]


def test_sentence_initial_common_word_is_not_a_place(parser: Geoparser) -> None:
    assert parser.parse("March was cold. Thus the army waited.") == []


def test_person_name_is_not_a_place(parser: Geoparser) -> None:
    assert [m.surface for m in parser.parse("He met Vladimir Putin in Baku.")] == ["Baku"]


def test_only_runs_that_may_hold_a_name_become_tokens(parser: Geoparser) -> None:
    runs, any_run = parser._name_runs("They said the Police in Zqxwvbn had left Kalbajar.")
    assert any_run
    assert [[t.text for t in run] for run in runs] == [["Kalbajar"]]


def test_spans_are_offsets_into_the_text(parser: Geoparser, seed) -> None:
    for mention in parser.parse(seed.text):
        assert seed.text[mention.start : mention.end] == mention.surface


def test_resolve_spans_keeps_order_and_length(parser: Geoparser) -> None:
    text = "Goris and Kapan were shelled."
    mentions = parser.resolve_spans(text, [(10, 15), (0, 5)])
    assert [m.place.name for m in mentions] == ["Kapan", "Goris"]


def test_empty_text_has_no_mentions(parser: Geoparser) -> None:
    assert parser.parse("") == []


# --------------------------------------------------------------------------- US news forms


def test_state_abbreviation_after_a_town_chooses_the_town_in_that_state(parser: Geoparser) -> None:
    mentions = parser.parse("The fire in Athens, Ga., destroyed two homes.")
    athens = next(m for m in mentions if m.surface == "Athens")
    assert _km(athens.place, 33.96, -83.38) < 30
    state = next(m for m in mentions if m.surface == "Ga.")
    assert state.place.kind == "region"
    assert state.place.name == "Georgia"


def test_abbreviation_spans_keep_their_final_period(parser: Geoparser) -> None:
    text = "Officials in Charleston, W.Va., and the U.S. government met."
    surfaces = [m.surface for m in parser.parse(text) if m.role == "name"]
    assert "W.Va." in surfaces
    assert "U.S." in surfaces


def test_county_and_its_state_agree(parser: Geoparser) -> None:
    mention = parser.parse("Deputies in Walker County, Texas, searched the woods.")[0]
    assert mention.surface == "Walker County"
    assert mention.place.kind == "district"
    assert _km(mention.place, 30.74, -95.57) < 50


def test_state_name_in_a_text_about_its_counties_is_the_state(parser: Geoparser) -> None:
    text = "Schools in Clarke County and Oconee County are among the best in Georgia."
    georgia = next(m for m in parser.parse(text) if m.surface == "Georgia")
    assert georgia.place.kind == "region"


def test_gold_span_demonym_resolves_to_its_country(parser: Geoparser) -> None:
    text = "American and Russian diplomats met."
    mentions = parser.resolve_spans(text, [(0, 8), (13, 20)])
    assert [m.place.kind for m in mentions] == ["country", "country"]
    assert mentions[1].place.country == "RU"


def test_famous_city_is_not_taken_for_a_common_word(parser: Geoparser) -> None:
    assert [m.surface for m in parser.parse("Flights to Atlanta were cancelled.")] == ["Atlanta"]
    assert parser.parse("We will see.") == []


def test_town_and_province_outside_the_us_resolve_to_the_province(parser: Geoparser) -> None:
    mentions = parser.parse("He flew from Montreal, Quebec to Cardiff, Wales.")
    assert [(m.surface, m.place.kind) for m in mentions] == [
        ("Montreal", "populated place"),
        ("Quebec", "region"),
        ("Cardiff", "populated place"),
        ("Wales", "region"),
    ]


def _kinds(parser: Geoparser, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.place.kind) for m in parser.parse(text) if m.place is not None and m.role == "name"]


def test_a_plural_kind_word_gives_every_name_of_its_list_that_kind(parser: Geoparser) -> None:
    text = "Overnight rockets fell on villages of the Tartar, Aghdam and Aghjabadi districts."
    assert _kinds(parser, text) == [("Tartar", "district"), ("Aghdam", "district"), ("Aghjabadi", "district")]


def test_a_hyphenated_pair_in_a_list_of_directions_takes_the_list_kind(parser: Geoparser) -> None:
    text = "Heavy fighting is reported in the Aghdara-Tartar and Jabrayil directions."
    assert {kind for _, kind in _kinds(parser, text)} == {"populated place"}


def test_the_before_a_name_with_a_kind_word_keeps_that_kind(parser: Geoparser) -> None:
    assert _kinds(parser, "All was quiet in the Tartar direction today.") == [("Tartar", "populated place")]


def test_the_before_a_bare_name_still_reads_it_as_the_river(parser: Geoparser) -> None:
    assert _kinds(parser, "Engineers bridged the Tartar near the dam.") == [("Tartar", "river")]


def test_a_plural_province_word_makes_the_last_name_of_its_list_a_province(parser: Geoparser) -> None:
    text = "Families were housed in the Syunik, Vayots Dzor and Ararat provinces."
    assert _kinds(parser, text)[-1] == ("Ararat", "region")


def _spans(parser: Geoparser, text: str) -> list[str]:
    return [m.surface for m in parser.parse(text) if m.role == "name"]


def test_a_lower_case_river_or_ridge_word_stays_out_of_the_span(parser: Geoparser) -> None:
    text = "The brigade forded the Aras river and dug in on the Murovdag ridge."
    assert _spans(parser, text) == ["Aras", "Murovdag"]


def test_a_capitalised_river_word_is_part_of_the_name(parser: Geoparser) -> None:
    assert _spans(parser, "Barges sailed down the Dnieper River at dawn.") == ["Dnieper River"]


def test_a_mixed_case_abbreviation_is_no_place(parser: Geoparser) -> None:
    assert _spans(parser, "Gavar was quiet, the MoD spokesman told reporters.") == ["Gavar"]
