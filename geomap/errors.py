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
    from pathlib import Path

__all__ = [
    "ClaimError",
    "CrsError",
    "ExportError",
    "GazetteerError",
    "GeoJSONError",
    "GeomapError",
    "MapError",
    "PlaceNotFound",
    "ReportFormatError",
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
        super().__init__(_where(path, line) + message)


class GazetteerError(GeomapError, ValueError):
    """A gazetteer file or row is malformed."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(_where(path, line) + message)


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


class MapError(GeomapError, ValueError):
    """A map cannot be drawn as asked (an unknown tile provider, say)."""
