"""Namesakes: a name's list partners and its sentence choose between the curated layer's namesakes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.geoparse.partners import UNDECIDED_SCORE

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser, Mention

# A report that names many places of Armenia, so that its coherence leans to Armenia's Martuni.
_ARMENIAN_REPORT = (
    "Buses with families from Karabakh arrived in Goris, Vayk, Jermuk and Yerevan all day; shelters in Sisian, "
    "Kapan and Ararat are full, and more tents went up near Yeghegnadzor. "
    "Aid workers said shells had earlier fallen on Hadrut, Martuni and Shushi. "
    "Families from Askeran and Martuni were still waiting on the road."
)


def _mentions(parser: Geoparser, text: str, surface: str) -> list[Mention]:
    return [m for m in parser.parse(text) if m.surface == surface]


def _place_ids(parser: Geoparser, text: str, surface: str) -> list[str | None]:
    """The place each mention of ``surface`` in ``text`` is resolved to (None: unresolved)."""
    return [m.place.place_id if m.place is not None else None for m in _mentions(parser, text, surface)]


def test_list_partners_in_karabakh_make_martuni_khojavend_in_an_armenian_report(parser: Geoparser) -> None:
    assert _place_ids(parser, _ARMENIAN_REPORT, "Martuni") == ["curated:nk-khojavend"] * 2


def test_a_sentence_about_lake_sevan_makes_martuni_the_armenian_town(parser: Geoparser) -> None:
    text = "Stepanakert and Hadrut were calm. Martuni, a town on the shore of Lake Sevan, was shelled on Tuesday."
    assert _place_ids(parser, text, "Martuni") == ["curated:am-martuni"]


def test_armenian_list_partners_keep_martuni_in_gegharkunik(parser: Geoparser) -> None:
    assert _place_ids(parser, "Shells fell on Vardenis, Martuni and Gavar.", "Martuni") == ["curated:am-martuni"]


def test_a_direction_beside_karabakh_places_is_khojavend(parser: Geoparser) -> None:
    text = "Attacks in the Martuni direction were beaten back, and Hadrut came under fire."
    (martuni,) = _mentions(parser, text, "Martuni")
    assert (martuni.start, martuni.end) == (text.index("Martuni"), text.index("Martuni") + len("Martuni"))
    assert martuni.place is not None
    assert martuni.place.place_id == "curated:nk-khojavend"


def test_the_sentences_district_chooses_between_listed_namesakes(parser: Geoparser) -> None:
    text = "Near Stepanakert it was calm. Guns hit Umudlu in the Tartar district overnight."
    (umudlu,) = _mentions(parser, text, "Umudlu")
    assert umudlu.place is not None
    assert umudlu.place.parent == "curated:az-tartar-district"


def test_the_reports_nearest_places_choose_between_listed_namesakes(parser: Geoparser) -> None:
    text = "Guns hit Qaradağlı overnight. Earlier in the week Quzanlı and Aghdam had come under fire."
    (village,) = _mentions(parser, text, "Qaradağlı")
    assert village.place is not None
    assert village.place.parent == "curated:az-aghdam-district"
    assert village.note is not None
    assert "text does not say" not in village.note


def test_listed_namesakes_the_text_cannot_tell_apart_are_said_to_be_undecided(parser: Geoparser) -> None:
    (village,) = _mentions(parser, "The village of Qaradağlı was shelled.", "Qaradağlı")
    assert village.score <= UNDECIDED_SCORE
    assert village.note is not None
    assert "listed in 4 districts" in village.note
    assert "Aghdam District" in village.note


def test_aghdam_beside_tovuz_is_the_tovuz_village(parser: Geoparser) -> None:
    text = "Near Tovuz the night was loud: Aghdam came under mortar fire."
    assert _place_ids(parser, text, "Aghdam") == ["curated:az-aghdam-tovuz"]


def test_aghdam_alone_stays_the_town(parser: Geoparser) -> None:
    assert _place_ids(parser, "Aghdam was handed back in November.", "Aghdam") == ["curated:az-aghdam"]
