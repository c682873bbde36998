"""The running service on both backends: restarts, concurrent writers, and a kill -9 mid-batch."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import httpx

from geomap.geoparse import Geoparser
from geomap.pipeline import process_report
from geomap.reports import parse_report
from geomap.service.store import EventFilter, ReportFilter

from .conftest import bulletin

LAYER = "id,name,kind,lat,lon,source\nkh,Kharkhaput Ridge,mountain,39.95,46.61,field survey 2026\n"


def everything(client):
    reports = client.get("/reports", params={"limit": 1000}).json()["reports"]
    return {
        "reports": reports,
        "details": [client.get(f"/reports/{r['report_id']}").json() for r in reports],
        "events": client.get("/events", params={"limit": 1000}).json(),
        "claims": client.get("/claims", params={"limit": 1000}).json(),
        "layer": client.get("/gazetteer/search", params={"q": "Kharkhaput Ridge"}).json(),
    }


def test_a_restarted_server_finds_everything(start_server, server_backend):
    server = start_server(data_dir=server_backend.data_dir, database=server_backend.database)
    with server.client() as client:
        for i in range(4):
            assert client.post("/reports", json=bulletin(100 + i)).status_code == 201
        assert client.post("/gazetteer/layers", files={"file": ("ridge.csv", LAYER.encode())}).status_code == 201
        assert client.post("/reports", json={"text": "Kharkhaput Ridge was shelled."}).status_code == 201
        before = everything(client)
    server.stop()  # SIGTERM: uvicorn shuts down gracefully, then re-raises the signal
    again = start_server(data_dir=server_backend.data_dir, database=server_backend.database)
    with again.client() as client:
        after = everything(client)
        assert client.post("/reports", json=bulletin(100)).status_code == 200
    assert after == before
    assert len(after["reports"]) == 5
    assert after["layer"]["candidates"][0]["name"] == "Kharkhaput Ridge"


def test_two_hundred_reports_from_eight_threads_are_all_stored(start_server, server_backend):
    server = start_server(data_dir=server_backend.data_dir, database=server_backend.database)
    local, clients = threading.local(), []

    def send(i):
        if not hasattr(local, "client"):
            local.client = server.client()
            clients.append(local.client)
        return local.client.post("/reports", json=bulletin(1000 + i)).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, range(200)))
    for client in clients:
        client.close()
    assert statuses == [201] * 200
    with server.client() as client:
        assert client.get("/health").json()["counts"]["reports"] == 200
        ids, cursor = [], None
        while True:
            page = client.get("/reports", params={"limit": 64, **({"cursor": cursor} if cursor else {})}).json()
            ids += [r["report_id"] for r in page["reports"]]
            if (cursor := page["next_cursor"]) is None:
                break
    assert len(set(ids)) == 200


def test_a_server_killed_mid_batch_leaves_only_whole_reports(start_server, server_backend, gazetteer):
    server = start_server(data_dir=server_backend.data_dir, database=server_backend.database)
    bodies = [bulletin(5000 + i) for i in range(150)]
    failures = []

    def send_batch():
        try:
            with server.client() as client:
                client.post("/reports/batch", json={"reports": bodies})
        except httpx.TransportError as exc:  # the server dies under the request
            failures.append(exc)

    sender = threading.Thread(target=send_batch)
    sender.start()
    watcher = server_backend.open()
    try:
        while watcher.counts()["reports"] < 5:
            time.sleep(0.01)
    finally:
        watcher.close()
    server.kill()
    sender.join()
    assert failures

    store = server_backend.open()
    try:
        stored = store.reports(ReportFilter(), after=None, limit=1000).items
        assert 5 <= len(stored) < len(bodies)
        parser = Geoparser(gazetteer)
        by_text = {b["text"]: b for b in bodies}
        for summary in stored:
            found = store.report(summary["report_id"])
            body = by_text[found["text"]]
            report = parse_report(f"---\nside: {body['side']}\ndate: {body['date']}\nsource: {body['source']}\n---\n"
                                  f"{body['text']}", report_id=summary["report_id"])  # fmt: skip
            fresh = process_report(replace(report, report_id=summary["report_id"]), parser)
            assert len(found["mentions"]) == summary["n_mentions"] == len(fresh.mentions)
            assert found["events"]["event_id"].tolist() == [e.event_id for e in fresh.events]
            assert len(found["claims"]) == summary["n_claims"] == len(fresh.claims)
        events = store.events(EventFilter(), after=None, limit=100_000).items
        assert set(events["report_id"]) <= {s["report_id"] for s in stored}
    finally:
        store.close()
