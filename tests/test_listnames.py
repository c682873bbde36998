"""Villages named in lists: settlements even when no gazetteer knows them, located at their district."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from geomap.geoparse.listnames import find_lists

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser

LIST_OF = "Sappers cleared the villages of Qzorbali, Yukhari Blenkand and Dzhivarli of the Jabrayil district."
TRAILING = "Artillery hit Qzorbali, Zmevli and Dzhivarli villages of Fuzuli district overnight."


def _by_surface(parser: Geoparser, text: str) -> dict[str, object]:
    return {m.surface: m for m in parser.parse(text)}


def test_every_name_of_a_villages_of_list_is_a_mention(parser: Geoparser) -> None:
    found = _by_surface(parser, LIST_OF)
    assert {"Qzorbali", "Yukhari Blenkand", "Dzhivarli"} <= set(found)


def test_a_listed_name_no_gazetteer_knows_is_located_at_its_district(parser: Geoparser) -> None:
    mention = _by_surface(parser, LIST_OF)["Yukhari Blenkand"]
    assert mention.place is None
    assert mention.located_at.place_id == "curated:az-jabrayil-district"
    assert mention.geo_precision == 2
    assert "Jabrayil District" in mention.note
    assert mention.cue == "populated place"


def test_names_before_villages_of_the_district_are_found_too(parser: Geoparser) -> None:
    found = _by_surface(parser, TRAILING)
    for name in ("Qzorbali", "Zmevli", "Dzhivarli"):
        assert found[name].located_at.place_id == "curated:az-fuzuli-district"


def test_the_spans_are_the_names_exactly(parser: Geoparser) -> None:
    for m in parser.parse(LIST_OF):
        assert LIST_OF[m.start : m.end] == m.surface


def test_a_listed_village_the_gazetteer_knows_in_its_district_keeps_its_place(parser: Geoparser) -> None:
    found = _by_surface(parser, "Troops entered the villages of Horadiz and Qzorbali of the Fuzuli district.")
    assert found["Horadiz"].place.place_id == "curated:az-horadiz"
    assert found["Qzorbali"].place is None


def test_a_listed_name_is_never_a_far_namesake_of_its_district(parser: Geoparser) -> None:
    text = "The villages of Boston and Qzorbali of the Zangilan district were retaken."
    mention = _by_surface(parser, text)["Boston"]
    assert mention.place is None
    assert mention.located_at.place_id == "curated:az-zangilan-district"


def test_the_district_may_be_named_earlier_in_the_sentence(parser: Geoparser) -> None:
    text = "In the Gubadli district, the settlements of Qzorbali and Zmevli came under fire."
    found = _by_surface(parser, text)
    assert found["Zmevli"].located_at.place_id == "curated:az-gubadli-district"


def test_without_a_district_an_unknown_listed_name_is_kept_unresolved(parser: Geoparser) -> None:
    mention = _by_surface(parser, "Refugees fled the villages of Qzorbali and Zmevli.")["Zmevli"]
    assert mention.place is None
    assert mention.located_at is None
    assert mention.role == "name"


def test_without_a_district_a_far_namesake_in_a_karabakh_text_is_unresolved(parser: Geoparser) -> None:
    mention = _by_surface(parser, "Near Shusha, the villages of Talish and Boston were shelled.")["Boston"]
    assert mention.place is None


def test_outside_a_focus_listed_names_keep_their_places(parser: Geoparser) -> None:
    found = _by_surface(parser, "Floods reached the villages of Shelburne and Charlotte.")
    assert found["Charlotte"].place is not None


@pytest.mark.parametrize("word", ["Wednesday", "Monday", "Police"])
def test_ordinary_words_in_a_list_are_not_villages(parser: Geoparser, word: str) -> None:
    found = _by_surface(parser, f"Rain fell on the villages of Qzorbali and {word} as well.")
    assert word not in found
    assert "Qzorbali" in found


def test_a_district_word_ends_no_village_name() -> None:
    names = [n.surface for n in find_lists("Zmevli and Qzorbali villages of the Fuzuli district")]
    assert names == ["Zmevli", "Qzorbali"]


def test_mentions_say_where_they_were_located_in_their_json(parser: Geoparser) -> None:
    data = _by_surface(parser, LIST_OF)["Dzhivarli"].to_dict()
    assert data["resolved"] is False
    assert data["located_at"] == "curated:az-jabrayil-district"
    assert data["geo_precision"] == 2


def test_a_second_list_after_a_district_takes_its_own_district(parser: Geoparser) -> None:
    text = "Troops freed the villages of Qzorbali and Zmevli of Fuzuli district, Dzhivarli of Jabrayil district."
    found = _by_surface(parser, text)
    assert found["Zmevli"].located_at.place_id == "curated:az-fuzuli-district"
    assert found["Dzhivarli"].located_at.place_id == "curated:az-jabrayil-district"


def test_a_list_after_a_dash_counts(parser: Geoparser) -> None:
    text = "Four villages - Qzorbali, Zmevli, Dzhivarli and Blorkand - were retaken in the Gubadli district."
    found = _by_surface(parser, text)
    assert {"Qzorbali", "Zmevli", "Dzhivarli", "Blorkand"} <= set(found)
    assert found["Blorkand"].located_at.place_id == "curated:az-gubadli-district"


def test_an_azerbaijani_list_of_kendleri_with_its_rayon(parser: Geoparser) -> None:
    found = _by_surface(parser, "Füzuli rayonunun Qzorbali, Zmevli və Aşağı Blorkənd kəndləri azad edilib.")
    assert found["Aşağı Blorkənd"].located_at.place_id == "curated:az-fuzuli-district"
    assert found["Zmevli"].place is None


def test_a_russian_list_of_sela_with_the_districts_adjective(parser: Geoparser) -> None:
    found = _by_surface(parser, "Освобождены сёла Кзорбали, Змевли и Дживарли Физулинского района.")
    assert {"Кзорбали", "Змевли", "Дживарли"} <= set(found)
    assert found["Дживарли"].located_at.place_id == "curated:az-fuzuli-district"


def test_a_bare_district_name_after_in_is_the_district(parser: Geoparser) -> None:
    found = _by_surface(parser, "Troops took the villages of Qzorbali and Zmevli in Fuzuli on Monday.")
    assert found["Zmevli"].located_at.place_id == "curated:az-fuzuli-district"


def test_one_village_of_a_named_district_is_located_at_the_district(parser: Geoparser) -> None:
    mention = _by_surface(parser, "Sappers reached the Vorgandli village of the Lachin district at dawn.")["Vorgandli"]
    assert mention.place is None
    assert mention.located_at is not None
    assert mention.located_at.place_id == "curated:az-lachin-district"
    assert mention.geo_precision == 2
