"""Checking gazetteer rows: every row of a file checked, every bad one named, in one pass.

A :class:`RowCheck` takes the rows of one file (CSV records, GeoJSON
features, GeoNames dump lines) one at a time, turns each good one into a
:class:`~geomap.gazetteer.places.Place` or :class:`~geomap.gazetteer.layers.IndexRow` and keeps a
:class:`~geomap.errors.GazetteerError` naming the file and line (or feature)
for each bad one: a missing or non-text field, a number that is not finite, a
latitude or longitude out of range, a population below 0 or above
:data:`MAX_POPULATION`, an id seen before (checked with a dict: linear time).
:meth:`RowCheck.result` then raises one :class:`~geomap.errors.GazetteerRowsError`
holding all of them, or, with ``skip_bad``, returns the good rows.

Examples
--------
>>> check = RowCheck("p.csv", layer="user:p")
>>> check.add_record({"id": "a", "name": "A", "lat": "40", "lon": "46", "source": "s"}, line=2)
>>> check.add_record({"id": "a", "name": "B", "lat": "nan", "lon": "46", "source": "s"}, line=3)
>>> [str(p) for p in check.problems]
["p.csv:3: column 'lat' must be a finite number, got 'nan'", 'p.csv:3: id a is also on line 2']
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from geomap.errors import GazetteerError, GazetteerRowsError
from geomap.gazetteer.places import Place

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from geomap.gazetteer.layers import IndexRow

__all__ = ["MAX_POPULATION", "RowCheck", "as_number", "as_population"]

#: Largest population a gazetteer row may give (more than the world's).
MAX_POPULATION = 10_000_000_000
_TEXT_LIMIT = 200


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _TEXT_LIMIT else text[:_TEXT_LIMIT] + "..."


def as_number(value: object, column: str) -> float:
    """A finite float from a number or numeric text.

    Raises
    ------
    ValueError
        With the message to show, naming the column.

    Examples
    --------
    >>> as_number("40.5", "lat")
    40.5
    >>> as_number(float("inf"), "lon")
    Traceback (most recent call last):
    ValueError: column 'lon' must be a finite number, got inf
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        msg = f"column {column!r} must be a number, got {_show(value)}"
        raise ValueError(msg)  # noqa: TRY004 - the caller turns ValueErrors into row problems
    try:
        number = float(value)
    except (ValueError, OverflowError):
        msg = f"column {column!r} must be a number, got {_show(value)}"
        raise ValueError(msg) from None
    if not math.isfinite(number):
        msg = f"column {column!r} must be a finite number, got {_show(value)}"
        raise ValueError(msg)
    return number


