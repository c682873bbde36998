"""What the ``geomap`` command prints, and how: two consoles, one-line messages, fitted tables.

Data goes to standard output (:func:`stdout`); messages and progress to standard error (:func:`stderr`).
The consoles (and ``rich``) are made when used: a plain table on a pipe needs neither, and typer is
not loaded here (:mod:`geomap.cli.quick` runs ``geomap places`` without it).
Every :class:`~geomap.errors.GeomapError` a command raises is caught once by :func:`guard`,
printed as one line naming the file (and line) at fault, and turned into exit code 1.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from geomap.errors import GeomapError
from geomap.terminal import Column, fit_table, one_line, plain_line, plain_table, rich_view, surely_plain
from geomap.terminal import table as laid_out

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import typer
    from rich.console import Console

__all__ = ["fail", "guard", "log_to_stderr", "printable", "say", "show", "stderr", "stdout"]


def log_to_stderr(verbose: bool) -> None:
    """Send geomap's log to standard error: warnings, or everything it does (``verbose``), one line each."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def stderr() -> Console:
    """A console on standard error: messages, never wrapped (one message, one line).

    Made at each call, so it reads the environment (``COLUMNS``) of the moment, as the consoles made
    when the command was loaded did.
    """
    from rich.console import Console  # noqa: PLC0415 - made when first used (see the module)

    return Console(stderr=True, soft_wrap=True)


def stdout() -> Console:
    """A console on standard output (see :func:`stderr`)."""
    from rich.console import Console  # noqa: PLC0415 - see stderr

    return Console(soft_wrap=True)


def say(label: str, style: str, message: object) -> None:
    """Print ``label`` in ``style`` and ``message`` as plain text (file names and report text are not markup).

    On a pipe or file (whatever ``COLUMNS`` says: messages are never wrapped), a line of characters one
    cell wide is written as is (rich would write the same).
    """
    line = f"{label} {one_line(message)}"
    view = rich_view(sys.stderr)
    if plain_line(line) and (surely_plain(sys.stderr) or (view is not None and not view[0])):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
        return
    from rich.text import Text  # noqa: PLC0415 - see stderr

    stderr().print(Text.assemble((label, style), " ", one_line(message)), highlight=False)


def fail(exc: Exception) -> typer.Exit:
    """Print ``exc`` as one error line; the exit (code 1) for the caller to raise."""
    import typer  # noqa: PLC0415 - only typer's commands raise it (geomap places may run without typer)

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


def show(title: str, columns: Sequence[str | Column], rows: Sequence[Sequence[Any]], *, wide: bool = False) -> None:
    """Print a table on standard output: fitted to the terminal, every column (``wide``), or plain on a pipe.

    A plain or fitted table of characters one cell wide is written without loading rich
    (:func:`~geomap.terminal.plain_table`, :func:`~geomap.terminal.fit_table`), as rich would draw it.
    """
    spec = [c if isinstance(c, Column) else Column(c, max(len(c), 6)) for c in columns]
    text = None
    if surely_plain(sys.stdout, wide=wide):
        text = plain_table(spec, rows)
    elif not wide and (view := rich_view(sys.stdout)) is not None:
        terminal, width = view
        if terminal or "COLUMNS" in os.environ:  # else rich's plain layout: plain_table declined, rich draws it
            text = fit_table(title, spec, rows, width, styled=terminal)
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    console = stdout()
    console.print(laid_out(console, title, spec, rows, wide=wide))
