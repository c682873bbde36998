"""thinc's numpy operations for a pipeline that only predicts: a maxout that keeps no argmax.

A maxout layer takes, for each output, the largest of its pieces; thinc's
CPU kernel also records which piece won, for the backward pass of training.
The event grammar never trains, and the numpy maxima of the pieces' strided
views take a third of the kernel's time, for the same values. The encoder
under the tagger and the parser runs five maxouts a batch: the pipes take a
sixth less time with this one (same tags, heads and labels).

Imported with spaCy only (:func:`geomap.events.parse.load_pipeline`).

Examples
--------
>>> import numpy as np
>>> pieces = np.array([[[1.0, 3.0, 2.0], [-1.0, -2.0, -0.5]]], dtype="float32")
>>> PredictOps().maxout(pieces)[0].tolist()
[[3.0, -0.5]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
from thinc.api import NumpyOps

from geomap.errors import ParserModelError

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["PredictOps"]


class PredictOps(NumpyOps):  # type: ignore[misc]  # thinc's compiled class is untyped
    """:class:`thinc.api.NumpyOps` on numpy's BLAS, whose maxout gives the maxima alone.

    The argmax a maxout returns is an empty array, so the backward pass of
    training cannot run on these operations: it raises instead.
    """

    name = "geomap-predict"

    def __init__(self) -> None:
        super().__init__(use_blis=False)

    def maxout(self, x: NDArray[np.floating[Any]]) -> tuple[NDArray[np.floating[Any]], NDArray[np.int32]]:
        """The largest of each output's pieces (``x`` is batch x outputs x pieces), and an empty argmax."""
        pieces = x.shape[2]
        best = x[:, :, 0].copy() if pieces == 1 else np.maximum(x[:, :, 0], x[:, :, 1])
        for piece in range(2, pieces):
            np.maximum(best, x[:, :, piece], out=best)
        return best, np.empty((0, 0), dtype=np.int32)

    def backprop_maxout(self, _d_best: object, _which: object, _pieces: int) -> NoReturn:
        """Not available: these operations keep no argmax, so they cannot train.

        Raises
        ------
        ParserModelError
            Always.
        """
        msg = "the event parser's operations only predict: train a spaCy pipeline with thinc's own operations"
        raise ParserModelError(msg)
