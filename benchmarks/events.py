"""Events per second: geomap's event grammar beside toponym parsing alone, in the same run.

Corpora (read in place, never copied): the seed report (``--seeds N`` copies as separate reports: the
"seed-sized reports" of the target), as many *distinct* seed-sized reports made of LGL articles joined
until each is as long as the seed (no two alike, so no cache of any kind can make them cheaper than
real reports), the dev set's six reports (``../shared/devset/devset.jsonl``) and LGL's 588 news
articles (``../shared/bench/lgl.jsonl``). For each corpus, one warm-up pass, then the best of 3 timed
passes of:

1. toponyms: ``Geoparser.parse`` of every report;
2. events: ``extract_events`` given those mentions (sentence split, the candidate filter, one spaCy
   ``nlp.pipe`` batch per report, frames, claimants);
3. both, in this one process (wall clock, and per CPU second of this process: the steadier figure on
   a machine other jobs share);
4. ``pipeline.process_reports`` per pool chunk (toponyms, events, claims, routes) on ``--jobs`` worker processes of
   geomap's pool, as ``geomap run --jobs N`` runs it: the machine's figure, using every core (wall).

and the share of sentences the filter sends to spaCy, and CPU milliseconds per report of toponyms,
spaCy (each report's sentences worth parsing, one batch) and the grammar (events less spaCy). A pool
chunk parses equal sentences once, so the seed copies' pooled figure is above what distinct reports
get: the distinct seed-sized reports give the real one. The load average is printed with the figures:
numbers on a shared 2-core machine vary by 2x between runs, so compare within one run.

Run: ``.venv/bin/python benchmarks/events.py [--seeds N] [--lgl N] [--jobs N] [--json PATH] [--shared DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3

sys.path.insert(0, str(ROOT))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the CLI sets it: one BLAS thread per process

from geomap.events import extract as extract_module  # noqa: E402
from geomap.events import extract_events  # noqa: E402
from geomap.events.parse import parse  # noqa: E402
from geomap.events.scoring import read_gold_events  # noqa: E402
from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.geoparse import Geoparser  # noqa: E402
from geomap.reports import Report, read_report  # noqa: E402
from geomap.scale.pool import ProcessPool  # noqa: E402
from geomap.scale.spec import ParserSpec  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


def seed_sized(texts: Sequence[str], size: int, count: int) -> list[Report]:
    """``count`` distinct reports, each of consecutive ``texts`` joined until it is ``size`` characters long."""
    reports: list[Report] = []
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if sum(map(len, chunk)) >= size:
            reports.append(Report(f"lgl-seed-sized-{len(reports)}", "\n\n".join(chunk)))
            chunk = []
            if len(reports) == count:
                break
    return reports


def corpora(shared: Path, seeds: int, lgl: int | None) -> dict[str, list[Report]]:
    seed = read_report(ROOT / "seeds" / "2020-09-27-azeri-army-advance.txt")
    copies = [Report(f"seed-{i}", seed.text, source=seed.source, date=seed.date) for i in range(seeds)]
    out = {f"seed x{seeds}": copies}
    with (shared / "bench" / "lgl.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    distinct = seed_sized(texts, len(seed.text), seeds)
    out[f"LGL seed-sized x{len(distinct)}"] = distinct
    out["devset"], _ = read_gold_events(shared / "devset" / "devset.jsonl")
    out["LGL"] = [Report(f"lgl-{i}", text) for i, text in enumerate(texts[:lgl])]
    return out


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by the live child processes of this one (Linux; else 0)."""
    me = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if not me.exists():
        return 0.0
    ticks = 0
    for child in me.read_text().split():
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def best(run: Callable[[], object], clock: Callable[[], float] = time.process_time) -> tuple[float, float]:
    """Best wall-clock and best CPU time (``clock``: this process by default) of ``RUNS`` passes after a warm-up."""
    run()
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), clock()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(clock() - start_cpu)
    return min(wall), min(cpu)


def measure(name: str, reports: Sequence[Report], parser: Geoparser, pool: ProcessPool) -> dict[str, Any]:
    mentions = {r.report_id: parser.parse(r.text) for r in reports}
    toponyms = best(lambda: [parser.parse(r.text) for r in reports])
    events = best(lambda: [extract_events(r, parser, mentions=mentions[r.report_id]) for r in reports])
    both = best(lambda: [extract_events(r, parser, mentions=parser.parse(r.text)) for r in reports])
    pooled = best(lambda: list(pool(reports)), clock=children_cpu)
    plans = [extract_module._plan(r.text, mentions[r.report_id]) for r in reports]  # noqa: SLF001 - measured
    wanted = [[sentences[i].text for i in chosen] for sentences, _, chosen in plans]
    spacy = best(lambda: [parse(texts) for texts in wanted])  # each report's batch, as extract_events parses it
    sentences = sum(len(s) for s, _, _ in plans)
    parsed = sum(len(chosen) for _, _, chosen in plans)
    n_events = sum(len(extract_events(r, parser, mentions=mentions[r.report_id])) for r in reports)
    n = len(reports)
    return {
        "corpus": name,
        "reports": n,
        "sentences": sentences,
        "parsed_share": round(parsed / sentences, 3),
        "events": n_events,
        "toponyms_reports_per_s": round(n / toponyms[0], 1),
        "events_reports_per_s": round(n / events[0], 1),
        "both_reports_per_s": round(n / both[0], 1),
        "both_reports_per_cpu_s": round(n / both[1], 1),
        f"run_{pool.jobs}_workers_reports_per_s": round(n / pooled[0], 1),
        "run_reports_per_worker_cpu_s": round(n / pooled[1], 1) if pooled[1] else None,
        "cpu_ms_per_report": {
            "toponyms": round(toponyms[1] / n * 1000, 1),
            "spacy": round(spacy[1] / n * 1000, 1),
            "grammar": round((events[1] - spacy[1]) / n * 1000, 1),
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=50, help="copies of the seed report")
    ap.add_argument("--lgl", type=int, default=None, help="at most this many LGL articles")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the pooled run (default: 2 cores)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder (../shared)")
    args = ap.parse_args()
    load_before = os.getloadavg()
    parser = Geoparser(Gazetteer.default())
    with ProcessPool(args.jobs, ParserSpec.current()) as pool:
        rows = [
            measure(name, reports, parser, pool) for name, reports in corpora(args.shared, args.seeds, args.lgl).items()
        ]
    load = (round(load_before[0], 2), round(os.getloadavg()[0], 2))
    pooled = f"run_{args.jobs}_workers_reports_per_s"
    head = ("corpus", "reports", "sentences", "parsed_share", "events", "toponyms_reports_per_s",
            "events_reports_per_s", "both_reports_per_s", "both_reports_per_cpu_s", pooled,
            "run_reports_per_worker_cpu_s")  # fmt: skip
    print(f"load average (1 min) at start, end: {load[0]}, {load[1]}; {os.cpu_count()} cores")
    print(" | ".join(head))
    for row in rows:
        print(" | ".join(str(row[h]) for h in head))
    for row in rows[:2]:
        print(
            f"{row['corpus']}: events with toponyms {row['both_reports_per_s']} reports/s in one process "
            f"({row['both_reports_per_cpu_s']} per CPU-s), {row[pooled]} reports/s on {args.jobs} workers "
            f"({row['run_reports_per_worker_cpu_s']} per worker CPU-s) (target: >= 50 reports/s)"
        )
        print(f"{row['corpus']}: CPU ms per report in one process {row['cpu_ms_per_report']}")
    if args.json:
        result = {"machine": platform.node(), "load_average": load, "rows": rows}
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
