"""Gazetteer files: the curated layer, user layers, and importing them.

``gazetteer/places.csv`` (places), ``routes.csv`` (road waypoints) and
``demonyms.csv`` make the curated layer; CSV and GeoJSON files a user imports
become ``user:<name>`` layers, GeoNames dumps ``geonames:<name>`` layers.
Every bad row is reported with its file and line.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely

from geomap import settings
from geomap.errors import GazetteerError, GeoJSONError
from geomap.geonames import read_geonames_dump
from geomap.layers import IndexedLayer, MemoryLayer
from geomap.places import Layer, Place

__all__ = [
    "curated_layer",
    "import_layer",
    "installed_layers",
    "read_demonyms",
    "read_places_csv",
    "read_places_geojson",
    "user_layers_dir",
]


PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon", "country", "parent", "population", "aliases", "source")


def _float(value: str, column: str, path: Path, line: int) -> float:
    try:
        return float(value)
    except ValueError:
        msg = f"column {column!r} must be a number, got {value!r}"
        raise GazetteerError(msg, path=path, line=line) from None


def _place_from_record(record: dict[str, str], *, layer: str, path: Path, line: int) -> Place:
    missing = [c for c in ("id", "name", "lat", "lon") if not (record.get(c) or "").strip()]
    if missing:
        msg = f"missing value for {', '.join(missing)}"
        raise GazetteerError(msg, path=path, line=line)
    if not (record.get("source") or "").strip():
        msg = "every place needs a 'source' saying where its coordinates came from"
        raise GazetteerError(msg, path=path, line=line)
    population = (record.get("population") or "0").strip() or "0"
    try:
        return Place(
            place_id=f"{layer}:{record['id'].strip()}",
            name=record["name"].strip(),
            kind=(record.get("kind") or "populated place").strip(),
            lat=_float(record["lat"], "lat", path, line),
            lon=_float(record["lon"], "lon", path, line),
            layer=layer,
            source=record["source"].strip(),
            country=(record.get("country") or "").strip().upper(),
            parent=f"{layer}:{record['parent'].strip()}" if (record.get("parent") or "").strip() else "",
            population=int(_float(population, "population", path, line)),
            aliases=tuple(a.strip() for a in (record.get("aliases") or "").split("|") if a.strip()),
        )
    except GazetteerError as exc:
        if exc.path is None:
            raise GazetteerError(str(exc), path=path, line=line) from exc
        raise


def read_places_csv(path: str | Path, *, layer: str) -> list[Place]:
    """Read places from a CSV with the columns of ``gazetteer/places.csv``.

    Only ``id``, ``name``, ``lat``, ``lon`` and ``source`` are required.

    Raises
    ------
    GazetteerError
        On a missing file, missing columns, or a bad row (naming its line).
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"id", "name", "lat", "lon", "source"} - set(reader.fieldnames or ())
            if missing:
                msg = f"CSV lacks the column(s) {', '.join(sorted(missing))}"
                raise GazetteerError(msg, path=path, line=1)
            places = [_place_from_record(rec, layer=layer, path=path, line=reader.line_num) for rec in reader]
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read gazetteer file: {exc}"
        raise GazetteerError(msg, path=path) from exc
    ids = [p.place_id for p in places]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        msg = f"duplicate ids: {', '.join(dupes)}"
        raise GazetteerError(msg, path=path)
    return places


def _read_routes(path: Path, places: list[Place]) -> list[Place]:
    """Attach the waypoints of ``routes.csv`` to their road places."""
    if not path.exists():
        return places
    lines: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            try:
                lines[f"curated:{rec['route_id'].strip()}"].append(
                    (int(rec["seq"]), float(rec["lon"]), float(rec["lat"]))
                )
            except (KeyError, ValueError) as exc:
                msg = f"bad route waypoint: {exc}"
                raise GazetteerError(msg, path=path, line=reader.line_num) from exc
    by_id = {p.place_id: p for p in places}
    unknown = sorted(set(lines) - set(by_id))
    if unknown:
        msg = f"routes for ids that places.csv does not have: {', '.join(unknown)}"
        raise GazetteerError(msg, path=path)
    out = []
    for place in places:
        points = lines.get(place.place_id)
        if points:
            ordered = tuple((lon, lat) for _, lon, lat in sorted(points))
            place = Place(**{**{f: getattr(place, f) for f in Place.__slots__}, "line": ordered})  # noqa: PLW2901
        out.append(place)
    return out


