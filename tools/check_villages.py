"""Check ``gazetteer/villages.csv``, the villages of the conflict zone read from cited pages.

Each row was transcribed by hand from the infobox of the page its ``source`` names (an
encyclopedia article or a copy of one). The checks:

- the file reads as the curated layer reads it (columns, numbers, ``|``-separated aliases);
- ids are unique, within the file and against ``places.csv`` and ``settlements.csv``;
- every row is a ``populated place`` whose ``parent`` is a unit of ``places.csv`` with a
  polygon in ``gazetteer/boundaries/`` (a district, or one of Armenia's provinces such as
  ``am-syunik``: Armenia has no districts, its provinces are ``region`` rows), and whose point
  lies inside that polygon or within ``NEAR_KM`` of it (exclaves and border villages sit just
  outside the simplified outlines);
- every ``source`` cites a page: ``Wikipedia "<page>" infobox (...), <url>``;
- no name or alias is an ordinary English word (the curated layer is scanned without the
  geoparser's common-word test), by the rule ``tools/import_settlements.py`` applies;
- no row repeats a place of ``places.csv`` or ``settlements.csv`` (the same name or alias
  within ``SAME_PLACE_KM``).

Prints one line per problem and, per parent unit, how many rows lie inside its polygon and how
many only near it; exits 1 when there is a problem.

Run: ``.venv/bin/python tools/check_villages.py``
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import shapely
import shapely.ops

from geomap.gazetteer import names
from geomap.gazetteer.boundaries import boundary
from geomap.gazetteer.layerfiles import read_places_csv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_settlements import _common

REPO = Path(__file__).resolve().parent.parent
GAZETTEER = REPO / "gazetteer"
NEAR_KM = 10.0
SAME_PLACE_KM = 5.0
_SOURCE = re.compile(r'^Wikipedia "[^"]+" infobox( \([^)]*\))?, https?://\S+$')


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    d = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return float(2 * 6371.0 * np.arcsin(np.sqrt(d)))


def _rows(name: str) -> list[dict[str, str]]:
    with (GAZETTEER / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _names(row: dict[str, str]) -> list[str]:
    return [n for n in [row["name"], *row["aliases"].split("|")] if n]


def _parent_kind(row: dict[str, str]) -> bool:
    """A row a village may name as parent: a district, or a province of Armenia (``am-syunik``)."""
    return row["kind"] == "district" or (row["kind"] == "region" and row["country"] == "AM")


def problems() -> tuple[list[str], Counter[str], Counter[str]]:
    """The problems of ``villages.csv``, and per parent the rows inside and only near its polygon."""
    read_places_csv(GAZETTEER / "villages.csv", layer="curated")
    rows = _rows("villages.csv")
    others = _rows("places.csv") + _rows("settlements.csv")
    districts = {r["id"] for r in _rows("places.csv") if _parent_kind(r)}
    found: list[str] = []
    inside: Counter[str] = Counter()
    near: Counter[str] = Counter()
    taken = Counter(r["id"] for r in rows)
    known = {r["id"] for r in others}
    for row in rows:
        rid, lon, lat = row["id"], float(row["lon"]), float(row["lat"])
        if taken[rid] > 1 or rid in known:
            found.append(f"{rid}: id not unique")
        if row["kind"] != "populated place":
            found.append(f"{rid}: kind {row['kind']!r}, not 'populated place'")
        if not _SOURCE.match(row["source"]):
            found.append(f"{rid}: source does not cite a page: {row['source']!r}")
        found.extend(f"{rid}: {n!r} is an ordinary English word" for n in _names(row) if _common(n))
        unit = boundary(f"curated:{row['parent']}") if row["parent"] in districts else None
        if unit is None:
            found.append(f"{rid}: parent {row['parent']!r} is no district or province with a polygon")
            continue
        point = shapely.Point(lon, lat)
        if unit.geometry.contains(point):
            inside[row["parent"]] += 1
        else:
            edge = shapely.ops.nearest_points(unit.geometry, point)[0]
            km = _km(lon, lat, edge.x, edge.y)
            near[row["parent"]] += 1
            if km > NEAR_KM:
                found.append(f"{rid}: {km:.1f} km outside {row['parent']}")
        keys = {names.loose_key(n) for n in _names(row)}
        found.extend(
            f"{rid}: same place as {other['id']}"
            for other in others
            if keys & {names.loose_key(n) for n in _names(other)}
            and _km(lon, lat, float(other["lon"]), float(other["lat"])) <= SAME_PLACE_KM
        )
    return found, inside, near


def main() -> None:
    found, inside, near = problems()
    for line in found:
        print(line)
    print("| parent | rows inside its polygon | rows just outside it (<= 10 km) |")
    print("|---|---|---|")
    for parent in sorted(inside.keys() | near.keys()):
        print(f"| `{parent}` | {inside[parent]} | {near[parent]} |")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
