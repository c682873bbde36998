"""The store interface, the same suite against SQLite and a real PostGIS."""

from __future__ import annotations

import datetime as dt
import sqlite3

import psycopg
import pytest
import shapely

from geomap.errors import RecordNotFound, StoreError
from geomap.service.store import ClaimFilter, EventFilter, ReportFilter

TAKEN = "The defence ministry said its units took control of Fuzuli. Artillery shelled Goris at night."
HELD = "Hadrut remains under the control of the Armenian army, the ministry said. Two soldiers were wounded in Talish."


def test_a_report_is_stored_whole_and_read_back(store, make_record):
    record = make_record(TAKEN, side="azerbaijan", date="2020-10-01", source="MoD")
    assert store.add(record)
    found = store.report(record.report_id)
    assert found["text"] == TAKEN
    assert (found["side"], found["date"], found["source"]) == ("azerbaijan", "2020-10-01", "MoD")
    assert [m["surface"] for m in found["mentions"]] == [m["surface"] for m in record.mentions]
    assert found["events"]["event_id"].tolist() == [e.feature_id for e in record.events]
    assert found["events"]["date"].tolist()[0] == dt.date(2020, 10, 1)
    stored_claim = found["claims"].geometry.iloc[0]
    assert shapely.equals_exact(stored_claim, shapely.from_wkb(record.claims[0].wkb), tolerance=1e-9)
    assert found["claims"]["place_name"].tolist() == ["Fuzuli"]


def test_the_same_content_is_stored_once(store, make_record):
    record = make_record(TAKEN, side="azerbaijan")
    assert store.add(record)
    assert not store.add(record)
    assert store.counts()["reports"] == 1
    assert store.find(record.content_hash) == record.report_id


def test_deleting_a_report_takes_its_mentions_events_and_claims(store, make_record):
    kept, gone = make_record(HELD, side="armenia"), make_record(TAKEN, side="azerbaijan")
    store.add(kept)
    store.add(gone)
    assert store.delete(gone.report_id)
    assert not store.delete(gone.report_id)
    counts = store.counts()
    assert counts == {"reports": 1, "mentions": len(kept.mentions), "events": len(kept.events),
                      "claims": len(kept.claims)}  # fmt: skip
    with pytest.raises(RecordNotFound):
        store.report(gone.report_id)


def test_events_are_filtered_by_side_type_claimant_place_and_date(store, make_record):
    store.add(make_record(TAKEN, side="azerbaijan", date="2020-10-01"))
    store.add(make_record(HELD, side="armenia", date="2020-10-05"))

    def places(**kw):
        return sorted(set(store.events(EventFilter(**kw), after=None, limit=100).items["place_name"]))

    assert places(side="Armenia") == ["Hadrut", "Talish"]
    assert places(type="shelling_strike") == ["Goris"]
    assert places(place="fuzuli") == ["Fuzuli"]
    assert places(date_from=dt.date(2020, 10, 2)) == ["Hadrut", "Talish"]
    assert places(date_to=dt.date(2020, 10, 1)) == ["Fuzuli", "Goris"]
    claimants = store.events(EventFilter(), after=None, limit=100).items["claimant"]
    assert places(claimant=claimants.iloc[0].upper())


def test_a_bounding_box_keeps_only_what_lies_in_it(store, make_record):
    store.add(make_record(TAKEN, side="azerbaijan"))
    goris = (46.3, 39.45, 46.45, 39.55)  # Goris, in Armenia's Syunik province
    assert store.events(EventFilter(bbox=goris), after=None, limit=100).items["place_name"].tolist() == ["Goris"]
    assert store.claims(ClaimFilter(bbox=goris), after=None, limit=100).items.empty
    fuzuli = store.claims(ClaimFilter(bbox=(47.0, 39.5, 47.3, 39.7)), after=None, limit=100).items
    assert fuzuli["place_name"].tolist() == ["Fuzuli"]


def test_pages_follow_the_storage_order_without_gaps_or_repeats(store, make_record):
    for text in (TAKEN, HELD, TAKEN + " Shusha was calm.", HELD + " Lachin was shelled."):
        store.add(make_record(text, side="azerbaijan"))
    everything = store.events(EventFilter(), after=None, limit=1000).items["event_id"].tolist()
    seen, cursor = [], None
    while True:
        page = store.events(EventFilter(), after=cursor, limit=3)
        seen += page.items["event_id"].tolist()
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == everything
    assert len(everything) > 3


def test_reports_are_listed_by_side_date_and_source(store, make_record):
    store.add(make_record(TAKEN, side="azerbaijan", date="2020-10-01", source="Ministry of Defence"))
    store.add(make_record(HELD, side="armenia", date="2020-10-05", source="Unified Infocenter"))
    first = store.reports(ReportFilter(), after=None, limit=1)
    assert first.next_cursor is not None
    second = store.reports(ReportFilter(), after=first.next_cursor, limit=1)
    assert [r["side"] for r in first.items + second.items] == ["azerbaijan", "armenia"]
    assert [r["side"] for r in store.reports(ReportFilter(source="unified infocenter"), after=None, limit=9).items] == [
        "armenia"
    ]
    later = store.reports(ReportFilter(date_from=dt.date(2020, 10, 2)), after=None, limit=9).items
    assert [r["date"] for r in later] == ["2020-10-05"]
    assert "text" not in later[0]


def test_a_reopened_store_holds_everything(backend, make_record):
    record = make_record(TAKEN, side="azerbaijan", date="2020-10-01")
    first = backend.open()
    first.add(record)
    before = first.report(record.report_id)
    first.close()
    again = backend.open()
    after = again.report(record.report_id)
    again.close()
    assert after["events"].equals(before["events"])
    assert after["mentions"] == before["mentions"]


def test_a_store_written_by_a_newer_geomap_is_refused(backend):
    backend.open().close()
    if backend.name == "sqlite":
        with sqlite3.connect(backend.data_dir / "geomap.sqlite3") as conn:
            conn.execute("PRAGMA user_version = 99")
    else:
        with psycopg.connect(backend.database, autocommit=True) as conn:
            conn.execute("UPDATE geomap_schema SET version = 99")
    with pytest.raises(StoreError, match="newer"):
        backend.open()


def test_opening_twice_runs_the_migrations_once(backend):
    first = backend.open()
    second = backend.open()
    assert first.schema_version == second.schema_version == 1
    first.close()
    second.close()


def test_an_unknown_report_is_not_found(store):
    with pytest.raises(RecordNotFound):
        store.report("r0000000000000000")
