"""Scoring toponyms: recognition by span, resolution by distance, geo-F1 over both."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from geomap import crs
from geomap.evaluation.metrics import count_exact, error_auc, f1, match_overlap, overlap, ratio
from geomap.evaluation.results import GEO_F1_KM, MAX_ERROR_KM, ErrorRow, Evaluation, Prediction

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from numpy.typing import NDArray

    from geomap.corpora import GoldDocument, GoldToponym

__all__ = ["evaluate", "evaluate_gold_spans"]


@dataclass(slots=True)
class _Pairs:
    """Gold toponyms with coordinates and the prediction matched to each, gathered over a corpus."""

    doc_ids: list[str] = field(default_factory=list)
    gold: list[GoldToponym] = field(default_factory=list)
    pred: list[Prediction | None] = field(default_factory=list)

    def add(self, doc_id: str, gold: GoldToponym, pred: Prediction | None) -> None:
        if gold.lat is not None and gold.lon is not None:
            self.doc_ids.append(doc_id)
            self.gold.append(gold)
            self.pred.append(pred)


@dataclass(frozen=True, slots=True)
class _Resolution:
    errors_km: NDArray[np.float64]  # MAX_ERROR_KM where unresolved
    resolved: NDArray[np.bool_]
    fields: dict[str, Any]


def _check_n_worst(n_worst: int) -> None:
    if n_worst < 0:
        msg = f"n_worst must be zero or more, got {n_worst}"
        raise ValueError(msg)


def _score_resolution(pairs: _Pairs, n_worst: int) -> _Resolution:
    n = len(pairs.gold)
    resolved = np.array([p is not None and p.resolved for p in pairs.pred], dtype=bool)
    glat = np.array([g.lat for g in pairs.gold], dtype=float)
    glon = np.array([g.lon for g in pairs.gold], dtype=float)
    plat = np.array([p.lat if p is not None and p.lat is not None else np.nan for p in pairs.pred], dtype=float)
    plon = np.array([p.lon if p is not None and p.lon is not None else np.nan for p in pairs.pred], dtype=float)
    errors = np.full(n, MAX_ERROR_KM)
    if resolved.any():
        errors[resolved] = crs.distance_km(glon[resolved], glat[resolved], plon[resolved], plat[resolved])

    tolerance = np.array([np.nan if g.tolerance_km is None else g.tolerance_km for g in pairs.gold], dtype=float)
    has_tolerance = ~np.isnan(tolerance)
    within_tolerance = resolved[has_tolerance] & (errors[has_tolerance] <= tolerance[has_tolerance])

    gold_ids = [g.geonameid for g in pairs.gold]
    id_hits = [
        p is not None and p.place_id == f"geonames:{gid}" for gid, p in zip(gold_ids, pairs.pred, strict=True) if gid
    ]

    order = np.lexsort((-errors, resolved))[:n_worst]  # unresolved first, then largest error
    worst = [
        ErrorRow(
            doc_id=pairs.doc_ids[i],
            surface=pairs.gold[i].surface,
            start=pairs.gold[i].start,
            end=pairs.gold[i].end,
            name=None if (p := pairs.pred[i]) is None else p.name,
            lat=None if p is None or p.lat is None else float(p.lat),
            lon=None if p is None or p.lon is None else float(p.lon),
            gold_name=pairs.gold[i].name,
            gold_lat=float(glat[i]),
            gold_lon=float(glon[i]),
            km=float(errors[i]) if resolved[i] else None,
        )
        for i in order.tolist()
    ]
    fields = {
        "scored": n,
        "unresolved": int(n - resolved.sum()),
        "acc_tolerance": ratio(int(within_tolerance.sum()), int(has_tolerance.sum())),
        "tolerance_count": int(has_tolerance.sum()),
        "acc_10km": ratio(int((resolved & (errors <= 10.0)).sum()), n),  # noqa: PLR2004
        "acc_161km": ratio(int((resolved & (errors <= GEO_F1_KM)).sum()), n),
        "mean_km": float(errors.mean()) if n else None,
        "median_km": float(np.median(errors)) if n else None,
        "auc": error_auc(errors),
        "acc_geonameid": ratio(sum(id_hits), len(id_hits)),
        "geonameid_count": len(id_hits),
        "worst": worst,
    }
    return _Resolution(errors, resolved, fields)


# --------------------------------------------------------------------------- entry points


def evaluate(
    docs: Iterable[GoldDocument],
    predict: Callable[[str], Sequence[Prediction]],
    *,
    n_worst: int = 20,
) -> Evaluation:
    """Score a geoparser end to end: recognition, resolution and geo-F1.

    Parameters
    ----------
    docs : iterable of GoldDocument
        The gold corpus.
    predict : callable
        ``predict(text)`` returns the toponyms found in ``text``, as
        :class:`Prediction` s with offsets into ``text``.
    n_worst : int
        How many of the largest errors to keep in ``Evaluation.worst``.

    Returns
    -------
    Evaluation
        Recognition by exact and by overlapping span; resolution on the gold
        toponyms with coordinates that a prediction overlaps; geo-F1.

    Raises
    ------
    ValueError
        If ``n_worst`` is negative.

    Examples
    --------
    A prediction shifted by one character is wrong by exact span, right by
    overlap; one on a neutral span is ignored:

    >>> from geomap.corpora import GoldDocument, GoldToponym
    >>> aghdam = GoldToponym(12, 18, "Aghdam", 39.99, 46.93)
    >>> doc = GoldDocument("d1", "Troops left Aghdam for Barda road.", (aghdam,), neutral=((23, 33),))
    >>> found = [Prediction(11, 18, " Aghdam", 39.99, 46.93), Prediction(23, 28, "Barda", 40.37, 47.13)]
    >>> result = evaluate([doc], lambda text: found)
    >>> result.f1_exact, result.f1_overlap, result.predicted, result.neutral_ignored, result.auc
    (0.0, 1.0, 1, 1, 0.0)
    """
    _check_n_worst(n_worst)
    pairs = _Pairs()
    n_docs = n_gold = n_pred = n_neutral = exact_tp = overlap_tp = geo_gold = geo_pred = 0
    for doc in docs:
        n_docs += 1
        gold_spans = [(t.start, t.end) for t in doc.toponyms]
        kept: list[Prediction] = []
        for pred in predict(doc.text):
            span = (pred.start, pred.end)
            on_neutral = any(overlap(span, n) > 0 for n in doc.neutral)
            if on_neutral and not any(overlap(span, g) > 0 for g in gold_spans):
                n_neutral += 1
            else:
                kept.append(pred)
        pred_spans = [(p.start, p.end) for p in kept]
        n_gold += len(gold_spans)
        n_pred += len(kept)
        exact_tp += count_exact(gold_spans, pred_spans)
        matches = match_overlap(gold_spans, pred_spans)
        overlap_tp += len(matches)
        # Geo-F1 is judged on coordinates: gold toponyms without them, and the
        # predictions matched to them, stay out of its counts.
        coordinate_free = sum(1 for gi, _ in matches if not doc.toponyms[gi].has_coordinates)
        geo_gold += sum(1 for t in doc.toponyms if t.has_coordinates)
        geo_pred += len(kept) - coordinate_free
        for gi, pi in matches:
            pairs.add(doc.id, doc.toponyms[gi], kept[pi])  # keeps the pairs with gold coordinates

    resolution = _score_resolution(pairs, n_worst)
    # The pairs are exactly the overlap matches with gold coordinates: geo-F1's candidates.
    geo_tp = int((resolution.resolved & (resolution.errors_km <= GEO_F1_KM)).sum())
    return Evaluation(
        mode="end_to_end",
        docs=n_docs,
        gold=n_gold,
        predicted=n_pred,
        matched=overlap_tp,
        neutral_ignored=n_neutral,
        precision_exact=ratio(exact_tp, n_pred),
        recall_exact=ratio(exact_tp, n_gold),
        f1_exact=f1(exact_tp, n_pred, n_gold),
        precision_overlap=ratio(overlap_tp, n_pred),
        recall_overlap=ratio(overlap_tp, n_gold),
        f1_overlap=f1(overlap_tp, n_pred, n_gold),
        geo_precision=ratio(geo_tp, geo_pred),
        geo_recall=ratio(geo_tp, geo_gold),
        geo_f1=f1(geo_tp, geo_pred, geo_gold),
        **resolution.fields,
    )


def evaluate_gold_spans(
    docs: Iterable[GoldDocument],
    resolve: Callable[[str, Sequence[tuple[int, int]]], Sequence[Prediction | None]],
    *,
    n_worst: int = 20,
) -> Evaluation:
    """Score resolution alone: the geoparser gets the gold spans and only chooses places.

    Parameters
    ----------
    docs : iterable of GoldDocument
        The gold corpus.
    resolve : callable
        ``resolve(text, spans)`` gets the text and the gold toponym spans
        ``(start, end)`` in text order, and returns one :class:`Prediction`
        or None per span, in the same order. None, or a prediction without
        coordinates, counts as wrong. It is not called for a document without
        gold toponyms.
    n_worst : int
        How many of the largest errors to keep in ``Evaluation.worst``.

    Returns
    -------
    Evaluation
        Resolution scores over every gold toponym with coordinates;
        recognition and geo-F1 fields are None.

    Raises
    ------
    ValueError
        If ``resolve`` returns a different number of results than spans, or
        ``n_worst`` is negative.

    Examples
    --------
    >>> from geomap.corpora import GoldDocument, GoldToponym
    >>> doc = GoldDocument("d1", "From Baku to Ganja.", (GoldToponym(5, 9, "Baku", 40.38, 49.89),
    ...                                                  GoldToponym(13, 18, "Ganja", 40.68, 46.36)))
    >>> def resolve(text, spans):
    ...     return [Prediction(*spans[0], "Baku", 40.38, 49.89), None]
    >>> result = evaluate_gold_spans([doc], resolve)
    >>> result.acc_161km, result.unresolved, result.worst[0].surface
    (0.5, 1, 'Ganja')
    """
    _check_n_worst(n_worst)
    pairs = _Pairs()
    n_docs = n_gold = n_pred = 0
    for doc in docs:
        n_docs += 1
        if not doc.toponyms:
            continue
        spans = [(t.start, t.end) for t in doc.toponyms]
        results = list(resolve(doc.text, spans))
        if len(results) != len(spans):
            msg = f"document {doc.id!r}: resolve returned {len(results)} results for {len(spans)} spans"
            raise ValueError(msg)
        n_gold += len(spans)
        n_pred += sum(1 for r in results if r is not None)
        for gold, pred in zip(doc.toponyms, results, strict=True):
            pairs.add(doc.id, gold, pred)
    resolution = _score_resolution(pairs, n_worst)
    return Evaluation(
        mode="gold_spans",
        docs=n_docs,
        gold=n_gold,
        predicted=n_pred,
        matched=n_pred,
        neutral_ignored=0,
        precision_exact=None,
        recall_exact=None,
        f1_exact=None,
        precision_overlap=None,
        recall_overlap=None,
        f1_overlap=None,
        geo_precision=None,
        geo_recall=None,
        geo_f1=None,
        **resolution.fields,
    )
