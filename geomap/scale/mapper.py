"""The mapper the ``geomap run`` options ask for: a process pool, a LocalCluster or a Dask scheduler."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.errors import GeomapError
from geomap.scale.pool import ProcessPool
from geomap.scale.scratch import owned_folder
from geomap.scale.spec import ParserSpec, all_cores

if TYPE_CHECKING:
    from collections.abc import Iterator

    from geomap.geoparse import Geoparser
    from geomap.pipeline import ReportMapper

__all__ = ["DASK_EXTRA", "report_mapper"]

#: The LocalCluster's work folders (its workers' scratch space) go in a folder of the run's, in the temp folder.
_SCRATCH_PREFIX = "geomap-dask-"

#: What to install for Dask runs.
DASK_EXTRA = 'Dask runs need dask[distributed], dask-geopandas and pyarrow: pip install "geomap[dask]"'


@contextlib.contextmanager
def report_mapper(
    *, jobs: int | None, dask: str | None, out_dir: Path, base: bool | None, parser: Geoparser | None = None
) -> Iterator[ReportMapper]:
    """Open the mapper the ``geomap run`` options ask for, for the run; close it (and its cluster) after.

    Open it before starting threads (a progress bar): pool workers are forked
    from this process when it has no other thread.

    Parameters
    ----------
    jobs
        Worker processes (or LocalCluster workers); None: every core.
    dask
        None for a local process pool; ``"local"`` for a LocalCluster of
        ``jobs`` workers on this machine; otherwise the address of a Dask
        scheduler (``tcp://host:8786``).
    out_dir
        The run's output folder (a Dask run writes its GeoParquet there).
    base
        Whether the workers load the GeoNames base layer.
    parser
        Used when the work stays in this process.

    Raises
    ------
    GeomapError
        If Dask is asked for but not installed, or its scheduler cannot be reached.
    """
    spec = ParserSpec.current(base=base)
    n = all_cores() if jobs is None else jobs
    if dask is None:
        with ProcessPool(n, spec, parser) as pool:
            yield pool
        return
    try:
        import dask as dask_config  # noqa: PLC0415 - an optional extra
        import distributed  # noqa: PLC0415

        from geomap.scale.cluster import DaskRunner  # noqa: PLC0415
        from geomap.scale.malloc import local_worker_environ  # noqa: PLC0415
    except ImportError as exc:
        raise GeomapError(DASK_EXTRA) from exc
    if n < 1:
        msg = f"--jobs must be at least 1, got {n}"
        raise GeomapError(msg)
    if dask == "local":
        with (
            owned_folder(Path(tempfile.gettempdir()), _SCRATCH_PREFIX) as scratch,
            dask_config.config.set({"distributed.nanny.pre-spawn-environ": local_worker_environ()}),
        ):
            cluster = distributed.LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                host="127.0.0.1",
                local_directory=str(scratch),
            )
            with cluster, distributed.Client(cluster) as client, DaskRunner(client, spec, out_dir) as runner:
                yield runner
        return
    try:
        client = distributed.Client(dask, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        msg = f"cannot reach the Dask scheduler at {dask!r}: {exc}"
        raise GeomapError(msg) from exc
    with client, DaskRunner(client, spec, out_dir) as runner:
        yield runner
