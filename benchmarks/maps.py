"""Map speed at 1k, 10k and 100k events: geomap against folium Marker+Popup and FastMarkerCluster, in one run.

For each size and variant it prints the time to write the HTML (wall and
CPU seconds of this process), its size, the time until the page is
interactive in headless Chromium (the load event fired, clustering
finished, a frame painted; wall seconds measured inside the page, and the
CPU seconds of the page's main thread, Chrome's ``TaskDuration``) and the
time from a click on a marker to its popup. Assets are served from local
copies (geomap needs none: its maps are self-contained); tiles are blank.
The machine's load (``uptime``) is printed before and after: wall times on
a loaded machine are longer, CPU seconds much less so.

    python benchmarks/maps.py              # 1000 10000 100000
    python benchmarks/maps.py 1000 10000   # other sizes
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.plugins import FastMarkerCluster
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geomap.events import EVENT_TYPES
from geomap.export import write_html
from geomap.maps import render_map
from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS
from tests.browser.page import open_page

PLACES = ("Goris", "Kapan", "Lachin", "Shusha", "Fuzuli", "Jabrayil", "Aghdam", "Tartar", "Kalbajar", "Hadrut")
VERBS = ("was shelled", "came under fire", "was struck by drones", "saw heavy fighting", "was taken")
TIMEOUT_S = 120


def events(n: int, seed: int = 1) -> gpd.GeoDataFrame:
    """``n`` synthetic events over Karabakh, ten per report, with realistic quotes and sources."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(45.5, 47.5, n)
    lat = rng.uniform(39.2, 40.6, n)
    place = rng.integers(0, len(PLACES), n)
    verb = rng.integers(0, len(VERBS), n)
    report = np.arange(n) // 10
    day = report % 44
    quotes = [
        f"{PLACES[p]} {VERBS[v]} on day {d} of the war, the ministry said in report {r}."
        for p, v, d, r in zip(place, verb, day, report, strict=True)
    ]
    return gpd.GeoDataFrame(
        {
            "type": np.array(EVENT_TYPES)[rng.integers(0, len(EVENT_TYPES), n)],
            "place_name": np.array(PLACES)[place],
            "claimant": np.where(report % 2 == 0, "azerbaijan", "armenia"),
            "date": [f"2020-10-{1 + d % 28:02d}" for d in day],
            "geo_precision": rng.integers(1, 3, n),
            "report_id": [f"report-{r}" for r in report],
            "report_source": np.where(report % 2 == 0, "Ministry of Defence of Azerbaijan", "Armenian MoD"),
            "sentence": quotes,
        },
        geometry=shapely.points(np.column_stack([lon, lat])),
        crs=4326,
    )


def folium_markers(frame: gpd.GeoDataFrame) -> folium.Map:
    m = folium.Map(location=[39.9, 46.5], zoom_start=8)
    for lat, lon, quote in zip(frame.geometry.y, frame.geometry.x, frame["sentence"], strict=True):
        folium.Marker([lat, lon], popup=folium.Popup(quote)).add_to(m)
    return m


def fast_cluster(frame: gpd.GeoDataFrame) -> folium.Map:
    m = folium.Map(location=[39.9, 46.5], zoom_start=8)
    FastMarkerCluster(np.column_stack([frame.geometry.y, frame.geometry.x]).tolist()).add_to(m)
    return m


def timed_write(build, frame: gpd.GeoDataFrame, path: Path) -> tuple[float, float]:  # noqa: ANN001
    """Wall and CPU seconds to build the map of ``frame`` and write it to ``path``."""
    start, cpu = time.perf_counter(), time.process_time()
    write_html(build(frame), path)
    return time.perf_counter() - start, time.process_time() - cpu


# Milliseconds from the start of navigation until clustering is done and a frame has been painted.
READY = """() => new Promise((resolve) => {
  const check = () => {
    const done = window.geomap ? window.geomap.pending === 0 : true;
    if (done) requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    else setTimeout(check, 20);
  };
  check();
})"""

# Click at (x, y) in the page and resolve with the milliseconds until a popup is in the document.
CLICK = """([x, y]) => new Promise((resolve) => {
  const start = performance.now();
  const seen = () => document.querySelector(".leaflet-popup-content");
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(document.body, {childList: true, subtree: true});
  const target = document.elementFromPoint(x, y);
  const options = {bubbles: true, cancelable: true, clientX: x, clientY: y, view: window};
  for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
    target.dispatchEvent(new MouseEvent(type, options));
  }
  setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
})"""

