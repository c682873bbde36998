"""What a reader sees on every map kind, in a real Chromium with every network request aborted.

The seed's map, the comparison and the timeline draw events, claims, the
road (once, its label beside the claimed ground, not on it), district
outlines that name themselves on hover, rivers, a legend and one filter
control; the README's screenshots are taken here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pytest
import shapely
from playwright.sync_api import expect

from geomap.compare import compare_claims, select_claims
from geomap.export import write_html
from geomap.maps import (
    CLASS_COLOURS,
    EVENT_COLOURS,
    map_layers,
    render_comparison,
    render_map,
    render_timeline,
    side_colour,
)
from geomap.maps.basemap import boundaries_dir
from geomap.maps.eventmap import ROUTE_COLOUR
from geomap.pipeline import frames_of
from geomap.timeline import timeline
from tests.browser.canvas import drawn, fills, hover_at, lat_lon_at
from tests.browser.page import traffic_of

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from geomap.pipeline import BatchFrames

DOCS = Path(__file__).resolve().parent.parent / "docs"
SEED_REPORT = "2020-09-27-azeri-army-advance"
MOD_REPORT = "2020-09-28-armenia-road-held"
RIVER = "#8fb8d8"


@pytest.fixture(scope="module")
def example_frames(parser) -> BatchFrames:
    """Events, claims and routes of the seed and the example reports (four dates, both sides)."""
    frames, errors = frames_of(["seeds", "examples"], parser)
    assert errors == ()
    return frames


def _seed_map(frames: BatchFrames) -> Any:
    def of_seed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        return frame[frame["report_id"] == SEED_REPORT]

    return render_map(of_seed(frames.events), claims=of_seed(frames.claims), routes=of_seed(frames.routes))


def _compare_map(frames: BatchFrames) -> Any:
    seed = select_claims(frames.claims, report_ids=SEED_REPORT)
    mod = select_claims(frames.claims, report_ids=MOD_REPORT)
    result = compare_claims(seed, mod, label_a="seed", label_b="Armenian MoD")
    events, routes = map_layers([frames], [seed, mod])
    return render_comparison(result, claims_a=seed, claims_b=mod, events=events, routes=routes)


def _timeline_map(frames: BatchFrames) -> Any:
    events, routes = map_layers([frames], [frames.claims])
    return render_timeline(timeline(frames.claims), claims=frames.claims, events=events, routes=routes)


MAPS = {"seed-map": _seed_map, "compare-map": _compare_map, "timeline-map": _timeline_map}


def _open(map_page, m: Any, path: Path, *, viewport: tuple[int, int] = (1024, 768)) -> Page:
    page = map_page(write_html(m, path), offline=True, viewport=viewport)
    page.wait_for_function("() => window.geomap && geomap.pending === 0")
    return page


_ROUTE_LINES = """
([lon, lat]) => {
  let found = 0;
  geomap.maps[0].eachLayer((layer) => {
    if (layer instanceof L.Polyline && !(layer instanceof L.Polygon) && !layer.options.pane.startsWith("geomap-")) {
      const first = layer.getLatLngs().flat(4)[0];
      if (first && Math.abs(first.lat - lat) < 1e-4 && Math.abs(first.lng - lon) < 1e-4) found += 1;
    }
  });
  return found;
}
"""


def _legend_colours(page: Page) -> set[str]:
    """The colours of the legend's swatches (an outline's or a line's stroke, else the fill), as ``#rrggbb``."""
    swatches = page.locator(".geomap-key i").evaluate_all(
        """(nodes) => nodes.map((n) => {
            const style = getComputedStyle(n);
            const stroked = n.matches(".geomap-swatch-outline, .geomap-swatch-line");
            return stroked ? style.borderTopColor : style.backgroundColor;
        })"""
    )
    return {"#{:02x}{:02x}{:02x}".format(*(int(v) for v in re.findall(r"\d+", rgb)[:3])) for rgb in swatches}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(MAPS))
