r"""Reports: the body text of a report and what is known about it.

A report file is UTF-8 text with an optional front-matter block between two
``---`` lines holding ``key: value`` pairs (``title``, ``source``, ``url``,
``date`` as YYYY-MM-DD, YYYY-MM or YYYY, ``side``). Character offsets of
mentions are counted in the body, the text after the front matter.

Examples
--------
>>> from geomap.reports import parse_report
>>> r = parse_report("---\ndate: 2020-09-27\nside: azerbaijan\n---\nMurov was taken.\n", report_id="r1")
>>> r.date, r.date_precision, r.side, r.text
(datetime.date(2020, 9, 27), 'day', 'azerbaijan', 'Murov was taken.\n')
"""

from __future__ import annotations

import errno
import logging
import stat
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from geomap import settings
from geomap.errors import ReportFormatError
from geomap.frontmatter import split_front_matter

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["Listing", "Report", "ReportBatch", "list_reports", "parse_report", "read_report", "read_reports"]

logger = logging.getLogger(__name__)

_DATE_FORMATS = (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year"))
REPORT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True, slots=True)
class Report:
    """One report: its body and its metadata.

    Attributes
    ----------
    report_id
        Short stable name (the file name without suffix).
    text
        The body; every span geomap gives is an offset into it.
    title, source, url, side
        From the front matter; empty when not given.
    date
        Date of the report, or None; ``date_precision`` says whether it is a
        ``day``, ``month`` or ``year``.
    path
        Where it was read from, if from a file.
    meta
        Every front-matter pair, as given.
    """

    report_id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    side: str = ""
    date: dt.date | None = None
    date_precision: str | None = None
    path: str | None = None
    meta: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __reduce__(self) -> tuple[Callable[[dict[str, Any]], Report], tuple[dict[str, Any]]]:
        """Pickle with the front matter as a dict (a read-only view cannot be pickled), for worker processes."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["meta"] = dict(self.meta)
        return _report_from_state, (state,)


def _report_from_state(state: dict[str, Any]) -> Report:
    return Report(**{**state, "meta": MappingProxyType(state["meta"])})


def _parse_date(value: str, *, path: str | None, line: int) -> tuple[dt.date, str]:
    import datetime as dt  # noqa: PLC0415 - only a dated report needs it (geomap places starts faster)

    for fmt, precision in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date(), precision  # noqa: DTZ007 - dates carry no time zone
        except ValueError:
            continue
    msg = f"front matter date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY"
    raise ReportFormatError(msg, path=path, line=line)


def parse_report(raw: str, *, report_id: str, path: str | None = None) -> Report:
    """Split ``raw`` into front matter and body and build a :class:`Report`.

    Raises
    ------
    ReportFormatError
        If the front matter is not closed, has a line that is not
        ``key: value``, an indented line, a duplicate key or a date in another
        format (see :mod:`geomap.frontmatter`); or the body is empty.
    """
    text = raw.removeprefix("\ufeff")
    front = split_front_matter(text, path=path)
    body = text[front.body_start :]
    if not body.strip():
        msg = "report has no text"
        raise ReportFormatError(msg, path=path)
    meta = front.meta
    date = precision = None
    if meta.get("date"):
        date, precision = _parse_date(meta["date"], path=path, line=front.lines["date"])
    return Report(
        report_id=report_id,
        text=body,
        title=meta.get("title", ""),
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        side=meta.get("side", "").lower(),
        date=date,
        date_precision=precision,
        path=path,
        meta=MappingProxyType(meta),
    )


#: The path that stands for standard input (``geomap places -``).
STDIN = "-"


_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _file_type(mode: int) -> str:
    return next((name for test, name in _FILE_TYPES if test(mode)), "not a regular file")


def _os_reason(exc: OSError, path: Path) -> str:
    """Why ``path`` cannot be read, in words: a symlink loop, a dangling link, no permission..."""
    if exc.errno == errno.ELOOP:
        return "symlink loop: the link points back to itself"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"dangling symlink: its target {str(path.readlink())!r} does not exist"
    return f"cannot read file: {exc.strerror or exc}"


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; anything else is refused before it is read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            msg = f"is {_file_type(info.st_mode)}, not a report file"
            raise ReportFormatError(msg, path=path)
        if info.st_size > limit:
            msg = f"file is {info.st_size:,} bytes, more than the {limit:,} allowed (settings.max_report_bytes)"
            raise ReportFormatError(msg, path=path)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ReportFormatError(_os_reason(exc, path), path=path) from exc
    if len(data) > limit:
        msg = f"file grew past the {limit:,} bytes allowed (settings.max_report_bytes) while it was read"
        raise ReportFormatError(msg, path=path)
    return data


def read_report(path: str | Path, *, max_bytes: int | None = None) -> Report:
    """Read one report file, or standard input when ``path`` is ``-`` (report id ``stdin``).

    Parameters
    ----------
    path
        A UTF-8 text file, with or without front matter, or ``-``.
    max_bytes
        Largest file accepted; defaults to ``settings.max_report_bytes``.

    Raises
    ------
    ReportFormatError
        If the file is missing, not a regular file (a folder, FIFO or
        device is refused before anything is read), empty, larger than
        ``max_bytes``, binary (a NUL byte anywhere), or not UTF-8; the
        message names the file (and the byte or line).
    """
    limit = settings.max_report_bytes if max_bytes is None else max_bytes
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            msg = f"input is more than the {limit:,} bytes allowed (settings.max_report_bytes)"
            raise ReportFormatError(msg, path="<stdin>")
        return _report_from_bytes(data, report_id="stdin", path="<stdin>")
    path = Path(path)
    return _report_from_bytes(_read_bytes(path, limit), report_id=path.stem, path=str(path))


def _report_from_bytes(data: bytes, *, report_id: str, path: str) -> Report:
    """A report from the bytes of a file: checked to be non-empty UTF-8 text."""
    if not data.strip():
        msg = "file is empty"
        raise ReportFormatError(msg, path=path)
    if (nul := data.find(b"\x00")) >= 0:
        msg = f"file is binary (it contains a NUL byte at byte {nul}), not a text report"
        raise ReportFormatError(msg, path=path, line=data[:nul].count(b"\n") + 1)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"file is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); convert it to UTF-8 first"
        raise ReportFormatError(msg, path=path, line=line) from exc
    return parse_report(raw, report_id=report_id, path=path)


@dataclass(frozen=True, slots=True)
class ReportBatch:
    """Reports read from many files: the good ones, an error per bad one, and the entries left out on purpose."""

    reports: tuple[Report, ...]
    errors: tuple[ReportFormatError, ...]
    ignored: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Listing:
    """What a set of files and folders holds: report files, entries that cannot be read, entries left out.

    Every entry of every folder is in exactly one of ``files`` (to read),
    ``errors`` (a report that cannot be read: a symlink loop, a dangling
    link, a FIFO or device, a folder named like a report, no permission) or
    ``ignored`` (path and reason: a README, a hidden file, another suffix, a
    subfolder without ``recursive``).
    """

    files: tuple[Path, ...]
    errors: tuple[ReportFormatError, ...]
    ignored: tuple[tuple[str, str], ...]


def _is_report_name(name: str) -> bool:
    stem, dot, suffix = name.rpartition(".")
    return bool(dot) and f".{suffix.lower()}" in REPORT_SUFFIXES and stem.lower() != "readme"


class _Walk:
    """Sorts the entries of folders into a :class:`Listing`'s three lists."""

    def __init__(self, *, recursive: bool) -> None:
        self.recursive = recursive
        self.files: list[Path] = []
        self.errors: list[ReportFormatError] = []
        self.ignored: list[tuple[str, str]] = []
        self._seen: set[tuple[int, int]] = set()

    def _ignore(self, path: Path, reason: str) -> None:
        self.ignored.append((str(path), reason))
        logger.info("ignored %s: %s", path, reason)

    def _error(self, path: Path, reason: str) -> None:
        self.errors.append(ReportFormatError(reason, path=path))

    def folder(self, folder: Path) -> None:
        try:
            info = folder.stat()
            entries = sorted(folder.iterdir())
        except OSError as exc:
            self._error(folder, f"cannot read folder: {exc.strerror or exc}")
            return
        if (info.st_dev, info.st_ino) in self._seen:
            self._error(folder, "symlink loop: this folder was already read")
            return
        self._seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            self.entry(entry)

    def entry(self, path: Path) -> None:
        if path.name.startswith("."):
            self._ignore(path, "hidden")
            return
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            self._error(path, _os_reason(exc, path))
            return
        if stat.S_ISDIR(mode):
            if self.recursive:
                self.folder(path)
            elif _is_report_name(path.name):
                self._error(path, "is a folder, not a report file")
            else:
                self._ignore(path, "a subfolder (give --recursive to read the reports in it)")
        elif path.name.lower().startswith("readme."):
            self._ignore(path, "a README, not a report")
        elif not _is_report_name(path.name):
            self._ignore(path, f"not a report file ({', '.join(REPORT_SUFFIXES)})")
        elif not stat.S_ISREG(mode):
            self._error(path, f"is {_file_type(mode)}, not a report file")
        else:
            self.files.append(path)


