"""How fast ``geomap`` starts: ``geomap --help`` and ``geomap places`` on a one-line report, each in a new process.

Every command runs in a fresh Python (what a user typing it gets; the files it reads are in the page
cache, as they are from the second command on), round-robin with the baselines ``python -c pass`` and
``python -c "import typer"`` so the machine's load weighs on all of them alike. Each command is run
once first (building the caches a first command builds), then ``--runs`` times; the medians of wall
time and CPU time (user + system, from ``getrusage`` of the children) are printed, with the ratio to
``python -c pass`` in the same run and the load average. Bytecode is cached, as in a user's install
(``PYTHONDONTWRITEBYTECODE`` is dropped for the runs). The target (issue 10) is < 0.25 s wall on
an idle machine, where ``python -c pass`` takes 0.025 s: on a loaded machine read the CPU column and
the ratios. ``--instructions`` also counts the instructions each command executes, once, under
valgrind's callgrind (the same count on a loaded machine as on an idle one; needs ``valgrind``).

Run: ``.venv/bin/python benchmarks/coldstart.py [--runs 15] [--json PATH] [--against PYTHONPATH] [--instructions]``
(``--against /tmp/typer029:/tmp/main`` times a checkout of main, with the typer it needs, in the same rounds).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.25
REPORT = "Azerbaijani forces shelled Stepanakert overnight.\n"


_AGAINST = "[against] "


def commands(report: Path, *, against: str | None = None) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The commands timed, by label, with the variables each adds: the baselines, geomap's, the other tree's.

    Standard output is a pipe. Without ``COLUMNS`` that is what a script gets (a plain table, the help at
    80 columns); ``COLUMNS=100`` lays out a table fitted as on a terminal 100 columns wide (the help at
    100 columns is not in the kept copy: typer prints it). ``typer app`` runs the same line through typer's
    app (what every command did before :mod:`geomap.cli.quick`).
    """
    geomap = [sys.executable, "-m", "geomap"]
    typer_app = [sys.executable, "-c", "from geomap.cli.commands import app; app(prog_name='geomap')"]
    wide = {"COLUMNS": "100"}
    todo = {
        "python -c pass": ([sys.executable, "-c", "pass"], {}),
        'python -c "import typer"': ([sys.executable, "-c", "import typer"], {}),
        "geomap --help": ([*geomap, "--help"], {}),
        "geomap --help (COLUMNS=140)": ([*geomap, "--help"], {"COLUMNS": "140"}),
        "geomap --help (COLUMNS=100: typer)": ([*geomap, "--help"], wide),
        "geomap places one.md": ([*geomap, "places", str(report)], {}),
        "geomap places one.md (COLUMNS=100: fitted)": ([*geomap, "places", str(report)], wide),
        "geomap places -f jsonl one.md": ([*geomap, "places", "-f", "jsonl", str(report)], {}),
        "geomap places --no-base one.md": ([*geomap, "places", "--no-base", str(report)], {}),
        "typer app: places one.md": ([*typer_app, "places", str(report)], {}),
        "typer app: --help": ([*typer_app, "--help"], {}),
    }
    if against is not None:  # the other tree's own GeoNames index may not be built: --no-base only
        todo[f"{_AGAINST}geomap --help"] = todo["geomap --help"]
        todo[f"{_AGAINST}geomap places --no-base one.md"] = todo["geomap places --no-base one.md"]
    return todo


def _other_env(env: dict[str, str], against: str | None, tmp: Path) -> dict[str, str]:
    """The other tree's environment: its ``PYTHONPATH``, and a cache folder of its own.

    Each tree compiles the curated layer for its own code and drops the other's compiled folder: sharing
    one cache, each command would compile it again.
    """
    path = os.pathsep.join(filter(None, [against, env.get("PYTHONPATH")]))
    return env | {"PYTHONPATH": path, "GEOMAP_CACHE_DIR": str(tmp / "against-cache")}


