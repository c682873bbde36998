"""Installing user layers: every row checked, built aside, swapped in whole; opening them again.

:func:`import_layer` checks every row of a CSV, GeoJSON or GeoNames dump file
(:mod:`geomap.gazetteer.layerfiles`). A bad row fails the import, naming every bad row,
and installs nothing; with ``skip_bad`` the good rows are installed and the
bad ones written with their reasons to ``rejected.csv`` beside the layer. The
layer is built in a hidden folder and renamed into place, so a failed or
killed import never leaves half a layer. A small layer is kept as
``places.json`` and held in memory; one with more than
``settings.user_layer_memory_max`` places (and every GeoNames dump) becomes a
memory-mapped :class:`~geomap.gazetteer.layers.IndexedLayer`, like the base layer, so
later commands open it in milliseconds. :func:`installed_layers` opens them,
naming (and leaving out) a damaged one instead of failing every command.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import GazetteerError, GeomapError
from geomap.gazetteer import indexcache
from geomap.gazetteer.layerfiles import check_geonames_dump, check_places_csv, check_places_geojson, read_places_csv
from geomap.gazetteer.layers import IndexedLayer, IndexRow, MemoryLayer
from geomap.gazetteer.places import Place

if TYPE_CHECKING:
    from geomap.gazetteer.placerows import RowCheck
    from geomap.gazetteer.places import Layer

__all__ = ["Imported", "import_layer", "installed_layers", "user_layers_dir"]

logger = logging.getLogger(__name__)

_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_META = "layer.json"
_PLACES = "places.json"
REJECTED = "rejected.csv"


@dataclass(frozen=True, slots=True)
class Imported:
    """What :func:`import_layer` installed."""

    layer: str
    places: int
    folder: Path
    rejected: int = 0

    @property
    def rejected_file(self) -> Path | None:
        """``rejected.csv`` beside the layer, when rows were left out."""
        return self.folder / REJECTED if self.rejected else None


def user_layers_dir() -> Path:
    """Where imported user layers are installed (``settings.user_layers_dir``, else under the cache)."""
    return settings.cache_dir / "layers" if settings.user_layers_dir is None else settings.user_layers_dir


def _layer_name(path: Path, name: str | None) -> str:
    stem = (name if name is not None else path.stem).lower()
    if not _NAME.fullmatch(stem):
        msg = (
            f"layer name {stem!r} must be 1-64 letters, digits, '_', '.' or '-' (no '/'), "
            "starting with a letter or digit; give one with --name"
        )
        raise GazetteerError(msg, path=path)
    return stem


def _as_row(place: Place) -> IndexRow:
    return IndexRow(
        ident=place.place_id.removeprefix(f"{place.layer}:"),
        name=place.name,
        kind=place.kind,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        population=place.population,
        aliases=place.aliases,
        source=place.source,
        parent=place.parent.removeprefix(f"{place.layer}:"),
        line=place.line,
    )


def _write_rejected(folder: Path, check: RowCheck) -> None:
    with (folder / REJECTED).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("file", "where", "id", "reason"))
        writer.writerows((str(check.path), where, ident, reason) for where, ident, reason in check.rejected)


def _check(path: Path, suffix: str, layer: str) -> RowCheck:
    if suffix == ".txt":
        return check_geonames_dump(path, layer=layer)
    if suffix == ".csv":
        return check_places_csv(path, layer=layer)
    if suffix in {".geojson", ".json"}:
        return check_places_geojson(path, layer=layer)
    msg = f"unknown gazetteer format {suffix!r}: give a .csv, .geojson or GeoNames dump .txt file"
    raise GazetteerError(msg, path=path)


def _swap(stage: Path, dest: Path) -> None:
    """Rename ``stage`` to ``dest``, replacing an earlier layer of that name."""
    import shutil  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)
    import tempfile  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    if dest.exists():
        old = Path(tempfile.mkdtemp(prefix=f".old-{dest.name}-", dir=dest.parent))
        dest.rename(old / dest.name)
        stage.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        stage.rename(dest)


def _clean(target: Path) -> None:
    """Remove what killed imports left: stages, and replaced layers (restored if their successor is missing)."""
    import shutil  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    for stale in target.glob(".old-*"):
        for kept in stale.iterdir():
            if not (target / kept.name).exists():
                kept.rename(target / kept.name)
        shutil.rmtree(stale, ignore_errors=True)
    for stale in (*target.glob(".import-*"), *target.glob("..import-*")):
        shutil.rmtree(stale, ignore_errors=True)


def import_layer(path: str | Path, *, name: str | None = None, skip_bad: bool = False) -> Imported:
    """Check a user gazetteer file and install it as a layer for later runs.

    CSV and GeoJSON files become ``user:<name>`` layers; GeoNames dump files
    (``.txt``) become ``geonames:<name>`` indexed layers.

    Parameters
    ----------
    path
        The file.
    name
        Layer name (default: the file name without suffix, lower case).
    skip_bad
        Install the good rows and list the bad ones in ``rejected.csv``
        instead of refusing the file.

    Raises
    ------
    GazetteerError
        If the file cannot be read, holds no good row, or (without
        ``skip_bad``) has a bad row: a :class:`~geomap.errors.GazetteerRowsError`
        naming each one. Nothing is installed then.
    """
    import shutil  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    path = Path(path)
    stem = _layer_name(path, name)
    suffix = path.suffix.lower()
    kind = "geonames" if suffix == ".txt" else "user"
    layer = f"{kind}:{stem}"
    check = _check(path, suffix, layer)
    check.result(skip_bad=skip_bad)
    target = user_layers_dir()
    dest = target / f"{kind}-{stem}"
    stage = target / f".import-{kind}-{stem}-{os.urandom(4).hex()}"  # os, not secrets: its import costs every start
    try:
        target.mkdir(parents=True, exist_ok=True)
        _clean(target)
        count = _build(stage, layer, check)
        if check.rejected:
            _write_rejected(stage, check)
        meta = {"name": layer, "file": str(path.resolve()), "places": count, "rejected": len(check.rejected)}
        (stage / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        indexcache.seal(stage)
        for legacy in (target / f"{kind}-{stem}.csv", target / f"{kind}-{stem}.geojson"):
            legacy.unlink(missing_ok=True)
        _swap(stage, dest)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        msg = f"cannot install the layer into {target}: {exc.strerror or exc}"
        raise GazetteerError(msg, path=path) from exc
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return Imported(layer, count, dest, len(check.rejected))


def _build(stage: Path, layer: str, check: RowCheck) -> int:
    """Write the layer into ``stage``: ``places.json`` when small, else a memory-mapped index."""
    rows = check.rows or [_as_row(p) for p in check.places]
    if check.places and len(check.places) <= settings.user_layer_memory_max:
        stage.mkdir()
        data = [{**p.to_dict(), "line": p.line} for p in check.places]
        (stage / _PLACES).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return len(data)
    return len(IndexedLayer.build(layer, rows, stage))


def _memory_layer(name: str, path: Path) -> MemoryLayer:
    places = [
        Place(**{**d, "aliases": tuple(d["aliases"]), "line": tuple(map(tuple, d["line"])) if d["line"] else None})
        for d in json.loads(path.read_text(encoding="utf-8"))
    ]
    return MemoryLayer(name, places)


def _open(path: Path) -> Layer | None:
    if path.is_dir() and (path / _META).is_file():
        meta = json.loads((path / _META).read_text(encoding="utf-8"))
        problems = indexcache.check(path)
        if problems:
            msg = f"{problems[0]}; import the layer again"
            raise GazetteerError(msg, path=path)
        name = str(meta["name"])
        return _memory_layer(name, path / _PLACES) if (path / _PLACES).is_file() else IndexedLayer(name, path)
    if path.is_dir() and path.name.startswith("geonames-") and (path / "rows.jsonl").exists():
        return IndexedLayer(f"geonames:{path.name.removeprefix('geonames-')}", path)  # installed before manifests
    if path.suffix in {".csv", ".geojson"} and path.name.startswith("user-"):
        from geomap.gazetteer.layerfiles import read_places_geojson  # noqa: PLC0415

        stem = path.stem.removeprefix("user-")
        reader = read_places_csv if path.suffix == ".csv" else read_places_geojson
        return MemoryLayer(f"user:{stem}", reader(path, layer=f"user:{stem}"))
    return None


def installed_layers() -> list[Layer]:
    """The user layers installed by :func:`import_layer`, in name order; a damaged one is named and left out."""
    folder = user_layers_dir()
    if not folder.is_dir():
        return []
    layers: list[Layer] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        try:
            layer = _open(path)
        except (GeomapError, OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            logger.warning("user layer %s is left out: %s", path, str(exc).splitlines()[0] if str(exc) else exc)
            continue
        if layer is not None:
            layers.append(layer)
    return layers
