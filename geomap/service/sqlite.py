"""The SQLite store: one file, no server; the service's default.

The database runs in WAL mode (readers never wait for the writer), with
foreign keys on so a report's mentions, events and claims go with it.
Geometries are WKB with their bounding box in four indexed columns, which
the ``bbox`` filters use. ``PRAGMA user_version`` holds the schema version;
:data:`MIGRATIONS` bring an older file up to date when it is opened, and a
file from a newer geomap is refused. Each report is written in one
``BEGIN IMMEDIATE`` transaction, so a process killed mid-batch leaves whole
reports only.

Examples
--------
>>> import tempfile, pathlib
>>> store = SqliteStore(pathlib.Path(tempfile.mkdtemp()) / "geomap.sqlite3")
>>> store.counts()
{'reports': 0, 'mentions': 0, 'events': 0, 'claims': 0}
>>> store.close()
"""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import TYPE_CHECKING, Any

from geomap.errors import RecordNotFound, StoreError
from geomap.service.store import (
    ClaimFilter,
    EventFilter,
    Page,
    ReportFilter,
    ReportRecord,
    Store,
    claim_frame,
    event_frame,
    key,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import geopandas as gpd

    from geomap.service.store import FeatureRow

__all__ = ["MIGRATIONS", "SqliteStore"]

#: Schema versions and the statements that bring the previous version to each.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE reports (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                report_id TEXT NOT NULL UNIQUE,
                content_hash TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL, source TEXT NOT NULL, source_key TEXT NOT NULL,
                url TEXT NOT NULL, side TEXT NOT NULL, date TEXT, date_precision TEXT,
                text TEXT NOT NULL, meta TEXT NOT NULL,
                n_mentions INTEGER NOT NULL, n_events INTEGER NOT NULL, n_claims INTEGER NOT NULL,
                created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))""",
            "CREATE INDEX reports_side ON reports (side, seq)",
            "CREATE INDEX reports_date ON reports (date)",
            """CREATE TABLE mentions (
                report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
                n INTEGER NOT NULL, props TEXT NOT NULL, PRIMARY KEY (report_id, n))""",
            """CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL UNIQUE,
                report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
                type TEXT, side TEXT, claimant_key TEXT, place_key TEXT, place_id TEXT, day TEXT,
                props TEXT NOT NULL, geom BLOB, minx REAL, miny REAL, maxx REAL, maxy REAL)""",
            "CREATE INDEX events_report ON events (report_id)",
            "CREATE INDEX events_type ON events (type, seq)",
            "CREATE INDEX events_day ON events (day)",
            "CREATE INDEX events_bbox ON events (minx, maxx, miny, maxy)",
            """CREATE TABLE claims (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                claim_id TEXT NOT NULL UNIQUE,
                report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
                side TEXT, claimant_key TEXT, controller TEXT, place_key TEXT, place_id TEXT, day TEXT,
                props TEXT NOT NULL, geom BLOB, minx REAL, miny REAL, maxx REAL, maxy REAL)""",
            "CREATE INDEX claims_report ON claims (report_id)",
            "CREATE INDEX claims_bbox ON claims (minx, maxx, miny, maxy)",
        ),
    ),
)

_SUMMARY = (
    "report_id, content_hash, title, source, url, side, date, date_precision, "
    "n_mentions, n_events, n_claims, created_at"
)


def _feature_params(report_id: str, row: FeatureRow) -> tuple[Any, ...]:
    p = row.props
    box = row.bbox or (None, None, None, None)
    return (row.feature_id, report_id, p.get("report_side"), key(p.get("claimant")), key(p.get("place_name")),
            p.get("place_id"), json.dumps(p, ensure_ascii=False), row.wkb, *box)  # fmt: skip


class SqliteStore(Store):
    """The store in one SQLite file (created, with its folder, when missing).

    Parameters
    ----------
    path
        The database file.

    Raises
    ------
    StoreError
        If the file cannot be opened, is not a geomap database, or was
        written by a newer geomap.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._migrate(self._connection())
        except (OSError, sqlite3.Error) as exc:
            msg = f"cannot open the SQLite store {path}: {exc}"
            raise StoreError(msg) from exc

    # ------------------------------------------------------------------ connections

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=60.0)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _write(self) -> _Transaction:
        return _Transaction(self._connection())

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        with _Transaction(conn):
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            latest = MIGRATIONS[-1][0]
            if version > latest:
                msg = f"its schema is version {version}, newer than this geomap knows ({latest}); upgrade geomap"
                raise StoreError(msg)
            for target, statements in MIGRATIONS:
                if target > version:
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {int(target)}")

    @property
    def schema_version(self) -> int:
        """The schema version of the file."""
        return int(self._connection().execute("PRAGMA user_version").fetchone()[0])

    # ------------------------------------------------------------------ writing

    def add(self, record: ReportRecord) -> bool:
        """Store a report whole, in one transaction; False when a report with its content hash is there."""
        r = record.report
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO reports (report_id, content_hash, title, source, source_key, url, side, date, "
                "date_precision, text, meta, n_mentions, n_events, n_claims) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (record.report_id, record.content_hash, r["title"], r["source"], key(r["source"]), r["url"],
                 r["side"], r["date"], r["date_precision"], r["text"], json.dumps(r["meta"], ensure_ascii=False),
                 r["n_mentions"], r["n_events"], r["n_claims"]),
            )  # fmt: skip
            if cursor.rowcount == 0:
                return False
            conn.executemany(
                "INSERT INTO mentions (report_id, n, props) VALUES (?, ?, ?)",
                [(record.report_id, n, json.dumps(m, ensure_ascii=False)) for n, m in enumerate(record.mentions)],
            )
            conn.executemany(
                "INSERT INTO events (event_id, report_id, side, claimant_key, place_key, place_id, props, geom, "
                "minx, miny, maxx, maxy, type, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (*_feature_params(record.report_id, e), e.props.get("type"),
                     e.props.get("date") or e.props.get("report_date"))
                    for e in record.events
                ],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO claims (claim_id, report_id, side, claimant_key, place_key, place_id, props, geom, "
                "minx, miny, maxx, maxy, controller, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (*_feature_params(record.report_id, c), c.props.get("controller"), c.props.get("report_date"))
                    for c in record.claims
                ],
            )
        return True

    def delete(self, report_id: str) -> bool:
        """Delete a report with its mentions, events and claims; False when there was none."""
        with self._write() as conn:
            return conn.execute("DELETE FROM reports WHERE report_id = ?", (report_id,)).rowcount > 0

    # ------------------------------------------------------------------ reading

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        conn = self._connection()
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()

    def find(self, digest: str) -> str | None:
        """The id of the stored report with this content hash, or None."""
        rows = self._rows("SELECT report_id FROM reports WHERE content_hash = ?", (digest,))
        return str(rows[0]["report_id"]) if rows else None

    def report(self, report_id: str) -> dict[str, Any]:
        """A stored report: its fields and text, ``mentions``, and ``events``/``claims`` frames."""
        rows = self._rows(f"SELECT {_SUMMARY}, text, meta FROM reports WHERE report_id = ?", (report_id,))  # noqa: S608
        if not rows:
            msg = f"no report {report_id!r}"
            raise RecordNotFound(msg)
        found = dict(rows[0])
        found["meta"] = json.loads(found["meta"])
        mentions = self._rows("SELECT props FROM mentions WHERE report_id = ? ORDER BY n", (report_id,))
        found["mentions"] = [json.loads(m["props"]) for m in mentions]
        found["events"] = event_frame(
            [(e["props"], e["geom"]) for e in self._rows(
                "SELECT props, geom FROM events WHERE report_id = ? ORDER BY seq", (report_id,))]
        )  # fmt: skip
        found["claims"] = claim_frame(
            [(c["props"], c["geom"]) for c in self._rows(
                "SELECT props, geom FROM claims WHERE report_id = ? ORDER BY seq", (report_id,))]
        )  # fmt: skip
        return found

    def reports(self, flt: ReportFilter, *, after: int | None, limit: int) -> Page[list[dict[str, Any]]]:
        """A page of report summaries (fields without the text)."""
        where, params = _Where(), list[Any]()
        where.add("seq > ?", after or 0, params)
        where.add("side = ?", flt.side and flt.side.lower(), params)
        where.add("source_key = ?", flt.source and key(flt.source), params)
        where.add("date >= ?", flt.date_from and flt.date_from.isoformat(), params)
        where.add("date <= ?", flt.date_to and flt.date_to.isoformat(), params)
        rows = self._rows(
            f"SELECT seq, {_SUMMARY} FROM reports WHERE {where} ORDER BY seq LIMIT ?",  # noqa: S608
            [*params, limit + 1],
        )
        items = [{k: row[k] for k in row.keys() if k != "seq"} for row in rows[:limit]]  # noqa: SIM118
        return Page(items, int(rows[limit - 1]["seq"]) if len(rows) > limit else None)

    def _features(
        self, table: str, where: _Where, params: list[Any], limit: int
    ) -> tuple[list[tuple[str, bytes | None]], int | None]:
        rows = self._rows(
            f"SELECT seq, props, geom FROM {table} WHERE {where} ORDER BY seq LIMIT ?",  # noqa: S608
            [*params, limit + 1],
        )
        page = [(str(r["props"]), r["geom"]) for r in rows[:limit]]
        return page, int(rows[limit - 1]["seq"]) if len(rows) > limit else None

    def events(self, flt: EventFilter, *, after: int | None, limit: int) -> Page[gpd.GeoDataFrame]:
        """A page of events as a frame with the columns of :func:`geomap.events.events_frame`."""
        where, params = _common(flt, after)
        where.add("type = ?", flt.type, params)
        rows, cursor = self._features("events", where, params, limit)
        return Page(event_frame(rows), cursor)

    def claims(self, flt: ClaimFilter, *, after: int | None, limit: int) -> Page[gpd.GeoDataFrame]:
        """A page of control claims with the columns of :func:`geomap.claims.claims_from_events`."""
        where, params = _common(flt, after)
        where.add("controller = ?", flt.controller and flt.controller.lower(), params)
        rows, cursor = self._features("claims", where, params, limit)
        return Page(claim_frame(rows), cursor)

    def counts(self) -> dict[str, int]:
        """How many reports, mentions, events and claims are stored."""
        return {
            table: int(self._rows(f"SELECT count(*) AS n FROM {table}")[0]["n"])  # noqa: S608 - fixed names
            for table in ("reports", "mentions", "events", "claims")
        }

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()


