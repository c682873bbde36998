"""Time `geomap run` on 1,000 reports: 1 and 2 jobs, and a Dask LocalCluster of 1 and 2 workers, in one run.

The reports are real and all different (no cache can make a copy cheaper):
the seed, the examples and the dev-set reports, then the LGL and GeoVirus
article bodies (../shared/bench), then, past those, two of those articles
joined, written as N files in a temporary folder. Each configuration runs
the real command (``geomap run DIR -o OUT --jobs J`` or ``--dask local
--jobs W``) as a subprocess, start-up and writing included; the rounds
alternate the configurations so that a change in the machine's load hits
them alike. The outputs of every configuration are checked to be the same
files as one job's. The machine's load (``uptime``) is printed before and
after: on the shared development machine, eight engineers share two cores.

Then, in one process, the phases: the CPU split of a one-job run between
the mapping (parse, events, claims per report: what the workers share) and
the rest (reading the files, frames, map, files written: serial in the main
process), which bounds what more jobs can give (Amdahl); then the mapping
alone with 1 and 2 jobs, each in a fresh process (caches start cold in every
worker, as in a run).

CPU seconds (all processes of a run, workers included) are printed beside
the wall times: on a loaded machine they show whether more processes cost
more work, when the wall times cannot. The control, a pure CPU loop in 1
and 2 processes, shows what the machine gives a second process at the time.

Run: ``python benchmarks/scale.py [--reports 1000] [--rounds 1] [--phases | --no-phases]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# As the CLI does (geomap/cli): numpy's BLAS on one thread, so the in-process phases below measure what a run does.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# The shared data sets sit beside the checkout (../shared) or beside the folder of worktrees (../../shared).
SHARED = next((d / "shared" for d in REPO.parents if (d / "shared").is_dir()), REPO.parent / "shared")
REPORT_FILES = [
    *sorted((REPO / "seeds").glob("*.txt")),
    *sorted((REPO / "examples").glob("*.txt")),
    *sorted((SHARED / "devset" / "reports").glob("*.txt")),
]
ARTICLES = ("lgl.jsonl", "geovirus.jsonl")
DATA_FILES = ("events.geojson", "claims.geojson", "routes.geojson", "places.csv")
CONFIGS = {
    "jobs 1": ["--jobs", "1"],
    "jobs 2": ["--jobs", "2"],
    "dask 1 worker": ["--dask", "local", "--jobs", "1"],
    "dask 2 workers": ["--dask", "local", "--jobs", "2"],
}
_FOLIUM_ID = re.compile(rb"_[0-9a-f]{32}")


def report_texts(n: int) -> list[str]:
    """``n`` different report texts: the repo's and dev set's reports, articles, then two articles joined."""
    texts = [path.read_text(encoding="utf-8") for path in REPORT_FILES]
    articles = [
        json.loads(line)["text"]
        for name in ARTICLES
        for line in (SHARED / "bench" / name).read_text(encoding="utf-8").split("\n")
        if line.strip()
    ]
    texts += articles
    k = 0
    while len(texts) < n:
        texts.append(f"{articles[k % len(articles)]}\n\n{articles[(7 * k + 1) % len(articles)]}")
        k += 1
    return texts[:n]


def make_reports(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(report_texts(n)):
        (folder / f"{k:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()


def geomap_run(reports: Path, out: Path, options: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the command and every process it started) of one ``geomap run``."""
    command = [str(Path(sys.executable).with_name("geomap")), "run", str(reports), "-o", str(out), *options]
    cpu, start = _cpu_of_children(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start, _cpu_of_children() - cpu


def same_outputs(a: Path, b: Path) -> bool:
    same = all((a / name).read_bytes() == (b / name).read_bytes() for name in DATA_FILES)
    html = [_FOLIUM_ID.sub(b"_id", (d / "map.html").read_bytes()) for d in (a, b)]
    return same and html[0] == html[1]


def bench_run_and_dask(n_reports: int = 1000, rounds: int = 1) -> dict[str, float]:
    """Best time per configuration over ``rounds``; prints the ratios and the machine's load."""
    print(f"load before: {uptime()}  ({os.cpu_count()} cores, shared by 8 engineers)")
    machine_parallelism()
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="geomap-scale-") as tmp:
        reports = make_reports(Path(tmp) / "reports", n_reports)
        for r in range(rounds):
            for name, options in CONFIGS.items():
                out = Path(tmp) / name.replace(" ", "-")
                seconds, cpu = geomap_run(reports, out, options)
                best[name] = min(best.get(name, seconds), seconds)
                rate = n_reports / seconds
                print(f"  round {r + 1}: {name:<15} {seconds:7.1f} s wall ({rate:5.1f} reports/s), {cpu:6.1f} s CPU")
        base = Path(tmp) / "jobs-1"
        for name in CONFIGS:
            if name != "jobs 1":
                verdict = "same files" if same_outputs(base, Path(tmp) / name.replace(" ", "-")) else "DIFFERENT"
                print(f"  {name}: {verdict} as jobs 1")
    machine_parallelism()
    print(f"load after:  {uptime()}")
    print(f"{n_reports:,} reports, best of {rounds}:")
    print(f"  --jobs 2 / --jobs 1:           {best['jobs 1'] / best['jobs 2']:.2f}x")
    print(f"  Dask 2 workers / 1 worker:     {best['dask 1 worker'] / best['dask 2 workers']:.2f}x")
    print(f"  Dask 1 worker / --jobs 1:      {best['jobs 1'] / best['dask 1 worker']:.2f}x")
    return best


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism() -> float:
    """What the machine gives a second process right now: a pure CPU loop in 1 and 2 processes (best of 2)."""
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    best: dict[int, float] = {}
    for workers in (1, 2, 1, 2):
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_burn, [3_000_000] * 8))
        best[workers] = min(best.get(workers, 1e9), time.perf_counter() - start)
    ratio = best[1] / best[2]
    print(f"  control: a pure CPU loop runs {ratio:.2f}x faster in 2 processes than in 1 (2.0x on an idle machine)")
    return ratio


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _replay(results: list[Any]) -> Any:  # noqa: ANN401 - a ReportMapper
    """A mapper that hands back results computed before: what is left of a run is its serial part."""

    def mapper(reports: Any) -> Any:  # noqa: ANN401
        assert len(reports) == len(results)
        return enumerate(results)

    return mapper


