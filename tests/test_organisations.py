"""Organisations named many ways: one country and one body (geomap.events.organisations)."""

from __future__ import annotations

import pytest

from geomap.events import extract_events
from geomap.events.organisations import Organisation, Organisations


@pytest.fixture(scope="module")
def orgs() -> Organisations:
    return Organisations.default()


@pytest.mark.parametrize(
    "words",
    [
        "the Defence Ministry in Yerevan",
        "Armenia's Ministry of Defense",
        "the Armenian MoD",
        "Yerevan's defence ministry",
    ],
)
def test_every_wording_of_a_ministry_is_one_organisation(orgs: Organisations, words: str) -> None:
    assert orgs.of(words) == Organisation("armenia", "defence")
    assert orgs.canonical(words) == "Armenian Ministry of Defence"


def test_a_body_without_its_country_takes_the_one_given(orgs: Organisations) -> None:
    assert orgs.canonical("the Interior Ministry", country="georgia") == "Georgian Ministry of Internal Affairs"


def test_a_person_keeps_the_name_beside_the_body(orgs: Organisations) -> None:
    assert orgs.canonical("Turkey's foreign minister Ayla Demir") == "Ayla Demir, Turkish Ministry of Foreign Affairs"


def test_a_seat_of_government_speaks_for_its_country(orgs: Organisations) -> None:
    assert orgs.of("the Kremlin") == Organisation("russia", None)
    assert orgs.canonical("the Kremlin") == "the Kremlin"


def test_a_de_facto_authority_body_implies_its_side(orgs: Organisations) -> None:
    assert orgs.of("the Defence Army") == Organisation("artsakh", "defence-army")


def test_two_bodies_of_two_countries_are_both_read(orgs: Organisations) -> None:
    speaker = orgs.read("a joint note of the Georgian Foreign Ministry and the Turkish Defence Ministry")
    assert speaker.organisations == {Organisation("georgia", "foreign"), Organisation("turkey", "defence")}


def test_a_country_describing_a_media_outlet_is_no_organisation(orgs: Organisations) -> None:
    assert orgs.read("Ekho (Russian radio)").organisations == frozenset()


def test_bodies_of_different_countries_differ(orgs: Organisations) -> None:
    assert not orgs.same("the Russian MoD", "Ukraine's Ministry of Defence")
    assert orgs.same("the MoD", "Ukraine's Ministry of Defence")


def test_ground_the_defence_army_holds_is_the_armenian_sides(parser, make_report) -> None:
    events = extract_events(make_report("The Defence Army still holds Martakert, its spokesman said."), parser)
    assert [(e.place.name if e.place else None, e.controller) for e in events] == [("Martakert", "armenia")]


def test_a_seat_speaking_as_such_is_its_government(orgs: Organisations) -> None:
    assert orgs.government("Baku") == "Government of Azerbaijan"
    assert orgs.same("Baku", "Azerbaijani government (via a news agency)")
    assert not orgs.same("Baku", "Azerbaijani Ministry of Defence")


def test_a_government_body_is_named_as_its_seats_government(orgs: Organisations) -> None:
    assert orgs.canonical("the cabinet", country="armenia") == "Government of Armenia"


def test_officials_of_a_de_facto_authority_are_its_authorities(orgs: Organisations) -> None:
    assert orgs.same("Artsakh authorities", "Officials in Stepanakert")


def test_a_known_person_speaks_for_their_side_by_last_name(orgs: Organisations) -> None:
    assert orgs.person_side("Prime Minister Pashinyan") == "armenia"
    assert orgs.person_side("Heydar Aliyev") is None  # another first name: not the known Aliyev


def test_unknown_people_have_no_side(orgs: Organisations) -> None:
    assert orgs.person_side("Anna Petrosyan") is None
