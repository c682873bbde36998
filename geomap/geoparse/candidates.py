"""The candidate places of a name: every layer's entries for its keys, as arrays, best first.

:func:`candidates` gathers, layer by layer, the places whose exact key or
loose key is the name's, with the columns the resolver ranks them by
(:class:`~geomap.gazetteer.nameindex.Columns`); no row is read until a candidate is
chosen (:meth:`Candidates.place`). The order is
:meth:`Gazetteer.lookup <geomap.gazetteer.Gazetteer.lookup>`'s: exact before
loose, the more trusted layer first, then the larger population.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from geomap.gazetteer import names
from geomap.gazetteer.nameindex import LATIN, MAIN_NAME

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from geomap.gazetteer.layers import IndexedLayer, MemoryLayer
    from geomap.gazetteer.places import Place

    AnyLayer = IndexedLayer | MemoryLayer

__all__ = ["Candidates", "candidates", "demonym_candidate", "take"]

# A layer's state codes are kept apart from the others' by this multiple of its index.
_LAYER_STRIDE = 1 << 40


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate places of one name, one array element each (see the module docstring).

    ``alias`` indexes ``Place.names``; -1 means the name as written (a demonym).
    ``admin`` codes are unique across layers, -1 for none.
    """

    layer: NDArray[np.int64]
    row: NDArray[np.int64]
    alias: NDArray[np.int64]
    flags: NDArray[np.int64]
    exact: NDArray[np.bool_]
    kind: NDArray[np.int64]
    population: NDArray[np.int64]
    log_population: NDArray[np.float64]
    country: NDArray[np.bytes_]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    parent: NDArray[np.int64]
    admin: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.row)

    def place(self, layers: Sequence[AnyLayer], i: int) -> Place:
        """The ``i``-th candidate's place (its row read now)."""
        return layers[int(self.layer[i])].row(int(self.row[i]))


def _gather(layer_index: int, layer: AnyLayer, entries: NDArray[np.void], exact: NDArray[np.bool_]) -> Candidates:
    rows = entries["row"].astype(np.int64)
    columns = layer.columns
    admin = columns.admin[rows]
    return Candidates(
        layer=np.full(len(rows), layer_index, dtype=np.int64),
        row=rows,
        alias=entries["alias"].astype(np.int64),
        flags=entries["flags"].astype(np.int64),
        exact=exact,
        kind=columns.kind[rows].astype(np.int64),
        population=columns.population[rows],
        log_population=columns.log_population[rows],
        country=columns.country[rows],
        lon=columns.coords[rows, 0],
        lat=columns.coords[rows, 1],
        parent=columns.parent[rows],
        admin=np.where(admin >= 0, admin + layer_index * _LAYER_STRIDE, -1),
    )


def _concat(parts: Sequence[Candidates]) -> Candidates:
    fields = Candidates.__dataclass_fields__
    return Candidates(**{name: np.concatenate([getattr(p, name) for p in parts]) for name in fields})


def take(found: Candidates, index: NDArray[np.intp]) -> Candidates:
    """The candidates at ``index``."""
    return Candidates(**{name: getattr(found, name)[index] for name in Candidates.__dataclass_fields__})


def candidates(layers: Sequence[AnyLayer], key: str, loose_key: str) -> Candidates:
    """The places of every layer named ``key`` (exact) or ``loose_key`` (loose), best first."""
    parts = []
    for i, layer in enumerate(layers):
        if not key:
            break
        exact, loose = layer.names.entries(key), layer.loose_names.entries(loose_key)
        if not len(exact) and not len(loose):
            continue
        entries = np.concatenate([exact, loose])
        _, first = np.unique(entries["row"], return_index=True)  # a place once, by its best match
        keep = np.sort(first)
        parts.append(_gather(i, layer, entries[keep], keep < len(exact)))
    if not parts:
        return _empty()
    found = _concat(parts)
    return take(found, np.lexsort((-found.population, found.layer, ~found.exact)))


def _empty() -> Candidates:
    empty_i = np.zeros(0, dtype=np.int64)
    empty_f = np.zeros(0, dtype=np.float64)
    return Candidates(
        empty_i, empty_i, empty_i, empty_i, np.zeros(0, bool), empty_i, empty_i, empty_f,
        np.zeros(0, "S3"), empty_f, empty_f, empty_i, empty_i,
    )  # fmt: skip


def demonym_candidate(layers: Sequence[AnyLayer], place: Place, surface: str) -> Candidates:
    """The one candidate of a demonym: the place it stands for, matched by the demonym as written."""
    index = next(i for i, layer in enumerate(layers) if layer.name == place.layer)
    layer = layers[index]
    row = layer.row_of(place.place_id)
    flags = (LATIN if names.latin(surface) else 0) | (MAIN_NAME if names.key(surface) == names.key(place.name) else 0)
    entry = np.array([(row, 0, flags)], dtype=layer.names.entries("").dtype)
    found = _gather(index, layer, entry, np.ones(1, dtype=bool))
    return Candidates(**{**{n: getattr(found, n) for n in Candidates.__dataclass_fields__}, "alias": np.array([-1])})
