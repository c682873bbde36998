"""Pytest plugin: a headless Chromium and a factory of loaded folium map pages.

Load it from ``tests/conftest.py`` with ``pytest_plugins = ["tests.browser.fixtures"]``.

Fixtures
--------
chromium_browser
    Session-wide Debian Chromium (``/usr/bin/chromium``) driven by Playwright;
    the test is skipped when that binary is missing.
map_page
    ``map_page(html_path) -> Page``: opens the file with all CDN assets served
    from ``tests/browser/node_modules`` (see :mod:`tests.browser.page`) and
    waits until the Leaflet map is on the page and no request is pending.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.assets import NODE_MODULES
from tests.browser.page import open_page, wait_for_map

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
NPM_CI = "npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts"


class MapPageFactory(Protocol):
    """Signature of the ``map_page`` fixture."""

    def __call__(
        self,
        html_path_or_url: Path | str,
        *,
        stub_tiles: bool = True,
        offline: bool = False,
        timeout_ms: float = 15_000,
        viewport: tuple[int, int] = (1024, 768),
    ) -> Page:
        """Open ``html_path_or_url`` (in a window of ``viewport`` CSS pixels) and wait for its Leaflet map."""
        ...


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """Launch headless Chromium once per session.

    Playwright's ``launch`` gives the browser a fresh temporary
    ``--user-data-dir`` and removes it on close.
    """
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)")
    if not (NODE_MODULES / "leaflet" / "package.json").is_file():
        pytest.fail(f"the local CDN assets are not installed: run `{NPM_CI}`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def map_page(chromium_browser: Browser) -> Iterator[MapPageFactory]:
    """Give a factory that opens folium HTML and waits until its map is ready."""
    opened: list[Page] = []

    def open_map(
        html_path_or_url: Path | str,
        *,
        stub_tiles: bool = True,
        offline: bool = False,
        timeout_ms: float = 15_000,
        viewport: tuple[int, int] = (1024, 768),
    ) -> Page:
        page = open_page(
            chromium_browser,
            html_path_or_url,
            stub_tiles=stub_tiles,
            offline=offline,
            timeout_ms=timeout_ms,
            viewport=viewport,
        )
        opened.append(page)
        wait_for_map(page, timeout_ms=timeout_ms)
        return page

    yield open_map
    for page in opened:
        page.context.close()