def test_every_map_draws_events_claims_the_road_once_outlines_rivers_and_legend(
    map_page, example_frames, name, tmp_path
) -> None:
    page = _open(map_page, MAPS[name](example_frames), tmp_path / f"{name}.html", viewport=(1280, 800))
    traffic = traffic_of(page)
    assert traffic.errors == []
    assert traffic.blocked == []  # nothing was even asked for
    features = drawn(page, basemap=True)
    panes = {(f["pane"], f["kind"]) for f in features}
    assert ("overlayPane", "point") in panes  # events
    assert sum(f["pane"] == "geomap-outlines" for f in features) > 10  # districts and provinces
    assert RIVER in {f["stroke"] for f in features if f["pane"] == "geomap-base"}
    assert fills(page) - set(EVENT_COLOURS.values())  # claimed ground, in its side's or class's colour
    road = example_frames.routes.geometry.iloc[0]
    start = shapely.get_coordinates(road)[0]
    assert page.evaluate(_ROUTE_LINES, [float(start[0]), float(start[1])]) == 1  # the road, once
    assert sum(f["dash"] == "8 6" and f["stroke"] == ROUTE_COLOUR for f in drawn(page)) == 1
    legend = page.locator(".geomap-key").inner_text()
    assert "Events" in legend
    assert "Vardenis–Agdara road" in legend
    assert {f["fill"] for f in drawn(page) if f["fill"]} <= _legend_colours(page)  # nothing drawn unexplained
    assert "Routes (1)" in page.locator(".leaflet-control-layers").inner_text()  # wide enough: the list is open
    page.screenshot(path=DOCS / f"{name}.png")  # the README's picture of this map


@pytest.mark.browser
def test_the_road_label_covers_no_claimed_ground(map_page, example_frames, tmp_path) -> None:
    page = _open(map_page, _seed_map(example_frames), tmp_path / "seed.html")
    label = page.locator(".geomap-route-label")
    expect(label).to_have_count(1)
    expect(label).to_contain_text("Vardenis–Agdara road")
    box = label.bounding_box()
    assert box is not None
    corners = [
        lat_lon_at(page, box["x"] + dx * box["width"], box["y"] + dy * box["height"])
        for dx in (0, 0.5, 1)
        for dy in (0, 0.5, 1)
    ]
    claimed = shapely.union_all(
        example_frames.claims[example_frames.claims["report_id"] == SEED_REPORT].geometry.to_numpy()
    )
    assert not shapely.intersects(claimed, shapely.points([(lon, lat) for lat, lon in corners])).any()


@pytest.mark.browser
def test_hovering_a_district_names_it_and_where_its_outline_comes_from(map_page, example_frames, tmp_path) -> None:
    page = _open(map_page, _seed_map(example_frames), tmp_path / "seed.html")
    districts = gpd.read_file(boundaries_dir() / "geoBoundaries-AZE-ADM2_simplified.geojson")
    lachin = districts[districts["shapeName"] == "Lachin District"].geometry.iloc[0].representative_point()
    box = page.locator(".geomap-hover-box")
    expect(box).to_be_hidden()
    hover_at(page, lachin.y, lachin.x)
    expect(box).to_contain_text("Lachin District")
    expect(box).to_contain_text("District")
    expect(box).to_contain_text("geoBoundaries AZE ADM2")
    page.mouse.move(1, 1)  # off the map's land: over the zoom control
    expect(box).to_be_hidden()


@pytest.mark.browser
def test_compare_map_filter_by_side_hides_ground_only_the_other_side_claims(map_page, example_frames, tmp_path) -> None:
    page = _open(map_page, _compare_map(example_frames), tmp_path / "compare.html")
    assert CLASS_COLOURS["only_b"] in fills(page)  # ground only the Armenian MoD report claims
    side = page.locator("select.geomap-filter-side")
    side.select_option("azerbaijan")
    assert CLASS_COLOURS["only_b"] not in fills(page)
    assert CLASS_COLOURS["contradict"] in fills(page)  # both sides' reports are behind a contradiction
    side.select_option("")
    assert CLASS_COLOURS["only_b"] in fills(page)


@pytest.mark.browser
def test_timeline_filter_applies_at_every_report_date(map_page, example_frames, tmp_path) -> None:
    page = _open(map_page, _timeline_map(example_frames), tmp_path / "timeline.html")
    red, blue = side_colour("armenia"), side_colour("azerbaijan")
    assert blue in fills(page)  # 27 September: the seed's (Azerbaijani) claims
    page.locator("select.geomap-filter-side").select_option("armenia")
    assert blue not in fills(page)
    page.locator(".geomap-time-forward").click()
    expect(page.locator(".geomap-time-date")).to_have_text("2020-09-28")
    assert red in fills(page)
    page.locator("select.geomap-filter-claimant").select_option("Azerbaijani Ministry of Defence")
    assert red not in fills(page)
    assert traffic_of(page).errors == []
