"""Open folium HTML in Chromium with every CDN request served from local copies.

:func:`open_page` gives each page its own browser context whose requests are
routed so that nothing leaves the machine:

- ``file:``, ``data:``, ``blob:`` and loopback (127.0.0.1, localhost, [::1])
  requests pass;
- a CDN asset known to :mod:`tests.browser.assets` is fulfilled from its local
  copy, with its content type;
- a known asset without a local copy (:data:`tests.browser.assets.STUBS`) gets
  an empty body of its type;
- a map tile (``.../{z}/{x}/{y}.png`` and the like) gets a blank grey tile,
  unless ``stub_tiles=False``;
- anything else is aborted.

Every decision is recorded in the page's :class:`Traffic` (``page.traffic``),
with the console errors and uncaught page errors, so that a test can assert
that no request was blocked and that the map's JavaScript ran cleanly.
"""

from __future__ import annotations

import re
import struct
import time
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tests.browser.assets import content_type, is_stub, local_asset

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Request, Route

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
PASS_SCHEMES = frozenset({"file", "data", "blob", "about", "chrome-extension"})
TILE_PATH = re.compile(r"/\d+/\d+/\d+(?:@2x)?\.(?:png|jpe?g|webp)$")
TILE_SIZE = 256
_CORS = {"access-control-allow-origin": "*"}


@dataclass
class Traffic:
    """What a page asked for, how each request was answered, and what went wrong.

    Attributes
    ----------
    served : list of str
        CDN URLs fulfilled from a local copy.
    stubbed : list of str
        Known assets without a local copy, answered with an empty body.
    tiles : list of str
        Map tile URLs answered with a blank tile.
    blocked : list of str
        Every other outside request; these were aborted.
    console_errors : list of str
        Text of the ``console`` messages of type ``error``.
    page_errors : list of str
        Uncaught exceptions thrown by the page's scripts.
    pending : set of playwright.sync_api.Request
        Requests that have neither finished nor failed yet.
    """

    served: list[str] = field(default_factory=list)
    stubbed: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)

    @property
    def errors(self) -> list[str]:
        """Return the page errors followed by the console errors."""
        return [*self.page_errors, *self.console_errors]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def blank_tile_png(size: int = TILE_SIZE, grey: int = 0xDD) -> bytes:
    """Return a square, uniformly grey 8-bit greyscale PNG.

    Parameters
    ----------
    size : int
        Width and height in pixels.
    grey : int
        Grey level, 0 (black) to 255 (white).

    Returns
    -------
    bytes
        The PNG file.

    Examples
    --------
    >>> blank_tile_png(4)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + bytes([grey]) * size) * size, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")


def _router(traffic: Traffic, *, stub_tiles: bool, offline: bool = False) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in PASS_SCHEMES or parts.hostname in LOOPBACK_HOSTS:
            route.continue_()
            return
        local = None if offline else local_asset(url)
        if local is not None:
            traffic.served.append(url)
            headers = {**_CORS, "content-type": content_type(local)}
            route.fulfill(status=200, headers=headers, body=local.read_bytes())
        elif is_stub(url):
            traffic.stubbed.append(url)
            route.fulfill(status=200, headers={**_CORS, "content-type": content_type(url)}, body=b"")
        elif stub_tiles and not offline and TILE_PATH.search(parts.path):
            traffic.tiles.append(url)
            route.fulfill(status=200, headers={**_CORS, "content-type": "image/png"}, body=blank_tile_png())
        else:
            traffic.blocked.append(url)
            route.abort("blockedbyclient")

    return handle


def _target_url(html_path_or_url: Path | str) -> str:
    text = str(html_path_or_url)
    if isinstance(html_path_or_url, Path) or "://" not in text:
        return Path(text).resolve().as_uri()
    return text


def open_page(
    browser: Browser,
    html_path_or_url: Path | str,
    *,
    stub_tiles: bool = True,
    offline: bool = False,
    viewport: tuple[int, int] = (1024, 768),
    timeout_ms: float = 15_000,
) -> Page:
    """Open a page in a fresh context with all outside requests routed locally.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        A launched browser.
    html_path_or_url : pathlib.Path or str
        A local HTML file, or a ``file://`` / ``http://127.0.0.1`` URL.
    stub_tiles : bool
        Answer map tile requests with a blank tile instead of blocking them.
    offline : bool
        Abort every request to a network address, CDN assets and tiles included (``traffic.blocked``).
    viewport : tuple of int
        Width and height of the page in CSS pixels.
    timeout_ms : float
        Default timeout of the page's actions and of the navigation.

    Returns
    -------
    playwright.sync_api.Page
        The loaded page (``load`` event fired). Its ``traffic`` attribute is
        the :class:`Traffic` record. Close it with ``page.context.close()``.
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    traffic = Traffic()
    context.route("**/*", _router(traffic, stub_tiles=stub_tiles, offline=offline))
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.traffic = traffic  # type: ignore[attr-defined]

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            traffic.console_errors.append(message.text)

    def on_page_error(error: Error) -> None:
        traffic.page_errors.append(f"{error.name}: {error.message}")

    def on_request(request: Request) -> None:
        traffic.pending.add(request)

    def on_request_done(request: Request) -> None:
        traffic.pending.discard(request)

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("request", on_request)
    page.on("requestfinished", on_request_done)
    page.on("requestfailed", on_request_done)
    page.goto(_target_url(html_path_or_url), wait_until="load")
    return page


def traffic_of(page: Page) -> Traffic:
    """Return the :class:`Traffic` record of a page made by :func:`open_page`."""
    traffic: Traffic = page.traffic  # type: ignore[attr-defined]
    return traffic


def wait_for_map(page: Page, *, timeout_ms: float = 15_000, quiet_ms: float = 100) -> None:
    """Wait until a Leaflet map is on the page and no request is in flight.

    Parameters
    ----------
    page : playwright.sync_api.Page
        A page made by :func:`open_page`.
    timeout_ms : float
        How long to wait in all.
    quiet_ms : float
        How long no request may be pending before the page counts as settled.

    Raises
    ------
    TimeoutError
        If requests are still pending when the time is up.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    page.wait_for_selector(".leaflet-container", state="attached", timeout=timeout_ms)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    pending = traffic_of(page).pending
    quiet_since: float | None = None
    while True:
        now = time.monotonic()
        if pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= quiet_ms / 1000:
            return
        if now > deadline:
            urls = sorted(request.url for request in pending)
            msg = f"requests still pending after {timeout_ms} ms: {urls}"
            raise TimeoutError(msg)
        page.wait_for_timeout(20)
