"""Output sets: the files one command writes into a folder, replaced all together or not at all.

A command writes its files into a stage folder inside the output folder
(:func:`output_set` yields it), and on success the set is committed: a
journal naming the staged entries is written (the commit point), the old
``manifest.json`` is removed, each entry is renamed into place, and the new
manifest, listing the size and SHA-256 of every file of every set in the
folder, is renamed in last. A run killed before the commit point leaves the
previous set untouched (its stage is removed by the next command); one killed
after it is rolled forward by the next command (or :func:`recover`). A folder
without ``manifest.json``, or with a journal, is therefore never mistaken for
a complete set, and :func:`verify` checks one.

A lock file (``.geomap.lock``) keeps two commands from writing into one folder
at once: the second waits up to ``settings.output_lock_wait_s`` seconds, then
fails with a message naming the folder. Every set gets an ``errors.csv``
(``file``, ``line``, ``reason``, ``set``) listing the inputs it skipped; rows
of other sets in the same folder are kept.

Examples
--------
>>> import pathlib, tempfile
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> with output_set(out, "demo") as stage:
...     _ = (stage / "a.txt").write_text("hello", encoding="utf-8")
>>> sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
['a.txt', 'errors.csv', 'manifest.json']
>>> verify(out)
[]
"""

from __future__ import annotations

import contextlib
import csv
import errno
import fcntl
import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap import settings
from geomap.errors import ExportError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["ERRORS_CSV", "ERROR_COLUMNS", "MANIFEST", "error_rows", "output_set", "recover", "verify"]

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ERRORS_CSV = "errors.csv"
ERROR_COLUMNS = ("file", "line", "reason", "set")
_LOCK = ".geomap.lock"
_JOURNAL = ".geomap-commit.json"
_STAGE_PREFIX = ".geomap-stage-"
_REPLACED_PREFIX = ".replaced-"
_POLL_S = 0.2


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _files(root: Path) -> Iterator[Path]:
    """Every regular file under ``root`` (``root`` itself if it is one), in a stable order."""
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder) / name


