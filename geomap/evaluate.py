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
>>> from geomap.evaluate import Prediction, evaluate
>>> doc = GoldDocument("d1", "Shelling hit Terter.", (GoldToponym(13, 19, "Terter", 40.34, 47.15),))
>>> result = evaluate([doc], lambda text: [Prediction(13, 19, "Terter", 40.35, 47.16)])
>>> result.f1_exact, result.acc_161km, result.geo_f1
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from geomap import crs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from numpy.typing import ArrayLike, NDArray

    from geomap.corpora import GoldDocument, GoldToponym
    from geomap.geoparse import Geoparser, Mention

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

#: Largest possible error in km (half the Earth's circumference), the error of
#: an unresolved toponym, and the scale of :func:`error_auc` (Gritta et al. 2018).
MAX_ERROR_KM = 20039.0

#: How near (km) a resolved toponym must be to count as right: acc@161 and geo-F1 (100 miles).
GEO_F1_KM = 161.0

Mode = Literal["end_to_end", "gold_spans"]


@dataclass(frozen=True, slots=True)
class Prediction:
    """A toponym the geoparser found: its span and, if resolved, its coordinates.

    Parameters
    ----------
    start, end : int
        Character offsets into the text, end exclusive.
    surface : str
        The text of the span.
    lat, lon : float or None
        The chosen coordinates (WGS84 degrees); both None if the toponym was
        recognised but not resolved.
    name : str, optional
        Name of the chosen place.
    place_id : str, optional
        Id of the chosen place, ``"geonames:<id>"`` for a GeoNames entry
        (compared with the gold ``geonameid``).

    Raises
    ------
    ValueError
        If the span is empty or negative, or the coordinates are not finite
        WGS84 degrees.

    Examples
    --------
    >>> Prediction(0, 4, "Baku", 40.38, 49.89, place_id="geonames:587084").resolved
    True
    >>> Prediction(0, 4, "Baku", None, None).resolved
    False
    """

    start: int
    end: int
    surface: str
    lat: float | None
    lon: float | None
    name: str | None = None
    place_id: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            msg = f"prediction {self.surface!r}: span [{self.start}, {self.end}) is empty or negative"
            raise ValueError(msg)
        if (self.lat is None) != (self.lon is None):
            msg = f"prediction {self.surface!r}: latitude and longitude must both be given or both be None"
            raise ValueError(msg)
        if self.lat is not None and self.lon is not None:
            lat, lon = float(self.lat), float(self.lon)
            if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):  # noqa: PLR2004
                msg = f"prediction {self.surface!r}: ({self.lat}, {self.lon}) are not WGS84 latitude, longitude"
                raise ValueError(msg)

    @property
    def resolved(self) -> bool:
        """Whether the prediction has coordinates."""
        return self.lat is not None


@dataclass(frozen=True, slots=True)
class ErrorRow:
    """One resolved (or unresolved) gold toponym, for the list of worst errors.

    Attributes
    ----------
    doc_id : str
        Id of the gold document.
    surface : str
        The gold toponym's text.
    start, end : int
        The gold span.
    name : str or None
        Name of the place the geoparser chose.
    lat, lon : float or None
        Coordinates the geoparser chose; None if unresolved.
    gold_name : str or None
        The gold place name.
    gold_lat, gold_lon : float
        Gold coordinates.
    km : float or None
        Geodesic error in km; None if unresolved.
    """

    doc_id: str
    surface: str
    start: int
    end: int
    name: str | None
    lat: float | None
    lon: float | None
    gold_name: str | None
    gold_lat: float
    gold_lon: float
    km: float | None