class _Where:
    """``AND``-joined SQL conditions; a condition whose value is None is left out."""

    def __init__(self) -> None:
        self.parts: list[str] = ["1 = 1"]

    def add(self, sql: str, value: object, params: list[Any]) -> None:
        if value is None or value == "":
            return
        self.parts.append(sql)
        params.append(value)

    def raw(self, sql: str, values: Sequence[Any], params: list[Any]) -> None:
        self.parts.append(sql)
        params.extend(values)

    def __str__(self) -> str:
        return " AND ".join(self.parts)


def _common(flt: EventFilter | ClaimFilter, after: int | None) -> tuple[_Where, list[Any]]:
    where, params = _Where(), list[Any]()
    where.add("seq > ?", after or 0, params)
    where.add("day >= ?", flt.date_from and flt.date_from.isoformat(), params)
    where.add("day <= ?", flt.date_to and flt.date_to.isoformat(), params)
    where.add("side = ?", flt.side and flt.side.lower(), params)
    where.add("claimant_key = ?", flt.claimant and key(flt.claimant), params)
    if flt.place:
        where.raw("(place_key = ? OR place_id = ?)", (key(flt.place), flt.place), params)
    if flt.bbox is not None:
        minx, miny, maxx, maxy = flt.bbox
        where.raw("maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?", (minx, maxx, miny, maxy), params)
    if flt.report_ids is not None:
        marks = ", ".join("?" * len(flt.report_ids)) or "NULL"
        where.raw(f"report_id IN ({marks})", flt.report_ids, params)
    return where, params


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error) on one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type is not None else "COMMIT")
