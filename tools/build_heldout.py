"""Build a held-out set (a folder such as tests/data/heldout) from its annotated sources.

Each ``<set>/annotated/*.txt`` file is a report in geomap's report
format whose body marks every toponym inline as ``[surface](key)``, or
``[surface](key|assoc)`` / ``[surface](key|name)`` for the associative and
in-name roles, with ``key`` a row of ``<set>/places.csv``. After the
body, a line ``=== events ===`` opens one event a line::

    type | place key | claimant | stance | controller | snippet of the sentence [| anaphor]

``controller`` is ``-`` for events that are not territory claims. The snippet
must occur in exactly one sentence of the body; that sentence's span is the
event's. Writes ``<set>/reports/<id>.txt`` (the markup removed) and
``<set>/<set name>.jsonl`` (one gold document a line, the dev set's format plus
``controller`` and ``anaphor``). Run: ``.venv/bin/python tools/build_heldout.py
[SET_FOLDER]`` (default ``tests/data/heldout``).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import sys
from pathlib import Path
from typing import cast

from geomap.events import EVENT_TYPES

DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout"
MARK = re.compile(r"\[([^\]]+)\]\(([a-z0-9-]+)(?:\|(assoc|name))?\)")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?(?=\s+[A-Z“\"‘(0-9])")
ROLES = {None: "literal", "assoc": "associative", "name": "in_name"}
TYPES = set(EVENT_TYPES)
SIDES = {"azerbaijan", "armenia", "artsakh", "russia", "ukraine", "georgia", "south ossetia", "unknown"}


def load_places(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "places.csv").open(encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


def sentences(body: str) -> list[tuple[int, int]]:
    """Sentence spans: each line split at sentence ends, surrounding whitespace left out."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in body.split("\n"):
        cuts = [0, *(m.end() for m in SENTENCE_END.finditer(line)), len(line)]
        for a, b in itertools.pairwise(cuts):
            piece = line[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                spans.append((offset + a + lead, offset + a + len(piece.rstrip())))
        offset += len(line) + 1
    return spans


def strip_marks(marked: str, places: dict[str, dict[str, str]], doc: str) -> tuple[str, list[dict[str, object]]]:
    out: list[str] = []
    toponyms: list[dict[str, object]] = []
    pos = 0
    length = 0
    for match in MARK.finditer(marked):
        out.append(marked[pos : match.start()])
        length += match.start() - pos
        surface, key, role = match.group(1), match.group(2), match.group(3)
        if key not in places:
            sys.exit(f"{doc}: unknown place key {key!r}")
        place = places[key]
        toponyms.append(
            {
                "start": length,
                "end": length + len(surface),
                "surface": surface,
                "name": place["name"],
                "kind": place["kind"],
                "lat": float(place["lat"]),
                "lon": float(place["lon"]),
                "tolerance_km": float(place["tolerance_km"]),
                "role": ROLES[role],
                "place_id": key,
            }
        )
        out.append(surface)
        length += len(surface)
        pos = match.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[" in text and "](" in text:
        sys.exit(f"{doc}: unparsed markup left in the body")
    return text, toponyms


def check_anaphor(event: dict[str, object], anaphor: str, text: str, mentioned: list[dict[str, object]]) -> None:
    start, end = int(str(event["sentence_start"])), int(str(event["sentence_end"]))
    if anaphor not in text[start:end]:
        sys.exit(f"{event['place_id']}: anaphor {anaphor!r} not in its sentence")
    where = start + text[start:end].index(anaphor)
    if not any(int(str(t["start"])) < where for t in mentioned):
        sys.exit(f"{event['place_id']}: anaphor {anaphor!r} has no earlier mention of its place")
    event["anaphor"] = anaphor


def parse_event(
    raw: str, text: str, toponyms: list[dict[str, object]], places: dict[str, dict[str, str]], doc: str
) -> dict[str, object]:
    cells = [c.strip() for c in raw.split("|")]
    if len(cells) not in {6, 7}:
        sys.exit(f"{doc}: event line needs 6 or 7 cells: {raw!r}")
    kind, key, claimant, stance, controller, snippet = cells[:6]
    if kind not in TYPES or stance not in {"asserts", "denies"} or key not in places:
        sys.exit(f"{doc}: bad event {raw!r}")
    hits = [s for s in sentences(text) if snippet in text[s[0] : s[1]]]
    if len(hits) != 1:
        sys.exit(f"{doc}: snippet {snippet!r} is in {len(hits)} sentences")
    start, end = hits[0]
    mentioned = [t for t in toponyms if t["place_id"] == key]
    if not mentioned:
        sys.exit(f"{doc}: event place {key!r} is never mentioned")
    event: dict[str, object] = {
        "place": places[key]["name"],
        "place_id": key,
        "type": kind,
        "claimant": claimant,
        "stance": stance,
        "sentence": text[start:end],
        "sentence_start": start,
        "sentence_end": end,
    }
    if kind == "territory_claimed" and controller in SIDES:
        event["controller"] = controller
    elif kind == "territory_claimed" or controller != "-":
        sys.exit(f"{doc}: a territory event and only it needs a controller: {raw!r}")
    if len(cells) == 7:
        check_anaphor(event, cells[6], text, mentioned)
    return event


def routes_of(toponyms: list[dict[str, object]], places: dict[str, dict[str, str]]) -> list[dict[str, object]]:
    return [
        {
            "surface": t["surface"],
            "start": t["start"],
            "end": t["end"],
            "name": t["name"],
            "route_id": t["place_id"],
            "via": places[str(t["place_id"])]["via"].split(";"),
        }
        for t in toponyms
        if t["kind"] == "road"
    ]


def build_one(path: Path, places: dict[str, dict[str, str]], folder: Path) -> dict[str, object]:
    doc = path.stem
    source = path.read_text(encoding="utf-8")
    report, _, event_part = source.partition("\n=== events ===\n")
    if not report.startswith("---\n"):
        sys.exit(f"{doc}: no front matter")
    front, _, marked_body = report[4:].partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in front.split("\n"))
    if "constructed" not in meta.get("note", ""):
        sys.exit(f"{doc}: front matter must say it is constructed")
    text, toponyms = strip_marks(marked_body.rstrip("\n") + "\n", places, doc)
    events = [parse_event(line, text, toponyms, places, doc) for line in event_part.split("\n") if line.strip()]
    (folder / "reports" / f"{doc}.txt").write_text(f"---\n{front}\n---\n{text}", encoding="utf-8")
    count = len(sentences(text))
    print(f"{doc}: {count} sentences, {len(toponyms)} toponyms, {len(events)} events")
    return {
        "id": doc,
        "text": text,
        "meta": meta,
        "toponyms": toponyms,
        "events": events,
        "routes": routes_of(toponyms, places),
    }


def main(argv: list[str]) -> None:
    folder = Path(argv[0]).resolve() if argv else DEFAULT_SET
    if len(argv) > 1 or not (folder / "annotated").is_dir():
        sys.exit("usage: build_heldout.py [SET_FOLDER]  (a folder holding annotated/ and places.csv)")
    places = load_places(folder)
    (folder / "reports").mkdir(exist_ok=True)
    docs = [build_one(p, places, folder) for p in sorted((folder / "annotated").glob("*.txt"))]
    with (folder / f"{folder.name}.jsonl").open("w", encoding="utf-8") as handle:
        for d in docs:
            handle.write(json.dumps(d, ensure_ascii=False) + "\n")
    toponyms = sum(len(cast("list[object]", d["toponyms"])) for d in docs)
    events = sum(len(cast("list[object]", d["events"])) for d in docs)
    print(f"{len(docs)} reports, {toponyms} toponyms, {events} events")


if __name__ == "__main__":
    main(sys.argv[1:])
