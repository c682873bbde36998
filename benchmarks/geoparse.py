"""Time geomap's geoparser against a naive regex geoparser, and the command line's cold start.

Measures, in one process and one run (numbers on shared machines vary by 2x between runs):

1. ``Geoparser.parse`` throughput (docs/s, MB/s) over a corpus of report-sized texts: by default
   ``../shared/bench/lgl.jsonl`` (588 local news articles) and ``../shared/devset/devset.jsonl``,
   read in place. One warm-up parse, then the best of 3 timed passes over the whole corpus.
2. The same for a naive baseline: one compiled ``re`` alternation of place names between word
   boundaries, each hit resolved by a dict lookup of the most populous place of that name. Its
   names are the curated layer's names and aliases plus the primary names of the GeoNames places
   with population >= 15,000 (``--full-baseline``: every name and alternate name of the GeoNames
   index, ~1M; on the 2-core dev machine that took 21 s and 1.8 GB to compile and ~4 s a document
   to scan, so it is not the default). Building it is timed apart from scanning.
3. The ratio of the two throughputs.
4. Cold start of ``geomap places <seed> --format json`` in fresh subprocesses (falling back to a
   ``python -c`` parse of the seed when the CLI is not there yet): one first run, reported as the
   index build when the GeoNames index cache was empty (a fresh temporary cache by default), then
   5 timed runs (median, min, peak RSS). ``python -c "import geomap"`` is timed as a reference.
5. Peak RSS of this process after loading geomap and parsing the corpus (before the baseline).

Run: ``.venv/bin/python benchmarks/geoparse.py [--docs N] [--corpus PATH ...] [--json PATH]
[--keep-cache] [--full-baseline]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_CORPUS = (SHARED / "bench" / "lgl.jsonl", SHARED / "devset" / "devset.jsonl")
SEED = SHARED / "seeds" / "2020-09-27-azeri-army-advance.txt"
BASELINE_MIN_POPULATION = 15_000
RUNS = 3
COLD_RUNS = 5

sys.path.insert(0, str(ROOT))

from geomap.gazetteer import Gazetteer, IndexedLayer, MemoryLayer  # noqa: E402
from geomap.geoparse import Geoparser  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence


def read_corpus(paths: Sequence[Path], limit: int | None) -> list[str]:
    """Texts of JSONL files (one ``{"text": ...}`` a line) or plain text files, at most ``limit``."""
    texts: list[str] = []
    for path in paths:
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                texts.extend(json.loads(line)["text"] for line in fh if line.strip())
        else:
            texts.append(path.read_text(encoding="utf-8"))
    return texts[:limit]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_pass(parse: Callable[[str], object], texts: Sequence[str]) -> dict[str, Any]:
    """Warm up on one text, then time ``RUNS`` passes over all texts; the best pass counts."""
    parse(texts[0])
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for text in texts:
            parse(text)
        times.append(time.perf_counter() - start)
    best = min(times)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    return {"seconds": best, "docs_per_s": len(texts) / best, "mb_per_s": megabytes / best, "runs": times}


# --------------------------------------------------------------------------- naive baseline


@dataclass(frozen=True, slots=True)
class RegexBaseline:
    """Every name in one alternation (longest first); a hit is the most populous place of that name."""

    pattern: re.Pattern[str]
    best: dict[str, str]  # name as written -> place_id

    def parse(self, text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), self.best[m.group()]) for m in self.pattern.finditer(text)]


def _geonames_names(layer: IndexedLayer, *, full: bool) -> Iterator[tuple[str, int, str]]:
    fresh = IndexedLayer(layer.name, layer.folder)  # its own row cache, so geomap's stays as it was
    population = np.asarray(fresh.population)
    rows: list[int] = np.flatnonzero(population >= (0 if full else BASELINE_MIN_POPULATION)).tolist()
    for i in rows:
        place = fresh.row(i)
        for name in place.names if full else (place.name,):
            yield name, place.population, place.place_id


def build_baseline(gazetteer: Gazetteer, *, full: bool) -> RegexBaseline:
    population: dict[str, int] = {}
    best: dict[str, str] = {}
    names = [
        (name, place.population, place.place_id)
        for layer in gazetteer.layers
        if isinstance(layer, MemoryLayer)
        for place in layer.places
        for name in place.names
    ]
    for layer in gazetteer.indexed_layers:
        names.extend(_geonames_names(layer, full=full))
    for name, pop, place_id in names:
        if len(name) > 1 and pop >= population.get(name, -1):
            population[name], best[name] = pop, place_id
    alternation = "|".join(re.escape(n) for n in sorted(best, key=lambda n: (-len(n), n)))
    return RegexBaseline(re.compile(rf"\b(?:{alternation})\b"), best)


# --------------------------------------------------------------------------- cold start


# A small process starts each command and reports its wall time and peak RSS: a child forked from
# this process would inherit its RSS high-water mark, which is far above a fresh Python's.
_LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(json.dumps([elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code]))
"""


