"""The arithmetic of scoring: ratios, F1, one-to-one span matching and the error AUC."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from geomap.evaluation.results import MAX_ERROR_KM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import ArrayLike

__all__ = ["count_exact", "error_auc", "f1", "match_overlap", "overlap", "ratio"]


def error_auc(errors_km: ArrayLike) -> float | None:
    """Area under the curve of log geocoding errors, as defined by Gritta et al. (2018).

    Each error ``e`` (km) becomes ``ln(e + 1) / ln(20039)``, capped at 1
    (20039 km is the largest possible error). The errors are sorted in
    ascending order and placed evenly on [0, 1], and the area under that
    curve is taken with the trapezoidal rule::

        AUC = trapezoid(sorted(ln(e + 1) / ln(20039)), dx=1) / (n - 1)

    So 0 means every error is 0 and 1 means every toponym is as wrong as it
    can be; lower is better. The log scale weighs an error of 10 km against
    one of 50 km more than 2,010 km against 2,050 km. A single error gives
    its own scaled value.

    Source: M. Gritta, M. T. Pilehvar, N. Limsopatham and N. Collier, "What's
    missing in geographical parsing?", *Language Resources and Evaluation*
    52 (2018) 603-623, doi:10.1007/s10579-017-9385-8 (the geocoding metrics
    section); the authors' code computes ``np.trapz(np.log(errors + 1)) /
    (np.log(20039) * (len(errors) - 1))`` (``print_stats`` in
    github.com/milangritta/Geocoding-with-Map-Vector).

    Parameters
    ----------
    errors_km : array_like of float
        Errors in km, non-negative; unresolved toponyms as :data:`MAX_ERROR_KM`.

    Returns
    -------
    float or None
        The AUC in [0, 1]; None for no errors.

    Examples
    --------
    >>> error_auc([0.0, 0.0])
    0.0
    >>> round(error_auc([0.0, 20039.0]), 3), error_auc([20039.0, 20039.0])
    (0.5, 1.0)
    >>> round(error_auc([1.0, 10.0, 100.0]), 3)
    0.255
    """
    errors = np.asarray(errors_km, dtype=float).ravel()
    if errors.size == 0:
        return None
    scaled = np.minimum(np.log1p(np.sort(np.maximum(errors, 0.0))) / math.log(MAX_ERROR_KM), 1.0)
    if scaled.size == 1:
        return float(scaled[0])
    area = scaled.sum() - (scaled[0] + scaled[-1]) / 2.0  # trapezoidal rule with unit spacing
    return float(area / (scaled.size - 1))


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when there is nothing to divide by.

    >>> ratio(3, 4), ratio(0, 0)
    (0.75, None)
    """
    return float(numerator) / denominator if denominator else None


def f1(true_positives: int, predicted: int, gold: int) -> float | None:
    """F1 from counts: the harmonic mean of precision and recall.

    >>> f1(3, 4, 6)
    0.6
    """
    # 2PR / (P + R) == 2TP / (predicted + gold), defined even when P or R is not.
    return ratio(2 * true_positives, predicted + gold)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two ``(start, end)`` spans share (zero or less when they do not touch).

    >>> overlap((0, 5), (3, 9)), overlap((0, 2), (4, 6))
    (2, -2)
    """
    return min(a[1], b[1]) - max(a[0], b[0])


def match_overlap(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs of overlapping spans, largest overlap first."""
    candidates = [
        (-size, abs(g[0] - p[0]) + abs(g[1] - p[1]), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if (size := overlap(g, p)) > 0
    ]
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def count_exact(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> int:
    """Predicted spans equal to a gold span, each gold span matched at most once.

    >>> count_exact([(0, 3), (5, 8)], [(0, 3), (0, 3), (5, 7)])
    1
    """
    remaining = Counter(gold)
    hits = 0
    for span in pred:
        if remaining[span] > 0:
            remaining[span] -= 1
            hits += 1
    return hits