_RECOGNITION = (
    "precision_exact",
    "recall_exact",
    "f1_exact",
    "precision_overlap",
    "recall_overlap",
    "f1_overlap",
    "geo_precision",
    "geo_recall",
    "geo_f1",
)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores of one run of a geoparser over a gold corpus.

    Ratios are in [0, 1]; a ratio whose denominator is zero is None. In
    ``gold_spans`` mode the recognition and geo-F1 fields are None.

    Attributes
    ----------
    mode : {"end_to_end", "gold_spans"}
        Which function produced the scores.
    docs, gold, predicted, matched : int
        Documents; gold toponyms; predictions (without those left out as
        neutral); predictions matched to a gold toponym by overlap (in
        ``gold_spans`` mode: gold spans answered with a prediction).
    neutral_ignored : int
        Predictions left out because they overlap only a neutral span.
    precision_exact, recall_exact, f1_exact : float or None
        Recognition with exact-span matching.
    precision_overlap, recall_overlap, f1_overlap : float or None
        Recognition with overlapping-span matching.
    scored : int
        Matched gold toponyms with coordinates: the base of the resolution scores.
    unresolved : int
        Of those, how many the geoparser left without coordinates.
    acc_tolerance : float or None
        Share within the toponym's own ``tolerance_km``, over the
        ``tolerance_count`` scored toponyms that have one.
    tolerance_count : int
    acc_10km, acc_161km : float or None
        Share within 10 km and 161 km.
    mean_km, median_km : float or None
        Mean and median error, unresolved counting :data:`MAX_ERROR_KM`.
    auc : float or None
        Area under the log-error curve, 0 (perfect) to 1 (see :func:`error_auc`).
    acc_geonameid : float or None
        Share whose ``place_id`` is ``geonames:<gold geonameid>``, over the
        ``geonameid_count`` scored toponyms whose gold has a GeoNames id.
    geonameid_count : int
    geo_precision, geo_recall, geo_f1 : float or None
        End-to-end scores: right span (overlap) and within 161 km.
    worst : list of ErrorRow
        The largest errors, unresolved first, then by error in km.
    """

    mode: Mode
    docs: int
    gold: int
    predicted: int
    matched: int
    neutral_ignored: int
    precision_exact: float | None
    recall_exact: float | None
    f1_exact: float | None
    precision_overlap: float | None
    recall_overlap: float | None
    f1_overlap: float | None
    scored: int
    unresolved: int
    acc_tolerance: float | None
    tolerance_count: int
    acc_10km: float | None
    acc_161km: float | None
    mean_km: float | None
    median_km: float | None
    auc: float | None
    acc_geonameid: float | None
    geonameid_count: int
    geo_precision: float | None
    geo_recall: float | None
    geo_f1: float | None
    worst: list[ErrorRow] = field(default_factory=list, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """All fields as plain JSON-ready values (``worst`` as a list of dicts).

        Examples
        --------
        >>> from geomap.corpora import GoldDocument, GoldToponym
        >>> doc = GoldDocument("d1", "In Ganja.", (GoldToponym(3, 8, "Ganja", 40.68, 46.36),))
        >>> data = evaluate([doc], lambda text: [Prediction(3, 8, "Ganja", None, None)]).to_dict()
        >>> data["unresolved"], data["worst"][0]["surface"], data["worst"][0]["km"]
        (1, 'Ganja', None)
        """
        return dataclasses.asdict(self)

    def as_rows(self) -> list[tuple[str, float | int | None]]:
        """Return the counts and scores as ``(metric, value)`` rows for a table, in a fixed order.

        Rows that do not apply to the mode (recognition and geo-F1 for
        ``gold_spans``) are left out; ``worst`` and ``mode`` are not rows.

        Examples
        --------
        >>> from geomap.corpora import GoldDocument, GoldToponym
        >>> doc = GoldDocument("d1", "In Ganja.", (GoldToponym(3, 8, "Ganja", 40.68, 46.36),))
        >>> rows = dict(evaluate_gold_spans([doc], lambda text, spans: [None]).as_rows())
        >>> rows["acc_161km"], rows["mean_km"], "f1_exact" in rows
        (0.0, 20039.0, False)
        """
        skip = {"mode", "worst"}
        if self.mode == "gold_spans":
            skip.update(_RECOGNITION)
        return [(f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.name not in skip]


# --------------------------------------------------------------------------- metrics


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


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator) / denominator if denominator else None


def _f1(true_positives: int, predicted: int, gold: int) -> float | None:
    # 2PR / (P + R) == 2TP / (predicted + gold), defined even when P or R is not.
    return _ratio(2 * true_positives, predicted + gold)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _match_overlap(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs of overlapping spans, largest overlap first."""
    candidates = [
        (-size, abs(g[0] - p[0]) + abs(g[1] - p[1]), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if (size := _overlap(g, p)) > 0
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


def _count_exact(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> int:
    remaining = Counter(gold)
    hits = 0
    for span in pred:
        if remaining[span] > 0:
            remaining[span] -= 1
            hits += 1
    return hits


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
        "acc_tolerance": _ratio(int(within_tolerance.sum()), int(has_tolerance.sum())),
        "tolerance_count": int(has_tolerance.sum()),
        "acc_10km": _ratio(int((resolved & (errors <= 10.0)).sum()), n),  # noqa: PLR2004
        "acc_161km": _ratio(int((resolved & (errors <= GEO_F1_KM)).sum()), n),
        "mean_km": float(errors.mean()) if n else None,
        "median_km": float(np.median(errors)) if n else None,
        "auc": error_auc(errors),
        "acc_geonameid": _ratio(sum(id_hits), len(id_hits)),
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
            on_neutral = any(_overlap(span, n) > 0 for n in doc.neutral)
            if on_neutral and not any(_overlap(span, g) > 0 for g in gold_spans):
                n_neutral += 1
            else:
                kept.append(pred)
        pred_spans = [(p.start, p.end) for p in kept]
        n_gold += len(gold_spans)
        n_pred += len(kept)
        exact_tp += _count_exact(gold_spans, pred_spans)
        matches = _match_overlap(gold_spans, pred_spans)
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
        precision_exact=_ratio(exact_tp, n_pred),
        recall_exact=_ratio(exact_tp, n_gold),
        f1_exact=_f1(exact_tp, n_pred, n_gold),
        precision_overlap=_ratio(overlap_tp, n_pred),
        recall_overlap=_ratio(overlap_tp, n_gold),
        f1_overlap=_f1(overlap_tp, n_pred, n_gold),
        geo_precision=_ratio(geo_tp, geo_pred),
        geo_recall=_ratio(geo_tp, geo_gold),
        geo_f1=_f1(geo_tp, geo_pred, geo_gold),
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


# --------------------------------------------------------------------------- geomap as the system under test


def _prediction(mention: Mention) -> Prediction:
    place = mention.place
    return Prediction(
        mention.start,
        mention.end,
        mention.surface,
        place.lat if place else None,
        place.lon if place else None,
        place.name if place else None,
        place.place_id if place else None,
    )


def predictor(parser: Geoparser, *, demonyms: bool = False) -> Callable[[str], list[Prediction]]:
    """``predict(text)`` for :func:`evaluate`: the toponyms geomap finds.

    Names count; places named inside a road's name do not. Demonyms
    ("Russian") count only with ``demonyms=True``: corpora differ (LGL
    annotates them, the dev set and GeoVirus do not).
    """
    roles = {"name", "demonym"} if demonyms else {"name"}

    def predict(text: str) -> list[Prediction]:
        return [_prediction(m) for m in parser.parse(text) if m.role in roles]

    return predict


def resolver(parser: Geoparser) -> Callable[[str, Sequence[tuple[int, int]]], list[Prediction | None]]:
    """``resolve(text, spans)`` for :func:`evaluate_gold_spans`: geomap's choice for each gold span."""

    def resolve(text: str, spans: Sequence[tuple[int, int]]) -> list[Prediction | None]:
        return [_prediction(m) if m.place is not None else None for m in parser.resolve_spans(text, spans)]

    return resolve