def read_places_geojson(path: str | Path, *, layer: str) -> list[Place]:  # noqa: C901
    """Read places from a GeoJSON FeatureCollection.

    Each feature needs ``properties.name`` and ``properties.source``; ``id``,
    ``kind``, ``aliases`` (list or ``|``-separated), ``country``,
    ``population`` are optional. Points give the coordinates; LineStrings
    become roads (their waypoints kept); polygons give their representative
    point.

    Raises
    ------
    GeoJSONError
        If the file is not JSON, not a FeatureCollection, or a feature is
        unusable (naming the feature's index).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read GeoJSON file: {exc}"
        raise GeoJSONError(msg, path=path) from exc
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise GeoJSONError(msg, path=path, line=exc.lineno) from exc
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        msg = "expected a GeoJSON FeatureCollection with a 'features' list"
        raise GeoJSONError(msg, path=path)
    places = []
    for i, feature in enumerate(data["features"]):
        where = f"feature {i}"
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or not isinstance(geometry, dict):
            msg = f"{where} has no properties or geometry object"
            raise GeoJSONError(msg, path=path)
        try:
            geom = shapely.geometry.shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.ShapelyError) as exc:
            msg = f"{where} has an unreadable geometry: {exc}"
            raise GeoJSONError(msg, path=path) from exc
        if geom.is_empty:
            msg = f"{where} has an empty geometry"
            raise GeoJSONError(msg, path=path)
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            msg = f"{where} has a coordinate that is not a finite number"
            raise GeoJSONError(msg, path=path)
        point = (
            geom.representative_point() if geom.geom_type != "LineString" else geom.interpolate(0.5, normalized=True)
        )
        aliases = props.get("aliases") or []
        if isinstance(aliases, str):
            aliases = aliases.split("|")
        record = {
            "id": str(props.get("id") or feature.get("id") or i),
            "name": str(props.get("name") or ""),
            "kind": str(props.get("kind") or ("road" if geom.geom_type == "LineString" else "populated place")),
            "lat": str(point.y),
            "lon": str(point.x),
            "country": str(props.get("country") or ""),
            "parent": str(props.get("parent") or ""),
            "population": str(props.get("population") or 0),
            "aliases": "|".join(map(str, aliases)),
            "source": str(props.get("source") or ""),
        }
        try:
            place = _place_from_record(record, layer=layer, path=path, line=0)
        except GazetteerError as exc:
            msg = f"{where}: {str(exc).split(': ', 2)[-1]}"
            raise GeoJSONError(msg, path=path) from exc
        if geom.geom_type == "LineString":
            place = Place(**{**{f: getattr(place, f) for f in Place.__slots__}, "line": tuple(geom.coords)})
        places.append(place)
    return places


def user_layers_dir() -> Path:
    """Where imported user layers are installed (``settings.user_layers_dir``, else under the cache)."""
    return settings.cache_dir / "layers" if settings.user_layers_dir is None else settings.user_layers_dir


def import_layer(path: str | Path, *, name: str | None = None) -> tuple[str, int]:
    """Validate a user gazetteer file and install it as a layer for later runs.

    CSV and GeoJSON files become ``user:<name>`` layers; GeoNames dump files
    (``.txt``) become ``geonames:<name>`` indexed layers.

    Returns
    -------
    tuple of str and int
        The layer's name and its number of places.
    """
    path = Path(path)
    stem = name or path.stem.lower()
    target = user_layers_dir()
    target.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        layer = IndexedLayer.build(f"geonames:{stem}", read_geonames_dump(path), target / f"geonames-{stem}")
        return layer.name, len(layer)
    if suffix == ".csv":
        places = read_places_csv(path, layer=f"user:{stem}")
    elif suffix in {".geojson", ".json"}:
        places = read_places_geojson(path, layer=f"user:{stem}")
    else:
        msg = f"unknown gazetteer format {suffix!r}: give a .csv, .geojson or GeoNames dump .txt file"
        raise GazetteerError(msg, path=path)
    if not places:
        msg = "no places in file"
        raise GazetteerError(msg, path=path)
    dest = target / f"user-{stem}{'.csv' if suffix == '.csv' else '.geojson'}"
    fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{dest.name}-")
    os.close(fd)
    shutil.copyfile(path, tmp)
    Path(tmp).replace(dest)
    return f"user:{stem}", len(places)


def installed_layers() -> list[Layer]:
    """The user layers installed by :func:`import_layer`, in name order."""
    folder = user_layers_dir()
    if not folder.is_dir():
        return []
    layers: list[Layer] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() and path.name.startswith("geonames-") and (path / "rows.jsonl").exists():
            layers.append(IndexedLayer(f"geonames:{path.name.removeprefix('geonames-')}", path))
        elif path.suffix == ".csv":
            stem = path.stem.removeprefix("user-")
            layers.append(MemoryLayer(f"user:{stem}", read_places_csv(path, layer=f"user:{stem}")))
        elif path.suffix == ".geojson":
            stem = path.stem.removeprefix("user-")
            layers.append(MemoryLayer(f"user:{stem}", read_places_geojson(path, layer=f"user:{stem}")))
    return layers


def read_demonyms(path: Path) -> dict[str, str]:
    """``demonyms.csv``: adjective -> the name of the country it stands for (Russian -> Russia)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            return {rec["demonym"].strip(): rec["country"].strip() for rec in reader}
        except (KeyError, AttributeError) as exc:
            msg = "demonyms.csv needs the columns demonym and country"
            raise GazetteerError(msg, path=path, line=reader.line_num) from exc


def curated_layer(folder: Path | None = None) -> MemoryLayer:
    """The curated layer from ``places.csv``, ``settlements.csv`` (when present) and ``routes.csv`` in ``folder``.

    Raises
    ------
    GazetteerError
        If an id of ``settlements.csv`` is also in ``places.csv``.
    """
    folder = settings.gazetteer_dir if folder is None else folder
    places = read_places_csv(folder / "places.csv", layer="curated")
    if (folder / "settlements.csv").exists():
        imported = read_places_csv(folder / "settlements.csv", layer="curated")
        clash = sorted({p.place_id for p in places} & {p.place_id for p in imported})
        if clash:
            msg = f"ids also in places.csv: {', '.join(clash)}"
            raise GazetteerError(msg, path=folder / "settlements.csv")
        places += imported
    return MemoryLayer("curated", _read_routes(folder / "routes.csv", places))
