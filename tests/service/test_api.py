"""The HTTP API, spoken to over HTTP: a real ``geomap serve`` on 127.0.0.1 (SQLite store)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import httpx
import pytest

from geomap import settings
from geomap.errors import ClaimError
from geomap.service.app import _whole
from geomap.service.store import Page

from .conftest import bulletin

SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def post(api, body):
    response = api.post("/reports", json=body)
    assert response.status_code in {200, 201}, response.text
    return response


def test_a_posted_report_comes_back_with_its_places_events_and_claims(api):
    response = post(api, bulletin(1))
    assert response.status_code == 201
    body = response.json()
    assert body["report_id"].startswith("r")
    assert {p["name"] for p in body["places"]} == {"Fuzuli", "Talish"}
    assert body["events"]["type"] == "FeatureCollection"
    assert {f["properties"]["type"] for f in body["events"]["features"]} >= {"territory_claimed", "shelling_strike"}
    assert [f["properties"]["place_name"] for f in body["claims"]["features"]] == ["Fuzuli"]
    assert api.get(f"/reports/{body['report_id']}").json() == body


def test_posting_the_same_report_again_returns_the_stored_one(api):
    first = post(api, bulletin(2))
    again = post(api, bulletin(2))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["report_id"] == first.json()["report_id"]


def test_an_uploaded_file_with_front_matter_is_the_same_report_as_its_json(api):
    body = bulletin(3)
    file = f"---\nside: {body['side']}\ndate: {body['date']}\nsource: {body['source']}\n---\n{body['text']}"
    uploaded = api.post("/reports", files={"file": ("bulletin.txt", file.encode(), "text/plain")})
    assert uploaded.status_code == 201, uploaded.text
    assert post(api, body).json()["report_id"] == uploaded.json()["report_id"]


def test_a_batch_stores_the_good_reports_and_names_the_bad_ones(api):
    response = api.post("/reports/batch", json={"reports": [bulletin(4), {"text": ""}, bulletin(4), {"date": 5}]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 422, 200, 422]
    assert "text" in results[1]["error"]
    assert results[0]["report_id"] == results[2]["report_id"]


def test_deleting_a_report_takes_its_events_with_it(api):
    report_id = post(api, bulletin(5)).json()["report_id"]
    assert api.get("/events", params={"reports": report_id}).json()["features"]
    assert api.delete(f"/reports/{report_id}").status_code == 204
    gone = api.get(f"/reports/{report_id}")
    assert gone.status_code == 404
    assert gone.json()["error"] == f"no report {report_id!r}"
    assert api.get("/events", params={"reports": report_id}).json()["features"] == []
    assert api.delete(f"/reports/{report_id}").status_code == 404


def test_reports_are_listed_in_pages_by_side(api):
    for i in range(6, 12):
        post(api, bulletin(i))
    first = api.get("/reports", params={"side": "armenia", "limit": 2})
    body = first.json()
    assert [r["side"] for r in body["reports"]] == ["armenia", "armenia"]
    assert 'rel="next"' in first.headers["link"]
    second = api.get("/reports", params={"side": "armenia", "limit": 2, "cursor": body["next_cursor"]}).json()
    assert not {r["report_id"] for r in second["reports"]} & {r["report_id"] for r in body["reports"]}


def test_events_come_as_geojson_csv_or_json_lines(api):
    report_id = post(api, bulletin(12)).json()["report_id"]
    scope = {"reports": report_id}
    geojson = api.get("/events", params=scope)
    assert geojson.headers["content-type"].startswith("application/geo+json")
    features = geojson.json()["features"]
    by_accept = api.get("/events", params=scope, headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(by_accept.text)))
    assert [r["geomap_event_id"] for r in rows] == [f["properties"]["event_id"] for f in features]
    assert rows[0]["event_date"] == bulletin(12)["date"]
    assert rows[0]["event_id_cnty"].startswith("AZE")
    assert rows[0]["latitude"]
    assert rows[0]["notes"]
    lines = api.get("/events", params={**scope, "format": "jsonl"}).text.splitlines()
    assert [json.loads(line) for line in lines] == [f["properties"] for f in features]


def test_an_unacceptable_format_gets_a_json_error(api):
    refused = api.get("/events", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert "text/csv" in refused.json()["error"]
    assert api.get("/events", params={"format": "xml"}).status_code == 422


def test_events_are_filtered_by_bbox_type_and_place(api):
    report_id = post(api, bulletin(13)).json()["report_id"]  # took Hadrut, shelled Goris

    def places(**params):
        found = api.get("/events", params={"reports": report_id, **params}).json()["features"]
        return {f["properties"]["place_name"] for f in found}

    assert places(type="shelling_strike") == {"Goris"}
    assert places(place="HADRUT") == {"Hadrut"}
    assert places(bbox="46.0,39.4,46.1,39.6") == set()
    assert places(bbox="46.2,39.4,46.5,39.6") == {"Goris"}
    assert places(bbox="46.2,39.4,47.5,40.4") == {"Hadrut", "Goris"}


def test_a_comparison_gives_the_km2_table_and_its_pieces(api):
    a = post(api, {"text": "Azerbaijani forces took control of Shusha.", "side": "azerbaijan"}).json()
    b = post(api, {"text": "Shusha remains under the control of the Armenian army.", "side": "armenia"}).json()
    result = api.get("/compare", params={"a": a["report_id"], "b": b["report_id"], "label_a": "AZ", "label_b": "AM"})
    assert result.status_code == 200, result.text
    body = result.json()
    assert body["totals_km2"]["contradict"] > 0
    assert {f["properties"]["class"] for f in body["features"]} == {"contradict"}
    assert body["table"][0][:3] == ["class", "AZ says", "AM says"]
    page = api.get("/compare/map", params={"a": a["report_id"], "b": b["report_id"]})
    assert page.headers["content-type"].startswith("text/html")
    assert "leaflet" in page.text.lower()


def test_the_timeline_gives_the_change_between_dates(api):
    ids = [
        post(api, {"text": "Jabrayil remains under the control of the Armenian army.", "side": "armenia",
                   "date": "2020-10-02"}).json()["report_id"],
        post(api, {"text": "Azerbaijani forces took control of Jabrayil.", "side": "azerbaijan",
                   "date": "2020-10-09"}).json()["report_id"],
    ]  # fmt: skip
    body = api.get("/timeline", params={"reports": ",".join(ids)}).json()
    assert body["dates"] == ["2020-10-02", "2020-10-09"]
    changes = {row["side"]: row for row in body["changes"]}
    assert changes["azerbaijan"]["gained_km2"] > 0
    assert changes["armenia"]["lost_km2"] + changes["armenia"]["contested_km2"] > 0
    assert api.get("/timeline/map", params={"reports": ",".join(ids)}).status_code == 200


def test_the_timeline_map_draws_the_events_behind_the_ground_and_names_their_reports(api):
    ids = [
        post(api, {"text": "Lachin remains under the control of the Armenian army.", "side": "armenia",
                   "date": "2020-11-01"}).json()["report_id"],
        post(api, {"text": "Azerbaijani forces took control of Lachin.", "side": "azerbaijan",
                   "date": "2020-12-01"}).json()["report_id"],
    ]  # fmt: skip
    page = api.get("/timeline/map", params={"reports": ",".join(ids)}).text
    assert "Territory claimed (" in page  # the events, a layer over the ground
    assert all(report_id in page for report_id in ids)  # the ground says which reports claim it


def test_the_comparison_map_draws_the_events_of_both_groups(api):
    a = post(api, {"text": "Azerbaijani forces took control of Hadrut.", "side": "azerbaijan"}).json()
    b = post(api, {"text": "Hadrut remains under the control of the Armenian army.", "side": "armenia"}).json()
    page = api.get("/compare/map", params={"a": a["report_id"], "b": b["report_id"]}).text
    assert "Territory claimed (2)" in page


def test_a_map_selection_cut_short_by_the_cap_is_refused_naming_the_setting():
    cut = Page(items=gpd.GeoDataFrame(), next_cursor=500)
    with pytest.raises(ClaimError, match=r"more than 500 events \(settings.service_map_max_features\): narrow it"):
        _whole(cut, "the timeline cites reports with more than 500 events")


def test_report_text_is_inert_in_maps_and_json(api):
    text = f"Artillery shelled Goris. {SCRIPT} Fuzuli was taken."
    report_id = post(api, {"text": text, "title": SCRIPT, "side": "azerbaijan"}).json()["report_id"]
    detail = api.get(f"/reports/{report_id}")
    assert "<" not in detail.text
    assert detail.json()["text"] == text
    assert detail.headers["x-content-type-options"] == "nosniff"
    page = api.get("/map", params={"reports": report_id})
    assert page.status_code == 200
    assert "<img src=x" not in page.text
    assert "<script>alert" not in page.text
    assert "<" not in api.get("/events", params={"reports": report_id, "format": "jsonl"}).text


def test_the_gazetteer_is_searched_and_extended_with_a_layer(api, tmp_path):
    assert api.get("/gazetteer/search", params={"q": "Kalbadjar"}).json()["candidates"][0]["name"] == "Kalbajar"
    layer = "id,name,kind,lat,lon,source,aliases\nzh,Zorvanik Hill,mountain,39.71,46.52,field survey 2026,Zorvanik\n"
    imported = api.post("/gazetteer/layers", files={"file": ("survey.csv", layer.encode())})
    assert imported.status_code == 201, imported.text
    assert imported.json() == {"layer": "user:survey", "places": 1}
    found = api.get("/gazetteer/search", params={"q": "Zorvanik"}).json()["candidates"]
    assert found[0]["source"] == "field survey 2026"
    body = post(api, {"text": "Artillery shelled the Zorvanik height overnight."}).json()
    assert "Zorvanik Hill" in {p["name"] for p in body["places"]}


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("post", "/reports", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}),
        ("post", "/reports", {"json": {"text": "Goris.", "date": "27 Sept"}}),
        ("post", "/reports", {"json": {"text": "Goris.", "title": "two\nlines"}}),
        ("post", "/reports", {"json": {"text": "Goris.\u0000"}}),
        ("post", "/reports", {"files": {"file": ("r.txt", b"\xff\xfe not utf-8")}}),
        ("post", "/reports", {"files": {"file": ("r.txt", b"---\ndate: soon\n---\nGoris.")}}),
        ("post", "/reports/batch", {"json": {"reports": "all"}}),
        ("get", "/events", {"params": {"bbox": "1,2,3"}}),
        ("get", "/events", {"params": {"bbox": "10,0,5,1"}}),
        ("get", "/events", {"params": {"date_from": "2020-02-30"}}),
        ("get", "/events", {"params": {"limit": 0}}),
        ("get", "/events", {"params": {"limit": 10**9}}),
        ("get", "/events", {"params": {"reports": "not-an-id"}}),
        ("get", "/reports/nope", {}),
        ("get", "/compare", {"params": {"label_a": "<b>"}}),
        ("get", "/gazetteer/search", {}),
        ("post", "/gazetteer/layers", {"files": {"file": ("../../evil.csv", b"name\n")}}),
    ],
)
def test_malformed_input_gets_422_with_a_json_message(api, method, path, kwargs):
    response = getattr(api, method)(path, **kwargs)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]


def test_a_report_in_another_media_type_gets_415(api):
    response = api.post("/reports", content=b"Goris was shelled.", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "multipart" in response.json()["error"]


def test_a_body_over_the_limit_gets_413(api):
    huge = b"x" * (settings.service_max_body_bytes + 1)
    response = api.post("/reports", content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "larger than" in response.json()["error"]


def test_a_report_text_over_the_report_limit_gets_413(api):
    text = "Goris was shelled. " * (settings.max_report_bytes // 19 + 1)
    response = api.post("/reports", json={"text": text})
    assert response.status_code == 413
    assert "allowed" in response.json()["error"]


def test_no_cors_headers_unless_configured(api):
    response = api.get("/events", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = api.options("/reports", headers={"Origin": "https://elsewhere.example",
                                                 "Access-Control-Request-Method": "POST"})  # fmt: skip
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_answers_only_the_configured_origin(start_server):
    server = start_server(options=("--cors-origin", "https://newsroom.example"))
    with server.client() as client:
        allowed = client.get("/events", headers={"Origin": "https://newsroom.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://newsroom.example"
        other = client.get("/events", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_the_api_describes_itself(api):
    schema = api.get("/openapi.json").json()
    assert {"/reports", "/reports/batch", "/events", "/claims", "/compare", "/timeline", "/map", "/compare/map",
            "/gazetteer/search", "/gazetteer/layers"} <= set(schema["paths"])  # fmt: skip
    assert api.get("/docs").status_code == 200


def test_writes_need_the_token_when_one_is_set(start_server):
    server = start_server(token="s3cret-token")
    with server.client() as authorised:
        assert authorised.post("/reports", json=bulletin(20)).status_code == 201
    with httpx.Client(base_url=server.url, timeout=120) as anonymous:
        refused = anonymous.post("/reports", json=bulletin(21))
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "Bearer" in refused.json()["error"]
        wrong = anonymous.delete("/reports/r0000000000000000", headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401
        assert anonymous.get("/events").status_code == 200


def test_serve_refuses_a_public_address_without_a_token(tmp_path):
    exe = Path(sys.executable).with_name("geomap")
    env = {"PATH": "/usr/bin:/bin", "GEOMAP_DATA_DIR": str(tmp_path)}
    done = subprocess.run([str(exe), "serve", "--host", "0.0.0.0"], capture_output=True, text=True, env=env,
                          check=False, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert "GEOMAP_TOKEN" in done.stderr


def test_serve_names_a_database_it_cannot_use(tmp_path):
    exe = Path(sys.executable).with_name("geomap")
    done = subprocess.run([str(exe), "serve", "--data-dir", str(tmp_path), "--database", "mysql://db/geomap"],
                          capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert "unknown database URL 'mysql'" in done.stderr
