"""``geomap serve``: run the HTTP API with uvicorn (registered by :mod:`geomap.cli`).

The service binds to 127.0.0.1 unless told otherwise, and refuses any other
address unless ``GEOMAP_TOKEN`` is set: writes then need that token. Its
SQLite database and imported gazetteer layers live in ``--data-dir``
(``GEOMAP_DATA_DIR``, else the platform's per-user data folder); with
``--database postgresql://...`` reports go to PostGIS instead.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path  # noqa: TC003 - typer reads the annotations at run time
from typing import Annotated

import typer

__all__ = ["is_loopback", "serve"]

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    *,
    host: Annotated[str, typer.Option(help="Address to bind; other than loopback only with GEOMAP_TOKEN set.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder of the SQLite store and layers (default: GEOMAP_DATA_DIR).")
    ] = None,
    database: Annotated[
        str | None, typer.Option(help="postgresql://user@host:port/db to store reports in PostGIS.")
    ] = None,
    cors_origin: Annotated[
        list[str] | None, typer.Option(help="A browser origin allowed to call the API (repeatable).")
    ] = None,
    no_base: Annotated[bool, typer.Option("--no-base", help="Leave out the worldwide GeoNames layer.")] = False,
) -> None:
    """Serve the HTTP API: POST reports, GET events, claims, comparisons and maps (docs at /docs)."""
    from rich.console import Console  # noqa: PLC0415

    err = Console(stderr=True, highlight=False)
    token = os.environ.get("GEOMAP_TOKEN") or None
    if token is None and not is_loopback(host):
        err.print(f"error: refusing to serve on {host!r} without a write token: set GEOMAP_TOKEN (or bind 127.0.0.1)",
                  markup=False)  # fmt: skip
        raise typer.Exit(code=1)
    import uvicorn  # noqa: PLC0415

    from geomap import settings  # noqa: PLC0415
    from geomap.errors import GeomapError  # noqa: PLC0415
    from geomap.gazetteer import Gazetteer  # noqa: PLC0415
    from geomap.geoparse import Geoparser  # noqa: PLC0415
    from geomap.service.app import create_app  # noqa: PLC0415
    from geomap.service.store import open_store  # noqa: PLC0415

    folder = data_dir or settings.service_data_dir
    if settings.user_layers_dir is None:
        settings.user_layers_dir = folder / "layers"
    try:
        store = open_store(database, data_dir=folder)
        app = create_app(
            store,
            make_parser=lambda: Geoparser(Gazetteer.default(base=not no_base)),
            token=token,
            cors_origins=cors_origin,
        )
        app.state.intake.warm()  # a missing model or gazetteer fails here, not on every request
    except GeomapError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=1) from None
    where = database.split("@")[-1] if database else str(folder)
    err.print(f"geomap: serving http://{host}:{port} (store: {where}; writes {'need the token' if token else 'open'})",
              markup=False)  # fmt: skip
    # h11 drops request heads over 16 KiB without an answer; long query strings get a 422 instead.
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10,
                h11_max_incomplete_event_size=1_048_576)  # fmt: skip
