"""The PostGIS store: the same interface as the SQLite one, for a shared database server.

Geometries are ``geometry(Geometry, 4326)`` columns with GIST indexes, and
``bbox`` filters run in SQL (``geom && ST_MakeEnvelope(...)``); properties
are ``jsonb``. The table ``geomap_schema`` holds the schema version;
:data:`MIGRATIONS` run under an advisory lock, so several services can start
on one database at once. Each report is written in one transaction.
Connections come from a :class:`psycopg_pool.ConnectionPool`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from geomap.errors import RecordNotFound, StoreError
from geomap.service.store import (
    ClaimFilter,
    EventFilter,
    Page,
    ReportFilter,
    ReportRecord,
    Store,
    claim_frame,
    day_of,
    event_frame,
    key,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd

    from geomap.service.store import FeatureRow

__all__ = ["MIGRATIONS", "PostgisStore"]

_LOCK_ID = 0x67656F6D  # "geom": the advisory lock migrations hold

#: Schema versions and the statements that bring the previous version to each.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE reports (
                seq bigserial PRIMARY KEY,
                report_id text NOT NULL UNIQUE,
                content_hash text NOT NULL UNIQUE,
                title text NOT NULL, source text NOT NULL, source_key text NOT NULL,
                url text NOT NULL, side text NOT NULL, date date, date_precision text,
                text text NOT NULL, meta jsonb NOT NULL,
                n_mentions integer NOT NULL, n_events integer NOT NULL, n_claims integer NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now())""",
            "CREATE INDEX reports_side ON reports (side, seq)",
            "CREATE INDEX reports_date ON reports (date)",
            """CREATE TABLE mentions (
                report_id text NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
                n integer NOT NULL, props jsonb NOT NULL, PRIMARY KEY (report_id, n))""",
            """CREATE TABLE events (
                seq bigserial PRIMARY KEY,
                event_id text NOT NULL UNIQUE,
                report_id text NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
                type text, side text, claimant_key text, place_key text, place_id text, day date,
                props jsonb NOT NULL, geom geometry(Geometry, 4326))""",
            "CREATE INDEX events_report ON events (report_id)",
            "CREATE INDEX events_type ON events (type, seq)",
            "CREATE INDEX events_day ON events (day)",
            "CREATE INDEX events_geom ON events USING GIST (geom)",
            """CREATE TABLE claims (
                seq bigserial PRIMARY KEY,
                claim_id text NOT NULL UNIQUE,
                report_id text NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
                side text, claimant_key text, controller text, place_key text, place_id text, day date,
                props jsonb NOT NULL, geom geometry(Geometry, 4326))""",
            "CREATE INDEX claims_report ON claims (report_id)",
            "CREATE INDEX claims_geom ON claims USING GIST (geom)",
        ),
    ),
)

_SUMMARY = (
    "report_id, content_hash, title, source, url, side, to_char(date, 'YYYY-MM-DD') AS date, date_precision, "
    """n_mentions, n_events, n_claims, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') """
    "AS created_at"
)
_INSERT_FEATURE = (
    "INSERT INTO {table} ({id}, report_id, side, claimant_key, place_key, place_id, props, geom, {extra}, day) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, ST_GeomFromWKB(%s, 4326), %s, %s)"
)


def _feature_params(report_id: str, row: FeatureRow, extra: object, day: object) -> tuple[Any, ...]:
    p = row.props
    return (row.feature_id, report_id, p.get("report_side"), key(p.get("claimant")), key(p.get("place_name")),
            p.get("place_id"), Jsonb(p), row.wkb, extra, day_of(day))  # fmt: skip


