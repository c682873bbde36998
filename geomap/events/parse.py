"""The dependency parser under the event grammar: spaCy, loaded lazily, once per model name.

Only the pipes the grammar reads run (tokens, tags, dependencies, lemmas);
named entities and the sentence recogniser are left out, because the
report's own sentence splitter and the gazetteer already do those jobs. The
pipeline's ``attribute_ruler`` and ``lemmatizer`` are replaced by the same
tables read per word (:mod:`geomap.events.attributes`; same output, a third
less time), and the networks multiply matrices with numpy's BLAS instead of
the ``blis`` wheel thinc ships, which is built for generic x86-64 only and is
four times slower than OpenBLAS on a machine with AVX2 or AVX-512 (the tags
and dependencies come out the same), and their maxout layers keep no argmax,
which only training reads (:mod:`geomap.events.predict_ops`: the same
values, a sixth less time for the pipes).

spaCy is pinned to 3.8.6, the last 3.8 release built with Cython 0.29: the
later wheels are built with Cython 3, whose compiled parser takes Python's
global interpreter lock around every small step of its transition loop
(thinc's inlined ``Vec.arg_max``), and parse two and a half times slower for
the same output (same tags, heads and labels on every token we compared).
Importing this module does not import spaCy: the toponym path
(``geomap places``) never pays for it.
"""

from __future__ import annotations

import functools
import itertools
import warnings
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import ParserModelError
from geomap.events.attributes import WordAttributes
from geomap.events.tokens import read_docs

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import spacy.tokens
    from spacy.language import Language
    from threadpoolctl import ThreadpoolController

    from geomap.events.tokens import Doc

__all__ = ["load_pipeline", "parse"]

#: Pipes the grammar does not read.
_EXCLUDED = ("ner", "senter")
#: Pipes :class:`WordAttributes` does the work of.
_BY_WORD = ("attribute_ruler", "lemmatizer")


@functools.cache
def load_pipeline(name: str) -> Language:
    """The spaCy pipeline ``name`` (an installed package or a folder), loaded once and cached.

    Raises
    ------
    ParserModelError
        If no such pipeline is installed.
    """
    with warnings.catch_warnings():
        # spaCy 3.8.6's own CLI module imports a helper click 8.2 deprecates; the CLI is never run here
        warnings.filterwarnings("ignore", "Importing 'parser.split_arg_string'", DeprecationWarning)
        import spacy  # noqa: PLC0415 - spaCy loads only when events are extracted
    from thinc.api import NumpyOps  # noqa: PLC0415

    from geomap.events.predict_ops import PredictOps  # noqa: PLC0415 - imports thinc

    try:
        nlp = spacy.load(name, exclude=list(_EXCLUDED))
    except OSError as exc:
        msg = (
            f"spaCy pipeline {name!r} is not installed (settings.spacy_model): "
            "run `make setup`, or install it with pip and set settings.spacy_model"
        )
        raise ParserModelError(msg) from exc
    ops = PredictOps()  # numpy's BLAS, a maxout without argmax (see the module docstring)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and isinstance(model.ops, NumpyOps):
            for node in model.walk():
                node.ops = ops
    return nlp


@functools.lru_cache(maxsize=4)
def _word_attributes(nlp: Language) -> WordAttributes | None:
    """The word tables of ``nlp`` itself: a pipeline loaded anew has a vocabulary of its own."""
    return WordAttributes.of(nlp)


def parse(texts: Sequence[str], *, model: str | None = None) -> list[Doc]:
    """Parse ``texts`` in batches with the pipeline ``model`` (default: ``settings.spacy_model``).

    Each parse comes back as a :class:`geomap.events.tokens.Doc` of plain
    Python objects (what the grammar reads, copied out of spaCy's ``Doc``
    once). Each distinct text is parsed once: equal texts (a report sent
    twice, a line every bulletin repeats) share one ``Doc``, which the
    grammar only reads. The networks multiply on one BLAS thread: their matrices are a few
    hundred rows, and a second thread doubles the CPU time on a busy machine
    (two pool workers, or other jobs) for no gain.
    """
    if not texts:
        return []
    name = model or settings.spacy_model
    nlp = load_pipeline(name)
    by_word = _word_attributes(nlp)
    distinct = list(dict.fromkeys(texts))
    size = settings.spacy_batch_size
    with _blas().limit(limits=1, user_api="blas"):
        if by_word is None:
            pipe: Iterator[spacy.tokens.Doc] = nlp.pipe(distinct, batch_size=size)
        else:
            pipe = map(by_word, nlp.pipe(distinct, batch_size=size, disable=list(_BY_WORD)))
        docs: list[Doc] = []
        while batch := list(itertools.islice(pipe, size)):  # copied out a batch at a time
            docs += read_docs(batch, distinct[len(docs) : len(docs) + len(batch)])
    if len(docs) == len(texts):
        return docs
    parsed = dict(zip(distinct, docs, strict=True))
    return [parsed[text] for text in texts]


@functools.cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries loaded in this process (numpy's OpenBLAS), to set their threads."""
    from threadpoolctl import ThreadpoolController  # noqa: PLC0415 - with spaCy only

    return ThreadpoolController()
