"""Reading and clicking geomap's canvas-drawn maps in a Playwright page.

geomap draws features on a canvas, so there are no SVG paths to locate: these
helpers ask Leaflet what is on the map and turn coordinates into the pixels a
user would click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

_DRAWN = """
([index, all]) => {
  const map = geomap.maps[index];
  const found = [];
  map.eachLayer((layer) => {
    if (layer instanceof L.Path && (all || !layer.options.pane.startsWith("geomap-"))) {
      found.push({pane: layer.options.pane, kind: layer instanceof L.CircleMarker ? "point" : "shape",
                  fill: layer.options.fillColor || null, stroke: layer.options.color || null,
                  dash: layer.options.dashArray || null});
    }
  });
  return found;
}
"""

_PIXEL = """
([index, lat, lon]) => {
  const map = geomap.maps[index];
  const point = map.latLngToContainerPoint([lat, lon]);
  const box = map.getContainer().getBoundingClientRect();
  return [box.left + point.x, box.top + point.y];
}
"""


def drawn(page: Page, *, map_index: int = 0, basemap: bool = False) -> list[dict[str, Any]]:
    """Every vector feature of the data (and with ``basemap``, of the basemap too) on a map.

    Each is a dict: pane, kind (point or shape), fill and stroke colour, dash pattern.
    """
    found: list[dict[str, Any]] = page.evaluate(_DRAWN, [map_index, basemap])
    return found


def fills(page: Page, *, map_index: int = 0) -> set[str]:
    """The fill colours of the features on a map."""
    return {f["fill"] for f in drawn(page, map_index=map_index) if f["fill"]}


def click_at(page: Page, lat: float, lon: float, *, map_index: int = 0) -> None:
    """Click the map where ``(lat, lon)`` is drawn."""
    x, y = page.evaluate(_PIXEL, [map_index, lat, lon])
    page.mouse.click(x, y)


def zoom_to(page: Page, lat: float, lon: float, zoom: int, *, map_index: int = 0) -> None:
    """Centre a map on ``(lat, lon)`` at ``zoom``, without animation."""
    page.evaluate(
        "([i, lat, lon, z]) => { geomap.maps[i].setView([lat, lon], z, {animate: false}); }",
        [map_index, lat, lon, zoom],
    )


def hover_at(page: Page, lat: float, lon: float, *, map_index: int = 0) -> None:
    """Move the mouse to where ``(lat, lon)`` is drawn on a map."""
    x, y = page.evaluate(_PIXEL, [map_index, lat, lon])
    page.mouse.move(x, y)


def lat_lon_at(page: Page, x: float, y: float, *, map_index: int = 0) -> tuple[float, float]:
    """The ``(lat, lon)`` under the page pixel ``(x, y)`` of a map."""
    lat, lon = page.evaluate(
        """([i, x, y]) => { const map = geomap.maps[i]; const box = map.getContainer().getBoundingClientRect();
           const at = map.containerPointToLatLng([x - box.left, y - box.top]); return [at.lat, at.lng]; }""",
        [map_index, x, y],
    )
    return float(lat), float(lon)
