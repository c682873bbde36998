"""Time geomap.compare.compare_claims against a plain geopandas script giving the same answer, in one process.

Two synthetic groups of N claims each (buffered random points, 0.5-5 km,
controllers drawn from three sides, one in three of kind ``contested``,
seeded RNG; the region grows with N so the density stays that of 10,000
claims in 39-41N 45-48E) are compared with ``compare_claims``.

The baseline is what a geopandas user would write for the same result: per
group ``dissolve`` by controller, ``overlay`` of the group with itself to
find the ground it gives to two controllers (contested for that group),
then ``overlay(how="union")`` of the two groups, the four classes, a
``dissolve`` per (class, controller A, controller B), and ``sjoin`` with the
claims (shrunk by 1 cm so that touching is not overlapping) for the reports,
quotes and places of each piece. The script checks that both give the same
pieces (classes, controllers, km² to 1e-6 relative, provenance).

Run: ``python benchmarks/compare.py [--n 10000 100000] [--seed 7]``
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geomap import crs
from geomap.compare import compare_claims

SIDES = np.array(["azerbaijan", "armenia", "contested"])
KINDS = np.array(["taken", "held", "lost", "encircled"])
TOUCH_DEG = 1e-7


def synthetic_claims(rng: np.random.Generator, n: int, report_prefix: str) -> gpd.GeoDataFrame:
    scale = np.sqrt(n / 10_000)
    lon = rng.uniform(45.0, 45.0 + 3.0 * scale, n)
    lat = rng.uniform(39.0, 39.0 + 2.0 * scale, n)
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


# --------------------------------------------------------------------------- the plain geopandas script


def _side(claims: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve a group per controller; ground it gives to two controllers becomes contested."""
    claims = claims.assign(ctrl=np.where(claims["kind"] == "contested", "contested", claims["controller"]))
    dissolved = claims[["ctrl", "geometry"]].dissolve("ctrl").reset_index()
    pairs = gpd.overlay(dissolved, dissolved, how="intersection", keep_geom_type=True)
    clash = pairs.loc[pairs["ctrl_1"] != pairs["ctrl_2"]]
    if clash.empty:
        return dissolved
    contested = shapely.union_all([clash.union_all(), *dissolved.loc[dissolved["ctrl"] == "contested", "geometry"]])
    own = dissolved.loc[dissolved["ctrl"] != "contested"].copy()
    own["geometry"] = own.difference(contested)
    extra = gpd.GeoDataFrame({"ctrl": ["contested"]}, geometry=[contested], crs=claims.crs)
    return pd.concat([own, extra], ignore_index=True)


def _sources(pieces: gpd.GeoDataFrame, claims: gpd.GeoDataFrame, side_col: str) -> pd.DataFrame:
    """Reports, quotes and places of the claims of one group overlapping each piece (the piece's controller)."""
    cores = claims.assign(
        ctrl=claims["controller"],
        row=np.arange(len(claims)),
        geometry=shapely.buffer(claims.geometry.to_numpy(), -TOUCH_DEG, quad_segs=1, join_style="mitre"),
    )[["ctrl", "report_id", "sentence_start", "row", "quote", "place_name", "geometry"]]
    joined = gpd.sjoin(pieces[[side_col, "geometry"]], cores, predicate="intersects")
    joined = joined.loc[(joined[side_col] == "contested") | (joined[side_col] == joined["ctrl"])]
    joined = joined.reset_index(names="piece").drop_duplicates(["piece", "row"])
    joined = joined.sort_values(["piece", "report_id", "sentence_start", "row"], kind="stable")
    grouped = joined.groupby("piece")
    return pd.DataFrame(
        {
            "reports": grouped["report_id"].agg(lambda s: ";".join(sorted(set(s)))),
            "quotes": grouped["quote"].agg(lambda s: " | ".join(dict.fromkeys(s))),
            "places": grouped["place_name"].agg(lambda s: ";".join(sorted(set(s)))),
        }
    )


def plain_geopandas(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame, min_area_km2: float = 1e-4) -> gpd.GeoDataFrame:
    """The four classes with their provenance, the way a geopandas script would get them."""
    side_a = _side(a).rename(columns={"ctrl": "controller_a"})
    side_b = _side(b).rename(columns={"ctrl": "controller_b"})
    both = gpd.overlay(side_a, side_b, how="union", keep_geom_type=True)
    has_a, has_b = both["controller_a"].notna(), both["controller_b"].notna()
    both["class"] = np.select(
        [has_a & has_b & (both["controller_a"] == both["controller_b"]), has_a & has_b, has_a],
        ["agree", "contradict", "only_a"],
        "only_b",
    )
    pieces = both.dissolve(["class", "controller_a", "controller_b"], dropna=False).reset_index()
    parts = pieces.explode(index_parts=False)
    parts = parts.loc[crs.area_km2(parts.geometry.to_numpy()) >= min_area_km2]
    pieces = parts.dissolve(["class", "controller_a", "controller_b"], dropna=False).reset_index()
    pieces["area_km2"] = crs.area_km2(pieces.geometry.to_numpy())
    for side_col, claims, suffix in (("controller_a", a, "_a"), ("controller_b", b, "_b")):
        pieces = pieces.join(_sources(pieces.loc[pieces[side_col].notna()], claims, side_col).add_suffix(suffix))
    return pieces


# --------------------------------------------------------------------------- run


def _key(frame: pd.DataFrame) -> pd.DataFrame:
    cols = ["class", "controller_a", "controller_b", "area_km2", "reports_a", "reports_b", "quotes_a", "quotes_b"]
    out = frame[cols].astype(object).fillna("-")
    return out.sort_values(["class", "controller_a", "controller_b"], key=lambda s: s.astype(str)).reset_index(
        drop=True
    )


def same_answer(fast: gpd.GeoDataFrame, plain: gpd.GeoDataFrame) -> str:
    a, b = _key(fast), _key(plain)
    if len(a) != len(b):
        return f"DIFFERENT: {len(a)} vs {len(b)} pieces"
    labels = ["class", "controller_a", "controller_b"]
    if not a[labels].equals(b[labels]):
        return "DIFFERENT classes or controllers"
    rel = np.abs(a["area_km2"].astype(float) - b["area_km2"].astype(float)) / np.maximum(a["area_km2"].astype(float), 1)
    prov = ["reports_a", "reports_b", "quotes_a", "quotes_b"]
    same_prov = int((a[prov] == b[prov]).all(axis=1).sum())
    return f"{len(a)} pieces, same classes; km² max rel. diff {rel.max():.1e}; same provenance on {same_prov}/{len(a)}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def bench(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = synthetic_claims(rng, n, "A")
    b = synthetic_claims(rng, n, "B")
    start = time.perf_counter()
    result = compare_claims(a, b)
    fast = time.perf_counter() - start
    start = time.perf_counter()
    plain = plain_geopandas(a, b)
    slow = time.perf_counter() - start
    print(f"2 x {n:,} claims: compare_claims {fast:.2f} s, plain geopandas {slow:.2f} s")
    print(f"  ratio plain / compare_claims: {slow / fast:.2f}x; peak RSS {peak_rss_mb():.0f} MB")
    print(f"  {same_answer(result.pieces, plain)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000], help="claims per group")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
    for n in args.n:
        bench(n, args.seed)


if __name__ == "__main__":
    main()
