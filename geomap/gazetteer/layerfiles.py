"""Gazetteer files: reading and checking the curated layer, user files and GeoNames dumps.

``gazetteer/places.csv`` (places), ``routes.csv`` (road waypoints) and
``demonyms.csv`` make the curated layer; CSV and GeoJSON files a user imports
become ``user:<name>`` layers, GeoNames dumps ``geonames:<name>`` layers
(installed by :mod:`geomap.gazetteer.layerinstall`). Every row is checked and every bad
one reported with its file and line (:mod:`geomap.gazetteer.placerows`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from geomap import settings
from geomap.errors import GazetteerError, GeoJSONError
from geomap.gazetteer import indexcache, names
from geomap.gazetteer.geonames import DumpProblem, dump_row
from geomap.gazetteer.layers import MemoryLayer
from geomap.gazetteer.placerows import RowCheck
from geomap.gazetteer.places import Place

__all__ = [
    "check_geonames_dump",
    "check_places_csv",
    "check_places_geojson",
    "curated_layer",
    "read_demonyms",
    "read_places_csv",
    "read_places_geojson",
]


PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon", "country", "parent", "population", "aliases", "source")
#: How the ``source`` of a row of ``listed_villages.csv`` begins: a village a district's page lists by name,
#: located at its district (the geoparser gives its mentions geo-precision 2).
LISTED_SOURCE = "listed on "
LISTED_FILE = "listed_villages.csv"


def _decode(data: bytes, path: Path) -> str:
    """``data`` as UTF-8 text (a byte order mark dropped); a non-UTF-8 file is one error naming its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); convert it to UTF-8 first"
        raise GazetteerError(msg, path=path, line=line) from None


def _read_bytes(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        msg = f"cannot read {what}: {exc.strerror or exc}"
        raise GazetteerError(msg, path=path) from None


def check_places_csv(path: str | Path, *, layer: str) -> RowCheck:
    """Check every row of a places CSV; the :class:`.placerows.RowCheck` holds good places and problems.

    Raises
    ------
    GazetteerError
        If the file cannot be read, is not UTF-8 CSV, or lacks a required column.
    """
    path = Path(path)
    text = _decode(_read_bytes(path, "gazetteer file"), path)
    check = RowCheck(path, layer=layer)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        missing = {"id", "name", "lat", "lon", "source"} - set(reader.fieldnames or ())
        if missing:
            msg = f"CSV lacks the column(s) {', '.join(sorted(missing))}"
            raise GazetteerError(msg, path=path, line=1)
        for record in reader:
            if None in record:
                check.problem("row has more fields than the header", line=reader.line_num)
                continue
            check.add_record(record, line=reader.line_num)
    except csv.Error as exc:
        msg = f"not a readable CSV: {exc}"
        raise GazetteerError(msg, path=path, line=reader.line_num) from None
    return check


def read_places_csv(path: str | Path, *, layer: str) -> list[Place]:
    """Read places from a CSV with the columns of ``gazetteer/places.csv``.

    Only ``id``, ``name``, ``lat``, ``lon`` and ``source`` are required.

    Raises
    ------
    GazetteerError
        On a missing file, missing columns, or bad rows (a
        :class:`~geomap.errors.GazetteerRowsError` naming each one's line).
    """
    check = check_places_csv(path, layer=layer)
    check.result()
    return check.places


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


def _feature_record(feature: object, index: int, check: RowCheck) -> None:
    """Check one GeoJSON feature and add it to ``check``."""
    import numpy as np  # noqa: PLC0415 - only imports need geometry; finding places in a text does not
    import shapely  # noqa: PLC0415

    props = feature.get("properties") if isinstance(feature, dict) else None
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(props, dict) or not isinstance(geometry, dict):
        check.problem("has no properties or geometry object", feature=index)
        return
    ident = props.get("id")
    if ident is None and isinstance(feature, dict):
        ident = feature.get("id")
    ident = index if ident is None else ident
    try:
        geom = shapely.geometry.shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError, shapely.errors.ShapelyError) as exc:
        check.problem(f"has an unreadable geometry: {str(exc)[:200]}", feature=index, ident=str(ident))
        return
    if geom.is_empty:
        check.problem("has an empty geometry", feature=index, ident=str(ident))
        return
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        check.problem("has a coordinate that is not a finite number", feature=index, ident=str(ident))
        return
    line = geom.geom_type == "LineString"
    point = geom.interpolate(0.5, normalized=True) if line else geom.representative_point()
    record = {**props, "id": ident, "lat": point.y, "lon": point.x}
    check.add_record(record, feature=index, waypoints=tuple(geom.coords) if line else None)


def check_places_geojson(path: str | Path, *, layer: str) -> RowCheck:
    """Check every feature of a GeoJSON FeatureCollection; see :func:`read_places_geojson`.

    Raises
    ------
    GeoJSONError
        If the file cannot be read, is not JSON, is nested too deeply, or is
        not a FeatureCollection.
    """
    path = Path(path)
    try:
        data = json.loads(_decode(_read_bytes(path, "GeoJSON file"), path))
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise GeoJSONError(msg, path=path, line=exc.lineno) from None
    except RecursionError:
        msg = "JSON is nested too deeply to be GeoJSON"
        raise GeoJSONError(msg, path=path) from None
    except GazetteerError as exc:
        raise GeoJSONError(exc.reason, path=exc.path, line=exc.line) from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        msg = "expected a GeoJSON FeatureCollection with a 'features' list"
        raise GeoJSONError(msg, path=path)
    check = RowCheck(path, layer=layer)
    for index, feature in enumerate(data["features"]):
        _feature_record(feature, index, check)
    return check


