"""The value the geoparser gives: a place name in a text, its span and the place chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.gazetteer.places import Place

__all__ = ["Mention"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in a text.

    Attributes
    ----------
    surface
        The name as written; ``text[start:end] == surface``.
    start, end
        Character span in the text (end exclusive).
    place
        The chosen place, or None when no gazetteer layer knows the name.
    alias
        The gazetteer name or alias that matched, or None.
    method
        ``exact``, ``loose`` or ``fuzzy`` (see :meth:`Gazetteer.lookup`), or None.
    score
        Confidence in the choice, 0-1 (1 = one candidate, matched exactly).
    cue
        The kind of place the words around the mention point to, if any.
    candidates
        How many places were considered.
    role
        ``name`` for a place name; ``part`` for a place named inside a longer
        name (the ends of the "Vardenis-Agdara road"); ``demonym`` for an
        adjective standing for a country ("Russian President").
    located_at
        For a name no gazetteer knows: the larger place it lies in, when the
        text says (a listed village's district), else None.
    geo_precision
        2 when the mention is located only at ``located_at``; None otherwise.
    note
        How an unresolved mention was located, if it was.
    """

    surface: str
    start: int
    end: int
    place: Place | None
    alias: str | None = None
    method: str | None = None
    score: float = 0.0
    cue: str | None = None
    candidates: int = 0
    role: str = "name"
    located_at: Place | None = None
    geo_precision: int | None = None
    note: str | None = None

    @property
    def resolved(self) -> bool:
        """Whether a place was chosen."""
        return self.place is not None

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form: the span, the place chosen (None fields when unresolved) and its source."""
        place = self.place
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "resolved": self.resolved,
            "place_id": place.place_id if place else None,
            "name": place.name if place else None,
            "kind": place.kind if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "alias": self.alias,
            "method": self.method,
            "score": self.score,
            "cue": self.cue,
            "layer": place.layer if place else None,
            "source": place.source if place else None,
            "located_at": self.located_at.place_id if self.located_at else None,
            "located_at_name": self.located_at.name if self.located_at else None,
            "geo_precision": self.geo_precision,
            "note": self.note,
        }
