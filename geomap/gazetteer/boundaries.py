"""Administrative polygons of the gazetteer's districts and provinces.

``gazetteer/boundaries/`` holds geoBoundaries files as published (their file
names and ``shapeName``/``shapeID`` properties kept), a GeoJSON of units
derived here for the war years' units that have no published polygon
(``derived-karabakh-units.geojson``, every feature marked approximate with
how it was made), and ``units.csv``, which ties curated place ids to
features: ``place_id``, ``file``, ``shape`` (one or more ``shapeName`` or
``shapeID`` values, ``|``-separated and joined) and ``how`` (a note). The
folder is found through ``settings.gazetteer_dir``.

Examples
--------
>>> unit = boundary("curated:az-fuzuli-district")
>>> unit.shape_names, unit.approximate
(('Fuzuli District',), False)
>>> 1300 < unit.area_km2 < 1500
True
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import shapely

from geomap import crs, settings
from geomap.errors import GazetteerError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Boundary", "boundaries_dir", "boundary", "read_units"]


@dataclass(frozen=True, slots=True)
class Boundary:
    """A unit's polygon and where it came from.

    Attributes
    ----------
    geometry
        The (multi)polygon, WGS84 longitude/latitude.
    file
        The file in ``gazetteer/boundaries/`` it was read from.
    shape_names, shape_ids
        The features' ``shapeName`` and ``shapeID`` values.
    source
        Who made the polygon and under which licence.
    approximate
        True for units derived here (see ``method``).
    method
        How the polygon was obtained.
    """

    geometry: shapely.Geometry
    file: str
    shape_names: tuple[str, ...]
    shape_ids: tuple[str, ...]
    source: str
    approximate: bool
    method: str

    @property
    def area_km2(self) -> float:
        """The polygon's area in km² (equal-area projection)."""
        return float(crs.area_km2([self.geometry])[0])


def boundaries_dir() -> Path:
    """``gazetteer/boundaries`` under ``settings.gazetteer_dir``."""
    return settings.gazetteer_dir / "boundaries"


@lru_cache(maxsize=8)
def _features(path: Path) -> tuple[dict[str, Any], ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = f"cannot read boundary file: {exc}"
        raise GazetteerError(msg, path=path) from exc
    return tuple(data.get("features", ()))


@lru_cache(maxsize=8)
def _licence(path: Path) -> str:
    """The licence a geoBoundaries metadata file states for ``path``, or the derived file's own."""
    meta = path.with_name(path.name.replace("_simplified.geojson", "-metaData.json"))
    if meta == path or not meta.exists():
        return ""
    data = json.loads(meta.read_text(encoding="utf-8"))
    return str(data.get("licenseDetail") or data.get("boundaryLicense") or "")


@lru_cache(maxsize=1)
def read_units(folder: Path | None = None) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """``units.csv``: curated place id -> (file, shapes, note)."""
    folder = boundaries_dir() if folder is None else folder
    path = folder / "units.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            return {
                f"curated:{rec['place_id'].strip()}": (
                    rec["file"].strip(),
                    tuple(s.strip() for s in rec["shape"].split("|") if s.strip()),
                    (rec.get("how") or "").strip(),
                )
                for rec in reader
            }
        except (KeyError, AttributeError) as exc:
            msg = "units.csv needs the columns place_id, file, shape and how"
            raise GazetteerError(msg, path=path, line=reader.line_num) from exc


def boundary(place_id: str) -> Boundary | None:
    """The polygon of a curated place, or None when ``units.csv`` has none for it.

    Raises
    ------
    GazetteerError
        If ``units.csv`` names a file or a feature that is not there.
    """
    unit = read_units().get(place_id)
    if unit is None:
        return None
    return _boundary(place_id, *unit)


@lru_cache(maxsize=256)
def _boundary(place_id: str, file: str, shapes: tuple[str, ...], note: str) -> Boundary:
    path = boundaries_dir() / file
    features = _features(path)
    chosen = [
        f
        for f in features
        if isinstance(f.get("properties"), dict)
        and (f["properties"].get("shapeName") in shapes or f["properties"].get("shapeID") in shapes)
    ]
    if len(chosen) < len(shapes):
        msg = f"{place_id}: no feature named {' or '.join(shapes)!r}"
        raise GazetteerError(msg, path=path)
    props: list[dict[str, Any]] = [f["properties"] for f in chosen]
    geometry = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in chosen])
    derived = any(p.get("approximate") for p in props)
    if derived:
        source = "; ".join(str(p.get("source", "")) for p in props)
        method = "; ".join(str(p.get("method", "")) for p in props)
    else:
        licence = _licence(path)
        source = f"geoBoundaries, {file}" + (f" ({licence})" if licence else "")
        method = f"polygon of {' + '.join(str(p.get('shapeName')) for p in props)} from {file}"
        if note:
            method += f": {note}"
    return Boundary(
        geometry=geometry,
        file=file,
        shape_names=tuple(str(p.get("shapeName", "")) for p in props),
        shape_ids=tuple(str(p.get("shapeID", "")) for p in props),
        source=source,
        approximate=derived,
        method=method,
    )
