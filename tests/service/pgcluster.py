"""A throwaway PostgreSQL cluster with PostGIS, for the service's tests and benchmark.

``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package
(``/usr/lib/postgresql/*/bin``) start a cluster on a free port in a temporary
folder, with PostGIS enabled in a template database that fresh databases are
copied from. ``initdb`` refuses to run as root, so as root the cluster runs
as the ``postgres`` system user the package creates.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

if TYPE_CHECKING:
    from collections.abc import Iterator


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Cluster:
    """A running throwaway PostgreSQL cluster."""

    port: int
    counter: Iterator[int] = field(default_factory=itertools.count)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, *, database: str = "postgres") -> None:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def fresh_database(self) -> str:
        """A new database with PostGIS enabled (copied from the template), and its URL."""
        name = f"geomap_{os.getpid()}_{next(self.counter)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE geomap_template")
        return self.url(name)


def pg_bin() -> Path:
    """The bin folder of the newest PostgreSQL installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        msg = "PostgreSQL is not installed: `make postgres` installs Debian's postgresql and PostGIS"
        raise RuntimeError(msg)
    return found[-1].parent


@contextlib.contextmanager
def cluster() -> Iterator[Cluster]:
    """Start a cluster, yield it, and stop and delete it afterwards."""
    bindir = pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="geomap-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        os.chown(folder, pwd.getpwnam("postgres").pw_uid, -1)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True)  # fmt: skip
        options = f"-p {port} -k {folder} -h 127.0.0.1 -c fsync=off -c max_connections=200"
        subprocess.run([*ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"], check=True, capture_output=True)
        running = Cluster(port)
        running.admin("CREATE DATABASE geomap_template")
        running.admin("CREATE EXTENSION postgis", database="geomap_template")
        yield running
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
