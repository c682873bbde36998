"""Specification of geomap.cli.quick: plain ``geomap places`` lines run without typer, printing what typer prints."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.cli.options import PlacesFormat
from geomap.cli.parsing import PLACES_FORMATS
from geomap.cli.quick import PlacesArgs, read_places

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from geomap.gazetteer import Gazetteer

# A report with a demonym, a town, a name no gazetteer has (a line on stderr) and a letter outside ASCII.
REPORT = "Azerbaijani forces shelled Stepanakert and the village of Qwertzhan; Şuşa was quiet.\n"
_TERMINAL_VARIABLES = ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "NO_COLOR")
# The console script's way in, and typer's app on its own (what the console script falls back to).
_CONSOLE_SCRIPT = "import sys; from geomap.cli import main; sys.argv[0] = 'geomap'; main()"
_TYPER_APP = "from geomap.cli.commands import app; app(prog_name='geomap')"
_MODULES_AFTER = """
import json, sys
from geomap.cli import main
sys.argv = ["geomap", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the terminal's variables, with the session's cache and ``env``."""
    base = {k: v for k, v in os.environ.items() if k not in _TERMINAL_VARIABLES}
    return {**base, "GEOMAP_CACHE_DIR": str(settings.cache_dir), **(env or {})}


def _geomap(code: str, *args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of a fresh Python running ``code`` with ``args``, on pipes."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=_environment(env),
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def one_report(write_file: Callable[[str, str | bytes], Path], gazetteer: Gazetteer) -> Path:
    """A one-line report (the session's gazetteer fixture builds the GeoNames index first)."""
    del gazetteer
    return write_file("one.md", REPORT)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["places", "r.md"], PlacesArgs("r.md")),
        (["places", "-f", "json", "r.md"], PlacesArgs("r.md", "json")),
        (["places", "r.md", "--format", "jsonl"], PlacesArgs("r.md", "jsonl")),
        (["places", "--format=json", "r.md"], PlacesArgs("r.md", "json")),
        (["places", "-fjsonl", "r.md"], PlacesArgs("r.md", "jsonl")),
        (["places", "r.md", "-f", "json", "-f", "table"], PlacesArgs("r.md", "table")),
        (["places", "--no-base", "r.md", "--wide"], PlacesArgs("r.md", wide=True, no_base=True)),
        (["places", "-"], PlacesArgs("-")),
    ],
)
def test_plain_places_lines_are_read_as_click_reads_them(argv: list[str], expected: PlacesArgs) -> None:
    assert read_places(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["events", "r.md"],
        ["-v", "places", "r.md"],
        ["places"],
        ["places", "a.md", "b.md"],
        ["places", "r.md", "--help"],
        ["places", "r.md", "-f"],
        ["places", "r.md", "-f", "yaml"],
        ["places", "r.md", "--format", "JSON"],
        ["places", "r.md", "-f=json"],
        ["places", "r.md", "--formats", "json"],
        ["places", "r.md", "--wide=yes"],
        ["places", "--", "-r.md"],
        ["places", "-x", "r.md"],
    ],
)
def test_any_other_line_is_left_to_typer(argv: list[str]) -> None:
    assert read_places(argv) is None


def test_the_formats_read_are_the_choices_typer_offers() -> None:
    assert tuple(f.value for f in PlacesFormat) == PLACES_FORMATS


@pytest.mark.parametrize(
    ("args", "env"),
    [
        ([], None),
        (["--no-base"], None),
        (["-f", "json"], None),
        (["--format=jsonl", "--no-base"], None),
        ([], {"COLUMNS": "100"}),
        ([], {"COLUMNS": "60"}),
        (["--wide"], None),
        ([], {"FORCE_COLOR": "1", "COLUMNS": "120"}),
    ],
)
def test_the_quick_path_prints_what_typer_prints(one_report: Path, args: list[str], env: dict[str, str] | None) -> None:
    quick = _geomap(_CONSOLE_SCRIPT, "places", str(one_report), *args, env=env)
    typer_app = _geomap(_TYPER_APP, "places", str(one_report), *args, env=env)
    assert quick[0] == 0, quick[2]
    assert quick == typer_app


