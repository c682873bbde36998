"""Tests for geomap.evaluation: recognition, resolution and geo-F1 scores of a geoparser."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from geomap.corpora import GoldDocument, GoldToponym, read_jsonl
from geomap.evaluation import (
    MAX_ERROR_KM,
    Evaluation,
    Prediction,
    error_auc,
    evaluate,
    evaluate_gold_spans,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEVSET = SHARED / "devset" / "devset.jsonl"
LGL = SHARED / "bench" / "lgl.jsonl"

needs_devset = pytest.mark.skipif(not DEVSET.exists(), reason=f"dev set not found at {DEVSET} (../shared is absent)")
needs_bench = pytest.mark.skipif(not LGL.exists(), reason=f"benchmark corpus not found at {LGL} (../shared is absent)")

# Two documents with every kind of gold: tolerance, GeoNames id, a neutral span.
TEXT_1 = "Shelling hit Terter and Barda on the Barda road."
TEXT_2 = "Talks in Moscow ended."
DOCS = [
    GoldDocument(
        "d1",
        TEXT_1,
        (
            GoldToponym(13, 19, "Terter", 40.3449, 47.1515, tolerance_km=5, geonameid=585103, name="Tartar"),
            GoldToponym(24, 29, "Barda", 40.3744, 47.1266, tolerance_km=5, geonameid=587057, name="Barda"),
        ),
        neutral=((37, 47),),
    ),
    GoldDocument(
        "d2",
        TEXT_2,
        (GoldToponym(9, 15, "Moscow", 55.7522, 37.6156, tolerance_km=30, geonameid=524901, name="Moscow"),),
    ),
]


def perfect(doc: GoldDocument) -> list[Prediction]:
    return [
        Prediction(t.start, t.end, t.surface, t.lat, t.lon, name=t.name, place_id=f"geonames:{t.geonameid}")
        for t in doc.toponyms
    ]


def predictor(table: dict[str, list[Prediction]]):
    return lambda text: table.get(text, [])


def perfect_predictor(docs: list[GoldDocument]):
    return predictor({d.text: perfect(d) for d in docs})


def moved(pred: Prediction, *, dlat: float = 0.0, dlon: float = 0.0) -> Prediction:
    assert pred.lat is not None
    assert pred.lon is not None
    return Prediction(pred.start, pred.end, pred.surface, pred.lat + dlat, pred.lon + dlon, pred.name, None)


def single(lat: float, lon: float, *, tolerance_km: float | None = None) -> GoldDocument:
    return GoldDocument("one", "In Ganja.", (GoldToponym(3, 8, "Ganja", lat, lon, tolerance_km=tolerance_km),))


# --------------------------------------------------------------------------- Prediction


def test_prediction_rejects_an_empty_span():
    with pytest.raises(ValueError, match="empty"):
        Prediction(5, 5, "", 1.0, 1.0)


def test_prediction_rejects_coordinates_out_of_range():
    with pytest.raises(ValueError, match="WGS84"):
        Prediction(0, 4, "Baku", 49.9, 240.4)


def test_prediction_rejects_one_coordinate_without_the_other():
    with pytest.raises(ValueError, match="both"):
        Prediction(0, 4, "Baku", 40.4, None)


# --------------------------------------------------------------------------- end to end


def test_perfect_predictor_scores_one_everywhere_and_auc_zero():
    result = evaluate(DOCS, perfect_predictor(DOCS))
    for name in (
        "precision_exact",
        "recall_exact",
        "f1_exact",
        "precision_overlap",
        "recall_overlap",
        "f1_overlap",
        "acc_tolerance",
        "acc_10km",
        "acc_161km",
        "acc_geonameid",
        "geo_precision",
        "geo_recall",
        "geo_f1",
    ):
        assert getattr(result, name) == 1.0, name
    assert result.auc == 0.0
    assert result.mean_km == 0.0
    assert result.median_km == 0.0
    assert (result.docs, result.gold, result.predicted, result.matched, result.unresolved) == (2, 3, 3, 3, 0)


@needs_devset
def test_perfect_predictor_on_the_devset_scores_one_and_auc_zero():
    docs = read_jsonl(DEVSET)
    result = evaluate(docs, perfect_predictor(docs))
    assert (result.gold, result.f1_exact, result.acc_tolerance, result.geo_f1, result.auc) == (116, 1.0, 1.0, 1.0, 0.0)


def test_shifted_spans_score_zero_exact_but_more_than_zero_overlap():
    shifted = {d.text: [Prediction(p.start + 1, p.end + 1, p.surface, p.lat, p.lon) for p in perfect(d)] for d in DOCS}
    result = evaluate(DOCS, predictor(shifted))
    assert result.f1_exact == 0.0
    assert result.precision_exact == 0.0
    assert result.f1_overlap is not None
    assert result.f1_overlap > 0.0
    assert result.f1_overlap == 1.0


def test_prediction_on_a_neutral_span_is_neither_true_nor_false_positive():
    table = {TEXT_1: [*perfect(DOCS[0]), Prediction(37, 42, "Barda", 40.37, 47.13)], TEXT_2: perfect(DOCS[1])}
    result = evaluate(DOCS, predictor(table))
    assert result.neutral_ignored == 1
    assert result.predicted == 3
    assert result.precision_exact == 1.0
    assert result.geo_precision == 1.0


def test_missed_neutral_span_is_not_a_false_negative():
    result = evaluate(DOCS, perfect_predictor(DOCS))  # predicts nothing on the neutral "Barda road"
    assert result.recall_exact == 1.0
    assert result.gold == 3


def test_prediction_overlapping_a_gold_toponym_and_a_neutral_span_counts_for_the_gold():
    doc = GoldDocument("n", "Barda road", (GoldToponym(0, 5, "Barda", 40.37, 47.13),), neutral=((6, 10),))
    result = evaluate([doc], lambda text: [Prediction(0, 10, "Barda road", 40.37, 47.13)])
    assert (result.neutral_ignored, result.precision_overlap, result.recall_overlap) == (0, 1.0, 1.0)
    assert result.f1_exact == 0.0


def test_overlap_matching_is_one_to_one():
    doc = GoldDocument(
        "p",
        "Stepanakert Khankendi",
        (GoldToponym(0, 11, "Stepanakert", 39.82, 46.75), GoldToponym(12, 21, "Khankendi", 39.82, 46.75)),
    )
    one_long = evaluate([doc], lambda text: [Prediction(0, 21, text, 39.82, 46.75)])
    assert (one_long.matched, one_long.precision_overlap, one_long.recall_overlap) == (1, 1.0, 0.5)
    two_in_one = evaluate(
        [doc], lambda text: [Prediction(0, 5, "Stepa", None, None), Prediction(5, 11, "nakert", None, None)]
    )
    assert (two_in_one.matched, two_in_one.precision_overlap, two_in_one.recall_overlap) == (1, 0.5, 0.5)


def test_overlap_matching_prefers_the_largest_overlap():
    doc = GoldDocument("p", "New York", (GoldToponym(0, 8, "New York", 40.71, -74.01),))
    far, near = Prediction(0, 3, "New", 0.0, 0.0), Prediction(2, 8, "w York", 40.71, -74.01)
    result = evaluate([doc], lambda text: [far, near])
    assert result.acc_161km == 1.0
    assert result.precision_overlap == 0.5


def test_unresolved_prediction_counts_as_wrong_with_the_largest_error():
    table = {TEXT_1: perfect(DOCS[0]), TEXT_2: [Prediction(9, 15, "Moscow", None, None)]}
    result = evaluate(DOCS, predictor(table))
    assert result.unresolved == 1
    assert result.recall_exact == 1.0
    assert result.acc_161km == pytest.approx(2 / 3)
    assert result.acc_tolerance == pytest.approx(2 / 3)
    assert result.acc_geonameid == pytest.approx(2 / 3)
    assert result.mean_km == pytest.approx(MAX_ERROR_KM / 3)
    assert result.geo_recall == pytest.approx(2 / 3)
    assert result.worst[0].surface == "Moscow"
    assert result.worst[0].km is None


def test_geo_f1_needs_both_the_span_and_161_km():
    doc = single(40.68, 46.36)
    right_span_far = evaluate([doc], lambda text: [Prediction(3, 8, "Ganja", 40.68, 49.0)])  # ~220 km east
    assert (right_span_far.f1_exact, right_span_far.geo_f1) == (1.0, 0.0)
    near_wrong_span = evaluate([doc], lambda text: [Prediction(0, 2, "In", 40.68, 46.36)])
    assert (near_wrong_span.f1_overlap, near_wrong_span.geo_f1) == (0.0, 0.0)
    both = evaluate([doc], lambda text: [Prediction(4, 8, "anja", 40.68, 47.9)])  # overlap, ~130 km away
    assert both.geo_f1 == 1.0


def test_geo_precision_counts_every_prediction_and_geo_recall_every_gold():
    table = {TEXT_1: [perfect(DOCS[0])[0], Prediction(0, 8, "Shelling", 1.0, 1.0)], TEXT_2: []}
    result = evaluate(DOCS, predictor(table))
    assert (result.geo_precision, result.geo_recall) == (0.5, pytest.approx(1 / 3))


def test_distances_are_geodesic_on_wgs84():
    result = evaluate([single(0.0, 0.0)], lambda text: [Prediction(3, 8, "Ganja", 1.0, 0.0)])
    _, _, metres = Geod(ellps="WGS84").inv(0.0, 0.0, 0.0, 1.0)
    assert result.mean_km == pytest.approx(metres / 1000)
    assert result.mean_km == pytest.approx(110.574, abs=0.01)


def test_accuracy_within_each_toponym_own_tolerance():
    table = {
        TEXT_1: [perfect(DOCS[0])[0], moved(perfect(DOCS[0])[1], dlat=0.1)],  # Barda ~11 km off, tolerance 5
        TEXT_2: [moved(perfect(DOCS[1])[0], dlat=0.2)],  # Moscow ~22 km off, tolerance 30
    }
    result = evaluate(DOCS, predictor(table))
    assert result.tolerance_count == 3
    assert result.acc_tolerance == pytest.approx(2 / 3)
    assert result.acc_10km == pytest.approx(1 / 3)
    assert result.acc_161km == 1.0


def test_accuracy_within_tolerance_is_none_when_no_toponym_has_one():
    result = evaluate([single(40.68, 46.36)], lambda text: [Prediction(3, 8, "Ganja", 40.68, 46.36)])
    assert result.acc_tolerance is None
    assert result.tolerance_count == 0


def test_accuracy_by_geonames_id_compares_place_id_with_gold_geonameid():
    preds = perfect(DOCS[0])
    wrong_id = Prediction(*(preds[1].start, preds[1].end), "Barda", preds[1].lat, preds[1].lon, place_id="geonames:1")
    no_id = Prediction(9, 15, "Moscow", 55.75, 37.62)
    result = evaluate(DOCS, predictor({TEXT_1: [preds[0], wrong_id], TEXT_2: [no_id]}))
    assert result.geonameid_count == 3
    assert result.acc_geonameid == pytest.approx(1 / 3)


def test_worst_rows_are_sorted_unresolved_first_then_by_error_and_limited():
    table = {
        TEXT_1: [moved(perfect(DOCS[0])[0], dlat=1.0), moved(perfect(DOCS[0])[1], dlat=3.0)],
        TEXT_2: [Prediction(9, 15, "Moscow", None, None)],
    }
    result = evaluate(DOCS, predictor(table), n_worst=2)
    assert [row.surface for row in result.worst] == ["Moscow", "Barda"]
    assert result.worst[1].km == pytest.approx(333, abs=2)
    assert (result.worst[1].doc_id, result.worst[1].gold_lat, result.worst[1].lat) == ("d1", 40.3744, 43.3744)


def test_scores_with_no_predictions_are_zero_or_none():
    result = evaluate(DOCS, lambda text: [])
    assert (result.precision_exact, result.recall_exact, result.f1_exact) == (None, 0.0, 0.0)
    assert (result.scored, result.acc_161km, result.auc, result.mean_km) == (0, None, None, None)
    assert result.worst == []


# --------------------------------------------------------------------------- AUC


def test_auc_is_zero_for_no_error_and_one_for_the_largest_error():
    assert error_auc([0.0, 0.0, 0.0]) == 0.0
    assert error_auc([MAX_ERROR_KM] * 3) == 1.0


def test_auc_is_monotone_in_error():
    rng = np.random.default_rng(7)
    errors = rng.uniform(0, 3000, size=50)
    base = error_auc(errors)
    assert base is not None
    for i in range(0, 50, 7):
        worse = errors.copy()
        worse[i] += 500.0
        worse_auc = error_auc(worse)
        assert worse_auc is not None
        assert worse_auc > base
    ladder = [error_auc(np.full(10, km)) for km in (0.0, 1.0, 10.0, 100.0, 1000.0, 10000.0)]
    assert ladder == sorted(ladder)


def test_auc_follows_gritta_et_al_formula():
    errors = np.array([250.0, 0.0, 12.0, 3.5, 20039.0])
    curve = np.log(np.sort(errors) + 1) / np.log(20039)
    expected = np.trapezoid(np.minimum(curve, 1.0)) / (len(errors) - 1)
    assert error_auc(errors) == pytest.approx(expected)


def test_auc_of_one_error_is_its_scaled_log_and_of_none_is_none():
    assert error_auc([100.0]) == pytest.approx(math.log(101) / math.log(20039))
    assert error_auc([]) is None


# --------------------------------------------------------------------------- gold spans


def test_gold_spans_resolver_gets_the_gold_spans_in_order():
    seen: list[tuple[str, list[tuple[int, int]]]] = []

    def resolve(text, spans):
        seen.append((text, list(spans)))
        return [None] * len(spans)

    evaluate_gold_spans(DOCS, resolve)
    assert seen == [(TEXT_1, [(13, 19), (24, 29)]), (TEXT_2, [(9, 15)])]


def test_gold_spans_perfect_resolver_scores_one_and_auc_zero():
    by_text = {d.text: perfect(d) for d in DOCS}
    result = evaluate_gold_spans(DOCS, lambda text, spans: by_text[text])
    assert (result.acc_161km, result.acc_tolerance, result.acc_geonameid, result.auc) == (1.0, 1.0, 1.0, 0.0)
    assert (result.gold, result.predicted, result.scored) == (3, 3, 3)
    assert result.f1_exact is None
    assert result.geo_f1 is None


def test_gold_spans_none_counts_as_unresolved_and_wrong():
    result = evaluate_gold_spans(DOCS, lambda text, spans: [None] * len(spans))
    assert (result.unresolved, result.acc_161km, result.mean_km, result.auc) == (3, 0.0, MAX_ERROR_KM, 1.0)


def test_gold_spans_resolver_returning_the_wrong_number_of_results_raises():
    with pytest.raises(ValueError, match="returned 1 results for 2 spans"):
        evaluate_gold_spans(DOCS, lambda text, spans: [None])


# --------------------------------------------------------------------------- output


def test_to_dict_is_json_serialisable():
    table = {TEXT_1: perfect(DOCS[0]), TEXT_2: [Prediction(9, 15, "Moscow", None, None)]}
    data = evaluate(DOCS, predictor(table)).to_dict()
    again = json.loads(json.dumps(data))
    assert again["mode"] == "end_to_end"
    assert again["worst"][0]["surface"] == "Moscow"
    assert set(again) >= {"f1_exact", "acc_161km", "auc", "geo_f1", "docs", "gold", "predicted", "matched"}


def test_as_rows_lists_metrics_for_a_table_without_mode_or_worst():
    rows = evaluate(DOCS, perfect_predictor(DOCS)).as_rows()
    names = [name for name, _ in rows]
    assert names[:4] == ["docs", "gold", "predicted", "matched"]
    assert "worst" not in names
    assert "mode" not in names
    assert dict(rows)["geo_f1"] == 1.0


def test_as_rows_leaves_out_recognition_in_gold_spans_mode():
    rows = dict(evaluate_gold_spans(DOCS, lambda text, spans: [None] * len(spans)).as_rows())
    assert "f1_exact" not in rows
    assert "geo_f1" not in rows
    assert rows["acc_161km"] == 0.0


# --------------------------------------------------------------------------- speed


@needs_bench
def test_scoring_lgl_takes_well_under_a_second():
    docs = read_jsonl(LGL)
    table = {d.text: perfect(d) for d in docs}
    # A noisy predictor: every other toponym moved ~1,000 km and one extra prediction per document.
    for preds in table.values():
        preds[::2] = [moved(p, dlat=-9.0 if p.lat and p.lat > 0 else 9.0) for p in preds[::2]]
        preds.append(Prediction(0, 1, "x", None, None))
    start = time.perf_counter()
    result = evaluate(docs, lambda text: table[text])
    elapsed = time.perf_counter() - start
    assert isinstance(result, Evaluation)
    assert (result.docs, result.gold) == (588, 4462)
    assert elapsed < 1.0


def test_negative_n_worst_is_rejected_before_predicting():
    def predict(text):
        raise AssertionError(text)

    with pytest.raises(ValueError, match="n_worst"):
        evaluate(DOCS, predict, n_worst=-1)
