"""``geomap places`` and ``geomap --help`` without typer: the plain forms answered before typer (and rich) load.

Loading typer and building its command costs a cold ``geomap places`` about a third of its start. The
forms a person or a script types, ``geomap places REPORT`` with ``--format``/``-f`` (``table``, ``json``,
``jsonl``), ``--wide`` and ``--no-base`` in any order, are read here and run through the same
:func:`~geomap.cli.parsing.print_places` typer's command calls, so they print the same. Anything else (a
misspelled option or format, ``--help``, a second report, ``--``, an option before the command) is left to
typer, which explains it as it always has.

Examples
--------
>>> read_places(["places", "report.md", "-f", "jsonl", "--no-base"])
PlacesArgs(report='report.md', fmt='jsonl', wide=False, no_base=True)
>>> read_places(["places", "report.md", "--format", "yaml"]) is None  # typer names the choices
True
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.cli.parsing import PLACES_FORMATS

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["PlacesArgs", "read_places", "run"]

_FLAGS = {"--wide": "wide", "--no-base": "no_base"}
_FORMAT_LONG = "--format"
_FORMAT_SHORT = "-f"
#: The exit code of a command stopped by Ctrl-C (128 + SIGINT), as typer's commands and shells give it.
_INTERRUPTED = 130
_INTERRUPTED_LINE = "geomap: interrupted"


@dataclass(frozen=True, slots=True)
class PlacesArgs:
    """The arguments of a plain ``geomap places`` command line."""

    report: str
    fmt: str = "table"
    wide: bool = False
    no_base: bool = False


def _read_format(arg: str, rest: list[str]) -> str | None:
    """The format a ``--format`` option names, as click reads ``arg`` (taking its value from ``rest`` if apart)."""
    if arg in {_FORMAT_LONG, _FORMAT_SHORT}:
        return rest.pop(0) if rest else None
    if arg.startswith(f"{_FORMAT_LONG}="):
        return arg.removeprefix(f"{_FORMAT_LONG}=")
    return arg.removeprefix(_FORMAT_SHORT)  # -fjson


def _is_format(arg: str) -> bool:
    """Whether ``arg`` is the ``--format`` option (``-f json``, ``-fjson``, ``--format json``, ``--format=json``)."""
    return arg == _FORMAT_LONG or arg.startswith((f"{_FORMAT_LONG}=", _FORMAT_SHORT))


def read_places(argv: Sequence[str]) -> PlacesArgs | None:
    """The ``places`` command ``argv`` (the arguments after ``geomap``) asks for, or None to leave it to typer.

    Options are read as click reads them: anywhere on the line, the last ``--format`` winning, ``-`` for
    standard input as the report.
    """
    if not argv or argv[0] != "places":
        return None
    rest = list(argv[1:])
    reports: list[str] = []
    fmt = "table"
    flags = dict.fromkeys(_FLAGS.values(), False)
    while rest:
        arg = rest.pop(0)
        if arg in _FLAGS:
            flags[_FLAGS[arg]] = True
        elif _is_format(arg):
            value = _read_format(arg, rest)
            if value not in PLACES_FORMATS:
                return None
            fmt = value
        elif arg == "-" or not arg.startswith("-"):
            reports.append(arg)
        else:
            return None
    if len(reports) != 1:
        return None
    return PlacesArgs(report=reports[0], fmt=fmt, **flags)


def run(argv: Sequence[str]) -> int | None:
    """Run ``geomap ARGV`` here when :func:`read_places` reads it: its exit code; None to leave it to typer.

    ``geomap --help`` is answered from the kept copy of typer's text when it covers the terminal
    (:func:`~geomap.cli.helptext.kept_help`).

    Ends as typer's command does: a :class:`~geomap.errors.GeomapError` is one ``error:`` line and code 1,
    a reader that closed the pipe early (``| head``) code 1 and no traceback, Ctrl-C code 130 and no
    traceback (and one line saying it was interrupted).
    """
    if list(argv) == ["--help"]:
        from geomap.cli.helptext import kept_help  # noqa: PLC0415 - see above

        text = kept_help()
        if text is None:
            return None
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    args = read_places(argv)
    if args is None:
        return None
    try:
        return _places(args)
    except KeyboardInterrupt:
        # Ctrl-C: typer's commands end with code 130 (128 + SIGINT) and no traceback; this says why in one line.
        sys.stderr.write(f"{_INTERRUPTED_LINE}\n")
        sys.stderr.flush()
        return _INTERRUPTED


def _places(args: PlacesArgs) -> int:
    """Print the places of ``args``: 0, or 1 after an ``error:`` line or a reader that closed the pipe."""
    from geomap.cli.console import log_to_stderr, say  # noqa: PLC0415 - only once the line is known to be ours
    from geomap.cli.parsing import print_places  # noqa: PLC0415
    from geomap.errors import GeomapError  # noqa: PLC0415

    log_to_stderr(verbose=False)
    try:
        print_places(Path(args.report), args.fmt, wide=args.wide, no_base=args.no_base)
    except GeomapError as exc:
        say("error:", "bold red", exc)
        return 1
    except BrokenPipeError:
        # As click does: exit 1 in silence. What is still buffered goes nowhere, not to the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