def as_population(value: object) -> int:
    """A whole population between 0 and :data:`MAX_POPULATION`; empty means 0.

    Examples
    --------
    >>> as_population(""), as_population("1200"), as_population(3.0)
    (0, 1200, 3)
    >>> as_population("1" * 23)
    Traceback (most recent call last):
    ValueError: column 'population' must be between 0 and 10,000,000,000, got '11111111111111111111111'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        number: float = int(value.strip())
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        number = as_number(value, "population")
        if not number.is_integer():
            msg = f"column 'population' must be a whole number, got {_show(value)}"
            raise ValueError(msg)
    if not 0 <= number <= MAX_POPULATION:
        msg = f"column 'population' must be between 0 and {MAX_POPULATION:,}, got {_show(value)}"
        raise ValueError(msg)
    return int(number)


def _text(record: Mapping[str, Any], column: str, *, required: bool = False, default: str = "") -> str:
    value = record.get(column)
    if value is None:
        value = ""
    if column == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        msg = f"column {column!r} must be text, got {_show(value)}"
        raise ValueError(msg)  # noqa: TRY004 - a row problem
    value = value.strip()
    if required and not value:
        msg = (
            "every place needs a 'source' saying where its coordinates came from"
            if column == "source"
            else f"missing value for {column}"
        )
        raise ValueError(msg)
    return value or default


def _aliases(value: object) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(a.strip() for a in value.split("|") if a.strip())
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return tuple(a.strip() for a in value if a.strip())
    msg = f"column 'aliases' must be text separated by '|' or a list of texts, got {_show(value)}"
    raise ValueError(msg)


class RowCheck:
    """The rows of one gazetteer file, checked one by one; see the module docstring.

    Parameters
    ----------
    path
        The file, for messages.
    layer
        The layer name the places get (``user:mine``).
    """

    def __init__(self, path: str | Path, *, layer: str) -> None:
        self.path = path
        self.layer = layer
        self.places: list[Place] = []
        self.rows: list[IndexRow] = []
        self.problems: list[GazetteerError] = []
        self.rejected: list[tuple[str, str, str]] = []  # (where, id, reason) of each bad row
        self._seen: dict[str, str] = {}

    def problem(self, reason: str, *, line: int | None = None, feature: int | None = None, ident: str = "") -> None:
        """Record a bad row at ``line`` (or GeoJSON ``feature`` index)."""
        if feature is not None:
            label = f"feature {feature}" + (f" (id {ident})" if ident and ident != str(feature) else "")
            reason = f"{label}{' ' if reason.startswith('has ') else ': '}{reason}"
        self.problems.append(GazetteerError(reason, path=self.path, line=line))
        where = "" if line is None else str(line)
        self.rejected.append((where if feature is None else f"feature {feature}", ident, reason))

    def _unique(self, ident: str, where: str) -> str | None:
        first = self._seen.setdefault(ident, where)
        return None if first == where else first

    def _where(self, line: int | None, feature: int | None) -> str:
        return f"feature {feature}" if feature is not None else f"line {line}"

    def add_record(
        self,
        record: Mapping[str, Any],
        *,
        line: int | None = None,
        feature: int | None = None,
        waypoints: tuple[tuple[float, float], ...] | None = None,
    ) -> None:
        """Check one record with the columns of ``gazetteer/places.csv``; keep its place or its problems."""
        raw_id = record.get("id")
        ident = "" if raw_id is None else str(raw_id).strip()
        fields: dict[str, Any] = {}
        reasons = []
        checks: dict[str, Callable[[], object]] = {
            "id": lambda: _text(record, "id", required=True),
            "name": lambda: _text(record, "name", required=True),
            "kind": lambda: _text(record, "kind", default="road" if waypoints else "populated place"),
            "lat": lambda: as_number(record.get("lat"), "lat"),
            "lon": lambda: as_number(record.get("lon"), "lon"),
            "country": lambda: _text(record, "country").upper(),
            "parent": lambda: _text(record, "parent"),
            "population": lambda: as_population(record.get("population")),
            "aliases": lambda: _aliases(record.get("aliases")),
            "source": lambda: _text(record, "source", required=True),
        }
        for column, check in checks.items():
            if column in {"lat", "lon"} and record.get(column) in {None, ""}:
                reasons.append(f"missing value for {column}")
                continue
            try:
                fields[column] = check()
            except ValueError as exc:
                reasons.append(str(exc))
        if ident:
            first = self._unique(ident, self._where(line, feature))
            if first is not None:
                reasons.append(f"id {ident} is also on {first}")
        if not reasons:
            try:
                place = Place(
                    place_id=f"{self.layer}:{fields['id']}",
                    name=fields["name"],
                    kind=fields["kind"],
                    lat=fields["lat"],
                    lon=fields["lon"],
                    layer=self.layer,
                    source=fields["source"],
                    country=fields["country"],
                    parent=f"{self.layer}:{fields['parent']}" if fields["parent"] else "",
                    population=fields["population"],
                    aliases=fields["aliases"],
                    line=waypoints,
                )
            except GazetteerError as exc:
                reasons.append(str(exc) if feature is None else str(exc).removeprefix(f"{self.layer}:{ident}: "))
            else:
                self.places.append(place)
                return
        for reason in reasons:
            self.problem(reason, line=line, feature=feature, ident=ident)

    def add_row(self, row: IndexRow, *, line: int) -> None:
        """Check a row read from a GeoNames dump: id, name, coordinates, population and a unique id."""
        reasons = []
        if not row.ident:
            reasons.append("missing value for the geonameid")
        if not row.name:
            reasons.append("missing value for the name")
        try:
            Place(f"{self.layer}:{row.ident}", row.name or "?", row.kind, row.lat, row.lon, self.layer, row.source)
        except GazetteerError as exc:
            reasons.append(str(exc).split(": ", 1)[-1])
        if row.ident:
            first = self._unique(row.ident, f"line {line}")
            if first is not None:
                reasons.append(f"geonameid {row.ident} is also on {first}")
        if not reasons:
            self.rows.append(row)
        for reason in reasons:
            self.problem(reason, line=line, ident=row.ident)

    def result(self, *, skip_bad: bool = False) -> None:
        """Raise every problem at once unless ``skip_bad``; raise when no row is good.

        Raises
        ------
        GazetteerRowsError
            Naming the first bad row, with all of them in ``problems``.
        GazetteerError
            If the file holds no good row at all.
        """
        if self.problems and not skip_bad:
            raise GazetteerRowsError(self.problems)
        if not self.places and not self.rows:
            msg = "no places in file" if not self.problems else f"no good rows: all {len(self.rejected)} are bad"
            raise GazetteerError(msg, path=self.path)