def list_reports(paths: Iterable[str | Path], *, recursive: bool = False) -> Listing:
    """The report files in ``paths`` (files, and ``*.txt`` / ``*.md`` in folders but not READMEs).

    A file given by name is read whatever its suffix; a folder's entries are
    sorted as :class:`Listing` says, subfolders only with ``recursive``.

    Examples
    --------
    >>> list_reports([]).files
    ()
    """
    walk = _Walk(recursive=recursive)
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:  # a symlink loop given by name: read_report names it
            is_dir = False
        if is_dir:
            walk.folder(path)
        else:
            walk.files.append(path)
    return Listing(tuple(walk.files), tuple(walk.errors), tuple(walk.ignored))


def read_reports(paths: Iterable[str | Path], *, recursive: bool = False) -> ReportBatch:
    """Read report files and folders (see :func:`list_reports`), keeping going past bad files.

    Examples
    --------
    >>> read_reports([]).reports
    ()
    """
    listing = list_reports(paths, recursive=recursive)
    reports: list[Report] = []
    errors: list[ReportFormatError] = list(listing.errors)
    seen: set[str] = set()
    for path in listing.files:
        try:
            report = read_report(path)
        except ReportFormatError as exc:
            logger.info("skipping report: %s", exc)  # the error is returned to the caller, not lost
            errors.append(exc)
            continue
        if report.report_id in seen:
            n = 2
            while f"{report.report_id}-{n}" in seen:
                n += 1
            report = replace(report, report_id=f"{report.report_id}-{n}")
        seen.add(report.report_id)
        reports.append(report)
    return ReportBatch(tuple(reports), tuple(errors), listing.ignored)
