"""Time geomap's geoparser against the bare trie pass and a naive dictionary geoparser, and the cold start.

Measures, in one process and one run (numbers on shared machines vary by 2x between runs, so the
three are interleaved: each round times every runner in turn, and the best round of each counts):

1. ``Geoparser.parse`` throughput (docs/s, MB/s) over a corpus of report-sized texts: by default
   ``../shared/bench/lgl.jsonl`` (588 local news articles) and ``../shared/devset/devset.jsonl``,
   read in place.
2. The bare trie pass, the bound of any n-gram geoparser: the text's capitalised 1-6-grams folded
   and looked up in geomap's own memory-mapped trie of GeoNames names; no filtering, no ranking.
3. A naive dictionary geoparser, a whole geoparser without context: at each capitalised word the
   longest n-gram found in a dict of every GeoNames name key, resolved to its most populous place
   (the dict's build from the index is timed apart).
4. The ratios of geomap to both, in the same run.
5. Cold start of ``geomap places <seed> --format json`` in fresh subprocesses (falling back to a
   ``python -c`` parse of the seed when the CLI is not there): one first run, reported as the
   index build when the GeoNames index cache was empty (a fresh temporary cache by default), then
   5 timed runs (median, min, peak RSS). ``python -c "import geomap"`` is timed as a reference.
6. Peak RSS of this process, and the machine's load average when the run started.

Run: ``.venv/bin/python benchmarks/geoparse.py [--docs N] [--corpus PATH ...] [--json PATH]
[--keep-cache] [--no-cold] [--cpu]`` (``--cpu``: passes timed in CPU seconds, for a loaded machine)
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
RUNS = 3
MAX_WORDS = 6
COLD_RUNS = 5

sys.path.insert(0, str(ROOT))

from geomap.gazetteer import (  # noqa: E402
    IndexedLayer,
    names,
)
from geomap.geoparse import Geoparser  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


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


# --------------------------------------------------------------------------- baselines

_WORD = re.compile(r"\w+")


def bare_pass(layer: IndexedLayer) -> Callable[[str], int]:
    """The bound of any n-gram geoparser: the text's capitalised 1-6-grams looked up in the trie, no ranking."""
    trie = layer.names.keys

    def run(text: str) -> int:
        words = _WORD.findall(text)
        hits = 0
        for i, word in enumerate(words):
            if not word[0].isupper():
                continue
            key = ""
            for j in range(i, min(i + MAX_WORDS, len(words))):
                key = f"{key} {names.fold(words[j])}" if key else names.fold(words[j])
                if key in trie:
                    hits += 1
        return hits

    return run


@dataclass(frozen=True, slots=True)
class NaiveDictionary:
    """A whole geoparser without context: longest capitalised n-gram in a dict, the most populous place wins."""

    best: dict[str, int]  # name key -> row of its most populous place
    layer: IndexedLayer

    def parse(self, text: str) -> list[tuple[int, int, str]]:
        words = list(_WORD.finditer(text))
        found = []
        i = 0
        while i < len(words):
            hit = None
            if words[i].group()[0].isupper():
                key = ""
                for j in range(i, min(i + MAX_WORDS, len(words))):
                    key = f"{key} {names.fold(words[j].group())}" if key else names.fold(words[j].group())
                    if key in self.best:
                        hit = (j, self.best[key])
            if hit is None:
                i += 1
                continue
            j, row = hit
            found.append((words[i].start(), words[j].end(), self.layer.row(row).place_id))
            i = j + 1
        return found


def build_naive(layer: IndexedLayer) -> NaiveDictionary:
    fresh = IndexedLayer(layer.name, layer.folder)  # its own row cache, so geomap's stays as it was
    population = np.asarray(fresh.population)
    best: dict[str, int] = {}
    for key in fresh.names.keys:
        rows = fresh.names.entries(key)["row"]
        best[key] = int(rows[np.argmax(population[rows])])
    return NaiveDictionary(best, fresh)


