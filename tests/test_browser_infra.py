"""The browser test infrastructure renders a folium map offline in real Chromium."""

from __future__ import annotations

import re
import struct
from typing import TYPE_CHECKING

import folium
import pytest
from folium.plugins import MarkerCluster
from playwright.sync_api import expect

from tests.browser.assets import is_stub, local_asset
from tests.browser.page import open_page, traffic_of

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.browser.fixtures import MapPageFactory

pytestmark = pytest.mark.browser

CLUSTERED = [(48.80, 2.30), (48.81, 2.31), (48.82, 2.32)]


def build_map(path: Path) -> Path:
    """Save a map with the usual ingredients: markers, popup, GeoJSON, cluster, layer control."""
    m = folium.Map(location=[48.0, 3.0], zoom_start=6)
    folium.Marker(
        [48.8566, 2.3522],
        popup=folium.Popup("Paris <b>popup</b>", max_width=200),
        icon=folium.Icon(color="red", icon="info-sign"),  # glyphicon prefix
        title="Paris",
    ).add_to(m)
    folium.Marker(
        [45.764, 4.8357],
        popup="Lyon popup",
        icon=folium.Icon(color="green", icon="star", prefix="fa"),
        title="Lyon",
    ).add_to(m)
    folium.Marker([43.2965, 5.3698], popup="Marseille popup", title="Marseille").add_to(m)  # Leaflet's own icon
    square = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "area"},
                "geometry": {"type": "Polygon", "coordinates": [[[1, 46], [3, 46], [3, 47], [1, 47], [1, 46]]]},
            }
        ],
    }
    folium.GeoJson(square, name="area", tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    cluster = MarkerCluster(name="cluster").add_to(m)
    for i, point in enumerate(CLUSTERED):
        folium.Marker(point, popup=f"clustered {i}").add_to(cluster)
    folium.LayerControl().add_to(m)
    # Not m.save(path): branca leaves the file open when rendering raises.
    path.write_text(m.get_root().render(), encoding="utf-8")
    return path


@pytest.fixture
def rendered(tmp_path: Path, map_page: MapPageFactory) -> tuple[Page, str]:
    html = build_map(tmp_path / "map.html")
    return map_page(html), html.read_text(encoding="utf-8")


def test_map_renders_offline_without_errors(rendered: tuple[Page, str]) -> None:
    page, html = rendered
    traffic = traffic_of(page)
    assert traffic.page_errors == []
    assert traffic.console_errors == []
    assert traffic.blocked == []
    assert traffic.pending == set()
    referenced = set(re.findall(r"""(?:src|href)="(https://[^"]+)\"""", html))
    assert referenced, "the map references no CDN asset"
    assert all(local_asset(url) is not None or is_stub(url) for url in referenced)
    assert referenced <= set(traffic.served) | set(traffic.stubbed)
    assert set(traffic.stubbed) <= {url for url in referenced if is_stub(url)}
    # Assets requested from CSS and by Leaflet itself were served too.
    assert any(url.endswith("glyphicons-halflings-regular.woff2") for url in traffic.served)
    assert any(url.endswith("fa-solid-900.woff2") for url in traffic.served)
    assert any("markers-soft" in url for url in traffic.served)
    assert any(url.endswith("images/marker-icon.png") for url in traffic.served)
    assert traffic.tiles, "the OpenStreetMap tiles were not requested"
    assert page.evaluate("() => typeof L.markerClusterGroup === 'function' && typeof L.AwesomeMarkers === 'object'")


def test_marker_count(rendered: tuple[Page, str]) -> None:
    page, _ = rendered
    # Leaflet.awesome-markers replaces the icon's classes: its markers are
    # `.awesome-marker`, not `.leaflet-marker-icon`. So the latter are the
    # default-icon marker and the cluster icon holding the three clustered markers.
    assert page.locator(".leaflet-marker-icon").count() == 2
    assert page.locator(".leaflet-marker-icon[title=Marseille]").count() == 1
    assert page.locator(".leaflet-marker-pane .awesome-marker").count() == 2
    assert page.locator(".leaflet-marker-pane > *").count() == 4
    cluster = page.locator(".leaflet-marker-icon.marker-cluster")
    assert cluster.count() == 1
    assert cluster.inner_text().strip() == str(len(CLUSTERED))
    assert page.locator("path.leaflet-interactive").count() == 1  # the GeoJSON square
    assert page.locator(".leaflet-control-layers").count() == 1


def test_clicking_a_marker_opens_its_popup(rendered: tuple[Page, str]) -> None:
    page, _ = rendered
    popups = page.locator(".leaflet-popup")
    expect(popups).to_have_count(0)
    for title, text in [("Paris", "Paris popup"), ("Lyon", "Lyon popup"), ("Marseille", "Marseille popup")]:
        page.locator(f'.leaflet-marker-pane [title="{title}"]').click()
        expect(popups).to_have_count(1)  # the previous popup has faded out
        content = popups.locator(".leaflet-popup-content")
        expect(content).to_be_visible()
        assert content.inner_text().strip() == text
    page.locator('.leaflet-marker-pane [title="Paris"]').click()
    expect(popups.locator(".leaflet-popup-content b")).to_have_text("popup")
    assert traffic_of(page).errors == []


def test_screenshot(rendered: tuple[Page, str], tmp_path: Path) -> None:
    page, _ = rendered
    shot = tmp_path / "map.png"
    page.screenshot(path=shot)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1024, 768)
    # A blank page of that size compresses to about 4 kB; this map gives about 16 kB.
    assert len(data) > 8_000, f"screenshot is suspiciously small: {len(data)} bytes"


def test_outside_requests_and_errors_are_recorded(chromium_browser: Browser, tmp_path: Path) -> None:
    """The zero-error assertions above are not vacuous: the recorder does see problems."""
    html = tmp_path / "bad.html"
    html.write_text(
        "<!DOCTYPE html><html><head>"
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
        '<script src="https://example.com/tracker.js"></script>'
        "</head><body>"
        '<img src="https://tile.openstreetmap.org/3/4/2.png">'
        "<script>console.error('logged ' + typeof L.map); undefinedFunction();</script>"
        "</body></html>",
        encoding="utf-8",
    )
    page = open_page(chromium_browser, html)
    try:
        traffic = traffic_of(page)
        assert traffic.served == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]
        assert traffic.blocked == ["https://example.com/tracker.js"]
        assert traffic.tiles == ["https://tile.openstreetmap.org/3/4/2.png"]
        assert page.evaluate("() => document.images[0].naturalWidth") == 256
        assert "logged function" in traffic.console_errors
        assert any("net::ERR_BLOCKED_BY_CLIENT" in text for text in traffic.console_errors)
        assert len(traffic.page_errors) == 1
        assert "undefinedFunction is not defined" in traffic.page_errors[0]
    finally:
        page.context.close()
