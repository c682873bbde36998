"""How the ``geomap`` command prints: tables that fit the terminal, JSON lines for pipes, one-line messages.

Tables have three layouts:

``fit`` (a terminal, or ``COLUMNS`` set)
    the columns that fit the width, most useful first, one line per row,
    long cells (a quote) cut with an ellipsis; a wide terminal shows more
    columns and more of the quote;
``wide`` (``--wide``)
    every column, cells folded over as many lines as they need;
``plain`` (standard output is a pipe or file and ``COLUMNS`` is not set)
    every column, whole cells, no borders, one line per row: for ``grep``,
    ``cut`` and logs. Cells of characters one cell wide (Latin, Greek,
    Cyrillic) are laid out by :func:`plain_table` without loading ``rich``
    (a third of a ``geomap places`` start); any other table is ``rich``'s,
    with the same result.

Messages on standard error are never wrapped, so each is one line in a log.

Examples
--------
>>> columns = [Column("place", 8), Column("quote", 10, flexible=True), Column("source", 10, priority=3)]
>>> [c.name for c in fit_columns(columns, 30)]
['place', 'quote']
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table
    from rich.text import Text

__all__ = [
    "Column",
    "fit_columns",
    "layout",
    "one_line",
    "plain_line",
    "plain_table",
    "print_features",
    "print_records",
    "surely_plain",
    "table",
]

_PER_COLUMN = 3  # a border and a space either side
_PLAIN_WIDTH = 100_000
_SPACE = re.compile(r"\s*\n\s*")
# The characters rich draws one cell wide without looking them up (rich.cells' own list): a plain table of these
# is laid out by counting characters. Control characters, tabs, line breaks, marks and wide letters are not here.
_ONE_CELL = frozenset(
    chr(c) for low, high in ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482)) for c in range(low, high + 1)
)
# Headers the plain path lays out itself; one with brackets or colons (a compare label) is left to rich, as text.
_HEADER_CELL = _ONE_CELL - frozenset("[]:")
# rich's Console keeps to the terminal when one of these says so, whatever the stream is.
_TERMINAL_VARIABLES = ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")
# Besides COLUMNS, what makes rich's Console decide other than by the stream alone (its colours, a notebook).
_DECIDING_VARIABLES = (
    "FORCE_COLOR",
    "NO_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
)
_DUMB_TERMINALS = ("dumb", "unknown")
_PIPE_WIDTH = 80  # rich's width without a terminal or COLUMNS
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"  # how rich writes a bold header cell on a terminal (any colour system)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header, the narrowest it is of use, how early it is dropped, whether it stretches."""

    name: str
    width: int
    priority: int = 1
    flexible: bool = False


def layout(console: Console, *, wide: bool = False) -> str:
    """``wide`` when asked for, ``plain`` on a pipe without ``COLUMNS``, else ``fit``."""
    if wide:
        return "wide"
    if not console.is_terminal and "COLUMNS" not in os.environ:
        return "plain"
    return "fit"


def surely_plain(stream: TextIO, *, wide: bool = False) -> bool:
    """Whether a table for ``stream`` has the ``plain`` layout by every rule rich's Console applies, without rich.

    Only when ``stream`` is no terminal and no environment variable that rich reads to decide says otherwise:
    in any doubt, False (and rich decides).

    Examples
    --------
    >>> import io
    >>> surely_plain(io.StringIO()), surely_plain(io.StringIO(), wide=True)
    (True, False)
    """
    if wide or any(name in os.environ for name in _TERMINAL_VARIABLES):
        return False
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream: rich's Console decides
        return False


def rich_view(stream: TextIO) -> tuple[bool, int] | None:
    """Whether rich's Console on ``stream`` takes it for a terminal, and how wide, without rich; None in any doubt.

    As rich decides: a terminal if the stream is one (a dumb one is left to rich); the width of the first
    of standard input, output and error that is a terminal, ``COLUMNS`` over it, else 80. Any variable that
    rich also reads (``FORCE_COLOR``, ``NO_COLOR``, ``TTY_COMPATIBLE``, ...), or Windows: None.
    """
    if os.name == "nt" or any(name in os.environ for name in _DECIDING_VARIABLES):
        return None
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        return None
    if terminal and os.environ.get("TERM", "").strip().lower() in _DUMB_TERMINALS:
        return None
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return terminal, width or _PIPE_WIDTH


