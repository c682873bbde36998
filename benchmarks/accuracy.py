"""Score geomap on every gold corpus beside the repo and write the tables.

Corpora (read in place from ``../shared`` and ``tests/data``, never copied):

- ``devset``: ``../shared/devset/devset.jsonl`` (Karabakh reports), end to end.
- ``lgl``: ``../shared/bench/lgl.jsonl`` (local US news), end to end and with gold spans; and
  ``lgl (+demonyms)`` end to end, counting demonyms as toponyms as LGL's annotators did.
- ``geovirus``: ``../shared/bench/geovirus.jsonl`` (WikiNews, outbreaks), end to end and with gold spans.
- ``seed``: ``tests/data/seed.gold.jsonl``, end to end.

Writes ``benchmarks/results/accuracy.md`` (tables) and ``benchmarks/results/accuracy.json``
(every metric), with the seconds each run took (parsing and scoring, after one shared
start-up, which is timed apart). Numbers on shared machines vary by 2x from run to run.

Run: ``.venv/bin/python benchmarks/accuracy.py [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from geomap.corpora import read_corpus
from geomap.evaluation import evaluate, evaluate_gold_spans, predictor, resolver
from geomap.gazetteer import Gazetteer
from geomap.geoparse import Geoparser

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# name -> (gold file, modes, whether demonyms count as toponyms: LGL annotates them, the others do not)
CORPORA = {
    "devset": (SHARED / "devset" / "devset.jsonl", ("end_to_end",), False),
    "lgl": (SHARED / "bench" / "lgl.jsonl", ("end_to_end", "gold_spans"), False),
    "lgl (+demonyms)": (SHARED / "bench" / "lgl.jsonl", ("end_to_end",), True),
    "geovirus": (SHARED / "bench" / "geovirus.jsonl", ("end_to_end", "gold_spans"), False),
    "seed": (REPO / "tests" / "data" / "seed.gold.jsonl", ("end_to_end",), False),
}
COLUMNS = {
    "end_to_end": (
        "precision_exact",
        "recall_exact",
        "f1_exact",
        "f1_overlap",
        "acc_161km",
        "acc_tolerance",
        "acc_geonameid",
        "geo_precision",
        "geo_recall",
        "geo_f1",
    ),
    "gold_spans": ("scored", "unresolved", "acc_10km", "acc_161km", "acc_geonameid", "median_km", "auc"),
}


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def run() -> dict[str, object]:
    start = time.perf_counter()
    parser = Geoparser(Gazetteer.default())
    parser.parse("Warm-up in Baku and Atlanta, Ga.")
    results: dict[str, object] = {"startup_s": round(time.perf_counter() - start, 3), "runs": []}
    runs: list[dict[str, object]] = []
    for name, (path, modes, demonyms) in CORPORA.items():
        if not path.exists():
            runs.append({"corpus": name, "skipped": f"{path} is not there"})
            continue
        docs = read_corpus(path)
        for mode in modes:
            t0 = time.perf_counter()
            if mode == "end_to_end":
                scores = evaluate(docs, predictor(parser, demonyms=demonyms), n_worst=0)
            else:
                scores = evaluate_gold_spans(docs, resolver(parser), n_worst=0)
            seconds = time.perf_counter() - t0
            row = {"corpus": name, "mode": mode, "docs": len(docs), "seconds": round(seconds, 3)}
            row.update({k: v for k, v in scores.to_dict().items() if k != "worst"})
            runs.append(row)
    results["runs"] = runs
    results["python"] = platform.python_version()
    return results


def to_markdown(results: dict[str, object]) -> str:
    lines = [
        "# geomap accuracy on the gold corpora",
        "",
        (
            "Written by `benchmarks/accuracy.py`; seconds are parsing plus scoring, after a shared start-up of "
            f"{results['startup_s']} s (index opening, first parse). Shared machines vary by 2x between runs."
        ),
        "",
    ]
    runs = [r for r in results["runs"] if "mode" in r]  # type: ignore[union-attr]
    for mode, columns in COLUMNS.items():
        rows = [r for r in runs if r["mode"] == mode]
        if not rows:
            continue
        lines += [f"## {mode.replace('_', ' ')}", ""]
        lines.append("| corpus | docs | gold | " + " | ".join(columns) + " | seconds |")
        lines.append("|---" * (len(columns) + 4) + "|")
        for r in rows:
            cells = [r["corpus"], r["docs"], r["gold"], *(r.get(c) for c in columns), r["seconds"]]
            lines.append("| " + " | ".join(_fmt(c) for c in cells) + " |")
        lines.append("")
    skipped = [r for r in results["runs"] if "skipped" in r]  # type: ignore[union-attr]
    lines += [f"- skipped {r['corpus']}: {r['skipped']}" for r in skipped]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = cli.parse_args()
    results = run()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "accuracy.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    markdown = to_markdown(results)
    (args.out / "accuracy.md").write_text(markdown, encoding="utf-8")
    print(markdown)


if __name__ == "__main__":
    main()
