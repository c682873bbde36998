"""Fixtures of the service tests: report texts, a throwaway PostgreSQL cluster, stores, real servers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest

from geomap.pipeline import process_report
from geomap.reports import parse_report
from geomap.service.store import Store, content_hash, open_store, record_of, report_id_of

from .pgcluster import Cluster, cluster
from .servers import Server

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    import httpx

    from geomap.geoparse import Geoparser
    from geomap.service.store import ReportRecord

PLACES = ("Goris", "Fuzuli", "Jabrayil", "Hadrut", "Talish", "Madagiz", "Shusha", "Lachin", "Kalbajar", "Agdam")
SIDES = ("azerbaijan", "armenia")


def bulletin(i: int) -> dict[str, str]:
    """Report ``i`` of an invented series: a JSON body whose text names two places and a side."""
    taken, shelled = PLACES[i % len(PLACES)], PLACES[(3 * i + 1) % len(PLACES)]
    text = (
        f"Bulletin number {i}. The defence ministry said its units took control of {taken} after a night "
        f"of heavy fighting. Artillery shelled positions near {shelled}, and {i % 7 + 1} soldiers were "
        f"wounded, the ministry added."
    )
    return {"text": text, "side": SIDES[i % 2], "date": f"2020-10-{i % 28 + 1:02d}", "source": f"Ministry {i % 3}"}


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL cluster with PostGIS, on a free port, for the whole session."""
    with cluster() as running:
        yield running


# --------------------------------------------------------------------------- stores


@dataclass(frozen=True, slots=True)
class Backend:
    """Where a store lives: SQLite in ``data_dir``, or the PostGIS database at ``database``."""

    name: str
    data_dir: Path
    database: str | None = None

    def open(self) -> Store:
        return open_store(self.database, data_dir=self.data_dir)


@pytest.fixture(params=["sqlite", "postgis"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each store test runs against both backends."""
    if request.param == "postgis":
        cluster: Cluster = request.getfixturevalue("postgres")
        return Backend("postgis", tmp_path, cluster.fresh_database())
    return Backend("sqlite", tmp_path)


@pytest.fixture
def store(backend: Backend) -> Iterator[Store]:
    """An empty store of each backend."""
    opened = backend.open()
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def service_parser(curated: Any) -> Geoparser:
    """The geoparser store tests process reports with (curated layer: fast)."""
    from geomap.geoparse import Geoparser  # noqa: PLC0415

    return Geoparser(curated)


@pytest.fixture
def make_record(service_parser: Geoparser) -> Callable[..., ReportRecord]:
    """The record of a report built from a text and front-matter fields, as the service stores it."""

    def make(text: str, **meta: str) -> ReportRecord:
        head = "".join(f"{k}: {v}\n" for k, v in meta.items())
        report = parse_report(f"---\n{head}---\n{text}", report_id="new")
        digest = content_hash(report)
        report = replace(report, report_id=report_id_of(digest))
        return record_of(process_report(report, service_parser), digest=digest, gazetteer=service_parser.gazetteer)

    return make


# --------------------------------------------------------------------------- servers


@pytest.fixture
def start_server(
    tmp_path: Path,
    gazetteer: Any,
) -> Iterator[Callable[..., Server]]:
    """Start real servers (each with its own data folder unless given); all are stopped at the end."""
    started: list[Server] = []

    def start(
        *,
        data_dir: Path | None = None,
        database: str | None = None,
        token: str | None = None,
        options: tuple[str, ...] = (),
    ) -> Server:
        folder = data_dir or tmp_path / f"data-{len(started)}"
        server = Server(folder, database=database, token=token, options=options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        if server.process is not None and server.process.poll() is None:
            server.kill()


@pytest.fixture(params=["sqlite", "postgis"])
def server_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Server tests run on both backends."""
    if request.param == "postgis":
        cluster: Cluster = request.getfixturevalue("postgres")
        return Backend("postgis", tmp_path / "data", cluster.fresh_database())
    return Backend("sqlite", tmp_path / "data")


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory, gazetteer: Any) -> Iterator[httpx.Client]:
    """A client of one real SQLite-backed server the API tests share (each posts its own reports)."""
    server = Server(tmp_path_factory.mktemp("api") / "data").start()
    with server.client() as client:
        yield client
    server.stop()
