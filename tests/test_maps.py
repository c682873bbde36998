"""Folium maps of events, claims and routes; rendered HTML and, in a real Chromium, the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium
import pandas as pd
import pytest
from playwright.sync_api import expect

from geomap.claims import claims_from_events
from geomap.compare import compare_claims, select_claims, timeline
from geomap.events import events_frame, extract_events
from geomap.export import write_html
from geomap.maps import CLASS_COLOURS, Legend, render_comparison, render_map, render_timeline, side_colour
from geomap.pipeline import claims_of
from geomap.routes import find_routes, routes_frame
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
    for name in ("Events: civil_measure", "Events: diplomacy", "Control claims", "Routes (1)"):
        assert name in html


def test_map_draws_on_a_given_map(seed_layers) -> None:
    base = folium.Map()
    assert render_map(seed_layers[0], m=base) is base


def test_legend_is_a_macro_element_fed_as_json() -> None:
    m = folium.Map()
    Legend([("Held by", [("<b>x</b>", "#fff")])]).add_to(m)
    html = _html(m)
    assert "<b>x</b>" not in html
    assert "textContent" in html


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
    page = map_page(seed_map)
    traffic = traffic_of(page)
    assert traffic.errors == []
    assert traffic.blocked == []
    assert traffic.served  # the assets came from the local copies


@pytest.mark.browser
def test_seed_map_shows_every_point_event_and_the_legend(map_page, seed_map: Path, seed_layers) -> None:
    page = map_page(seed_map)
    points = seed_layers[0][seed_layers[0].geometry.geom_type == "Point"]
    # Circle markers, claim areas, district areas and the route are SVG paths.
    assert page.locator("path.leaflet-interactive").count() >= len(points)
    legend = page.locator(".geomap-legend").inner_text()
    assert "civil measure" in legend
    assert "azerbaijan" in legend


@pytest.mark.browser
def test_clicking_the_road_opens_its_quote(map_page, seed_map: Path) -> None:
    page = map_page(seed_map)
    road = page.locator("path.leaflet-interactive[stroke-dasharray]").first
    road.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_have_count(1)
    assert "Vardenis" in popup.inner_text()


@pytest.mark.browser
def test_hostile_report_text_stays_inert_text(map_page, hostile, tmp_path: Path) -> None:
    page = map_page(write_html(render_map(hostile, cluster=False), tmp_path / "hostile.html"))
    for marker in page.locator("path.leaflet-interactive").all():
        marker.click(force=True)
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_have_count(1)
        assert popup.locator("img, script").count() == 0
    assert page.evaluate("() => window.__xss === undefined")
    assert traffic_of(page).errors == []
    assert "<img src=x onerror" in page.locator(".leaflet-popup-content").inner_text()  # shown, as text


@pytest.mark.browser
def test_map_screenshot_is_not_blank(map_page, seed_map: Path, tmp_path: Path) -> None:
    page = map_page(seed_map)
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


@pytest.fixture(scope="module")
def example_claims(parser):
    claims, errors = claims_of(["seeds", "examples"], parser)
    assert errors == ()
    return claims


def _fills(page) -> set[str]:
    return {p.get_attribute("fill") for p in page.locator("path.leaflet-interactive").all()}


@pytest.mark.browser
def test_comparison_map_colours_the_four_classes(map_page, example_claims, parser, make_report, tmp_path: Path) -> None:
    # The seed claims Murov and the road only (its Agdara encirclement is no claim on the district), so group A
    # gets one more constructed report for ground only A claims.
    hadrut = make_report("Azerbaijani forces took Hadrut.", report_id="hadrut", date="2020-09-27")
    extra = claims_from_events(extract_events(hadrut, parser), gazetteer=parser.gazetteer)
    seed = pd.concat([select_claims(example_claims, report_ids="2020-09-27-azeri-army-advance"), extra])
    other = select_claims(example_claims, report_ids="2020-09-28-armenia-road-held")
    result = compare_claims(seed, other, label_a="seed", label_b="mod")
    page = map_page(write_html(render_comparison(result, claims_a=seed, claims_b=other), tmp_path / "c.html"))
    assert traffic_of(page).errors == []
    assert _fills(page) >= set(CLASS_COLOURS.values())
    assert "only mod" in page.locator(".geomap-legend").first.inner_text()


@pytest.mark.browser
def test_timeline_slider_steps_through_the_report_dates(map_page, example_claims, tmp_path: Path) -> None:
    page = map_page(write_html(render_timeline(timeline(example_claims)), tmp_path / "t.html"))
    assert traffic_of(page).errors == []
    assert _fills(page) == {side_colour("azerbaijan")}  # 27 September: only the seed's claims
    page.locator(".timecontrol-forward").click()
    expect(page.locator(".timecontrol-date")).to_contain_text("2020-09-28")
    assert side_colour("contested") in _fills(page)
