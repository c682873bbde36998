"""What ``geomap evaluate`` measures: predictions, the worst errors, and the scores of one run."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["GEO_F1_KM", "MAX_ERROR_KM", "ErrorRow", "Evaluation", "Mode", "Prediction"]

#: Largest possible error in km (half the Earth's circumference), the error of
#: an unresolved toponym, and the scale of :func:`~geomap.evaluation.error_auc` (Gritta et al. 2018).
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
        >>> from geomap.evaluation import evaluate
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
        >>> from geomap.evaluation import evaluate_gold_spans
        >>> doc = GoldDocument("d1", "In Ganja.", (GoldToponym(3, 8, "Ganja", 40.68, 46.36),))
        >>> rows = dict(evaluate_gold_spans([doc], lambda text, spans: [None]).as_rows())
        >>> rows["acc_161km"], rows["mean_km"], "f1_exact" in rows
        (0.0, 20039.0, False)
        """
        skip = {"mode", "worst"}
        if self.mode == "gold_spans":
            skip.update(_RECOGNITION)
        return [(f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.name not in skip]