def read_places_geojson(path: str | Path, *, layer: str) -> list[Place]:
    """Read places from a GeoJSON FeatureCollection.

    Each feature needs ``properties.name`` and ``properties.source``; ``id``,
    ``kind``, ``aliases`` (list or ``|``-separated), ``country``,
    ``population`` are optional. Points give the coordinates; LineStrings
    become roads (their waypoints kept); polygons give their representative
    point.

    Raises
    ------
    GeoJSONError
        If the file is not JSON or not a FeatureCollection.
    GazetteerRowsError
        If features are unusable, naming each one's index.
    """
    check = check_places_geojson(path, layer=layer)
    check.result()
    return check.places


def check_geonames_dump(path: str | Path, *, layer: str, min_population: int = 0) -> RowCheck:
    """Check every line of a GeoNames dump (``XX.txt``: 19 tab-separated columns), in one streaming pass.

    Each bad line (wrong column count, not UTF-8, bad or out-of-range
    coordinates or population, a geonameid seen before) is a problem naming
    the file and line; the good rows are in ``rows``. Lines are read by
    :func:`~geomap.gazetteer.geonames.dump_row`.

    Raises
    ------
    GazetteerError
        If the file cannot be read.
    """
    path = Path(path)
    check = RowCheck(path, layer=layer)
    try:
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                found = dump_row(raw, path, min_population=min_population)
                if isinstance(found, DumpProblem):
                    check.problem(found.reason, line=number, ident=found.ident)
                elif found is not None:
                    check.add_row(found, line=number)
    except OSError as exc:
        msg = f"cannot read GeoNames dump: {exc.strerror or exc}"
        raise GazetteerError(msg, path=path) from None
    return check


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


# Files with the columns of ``places.csv`` that extend the curated layer when present, in load order.
EXTRA_PLACE_FILES = ("settlements.csv", "villages.csv")
# Bump when the compiled curated layer changes in a way the code files' status does not show.
CURATED_VERSION = "2"


def _read_curated(folder: Path) -> list[Place]:
    """The rows of the curated files of ``folder``, checked; ``listed_villages.csv`` last, without those named before.

    A point from a village's page wins over its district's point.
    """
    places = read_places_csv(folder / "places.csv", layer="curated")
    for name in (*EXTRA_PLACE_FILES, LISTED_FILE):
        if not (folder / name).exists():
            continue
        imported = read_places_csv(folder / name, layer="curated")
        if name == LISTED_FILE:
            imported = _unsourced(imported, places)
        clash = sorted({p.place_id for p in places} & {p.place_id for p in imported})
        if clash:
            msg = f"ids also in places.csv or an earlier file: {', '.join(clash)}"
            raise GazetteerError(msg, path=folder / name)
        places += imported
    return _read_routes(folder / "routes.csv", places)


def _unsourced(listed: list[Place], places: list[Place]) -> list[Place]:
    """The listed villages no row of ``places`` names: a page's coordinates win over a district's point."""
    taken = {names.loose(n) for p in places for n in (p.name, *p.aliases)}
    return [p for p in listed if not any(names.loose(n) in taken for n in (p.name, *p.aliases))]


def _status(path: Path) -> tuple[object, ...]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ino)


def _compiled_folder(folder: Path) -> Path:
    """Where the curated layer of ``folder`` is compiled: named by its files' status and the code that reads them.

    Names are keyed, flagged and indexed by these modules, so editing one of them (or a CSV) makes a new folder.
    """
    from geomap.gazetteer import layers, nameindex, names, placerows, places  # noqa: PLC0415 - already imported

    sources = [folder / n for n in ("places.csv", *EXTRA_PLACE_FILES, LISTED_FILE, "routes.csv")]
    code = [Path(m.__file__ or "") for m in (layers, nameindex, names, placerows, places)] + [Path(__file__)]
    parts = [CURATED_VERSION, *(_status(p) for p in [*sources, *code])]
    place = indexcache.fingerprint(folder.resolve())
    return settings.cache_dir / f"curated-{place}-{indexcache.fingerprint(*parts)}"


def _build_curated(folder: Path, target: Path) -> MemoryLayer:
    """Read and check the curated files of ``folder``, compile them into ``target`` atomically, drop older builds."""
    import shutil  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)
    import tempfile  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    layer = MemoryLayer("curated", _read_curated(folder))
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        layer.save(tmp)
        tmp.rename(target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not target.is_dir():
            raise
        # another command compiled the same files meanwhile: its folder is as good as this one
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    stem = target.name.rsplit("-", 1)[0]
    for old in target.parent.glob(f"{stem}-*"):
        if old != target and old.is_dir():  # the same gazetteer folder before its files (or geomap) changed
            shutil.rmtree(old, ignore_errors=True)
            (old.parent / f".{old.name}.lock").unlink(missing_ok=True)
    return layer


def curated_layer(folder: Path | None = None) -> MemoryLayer:
    """The curated layer from ``places.csv``, the ``EXTRA_PLACE_FILES`` present and ``routes.csv`` in ``folder``.

    The files are read and checked once, then compiled into a folder under
    ``settings.cache_dir`` (sealed like the GeoNames index: see
    :mod:`~geomap.gazetteer.indexcache`) that later commands open without
    parsing a row; it is compiled again when a file changes.

    Raises
    ------
    GazetteerError
        If a row is bad, or an id of ``settlements.csv``, ``villages.csv`` or ``listed_villages.csv`` is already
        in a file loaded before it.
    """
    folder = settings.gazetteer_dir if folder is None else folder
    return indexcache.open_index(
        _compiled_folder(folder), lambda f: MemoryLayer.open("curated", f), lambda f: _build_curated(folder, f)
    )
