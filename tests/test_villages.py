"""The conflict zone's villages read from cited pages (gazetteer/villages.csv)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.crs import distance_km
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Baku said its troops had retaken Shukurbayli, Charakan, Horovlu and Karkhulu in the Jabrayil district.",
            {
                "Shukurbayli": ("az-shukurbayli", 39.3169, 47.1431),
                "Charakan": ("az-charakan", 39.4114, 47.0650),
                "Horovlu": ("az-horovlu", 39.4000, 47.0947),
                "Karkhulu": ("az-karxulu", 39.3436, 47.1964),
            },
        ),
        (
            "Shelling hit Dordchinar, Kurdlar, Garghabazar and Juvarli of the Fuzuli district on Monday.",
            {
                "Dordchinar": ("az-dordchinar", 39.4619, 47.2122),
                "Kurdlar": ("az-kurdlar", 39.5414, 47.2011),
                "Garghabazar": ("az-qarghabazar", 39.5397, 47.1564),
                "Juvarli": ("az-cuvarli", 39.5664, 47.1053),
            },
        ),
        (
            "The villages of Mughanli, Sharifan and Mammadbayli in Zangilan were cleared of mines.",
            {
                "Mughanli": ("az-mughanli", 39.1572, 46.6544),
                "Sharifan": ("az-sharifan", 39.1325, 46.7992),
                "Mammadbayli": ("az-mammadbayli", 39.1600, 46.8075),
            },
        ),
        (
            "Fighting moved to Muradkhanli, Ishigly and Garakishiler of the Gubadli district.",
            {
                "Muradkhanli": ("az-muradxanli", 39.4544, 46.6264),
                "Ishigly": ("az-ishiqli", 39.3986, 46.6600),
                "Garakishiler": ("az-qarakishilar", 39.4378, 46.6281),
            },
        ),
        (
            "Sappers finished clearing Gazanchi, Garadara and Dara Gilatagh of the Zangilan district.",
            {
                "Gazanchi": ("az-qazanchi", 39.1861, 46.4344),
                "Garadara": ("az-qaradara", 39.0289, 46.6569),
                "Dara Gilatagh": ("az-dara-gilatagh", 39.1539, 46.6133),
            },
        ),
        (
            "Families returned to Novruzlu and Yusifjanli in the Aghdam district and to Balyand in Jabrayil.",
            {
                "Novruzlu": ("az-novruzlu", 39.9625, 47.0217),
                "Yusifjanli": ("az-yusifcanli", 39.9753, 47.0556),
                "Balyand": ("az-balyand", 39.4686, 47.1047),
            },
        ),
        (
            "Power lines reached Balasoltanli and Garaaghaj of Gubadli and Gulabird and Ardushlu of Lachin.",
            {
                "Balasoltanli": ("az-balasoltanli", 39.3586, 46.6797),
                "Garaaghaj": ("az-qaraaghac", 39.3944, 46.6483),
                "Gulabird": ("az-gulabird", 39.4839, 46.6100),
                "Ardushlu": ("az-ardushlu", 39.7389, 46.3486),
            },
        ),
        (
            "Shelling was reported near Chartar of Khojavend, Aygestan of Khojaly and Malibeyli of Shusha.",
            {
                "Chartar": ("nk-chartar", 39.7419, 47.0344),
                "Aygestan": ("nk-aygestan", 39.8667, 46.7500),
                "Malibeyli": ("nk-malibayli", 39.8294, 46.7933),
            },
        ),
        (
            "Clashes were reported at Gishi and Nngi in Khojavend and at Sarushen and Sarnaghbyur in Khojaly.",
            {
                "Gishi": ("nk-kish", 39.7772, 47.0225),
                "Nngi": ("nk-nngi", 39.7939, 46.8878),
                "Sarushen": ("nk-sarushen", 39.7222, 46.9056),
                "Sarnaghbyur": ("nk-sarnaghbyur", 39.8758, 46.8969),
            },
        ),
        (
            "Columns crossed Soltanli, Gumlag and Sheybey of Jabrayil after taking Khalafsha and Zargar near Fuzuli.",
            {
                "Soltanli": ("az-soltanli", 39.2583, 47.0467),
                "Gumlag": ("az-qumlaq", 39.1697, 46.9217),
                "Sheybey": ("az-shaybay", 39.3931, 47.1928),
                "Khalafsha": ("az-xalafsha", 39.5539, 47.1131),
                "Zargar": ("az-zargar", 39.6161, 47.1153),
            },
        ),
    ],
)
def test_a_list_of_villages_of_a_district_resolves_each_to_its_row(
    parser: Geoparser, text: str, expected: dict[str, tuple[str, float, float]]
) -> None:
    """Each name goes to its row, within 3 km of the point its page gives (expected: id, lat, lon)."""
    found = {m.surface: m.place for m in parser.parse(text) if m.surface in expected}
    assert found.keys() == expected.keys()
    for surface, place in found.items():
        row_id, lat, lon = expected[surface]
        assert place is not None
        assert place.place_id == f"curated:{row_id}", surface
        assert distance_km(place.lon, place.lat, lon, lat) <= 3.0, surface


def test_villages_are_found_by_their_armenian_side_names(parser: Geoparser) -> None:
    text = "Residents of Taghavard, Mokhrenes and Kyuratagh were taken to Stepanakert by bus."
    chosen = {m.surface: m.place.place_id for m in parser.parse(text) if m.place is not None}
    assert chosen["Taghavard"] == "curated:nk-taghaverd"
    assert chosen["Mokhrenes"] == "curated:nk-susanliq"
    assert chosen["Kyuratagh"] == "curated:nk-dudukchu"


def test_newly_read_villages_are_found_by_their_armenian_side_names(parser: Geoparser) -> None:
    text = "Buses left Zaghkaberd, Dashushen and Levonarkh before the road closed."
    chosen = {m.surface: m.place.place_id for m in parser.parse(text) if m.place is not None}
    assert chosen["Zaghkaberd"] == "curated:az-gulabird"
    assert chosen["Dashushen"] == "curated:nk-dashushen"
    assert chosen["Levonarkh"] == "curated:nk-goyarx"


def test_a_village_knows_the_district_it_belongs_to() -> None:
    rows = _villages()
    assert rows["curated:nk-sighnaq"].parent == "curated:az-khojaly-district"
    assert rows["curated:az-karxulu"].parent == "curated:az-jabrayil-district"