def _fsync(path: Path, *, folder: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if folder else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def error_rows(errors: Iterable[Exception], *, set_name: str) -> list[dict[str, str]]:
    """One ``errors.csv`` row per error: the file and line it names, and the reason without them.

    Examples
    --------
    >>> from geomap.errors import ReportFormatError
    >>> error_rows([ReportFormatError("file is empty", path="a.txt")], set_name="run")
    [{'file': 'a.txt', 'line': '', 'reason': 'file is empty', 'set': 'run'}]
    """
    rows = []
    for exc in errors:
        path = getattr(exc, "path", None)
        line = getattr(exc, "line", None)
        reason = getattr(exc, "reason", None) or str(exc)
        rows.append(
            {
                "file": "" if path is None else str(path),
                "line": "" if line is None else str(line),
                "reason": str(reason),
                "set": set_name,
            }
        )
    return rows


def _read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return {"files": {}}
    return data


def verify(out_dir: str | Path) -> list[str]:
    """What is wrong with the output set in ``out_dir``: an empty list when it is complete.

    A complete folder has a ``manifest.json``, no pending commit, and every
    file the manifest lists with its recorded size and SHA-256.
    """
    out_dir = Path(out_dir)
    problems = []
    if (out_dir / _JOURNAL).exists():
        problems.append(f"{out_dir}: a commit was interrupted (run any geomap command on it to finish it)")
    if not (out_dir / MANIFEST).is_file():
        return [*problems, f"{out_dir}: no {MANIFEST}, so the set is incomplete"]
    for name, entry in sorted(_read_manifest(out_dir)["files"].items()):
        path = out_dir / name
        if not path.is_file():
            problems.append(f"{path}: listed in {MANIFEST} but missing")
        elif path.stat().st_size != entry.get("size") or _sha256(path) != entry.get("sha256"):
            problems.append(f"{path}: differs from {MANIFEST} (written by another run?)")
    return problems


def _apply(out_dir: Path, journal: dict[str, Any]) -> None:
    """Carry out a written commit journal; safe to repeat after an interruption."""
    stage = out_dir / str(journal["stage"])
    staged_manifest = stage / MANIFEST
    if staged_manifest.exists():  # else it was moved in, last of all: the folder's manifest is the new one
        (out_dir / MANIFEST).unlink(missing_ok=True)
        for name in journal.get("remove", ()):
            _remove(out_dir / name)
        for name in journal.get("move", ()):
            src, dst = stage / name, out_dir / name
            if not src.exists():
                continue  # moved before an interruption
            if dst.is_dir() and not dst.is_symlink():
                parked = stage / f"{_REPLACED_PREFIX}{name}"
                _remove(parked)
                dst.rename(parked)
            elif dst.exists() and src.is_dir():
                dst.unlink()
            src.replace(dst)
        staged_manifest.replace(out_dir / MANIFEST)
    _fsync(out_dir, folder=True)
    (out_dir / _JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)


def recover(out_dir: str | Path) -> None:
    """Finish an interrupted commit in ``out_dir`` and remove stages left by killed runs.

    Call it only while holding the folder's lock (:func:`output_set` does).
    """
    out_dir = Path(out_dir)
    journal_path = out_dir / _JOURNAL
    if journal_path.exists():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal = None
        if isinstance(journal, dict) and (out_dir / str(journal.get("stage", ""))).is_dir():
            logger.warning("finishing the output set a killed run left in %s", out_dir)
            _apply(out_dir, journal)
        else:
            journal_path.unlink(missing_ok=True)
    for stale in out_dir.glob(f"{_STAGE_PREFIX}*"):
        logger.info("removing %s, left by a run that did not finish", stale)
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    path = out_dir / _LOCK
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        msg = f"cannot write into {out_dir}: {exc.strerror or exc}"
        raise ExportError(msg) from exc
    try:
        deadline = time.monotonic() + settings.output_lock_wait_s
        warned = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in {errno.EAGAIN, errno.EACCES}:
                    raise
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                if time.monotonic() >= deadline:
                    msg = (
                        f"another geomap command (pid {holder}) is writing into {out_dir}; "
                        "wait for it to finish or choose another output folder"
                    )
                    raise ExportError(msg) from None
                if not warned:
                    logger.warning("waiting for geomap (pid %s) to finish writing into %s", holder, out_dir)
                    warned = True
                time.sleep(_POLL_S)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _errors_csv(out_dir: Path, stage: Path, rows: list[dict[str, str]], set_name: str) -> None:
    """``errors.csv`` in ``stage``: this set's rows after the rows other sets left in ``out_dir``."""
    kept: list[dict[str, str]] = []
    with (
        contextlib.suppress(OSError, csv.Error, UnicodeDecodeError),
        (out_dir / ERRORS_CSV).open(encoding="utf-8", newline="") as fh,
    ):
        kept = [r for r in csv.DictReader(fh) if r.get("set") != set_name]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ERROR_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows([*kept, *rows])
    (stage / ERRORS_CSV).write_text(buffer.getvalue(), encoding="utf-8")


def _commit(out_dir: Path, stage: Path, set_name: str) -> None:
    moved = sorted(p.name for p in stage.iterdir() if not p.name.startswith("."))
    old = _read_manifest(out_dir)["files"]
    files = {
        name: entry
        for name, entry in old.items()
        if name.split("/", 1)[0] not in moved and entry.get("set") != set_name
    }
    removed = sorted(
        {name.split("/", 1)[0] for name, entry in old.items() if entry.get("set") == set_name} - set(moved)
    )
    for name in moved:
        for path in _files(stage / name):
            _fsync(path)
            relative = path.relative_to(stage).as_posix()
            files[relative] = {"size": path.stat().st_size, "sha256": _sha256(path), "set": set_name}
    manifest = {"format": 1, "files": dict(sorted(files.items()))}
    (stage / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    _fsync(stage / MANIFEST)
    journal = {"stage": stage.name, "move": moved, "remove": removed}
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f"{_JOURNAL}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(journal, fh)
        fh.flush()
        os.fsync(fh.fileno())
    Path(tmp).replace(out_dir / _JOURNAL)  # the commit point
    _fsync(out_dir, folder=True)
    _apply(out_dir, journal)


@contextlib.contextmanager
def output_set(out_dir: str | Path, set_name: str, *, errors: Iterable[Exception] = ()) -> Iterator[Path]:
    """Write one set of outputs into ``out_dir`` all at once: yield a stage folder to write them into.

    Parameters
    ----------
    out_dir
        The output folder; created if needed. Files there that this set does
        not write are kept (other commands' outputs).
    set_name
        Which command writes the set (``run``, ``compare``, ``timeline``):
        files this set wrote last time and does not write now are removed.
    errors
        The inputs that were skipped, written to ``errors.csv``.

    Raises
    ------
    ExportError
        If the folder cannot be written or another command holds its lock
        longer than ``settings.output_lock_wait_s``. Nothing in ``out_dir``
        changes when the body raises.
    """
    out_dir = Path(out_dir)
    rows = error_rows(errors, set_name=set_name)
    with _locked(out_dir):
        try:
            recover(out_dir)
            stage = Path(tempfile.mkdtemp(prefix=f"{_STAGE_PREFIX}{set_name}-", dir=out_dir))
        except OSError as exc:
            msg = f"cannot write into {out_dir}: {exc.strerror or exc}"
            raise ExportError(msg) from exc
        try:
            yield stage
            _errors_csv(out_dir, stage, rows, set_name)
            _commit(out_dir, stage, set_name)
        except BaseException as exc:
            if (out_dir / _JOURNAL).exists():
                raise  # past the commit point: the next command finishes it
            shutil.rmtree(stage, ignore_errors=True)
            if isinstance(exc, OSError) and not isinstance(exc, ExportError):
                msg = f"cannot write into {out_dir}: {exc.strerror or exc}"
                raise ExportError(msg) from exc
            raise
