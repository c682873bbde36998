"""Reports past one machine: a ``dask.bag`` on a Dask cluster, the events and claims as GeoParquet.

A worker plugin opens the gazetteer once per worker; every task on that
worker uses it. The bag holds the reports (read and numbered by the client,
so report ids and read errors are the same as in a local run); each
partition is mapped with :func:`geomap.pipeline.process_report`, its events
and claims become one frame each (:func:`geomap.pipeline.batch_frames`),
and the partitions together a dask-geopandas frame written by the workers
as partitioned GeoParquet. The workers write it into a work folder inside
the output folder; :func:`geomap.pipeline.run` moves it into the run's
output set (:meth:`DaskRunner.stage_outputs`), so it is replaced with the
other files of the run, all at once.

Needs the ``dask`` extra: ``pip install "geomap[dask]"``.
"""

from __future__ import annotations

import contextlib
import logging
import operator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import dask
import dask.bag as db
import dask.dataframe as dd
import dask_geopandas  # noqa: F401 - registers the geopandas backend of dask.dataframe
import distributed
import pyarrow as pa
from dask.delayed import delayed

from geomap.pipeline import batch_frames, process_reports
from geomap.scale.malloc import keep_freed_memory
from geomap.scale.scratch import owned_folder

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from geomap.geoparse import Geoparser
    from geomap.pipeline import ReportResult
    from geomap.reports import Report
    from geomap.scale.spec import ParserSpec

__all__ = ["FRAMES", "DaskRunner", "GeoparserPlugin"]

logger = logging.getLogger(__name__)

#: The frames a Dask run writes as partitioned GeoParquet, as ``NAME.parquet/`` folders.
FRAMES = ("events", "claims")

_PLUGIN = "geomap-geoparser"
_PARTITIONS_PER_WORKER = 16  # small partitions: the workers finish together
_WORK_PREFIX = ".geomap-dask-"  # hidden: an output set never takes it as one of its files


class GeoparserPlugin(distributed.WorkerPlugin):
    """Opens the gazetteer once when a worker starts, for every task the worker runs.

    Parameters
    ----------
    spec
        How to build the geoparser.

    Attributes
    ----------
    kept_freed_memory
        Whether the worker's allocator thresholds were set back (:func:`~geomap.scale.malloc.keep_freed_memory`).
    """

    name = _PLUGIN

    def __init__(self, spec: ParserSpec) -> None:
        self.spec = spec
        self.parser: Geoparser | None = None
        self.kept_freed_memory = False

    def setup(self, worker: distributed.Worker) -> None:
        """Open the geoparser on ``worker`` (and undo a nanny's allocator setting: :mod:`geomap.scale.malloc`)."""
        self.kept_freed_memory = keep_freed_memory()
        self.parser = self.spec.build()
        logger.info("geomap geoparser opened on Dask worker %s", worker.address)


def _worker_parser() -> Geoparser:
    plugin = distributed.get_worker().plugins[_PLUGIN]
    if not isinstance(plugin, GeoparserPlugin) or plugin.parser is None:
        msg = "the geomap worker plugin was not set up on this worker"
        raise RuntimeError(msg)
    return plugin.parser


def _process_partition(pairs: Sequence[tuple[int, Report]]) -> list[tuple[int, ReportResult]]:
    """The partition's results; its sentences go through spaCy in one batch."""
    results = process_reports([report for _, report in pairs], _worker_parser())
    return [(i, result) for (i, _), result in zip(pairs, results, strict=True)]


def _frames_of(part: Sequence[tuple[int, ReportResult]]) -> tuple[Any, ...]:
    """The partition's frames named in :data:`FRAMES`, built together (one :func:`batch_frames` call)."""
    frames = batch_frames([r for _, r in part], _worker_parser().gazetteer)
    return tuple(getattr(frames, which) for which in FRAMES)


def _part_name(i: int) -> str:
    """A partition's file name that sorts in partition order (readers list a folder's files by name)."""
    return f"part.{i:05d}.parquet"


