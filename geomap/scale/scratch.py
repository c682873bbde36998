"""Work folders owned by a run: removed when it ends, and by the next run if it was killed.

A folder is named for the process that made it (``PREFIX<pid>-<random>``).
It is removed when the ``with`` block ends, at interpreter exit, and on
SIGTERM (turned into :class:`SystemExit` while a folder is open, so the
``finally`` blocks run). A run killed with SIGKILL can remove nothing; the
next :func:`owned_folder` with the same prefix in the same place removes the
folders whose process is gone.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> parent = Path(tempfile.mkdtemp())
>>> with owned_folder(parent, ".work-") as work:
...     (work / "part.parquet").write_text("x") > 0
True
>>> list(parent.iterdir())
[]
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

__all__ = ["owned_folder", "sweep"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _owner(folder: Path, prefix: str) -> int | None:
    pid, _, _ = folder.name.removeprefix(prefix).partition("-")
    return int(pid) if pid.isdigit() else None


def sweep(parent: Path, prefix: str) -> list[Path]:
    """Remove the folders ``parent/PREFIX<pid>-*`` whose process is gone; return them.

    Examples
    --------
    >>> import tempfile
    >>> parent = Path(tempfile.mkdtemp())
    >>> (parent / ".work-999999999-x").mkdir()
    >>> [p.name for p in sweep(parent, ".work-")]
    ['.work-999999999-x']
    """
    if not parent.is_dir():
        return []
    stale = []
    for folder in parent.glob(f"{prefix}*"):
        pid = _owner(folder, prefix)
        if folder.is_dir() and pid is not None and pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            stale.append(folder)
    return stale


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - a signal handler's signature
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _sigterm_exits() -> Iterator[None]:
    """While open, SIGTERM raises SystemExit in the main thread (so ``finally`` runs), unless a handler is set."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) not in (
        signal.SIG_DFL,
        None,
    ):
        yield
        return
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def owned_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new folder ``parent/PREFIX<pid>-<random>``, removed when the block ends (or the process exits).

    Folders of the same prefix left in ``parent`` by killed processes are removed first (:func:`sweep`).
    """
    parent.mkdir(parents=True, exist_ok=True)
    sweep(parent, prefix)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))

    def remove() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    try:
        with _sigterm_exits():
            yield folder
    finally:
        remove()
        atexit.unregister(remove)
