"""``geomap --help`` from a kept copy of the text typer prints, without loading typer.

typer builds every command (signatures, types, help) before it prints the group's help: two thirds of
``geomap --help``. The text it prints depends only on the commands and the terminal: plain on a pipe,
styled (ANSI) on a terminal, and as wide as the terminal, every line padded to the width. ``help.json``
keeps typer's text for the 80 columns of a pipe or a classic terminal, and for the narrowest width at
which no line wraps, with where each line grows by one character a column wider: any width from there
on is that text, stretched. Any other width, or an environment variable that changes how rich decides
(``FORCE_COLOR``, ``NO_COLOR``, ``TTY_COMPATIBLE``, a dumb terminal, ...), goes to typer.

:func:`render` rebuilds the kept copy from typer itself (``tests/test_cli_helptext.py`` fails when the
copy is stale; ``python -m geomap.cli.helptext`` rewrites it).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from geomap.terminal import rich_view

__all__ = ["KEPT", "kept_help", "render", "stretch", "typer_help"]

#: The kept copy of typer's ``geomap --help``.
KEPT = Path(__file__).with_name("help.json")
_PIPE_WIDTH = 80  # rich's width without a terminal or COLUMNS
_WIDEST = 200  # the widths searched for the one at which nothing wraps end here
# typer reads these to decide whether its console is a terminal and how wide (rich's own: terminal.rich_view).
_TYPER_DECIDING = ("TERMINAL_WIDTH", "GITHUB_ACTIONS", "PY_COLORS", "_TYPER_FORCE_DISABLE_TERMINAL")
_RICH_DECIDING = ("COLUMNS", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM", "COLORTERM")
# Renders the group's help at each width given (JSON list), in one process: typer's own text, as a user gets it.
_RENDER = """
import io, json, os, sys
from geomap.cli.commands import app
texts = {}
for width in json.loads(sys.argv[1]):
    os.environ["COLUMNS"] = str(width)
    sys.stdout = io.StringIO()
    try:
        app(["--help"], prog_name="geomap")
    except SystemExit:
        pass
    texts[width] = sys.stdout.getvalue()
    sys.stdout = sys.__stdout__
print(json.dumps(texts))
"""


def stretch(kept: dict[str, Any], width: int) -> str:
    r"""The kept text at ``width`` (at least its ``natural`` width): each line grown where it grows.

    Examples
    --------
    >>> stretch({"natural": "ab\n|x|\n", "width": 3, "grow": [[2, " "], [2, "-"]]}, 5)
    'ab  \n|x--|\n'
    """
    extra = width - kept["width"]
    lines = kept["natural"].split("\n")
    for i, (at, char) in enumerate(kept["grow"]):
        lines[i] = lines[i][:at] + char * extra + lines[i][at:]
    return "\n".join(lines)


def kept_help() -> str | None:
    """What typer would print for ``geomap --help`` here, from the kept copy; None when it does not cover the case."""
    view = None if any(name in os.environ for name in _TYPER_DECIDING) else rich_view(sys.stdout)
    if view is None:
        return None
    terminal, width = view
    kept = json.loads(KEPT.read_text(encoding="utf-8"))["styled" if terminal else "plain"]
    if width == _PIPE_WIDTH:
        return str(kept["80"])
    if width >= kept["width"]:
        return stretch(kept, width)
    return None


def typer_help(widths: list[int], *, styled: bool) -> dict[int, str]:
    """Typer's ``geomap --help`` at each of ``widths``, plain or ``styled``, from a fresh Python."""
    env = {k: v for k, v in os.environ.items() if k not in {*_TYPER_DECIDING, *_RICH_DECIDING}}
    if styled:
        env |= {"FORCE_COLOR": "1", "TERM": "xterm"}
    done = subprocess.run(  # noqa: S603 - this Python, a fixed script, widths as JSON
        [sys.executable, "-c", _RENDER, json.dumps(widths)], capture_output=True, text=True, check=True, env=env
    )
    return {int(width): text for width, text in json.loads(done.stdout).items()}


def _grow(narrow: str, wider: str) -> list[list[Any]]:
    """Where each line of ``narrow`` takes one more character to be the line of ``wider``, and which."""
    grow: list[list[Any]] = []
    for short, long in zip(narrow.split("\n"), wider.split("\n"), strict=True):
        at = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
        if long != short[:at] + long[at : at + 1] + short[at:]:
            msg = f"a line does not grow by one character: {short!r} -> {long!r}"
            raise ValueError(msg)
        grow.append([at, long[at : at + 1]])  # "" for a line that does not grow (the empty last one)
    return grow


def _natural(texts: dict[int, str]) -> int:
    """The narrowest of the widths rendered from which every text is the one before it, a column wider."""
    widths = sorted(texts)
    natural = widths[-1]
    for narrow, wider in reversed(list(itertools.pairwise(widths))):
        try:
            _grow(texts[narrow], texts[wider])
        except ValueError:
            break
        natural = narrow
    return natural


def render() -> dict[str, Any]:
    """The kept copy, from typer: for each variant its 80-column text, its natural width, text and growth."""
    kept = {}
    for variant in ("plain", "styled"):
        texts = typer_help([_PIPE_WIDTH, *range(_PIPE_WIDTH + 1, _WIDEST)], styled=variant == "styled")
        natural = _natural({w: t for w, t in texts.items() if w > _PIPE_WIDTH})
        kept[variant] = {
            "80": texts[_PIPE_WIDTH],
            "width": natural,
            "natural": texts[natural],
            "grow": _grow(texts[natural], texts[natural + 1]),
        }
    return kept


if __name__ == "__main__":
    KEPT.write_text(json.dumps(render(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