def _schema_of(frame: Any) -> pa.Schema:  # noqa: ANN401 - a GeoDataFrame
    return pa.table(frame.to_arrow(index=False)).schema.remove_metadata()


def _common_schema(schemas: Sequence[pa.Schema]) -> pa.Schema:
    """One schema for every partition: a column empty in one partition takes its type from the others."""
    return pa.unify_schemas(list(schemas), promote_options="permissive")


class DaskRunner:
    """Map reports on a Dask cluster and write their events and claims as partitioned GeoParquet.

    Parameters
    ----------
    client
        A client of the cluster (a scheduler address or a LocalCluster).
    spec
        How the workers build their geoparser (opened once per worker by :class:`GeoparserPlugin`).
    out_dir
        The run's output folder: the workers write ``events.parquet/`` and
        ``claims.parquet/`` into a work folder inside it, so on a cluster of
        several machines it must be a folder that every worker reaches.
    partitions
        Partitions of the bag of reports; None: sixteen per worker.

    Use it as a context manager: leaving it removes the work folder if the
    run did not take its files (it failed before writing its outputs); a
    run killed before that leaves a folder the next run in ``out_dir``
    removes (:func:`geomap.scale.scratch.owned_folder`).
    """

    def __init__(
        self, client: distributed.Client, spec: ParserSpec, out_dir: Path, *, partitions: int | None = None
    ) -> None:
        self.client = client
        self.out_dir = Path(out_dir)
        self.partitions = partitions
        self._work: Path | None = None
        self._owned = contextlib.ExitStack()
        client.register_plugin(GeoparserPlugin(spec), name=_PLUGIN)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._drop_work()

    def _drop_work(self) -> None:
        self._owned.close()
        self._work = None

    def stage_outputs(self, stage: Path) -> dict[str, Path]:
        """Move the GeoParquet folders the workers wrote into ``stage`` (a run's output set); ``{key: path}``."""
        moved: dict[str, Path] = {}
        if self._work is None:
            return moved
        for which in FRAMES:
            written = self._work / f"{which}.parquet"
            if written.is_dir():
                moved[f"{which}_parquet"] = written.replace(stage / written.name)
        self._drop_work()
        return moved

    def __call__(self, reports: Sequence[Report]) -> Iterator[tuple[int, ReportResult]]:
        """Yield ``(index, result)`` per report as its partition finishes; the GeoParquet is written by the end."""
        if not reports:
            return
        self._drop_work()
        self._work = self._owned.enter_context(owned_folder(self.out_dir, _WORK_PREFIX))
        workers = max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        npartitions = min(len(reports), self.partitions or _PARTITIONS_PER_WORKER * workers)
        bag = db.from_sequence(list(enumerate(reports)), npartitions=npartitions)
        results = bag.map_partitions(_process_partition).persist()
        built = self.client.persist([delayed(_frames_of)(part) for part in results.to_delayed()])
        for future in distributed.as_completed(distributed.futures_of(results)):
            yield from future.result()
        writes = []
        for k, which in enumerate(FRAMES):
            parts = [delayed(operator.getitem)(frames, k) for frames in built]
            schema = _common_schema(self.client.compute([delayed(_schema_of)(part) for part in parts], sync=True))
            # Text stays object (not pyarrow strings); the written types are the partitions' common schema.
            with dask.config.set({"dataframe.convert-string": False}):
                frame = dd.from_delayed(parts, meta=getattr(batch_frames([], None), which), verify_meta=False)
            writes.append(
                frame.to_parquet(
                    self._work / f"{which}.parquet",
                    compute=False,
                    write_index=False,
                    schema=schema,
                    name_function=_part_name,
                )
            )
        for future in self.client.compute(writes):
            future.result()  # a worker's error is raised here
        logger.debug("mapped %d reports in %d partitions on %d Dask workers", len(reports), npartitions, workers)