def plain_line(text: str) -> bool:
    r"""Whether rich prints ``text`` (not markup) on a pipe as it is: every character one cell wide, none a control.

    Examples
    --------
    >>> plain_line("3 unresolved: Ağdərə, Шуша"), plain_line("a\tb")
    (True, False)
    """
    return _ONE_CELL.issuperset(text)


def plain_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> str | None:
    """The ``plain`` layout of ``rows`` as text, as rich draws it, or None when a cell needs rich to measure it.

    rich draws a borderless table as the header and one line per row, each cell padded to its column's
    widest, two spaces between columns. That is computed here when every cell is of characters one cell
    wide and every header is free of markup; otherwise (a tab, a line break, a control character, a
    combining mark, a wide letter) None.

    Examples
    --------
    >>> print(plain_table([Column("place", 5), Column("lat", 3)], [("Şuşa", 39.76), ("Ağdam", None)]), end="")
    place  lat
    Şuşa   39.76
    Ağdam
    """
    if not all(_HEADER_CELL.issuperset(c.name) for c in columns):
        return None
    grid = [[c.name for c in columns], *(["" if v is None else str(v) for v in row] for row in rows)]
    if not all(plain_line(cell) for line in grid[1:] for cell in line):
        return None
    widths = [max(map(len, cells)) for cells in zip(*grid, strict=True)]
    if sum(widths) + 2 * (len(widths) - 1) > _PLAIN_WIDTH:
        return None
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + "\n" for line in grid)


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells as rich's ellipsis overflow cuts one-cell characters, padded to the width."""
    return (text if len(text) <= width else text[: width - 1] + "\u2026").ljust(width)


def fit_table(
    title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: int, *, styled: bool
) -> str | None:
    """The ``fit`` layout of ``rows`` at ``width`` as :func:`table` has rich draw it, or None when rich must measure.

    The title on its own line, the header (bold when ``styled``: a terminal), a rule, a line per row; each
    cell padded by a space either side, a space between columns, cut with an ellipsis to its column's width.
    Computed when the title, the headers and every cell are of characters one cell wide (see
    :func:`plain_table`); otherwise None.

    Examples
    --------
    >>> print(fit_table("Places", [Column("place", 5), Column("lat", 3)], [("Ağdərə", 40.2)], 30, styled=False))
    Places
     place   lat
    ───────────────
     Ağdərə  40.2
    <BLANKLINE>
    """
    shown = fit_columns(columns, width)
    index = [list(columns).index(c) for c in shown]
    grid = [["" if row[i] is None else str(row[i]) for i in index] for row in rows]
    if not (title and plain_line(title) and all(_HEADER_CELL.issuperset(c.name) for c in shown)):
        return None
    if not all(plain_line(cell) for line in grid for cell in line):
        return None
    sizes = _widths(shown, [[line[k] for line in grid] for k in range(len(shown))], width)
    if styled:
        header = " ".join(
            f"{_BOLD} {_RESET}{_BOLD}{_cut(c.name, w)}{_RESET}{_BOLD} {_RESET}"
            for c, w in zip(shown, sizes, strict=True)
        )
    else:
        header = " ".join(f" {_cut(c.name, w)} " for c, w in zip(shown, sizes, strict=True))
    lines = [title, header, "\u2500" * (sum(sizes) + 3 * len(sizes) - 1)]
    lines += [" ".join(f" {_cut(cell, w)} " for cell, w in zip(line, sizes, strict=True)) for line in grid]
    return "".join(line + "\n" for line in lines)


def fit_columns(columns: Sequence[Column], width: int) -> list[Column]:
    """The columns that fit ``width``, taken by priority, kept in their order."""
    chosen: set[int] = set()
    used = 1
    for i in sorted(range(len(columns)), key=lambda i: columns[i].priority):
        need = columns[i].width + _PER_COLUMN
        if used + need <= width or not chosen:
            chosen.add(i)
            used += need
    return [c for i, c in enumerate(columns) if i in chosen]