class PostgisStore(Store):
    """The store in a PostgreSQL database with PostGIS.

    Parameters
    ----------
    url
        A ``postgresql://user@host:port/database`` URL.
    max_connections
        Size of the connection pool.

    Raises
    ------
    StoreError
        If the database cannot be reached, PostGIS cannot be enabled, or the
        schema is newer than this geomap knows.
    """

    def __init__(self, url: str, *, max_connections: int = 8) -> None:
        self.url = url
        try:
            self._pool = ConnectionPool(
                url, min_size=1, max_size=max_connections, open=True, kwargs={"autocommit": True}, timeout=30.0
            )
            self._pool.wait(timeout=30.0)
            self._migrate()
        except (psycopg.Error, OSError) as exc:
            self.close()
            msg = f"cannot open the PostGIS store: {exc}".strip()
            raise StoreError(msg) from exc
        except Exception:
            self.close()
            raise

    def _migrate(self) -> None:
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
            try:
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except psycopg.errors.InsufficientPrivilege as exc:
                msg = "PostGIS is not enabled in this database: run CREATE EXTENSION postgis as a superuser"
                raise StoreError(msg) from exc
            conn.execute("CREATE TABLE IF NOT EXISTS geomap_schema (version integer NOT NULL)")
            row = conn.execute("SELECT max(version) FROM geomap_schema").fetchone()
            version = int(row[0]) if row and row[0] is not None else 0
            latest = MIGRATIONS[-1][0]
            if version > latest:
                msg = f"the database schema is version {version}, newer than this geomap knows ({latest})"
                raise StoreError(msg)
            for target, statements in MIGRATIONS:
                if target > version:
                    for statement in statements:
                        conn.execute(statement)  # fixed DDL, not user input
                    conn.execute("DELETE FROM geomap_schema")
                    conn.execute("INSERT INTO geomap_schema (version) VALUES (%s)", (target,))

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        row = self._one("SELECT max(version) AS v FROM geomap_schema")
        return int(row["v"]) if row else 0

    # ------------------------------------------------------------------ writing

    def add(self, record: ReportRecord) -> bool:
        """Store a report whole, in one transaction; False when a report with its content hash is there."""
        r = record.report
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(
                "INSERT INTO reports (report_id, content_hash, title, source, source_key, url, side, date, "
                "date_precision, text, meta, n_mentions, n_events, n_claims) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (record.report_id, record.content_hash, r["title"], r["source"], key(r["source"]), r["url"],
                 r["side"], day_of(r["date"]), r["date_precision"], r["text"], Jsonb(r["meta"]),
                 r["n_mentions"], r["n_events"], r["n_claims"]),
            )  # fmt: skip
            if cur.rowcount == 0:
                return False
            cur.executemany(
                "INSERT INTO mentions (report_id, n, props) VALUES (%s, %s, %s)",
                [(record.report_id, n, Jsonb(m)) for n, m in enumerate(record.mentions)],
            )
            cur.executemany(
                _INSERT_FEATURE.format(table="events", id="event_id", extra="type"),
                [
                    _feature_params(
                        record.report_id, e, e.props.get("type"), e.props.get("date") or e.props.get("report_date")
                    )
                    for e in record.events
                ],
            )
            cur.executemany(
                _INSERT_FEATURE.format(table="claims", id="claim_id", extra="controller"),
                [
                    _feature_params(record.report_id, c, c.props.get("controller"), c.props.get("report_date"))
                    for c in record.claims
                ],
            )
        return True

    def delete(self, report_id: str) -> bool:
        """Delete a report with its mentions, events and claims; False when there was none."""
        with self._pool.connection() as conn:
            return conn.execute("DELETE FROM reports WHERE report_id = %s", (report_id,)).rowcount > 0

    # ------------------------------------------------------------------ reading

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            cur.execute(sql, params)  # composed from fixed fragments
            return cur.fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def find(self, digest: str) -> str | None:
        """The id of the stored report with this content hash, or None."""
        row = self._one("SELECT report_id FROM reports WHERE content_hash = %s", (digest,))
        return None if row is None else str(row["report_id"])

    def report(self, report_id: str) -> dict[str, Any]:
        """A stored report: its fields and text, ``mentions``, and ``events``/``claims`` frames."""
        found = self._one(f"SELECT {_SUMMARY}, text, meta FROM reports WHERE report_id = %s", (report_id,))  # noqa: S608
        if found is None:
            msg = f"no report {report_id!r}"
            raise RecordNotFound(msg)
        mentions = self._all("SELECT props FROM mentions WHERE report_id = %s ORDER BY n", (report_id,))
        found["mentions"] = [m["props"] for m in mentions]
        for table, frame in (("events", event_frame), ("claims", claim_frame)):
            rows = self._all(
                f"SELECT props, ST_AsBinary(geom) AS geom FROM {table} WHERE report_id = %s ORDER BY seq",  # noqa: S608
                (report_id,),
            )
            found[table] = frame([(r["props"], r["geom"]) for r in rows])
        return found

    def reports(self, flt: ReportFilter, *, after: int | None, limit: int) -> Page[list[dict[str, Any]]]:
        """A page of report summaries (fields without the text)."""
        where: list[str] = ["seq > %s"]
        params: list[Any] = [after or 0]
        for sql, value in (
            ("side = %s", flt.side and flt.side.lower()),
            ("source_key = %s", flt.source and key(flt.source)),
            ("date >= %s", flt.date_from),
            ("date <= %s", flt.date_to),
        ):
            if value:
                where.append(sql)
                params.append(value)
        rows = self._all(
            f"SELECT seq, {_SUMMARY} FROM reports WHERE {' AND '.join(where)} ORDER BY seq LIMIT %s",  # noqa: S608
            [*params, limit + 1],
        )
        items = [{k: v for k, v in row.items() if k != "seq"} for row in rows[:limit]]
        return Page(items, int(rows[limit - 1]["seq"]) if len(rows) > limit else None)

    def _features(
        self, table: str, where: list[str], params: list[Any], limit: int
    ) -> tuple[list[tuple[dict[str, Any], bytes | None]], int | None]:
        rows = self._all(
            f"SELECT seq, props, ST_AsBinary(geom) AS geom FROM {table} "  # noqa: S608 - fixed fragments
            f"WHERE {' AND '.join(where)} ORDER BY seq LIMIT %s",
            [*params, limit + 1],
        )
        page = [(r["props"], r["geom"]) for r in rows[:limit]]
        return page, int(rows[limit - 1]["seq"]) if len(rows) > limit else None

    def events(self, flt: EventFilter, *, after: int | None, limit: int) -> Page[gpd.GeoDataFrame]:
        """A page of events as a frame with the columns of :func:`geomap.events.events_frame`."""
        where, params = _common(flt, after)
        if flt.type:
            where.append("type = %s")
            params.append(flt.type)
        rows, cursor = self._features("events", where, params, limit)
        return Page(event_frame(rows), cursor)

    def claims(self, flt: ClaimFilter, *, after: int | None, limit: int) -> Page[gpd.GeoDataFrame]:
        """A page of control claims with the columns of :func:`geomap.claims.claims_from_events`."""
        where, params = _common(flt, after)
        if flt.controller:
            where.append("controller = %s")
            params.append(flt.controller.lower())
        rows, cursor = self._features("claims", where, params, limit)
        return Page(claim_frame(rows), cursor)

    def counts(self) -> dict[str, int]:
        """How many reports, mentions, events and claims are stored."""
        counts: dict[str, int] = {}
        for table in ("reports", "mentions", "events", "claims"):
            row = self._one(f"SELECT count(*) AS n FROM {table}")  # noqa: S608 - fixed names
            counts[table] = int(row["n"]) if row else 0
        return counts

    def close(self) -> None:
        """Close the connection pool."""
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.close()


def _common(flt: EventFilter | ClaimFilter, after: int | None) -> tuple[list[str], list[Any]]:
    where: list[str] = ["seq > %s"]
    params: list[Any] = [after or 0]
    for sql, value in (
        ("day >= %s", flt.date_from),
        ("day <= %s", flt.date_to),
        ("side = %s", flt.side and flt.side.lower()),
        ("claimant_key = %s", flt.claimant and key(flt.claimant)),
    ):
        if value:
            where.append(sql)
            params.append(value)
    if flt.place:
        where.append("(place_key = %s OR place_id = %s)")
        params.extend((key(flt.place), flt.place))
    if flt.bbox is not None:
        where.append("geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
        params.extend(flt.bbox)
    if flt.report_ids is not None:
        where.append("report_id = ANY(%s)")
        params.append(list(flt.report_ids))
    return where, params
