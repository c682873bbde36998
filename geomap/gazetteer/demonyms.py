"""Demonyms (``Armenian``, ``Americans``) -> the places they stand for, each looked up the first time it is asked for.

A gazetteer knows a few hundred demonyms; a report names a handful. :class:`Demonyms` is a read-only
mapping that holds what each demonym key points at (a country's name, a row id) and resolves a key to
its :class:`~geomap.gazetteer.places.Place` only when a parse asks for it, so opening a gazetteer
looks nothing up. Iterating it resolves every key.

Examples
--------
>>> from geomap.gazetteer.places import Place
>>> asked = []
>>> def find(name: str) -> Place | None:
...     asked.append(name)
...     return Place("x:am", name, "country", 40.0, 45.0, "x", "hand-made") if name == "Armenia" else None
>>> table = Demonyms({"armenian": ("Armenia",), "atlantean": ("Atlantis",)}, find)
>>> "armenian" in table, asked
(True, ['Armenia'])
>>> table["armenian"].name, "atlantean" in table, len(table)
('Armenia', False, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.gazetteer.places import Place

__all__ = ["Demonyms"]


class Demonyms(Mapping[str, "Place"]):
    """Demonym keys -> places, resolved on first use.

    Parameters
    ----------
    targets
        Per demonym key, what it may stand for, in order of preference from last to first (as a
        table updated in that order would keep the last one that resolves).
    resolve
        The place a target stands for, or None when the gazetteer does not have it.
    """

    def __init__(self, targets: Mapping[str, tuple[str, ...]], resolve: Callable[[str], Place | None]) -> None:
        self._targets = dict(targets)
        self._resolve = resolve
        self._found: dict[str, Place | None] = {}
        #: Every key that may stand for a place (a superset of the mapping's keys): a set test before ``in``.
        self.candidates = frozenset(self._targets)

    def _place(self, key: object) -> Place | None:
        if not isinstance(key, str) or key not in self._targets:
            return None
        if key not in self._found:
            self._found[key] = next(
                (place for target in reversed(self._targets[key]) if (place := self._resolve(target)) is not None),
                None,
            )
        return self._found[key]

    def __getitem__(self, key: str) -> Place:
        place = self._place(key)
        if place is None:
            raise KeyError(key)
        return place

    def __contains__(self, key: object) -> bool:
        return self._place(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._targets if self._place(key) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)