def test_a_report_from_standard_input_prints_what_typer_prints(one_report: Path) -> None:
    quick = _geomap(_CONSOLE_SCRIPT, "places", "-", "-f", "jsonl", stdin=REPORT)
    typer_app = _geomap(_TYPER_APP, "places", "-", "-f", "jsonl", stdin=REPORT)
    assert quick == typer_app
    assert [json.loads(line)["surface"] for line in quick[1].splitlines()][:2] == ["Azerbaijani", "Stepanakert"]


def test_a_missing_report_fails_with_the_line_and_code_typer_gives(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing [1].md")
    quick = _geomap(_CONSOLE_SCRIPT, "places", missing)
    assert quick == _geomap(_TYPER_APP, "places", missing)
    assert quick[0] == 1
    assert quick[2].startswith("error: ")
    assert "missing [1].md" in quick[2]


@pytest.mark.parametrize(
    ("args", "env"), [(["-f", "jsonl"], None), ([], None), ([], {"COLUMNS": "100"})], ids=["jsonl", "pipe", "fitted"]
)
def test_a_plain_places_line_loads_neither_typer_nor_rich(
    one_report: Path, args: list[str], env: dict[str, str] | None
) -> None:
    code, _, stderr = _geomap(_MODULES_AFTER, "places", str(one_report), *args, env=env)
    assert code == 0
    loaded = {m.split(".")[0] for m in json.loads(stderr.splitlines()[-1])}
    assert "geomap" in loaded
    assert not loaded & {"typer", "click", "rich", "shellingham"}


def test_a_line_typer_must_explain_still_reaches_typer(one_report: Path) -> None:
    code, _, stderr = _geomap(_CONSOLE_SCRIPT, "places", str(one_report), "-f", "yaml")
    assert code == 2
    assert "'yaml' is not one of" in stderr


def test_a_reader_that_stops_early_ends_the_command_as_typer_ends_it(one_report: Path) -> None:
    # Pipes here do not break when the reader closes them: standard output is a stream whose writes fail so.
    closed = (
        "import io, sys\n"
        "class Closed(io.TextIOWrapper):\n"
        "    def write(self, text):\n"
        "        raise BrokenPipeError(32, 'Broken pipe')\n"
        "sys.stdout = Closed(open(sys.stdout.fileno(), 'wb', closefd=False))\n"
    )
    quick = _geomap(closed + _CONSOLE_SCRIPT, "places", str(one_report), "-f", "jsonl")
    assert quick == _geomap(closed + _TYPER_APP, "places", str(one_report), "-f", "jsonl")
    assert quick == (1, "", "")


# Standard input that says on stderr when the command starts reading it, so that Ctrl-C comes while it waits.
_ANNOUNCED_STDIN = (
    "import io, sys\n"
    "class Announced(io.BufferedReader):\n"
    "    def read(self, size=-1):\n"
    "        sys.stderr.write('reading\\n')\n"
    "        sys.stderr.flush()\n"
    "        return super().read(size)\n"
    "sys.stdin = io.TextIOWrapper(Announced(io.FileIO(0, closefd=False)))\n"
)


def _interrupted(code: str, *args: str) -> tuple[int, str]:
    """Exit code and stderr (after the reading line) of ``code`` sent SIGINT while it reads standard input."""
    with subprocess.Popen(
        [sys.executable, "-c", _ANNOUNCED_STDIN + code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
    ) as process:
        assert process.stderr is not None
        assert process.stderr.readline() == "reading\n"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate()
    return process.returncode, stderr


def test_ctrl_c_ends_the_quick_path_with_typer_s_code_and_one_line(gazetteer: Gazetteer) -> None:
    del gazetteer  # the session's gazetteer fixture builds the GeoNames index first
    quick_code, quick_stderr = _interrupted(_CONSOLE_SCRIPT, "places", "-")
    typer_code, _ = _interrupted(_TYPER_APP, "places", "-")
    assert quick_code == typer_code == 130  # 128 + SIGINT
    assert quick_stderr == "geomap: interrupted\n"
