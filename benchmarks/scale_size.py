"""How parsing one report grows with its size: time and peak RSS from 10 KB to 4.9 MB.

Each size is parsed in a fresh subprocess, so its peak RSS is its own (a child forked from a
process that parsed a bigger report would inherit that high-water mark). The report is the LGL and
GeoVirus articles (read in place from ``../shared/bench``) joined and repeated up to the size: real
news text, with names recurring as they do in a long report. The child opens the gazetteer, parses a
one-line warm-up, then the report once; the parse is timed.

The slope is the exponent ``b`` of ``time ~ size^b`` fitted over the sizes from 100 KB (1 is linear,
2 quadratic), with the seconds per MB at each size. Run on a shared machine the seconds vary by 2x
between runs; the load average is printed with them.

Run: ``.venv/bin/python benchmarks/scale_size.py [--sizes 0.01,0.1,...] [--json PATH]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = (SHARED / "bench" / "lgl.jsonl", SHARED / "bench" / "geovirus.jsonl")
SIZES_MB = (0.01, 0.1, 0.5, 1.0, 2.0, 4.9)
LIMIT_MB = 1024.0

# The child: build the report of the size asked for, parse it once after a warm-up, print figures.
_CHILD = """
import json, resource, sys, time
from geomap.geoparse import Geoparser
size = int(float(sys.argv[1]) * 1e6)
texts = [json.loads(line)["text"] for path in sys.argv[2:] for line in open(path, encoding="utf-8") if line.strip()]
corpus = "\\n\\n".join(texts)
report = (corpus * (size // len(corpus.encode()) + 1)).encode()[:size].decode(errors="ignore")
parser = Geoparser()
parser.parse("Warm-up in Baku and Atlanta, Ga.")
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
mentions = parser.parse(report)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"bytes": len(report.encode()), "seconds": seconds, "mentions": len(mentions),
                  "rss_before_mb": rss_before, "peak_rss_mb": peak}))
"""


def measure(size_mb: float) -> dict[str, float]:
    """Parse a report of ``size_mb`` MB in a fresh Python and return its figures."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(size_mb), *map(str, CORPORA)], env=env, capture_output=True, check=True
    )
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def slope(rows: list[dict[str, float]]) -> float:
    """Exponent of time ~ size^b over the rows from 100 KB (small reports are dominated by fixed costs)."""
    big = [r for r in rows if r["bytes"] >= 100_000]
    b, _ = np.polyfit(np.log([r["bytes"] for r in big]), np.log([r["seconds"] for r in big]), 1)
    return float(b)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cpus)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", help="comma-separated report sizes in MB", default=",".join(map(str, SIZES_MB)))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    load = load_average()
    rows = [measure(float(size)) for size in args.sizes.split(",")]
    print(f"one report parsed in a fresh process per size; load average at start: {load}\n")
    print(f"{'size':>10}{'mentions':>10}{'seconds':>10}{'s per MB':>10}{'peak RSS':>12}{'start RSS':>12}")
    for r in rows:
        mb = r["bytes"] / 1e6
        print(
            f"{mb:>8.2f}MB{r['mentions']:>10,}{r['seconds']:>10.2f}{r['seconds'] / mb:>10.2f}"
            f"{r['peak_rss_mb']:>9.0f} MB{r['rss_before_mb']:>9.0f} MB"
        )
    exponent = slope(rows)
    largest = max(rows, key=lambda r: r["bytes"])
    within = "within" if largest["peak_rss_mb"] < LIMIT_MB else "OVER"
    print(f"\ntime ~ size^{exponent:.2f} from 100 KB (1 = linear)")
    print(f"largest report {largest['bytes'] / 1e6:.2f} MB: peak RSS {largest['peak_rss_mb']:.0f} MB, {within} 1 GB")
    if args.json:
        out = {
            "rows": rows,
            "exponent": exponent,
            "load_average": load,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
