"""Reports past one machine: a ``dask.bag`` on a Dask cluster, the events and claims as GeoParquet.

A worker plugin opens the gazetteer once per worker; every task on that
worker uses it. The bag holds the reports (read and numbered by the client,
so report ids and read errors are the same as in a local run); each
partition is one task: its reports mapped (:func:`geomap.pipeline.process_reports`)
and its frames built (:func:`geomap.pipeline.batch_frames`) on the worker.
The client gets each partition's results (without the reports it sent) and
frames, and joins the frames for the run (:func:`geomap.scale.chunks.join_frames`:
the main process builds none). The partitions' events and claims, left on
the workers, make a dask-geopandas frame that the workers write as
partitioned GeoParquet into a work folder inside the output folder, while
the main process writes the run's other files and a worker draws the map;
:func:`geomap.pipeline.run` moves the GeoParquet into the run's output set
(:meth:`DaskRunner.stage_outputs`), so it is replaced with the other files
of the run, all at once.

Needs the ``dask`` extra: ``pip install "geomap[dask]"``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeAlias

import dask
import dask.bag as db
import dask.dataframe as dd
import dask_geopandas  # noqa: F401 - registers the geopandas backend of dask.dataframe
import distributed
import pandas as pd
import pyarrow as pa
from dask.delayed import delayed

from geomap.pipeline import BatchFrames, ReportResult, batch_frames, process_reports
from geomap.scale.chunks import join_frames
from geomap.scale.malloc import keep_freed_memory
from geomap.scale.scratch import owned_folder

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from concurrent.futures import Executor

    from geomap.claims import Claim
    from geomap.events import Event
    from geomap.gazetteer.routes import Route
    from geomap.geoparse import Geoparser, Mention
    from geomap.reports import Report
    from geomap.scale.spec import ParserSpec

__all__ = ["FRAMES", "DaskRunner", "GeoparserPlugin"]

logger = logging.getLogger(__name__)

#: The frames a Dask run writes as partitioned GeoParquet, as ``NAME.parquet/`` folders.
FRAMES = ("events", "claims")

_PLUGIN = "geomap-geoparser"
_PARTITIONS_PER_WORKER = 16  # small partitions: the workers finish together
_WORK_PREFIX = ".geomap-dask-"  # hidden: an output set never takes it as one of its files

#: What a partition's task sends back per report: a :class:`~geomap.pipeline.ReportResult` but its report.
_Sent: TypeAlias = "tuple[tuple[Mention, ...], tuple[Event, ...], tuple[Claim, ...], tuple[Route, ...]]"

#: A partition's task's value: ``(index, result)`` per report, its frames, and their Arrow schemas (:data:`FRAMES`).
_Partition: TypeAlias = "tuple[list[tuple[int, _Sent]], BatchFrames, tuple[pa.Schema, ...]]"


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
        """Open the geoparser on ``worker`` (and undo a nanny's allocator setting: :mod:`geomap.scale.malloc`).

        What the worker holds then (gazetteer, spaCy, modules) is frozen out
        of the garbage collector's scans: each collection only looks at what
        the tasks make.
        """
        self.kept_freed_memory = keep_freed_memory()
        self.parser = self.spec.build()
        gc.freeze()
        logger.info("geomap geoparser opened on Dask worker %s", worker.address)


def _worker_parser() -> Geoparser:
    plugin = distributed.get_worker().plugins[_PLUGIN]
    if not isinstance(plugin, GeoparserPlugin) or plugin.parser is None:
        msg = "the geomap worker plugin was not set up on this worker"
        raise RuntimeError(msg)
    return plugin.parser


def _map_partition(pairs: Sequence[tuple[int, Report]]) -> _Partition:
    """A partition's results (its sentences through spaCy in one batch), its frames and their schemas.

    The results go back without their reports: the client has them.
    """
    parser = _worker_parser()
    results = process_reports([report for _, report in pairs], parser)
    frames = batch_frames(results, parser.gazetteer)
    sent = [(i, (r.mentions, r.events, r.claim_records, r.routes)) for (i, _), r in zip(pairs, results, strict=True)]
    return sent, frames, tuple(_schema_of(getattr(frames, which)) for which in FRAMES)


def _frame_of(partition: _Partition, which: str) -> Any:  # noqa: ANN401 - a GeoDataFrame
    return getattr(partition[1], which)


def _part_name(i: int) -> str:
    """A partition's file name that sorts in partition order (readers list a folder's files by name)."""
    return f"part.{i:05d}.parquet"


def _schema_of(frame: Any) -> pa.Schema:  # noqa: ANN401 - a GeoDataFrame
    """The Arrow schema a frame is written with: its columns' types, the geometry's as an empty frame gives it.

    Only the geometry's type comes from geopandas (as WKB, whatever the
    geometries): the other columns' types are inferred from their values
    alone, without encoding any geometry.
    """
    geometry = frame.geometry.name
    shape = pa.table(frame.iloc[:0].to_arrow(index=False)).schema
    values = pa.Schema.from_pandas(pd.DataFrame(frame.drop(columns=geometry)), preserve_index=False)
    return pa.schema([shape.field(name) if name == geometry else values.field(name) for name in shape.names])


def _common_schema(schemas: Sequence[pa.Schema]) -> pa.Schema:
    """One schema for every partition: a column empty in one partition takes its type from the others."""
    return pa.unify_schemas(list(schemas), promote_options="permissive")


def _write_geoparquet(
    client: distributed.Client,
    work: Path,
    partitions: Sequence[distributed.Future[Any]],
    schemas: Sequence[tuple[pa.Schema, ...]],
) -> list[distributed.Future[Any]]:
    """Start the workers writing the partitions' frames (left on them) as GeoParquet in ``work``; the writes."""
    writes = []
    for k, which in enumerate(FRAMES):
        parts = [delayed(_frame_of)(partition, which) for partition in partitions]
        schema = _common_schema([s[k] for s in schemas])
        # Text stays object (not pyarrow strings); the written types are the partitions' common schema.
        with dask.config.set({"dataframe.convert-string": False}):
            frame = dd.from_delayed(parts, meta=getattr(batch_frames([], None), which), verify_meta=False)
        writes.append(
            frame.to_parquet(
                work / f"{which}.parquet",
                compute=False,
                write_index=False,
                schema=schema,
                name_function=_part_name,
            )
        )
    return list(client.compute(writes))


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
        ``claims.parquet/`` into a work folder inside it, and draw the map
        into the run's stage folder there, so on a cluster of several
        machines it must be a folder that every worker reaches.
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
        self._frames: BatchFrames | None = None
        self._writes: list[distributed.Future[Any]] = []
        self._owned = contextlib.ExitStack()
        client.register_plugin(GeoparserPlugin(spec), name=_PLUGIN)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._drop_work()

    def _drop_work(self) -> None:
        for write in self._writes:
            write.cancel()
        self._writes = []
        self._frames = None
        self._owned.close()
        self._work = None

    def batch_frames(self) -> BatchFrames | None:
        """The frames of the reports last mapped, joined from the partitions' (a ``BuildsFrames``)."""
        return self._frames

    def executor(self) -> Executor:
        """The cluster's workers as an executor: a run draws its map on one (:class:`~geomap.pipeline.LendsWorkers`)."""
        executor: Executor = self.client.get_executor(pure=False)  # pure=False: no need to hash the frames for a key
        return executor

    def stage_outputs(self, stage: Path) -> dict[str, Path]:
        """Wait for the workers' GeoParquet, and move it into ``stage`` (a run's output set); ``{key: path}``."""
        moved: dict[str, Path] = {}
        if self._work is None:
            return moved
        for write in self._writes:
            write.result()  # a worker's error is raised here
        self._writes = []
        for which in FRAMES:
            written = self._work / f"{which}.parquet"
            if written.is_dir():
                moved[f"{which}_parquet"] = written.replace(stage / written.name)
        self._drop_work()
        return moved

    def __call__(self, reports: Sequence[Report]) -> Iterator[tuple[int, ReportResult]]:
        """Yield ``(index, result)`` per report as its partition finishes; then start writing the GeoParquet."""
        self._drop_work()
        if not reports:
            return
        work = self._work = self._owned.enter_context(owned_folder(self.out_dir, _WORK_PREFIX))
        workers = max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        npartitions = min(len(reports), self.partitions or _PARTITIONS_PER_WORKER * workers)
        bag = db.from_sequence(list(enumerate(reports)), npartitions=npartitions)
        partitions = self.client.compute([delayed(_map_partition)(part) for part in bag.to_delayed()])
        order = {future.key: k for k, future in enumerate(partitions)}
        frames: list[BatchFrames | None] = [None] * len(partitions)
        schemas: list[tuple[pa.Schema, ...] | None] = [None] * len(partitions)
        for future, (sent, built, schema) in distributed.as_completed(partitions, with_results=True):
            frames[order[future.key]], schemas[order[future.key]] = built, schema
            for i, result in sent:
                yield i, ReportResult(reports[i], *result)
        self._frames = join_frames([f for f in frames if f is not None])
        self._writes = _write_geoparquet(self.client, work, partitions, [s for s in schemas if s is not None])
        logger.debug("mapped %d reports in %d partitions on %d Dask workers", len(reports), npartitions, workers)
