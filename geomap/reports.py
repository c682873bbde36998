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

import datetime as dt
import logging
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from geomap import settings
from geomap.errors import ReportFormatError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["Report", "ReportBatch", "parse_report", "read_report", "read_reports"]

logger = logging.getLogger(__name__)

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*)$")
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
        ``key: value``, or a date in another format; or the body is empty.
    """
    text = raw.removeprefix("\ufeff")
    meta: dict[str, str] = {}
    body = text
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        offset = len(lines[0])
        for number, line in enumerate(lines[1:], start=2):
            offset += len(line)
            stripped = line.strip()
            if stripped == "---":
                body = text[offset:]
                break
            if not stripped or stripped.startswith("#"):
                continue
            match = _KEY.match(stripped)
            if match is None:
                msg = f"front matter line is not 'key: value': {stripped[:60]!r}"
                raise ReportFormatError(msg, path=path, line=number)
            meta[match.group(1).lower()] = match.group(2).strip().strip("\"'")
        else:
            msg = "front matter opened with '---' is never closed"
            raise ReportFormatError(msg, path=path, line=1)
    if not body.strip():
        msg = "report has no text"
        raise ReportFormatError(msg, path=path)
    date = precision = None
    if meta.get("date"):
        date_line = next(
            (
                i
                for i, line in enumerate(lines, start=1)
                if (m := _KEY.match(line.strip())) and m.group(1).lower() == "date"
            ),
            1,
        )
        date, precision = _parse_date(meta["date"], path=path, line=date_line)
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


def read_report(path: str | Path, *, max_bytes: int | None = None) -> Report:
    """Read one report file.

    Parameters
    ----------
    path
        A UTF-8 text file, with or without front matter.
    max_bytes
        Largest file accepted; defaults to ``settings.max_report_bytes``.

    Raises
    ------
    ReportFormatError
        If the file is missing, empty, larger than ``max_bytes``, binary,
        or not UTF-8; the message names the file (and the byte or line).
    """
    path = Path(path)
    limit = settings.max_report_bytes if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            msg = f"file is {size:,} bytes, more than the {limit:,} allowed (settings.max_report_bytes)"
            raise ReportFormatError(msg, path=path)
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot read file: {exc.strerror or exc}"
        raise ReportFormatError(msg, path=path) from exc
    if not data.strip():
        msg = "file is empty"
        raise ReportFormatError(msg, path=path)
    if b"\x00" in data[:8192]:
        msg = "file is binary (it contains NUL bytes), not a text report"
        raise ReportFormatError(msg, path=path)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"file is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); convert it to UTF-8 first"
        raise ReportFormatError(msg, path=path, line=line) from exc
    return parse_report(raw, report_id=path.stem, path=str(path))


@dataclass(frozen=True, slots=True)
class ReportBatch:
    """Reports read from many files: the good ones and an error per bad one."""

    reports: tuple[Report, ...]
    errors: tuple[ReportFormatError, ...]


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES))
        else:
            files.append(path)
    return files


def read_reports(paths: Iterable[str | Path]) -> ReportBatch:
    """Read report files and folders (``*.txt``, ``*.md`` in them), keeping going past bad files.

    Examples
    --------
    >>> read_reports([]).reports
    ()
    """
    reports: list[Report] = []
    errors: list[ReportFormatError] = []
    seen: set[str] = set()
    for path in _expand(paths):
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
    return ReportBatch(tuple(reports), tuple(errors))
