"""Which side a phrase's words stand for (geomap.events.sides)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from geomap.events.sides import Sides

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def sides(curated: Gazetteer) -> Sides:
    return Sides.from_gazetteer(curated)


def test_a_lower_case_word_starting_with_s_keeps_its_first_letter(sides: Sides) -> None:
    assert sides.of_words(["the", "separatists"]) == "artsakh"


def test_plural_and_possessive_demonyms_name_their_side(sides: Sides) -> None:
    assert sides.of_words(["Azerbaijanis"]) == "azerbaijan"
    assert sides.of_words(["Russia's", "troops"]) == "russia"


def test_government_forces_are_those_of_the_state_in_the_sides_conflict(sides: Sides) -> None:
    assert sides.government("armenia") == "azerbaijan"
    assert sides.government("russia") == "ukraine"
    assert sides.government("neutral") is None
