"""Boxes drawn on the map: the legend and small tables, filled as text by the runtime."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.maps.runtime import RuntimeCall

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Legend", "TableBox"]


class Legend(RuntimeCall):
    """A legend box: sections of a title and (label, colour) rows, filled in the browser via ``textContent``.

    Parameters
    ----------
    sections
        ``(title, rows)`` pairs; each row is (label, CSS colour).
    position
        A Leaflet control position.
    """

    def __init__(
        self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], *, position: str = "bottomright"
    ) -> None:
        super().__init__(
            "box",
            {
                "position": position,
                "cls": "geomap-key",
                "sections": [
                    {"title": str(title), "entries": [[str(a), str(b)] for a, b in rows]} for title, rows in sections
                ],
            },
        )


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