def run_child(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall time (s), peak RSS (MB) and exit code of one fresh subprocess."""
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], cwd=ROOT, env=env, capture_output=True, check=True)
    elapsed, rss, code = json.loads(out.stdout)
    return elapsed, rss, code


def cold_start(cmd: Sequence[str], env: dict[str, str]) -> dict[str, float]:
    runs = [run_child(cmd, env) for _ in range(COLD_RUNS)]
    times = [t for t, _, _ in runs]
    return {"median_s": statistics.median(times), "min_s": min(times), "rss_mb": max(r for _, r, _ in runs)}


def cli_cold_start(*, keep_cache: bool) -> dict[str, Any]:
    """Cold starts of the CLI (or the fallback), with a fresh index cache unless ``keep_cache``."""
    python = sys.executable
    script = Path(python).parent / "geomap"
    commands = [
        ("geomap places <seed> --format json", [str(script), "places", str(SEED), "--format", "json"]),
        (
            "python -c 'Geoparser().parse(<seed>)' (fallback: geomap places missing or failing)",
            [python, "-c", f"from geomap.geoparse import Geoparser; Geoparser().parse(open({str(SEED)!r}).read())"],
        ),
    ]
    if not script.exists():
        commands.pop(0)
    for label, cmd in commands:
        cache = None if keep_cache else Path(tempfile.mkdtemp(prefix="geomap-bench-cache-"))
        env = {**os.environ, "PYTHONPATH": str(ROOT), **({"GEOMAP_CACHE_DIR": str(cache)} if cache else {})}
        try:
            first, first_rss, code = run_child(cmd, env)
            if code != 0:
                continue
            return {
                "command": label,
                "first_run_s": first,
                "first_run_rss_mb": first_rss,
                "first_run_built_index": cache is not None and any(cache.iterdir()),
                **cold_start(cmd, env),
                "import_geomap": cold_start([python, "-c", "import geomap"], env),
            }
        finally:
            if cache:
                shutil.rmtree(cache, ignore_errors=True)
    msg = "neither the CLI nor the fallback command ran"
    raise RuntimeError(msg)


# --------------------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=None, help="use only the first N documents")
    parser.add_argument("--corpus", type=Path, action="append", help="JSONL or text file (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep-cache", action="store_true", help="cold starts use the existing index cache")
    parser.add_argument("--full-baseline", action="store_true", help="regex over every GeoNames name (~1M; slow)")
    args = parser.parse_args()

    texts = read_corpus(args.corpus or DEFAULT_CORPUS, args.docs)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    start = time.perf_counter()
    geoparser = Geoparser()
    load_s = time.perf_counter() - start
    rss_loaded = peak_rss_mb()
    geomap = best_pass(geoparser.parse, texts)
    rss_parsed = peak_rss_mb()

    start = time.perf_counter()
    baseline = build_baseline(geoparser.gazetteer, full=args.full_baseline)
    build_s = time.perf_counter() - start
    naive = best_pass(baseline.parse, texts)
    rss_baseline = peak_rss_mb()
    ratio = geomap["docs_per_s"] / naive["docs_per_s"]
    names_note = (
        "every GeoNames name and alternate name"
        if args.full_baseline
        else f"GeoNames primary names, population >= {BASELINE_MIN_POPULATION:,} (a ~1M-name regex is too slow)"
    )
    cold = cli_cold_start(keep_cache=args.keep_cache)

    names = ", ".join(p.name for p in args.corpus or DEFAULT_CORPUS)
    print(f"corpus: {len(texts)} docs, {megabytes:.2f} MB ({names}); best of {RUNS} passes after a warm-up parse\n")
    print(f"{'':<36}{'docs/s':>10}{'MB/s':>10}   setup")
    print(
        f"{'geomap Geoparser.parse':<36}{geomap['docs_per_s']:>10,.1f}{geomap['mb_per_s']:>10.3f}   load {load_s:.2f} s"
    )
    print(
        f"{'naive regex baseline':<36}{naive['docs_per_s']:>10,.1f}{naive['mb_per_s']:>10.3f}   build {build_s:.2f} s"
    )
    print(f"  baseline names: {len(baseline.best):,}, curated names and aliases + {names_note}")
    print(f"\ngeomap is {ratio:.1f}x the naive regex baseline (docs/s)\n")
    first = "index build (first run)" if cold["first_run_built_index"] else "first run (index cached)"
    print(f"cold start, {COLD_RUNS} runs after a first run{'':<10}{'median':>10}{'min':>10}{'peak RSS':>12}")
    for label, fig in ((cold["command"], cold), ('python -c "import geomap"', cold["import_geomap"])):
        print(f"{label:<46}{fig['median_s']:>9.2f}s{fig['min_s']:>9.2f}s{fig['rss_mb']:>9.0f} MB")
    print(f"  {first}: {cold['first_run_s']:.2f} s, peak RSS {cold['first_run_rss_mb']:.0f} MB\n")
    print(f"peak RSS of this process: {rss_loaded:.0f} MB after loading geomap, {rss_parsed:.0f} MB after parsing")
    print(f"  the corpus, {rss_baseline:.0f} MB with the baseline built")

    if args.json:
        figures = {
            "corpus": {"paths": [str(p) for p in args.corpus or DEFAULT_CORPUS], "docs": len(texts), "mb": megabytes},
            "geomap": {**geomap, "load_s": load_s},
            "baseline": {**naive, "build_s": build_s, "names": len(baseline.best), "name_set": names_note},
            "ratio": ratio,
            "cold_start": cold,
            "peak_rss_mb": {"loaded": rss_loaded, "parsed": rss_parsed, "with_baseline": rss_baseline},
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
