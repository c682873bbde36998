"""Time geomap.compare.compare_claims against a naive per-pair loop, in one process.

Two synthetic groups of N claims each (buffered random points, 0.5-5 km, in
39-41N 45-48E, controllers drawn from three sides, seeded RNG) are compared
with ``compare_claims``. The baseline is what a straightforward script would
do: a Python loop over pairs of polygons with scalar shapely ``intersects`` and
``intersection``. It only computes the raw pairwise intersections (no
dissolving, no classes, no quotes), so it is a lower bound for the naive
approach. It runs on a random sample of A against all of B and is
extrapolated to N x N.

Run: ``python benchmarks/compare.py [--n 10000] [--sample 200] [--seed 7]``
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geomap import crs
from geomap.compare import compare_claims

SIDES = np.array(["azerbaijan", "armenia", "contested"])
KINDS = np.array(["taken", "held", "lost", "encircled"])


def synthetic_claims(rng: np.random.Generator, n: int, report_prefix: str) -> gpd.GeoDataFrame:
    lon = rng.uniform(45.0, 48.0, n)
    lat = rng.uniform(39.0, 41.0, n)
    radius = rng.uniform(0.5, 5.0, n)
    geoms = crs.buffer_km(shapely.points(lon, lat), radius)
    side = SIDES[rng.integers(0, 3, n)]
    kind = np.where(side == "contested", "contested", KINDS[rng.integers(0, KINDS.size, n)])
    controller = np.where(side == "contested", SIDES[rng.integers(0, 2, n)], side)
    report = np.char.add(report_prefix, (np.arange(n) // 25).astype(str))  # 25 claims per report
    ids = np.char.add(f"{report_prefix}-c", np.arange(n).astype(str))
    return gpd.GeoDataFrame(
        {
            "claim_id": ids.astype(object),
            "report_id": report.astype(object),
            "report_date": [None] * n,
            "report_side": np.full(n, report_prefix, dtype=object),
            "claimant": np.full(n, f"{report_prefix} MoD", dtype=object),
            "controller": controller.astype(object),
            "kind": kind.astype(object),
            "place_id": ids.astype(object),
            "place_name": np.char.add("Place ", np.arange(n).astype(str)).astype(object),
            "place_kind": np.full(n, "village", dtype=object),
            "quote": np.char.add(f"{report_prefix} says place ", np.arange(n).astype(str)).astype(object),
            "sentence_start": np.zeros(n, dtype=int),
            "sentence_end": np.zeros(n, dtype=int),
            "area_method": np.full(n, "buffer", dtype=object),
            "approximate": np.zeros(n, dtype=bool),
        },
        geometry=gpd.GeoSeries(geoms, crs=4326),
    )


def naive_pairs(a: np.ndarray, b: np.ndarray) -> tuple[int, float]:
    """Scalar loop over every pair: the baseline."""
    hits = 0
    area = 0.0
    for pa in a:
        for pb in b:
            if pa.intersects(pb):
                area += pa.intersection(pb).area
                hits += 1
    return hits, area


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="claims per group")
    parser.add_argument("--sample", type=int, default=200, help="claims of A in the naive baseline sample")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    start = time.perf_counter()
    a = synthetic_claims(rng, args.n, "A")
    b = synthetic_claims(rng, args.n, "B")
    print(f"built 2 x {args.n:,} claims in {time.perf_counter() - start:.1f} s; peak RSS {peak_rss_mb():.0f} MB")

    start = time.perf_counter()
    result = compare_claims(a, b)
    fast = time.perf_counter() - start
    print(f"compare_claims: {fast:.2f} s, {len(result.pieces)} pieces; peak RSS {peak_rss_mb():.0f} MB")
    for cls, km2 in result.totals.items():
        print(f"  {cls:<10} {km2:12,.0f} km2")

    sample = rng.choice(args.n, size=min(args.sample, args.n), replace=False)
    geoms_a = a.geometry.to_numpy()[sample]
    geoms_b = b.geometry.to_numpy()
    start = time.perf_counter()
    hits, _ = naive_pairs(geoms_a, geoms_b)
    naive_sample = time.perf_counter() - start
    naive_full = naive_sample * args.n / sample.size
    print(
        f"naive loop: {naive_sample:.2f} s for {sample.size} x {args.n:,} pairs ({hits} intersecting); "
        f"extrapolated to {args.n:,} x {args.n:,}: {naive_full:.0f} s"
    )
    print(f"ratio naive / compare_claims: {naive_full / fast:.0f}x; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
