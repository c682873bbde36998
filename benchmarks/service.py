"""Requests per second of ``geomap serve`` against calling the library directly, in the same run.

For each backend (SQLite in a temporary folder, PostGIS in a throwaway
cluster), a real server is started on 127.0.0.1 and fed seed-sized reports
(the seed report's text with a distinct closing line each, so none is a
duplicate):

* ``POST /reports``, one client, one report a request, against
  ``pipeline.process_report`` on the same reports in this process;
* ``GET /events?limit=100`` over the stored events, against building the
  GeoJSON of 100 events in memory (``events_frame`` + ``to_geojson``).

The ratio is service / library: what the HTTP, the JSON and the store cost.

Run: ``.venv/bin/python benchmarks/service.py [--reports 60] [--gets 200]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.events import events_frame  # noqa: E402
from geomap.export import to_geojson  # noqa: E402
from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.geoparse import Geoparser  # noqa: E402
from geomap.pipeline import process_report  # noqa: E402
from geomap.reports import parse_report, read_report  # noqa: E402
from tests.service.pgcluster import cluster  # noqa: E402
from tests.service.servers import Server  # noqa: E402

SEED = REPO / "seeds" / "2020-09-27-azeri-army-advance.txt"
PAGE = 100


def bodies(n: int) -> list[dict[str, str]]:
    seed = read_report(SEED)
    return [
        {"text": f"{seed.text}\nBulletin {i} ends here.\n", "title": seed.title, "source": seed.source,
         "side": seed.side, "date": seed.date.isoformat() if seed.date else ""}
        for i in range(n)
    ]  # fmt: skip


def library(parser: Geoparser, items: list[dict[str, str]], gets: int) -> tuple[float, float]:
    reports = [
        parse_report(f"---\nside: {b['side']}\ndate: {b['date']}\nsource: {b['source']}\n---\n{b['text']}",
                     report_id=f"r{i}")
        for i, b in enumerate(items)
    ]  # fmt: skip
    start = time.perf_counter()
    results = [process_report(r, parser) for r in reports]
    post_rps = len(reports) / (time.perf_counter() - start)
    events = [e for r in results for e in r.events][:PAGE]
    start = time.perf_counter()
    for _ in range(gets):
        to_geojson(events_frame(events, gazetteer=parser.gazetteer))
    return post_rps, gets / (time.perf_counter() - start)


def service(server: Server, items: list[dict[str, str]], gets: int) -> tuple[float, float]:
    with server.client() as client:
        client.post("/reports", json={"text": "Goris was shelled (warm-up)."}).raise_for_status()
        start = time.perf_counter()
        for body in items:
            client.post("/reports", json=body).raise_for_status()
        post_rps = len(items) / (time.perf_counter() - start)
        start = time.perf_counter()
        url: str = f"/events?limit={PAGE}"
        for _ in range(gets):
            page = client.get(url)
            page.raise_for_status()
            url = page.links.get("next", {}).get("url", f"/events?limit={PAGE}")  # the Link header: no JSON parse
        return post_rps, gets / (time.perf_counter() - start)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--reports", type=int, default=60, help="reports POSTed per backend")
    options.add_argument("--gets", type=int, default=200, help="GET /events requests per backend")
    args = options.parse_args()
    parser = Geoparser(Gazetteer.default())
    items = bodies(args.reports)
    lib_post, lib_get = library(parser, items, args.gets)
    rows = []
    with tempfile.TemporaryDirectory() as folder, cluster() as pg:
        for name, database in (("sqlite", None), ("postgis", pg.fresh_database())):
            server = Server(Path(folder) / name / "data", database=database).start()
            try:
                post_rps, get_rps = service(server, items, args.gets)
            finally:
                server.stop()
            rows.append((name, post_rps, get_rps))
    print(f"seed-sized reports ({len(items[0]['text']):,} characters), {args.reports} POSTs, "
          f"{args.gets} GETs of {PAGE} events; library in the same run")  # fmt: skip
    print(f"{'backend':8} {'POST /reports r/s':>18} {'vs library':>10} {'GET /events r/s':>16} {'vs library':>10}")
    print(f"{'library':8} {lib_post:18.1f} {1.0:10.2f} {lib_get:16.1f} {1.0:10.2f}")
    for name, post_rps, get_rps in rows:
        print(f"{name:8} {post_rps:18.1f} {post_rps / lib_post:10.2f} {get_rps:16.1f} {get_rps / lib_get:10.2f}")


if __name__ == "__main__":
    main()
