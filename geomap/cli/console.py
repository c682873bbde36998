"""What the ``geomap`` command prints, and how: two consoles, one-line messages, fitted tables.

Data goes to standard output (:data:`out`); messages and progress to standard error (:data:`err`).
Every :class:`~geomap.errors.GeomapError` a command raises is caught once by :func:`guard`,
printed as one line naming the file (and line) at fault, and turned into exit code 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.text import Text

from geomap.errors import GeomapError
from geomap.terminal import Column, one_line
from geomap.terminal import table as laid_out

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rich.console import RenderableType

__all__ = ["err", "fail", "guard", "out", "printable", "say", "table"]

err = Console(stderr=True, soft_wrap=True)  # never wrapped: one message, one line
out = Console(soft_wrap=True)


def say(label: str, style: str, message: object) -> None:
    """Print ``label`` in ``style`` and ``message`` as plain text (file names and report text are not markup)."""
    err.print(Text.assemble((label, style), " ", one_line(message)), highlight=False)


def fail(exc: Exception) -> typer.Exit:
    """Print ``exc`` as one error line; the exit (code 1) for the caller to raise."""
    say("error:", "bold red", exc)
    return typer.Exit(code=1)


def guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn GeomapError into one clear line on stderr and exit code 1."""

    # Builtin annotations only: typing.get_type_hints resolves them in the module of the wrapped command.
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return func(*args, **kwargs)
        except GeomapError as exc:
            raise fail(exc) from None

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.__wrapped__ = func  # type: ignore[attr-defined]
    return wrapper


def printable(text: str) -> str:
    r"""``text`` with lone surrogates (from JSON escapes of half a character) replaced, so it can be printed.

    Examples
    --------
    >>> printable("Şuşa \ud800")
    'Şuşa ?'
    """
    return text.encode("utf-8", "replace").decode("utf-8")


def table(
    title: str, columns: Sequence[str | Column], rows: Sequence[Sequence[Any]], *, wide: bool = False
) -> RenderableType:
    """A table laid out for standard output: fitted to the terminal, every column (``wide``), or plain on a pipe."""
    spec = [c if isinstance(c, Column) else Column(c, max(len(c), 6)) for c in columns]
    return laid_out(out, title, spec, rows, wide=wide)
