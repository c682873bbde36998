"""Villages known only from a district's list of names (gazetteer/listed_villages.csv), located at the district."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.events import extract_events
from geomap.gazetteer import read_places_csv
from geomap.gazetteer.layerfiles import LISTED_FILE, LISTED_SOURCE, PLACE_COLUMNS, curated_layer

if TYPE_CHECKING:
    from collections.abc import Callable

    from geomap.gazetteer import Gazetteer
    from geomap.geoparse import Geoparser, Mention
    from geomap.reports import Report

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import list_villages  # noqa: E402


def _names(parser: Geoparser, text: str) -> dict[str, Mention]:
    return {m.surface: m for m in parser.parse(text) if m.role == "name"}


def _ids(mention: Mention) -> tuple[str | None, str | None]:
    """The place a mention is resolved to and the place it is located at, by id (None where it has none)."""
    place = mention.place.place_id if mention.place is not None else None
    return place, mention.located_at.place_id if mention.located_at is not None else None


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Units advanced through the villages of Pichenis, Khanalilar and Suarasi of the Lachin district.", "Lachin"),
        ("Xallava, Garamanli and Tarovlu villages of the Gubadli district were retaken by noon.", "Gubadli"),
        ("Sappers cleared the settlements of Vanatli, Shayifli and Tiri in Zangilan district.", "Zangilan"),
        ("Residents returned to the villages of Bagbanlar, Saybali and Tukazbanli of Aghdam district.", "Aghdam"),
        # The front-line districts (a district page, a law, or a news agency's list of shelled villages).
        ("The villages of Koxanəbi, Qaralar and Əsrik Cırdaxan of the Tovuz district came under fire.", "Tovuz"),
        ("Armenian forces shelled Abulbeyli and Duz Girigli in Tovuz district, the ministry said.", "Tovuz"),
        ("Tovuz rayonunun Koxanəbi, Qaralar və Hacallı kəndləri atəşə tutulub.", "Tovuz"),
        ("Shelling damaged homes in Farahli, Jafarli and Mazam villages of the Gazakh district.", "Gazakh"),
        ("Missiles landed near Shahmalilar and Sharafkhanli in the Aghjabadi district, officials said.", "Aghjabadi"),
        ("Ağcabədi rayonunun Şahmalılar və Şərəfxanlı kəndlərinə raket düşüb.", "Aghjabadi"),
        ("Residents of Zagalli and Amirvar in Dashkasan district reported explosions.", "Dashkasan"),
        ("Positions near Daryurd and Novoivanovka in the Gadabay district came under fire.", "Gadabay"),
        ("Two houses burned in Kurakchay and Tatarli of the Goranboy district.", "Goranboy"),
        ("Shells landed in Gasimbeyli and Tatarli of the Goranboy district overnight.", "Goranboy"),
        ("Goranboy rayonunun Qaşaltı Qaraqoyunlu və Qasımbəyli kəndlərinə mərmi düşüb.", "Goranboy"),
        ("Daşkəsən rayonunun Xoşbulaq və Əmirvar kəndlərində partlayış səsləri eşidilib.", "Dashkasan"),
    ],
)
def test_a_list_of_a_districts_villages_locates_each_at_the_district(
    parser: Geoparser, text: str, district: str
) -> None:
    listed = [m for m in _names(parser, text).values() if m.place is not None and m.place.kind == "populated place"]
    assert len(listed) >= 2
    for mention in listed:
        assert mention.located_at is not None
        assert mention.located_at.name == f"{district} District", mention.surface
        assert mention.geo_precision == 2
        assert mention.note is not None
        assert mention.note.startswith(LISTED_SOURCE)


def test_a_listed_village_named_outside_a_list_is_located_at_its_district(parser: Geoparser) -> None:
    found = _names(parser, "Mortar rounds fell on Khallava overnight, the defence ministry in Baku said.")
    mention = found["Khallava"]
    assert _ids(mention) == ("curated:az-xallava-gubadli", "curated:az-gubadli-district")
    assert mention.geo_precision == 2


@pytest.mark.parametrize(
    "text",
    [
        "A Tatar folk ensemble and a choir gave a concert in the Saray Hall on Sunday.",
        "The coach said Padar would start the match on Saturday.",
        "Teymur Aliyev, who farms near Fuzuli, said the shelling had stopped.",
        # Qoşa (Gosha), Alakol and Boyat of the front-line lists are also a first name, a lake and a surname.
        "The Gosha Rubchinskiy show drew crowds in Moscow.",
        "Tourists flocked to Lake Alakol in eastern Kazakhstan.",
        "Kemal Boyat scored twice for the visitors.",
    ],
)
def test_a_listed_name_does_not_fire_in_ordinary_prose(parser: Geoparser, text: str) -> None:
    assert all(m.located_at is None for m in parser.parse(text))


def test_a_village_with_a_point_from_its_page_keeps_the_point(curated: Gazetteer) -> None:
    # Fuzuli's list names Qarğabazar, whose page gives its coordinates (villages.csv).
    matches = curated.lookup("Qarğabazar", fuzzy=False)
    assert [m.place.place_id for m in matches if m.place.kind == "populated place"] == ["curated:az-qarghabazar"]


def test_an_event_at_a_listed_village_has_geo_precision_two(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    report = make_report("Artillery shelled the village of Khallava in the Gubadli district overnight.")
    (event,) = [e for e in extract_events(report, parser) if e.surface == "Khallava"]
    assert event.place is not None
    assert event.place.place_id == "curated:az-xallava-gubadli"
    assert event.geo_precision == 2


def test_the_curated_layer_drops_a_listed_village_an_earlier_file_names(tmp_path: Path) -> None:
    shutil.copy(settings.gazetteer_dir / "places.csv", tmp_path / "places.csv")
    shutil.copy(settings.gazetteer_dir / "routes.csv", tmp_path / "routes.csv")
    rows = [
        {"id": "az-shusha-listed", "name": "Şuşa", "aliases": "Shusha"},
        {"id": "az-zorvanli-listed", "name": "Zorvanlı", "aliases": "Zorvanli"},
    ]
    with (tmp_path / LISTED_FILE).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=PLACE_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    **row,
                    "kind": "populated place",
                    "lat": "39.76",
                    "lon": "46.75",
                    "country": "AZ",
                    "parent": "az-shusha-district",
                    "population": "",
                    "source": f"{LISTED_SOURCE}https://example.org/list; located at its district",
                }
            )
    layer = curated_layer(tmp_path)
    assert layer.get("curated:az-zorvanli-listed") is not None
    assert layer.get("curated:az-shusha-listed") is None


def test_the_listed_file_is_what_the_tool_writes_from_the_lists() -> None:
    rows, listed, written = list_villages.build()
    on_disk = read_places_csv(settings.gazetteer_dir / LISTED_FILE, layer="curated")
    assert [f"curated:{r['id']}" for r in rows] == [p.place_id for p in on_disk]
    assert sum(written.values()) == len(on_disk)
    assert all(written[d] <= listed[d] for d in listed)


def test_a_syunik_municipality_village_is_located_at_the_province(parser: Geoparser) -> None:
    found = _names(parser, "Azerbaijani fire hit Khoznavar and Shikahogh near Kapan overnight.")
    for surface in ("Khoznavar", "Shikahogh"):
        mention = found[surface]
        assert mention.located_at is not None
        assert mention.located_at.place_id == "curated:am-syunik"
        assert mention.geo_precision == 2


def test_a_village_named_after_a_person_is_not_taken_for_the_person(parser: Geoparser) -> None:
    found = _names(parser, "Shells fell near Kapan; a square in Goris is named for Nzhdeh.")
    assert "Nzhdeh" not in found or found["Nzhdeh"].place is None


def test_an_inflected_listed_name_takes_the_namesake_of_the_district_its_sentence_names(parser: Geoparser) -> None:
    # Gubadli and Tovuz both list a Qaralar; the locative "Qaralarda" has the namesakes of "Qaralar".
    found = _names(parser, "Koxanəbi kəndində və Qaralarda atəş səsləri eşidilib, Tovuz rayonu.")
    mention = found["Qaralarda"]
    assert _ids(mention) == ("curated:az-qaralar-tovuz", "curated:az-tovuz-district")


@pytest.mark.parametrize(
    ("text", "villages", "province"),
    [
        (
            "Azerbaijani forces fired on Berkaber, Kirants and Acharkut in Tavush, the Armenian ministry said.",
            "Berkaber Kirants Acharkut",
            "tavush",
        ),
        (
            "Residents of Lchkadzor and Deghdzavan in Tavush province woke to gunfire.",
            "Lchkadzor Deghdzavan",
            "tavush",
        ),
        ("Shots were fired at Tretuk and Norabak near Vardenis overnight.", "Tretuk Norabak", "gegharkunik"),
    ],
)
def test_a_village_of_a_tavush_or_gegharkunik_community_is_located_at_the_province(
    parser: Geoparser, text: str, villages: str, province: str
) -> None:
    found = _names(parser, text)
    for surface in villages.split():
        mention = found[surface]
        assert _listed(mention), surface
        assert mention.located_at is not None
        assert mention.located_at.place_id == f"curated:am-{province}", surface
        assert mention.geo_precision == 2


def _listed(mention: Mention) -> bool:
    return mention.place is not None and mention.place.source.startswith(LISTED_SOURCE)


@pytest.mark.parametrize(
    "text",
    ["The Pambak range rises above Vardenis and Sotk.", "Fish were stocked in the Kurakchay river near Goranboy."],
)
def test_a_listed_name_before_a_word_for_a_natural_feature_is_not_the_village(parser: Geoparser, text: str) -> None:
    assert not [m for m in _names(parser, text).values() if _listed(m)]


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Shelling hit Soyudlu and Daryurd of the Gadabay district.", "gadabay"),
        ("Sappers cleared Söyüdlü and Qumlaq in the Jabrayil district.", "jabrayil"),
    ],
)
def test_a_name_two_district_lists_share_goes_to_the_district_its_sentence_names(
    parser: Geoparser, text: str, district: str
) -> None:
    mention = next(m for m in _names(parser, text).values() if m.surface in {"Soyudlu", "Söyüdlü"})
    assert mention.located_at is not None
    assert mention.located_at.place_id == f"curated:az-{district}-district"


def test_shelling_of_a_list_of_front_line_villages_gives_one_event_at_each(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    report = make_report(
        "The Armenian armed forces shelled the villages of Koxanəbi, Qaralar and Əsrik Cırdaxan of the Tovuz "
        "district overnight, the Defence Ministry said."
    )
    events = {e.surface: e for e in extract_events(report, parser)}
    for surface, row in [("Koxanəbi", "koxanabi"), ("Qaralar", "qaralar"), ("Əsrik Cırdaxan", "asrik-cirdaxan")]:
        event = events[surface]
        assert event.place is not None
        assert event.place.place_id == f"curated:az-{row}-tovuz"
        assert event.geo_precision == 2


def test_two_pages_spelling_a_districts_village_differently_give_one_row(parser: Geoparser) -> None:
    # qazax.net writes "Aslanbeyli", a news report "Aslanbəyli": one village of the Gazakh district.
    rows, _, _ = list_villages.build()
    assert [r["id"] for r in rows if r["id"].startswith("az-aslanb")] == ["az-aslanbeyli-gazakh"]
    mention = _names(parser, "Qazax rayonunun Aslanbəyli kəndi ərazisinə yanğın keçib.")["Aslanbəyli"]
    assert _ids(mention) == ("curated:az-aslanbeyli-gazakh", "curated:az-gazakh-district")


def test_a_listed_village_geonames_has_just_outside_the_province_keeps_the_geonames_point(parser: Geoparser) -> None:
    # Noyemberyan's page lists Bagratashen, which lies just outside Tavush's simplified outline: GeoNames has it.
    rows, _, _ = list_villages.build()
    assert not [r for r in rows if r["name"] == "Bagratashen"]
    found = _names(parser, "Residents of Bagratashen and Lchkadzor in Tavush province woke to gunfire.")
    mention = found["Bagratashen"]
    assert mention.place is not None
    assert mention.place.place_id == "geonames:616828"
