"""Villages of the front-line districts and of Armenia's border provinces, and the region's rivers and passes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser


def _chosen(parser: Geoparser, text: str) -> dict[str, str | None]:
    return {m.surface: m.place.place_id if m.place else None for m in parser.parse(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Azerbaijani troops fired on Shurnukh, Aygepar and Tsapatagh overnight, the defence ministry said.",
            {"Shurnukh": "am-shurnukh", "Aygepar": "am-aygepar", "Tsapatagh": "am-tsapatagh"},
        ),
        (
            "Sappers cleared the road from Vorotnavan to Verin Shorzha.",
            {"Vorotnavan": "am-vorotnavan", "Verin Shorzha": "am-verin-shorzha"},
        ),
        (
            "Tap Qaraqoyunlu and Qaymaqlı came under mortar fire at dawn.",
            {"Tap Qaraqoyunlu": "az-tap-qaraqoyunlu", "Qaymaqlı": "az-qaymaqli"},
        ),
    ],
)
def test_border_villages_resolve_to_their_rows(parser: Geoparser, text: str, expected: dict[str, str]) -> None:
    chosen = _chosen(parser, text)
    assert {s: chosen.get(s) for s in expected} == {s: f"curated:{i}" for s, i in expected.items()}


def test_the_exclave_is_found_by_its_azerbaijani_name(parser: Geoparser) -> None:
    chosen = _chosen(parser, "Families from Başkənd, which Yerevan calls Artsvashen, never went back.")
    assert chosen["Başkənd"] == chosen["Artsvashen"] == "curated:am-artsvashen"


def test_russian_case_endings_on_border_villages(parser: Geoparser) -> None:
    chosen = _chosen(parser, "Жители Шурнуха и Айгепара покинули дома.")
    assert chosen == {"Шурнуха": "curated:am-shurnukh", "Айгепара": "curated:am-aygepar"}


def test_an_armenian_province_word_after_the_name_makes_it_the_province(parser: Geoparser) -> None:
    assert _chosen(parser, "Սյունիքի մարզում լարված է։") == {"Սյունիքի մարզում": "curated:am-syunik"}


def test_an_armenian_district_word_after_an_azerbaijani_name(parser: Geoparser) -> None:
    chosen = _chosen(parser, "Թովուզի շրջանում կրակոցներ են լսվել։")
    assert chosen == {"Թովուզի շրջանում": "curated:az-tovuz-district"}


def test_a_bridge_across_the_araks_is_on_the_river(parser: Geoparser) -> None:
    chosen = _chosen(parser, "Engineers threw a pontoon bridge across the Araks south of Zangilan.")
    assert chosen["Araks"] == "curated:river-aras"


def test_the_omar_pass_out_of_kalbajar(parser: Geoparser) -> None:
    chosen = _chosen(parser, "Armenian units pulled back from Kalbajar over the Omar pass as snow fell.")
    assert chosen["Omar pass"] == "curated:pass-omar"


def test_armenia_beside_a_front_line_district_is_the_country(parser: Geoparser) -> None:
    chosen = _chosen(parser, "Baku said the Tovuz district had been shelled from Armenia since Sunday.")
    assert chosen["Armenia"] == "curated:am"


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Shelling was reported along the Bazarchay in Gubadli.", "Bazarchay"),
        ("The Vorotan river rose after the rains near Sisian.", "Vorotan river"),
    ],
)
def test_the_vorotan_is_a_river_line(parser: Geoparser, text: str, surface: str) -> None:
    (mention,) = [m for m in parser.parse(text) if m.surface == surface]
    assert mention.place is not None
    assert mention.place.place_id == "curated:river-vorotan"
    assert mention.place.geometry.geom_type == "LineString"
