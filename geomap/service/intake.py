r"""Intake: from a request body to a stored report, through the library's one per-report function.

A report arrives as JSON (:class:`~geomap.service.schemas.ReportIn`) or as an
uploaded file with front matter. Both become a
:class:`~geomap.reports.Report` through :func:`geomap.reports.parse_report`
(the JSON's metadata is written as front matter first), so both paths read
dates and sides exactly as report files are read. Its id comes from its
content hash; :meth:`Intake.ingest` runs :func:`geomap.pipeline.process_report`
and stores the result in one transaction, or finds the report already there.

Examples
--------
>>> report = report_from_json(ReportIn(text="Goris was shelled.", date="2020-10-01"))
>>> report.date, report.report_id.startswith("r")
(datetime.date(2020, 10, 1), True)
>>> report_from_upload(b"---\ndate: 2020-10-01\n---\nGoris was shelled.", name="a.txt") == report
True
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import ReportFormatError
from geomap.pipeline import process_report
from geomap.reports import parse_report
from geomap.service.schemas import ReportIn, safe_text
from geomap.service.store import content_hash, record_of, report_id_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from geomap.geoparse import Geoparser
    from geomap.reports import Report
    from geomap.service.store import Store

__all__ = ["Intake", "ReportTooLarge", "report_from_json", "report_from_upload"]


class ReportTooLarge(ReportFormatError):
    """A report's text is longer than ``settings.max_report_bytes``."""


def _identified(report: Report) -> Report:
    return replace(report, report_id=report_id_of(content_hash(report)), path=None)


def _check_size(size: int, what: str) -> None:
    if size > settings.max_report_bytes:
        msg = f"{what} is {size:,} bytes, more than the {settings.max_report_bytes:,} allowed"
        raise ReportTooLarge(msg)


def report_from_json(body: ReportIn) -> Report:
    """The report a JSON body describes (its metadata read as front matter is)."""
    _check_size(len(body.text.encode()), "the report text")
    fields = {"title": body.title, "source": body.source, "url": body.url, "date": body.date, "side": body.side}
    head = "".join(f"{k}: {v}\n" for k, v in fields.items() if v)
    return _identified(parse_report(f"---\n{head}---\n{body.text}", report_id="new"))


def report_from_upload(data: bytes, *, name: str) -> Report:
    """The report in an uploaded file (UTF-8, optional front matter).

    Raises
    ------
    ReportFormatError
        If the file is too large, not UTF-8, holds NUL characters, or its
        front matter is malformed; the message names the file.
    """
    _check_size(len(data), f"{name}:")
    try:
        raw = safe_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        msg = f"file is not UTF-8 (byte {exc.start}); convert it to UTF-8 first"
        raise ReportFormatError(msg, path=name) from exc
    except ValueError as exc:
        msg = f"file {exc}, it is not a text report"
        raise ReportFormatError(msg, path=name) from exc
    return _identified(parse_report(raw, report_id="new", path=name))


@dataclass(frozen=True, slots=True)
class Ingested:
    """A report stored (``created``) or found already stored."""

    report_id: str
    created: bool


class Intake:
    """Processes reports with one geoparser and stores them.

    Parameters
    ----------
    store
        Where reports go.
    make_parser
        Builds the geoparser (again after a gazetteer layer is imported).
    """

    def __init__(self, store: Store, make_parser: Callable[[], Geoparser]) -> None:
        self.store = store
        self._make_parser = make_parser
        self._parser = make_parser()
        self._lock = threading.Lock()

    @property
    def parser(self) -> Geoparser:
        """The geoparser reports are processed with."""
        return self._parser

    def reload(self) -> None:
        """Build the geoparser again (the gazetteer's layers changed)."""
        parser = self._make_parser()
        with self._lock:
            self._parser = parser

    def warm(self) -> None:
        """Process a short report without storing it: loads what the pipeline loads lazily, fails if it cannot.

        Raises
        ------
        GeomapError
            If a part of the pipeline (the gazetteer, the parser model) is not there.
        """
        with self._lock:
            process_report(parse_report("Artillery shelled Goris.", report_id="warm-up"), self._parser)

    def ingest(self, report: Report) -> Ingested:
        """Store ``report`` whole, or find it stored already (same content hash)."""
        digest = content_hash(report)
        found = self.store.find(digest)
        if found is not None:
            return Ingested(found, created=False)
        with self._lock:  # the geoparser's lazy caches are built by one thread at a time
            parser = self._parser
            result = process_report(report, parser)
        record = record_of(result, digest=digest, gazetteer=parser.gazetteer)
        if self.store.add(record):
            return Ingested(report.report_id, created=True)
        return Ingested(self.store.find(digest) or report.report_id, created=False)
