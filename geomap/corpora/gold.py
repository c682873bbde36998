"""Gold documents and toponyms: the values every corpus reader returns, checked as they are built."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from geomap.errors import ReportFormatError

if TYPE_CHECKING:
    from collections.abc import Mapping


def _empty_meta() -> Mapping[str, str]:
    return MappingProxyType({})


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym: a span of the document text and its gold place.

    Parameters
    ----------
    start, end : int
        Character offsets into the document text, end exclusive.
    surface : str
        The text of the span, ``text[start:end]``.
    lat, lon : float or None
        Gold coordinates (WGS84 degrees); both None when the corpus gives none.
    tolerance_km : float, optional
        How far a resolved coordinate may be from the gold one and still be
        right (the dev set gives one per toponym; public corpora do not).
    geonameid : int, optional
        GeoNames id of the gold place, where the corpus gives one.
    name : str, optional
        Gold place name (the gazetteer name, e.g. "Avoyelles Parish" for "Avoyelles").

    Raises
    ------
    ReportFormatError
        If the span is empty or negative, or the coordinates are not finite
        WGS84 degrees.

    Examples
    --------
    >>> GoldToponym(0, 4, "Baku", 40.38, 49.89, tolerance_km=15)
    GoldToponym(start=0, end=4, surface='Baku', lat=40.38, lon=49.89, tolerance_km=15, geonameid=None, name=None)
    >>> GoldToponym(0, 4, "Baku", 49.89, 240.38)
    Traceback (most recent call last):
    ...
    geomap.errors.ReportFormatError: toponym 'Baku': longitude 240.38 is outside [-180, 180]
    """

    start: int
    end: int
    surface: str
    lat: float | None
    lon: float | None
    tolerance_km: float | None = None
    geonameid: int | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        what = f"toponym {self.surface!r}"
        if not (_is_int(self.start) and _is_int(self.end)):
            msg = f"{what}: start and end must be integers, got {self.start!r} and {self.end!r}"
            raise ReportFormatError(msg)
        if not 0 <= self.start < self.end:
            msg = f"{what}: span [{self.start}, {self.end}) is empty or negative"
            raise ReportFormatError(msg)
        _check_coordinates(self.lat, self.lon, what)
        if self.tolerance_km is not None and not (
            _is_number(self.tolerance_km) and math.isfinite(self.tolerance_km) and self.tolerance_km > 0
        ):
            msg = f"{what}: tolerance_km must be a positive number, got {self.tolerance_km!r}"
            raise ReportFormatError(msg)
        if self.geonameid is not None and not _is_int(self.geonameid):
            msg = f"{what}: geonameid must be an integer, got {self.geonameid!r}"
            raise ReportFormatError(msg)

    @property
    def has_coordinates(self) -> bool:
        """Whether the toponym has gold coordinates."""
        return self.lat is not None and self.lon is not None


def _check_coordinates(lat: object, lon: object, what: str) -> None:
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        msg = f"{what}: latitude and longitude must both be given or both be missing"
        raise ReportFormatError(msg)
    if not (_is_number(lat) and _is_number(lon)):
        msg = f"{what}: coordinates must be numbers, got {lat!r}, {lon!r}"
        raise ReportFormatError(msg)
    lat_f, lon_f = float(lat), float(lon)  # type: ignore[arg-type]
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        msg = f"{what}: coordinates must be finite, got {lat!r}, {lon!r}"
        raise ReportFormatError(msg)
    if abs(lat_f) > 90:  # noqa: PLR2004
        msg = f"{what}: latitude {lat!r} is outside [-90, 90] (latitude comes first)"
        raise ReportFormatError(msg)
    if abs(lon_f) > 180:  # noqa: PLR2004
        msg = f"{what}: longitude {lon!r} is outside [-180, 180]"
        raise ReportFormatError(msg)


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold document: its text, annotated toponyms and neutral spans.

    Parameters
    ----------
    id : str
        Document id, unique within a corpus.
    text : str
        The text the offsets index into.
    toponyms : tuple of GoldToponym
        Annotated toponyms, sorted by position.
    neutral : tuple of (int, int)
        Spans annotated as places but without coordinates. A prediction on one
        is neither right nor wrong, and missing one is not an error.
    meta : Mapping[str, str]
        Document metadata (title, url, source, date ...), read-only.

    Raises
    ------
    ReportFormatError
        If a span lies outside the text or a toponym's surface is not the text
        of its span.

    Examples
    --------
    >>> doc = GoldDocument("d1", "Baku and Ganja.", (GoldToponym(0, 4, "Baku", 40.38, 49.89),), neutral=((9, 14),))
    >>> doc.text[slice(*doc.neutral[0])], dict(doc.meta)
    ('Ganja', {})
    """

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    neutral: tuple[tuple[int, int], ...] = ()
    meta: Mapping[str, str] = field(default_factory=_empty_meta, hash=False)

    def __post_init__(self) -> None:
        size = len(self.text)
        toponyms = tuple(sorted(self.toponyms, key=lambda t: (t.start, t.end)))
        for before, top in itertools.pairwise(toponyms):
            if (before.start, before.end) == (top.start, top.end):
                msg = f"document {self.id!r}: toponym {top.surface!r} [{top.start}, {top.end}) is annotated twice"
                raise ReportFormatError(msg)
        for top in toponyms:
            if top.end > size:
                msg = (
                    f"document {self.id!r}: toponym {top.surface!r} [{top.start}, {top.end}) "
                    f"ends after the text ({size} characters)"
                )
                raise ReportFormatError(msg)
            if self.text[top.start : top.end] != top.surface:
                msg = (
                    f"document {self.id!r}: toponym surface {top.surface!r} is not the text of its span "
                    f"[{top.start}, {top.end}): {self.text[top.start : top.end]!r}"
                )
                raise ReportFormatError(msg)
        neutral = tuple(sorted((int(s), int(e)) for s, e in self.neutral))
        for start, end in neutral:
            if not 0 <= start < end <= size:
                msg = (
                    f"document {self.id!r}: neutral span [{start}, {end}) is empty or outside the text "
                    f"({size} characters)"
                )
                raise ReportFormatError(msg)
        object.__setattr__(self, "toponyms", toponyms)
        object.__setattr__(self, "neutral", neutral)
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))
