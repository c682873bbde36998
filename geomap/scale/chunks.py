"""A batch's frames built in pieces: each worker builds its chunk's, the main process joins them in order.

:func:`geomap.pipeline.batch_frames` over a whole batch is serial work left
to the main process after the mapping. A worker that has just mapped a
chunk of reports builds that chunk's frames instead (``batch_frames`` of
the chunk, in parallel with the other workers), and the main process only joins them
(:func:`join_frames`): the same frames, column for column and row for row,
as one :func:`~geomap.pipeline.batch_frames` call over every result.

A column's type is inferred from its values: a chunk whose values of a
column are all missing gets ``object`` where the batch, with some values,
gets ``float64`` or ``str``. Joined, such a column is ``object`` first; its
type is then inferred again from all its values (``infer_objects``), as the
batch's was.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> from geomap.pipeline import batch_frames, process_reports
>>> from geomap.reports import parse_report
>>> parser = Geoparser(Gazetteer.default(base=False))
>>> texts = ["Goris was shelled.", "No place here.", "Stepanakert and Shushi were shelled."]
>>> results = process_reports([parse_report(t, report_id=f"r{n}") for n, t in enumerate(texts)], parser)
>>> joined = join_frames([batch_frames(results[:1], parser.gazetteer), batch_frames(results[1:], parser.gazetteer)])
>>> joined.events.equals(batch_frames(results, parser.gazetteer).events)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from geomap.pipeline import BatchFrames, batch_frames

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd

__all__ = ["join_frames"]


def _join(parts: Sequence[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    filled = [part for part in parts if len(part)]
    if not filled:
        return parts[0]  # every part is the empty frame, with the batch's columns
    joined = pd.concat(filled, ignore_index=True)
    return joined.infer_objects()  # a column all missing in one chunk takes the type of all its values


def join_frames(parts: Sequence[BatchFrames]) -> BatchFrames:
    """The frames of consecutive chunks, joined in their order: those of one batch over all their results.

    Parameters
    ----------
    parts
        Each chunk's ``batch_frames``, in the order of the chunks' reports;
        none: the frames of no reports.
    """
    if not parts:
        return batch_frames([], None)
    return BatchFrames(
        _join([p.events for p in parts]), _join([p.claims for p in parts]), _join([p.routes for p in parts])
    )
