"""Scoring a geoparser against gold corpora: the numbers behind ``geomap evaluate``.

The geoparser comes in as a plain callable, so this module knows nothing of
how it works:

- :func:`evaluate` scores it end to end: ``predict(text)`` returns the
  toponyms it finds, each a :class:`Prediction` with a span and (if resolved)
  coordinates. Recognition is scored by span, resolution on the toponyms it
  found, and geo-F1 on both at once.
- :func:`evaluate_gold_spans` scores resolution alone: ``resolve(text,
  spans)`` gets the gold spans and returns one prediction (or None) per span.

Both return an :class:`Evaluation`, plain numbers with :meth:`Evaluation.to_dict`
for JSON and :meth:`Evaluation.as_rows` for a table. Nothing is printed.

Conventions
-----------
- Recognition: a prediction that overlaps a neutral span of the gold (a
  place annotated without coordinates) and no gold toponym is left out: it
  is neither a true nor a false positive. Neutral spans are never false
  negatives. Matching is one-to-one, exact (same start and end) or by
  overlap (greedy, largest overlap first).
- Resolution is scored on matched toponyms that have gold coordinates; a
  prediction without coordinates is wrong, with the largest possible error,
  :data:`MAX_ERROR_KM`. Distances are geodesic on the WGS84 ellipsoid.
- Geo-F1: a prediction is a true positive only if it overlaps a gold
  toponym (one-to-one) and lies within 161 km of it.

Examples
--------
>>> from geomap.corpora import GoldDocument, GoldToponym
>>> from geomap.evaluation import Prediction, evaluate
>>> doc = GoldDocument("d1", "Shelling hit Terter.", (GoldToponym(13, 19, "Terter", 40.34, 47.15),))
>>> result = evaluate([doc], lambda text: [Prediction(13, 19, "Terter", 40.35, 47.16)])
>>> result.f1_exact, result.acc_161km, result.geo_f1
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

from geomap.evaluation.metrics import error_auc
from geomap.evaluation.predictors import predictor, resolver
from geomap.evaluation.results import GEO_F1_KM, MAX_ERROR_KM, ErrorRow, Evaluation, Prediction
from geomap.evaluation.toponyms import evaluate, evaluate_gold_spans

__all__ = [
    "GEO_F1_KM",
    "MAX_ERROR_KM",
    "ErrorRow",
    "Evaluation",
    "Prediction",
    "error_auc",
    "evaluate",
    "evaluate_gold_spans",
    "predictor",
    "resolver",
]
