"""Exceptions raised by geomap.

Every error geomap raises on purpose derives from :class:`GeomapError`, so
callers can catch one class. Each child also inherits the built-in exception
that fits it, as geopy does, so ``except ValueError`` keeps working.

Examples
--------
>>> from geomap.errors import GeomapError, ReportFormatError
>>> issubclass(ReportFormatError, ValueError) and issubclass(ReportFormatError, GeomapError)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = [
    "ClaimError",
    "CrsError",
    "ExportError",
    "GazetteerError",
    "GazetteerRowsError",
    "GeoJSONError",
    "GeomapError",
    "MapError",
    "ParserModelError",
    "PlaceNotFound",
    "RecordNotFound",
    "ReportFormatError",
    "StoreError",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


def _where(path: str | Path | None, line: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line is not None else f"{path}: "


class ReportFormatError(GeomapError, ValueError):
    """A report file cannot be read: empty, binary, not UTF-8, too large, bad front matter."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.reason = message
        super().__init__(_where(path, line) + message)


class GazetteerError(GeomapError, ValueError):
    """A gazetteer file or row is malformed."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.reason = message
        super().__init__(_where(path, line) + message)


class GazetteerRowsError(GazetteerError):
    """Rows of a gazetteer file are bad: names the first, holds every one in ``problems``."""

    def __init__(self, problems: Sequence[GazetteerError]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        more = f" (and {len(self.problems) - 1} more bad row(s))" if len(self.problems) > 1 else ""
        super().__init__(first.reason + more, path=first.path, line=first.line)


class GeoJSONError(GazetteerError):
    """A GeoJSON input is not valid GeoJSON or has unusable features."""


class PlaceNotFound(GeomapError, LookupError):
    """No gazetteer entry matches a name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no place in the gazetteer matches {name!r}")


class CrsError(GeomapError, ValueError):
    """Geometries are in a missing or unexpected coordinate reference system."""


class ClaimError(GeomapError, ValueError):
    """Control claims cannot be derived, compared or put on a timeline."""


class ExportError(GeomapError, OSError):
    """An output file cannot be written."""


class ParserModelError(GeomapError, OSError):
    """The spaCy pipeline the event grammar needs (``settings.spacy_model``) cannot be loaded."""


class StoreError(GeomapError, RuntimeError):
    """The service's store cannot be opened, migrated or written."""


class RecordNotFound(StoreError, LookupError):
    """No stored report has the id asked for."""


class MapError(GeomapError, ValueError):
    """A map cannot be drawn as asked (an unknown tile provider, say)."""
