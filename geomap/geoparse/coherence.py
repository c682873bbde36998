"""How well each candidate reading of a name fits the likely readings of the text's other names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from numpy.typing import NDArray

    from geomap.places import Place

__all__ = ["coherence"]

_NEAR_KM = 150.0
_SAME_ADMIN = 0.8
_SAME_COUNTRY = 0.25
_EARTH_RADIUS_KM = 6371.0


def coherence(
    groups: Sequence[int],
    places: Sequence[Place],
    scores: NDArray[np.float64],
    context: Sequence[Place],
    admin_of: Callable[[Place], str],
) -> NDArray[np.float64]:
    """How well each candidate fits the likely readings of the other names of the text.

    Every candidate is compared with every candidate of the other names
    (and the context places): the same place or a place in the same
    state counts fully, nearness counts by distance, the same country a
    little. Each other name contributes its best-fitting candidate,
    weighted by how likely that candidate is; the fit is the mean over
    the other names. All of it is done on arrays, one text at a time.
    ``admin_of`` gives the state (or other region) a place is in.
    """
    group = np.asarray([*groups, *range(-1, -len(context) - 1, -1)])
    every = [*places, *context]
    n_groups = len(set(groups)) + len(context)
    if n_groups < 2:  # noqa: PLR2004
        return np.zeros(len(places))
    lon = np.radians([p.lon for p in every])
    lat = np.radians([p.lat for p in every])
    xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
    km = np.arccos(np.clip(xyz @ xyz.T, -1.0, 1.0)) * _EARTH_RADIUS_KM
    area = np.array([p.kind in {"country", "region"} for p in every])
    admin_ids = [admin_of(p) for p in every]
    codes = {a: i for i, a in enumerate(dict.fromkeys(admin_ids)) if a}
    admin = np.array([codes.get(a, -1 - i) for i, a in enumerate(admin_ids)])
    country_ids = {c: i for i, c in enumerate(dict.fromkeys(p.country for p in every)) if c}
    country = np.array([country_ids.get(p.country, -1 - i) for i, p in enumerate(every)])
    related = np.maximum(
        np.where(area[:, None] | area[None, :], 0.0, np.exp(-km / _NEAR_KM)),
        np.maximum(
            (admin[:, None] == admin[None, :]) * _SAME_ADMIN, (country[:, None] == country[None, :]) * _SAME_COUNTRY
        ),
    )
    # How likely each candidate is against the best of its own name (context places are certain).
    weight = np.ones(len(every))
    for g in set(groups):
        members = group == g
        own = scores[members[: len(places)]]
        weight[members] = np.exp(own - own.max())
    support = related[: len(places)] * weight[None, :]
    fit = np.zeros(len(places))
    for g in np.unique(group):
        cols = group == g
        best = support[:, cols].max(axis=1)
        best[np.asarray(groups) == g] = 0.0
        fit += best
    return fit / (n_groups - 1)
