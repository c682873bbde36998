"""The event parser's operations (:class:`geomap.events.predict_ops.PredictOps`) against thinc's own, in one process.

``extract_events`` on seed-sized reports (copies of the seed, and distinct
reports of LGL articles joined until each is as long as the seed, as in
``benchmarks/events.py``), with the pipeline's layers on thinc's
``NumpyOps(use_blis=False)`` and on ``PredictOps`` in turn, ``--rounds``
times each; prints the best CPU milliseconds per report of each and their
ratio, and whether both gave the same events. Same process, same load: the
ratio is the figure to read on a shared machine.

Run: ``.venv/bin/python benchmarks/parser_ops.py [--reports N] [--rounds N] [--shared DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from thinc.api import NumpyOps  # noqa: E402

from geomap import settings  # noqa: E402
from geomap.events import extract_events  # noqa: E402
from geomap.events.parse import load_pipeline  # noqa: E402
from geomap.events.predict_ops import PredictOps  # noqa: E402
from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.geoparse import Geoparser  # noqa: E402
from geomap.reports import Report, read_report  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Sequence

    from thinc.api import Ops

    from geomap.events.model import Event
    from geomap.geoparse import Mention


def reports(shared: Path, count: int) -> dict[str, list[Report]]:
    """``count`` copies of the seed, and ``count`` distinct seed-sized reports of LGL articles."""
    seed = read_report(ROOT / "seeds" / "2020-09-27-azeri-army-advance.txt")
    copies = [Report(f"seed-{i}", seed.text, source=seed.source, date=seed.date) for i in range(count)]
    with (shared / "bench" / "lgl.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    distinct: list[Report] = []
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if sum(map(len, chunk)) >= len(seed.text):
            distinct.append(Report(f"lgl-seed-sized-{len(distinct)}", "\n\n".join(chunk)))
            chunk = []
            if len(distinct) == count:
                break
    return {f"seed x{count}": copies, f"LGL seed-sized x{len(distinct)}": distinct}


def use(ops: Ops) -> None:
    """Every layer of the event parser on ``ops``."""
    for _, pipe in load_pipeline(settings.spacy_model).pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops


def extract(corpus: Sequence[Report], mentions: Sequence[Sequence[Mention]], parser: Geoparser) -> list[list[Event]]:
    """The events of each report, one report at a time (as ``geomap events`` reads a report)."""
    return [extract_events(r, parser, mentions=m) for r, m in zip(corpus, mentions, strict=True)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=15, help="reports of each kind")
    ap.add_argument("--rounds", type=int, default=5, help="timed passes of each operations")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder (../shared)")
    args = ap.parse_args()
    parser = Geoparser(Gazetteer.default())
    kinds: dict[str, Ops] = {"thinc NumpyOps": NumpyOps(use_blis=False), "PredictOps": PredictOps()}
    load = os.getloadavg()[0]
    for name, corpus in reports(args.shared, args.reports).items():
        mentions = [parser.parse(r.text) for r in corpus]
        best: dict[str, float] = {}
        events: dict[str, list[list[Event]]] = {}
        for _ in range(args.rounds):
            for kind, ops in kinds.items():
                use(ops)
                start = time.process_time()
                events[kind] = extract(corpus, mentions, parser)
                spent = (time.process_time() - start) / len(corpus) * 1000
                best[kind] = min(best.get(kind, spent), spent)
        (a, b) = kinds
        print(
            f"{name}: CPU ms per report {a} {best[a]:.1f}, {b} {best[b]:.1f}: ratio {best[a] / best[b]:.3f}; "
            f"same events: {events[a] == events[b]}"
        )
    use(PredictOps())
    print(f"load average (1 min) at start, end: {load:.2f}, {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
