"""Derive approximate polygons for the war years' units that geoBoundaries does not have.

Writes ``gazetteer/boundaries/derived-karabakh-units.geojson`` with two features:

- ``Aghdara District (approximate)``: the NKAO's Mardakert district, abolished by Azerbaijan in
  1991 and split between the Tartar and Kalbajar districts. Its polygon is the convex hull of the
  curated villages that lay in it, buffered by 12 km and clipped to the Tartar and Kalbajar
  District polygons of geoBoundaries AZE ADM2.
- ``Nagorno-Karabakh Autonomous Oblast (approximate)``: the union of the AZE ADM2 units the
  former oblast's territory now lies in (Khankendi City, Khojaly, Shusha District and City,
  Khojavend) and the derived Aghdara polygon.

Both are marked ``approximate`` and say how they were made. Only data is read: the geoBoundaries
file and ``gazetteer/places.csv``.

Run: ``.venv/bin/python tools/derive_boundaries.py``
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import shapely

from geomap import crs
from geomap.export import atomic_write

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "gazetteer" / "boundaries"
ADM2 = "geoBoundaries-AZE-ADM2_simplified.geojson"
# Villages of the NKAO's Mardakert district with curated coordinates (places.csv ids).
MARDAKERT = ("nk-martakert", "nk-talish", "nk-sugovushan", "nk-drmbon", "nk-vaghuhas", "nk-haterk", "nk-vank")
BUFFER_KM = 12.0
NKAO_UNITS = ("Khankendi City", "Khojaly District", "Shusha District", "Shusha City", "Khojavend District")
SOURCE = "derived by geomap from geoBoundaries AZE ADM2 (CC BY-SA 3.0) and gazetteer/places.csv"


def _adm2() -> dict[str, shapely.Geometry]:
    data = json.loads((FOLDER / ADM2).read_text(encoding="utf-8"))
    return {f["properties"]["shapeName"]: shapely.geometry.shape(f["geometry"]) for f in data["features"]}


def _points(ids: tuple[str, ...]) -> shapely.Geometry:
    with (REPO / "gazetteer" / "places.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    return shapely.multipoints([(float(rows[i]["lon"]), float(rows[i]["lat"])) for i in ids])


def _feature(name: str, shape_id: str, geometry: shapely.Geometry, method: str) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {
            "shapeName": name,
            "shapeID": shape_id,
            "shapeGroup": "AZE",
            "shapeType": "derived",
            "Level": "ADM2",
            "approximate": True,
            "method": method,
            "source": SOURCE,
        },
        "geometry": shapely.geometry.mapping(shapely.set_precision(geometry, 1e-5)),
    }


def main() -> None:
    adm2 = _adm2()
    hull = shapely.convex_hull(_points(MARDAKERT))
    clip = shapely.union_all([adm2["Tartar District"], adm2["Kalbajar District"]])
    aghdara = shapely.intersection(crs.buffer_km([hull], BUFFER_KM)[0], clip)
    nkao = shapely.union_all([*(adm2[n] for n in NKAO_UNITS), aghdara])
    features = [
        _feature(
            "Aghdara District (approximate)",
            "DERIVED-AZE-AGHDARA",
            aghdara,
            f"approximate: convex hull of {len(MARDAKERT)} villages of the former Mardakert district "
            f"({', '.join(MARDAKERT)}), buffered by {BUFFER_KM:g} km, clipped to geoBoundaries' Tartar and "
            "Kalbajar districts, which the district was split between in 1991",
        ),
        _feature(
            "Nagorno-Karabakh Autonomous Oblast (approximate)",
            "DERIVED-AZE-NKAO",
            nkao,
            f"approximate: union of geoBoundaries' {', '.join(NKAO_UNITS)} and the derived Aghdara District",
        ),
    ]
    areas = crs.area_km2([aghdara, nkao])
    for feature, km2 in zip(features, areas, strict=True):
        print(feature["properties"]["shapeName"], f"{km2:,.0f} km²")
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    atomic_write(FOLDER / "derived-karabakh-units.geojson", lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))


if __name__ == "__main__":
    main()
