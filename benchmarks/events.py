"""Events per second: geomap's event grammar beside toponym parsing alone, in the same run.

Corpora (read in place, never copied): the seed report (``--seeds N`` copies as separate reports: the
"seed-sized reports" of the target), the dev set's six reports (``../shared/devset/devset.jsonl``) and
LGL's 588 news articles (``../shared/bench/lgl.jsonl``). For each corpus, one warm-up pass, then the
best of 3 timed passes of:

1. toponyms: ``Geoparser.parse`` of every report;
2. events: ``extract_events`` given those mentions (sentence split, the candidate filter, one spaCy
   ``nlp.pipe`` batch per report, frames, claimants);
3. both, as ``pipeline.process_report`` would run them (wall clock, and per CPU second of this process:
   the steadier figure on a machine other jobs share);

and the share of sentences the filter sends to spaCy. Numbers on shared 2-core machines vary by 2x
between runs: compare within one run.

Run: ``.venv/bin/python benchmarks/events.py [--seeds N] [--lgl N] [--json PATH]``
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RUNS = 3

sys.path.insert(0, str(ROOT))

from geomap.events import extract as extract_module  # noqa: E402
from geomap.events import extract_events, split_sentences  # noqa: E402
from geomap.events.scoring import read_gold_events  # noqa: E402
from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.geoparse import Geoparser  # noqa: E402
from geomap.reports import Report, read_report  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


def corpora(seeds: int, lgl: int | None) -> dict[str, list[Report]]:
    seed = read_report(ROOT / "seeds" / "2020-09-27-azeri-army-advance.txt")
    copies = [Report(f"seed-{i}", seed.text, source=seed.source, date=seed.date) for i in range(seeds)]
    out = {f"seed x{seeds}": copies}
    out["devset"], _ = read_gold_events(SHARED / "devset" / "devset.jsonl")
    with (SHARED / "bench" / "lgl.jsonl").open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()][:lgl]
    out["LGL"] = [Report(str(d["id"]), d["text"]) for d in docs]
    return out


def best(run: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU time (this process) of ``RUNS`` passes after a warm-up."""
    run()
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def measure(name: str, reports: Sequence[Report], parser: Geoparser) -> dict[str, Any]:
    mentions = {r.report_id: parser.parse(r.text) for r in reports}
    toponyms = best(lambda: [parser.parse(r.text) for r in reports])
    events = best(lambda: [extract_events(r, parser, mentions=mentions[r.report_id]) for r in reports])
    both = best(lambda: [extract_events(r, parser, mentions=parser.parse(r.text)) for r in reports])
    sentences = sum(len(split_sentences(r.text)) for r in reports)
    parsed = 0
    for report in reports:
        inside = mentions[report.report_id]
        for sentence in split_sentences(report.text):
            here = [m for m in inside if sentence.start <= m.start < sentence.end]
            parsed += extract_module._worth_parsing(sentence, here)  # noqa: SLF001 - the filter itself is measured
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
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=50, help="copies of the seed report")
    ap.add_argument("--lgl", type=int, default=None, help="at most this many LGL articles")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    parser = Geoparser(Gazetteer.default())
    rows = [measure(name, reports, parser) for name, reports in corpora(args.seeds, args.lgl).items()]
    head = ("corpus", "reports", "sentences", "parsed_share", "events", "toponyms_reports_per_s",
            "events_reports_per_s", "both_reports_per_s", "both_reports_per_cpu_s")  # fmt: skip
    print(" | ".join(head))
    for row in rows:
        print(" | ".join(str(row[h]) for h in head))
    if args.json:
        args.json.write_text(json.dumps({"machine": platform.node(), "rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
