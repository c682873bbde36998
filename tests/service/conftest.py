"""Fixtures of the service tests: report texts, a throwaway PostgreSQL cluster, stores, real servers.

The PostgreSQL cluster is real: ``initdb`` and ``pg_ctl`` from Debian's
``postgresql`` package (``/usr/lib/postgresql/*/bin``) start one on a free
port in a temporary folder, with PostGIS enabled in a template database that
every test's database is copied from. ``initdb`` refuses to run as root, so
as root the cluster runs as the ``postgres`` system user the package creates.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from geomap.pipeline import process_report
from geomap.reports import parse_report
from geomap.service.store import Store, content_hash, open_store, record_of, report_id_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from geomap.geoparse import Geoparser
    from geomap.service.store import ReportRecord

PLACES = ("Goris", "Fuzuli", "Jabrayil", "Hadrut", "Talish", "Madagiz", "Shusha", "Lachin", "Kalbajar", "Agdam")
SIDES = ("azerbaijan", "armenia")
_READY_SECONDS = 120.0  # a safety valve for a server that never comes up, not a speed limit


def bulletin(i: int) -> dict[str, str]:
    """Report ``i`` of an invented series: a JSON body whose text names two places and a side."""
    taken, shelled = PLACES[i % len(PLACES)], PLACES[(3 * i + 1) % len(PLACES)]
    text = (
        f"Bulletin number {i}. The defence ministry said its units took control of {taken} after a night "
        f"of heavy fighting. Artillery shelled positions near {shelled}, and {i % 7 + 1} soldiers were "
        f"wounded, the ministry added."
    )
    return {"text": text, "side": SIDES[i % 2], "date": f"2020-10-{i % 28 + 1:02d}", "source": f"Ministry {i % 3}"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- PostgreSQL


@dataclass(frozen=True, slots=True)
class Cluster:
    """A running throwaway PostgreSQL cluster."""

    port: int
    counter: Iterator[int] = field(default_factory=itertools.count)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, *, database: str = "postgres") -> None:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def fresh_database(self) -> str:
        """A new database with PostGIS enabled (copied from the template), and its URL."""
        name = f"geomap_test_{os.getpid()}_{next(self.counter)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE geomap_template")
        return self.url(name)


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        pytest.fail("PostgreSQL is not installed: make test installs Debian's postgresql and postgis packages")
    return found[-1].parent


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL cluster with PostGIS, on a free port, for the whole session."""
    bindir = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="geomap-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        os.chown(folder, pwd.getpwnam("postgres").pw_uid, -1)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True)  # fmt: skip
    options = f"-p {port} -k {folder} -h 127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run([*ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"], check=True, capture_output=True)
    cluster = Cluster(port)
    try:
        cluster.admin("CREATE DATABASE geomap_template")
        cluster.admin("CREATE EXTENSION postgis", database="geomap_template")
        yield cluster
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


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


@dataclass
class Server:
    """``geomap serve`` in a subprocess on 127.0.0.1, talked to over HTTP."""

    data_dir: Path
    database: str | None = None
    token: str | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        exe = Path(sys.executable).with_name("geomap")
        extra = ["--database", self.database] if self.database else []
        return [str(exe), "serve", "--port", str(self.port), "--data-dir", str(self.data_dir), *extra]

    def start(self) -> Server:
        env = {k: v for k, v in os.environ.items() if k != "GEOMAP_TOKEN"}
        if self.token:
            env["GEOMAP_TOKEN"] = self.token
        log = self.data_dir.parent / f"server-{self.port}.log"
        with log.open("ab") as out:
            self.process = subprocess.Popen(self.command(), env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + _READY_SECONDS
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"geomap serve exited with {self.process.returncode}: see {log}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/health", timeout=5).status_code == 200:
                    return self
            if time.monotonic() > deadline:
                pytest.fail(f"geomap serve did not answer: see {log}")
            time.sleep(0.1)

    def stop(self) -> int:
        """Stop the server as an operator would (SIGTERM) and wait for it; its exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        """``kill -9`` the server."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=60)

    def client(self, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return httpx.Client(base_url=self.url, timeout=120, headers=headers, **kwargs)


@pytest.fixture
def start_server(
    tmp_path: Path,
    gazetteer: Any,
) -> Iterator[Callable[..., Server]]:
    """Start real servers (each with its own data folder unless given); all are stopped at the end."""
    started: list[Server] = []

    def start(*, data_dir: Path | None = None, database: str | None = None, token: str | None = None) -> Server:
        folder = data_dir or tmp_path / f"data-{len(started)}"
        server = Server(folder, database=database, token=token).start()
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


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, gazetteer: Any) -> Iterator[httpx.Client]:
    """A client of one real SQLite-backed server shared by a test module (tests post distinct reports)."""
    server = Server(tmp_path_factory.mktemp("api") / "data").start()
    with server.client() as client:
        yield client
    server.stop()
