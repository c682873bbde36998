"""The parser's operations for prediction alone: thinc's maxout values without its argmax."""

from __future__ import annotations

import numpy as np
import pytest
from thinc.api import NumpyOps

from geomap import settings
from geomap.errors import ParserModelError
from geomap.events.parse import load_pipeline
from geomap.events.predict_ops import PredictOps


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_maxout_gives_the_maxima_thincs_kernel_gives(pieces: int) -> None:
    scores = np.random.default_rng(pieces).normal(size=(50, 7, pieces)).astype("float32")
    scores[0, 0, :] = 1.5  # a tie between every piece
    best, _ = PredictOps().maxout(scores)
    expected, _ = NumpyOps(use_blis=False).maxout(scores)
    assert best.dtype == expected.dtype
    assert np.array_equal(best, expected)


def test_maxout_of_an_empty_batch_is_empty() -> None:
    best, _ = PredictOps().maxout(np.zeros((0, 4, 3), dtype="float32"))
    assert best.shape == (0, 4)


def test_training_through_the_prediction_maxout_is_refused() -> None:
    ops = PredictOps()
    _, which = ops.maxout(np.ones((2, 3, 2), dtype="float32"))
    with pytest.raises(ParserModelError, match="only predict"):
        ops.backprop_maxout(np.ones((2, 3), dtype="float32"), which, 2)


def test_every_network_layer_of_the_event_parser_predicts_with_them() -> None:
    nlp = load_pipeline(settings.spacy_model)
    models = [getattr(pipe, "model", None) for _, pipe in nlp.pipeline]
    layers = [node for model in models if model is not None for node in model.walk()]
    assert layers
    assert all(isinstance(node.ops, PredictOps) for node in layers)


def test_the_parser_gives_the_tags_and_trees_it_gives_on_thincs_own_operations() -> None:
    sentences = [
        "Artillery units of the enemy shelled the outskirts of the town overnight, officials said.",
        "The bridge over the river was not destroyed, contrary to what the ministry claimed on Monday.",
        "Having retreated from two villages, the battalion dug in on the heights north of the road.",
    ]
    nlp = load_pipeline(settings.spacy_model)
    ours = [(t.tag_, t.dep_, t.head.i) for doc in nlp.pipe(sentences) for t in doc]
    thincs = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = thincs
    try:
        assert [(t.tag_, t.dep_, t.head.i) for doc in nlp.pipe(sentences) for t in doc] == ours
    finally:
        load_pipeline.cache_clear()
