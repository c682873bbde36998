"""A report's focus: local readings beat far namesakes unless the text says otherwise; kinds count."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from geomap.geoparse import focus
from tests.conftest import place_id_of

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser


def test_a_bare_pass_name_beside_kalbajar_is_the_pass(parser: Geoparser) -> None:
    text = "Troops crossed Omar in deep snow on the way to Kalbajar."
    assert place_id_of(parser, text, "Omar") == "curated:pass-omar"


def test_a_coordinated_kind_word_applies_to_every_name(parser: Geoparser) -> None:
    text = "Snow closed the Omar and Sotk passes."
    assert place_id_of(parser, text, "Omar") == "curated:pass-omar"
    assert place_id_of(parser, text, "Sotk") == "curated:pass-sotk"


def test_the_araks_is_the_river(parser: Geoparser) -> None:
    assert place_id_of(parser, "Units dug in along the Araks near Jabrayil.", "Araks") == "curated:river-aras"


def test_a_river_word_makes_the_name_a_river(parser: Geoparser) -> None:
    assert place_id_of(parser, "The Araks river flooded its banks near Horadiz.", "Araks") == "curated:river-aras"


def test_armenia_in_a_karabakh_report_is_the_country(parser: Geoparser) -> None:
    text = "Near Hadrut and Shusha the shelling went on; Armenia said its losses were light."
    assert place_id_of(parser, text, "Armenia") == "curated:am"


def test_the_text_can_say_it_means_a_far_place(parser: Geoparser) -> None:
    text = "Near Hadrut the shelling went on. Coffee prices rose in Armenia, Colombia, the exporters said."
    place = place_id_of(parser, text, "Armenia")
    assert place is not None
    assert place.startswith("geonames:")


def test_the_front_matter_side_is_part_of_the_focus(parser: Geoparser) -> None:
    assert place_id_of(parser, "Troops crossed Omar in deep snow.", "Omar", side="azerbaijan") == "curated:pass-omar"


def test_without_a_focus_nothing_is_moved(parser: Geoparser) -> None:
    place = place_id_of(parser, "The coal miners of Omar went on strike.", "Omar")
    assert place is not None
    assert place.startswith("geonames:")


@pytest.mark.parametrize(
    ("text", "names_a_kind"),
    [
        ("troops crossed the Omar pass", True),
        ("the Sotk and Omar PASSES", True),
        ("rivers: the Araks", True),
        ("he passed the driver on a mountainside road", False),
        ("a bypass_road", False),
        ("the İnce pass", True),
        ("the İnce passé", False),
    ],
)
def test_a_text_names_a_kind_only_with_a_kind_word_standing_alone(text: str, *, names_a_kind: bool) -> None:
    assert focus._names_a_kind(text) is names_a_kind


def test_a_height_named_in_war_reports_resolves_with_its_kind_word_left_out(parser: Geoparser) -> None:
    text = "Baku said the Lele Tepe height above Horadiz was taken."
    (height,) = [m for m in parser.parse(text) if m.surface == "Lele Tepe"]
    assert height.place is not None
    assert height.place.place_id == "curated:mt-lalatapa"
