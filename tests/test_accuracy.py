"""Accuracy floors on the gold corpora in ../shared (skipped where they are absent).

The floors sit a little under what was measured when they were set
(benchmarks/results/REGRESSION.md), so they catch regressions, not noise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from geomap.corpora import read_corpus
from geomap.evaluate import evaluate, evaluate_gold_spans, predictor, resolver

if TYPE_CHECKING:
    from pathlib import Path

    from geomap.geoparse import Geoparser


def test_devset_targets(parser: Geoparser, shared_dir: Path) -> None:
    result = evaluate(read_corpus(shared_dir / "devset" / "devset.jsonl"), predictor(parser))
    assert result.f1_exact >= 0.95
    assert result.acc_tolerance >= 0.95


@pytest.mark.slow
def test_lgl_gold_spans_floor(parser: Geoparser, shared_dir: Path) -> None:
    result = evaluate_gold_spans(read_corpus(shared_dir / "bench" / "lgl.jsonl"), resolver(parser))
    assert result.acc_161km >= 0.78  # measured 0.797
    assert result.acc_geonameid >= 0.59  # measured 0.615


@pytest.mark.slow
def test_lgl_end_to_end_floor(parser: Geoparser, shared_dir: Path) -> None:
    result = evaluate(read_corpus(shared_dir / "bench" / "lgl.jsonl"), predictor(parser))
    assert result.f1_exact >= 0.72  # measured 0.744
    assert result.geo_f1 >= 0.62  # measured 0.639


@pytest.mark.slow
def test_geovirus_floors(parser: Geoparser, shared_dir: Path) -> None:
    docs = read_corpus(shared_dir / "bench" / "geovirus.jsonl")
    assert evaluate_gold_spans(docs, resolver(parser)).acc_161km >= 0.62  # measured 0.638
    assert evaluate(docs, predictor(parser)).geo_f1 >= 0.61  # measured 0.634
