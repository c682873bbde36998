"""Folium maps of events, claims and routes; rendered HTML and, in a real Chromium, the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from playwright.sync_api import expect

from geomap import settings
from geomap.claims import claims_from_events
from geomap.compare import compare_claims, select_claims, timeline
from geomap.events import events_frame, extract_events
from geomap.export import write_html
from geomap.gazetteer.routes import find_routes, routes_frame
from geomap.maps import (
    CLASS_COLOURS,
    EVENT_COLOURS,
    Legend,
    render_comparison,
    render_map,
    render_sides,
    render_timeline,
    side_colour,
)
from geomap.maps.placement import on_routes_as_points
from geomap.pipeline import claims_of
from tests.browser.canvas import click_at, drawn, fills, zoom_to
from tests.browser.page import traffic_of

if TYPE_CHECKING:
    from pathlib import Path

PAYLOAD_BODY = (
    'Goris was shelled <script>window.__xss = "script"</script> overnight.\n\n'
    "Kapan was shelled too <img src=x onerror=\"window.__xss = 'img'\">, the ministry said.\n"
)


@pytest.fixture(scope="module")
def seed_layers(parser, seed):
    events = extract_events(seed, parser)
    mentions = parser.parse(seed.text)
    return (
        events_frame(events, gazetteer=parser.gazetteer),
        claims_from_events(events, gazetteer=parser.gazetteer),
        routes_frame(find_routes(seed.text, mentions)),
    )


@pytest.fixture
def hostile(parser, make_report):
    report = make_report(PAYLOAD_BODY, side="<b>side</b>", source='<img src=x onerror="window.__xss=1">')
    return events_frame(extract_events(report, parser), gazetteer=parser.gazetteer)


def _html(m: folium.Map) -> str:
    return m.get_root().render()


def test_render_map_returns_a_map_and_writes_nothing(seed_layers, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    m = render_map(seed_layers[0], claims=seed_layers[1], routes=seed_layers[2])
    assert isinstance(m, folium.Map)
    assert list(tmp_path.iterdir()) == []


def test_map_has_a_layer_per_event_type_and_claims_and_routes(seed_layers) -> None:
    html = _html(render_map(seed_layers[0], claims=seed_layers[1], routes=seed_layers[2]))
    for name in ("Civil measure (", "Diplomacy (", "Control claims (", "Routes (1)"):
        assert name in html


def test_map_draws_on_a_given_map(seed_layers) -> None:
    base = folium.Map()
    assert render_map(seed_layers[0], m=base) is base


def test_legend_is_a_macro_element_fed_as_json() -> None:
    m = folium.Map()
    Legend([("Held by", [("<b>x</b>", "#fff")])]).add_to(m)
    html = _html(m)
    assert "<b>x</b>" not in html
    assert "\\u003cb\\u003ex" in html  # JSON data, shown by the runtime through textContent


def test_legend_refuses_a_swatch_it_cannot_draw() -> None:
    with pytest.raises(ValueError, match="swatch 'star'"):
        Legend([("Events", [("Shelling", "#ff7f00", "star")])])


@pytest.fixture
def district_event_map(tmp_path: Path) -> Path:
    """A map of one shelling known only to its district (a polygon) and one at a town (a point)."""
    district = shapely.Polygon([(47.0, 39.5), (47.3, 39.5), (47.3, 39.7), (47.0, 39.7)])
    events = gpd.GeoDataFrame(
        {
            "type": ["shelling_strike", "shelling_strike"],
            "place_name": ["a district", "a town"],
            "geo_precision": [2, 1],
        },
        geometry=[district, shapely.Point(47.1, 39.6)],
        crs=4326,
    )
    return write_html(render_map(events, cluster=False), tmp_path / "district.html")


@pytest.mark.browser
def test_legend_tells_an_event_known_only_to_its_district_from_a_claim(map_page, district_event_map: Path) -> None:
    page = map_page(district_event_map, offline=True)
    _ready(page)
    legend = page.locator(".geomap-key")
    assert "not a claim" in legend.inner_text()
    style = legend.locator("i.geomap-swatch-outline").first.evaluate(
        "i => [getComputedStyle(i).borderTopStyle, getComputedStyle(i).backgroundColor]"
    )
    assert style == ["dashed", "rgba(0, 0, 0, 0)"]  # drawn as the map draws it: an outline, not a filled area


@pytest.mark.browser
def test_legend_draws_point_events_as_dots(map_page, district_event_map: Path) -> None:
    page = map_page(district_event_map, offline=True)
    _ready(page)
    radius = page.locator(".geomap-key i.geomap-swatch-dot").first.evaluate("i => getComputedStyle(i).borderRadius")
    assert radius == "50%"


def test_report_markup_is_escaped_in_the_map(hostile) -> None:
    html = _html(render_map(hostile))
    assert "<script>window.__xss" not in html
    assert "<img src=x onerror" not in html
    assert 'onerror="window' not in html


def test_geojson_copy_keeps_the_raw_text(hostile) -> None:
    assert any("<script>" in s for s in hostile["sentence"])


@pytest.fixture
def seed_map(seed_layers, tmp_path: Path) -> Path:
    return write_html(
        render_map(seed_layers[0], claims=seed_layers[1], routes=seed_layers[2], cluster=False), tmp_path / "map.html"
    )


@pytest.mark.browser
def test_seed_map_renders_in_chromium_without_errors_or_network(map_page, seed_map: Path) -> None:
    page = map_page(seed_map, offline=True)
    traffic = traffic_of(page)
    assert traffic.errors == []
    assert traffic.blocked == []  # nothing was even asked for: everything is inlined
    assert page.evaluate("() => typeof Supercluster === 'function' && geomap.maps.length === 1")


@pytest.mark.browser
def test_seed_map_shows_every_point_event_and_the_legend(map_page, seed_map: Path, seed_layers) -> None:
    page = map_page(seed_map, offline=True)
    _ready(page)
    on_map = on_routes_as_points(seed_layers[0], seed_layers[2])  # an event on the road is a marker on it
    points = on_map[on_map.geometry.geom_type == "Point"]
    assert sum(f["kind"] == "point" for f in drawn(page)) == len(points)
    legend = page.locator(".geomap-key").inner_text()
    assert "Civil measure" in legend
    assert "azerbaijan" in legend


@pytest.mark.browser
def test_clicking_the_road_opens_its_quote(map_page, seed_map: Path, seed_layers) -> None:
    page = map_page(seed_map, offline=True)
    road = seed_layers[2].geometry.iloc[0]
    middle = road.interpolate(0.5, normalized=True)
    click_at(page, middle.y, middle.x)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_have_count(1)
    assert "Vardenis" in popup.inner_text()


@pytest.mark.browser
def test_hostile_report_text_stays_inert_text(map_page, hostile, tmp_path: Path) -> None:
    page = map_page(write_html(render_map(hostile, cluster=False), tmp_path / "hostile.html"), offline=True)
    _ready(page)
    texts = []
    for point in hostile.geometry[hostile.geometry.geom_type == "Point"]:
        page.evaluate("() => { geomap.maps[0].closePopup(); }")
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_have_count(0)
        zoom_to(page, point.y, point.x, 12)  # in the middle of the map, clear of its controls
        click_at(page, point.y, point.x)
        expect(popup).to_have_count(1)  # waits for this click's popup: the last one was closed
        assert popup.locator("img, script").count() == 0
        texts.append(popup.inner_text())
    assert page.evaluate("() => window.__xss === undefined")
    assert traffic_of(page).errors == []
    shown = "\n".join(texts)
    assert '<script>window.__xss = "script"</script>' in shown  # shown, as text
    assert "<img src=x onerror" in shown


@pytest.mark.browser
def test_map_screenshot_is_not_blank(map_page, seed_map: Path, tmp_path: Path) -> None:
    page = map_page(seed_map, offline=True)
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


@pytest.fixture(scope="module")
def example_claims(parser):
    claims, errors = claims_of(["seeds", "examples"], parser)
    assert errors == ()
    return claims


@pytest.mark.browser
def test_comparison_map_colours_the_four_classes(map_page, example_claims, parser, make_report, tmp_path: Path) -> None:
    # The seed claims Murov and the road only (its Agdara encirclement is no claim on the district), so group A
    # gets one more constructed report for ground only A claims.
    hadrut = make_report("Azerbaijani forces took Hadrut.", report_id="hadrut", date="2020-09-27")
    extra = claims_from_events(extract_events(hadrut, parser), gazetteer=parser.gazetteer)
    seed = pd.concat([select_claims(example_claims, report_ids="2020-09-27-azeri-army-advance"), extra])
    other = select_claims(example_claims, report_ids="2020-09-28-armenia-road-held")
    result = compare_claims(seed, other, label_a="seed", label_b="mod")
    page = map_page(
        write_html(render_comparison(result, claims_a=seed, claims_b=other), tmp_path / "c.html"), offline=True
    )
    assert traffic_of(page).errors == []
    assert fills(page) >= set(CLASS_COLOURS.values())
    assert "only mod" in page.locator(".geomap-key").inner_text()


@pytest.mark.browser
def test_timeline_slider_steps_through_the_report_dates(map_page, example_claims, tmp_path: Path) -> None:
    page = map_page(write_html(render_timeline(timeline(example_claims)), tmp_path / "t.html"), offline=True)
    assert traffic_of(page).errors == []
    assert fills(page) == {side_colour("azerbaijan")}  # 27 September: only the seed's claims
    page.locator(".geomap-time-forward").click()
    expect(page.locator(".geomap-time-date")).to_contain_text("2020-09-28")
    assert side_colour("contested") in fills(page)


HOSTILE_LABEL = '<img src=x onerror="window.__pwned = 1">{{ 7*7 }}'
TEMPLATE_BODY = (
    "Goris was shelled {{ 7*7 }} {% raw %} overnight </script><script>window.__pwned = 2</script>, officials said.\n"
)


@pytest.mark.browser
def test_compare_map_shows_hostile_labels_as_text(map_page, example_claims, tmp_path: Path) -> None:
    seed = select_claims(example_claims, report_ids="2020-09-27-azeri-army-advance")
    other = select_claims(example_claims, report_ids="2020-09-28-armenia-road-held")
    result = compare_claims(seed, other, label_a=HOSTILE_LABEL, label_b="<script>window.__pwned = 3</script>")
    page = map_page(
        write_html(render_comparison(result, claims_a=seed, claims_b=other), tmp_path / "c.html"), offline=True
    )
    assert page.evaluate("() => window.__pwned === undefined")
    assert traffic_of(page).errors == []
    control = page.locator(".leaflet-control-layers")
    assert control.locator("img, script").count() == 0
    assert f"only {HOSTILE_LABEL}" in page.locator(".geomap-key").inner_text()
    assert f"{HOSTILE_LABEL}: its claims" in (control.text_content() or "")


@pytest.mark.browser
def test_run_map_shows_template_syntax_in_report_text_literally(map_page, parser, make_report, tmp_path) -> None:
    report = make_report(TEMPLATE_BODY, source="{{ 7*7 }} {% raw %}", side="armenia")
    events = events_frame(extract_events(report, parser), gazetteer=parser.gazetteer)
    page = map_page(write_html(render_map(events), tmp_path / "run.html"), offline=True)
    point = events.geometry[events.geometry.geom_type == "Point"].iloc[0]
    click_at(page, point.y, point.x)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_have_count(1)
    text = popup.inner_text()
    assert "{{ 7*7 }} {% raw %} overnight </script><script>window.__pwned = 2</script>" in text
    assert "{{ 7*7 }} {% raw %}" in text  # the source
    assert page.evaluate("() => window.__pwned === undefined")
    assert traffic_of(page).errors == []


def _ready(page) -> None:
    page.wait_for_function("() => window.geomap && geomap.pending === 0")


@pytest.fixture
def shelling_cluster(parser, make_report) -> gpd.GeoDataFrame:
    """Fifteen reports of one shelling of Goris, their points a few hundred metres apart."""
    frames = []
    for i in range(15):
        report = make_report(f"Goris was shelled overnight, witness {i} told us.", report_id=f"w{i}")
        frames.append(events_frame(extract_events(report, parser), gazetteer=parser.gazetteer))
    events = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)
    offsets = np.arange(len(events)) * 0.004
    events.geometry = shapely.points(events.geometry.x + offsets, events.geometry.y + offsets)
    return events


@pytest.mark.browser
def test_a_marker_in_a_clustered_layer_opens_its_popup(map_page, shelling_cluster, tmp_path) -> None:
    assert len(shelling_cluster) > settings.cluster_threshold
    page = map_page(write_html(render_map(shelling_cluster), tmp_path / "cluster.html"), offline=True)
    _ready(page)
    first = shelling_cluster.iloc[0]
    zoom_to(page, first.geometry.y, first.geometry.x, 9)  # a view of the region: the fifteen are one cluster
    cluster = page.locator(".geomap-cluster").first
    expect(cluster).to_be_visible()
    colour = cluster.evaluate("(node) => getComputedStyle(node).backgroundColor")
    assert colour == "rgb(255, 127, 0)"  # the shelling colour, as in the legend
    last = shelling_cluster.iloc[-1]
    zoom_to(page, last.geometry.y, last.geometry.x, 17)
    click_at(page, last.geometry.y, last.geometry.x)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_have_count(1)
    assert "witness 14 told us" in popup.inner_text()
    assert "the place itself" in popup.inner_text()
    assert traffic_of(page).errors == []


@pytest.mark.browser
def test_filter_control_shows_only_the_chosen_event_type(map_page, seed_map: Path, seed_layers) -> None:
    page = map_page(seed_map, offline=True)
    _ready(page)
    page.locator("select.geomap-filter-type").select_option("Diplomacy")
    points = {f["fill"] for f in drawn(page) if f["kind"] == "point"}
    assert points == {EVENT_COLOURS["diplomacy"]}
    page.locator("select.geomap-filter-type").select_option("")
    n_points = int((on_routes_as_points(seed_layers[0], seed_layers[2]).geometry.geom_type == "Point").sum())
    assert sum(f["kind"] == "point" for f in drawn(page)) == n_points


@pytest.mark.browser
def test_side_by_side_comparison_shows_each_groups_claims_and_moves_together(
    map_page, example_claims, tmp_path
) -> None:
    seed = select_claims(example_claims, report_ids="2020-09-27-azeri-army-advance")
    other = select_claims(example_claims, report_ids="2020-09-28-armenia-road-held")
    result = compare_claims(seed, other, label_a="seed", label_b="Armenian MoD")
    page = map_page(write_html(render_sides(result, claims_a=seed, claims_b=other), tmp_path / "s.html"), offline=True)
    _ready(page)
    assert traffic_of(page).errors == []
    assert fills(page, map_index=0) == {side_colour("azerbaijan")}
    assert side_colour("armenia") in fills(page, map_index=1)
    assert page.locator(".geomap-table").nth(1).inner_text().strip() == "Armenian MoD"
    page.evaluate("() => { geomap.maps[0].setView([40.0, 46.0], 11, {animate: false}); }")
    assert page.evaluate("() => geomap.maps[1].getZoom()") == 11
