"""How well each candidate reading of a name fits the likely readings of the text's other names.

The same place or a place in the same state counts fully, nearness counts
by distance, the same country a little. Each other name contributes its
best-fitting candidate, weighted by how likely that candidate is; the fit is
the mean over the other names. It is computed on arrays, and in memory that
grows linearly with the text:

- the context (places a text names outside the spans, its demonyms) is
  deduplicated by place: "Russian" said 300 times is one column counted 300
  times, not 300 columns;
- the names are compared in blocks of :data:`BLOCK_NAMES` consecutive
  distinct names (in the order the text first names them), so a 5 MB report
  costs a series of small matrices rather than one of (names x 12)². A text
  with at most that many distinct names (every document of the benchmark
  corpora) is one block: each name is compared with every other.

Examples
--------
>>> import numpy as np
>>> from geomap.gazetteer.places import Place
>>> tbilisi = Place("x:1", "Tbilisi", "populated place", 41.69, 44.83, "x", "test", country="GE")
>>> georgia = Place("x:2", "Georgia", "country", 42.0, 43.5, "x", "test", country="GE")
>>> us_state = Place("x:3", "Georgia", "region", 32.75, -83.5, "x", "test", country="US")
>>> readings = Readings.of([tbilisi, georgia, us_state], lambda p: "")
>>> nothing = readings.take(np.arange(0))
>>> fit = coherence(np.array([0, 1, 1]), np.zeros(3), readings.take(np.arange(3)), nothing, np.ones(0))
>>> bool(fit[1] > fit[2])  # beside Tbilisi, Georgia is the country
True
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from numpy.typing import NDArray

    from geomap.gazetteer.places import Place

__all__ = ["BLOCK_NAMES", "Readings", "coherence", "in_context"]

#: Distinct names compared with each other at once (see the module docstring).
BLOCK_NAMES = 128

_NEAR_KM = 150.0
_SAME_ADMIN = 0.8  # at least _SAME_COUNTRY (Readings.related takes the first that holds)
_SAME_COUNTRY = 0.25
_EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Readings:
    """Places as coherence compares them: unit vectors, area flags, state and country codes.

    Codes are equal for places in the same state (or country); places with
    none get codes of their own (negative, distinct).
    """

    xyz: NDArray[np.float64]
    area: NDArray[np.bool_]
    admin: NDArray[np.int64]
    country: NDArray[np.int64]

    @classmethod
    def of(cls, places: Sequence[Place], admin_of: Callable[[Place], str]) -> Readings:
        """The readings of ``places``; ``admin_of`` gives the state (or other region) a place is in, or ''."""
        lon = np.radians([p.lon for p in places])
        lat = np.radians([p.lat for p in places])
        xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1).reshape(-1, 3)
        admin_ids = [admin_of(p) for p in places]
        codes = {a: i for i, a in enumerate(dict.fromkeys(admin_ids)) if a}
        country_ids = {c: i for i, c in enumerate(dict.fromkeys(p.country for p in places)) if c}
        return cls(
            xyz,
            np.array([p.kind in {"country", "region"} for p in places], dtype=bool),
            np.array([codes.get(a, -1 - i) for i, a in enumerate(admin_ids)], dtype=np.int64),
            np.array([country_ids.get(p.country, -1 - i) for i, p in enumerate(places)], dtype=np.int64),
        )

    @classmethod
    def of_columns(
        cls,
        lon: NDArray[np.float64],
        lat: NDArray[np.float64],
        area: NDArray[np.bool_],
        admin: NDArray[np.int64],
        country: NDArray[np.bytes_],
    ) -> Readings:
        """Readings from columns: degrees, area flags, state codes (-1: none) and country codes (empty: none).

        Codes are kept as they are (a country as the integer of its bytes) and none stays -1:
        :meth:`joined` gives readings without state or country codes of their own.
        """
        lon, lat = np.radians(lon), np.radians(lat)
        xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1).reshape(-1, 3)
        code = np.asarray(country, dtype="S4").view("<u4").astype(np.int64)
        return cls(xyz, area, admin, np.where(code > 0, code, -1))

    @classmethod
    def joined(cls, parts: Sequence[Readings]) -> Readings:
        """``parts`` (from :meth:`of_columns`) one after another; readings without a state or country get own codes."""
        admin = np.concatenate([p.admin for p in parts])
        country = np.concatenate([p.country for p in parts])
        own = -1 - np.arange(len(admin), dtype=np.int64)
        return cls(
            np.concatenate([p.xyz for p in parts]).reshape(-1, 3),
            np.concatenate([p.area for p in parts]),
            np.where(admin >= 0, admin, own),
            np.where(country >= 0, country, own),
        )

    def take(self, index: NDArray[np.intp] | slice) -> Readings:
        """The readings at ``index``."""
        return Readings(self.xyz[index], self.area[index], self.admin[index], self.country[index])

    def related(self, other: Readings) -> NDArray[np.float64]:
        """How related each of these places is to each of ``other`` (rows x columns, 0-1)."""
        # exp(-km / near km), computed in place (the same operations in the same order)
        near = self.xyz @ other.xyz.T
        np.minimum(near, 1.0, out=near)  # np.clip(near, -1, 1), without its Python-level dispatch
        np.maximum(near, -1.0, out=near)
        np.arccos(near, out=near)
        near *= _EARTH_RADIUS_KM
        np.negative(near, out=near)
        near /= _NEAR_KM
        np.exp(near, out=near)
        near[self.area] = 0.0  # areas are related by state and country only
        near[:, other.area] = 0.0
        same = np.where(
            self.admin[:, None] == other.admin[None, :],
            _SAME_ADMIN,
            np.where(self.country[:, None] == other.country[None, :], _SAME_COUNTRY, 0.0),
        )
        related: NDArray[np.float64] = np.maximum(near, same, out=near)
        return related


def coherence(
    groups: NDArray[np.intp],
    scores: NDArray[np.float64],
    candidates: Readings,
    context: Readings,
    counts: NDArray[np.float64],
) -> NDArray[np.float64]:
    """How well each candidate fits the likely readings of the other names of the text.

    Parameters
    ----------
    groups
        The name each candidate reads, numbered 0, 1, ... in text order; a
        name's candidates are consecutive.
    scores
        Each candidate's current score; a candidate weighs ``exp(score -
        best score of its name)``.
    candidates
        The candidates' readings.
    context
        Places the text names outside its spans, each once, certain (weight 1).
    counts
        How many times the text names each context place.

    Returns
    -------
    ndarray
        Each candidate's fit: the mean over the other names (and context
        mentions) of their best-fitting reading's weighted relatedness.
    """
    fit = np.zeros(len(groups))
    for block, rows, local, group, names, context_total in _blocks(groups, candidates, context, counts):
        every = np.arange(len(group))
        fit[block] = _fit(
            rows.related(rows), context_total, scores[block], local=local, group=group, names=names, rows=every
        )
    return fit


def in_context(
    groups: NDArray[np.intp],
    own: NDArray[np.float64],
    candidates: Readings,
    context: Readings,
    counts: NDArray[np.float64],
    *,
    rounds: int,
    weight: float,
) -> NDArray[np.float64]:
    """Scores after ``rounds`` rounds of ``own + weight * coherence(scores)``, starting from ``own``.

    A block's relatedness is computed once for all rounds (a name's weights
    only depend on its own candidates' scores, so blocks do not interact).
    """
    scores = own.copy()
    for block, rows, local, group, names, context_total in _blocks(groups, candidates, context, counts):
        related = rows.related(rows)
        mine = own[block]
        current = mine
        every = np.arange(len(group))
        for _ in range(rounds):
            fit = _fit(related, context_total, current, local=local, group=group, names=names, rows=every)
            current = mine + weight * fit
        scores[block] = current
    return scores


def _blocks(
    groups: NDArray[np.intp], candidates: Readings, context: Readings, counts: NDArray[np.float64]
) -> Iterator[tuple[slice, Readings, NDArray[np.intp], NDArray[np.intp], float, NDArray[np.float64] | float]]:
    """Each block of names with something to fit with, and what its fit needs.

    Yields its rows (a slice), their readings, the first row of each of its
    names and each row's name (counted from the block's first), how many
    names it and the context count, and each row's relatedness to the
    context (times the counts).
    """
    if not len(groups):
        return
    starts = np.flatnonzero(np.concatenate(([True], groups[1:] != groups[:-1])))
    n_context = float(counts.sum())
    bounds = [*starts[::BLOCK_NAMES].tolist(), len(groups)]
    whole = len(bounds) == 2  # noqa: PLR2004 - one block: no copies
    for lo, hi in itertools.pairwise(bounds):
        names = groups[hi - 1] - groups[lo] + 1
        if names + n_context < 2:  # noqa: PLR2004 - nothing else to fit with
            continue
        block = slice(lo, hi)
        rows = candidates if whole else candidates.take(block)
        context_total = rows.related(context) @ counts if len(counts) else 0.0
        local = starts if whole else starts[(starts >= lo) & (starts < hi)] - lo
        yield block, rows, local, groups[block] - groups[lo], names + n_context, context_total


def _fit(
    related: NDArray[np.float64],
    context_total: NDArray[np.float64] | float,
    scores: NDArray[np.float64],
    *,
    local: NDArray[np.intp],
    group: NDArray[np.intp],
    names: float,
    rows: NDArray[np.intp],
) -> NDArray[np.float64]:
    """One block's fit: per row, the mean over the other names of their best weighted relatedness.

    ``rows`` is ``arange(len(group))``, made once per block.
    """
    weight = np.exp(scores - np.maximum.reduceat(scores, local)[group])
    best = np.maximum.reduceat(related * weight[None, :], local, axis=1)
    best[rows, group] = 0.0
    total = best.sum(axis=1) + context_total
    fit: NDArray[np.float64] = total / (names - 1)
    return fit
