"""Specification of geomap.terminal: table layouts for terminals and pipes, one-line messages."""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text

from geomap.cli.console import say
from geomap.terminal import Column, fit_columns, fit_table, layout, one_line, plain_table, surely_plain, table

COLUMNS = [Column("type", 12), Column("place", 12), Column("claimant", 14, 4), Column("quote", 16, flexible=True)]
ROWS = [("territory_claimed", "Murovdag", "Azerbaijani Defense Ministry", "The Murov height was liberated. " * 4)]


def _console(width: int, *, terminal: bool) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=terminal, color_system=None)


def test_columns_of_lowest_priority_are_dropped_first() -> None:
    assert [c.name for c in fit_columns(COLUMNS, 60)] == ["type", "place", "quote"]


def test_every_column_fits_when_there_is_room() -> None:
    assert fit_columns(COLUMNS, 200) == COLUMNS


@pytest.mark.parametrize(("columns", "terminal", "wide", "mode"), [
    (None, True, False, "fit"), ("80", False, False, "fit"), (None, False, False, "plain"), (None, True, True, "wide"),
])  # fmt: skip
def test_layout_follows_terminal_columns_and_wide(
    monkeypatch: pytest.MonkeyPatch,
    columns: str | None,
    terminal: bool,  # noqa: FBT001
    wide: bool,  # noqa: FBT001
    mode: str,
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert layout(_console(80, terminal=terminal), wide=wide) == mode


def test_a_fitted_table_is_one_line_per_row_within_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    console = _console(72, terminal=True)
    console.print(table(console, "Events", COLUMNS, ROWS))
    lines = console.file.getvalue().splitlines()
    assert len(lines) == 4  # title, header, rule, the row
    assert max(len(line) for line in lines) <= 72
    assert lines[-1].rstrip().endswith("…")


def test_report_text_in_a_cell_is_not_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    console = _console(200, terminal=True)
    console.print(table(console, "Events", COLUMNS, [("a", "[bold]b[/bold]", "c", "d")]))
    assert "[bold]b[/bold]" in console.file.getvalue()


def test_a_header_and_a_title_are_not_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    console = _console(200, terminal=True)
    console.print(table(console, "[red]Compare[/red]", [Column("[bold]side A[/bold]", 20)], [("x",)]))
    assert "[bold]side A[/bold]" in console.file.getvalue()
    assert "[red]Compare[/red]" in console.file.getvalue()


def test_one_line_joins_the_lines_of_a_message() -> None:
    assert one_line("cannot read\n   the file\nx.txt") == "cannot read the file x.txt"


PLAIN_COLUMNS = [Column("surface", 12), Column("place", 12), Column("lat", 8, 2), Column("note", 6)]
PLAIN_ROWS = [
    ("Şuşa", "Шуша [bold]x[/bold]", 39.76, None),
    ("Ağdərə", "Ελλάδα :smile:", None, " padded "),
    ("M" * 30, "", 40, ""),
]


def _rich_plain(columns: list[Column], rows: list[tuple[object, ...]]) -> str:
    console = Console(file=io.StringIO(), soft_wrap=True)  # a pipe: no terminal, no colour
    console.print(table(console, "Title", columns, rows))
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("rows", [PLAIN_ROWS, PLAIN_ROWS[:1], []])
def test_the_plain_table_is_the_one_rich_draws_on_a_pipe(monkeypatch: pytest.MonkeyPatch, rows: list[Any]) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert plain_table(PLAIN_COLUMNS, rows) == _rich_plain(PLAIN_COLUMNS, rows)


@pytest.mark.parametrize("cell", ["tab\there", "two\nlines", "東京", "e\u0301", "bell\x07"])
def test_a_cell_rich_must_measure_has_no_plain_table(cell: str) -> None:
    assert plain_table(PLAIN_COLUMNS, [("a", cell, 1, "")]) is None


def test_a_header_rich_would_read_as_markup_has_no_plain_table() -> None:
    assert plain_table([Column("[b]x", 4)], [("a",)]) is None


def test_a_pipe_is_surely_plain_unless_the_environment_says_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert surely_plain(io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not surely_plain(io.StringIO())


_WORDS = ("Şuşa", "Ağdərə", "Шуша", "Ελλάδα", "Murov height", "[bold]x[/bold]", ":smile:", "", " padded ", "x" * 60)


def _random_table(seed: int) -> tuple[list[Column], list[tuple[object, ...]], int]:
    """Columns, rows and a width drawn from ``seed``: names, widths, priorities, a flexible column, None cells."""
    draw = random.Random(seed)
    columns = [
        Column(draw.choice(("type", "place", "held by", "prec.", "lat", "quote", "surface")), draw.randint(2, 16),
               draw.randint(1, 5), flexible=draw.random() < 0.2)
        for _ in range(draw.randint(1, 8))
    ]  # fmt: skip
    cells = (*_WORDS, None, 40.5, 39.8177, "0-11")
    rows = [tuple(draw.choice(cells) for _ in columns) for _ in range(draw.randint(0, 4))]
    return columns, rows, draw.randint(12, 220)


def _rich_fit(columns: list[Column], rows: list[tuple[object, ...]], width: int, *, styled: bool) -> str:
    console = Console(
        file=io.StringIO(), width=width, force_terminal=styled, color_system="standard" if styled else None,
        soft_wrap=True,
    )  # fmt: skip
    console.print(table(console, "Places in one.md", columns, rows))
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("styled", [False, True])
@pytest.mark.parametrize("seed", range(150))
def test_the_fitted_table_is_the_one_rich_draws(monkeypatch: pytest.MonkeyPatch, seed: int, styled: bool) -> None:  # noqa: FBT001
    columns, rows, width = _random_table(seed)
    monkeypatch.setenv("COLUMNS", str(width))  # rich fits a table to a pipe only when COLUMNS says so
    assert fit_table("Places in one.md", columns, rows, width, styled=styled) == _rich_fit(
        columns, rows, width, styled=styled
    )


@pytest.mark.parametrize("cell", ["tab\there", "two\nlines", "東京", "e\u0301", "bell\x07"])
def test_a_cell_rich_must_measure_has_no_fitted_table(cell: str) -> None:
    assert fit_table("Title", PLAIN_COLUMNS, [("a", cell, 1, "")], 80, styled=False) is None


def test_a_message_on_a_pipe_with_columns_set_is_the_line_rich_writes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    say("3 unresolved:", "yellow", "Qwertzhan, Şuşa, " * 4)
    rich = Console(file=io.StringIO(), soft_wrap=True)  # a pipe 20 columns wide
    rich.print(Text.assemble(("3 unresolved:", "yellow"), " ", one_line("Qwertzhan, Şuşa, " * 4)), highlight=False)
    assert capsys.readouterr().err == rich.file.getvalue()  # type: ignore[attr-defined]
