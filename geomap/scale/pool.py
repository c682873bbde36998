"""Reports on every core: a process pool whose workers open the gazetteer once.

Examples
--------
>>> from geomap.reports import parse_report
>>> from geomap.scale.spec import ParserSpec
>>> with ProcessPool(2, ParserSpec.current(base=False)) as mapper:
...     done = sorted((i, r.report.report_id) for i, r in mapper([parse_report("Goris was shelled.", report_id=f"r{n}")
...                                                               for n in range(3)]))
>>> done
[(0, 'r0'), (1, 'r1'), (2, 'r2')]
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING, Self, TypeAlias

from geomap.errors import GeomapError
from geomap.pipeline import ReportResult, process_reports

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from concurrent.futures import Executor

    from geomap.claims import Claim
    from geomap.events import Event
    from geomap.gazetteer.routes import Route
    from geomap.geoparse import Geoparser, Mention
    from geomap.reports import Report
    from geomap.scale.spec import ParserSpec

__all__ = ["ProcessPool"]

logger = logging.getLogger(__name__)

_CHUNKS_PER_JOB = 8  # chunks of the reports left per worker: small enough for a live progress bar and an even end
_MAX_CHUNK = 16  # big enough to amortise a task's cost

#: The geoparser of a pool worker, opened once by :func:`_open_parser` (the pool's initializer).
#: A forked worker finds its parent's here (set just before the fork) and keeps it.
_WORKER: dict[str, Geoparser] = {}

#: What a worker sends back per report: a :class:`~geomap.pipeline.ReportResult` but its report.
_Sent: TypeAlias = "tuple[tuple[Mention, ...], tuple[Event, ...], tuple[Claim, ...], tuple[Route, ...]]"


#: Seconds between a worker's checks that the process that started it is still there.
_PARENT_CHECK_S = 1.0


def _exit_with_parent() -> None:
    """End this worker once its parent is gone (a parent killed with SIGKILL leaves no one to stop the pool).

    Without it the workers of a killed ``geomap run`` wait for work forever, each holding a geoparser.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="geomap-parent-watch", daemon=True).start()


def _open_parser(spec: ParserSpec) -> None:
    """The pool's initializer: the geoparser of a forked worker is its parent's (inherited); spaCy loads here.

    What the worker holds from then on (gazetteer, spaCy, imported modules)
    is frozen out of the garbage collector's scans: each collection only
    looks at what the tasks make, and the pages shared with the parent stay
    shared.
    """
    _exit_with_parent()
    _WORKER["parser"] = spec.build(_WORKER.get("parser"))
    gc.freeze()


def _process_chunk(chunk: Sequence[tuple[int, Report]]) -> list[tuple[int, _Sent]]:
    """Results of a chunk, without their reports (the main process has them): less to pickle and send."""
    numbers = [i for i, _ in chunk]  # the chunk's sentences go through spaCy in one batch
    results = process_reports([report for _, report in chunk], _WORKER["parser"])
    return [(i, (r.mentions, r.events, r.claim_records, r.routes)) for i, r in zip(numbers, results, strict=True)]


def _chunks(reports: Sequence[Report], jobs: int) -> list[list[tuple[int, Report]]]:
    """Numbered reports in chunks that shrink towards the end (guided scheduling).

    Each chunk is a share of the reports still left, so the last ones are
    single reports and no worker waits long for another to finish.

    Examples
    --------
    >>> sizes = [len(c) for c in _chunks(list(range(100)), 2)]
    >>> sizes[:5], sizes[-3:], sum(sizes)
    ([6, 5, 5, 5, 4], [1, 1, 1], 100)
    """
    numbered = list(enumerate(reports))
    chunks, k = [], 0
    while k < len(numbered):
        size = max(1, min(_MAX_CHUNK, (len(numbered) - k) // (jobs * _CHUNKS_PER_JOB)))
        chunks.append(numbered[k : k + size])
        k += size
    return chunks


def _start_method() -> str:
    """``fork`` while this process has one thread (fast: geomap is imported already), else ``forkserver``.

    Forking a process whose other threads may hold locks can hang the child,
    so with threads running the workers start from a clean server process.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class ProcessPool:
    """Map reports to results in ``jobs`` worker processes (in this process when ``jobs`` is 1).

    Use it as a context manager: the workers start on entering (open it
    before starting threads, e.g. a progress bar, so they can be forked) and
    stop on leaving. Called with reports, it yields ``(index, result)`` as
    each small chunk of reports is done: a :data:`~geomap.pipeline.ReportMapper`.

    Parameters
    ----------
    jobs
        Worker processes; each opens the gazetteer once, in the pool's initializer.
    spec
        How the workers build their geoparser.
    parser
        The geoparser to use when the work stays in this process (one job,
        or a single report); built from ``spec`` when None. Forked workers
        inherit it (the same gazetteer, already open), so it must be the
        geoparser ``spec`` describes.

    Raises
    ------
    GeomapError
        If ``jobs`` is below 1.
    """

    def __init__(self, jobs: int, spec: ParserSpec, parser: Geoparser | None = None) -> None:
        if jobs < 1:
            msg = f"--jobs must be at least 1, got {jobs}"
            raise GeomapError(msg)
        self.jobs = jobs
        self.spec = spec
        self.parser = parser
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Self:
        if self.jobs > 1:
            method = _start_method()
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(["geomap.scale.pool"])
            if method == "fork" and self.parser is not None:
                _WORKER["parser"] = self.parser  # the workers inherit it: no second gazetteer to open
            gc.freeze()  # the workers' collector leaves what they inherit alone (pages stay shared)
            try:
                self._pool = ProcessPoolExecutor(
                    self.jobs, mp_context=context, initializer=_open_parser, initargs=(self.spec,)
                )
                self._pool.submit(int)  # any task starts the workers: now, while it is safe to fork
            finally:
                gc.unfreeze()
                _WORKER.pop("parser", None)
            logger.debug("started %d worker processes (%s)", self.jobs, method)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def executor(self) -> Executor | None:
        """The workers' executor while they run (None with one job): a run renders its map there."""
        return self._pool

    def __call__(self, reports: Sequence[Report]) -> Iterator[tuple[int, ReportResult]]:
        """Yield ``(index, result)`` for each of ``reports``, in the order they finish."""
        if self._pool is None or len(reports) < 2:  # noqa: PLR2004 - one report: no need for the workers
            if self.jobs > 1 and self._pool is None:
                msg = "open the ProcessPool with `with` before mapping reports in several processes"
                raise GeomapError(msg)
            self.parser = self.parser or self.spec.build()
            for k in range(0, len(reports), _MAX_CHUNK):  # the chunk's sentences go through spaCy in one batch
                chunk = reports[k : k + _MAX_CHUNK]
                yield from enumerate(process_reports(chunk, self.parser), start=k)
            return
        futures = [self._pool.submit(_process_chunk, chunk) for chunk in _chunks(reports, self.jobs)]
        for future in as_completed(futures):
            for i, sent in future.result():
                yield i, ReportResult(reports[i], *sent)