def _widths(columns: Sequence[Column], cells: Sequence[Sequence[str]], width: int) -> list[int]:
    """Widths that add up to at most ``width``: each column's own width, then what is left, by priority.

    Fixed columns grow towards their longest cell first (to twice their own width when a flexible
    column is there); flexible ones (a quote) take the rest.

    Examples
    --------
    >>> _widths([Column("a", 3), Column("quote", 5, flexible=True)], [["abcdef"], ["x" * 50]], 30)
    [6, 17]
    """
    natural = [max([len(c.name), *(len(v) for v in values)]) for c, values in zip(columns, cells, strict=True)]
    sizes = [min(c.width, n) for c, n in zip(columns, natural, strict=True)]
    left = width - 1 - _PER_COLUMN * len(columns) - sum(sizes)
    order = sorted(range(len(columns)), key=lambda i: (columns[i].flexible, columns[i].priority))
    flexible = any(c.flexible for c in columns)
    for i in order:
        cap = natural[i] if columns[i].flexible or not flexible else min(natural[i], 2 * columns[i].width)
        grow = max(0, min(left, cap - sizes[i]))
        sizes[i] += grow
        left -= grow
    return [max(1, s) for s in sizes]


def _cell(value: object) -> Text:
    from rich.text import Text  # noqa: PLC0415 - rich only for the tables that need it (see the module)

    return Text("" if value is None else str(value))


class _AtWidth:
    """A renderable drawn at a width of its own (the plain layout is as wide as its rows)."""

    def __init__(self, renderable: Table, width: int | None) -> None:
        self.renderable = renderable
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from console.render(self.renderable, options.update(width=self.width) if self.width else options)


def table(
    console: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]], *, wide: bool = False
) -> _AtWidth:
    """A table of ``rows`` laid out for ``console`` (see the module's layouts), ready to print.

    Report text in cells, headers (a compare label) and the title are data, never markup: each is a plain ``Text``.
    """
    from rich.box import SIMPLE_HEAD  # noqa: PLC0415 - see _cell
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    mode = layout(console, wide=wide)
    shown = list(columns) if mode != "fit" else fit_columns(columns, console.width)
    index = [list(columns).index(c) for c in shown]
    if mode == "plain":
        grid = Table(box=None, show_edge=False, pad_edge=False, highlight=False)
        for column in shown:
            grid.add_column(Text(column.name), no_wrap=True)
        for row in rows:
            grid.add_row(*(_cell(row[i]) for i in index))
        return _AtWidth(grid, _PLAIN_WIDTH)
    grid = Table(title=Text(title), box=SIMPLE_HEAD, show_edge=False, highlight=False)
    widths = _widths(shown, [[str(_cell(row[i])) for row in rows] for i in index], console.width)
    for column, width in zip(shown, widths, strict=True):
        if mode == "wide":
            grid.add_column(Text(column.name), overflow="fold")
        else:
            grid.add_column(Text(column.name), no_wrap=True, overflow="ellipsis", width=width)
    for row in rows:
        grid.add_row(*(_cell(row[i]) for i in index))
    return _AtWidth(grid, None)


def one_line(message: object) -> str:
    r"""``message`` with its line breaks made spaces, so an error is one line in a log.

    Examples
    --------
    >>> one_line("cannot read\n  file x")
    'cannot read file x'
    """
    return _SPACE.sub(" ", str(message)).strip()


# --------------------------------------------------------------------------- lines for pipes


def _write(text: str) -> None:
    """``text`` on standard output, flushed, as ``typer.echo`` writes it (JSON escapes every control character).

    Without typer: ``geomap places`` starts without loading it (:mod:`geomap.cli.quick`).
    """
    sys.stdout.write(text)
    sys.stdout.flush()


def print_records(records: list[dict[str, Any]], fmt: str) -> None:
    """Records on standard output: ``jsonl`` one JSON object a line, else one indented JSON array."""
    if fmt == "jsonl":
        try:  # plain values (places, lookups): no need of export's writer, which pulls in geopandas
            text = "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in records)
        except (TypeError, ValueError):  # NaN, dates, numpy or pandas values: export makes them plain
            from geomap.export import json_lines  # noqa: PLC0415

            text = json_lines(records)
        _write(text)
    else:
        _write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")


def print_features(frame: Any, fmt: str) -> None:  # noqa: ANN401 - a GeoDataFrame
    """A frame on standard output: ``geojsonseq`` (RFC 8142), ``jsonl`` (its properties) or one GeoJSON object."""
    from geomap.export import geojson_seq, json_lines, to_geojson  # noqa: PLC0415 - export pulls in geopandas

    if fmt == "geojsonseq":
        _write(geojson_seq(frame))
    elif fmt == "jsonl":
        _write(json_lines([f["properties"] for f in to_geojson(frame)["features"]]))
    else:
        _write(json.dumps(to_geojson(frame), ensure_ascii=False, indent=2) + "\n")
