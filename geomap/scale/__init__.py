"""Many reports at once: on every core (a process pool) or past one machine (Dask).

Both run the one per-report function, :func:`geomap.pipeline.process_report`,
and hand :func:`geomap.pipeline.run` a :data:`~geomap.pipeline.ReportMapper`:
the outputs are the same as a run through the reports one after the other.

* :mod:`geomap.scale.pool`: a process pool; each worker opens the gazetteer
  (its memory-mapped index) and loads spaCy once, in the pool's
  initializer, and gets reports in chunks that shrink towards the end, so
  results come back (and the progress bar moves) as they finish and the
  workers end together. Once the mapping is done, one of them renders the
  map while the main process writes the data files.
* :mod:`geomap.scale.cluster`: a ``dask.bag`` of the reports on a Dask
  cluster (a scheduler address, or a LocalCluster); a worker plugin opens
  the gazetteer once per worker. Each partition's task maps its reports and
  builds their frames; the main process joins the frames instead of
  building them, and a worker draws the map. The events and claims of the
  partitions become a dask-geopandas frame that the workers write as
  partitioned GeoParquet (``events.parquet/``, ``claims.parquet/``), part of
  the run's output set. It needs the ``dask`` extra (``pip install "geomap[dask]"``).
* :mod:`geomap.scale.chunks`: frames built per chunk of reports, joined into the batch's.
* :mod:`geomap.scale.spec`: what a worker needs to build its geoparser.
* :mod:`geomap.scale.mapper`: the mapper the ``geomap run`` options ask for.
"""

from __future__ import annotations

from geomap.scale.mapper import report_mapper
from geomap.scale.pool import ProcessPool
from geomap.scale.spec import ParserSpec, all_cores

__all__ = ["ParserSpec", "ProcessPool", "all_cores", "report_mapper"]
