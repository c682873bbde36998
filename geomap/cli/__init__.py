"""The ``geomap`` command: parse arguments, call the library, print.

:func:`main` is the console script. A plain ``geomap places`` line is answered by
:mod:`~geomap.cli.quick` without loading typer; everything else goes to the typer app of
:mod:`~geomap.cli.commands` (also reachable here as ``geomap.cli.app``, loaded when first asked
for), so importing this package costs nothing.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

# geomap's arrays are small: one BLAS thread, and no 70 ms of thread start-up in every command (a user's
# setting wins). Set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]


def main() -> None:
    """The ``geomap`` command: the quick path when it answers the arguments, else typer's app."""
    from geomap.cli import quick  # noqa: PLC0415 - see the module: nothing loaded before it is needed

    code = quick.run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from geomap.cli import commands  # noqa: PLC0415

    commands.main()


def __getattr__(name: str) -> typer.Typer:
    """``geomap.cli.app``: the typer app, imported on first use (:mod:`geomap.cli.commands`)."""
    if name == "app":
        from geomap.cli.commands import app  # noqa: PLC0415

        return app
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
