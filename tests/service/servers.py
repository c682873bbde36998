"""``geomap serve`` in a subprocess on 127.0.0.1, for the service's tests and benchmark."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .pgcluster import free_port

_READY_SECONDS = 120.0  # a safety valve for a server that never comes up, not a speed limit


@dataclass
class Server:
    """``geomap serve`` in a subprocess on 127.0.0.1, talked to over HTTP."""

    data_dir: Path
    database: str | None = None
    token: str | None = None
    options: tuple[str, ...] = ()
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        exe = Path(sys.executable).with_name("geomap")
        extra = ["--database", self.database] if self.database else []
        return [str(exe), "serve", "--port", str(self.port), "--data-dir", str(self.data_dir), *extra, *self.options]

    def start(self) -> Server:
        env = {k: v for k, v in os.environ.items() if k != "GEOMAP_TOKEN"}
        if self.token:
            env["GEOMAP_TOKEN"] = self.token
        log = self.data_dir.parent / f"server-{self.port}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            self.process = subprocess.Popen(self.command(), env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + _READY_SECONDS
        while True:
            if self.process.poll() is not None:
                msg = f"geomap serve exited with {self.process.returncode}: see {log}"
                raise RuntimeError(msg)
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/health", timeout=5).status_code == 200:
                    return self
            if time.monotonic() > deadline:
                msg = f"geomap serve did not answer: see {log}"
                raise RuntimeError(msg)
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