def interleaved(
    runners: dict[str, Callable[[str], object]], texts: Sequence[str], *, clock: Callable[[], float] = time.perf_counter
) -> dict[str, dict[str, Any]]:
    """Warm each up on one text, then time ``RUNS`` rounds of every runner in turn; the best pass counts.

    Interleaving puts every runner under the same share of a shared machine. ``clock`` is wall time by
    default; ``time.process_time`` counts this process's CPU seconds only (steadier on a loaded machine).
    """
    for run in runners.values():
        run(texts[0])
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(RUNS):
        for name, run in runners.items():
            start = clock()
            for text in texts:
                run(text)
            times[name].append(clock() - start)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    return {
        name: {"seconds": min(t), "docs_per_s": len(texts) / min(t), "mb_per_s": megabytes / min(t), "runs": t}
        for name, t in times.items()
    }


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
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start measurements")
    parser.add_argument("--cpu", action="store_true", help="time passes in CPU seconds of this process, not wall")
    args = parser.parse_args()

    texts = read_corpus(args.corpus or DEFAULT_CORPUS, args.docs)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    start = time.perf_counter()
    geoparser = Geoparser()
    load_s = time.perf_counter() - start
    rss_loaded = peak_rss_mb()
    layer = geoparser.gazetteer.indexed_layers[0]
    start = time.perf_counter()
    naive = build_naive(layer)
    build_s = time.perf_counter() - start
    runners = {"geomap": geoparser.parse, "bare": bare_pass(layer), "naive": naive.parse}
    figures = interleaved(runners, texts, clock=time.process_time if args.cpu else time.perf_counter)
    rss_all = peak_rss_mb()
    geomap, bare, dictionary = figures["geomap"], figures["bare"], figures["naive"]
    cold = None if args.no_cold else cli_cold_start(keep_cache=args.keep_cache)

    names_ = ", ".join(p.name for p in args.corpus or DEFAULT_CORPUS)
    clock = "CPU seconds" if args.cpu else "wall time"
    print(f"corpus: {len(texts)} docs, {megabytes:.2f} MB ({names_}); best of {RUNS} interleaved passes after warm-up")
    print(f"passes timed in {clock}")
    print(f"load average at start: {load_average()}\n")
    print(f"{'':<44}{'docs/s':>10}{'MB/s':>10}{'x bare':>10}   setup")
    rows = (
        ("geomap Geoparser.parse", geomap, f"load {load_s:.2f} s"),
        ("bare trie pass (capitalised 1-6-grams)", bare, "-"),
        ("naive dictionary geoparser (no context)", dictionary, f"build {build_s:.2f} s"),
    )
    for label, fig, setup in rows:
        ratio = fig["docs_per_s"] / bare["docs_per_s"]
        print(f"{label:<44}{fig['docs_per_s']:>10,.1f}{fig['mb_per_s']:>10.3f}{ratio:>10.3f}   {setup}")
    to_bare, to_naive = geomap["docs_per_s"] / bare["docs_per_s"], geomap["docs_per_s"] / dictionary["docs_per_s"]
    print(f"\ngeomap is {to_bare:.3f}x the bare trie pass and {to_naive:.3f}x the naive dictionary (docs/s)\n")
    if cold is not None:
        first = "index build (first run)" if cold["first_run_built_index"] else "first run (index cached)"
        print(f"cold start, {COLD_RUNS} runs after a first run{'':<10}{'median':>10}{'min':>10}{'peak RSS':>12}")
        for label, fig in ((cold["command"], cold), ('python -c "import geomap"', cold["import_geomap"])):
            print(f"{label:<46}{fig['median_s']:>9.2f}s{fig['min_s']:>9.2f}s{fig['rss_mb']:>9.0f} MB")
        print(f"  {first}: {cold['first_run_s']:.2f} s, peak RSS {cold['first_run_rss_mb']:.0f} MB\n")
    print(f"peak RSS of this process: {rss_loaded:.0f} MB after loading geomap, {rss_all:.0f} MB after the passes")

    if args.json:
        out = {
            "corpus": {"paths": [str(p) for p in args.corpus or DEFAULT_CORPUS], "docs": len(texts), "mb": megabytes},
            "geomap": {**geomap, "load_s": load_s},
            "bare_trie_pass": bare,
            "naive_dictionary": {**dictionary, "build_s": build_s},
            "ratio_to_bare": geomap["docs_per_s"] / bare["docs_per_s"],
            "ratio_to_naive": geomap["docs_per_s"] / dictionary["docs_per_s"],
            "clock": clock,
            "cold_start": cold,
            "peak_rss_mb": {"loaded": rss_loaded, "after": rss_all},
            "load_average": load_average(),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cpus)"


if __name__ == "__main__":
    main()