def _env() -> dict[str, str]:
    """This environment as a user's: bytecode cached, no variable that makes rich (or typer) decide otherwise.

    A user's Python caches geomap's bytecode (pip compiles it at install, imports write it): so do the runs
    here, even where ``PYTHONDONTWRITEBYTECODE`` is set (the warm-up run writes it).
    """
    drop = {"PYTHONDONTWRITEBYTECODE", "COLUMNS", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(runs: int, *, against: str | None = None) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds of every command over ``runs`` round-robin rounds (after one warm-up each).

    ``against`` (``PYTHONPATH`` entries: another geomap tree, and its dependencies' versions) runs the
    ``[against]`` commands on that tree, in the same rounds.
    """
    env = _env()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "one.md"
        report.write_text(REPORT, encoding="utf-8")
        todo = commands(report, against=against)
        other = _other_env(env, against, Path(tmp))
        envs = {label: (other if label.startswith(_AGAINST) else env) | extra for label, (_, extra) in todo.items()}
        # Run from the temporary folder: ``python -m geomap`` would otherwise find the tree in the current folder.
        for label, (argv, _) in todo.items():
            _run(argv, envs[label], report.parent)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in todo}
        for _ in range(runs):
            for label, (argv, _) in todo.items():
                times[label].append(_run(argv, envs[label], report.parent))
    return {
        label: {
            "wall_s": statistics.median(w for w, _ in found),
            "cpu_s": statistics.median(c for _, c in found),
            "min_wall_s": min(w for w, _ in found),
        }
        for label, found in times.items()
    }


def instructions(*, against: str | None = None) -> dict[str, float]:
    """Millions of instructions each command executes (one run under callgrind, after a warm-up run)."""
    env = _env()
    counted = {}
    with tempfile.TemporaryDirectory() as tmp:
        other = _other_env(env, against, Path(tmp))
        report = Path(tmp) / "one.md"
        report.write_text(REPORT, encoding="utf-8")
        for label, (argv, extra) in commands(report, against=against).items():
            run_env = (other if label.startswith(_AGAINST) else env) | extra
            _run(argv, run_env, report.parent)
            grind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv]
            done = subprocess.run(grind, env=run_env, cwd=report.parent, check=True, capture_output=True, text=True)
            found = re.search(r"Collected : (\d+)", done.stderr)
            if found is None:
                msg = f"callgrind printed no count for {label}"
                raise RuntimeError(msg)
            counted[label] = int(found.group(1)) / 1e6
    return counted


def main() -> None:
    """Measure and print the table (and write JSON when asked)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each command (after one warm-up)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--against", help="PYTHONPATH of another geomap tree to time alongside (e.g. main's)")
    ap.add_argument("--instructions", action="store_true", help="also count instructions under valgrind")
    args = ap.parse_args()
    load_before = os.getloadavg()
    figures = measure(args.runs, against=args.against)
    load_after = os.getloadavg()
    base = figures["python -c pass"]
    loads = f"{load_before[0]:.2f} -> {load_after[0]:.2f}"
    print(f"cold start, median of {args.runs} fresh processes; load average {loads}")
    print(f"{'command':42} {'wall s':>7} {'cpu s':>7} {'min wall':>9} {'x pass (wall)':>14} {'x pass (cpu)':>13}")
    for label, f in figures.items():
        print(
            f"{label:42} {f['wall_s']:7.3f} {f['cpu_s']:7.3f} {f['min_wall_s']:9.3f} "
            f"{f['wall_s'] / base['wall_s']:14.1f} {f['cpu_s'] / base['cpu_s']:13.1f}"
        )
    # The target is absolute; the ratio to python's own start says how much of a miss the machine's load explains.
    for label in ("geomap --help", "geomap places one.md", "geomap places one.md (COLUMNS=100: fitted)"):
        wall, ratio = figures[label]["wall_s"], figures[label]["cpu_s"] / base["cpu_s"]
        verdict = "meets" if wall < TARGET_S else "misses"
        print(f"{label}: {wall:.3f} s median wall, {verdict} the < {TARGET_S} s target ({ratio:.1f}x python's start)")
    counted = instructions(against=args.against) if args.instructions else {}
    if counted:
        print("instructions executed (callgrind, one run each): the same on a loaded machine as on an idle one")
        for label, millions in counted.items():
            print(f"{label:42} {millions:8.0f} M {millions / counted['python -c pass']:6.1f}x python -c pass")
    if args.json:
        record = {
            "runs": args.runs,
            "load_average": [load_before[0], load_after[0]],
            "machine": platform.platform(),
            "python": platform.python_version(),
            "figures": figures,
            "instructions_millions": counted,
        }
        args.json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
