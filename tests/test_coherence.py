from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from geomap.gazetteer.places import Place
from geomap.geoparse import coherence as module
from geomap.geoparse.coherence import Readings, coherence

if TYPE_CHECKING:
    import pytest


def _place(ident: str, kind: str, lat: float, lon: float, country: str) -> Place:
    return Place(f"t:{ident}", ident, kind, lat, lon, "t", "test", country=country)


TOWN_A = _place("a", "populated place", 40.0, 45.0, "AZ")
TOWN_B = _place("b", "populated place", 40.3, 45.2, "AZ")
FAR_TOWN = _place("far", "populated place", 10.0, -70.0, "VE")
COUNTRY = _place("country", "country", 40.5, 47.5, "AZ")


def _fit(candidates: list[Place], groups: list[int], context: list[Place], counts: list[float]) -> np.ndarray:
    readings = Readings.of([*candidates, *context], lambda _: "")  # one set of state and country codes
    n = len(candidates)
    return coherence(
        np.asarray(groups, dtype=np.intp),
        np.zeros(n),
        readings.take(np.arange(n)),
        readings.take(np.arange(n, n + len(context))),
        np.asarray(counts, dtype=float),
    )


def test_a_context_place_counted_n_times_weighs_as_n_mentions_of_it() -> None:
    candidates = [TOWN_A, FAR_TOWN, TOWN_B]
    once_each = _fit(candidates, [0, 0, 1], [COUNTRY, COUNTRY, COUNTRY], [1, 1, 1])
    counted = _fit(candidates, [0, 0, 1], [COUNTRY], [3])
    np.testing.assert_allclose(counted, once_each)


def test_the_reading_near_the_other_names_fits_best() -> None:
    fit = _fit([TOWN_A, FAR_TOWN, TOWN_B], [0, 0, 1], [], [])
    assert fit[0] > fit[1]


def test_a_lone_name_without_context_has_no_fit() -> None:
    assert _fit([TOWN_A, FAR_TOWN], [0, 0], [], []).tolist() == [0.0, 0.0]


def test_names_beyond_one_block_are_fitted_within_their_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "BLOCK_NAMES", 2)
    fit = _fit([TOWN_A, TOWN_B, FAR_TOWN, TOWN_A], [0, 1, 2, 3], [], [])
    assert fit[0] == fit[1] > 0.0  # block 1: the two towns fit each other
    assert fit[2] == fit[3] < 1e-9  # block 2: the far town and town A are unrelated
