"""Weapon systems named like places are not places in weapon context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.parse import parse
from geomap.events.weapons import is_weapon
from geomap.geoparse.weapons import weapon_names

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser


def test_a_rocket_system_is_no_place(parser: Geoparser) -> None:
    found = [m.surface for m in parser.parse("Overnight Grad and Smerch rockets hit the outskirts of Tartar.")]
    assert "Grad" not in found
    assert "Tartar" in found


def test_the_same_name_is_a_place_without_weapon_words(parser: Geoparser) -> None:
    found = {m.surface: m for m in parser.parse("Heavy rain flooded the streets of Buk in western Poland.")}
    assert found["Buk"].place is not None


def test_every_listed_weapon_is_read() -> None:
    assert {"grad", "tochka", "bayraktar"} <= weapon_names()


def test_a_vehicle_added_to_the_list_is_no_place_in_weapon_context(parser: Geoparser) -> None:
    found = [m.surface for m in parser.parse("Two Shilka systems were hit near Aghdam.")]
    assert found == ["Aghdam"]


def test_a_listed_system_is_equipment_to_the_event_grammar_only_when_written_as_a_name() -> None:
    named, animal = parse(["Drones destroyed a Lynx near Fuzuli.", "Hunters saw a lynx near Fuzuli."])
    assert is_weapon(next(t for t in named if t.text == "Lynx"))
    assert not is_weapon(next(t for t in animal if t.text == "lynx"))