MAP_OF = "() => window.geomap ? geomap.maps[0] : Object.values(window).find((v) => v instanceof L.Map)"


def interactive(browser, path: Path) -> tuple[float | None, float | None, object]:  # noqa: ANN001
    """Wall seconds until the page is interactive, the CPU seconds its main thread spent so far, and the page."""
    blank = path.with_name("blank.html")
    blank.write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    try:
        page = open_page(browser, blank, timeout_ms=TIMEOUT_S * 1000)  # the routed context, not yet the map
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        before = _task_seconds(cdp)
        page.goto(path.resolve().as_uri(), wait_until="load")
        ready = page.evaluate(READY) / 1000
        return ready, _task_seconds(cdp) - before, page
    except Exception:  # noqa: BLE001 - a page that never loads is a result, not a crash
        return None, None, None


def _task_seconds(cdp) -> float:  # noqa: ANN001
    """CPU seconds the page's main thread has spent on tasks so far (Chrome's TaskDuration)."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics["TaskDuration"])


def click_to_popup(page, frame: gpd.GeoDataFrame) -> float | None:  # noqa: ANN001
    """Zoom in on the first event (so it is no longer clustered), click it, wait for its popup."""
    lat, lon = float(frame.geometry.y.iloc[0]), float(frame.geometry.x.iloc[0])
    page.evaluate(f"() => {{ ({MAP_OF})().setView([{lat}, {lon}], 17, {{animate: false}}); }}")
    page.evaluate(READY)
    page.wait_for_timeout(400)  # markercluster shows the markers of the new view after a short delay
    x, y = page.evaluate(
        f"""() => {{ const m = ({MAP_OF})(); const p = m.latLngToContainerPoint([{lat}, {lon}]);
            const b = m.getContainer().getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; }}"""
    )
    elapsed = page.evaluate(CLICK, [x, y - 2])
    return None if elapsed is None else elapsed / 1000


#: folium Marker+Popup is only timed up to this size: at 10k it takes ~40 s to write and minutes to load.
MARKER_LIMIT = 10_000


def main(sizes: list[int]) -> None:
    variants = {
        "geomap": lambda f: render_map(f, cluster=True),
        "folium Marker+Popup": folium_markers,
        "FastMarkerCluster": fast_cluster,
    }
    print(f"load before: {uptime()}")
    print(
        f"{'events':>7} | {'variant':<20} | {'write s':>7} | {'CPU s':>5} | {'HTML MB':>7} | "
        f"{'interactive s':>13} | {'CPU s':>5} | popup s"
    )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        for n in sizes:
            frame = events(n)
            for name, build in variants.items():
                if name == "folium Marker+Popup" and n > MARKER_LIMIT:
                    print(f"{n:>7} | {name:<20} | skipped: above {MARKER_LIMIT:,} it does not load in {TIMEOUT_S} s")
                    continue
                path = Path(tmp) / f"{name.split()[0]}-{n}.html"
                write_s, write_cpu = timed_write(build, frame, path)
                ready_s, ready_cpu, page = interactive(browser, path)
                popup_s = None
                if page is not None and name != "FastMarkerCluster":
                    popup_s = click_to_popup(page, frame)
                if page is not None:
                    page.context.close()
                ready = f"{ready_s:13.2f}" if ready_s is not None else f"{'> ' + str(TIMEOUT_S):>13}"
                page_cpu = f"{ready_cpu:5.2f}" if ready_cpu is not None else f"{'-':>5}"
                popup = "no popups" if name == "FastMarkerCluster" else ("-" if popup_s is None else f"{popup_s:.3f}")
                mb = path.stat().st_size / 1e6
                row = f"{n:>7} | {name:<20} | {write_s:7.2f} | {write_cpu:5.2f} | {mb:7.1f} | {ready} | {page_cpu}"
                print(f"{row} | {popup}", flush=True)
        browser.close()
    print(f"load after: {uptime()}")


def uptime() -> str:
    """The machine's load averages (1, 5, 15 minutes)."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