_TAIL_STEPS = {  # (file, function) in the profile of the serial part of a run -> what it is
    ("reports.py", "read_reports"): "read the report files",
    ("pipeline.py", "batch_frames"): "frames (events, claims, routes)",
    ("eventmap.py", "render_map"): "render_map (geomap.maps)",
    ("export.py", "write_html"): "map.html written",
    ("export.py", "write_geojson"): "GeoJSON x3",
    ("pipeline.py", "mentions_frame"): "mentions frame",
    ("acled.py", "acled_frame"): "ACLED frame",
    ("export.py", "write_csv"): "places.csv + events.csv",
    ("outputs.py", "_commit"): "output set commit (fsync, sha256)",
}


def bench_phases(n_reports: int = 1000) -> None:
    """In one process: the CPU split of a run (mapping vs serial part), then the mapping with 1 and 2 jobs (paired)."""
    from geomap.pipeline import _map_reports, run  # noqa: PLC0415
    from geomap.reports import read_reports  # noqa: PLC0415
    from geomap.scale import ParserSpec, ProcessPool  # noqa: PLC0415

    print(f"phases, load before: {uptime()}")
    machine_parallelism()
    spec = ParserSpec.current()
    parser = spec.build()
    with tempfile.TemporaryDirectory(prefix="geomap-phases-") as tmp:
        folder = make_reports(Path(tmp) / "reports", n_reports)
        reports = read_reports([folder]).reports
        _map_reports(reports[:20], ProcessPool(1, spec, parser), None)  # warm the parser's caches
        cpu, wall = time.process_time(), time.perf_counter()
        results = _map_reports(reports, ProcessPool(1, spec, parser), None)  # warm caches: the CPU split only
        mapping_cpu, mapping_wall = time.process_time() - cpu, time.perf_counter() - wall
        profile = cProfile.Profile()
        cpu, wall = time.process_time(), time.perf_counter()
        profile.runcall(run, [folder], Path(tmp) / "out", parser, mapper=_replay(results))
        tail_cpu, tail_wall = time.process_time() - cpu, time.perf_counter() - wall
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        print(f"  one process, {n_reports:,} reports: mapping {mapping_cpu:.1f} s CPU ({mapping_wall:.1f} s wall);")
        print(f"  the rest of the run (serial, in the main process) {tail_cpu:.1f} s CPU ({tail_wall:.1f} s wall):")
        for (file, line, function), (_, _, _, cumulative, _) in sorted(stats.items(), key=lambda kv: -kv[1][3]):
            what = _TAIL_STEPS.get((Path(file).name, function))
            if what is not None:
                print(f"    {what:<36} {cumulative:5.2f} s (profiled, {Path(file).name}:{line})")
        share = tail_cpu / (tail_cpu + mapping_cpu)
        print(f"  serial part is {share:.1%} of a one-job run's CPU: with 2 jobs a run can go at most")
        print(f"  {1 / (share + (1 - share) / 2):.2f}x faster (Amdahl)")
        mapping = {jobs: map_in_fresh_process(folder, jobs) for jobs in (1, 2)}
        for jobs, (seconds, cpu) in mapping.items():
            print(
                f"  mapping, {jobs} job(s), fresh process: {seconds:6.1f} s wall, {cpu:6.1f} s CPU (workers included)"
            )
        print(f"  mapping 2 jobs / 1 job: {mapping[1][0] / mapping[2][0]:.2f}x wall; CPU 2 jobs / 1 job: "
              f"{mapping[2][1] / mapping[1][1]:.2f}")  # fmt: skip
    machine_parallelism()
    print(f"phases, load after: {uptime()}")


