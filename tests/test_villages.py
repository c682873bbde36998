"""The conflict zone's villages read from cited pages (gazetteer/villages.csv)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.gazetteer import read_places_csv

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer
    from geomap.gazetteer.places import Place
    from geomap.geoparse import Geoparser

REPO = Path(__file__).resolve().parent.parent


def _villages() -> dict[str, Place]:
    rows = read_places_csv(settings.gazetteer_dir / "villages.csv", layer="curated")
    return {p.place_id: p for p in rows}


def test_the_curated_layer_carries_every_village(curated: Gazetteer) -> None:
    rows = _villages()
    assert len(rows) >= 60
    assert all(curated.get(pid) == p for pid, p in rows.items())


def test_the_village_file_passes_its_checks() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "check_villages.py")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout


# Each case: a text, then "surface=row id" for every village it names.
LISTS = [
    (
        "Baku said its troops had retaken Shukurbayli, Charakan, Horovlu and Karkhulu in the Jabrayil district.",
        "Shukurbayli=az-shukurbayli Charakan=az-charakan Horovlu=az-horovlu Karkhulu=az-karxulu",
    ),
    (
        "Shelling hit Dordchinar, Kurdlar, Garghabazar and Juvarli of the Fuzuli district on Monday.",
        "Dordchinar=az-dordchinar Kurdlar=az-kurdlar Garghabazar=az-qarghabazar Juvarli=az-cuvarli",
    ),
    (
        "The villages of Mughanli, Sharifan and Mammadbayli in Zangilan were cleared of mines.",
        "Mughanli=az-mughanli Sharifan=az-sharifan Mammadbayli=az-mammadbayli",
    ),
    (
        "Fighting moved to Muradkhanli, Ishigly and Garakishiler of the Gubadli district.",
        "Muradkhanli=az-muradxanli Ishigly=az-ishiqli Garakishiler=az-qarakishilar",
    ),
    (
        "Sappers finished clearing Gazanchi, Garadara and Dara Gilatagh of the Zangilan district.",
        "Gazanchi=az-qazanchi Garadara=az-qaradara Dara_Gilatagh=az-dara-gilatagh",
    ),
    (
        "Families returned to Novruzlu and Yusifjanli in the Aghdam district and to Balyand in Jabrayil.",
        "Novruzlu=az-novruzlu Yusifjanli=az-yusifcanli Balyand=az-balyand",
    ),
    (
        "Power lines reached Balasoltanli and Garaaghaj of Gubadli and Gulabird and Ardushlu of Lachin.",
        "Balasoltanli=az-balasoltanli Garaaghaj=az-qaraaghac Gulabird=az-gulabird Ardushlu=az-ardushlu",
    ),
    (
        "Shelling was reported near Chartar of Khojavend, Aygestan of Khojaly and Malibeyli of Shusha.",
        "Chartar=nk-chartar Aygestan=nk-aygestan Malibeyli=nk-malibayli",
    ),
    (
        "Clashes were reported at Gishi and Nngi in Khojavend and at Sarushen and Sarnaghbyur in Khojaly.",
        "Gishi=nk-kish Nngi=nk-nngi Sarushen=nk-sarushen Sarnaghbyur=nk-sarnaghbyur",
    ),
    (
        "Columns crossed Soltanli, Gumlag and Sheybey of Jabrayil after taking Khalafsha and Zargar near Fuzuli.",
        "Soltanli=az-soltanli Gumlag=az-qumlaq Sheybey=az-shaybay Khalafsha=az-xalafsha Zargar=az-zargar",
    ),
    # Armenian-side names of villages with an Azerbaijani name.
    (
        "Residents of Taghavard, Mokhrenes and Kyuratagh were taken to Stepanakert by bus.",
        "Taghavard=nk-taghaverd Mokhrenes=nk-susanliq Kyuratagh=nk-dudukchu",
    ),
    (
        "Buses left Zaghkaberd, Dashushen and Levonarkh before the road closed.",
        "Zaghkaberd=az-gulabird Dashushen=nk-dashushen Levonarkh=nk-goyarx",
    ),
    # A village the Tartar list carried at its district's point, now at its page's point.
    ("Both sides claimed Seysulan after the night's fighting near Tartar.", "Seysulan=az-seysulan"),
    (
        "Sappers reached Khanlig and Dondarli in Gubadli and Malatkeshin in Zangilan.",
        "Khanlig=az-xanliq Dondarli=az-dondarli Malatkeshin=az-malatkeshin",
    ),
    # Border villages of Tovuz and Gazakh whose pages give a point; Gushchu Ayrum is the Gazakh list's spelling.
    (
        "Azerbaijani troops returned fire after Duz Jirdakhan and Ayyublu in the Tovuz district came under attack.",
        "Duz_Jirdakhan=az-duz-cirdaxan Ayyublu=az-ayyublu",
    ),
    (
        "Sniper fire was reported near Gushchu Ayrum, Abbasbeyli and Kemerli of the Gazakh district.",
        "Gushchu_Ayrum=az-qushchu-ayrim Abbasbeyli=az-abbasbayli Kemerli=az-kamarli",
    ),
    # Goranboy and Kalbajar villages whose pages give a point; Shurakend is Abbasqulular's name until 2002.
    (
        "Drone debris fell between Gurzallar and Shurakend of the Goranboy district, the police said.",
        "Gurzallar=az-gurzallar Shurakend=az-abbasqulular",
    ),
    ("Goranboy rayonunun Gürzallar və Abbasqulular kəndlərində evlər zədələnib.", "Gürzallar=az-gurzallar"),
    (
        "Shelling reached Safikurd of Goranboy and Goyabakhan, a Tovuz hamlet below the border ridge.",
        "Safikurd=az-safikurd Goyabakhan=az-goyabaxan",
    ),
    (
        "Sappers cleared the road from Kalbajar to Allikend before the first families moved back.",
        "Allikend=az-alikend-kalbajar",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_each_village_a_text_names_resolves_to_its_row(parser: Geoparser, text: str, expected: str) -> None:
    wanted = dict(pair.replace("_", " ").split("=") for pair in expected.split())
    found = {m.surface: m.place.place_id for m in parser.parse(text) if m.surface in wanted and m.place is not None}
    assert found == {surface: f"curated:{row_id}" for surface, row_id in wanted.items()}


def test_a_village_knows_the_district_it_belongs_to() -> None:
    rows = _villages()
    assert rows["curated:nk-sighnaq"].parent == "curated:az-khojaly-district"
    assert rows["curated:az-karxulu"].parent == "curated:az-jabrayil-district"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Снаряды упали в Тертере, Геранбое и Бейлагане.",
            "Тертере=az-tartar Геранбое=az-goranboy Бейлагане=az-beylagan",
        ),
        ("В Кедабеке и Дашкесане слышны взрывы.", "Кедабеке=az-gadabay Дашкесане=az-dashkasan"),
        ("Gədəbəydə və Daşkəsəndə partlayışlar eşidilib.", "Gədəbəydə=az-gadabay Daşkəsəndə=az-dashkasan"),
        ("Tərtərə və Goranboya mərmilər düşüb.", "Tərtərə=az-tartar Goranboya=az-goranboy"),
    ],
)
def test_a_front_line_town_is_found_in_its_russian_and_azerbaijani_cases(
    parser: Geoparser, text: str, expected: str
) -> None:
    wanted = dict(pair.split("=") for pair in expected.split())
    found = {m.surface: m.place.place_id for m in parser.parse(text) if m.surface in wanted and m.place is not None}
    assert found == {surface: f"curated:{row_id}" for surface, row_id in wanted.items()}
