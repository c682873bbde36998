"""Specification of geomap.cli.helptext: ``geomap --help`` from a kept copy that is typer's text, at any width."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from typing import Any

import pytest

from geomap.cli import helptext

_TYPER_APP = "from geomap.cli.commands import app; app(prog_name='geomap')"
_CONSOLE_SCRIPT = "import sys; from geomap.cli import main; sys.argv[0] = 'geomap'; main()"
_MODULES_AFTER = (
    "import json, sys\nfrom geomap.cli import main\nsys.argv = ['geomap', '--help']\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
)


def _kept() -> dict[str, Any]:
    return dict(json.loads(helptext.KEPT.read_text(encoding="utf-8")))


def _served(kept: dict[str, Any], width: int) -> str:
    return str(kept["80"]) if width == 80 else helptext.stretch(kept, width)


def _clean_env(**extra: str) -> dict[str, str]:
    drop = {"COLUMNS", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM", "COLORTERM"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


@pytest.mark.parametrize("variant", ["plain", "styled"])
def test_the_kept_copy_is_what_typer_prints_at_every_width_it_serves(variant: str) -> None:
    kept = _kept()[variant]
    widths = [80, kept["width"], kept["width"] + 1, kept["width"] + 37, 260]
    typer_texts = helptext.typer_help(widths, styled=variant == "styled")
    stale = [w for w in widths if _served(kept, w) != typer_texts[w]]
    assert stale == [], "the kept help is stale: rewrite it with python -m geomap.cli.helptext"


def test_the_kept_copy_serves_no_width_at_which_typer_wraps_a_line() -> None:
    kept = _kept()["plain"]
    narrower = kept["width"] - 1
    assert helptext.typer_help([narrower], styled=False)[narrower].count("\n") > kept["natural"].count("\n")


def _help_process(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True, check=False, env=env)


@pytest.mark.parametrize("columns", ["80", "120", "170"])
def test_help_on_a_pipe_prints_what_typer_prints(columns: str) -> None:
    env = _clean_env(COLUMNS=columns)
    quick = _help_process(_CONSOLE_SCRIPT, env)
    typer_app = _help_process(_TYPER_APP, env)
    assert (quick.returncode, quick.stdout, quick.stderr) == (typer_app.returncode, typer_app.stdout, "")
    assert quick.returncode == 0


def _on_a_terminal(code: str, columns: int, env: dict[str, str]) -> bytes:
    """What ``python -c code --help`` writes on a pseudo-terminal ``columns`` wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-c", code, "--help"], stdin=follower, stdout=follower, stderr=follower, env=env
    ) as process:
        os.close(follower)
        written = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            written += chunk
        assert process.wait() == 0
    os.close(leader)
    return written


@pytest.mark.parametrize(("columns", "term"), [(80, "xterm"), (133, "xterm-256color"), (200, "xterm")])
def test_help_on_a_terminal_prints_what_typer_prints(columns: int, term: str) -> None:
    env = _clean_env(TERM=term)
    quick = _on_a_terminal(_CONSOLE_SCRIPT, columns, env)
    assert b"\x1b[" in quick  # styled
    assert quick == _on_a_terminal(_TYPER_APP, columns, env)


@pytest.mark.parametrize(
    ("env", "terminal"),
    [
        ({"COLUMNS": "100"}, False),  # narrower than the kept text's natural width, wider than a pipe's 80
        ({"FORCE_COLOR": "1"}, False),
        ({"NO_COLOR": "1"}, True),
        ({"TTY_COMPATIBLE": "1"}, False),
        ({"TERM": "dumb"}, True),
    ],
)
def test_help_the_kept_copy_does_not_cover_goes_to_typer(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    terminal: bool,  # noqa: FBT001
) -> None:
    for name in ("COLUMNS", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    assert helptext.kept_help() is None


def test_help_from_the_kept_copy_loads_neither_typer_nor_rich() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER], capture_output=True, text=True, check=False, env=_clean_env()
    )
    loaded = {m.split(".")[0] for m in json.loads(done.stderr.splitlines()[-1])}
    assert "geomap" in loaded
    assert not loaded & {"typer", "click", "rich"}