def map_in_fresh_process(folder: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds (workers included) of mapping ``folder``'s reports with ``jobs`` in a new process.

    A new process, like a new run: the parser's and spaCy's caches start cold
    in every worker, as they do in ``geomap run``.
    """
    command = [sys.executable, __file__, "--map-only", str(jobs), "--folder", str(folder)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["wall"], figures["cpu"]


def _map_only(folder: Path, jobs: int) -> None:
    """Open the parser, then map the reports with ``jobs``; print the mapping's wall and CPU seconds as JSON."""
    from geomap.pipeline import _map_reports  # noqa: PLC0415
    from geomap.reports import read_reports  # noqa: PLC0415
    from geomap.scale import ParserSpec, ProcessPool  # noqa: PLC0415

    spec = ParserSpec.current()
    parser = spec.build()
    reports = read_reports([folder]).reports
    with ProcessPool(jobs, spec, parser) as pool:  # forked workers inherit the parser, as in `geomap run`
        own, children, start = time.process_time(), _cpu_of_children(), time.perf_counter()
        _map_reports(reports, pool, None)
        wall = time.perf_counter() - start
    cpu = time.process_time() - own + _cpu_of_children() - children  # the workers have ended: their CPU counts
    print(json.dumps({"wall": wall, "cpu": cpu}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--phases", action="store_true", help="only the in-process phase timings")
    parser.add_argument("--no-phases", action="store_true", help="only the runs (when the machine is too loaded)")
    parser.add_argument("--map-only", type=int, metavar="JOBS", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.map_only is not None:
        _map_only(args.folder, args.map_only)
        return
    if not args.phases:
        bench_run_and_dask(args.reports, args.rounds)
    if not args.no_phases:
        bench_phases(args.reports)


if __name__ == "__main__":
    main()
