"""Boxes drawn on the map: the legend and small tables, filled as text by the runtime."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.maps.runtime import RuntimeCall

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["SWATCHES", "Entry", "Legend", "Section", "TableBox"]

#: How a legend row's swatch is drawn: as the map draws what it stands for.
SWATCHES = ("square", "dot", "outline", "area", "line")
#: A legend row: label, CSS colour and, optionally, one of :data:`SWATCHES` (a square when absent).
Entry = tuple[str, str] | tuple[str, str, str]
#: A legend section: its title and rows.
Section = tuple[str, list[Entry]]


class Legend(RuntimeCall):
    """A legend box: sections of a title and (label, colour) rows, filled in the browser via ``textContent``.

    Parameters
    ----------
    sections
        ``(title, rows)`` pairs; each row is (label, CSS colour) or (label, CSS colour, swatch),
        the swatch one of :data:`SWATCHES`, so a dot, a dashed outline and a filled area
        read as what the map draws them for.
    position
        A Leaflet control position.

    Examples
    --------
    >>> '["Shelling","#ff7f00","dot"]' in Legend([("Events", [("Shelling", "#ff7f00", "dot")])]).block
    True
    """

    def __init__(self, sections: Sequence[tuple[str, Sequence[Entry]]], *, position: str = "bottomright") -> None:
        super().__init__(
            "box",
            {
                "position": position,
                "cls": "geomap-key",
                "sections": [
                    {"title": str(title), "entries": [_entry(row) for row in rows]} for title, rows in sections
                ],
            },
        )


def _entry(row: Entry) -> list[str]:
    """A legend row as the runtime reads it: label, colour, swatch (checked: it names a CSS class)."""
    label, colour, *shape = (str(part) for part in row)
    swatch = shape[0] if shape else "square"
    if swatch not in SWATCHES:
        msg = f"legend swatch {swatch!r} is not one of {', '.join(SWATCHES)}"
        raise ValueError(msg)
    return [label, colour, swatch]


class TableBox(RuntimeCall):
    """A small table drawn on the map (filled via ``textContent``, so cell text stays text)."""

    def __init__(self, title: str, rows: Sequence[Sequence[object]], *, position: str = "topright") -> None:
        super().__init__(
            "box",
            {
                "position": position,
                "cls": "geomap-table",
                "sections": [{"title": str(title), "rows": [[str(cell) for cell in row] for row in rows]}],
            },
        )
