"""The conflict zone's settlements imported from GeoNames (gazetteer/settlements.csv)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import shapely
from wordfreq import zipf_frequency

from geomap import settings
from geomap.gazetteer import names, read_places_csv
from geomap.gazetteer.boundaries import boundary
from tests.conftest import place_id_of

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer
    from geomap.gazetteer.places import Place
    from geomap.geoparse import Geoparser

NEAR_DEGREES = 0.03  # tools/import_settlements.py: how far outside its unit's outline a border village may lie
TOWN_POPULATION = 5_000  # tools/import_settlements.py: a town keeps its unit's bare name


def _settlements() -> list[Place]:
    return read_places_csv(settings.gazetteer_dir / "settlements.csv", layer="curated")


def test_the_curated_layer_carries_the_imported_settlements(curated: Gazetteer) -> None:
    rows = _settlements()
    assert len(rows) > 200
    assert all(curated.get(p.place_id) == p for p in rows)


def test_every_settlement_lies_in_the_polygon_of_its_parent() -> None:
    """Inside it, or (a border village the simplified outlines put across the line) just beside it."""
    rows = _settlements()
    for parent in {p.parent for p in rows}:
        unit = boundary(parent)
        assert unit is not None, parent
        points = shapely.points([(p.lon, p.lat) for p in rows if p.parent == parent])
        assert shapely.dwithin(unit.geometry, points, NEAR_DEGREES).all(), parent


def test_a_settlement_has_a_parent_of_its_own_country() -> None:
    rows = {p.place_id: p for p in _settlements()}
    assert rows["curated:am-gn823748"].parent == "curated:am-tavush"  # Azatamut, in the Barxudarlı exclave's outline
    assert all(p.parent.startswith(f"curated:{p.country.lower()}-") for p in rows.values())


def test_every_settlement_cites_its_geonames_record() -> None:
    for place in _settlements():
        assert place.source.startswith("GeoNames ")
        assert "(CC BY 4.0)" in place.source


def test_no_name_or_alias_is_an_ordinary_english_word() -> None:
    for place in _settlements():
        for name in place.names:
            assert not all(zipf_frequency(w, "en") >= 3.0 for w in name.lower().split()), name


def test_an_imported_village_is_found_by_its_armenian_and_russian_names(curated: Gazetteer) -> None:
    (row,) = [p for p in _settlements() if p.name == "Aralez"]
    assert curated.lookup("Արալեզ", fuzzy=False)[0].place == row
    assert row.parent == "curated:am-ararat"


def test_no_village_takes_the_bare_name_of_the_unit_it_lies_in(curated: Gazetteer) -> None:
    """Reports mean the province by "Tavush"; only a town (Ararat, Vayk) keeps its unit's bare name."""
    for place in _settlements():
        unit = curated.get(place.parent)
        assert unit is not None, place.parent
        shared = {names.loose_key(n) for n in place.names} & {names.loose_key(n) for n in unit.names}
        assert not shared or place.population >= TOWN_POPULATION, (place.name, unit.name)


@pytest.mark.parametrize(
    ("text", "surface", "province"),
    [
        ("Armenian positions in Tavush came under fire overnight.", "Tavush", "am-tavush"),
        ("Azerbaijani units fired at Berd and Ijevan in Tavush, the ministry said.", "Tavush", "am-tavush"),
        ("The shelling hit three villages of Tavush province.", "Tavush", "am-tavush"),
        ("Residents of the Tavush region spent the night in basements.", "Tavush", "am-tavush"),
        ("В Тавуше ночью возобновились перестрелки.", "Тавуше", "am-tavush"),
        ("Fighting spread to Gegharkunik on Tuesday morning.", "Gegharkunik", "am-gegharkunik"),
        ("Sotk and Vardenis in Gegharkunik came under fire.", "Gegharkunik", "am-gegharkunik"),
        ("The Syunik governor said two border villages were hit.", "Syunik", "am-syunik"),
        ("Martial law was declared in Goris, Kapan and across Syunik.", "Syunik", "am-syunik"),
        ("Azerbaijani forces shelled Jermuk, Sotk and positions in Syunik overnight.", "Syunik", "am-syunik"),
    ],
)
def test_a_provinces_bare_name_is_the_province_never_a_village(
    parser: Geoparser, text: str, surface: str, province: str
) -> None:
    assert place_id_of(parser, text, surface) == f"curated:{province}"


@pytest.mark.parametrize(
    ("text", "surface", "province"),
    [
        ("Shooting was heard in Berd, Chinari and other villages of Tavush.", "Tavush", "am-tavush"),
        ("The villages of Syunik spent a second night under fire.", "Syunik", "am-syunik"),
    ],
)
def test_the_villages_of_a_province_are_in_it_not_named_by_it(
    parser: Geoparser, text: str, surface: str, province: str
) -> None:
    assert place_id_of(parser, text, surface) == f"curated:{province}"


def test_the_villages_of_a_list_are_still_its_names(parser: Geoparser) -> None:
    """The plural before a list keeps naming the list's items as villages (geomap.geoparse.cues)."""
    mentions = {m.surface: m for m in parser.parse("The villages of Berd and Chinari were shelled.")}
    assert mentions["Berd"].cue == "populated place"
    assert mentions["Chinari"].cue == "populated place"
