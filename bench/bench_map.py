"""Benchmark of the map dashboard in headless Chromium (a script, not a test).

    python bench/bench_map.py [--runs 3] [--plain-timeout 240] [--skip-plain]

Measures, against ``streamlit run streamlit_app.py`` on a free local port:

* country view with all 3,321 communes: navigation → map interactive (every unit added to
  the Leaflet map, with its tooltip and click handlers) on a first visit (empty browser
  cache), on a return visit, and when switched on from the open country view; the bytes the
  browser received over Streamlit's websocket for it, plus the size of the map payload;
* province view (Cao Bằng): direct navigation, and drill-down (click the province on the
  country map → its 56 communes drawn);
* click on a commune → detail panel with its predecessor table shown;

and, in the same run, "the plain approach a user would write": ``folium.Choropleth`` over the
same full-detail commune layer through ``st_folium`` (an app generated into a temporary
folder). Offline, that app never draws: folium asks CDNs for Leaflet, jQuery, Bootstrap and
d3. To time it at all, the benchmark answers those CDN requests from this machine (Leaflet
from ``xstatic-leaflet``, the rest with empty scripts); the table says so.

A navigation is timed three ways (see :class:`Visit`): when the page's own clock saw the
map's last unit drawn; when the test driver saw it and got a painted frame back (later, and
later still while the page is busy drawing the rest of itself); and when the whole page
(option widgets, side panel) was drawn. The map page's first run draws the map alone and the
rest follows in a second run (``dashboard.core.state.begin_map_run``), so the three can differ.

Targets: all communes interactive ≤ 2 s, payload ≤ 3 MB; province ≤ 0.5 s;
click → panel ≤ 1 s. Results are printed as a table and written to ``bench/out/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import xstatic.pkg.leaflet
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The dashboard's map (dashboard/map/map_component.js): an element of the page, no iframe. It
#: says in ``data-units`` how many units its current view has drawn.
MAP = ".vn-map"
#: The plain approach's map: folium's page inside streamlit-folium's iframe.
PLAIN_FRAME = "iframe[title*='streamlit_folium']"
CAO_BANG = "04"
N_COMMUNES = 3321
TARGETS = {
    "country_all_interactive_s": 2.0,
    "country_all_payload_mb": 3.0,
    "province_drilldown_s": 0.5,
    "commune_panel_s": 1.0,
}

PLAIN_APP = textwrap.dedent(
    '''
    """The plain approach: folium.Choropleth over the full-detail layer through st_folium."""
    import sys

    sys.path.insert(0, {repo!r})

    import folium
    import streamlit as st
    from streamlit_folium import st_folium

    from loaders import layers

    st.set_page_config(layout="wide")
    province = st.query_params.get("province")
    gdf = layers.load_communes("detail", province=province)
    m = folium.Map(location=[16.0, 106.0], zoom_start=6)
    folium.Choropleth(
        geo_data=gdf,
        data=gdf,
        columns=["code", "area_km2"],
        key_on="feature.properties.code",
        fill_color="YlGnBu",
        legend_name="Diện tích (km²)",
    ).add_to(m)
    st_folium(m, width=1000, height=640)
    '''
)


#: The floor: the smallest Streamlit page (a title and a line of text), same server options.
MINIMAL_APP = textwrap.dedent(
    """
    import streamlit as st

    st.title("Floor")
    st.write("Streamlit is up.")
    """
)


# --- Servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(script: Path, cwd: Path) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxMessageSize",
        "1000",
    ]
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ}
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{script} did not start")
            time.sleep(0.2)
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


# --- Browser helpers ----------------------------------------------------------------------------


#: Marks the page's own clock (``performance.now()``, ms since navigation started) at the
#: first mutation that shows: the map with N units drawn (``units_N``: the component sets
#: ``data-units`` once every unit is on the map), and the whole page (``complete``: the
#: sidebar's metric select box and the side panel's ranking or commune panel).
MARKS_JS = """
window.vnMarks = {};
new MutationObserver(() => {
  const marks = window.vnMarks, now = performance.now();
  const map = document.querySelector(".vn-map[data-units]");
  if (map && !marks["units_" + map.dataset.units]) marks["units_" + map.dataset.units] = now;
  if (!marks.complete && document.querySelector(".st-key-metric")
      && document.querySelector(".st-key-ranking_top, .st-key-detail_panel")) {
    marks.complete = now;
  }
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


class Tab:
    """A fresh browser context and page that counts websocket bytes and external requests."""

    def __init__(self, browser, serve_cdn: bool = False):
        self.context = browser.new_context(viewport={"width": 1500, "height": 1100})
        self.context.add_init_script(MARKS_JS)
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(300_000)
        self.ws_bytes = 0
        self.external: list[str] = []
        self.page.on("websocket", self._on_websocket)
        self.page.on("request", self._on_request)
        if serve_cdn:
            self.context.route(lambda url: not _is_local(url), _fulfil_from_disk)

    def _on_websocket(self, ws) -> None:
        def count(payload) -> None:
            self.ws_bytes += len(payload) if isinstance(payload, bytes | str) else 0

        ws.on("framereceived", count)

    def _on_request(self, request) -> None:
        if not _is_local(request.url):
            self.external.append(request.url)

    def close(self) -> None:
        self.context.close()


def _is_local(url: str) -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in (
        "localhost",
        "127.0.0.1",
        "::1",
    )


#: Stands in for d3 (which branca's colour scale needs and nothing here serves): every
#: property and call returns the stub, so the legend code runs without drawing anything.
D3_STUB = (
    "(function(){var s=new Proxy(function(){},{get:function(t,p){"
    "return p===Symbol.toPrimitive?function(){return 0}:s},apply:function(){return s}});"
    "window.d3=s;})();"
)


def _fulfil_from_disk(route) -> None:
    url = route.request.url
    base = Path(xstatic.pkg.leaflet.BASE_DIR)
    if "d3" in url.rsplit("/", 1)[-1]:
        route.fulfill(body=D3_STUB, content_type="application/javascript")
    elif url.endswith("leaflet.js"):
        route.fulfill(path=str(base / "leaflet.js"), content_type="application/javascript")
    elif url.endswith("leaflet.css"):
        route.fulfill(path=str(base / "leaflet.css"), content_type="text/css")
    elif url.endswith(".css"):
        route.fulfill(body="", content_type="text/css")
    else:
        route.fulfill(body="", content_type="application/javascript")


def wait_map_units(page: Page, count: int, timeout_s: float = 300) -> None:
    """Until the dashboard's map has added the ``count`` units of its view, then a painted
    frame (the component sets ``data-units`` once every polygon is on the map)."""
    page.wait_for_selector(
        f"{MAP}[data-units='{count}']", state="attached", timeout=timeout_s * 1000
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(true)))")


def wait_plain_paths(page: Page, count: int, timeout_s: float = 300) -> None:
    """Until the plain app's iframe shows ``count`` SVG polygons (or more), then a frame.

    Polled from the top page through the (same-origin) iframe, so it survives Streamlit
    replacing the iframe element while the page boots.
    """
    page.wait_for_function(
        'n => { const f = document.querySelector("' + PLAIN_FRAME.replace('"', '\\"') + '");'
        " const w = f && f.contentWindow; return !!(w && w.document.querySelectorAll("
        "'path.leaflet-interactive').length >= n); }",
        arg=count,
        timeout=timeout_s * 1000,
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(true)))")


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def payload_bytes(page: Page) -> int:
    """Bytes of the payload the map component received for its current view (the map data
    alone, without the rest of the page's messages)."""
    return int(page.get_attribute(MAP, "data-payload-bytes") or 0)


# --- Measurements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """One navigation, in seconds from the ``goto`` call.

    ``driver``: the test driver saw the map's units drawn and then got a painted frame back
    (what ``wait_map_units`` waits for; it includes the driver's own round trips, and it
    waits for the page's main thread if the page is still busy). ``drawn``: the page's own
    clock at the mutation that drew the map's last unit. ``complete``: the same clock when
    the option widgets and the side panel were drawn too.
    """

    driver: float
    drawn: float
    complete: float


def _visit(tab: Tab, url: str, path: str, count: int) -> Visit:
    page = tab.page
    started = time.time()  # the browser's clock (performance.timeOrigin) is epoch-based
    start = time.perf_counter()
    page.goto(f"{url}{path}")
    wait_map_units(page, count)
    driver = time.perf_counter() - start
    page.wait_for_function("() => window.vnMarks && window.vnMarks.complete")
    origin, marks = page.evaluate("() => [performance.timeOrigin, window.vnMarks]")
    since = origin / 1000 - started  # from goto to the navigation's start

    return Visit(
        driver=driver,
        drawn=since + marks[f"units_{count}"] / 1000,
        complete=since + marks["complete"] / 1000,
    )


def _all_communes(tab: Tab, url: str) -> Visit:
    return _visit(tab, url, "/?all=1", N_COMMUNES)


def _all_communes_in_app(tab: Tab, url: str) -> float:
    """From the country view (34 provinces, page loaded), switch on "all communes": the
    in-app navigation to the same view."""
    page = tab.page
    _visit(tab, url, "/", 34)
    toggle = page.locator(".st-key-all_communes label")
    toggle.wait_for()
    start = time.perf_counter()
    toggle.click()
    wait_map_units(page, N_COMMUNES)
    return time.perf_counter() - start


def _province_direct(tab: Tab, url: str) -> Visit:
    return _visit(tab, url, f"/?province={CAO_BANG}", 56)


_MARK_CODES = """() => { const map = document.querySelector(".vn-map").vnMap;
    map.vn.units.eachLayer(l => { if (l._path) l._path.setAttribute("data-code", l.vnCode); }); }"""


def _country_then_drill(tab: Tab, url: str) -> tuple[Visit, float, float]:
    """Country view; click Cao Bằng → its communes; click a commune → detail panel."""
    page = tab.page
    country = _visit(tab, url, "/", 34)  # a user clicks once the page is complete
    page.evaluate(_MARK_CODES)
    start = time.perf_counter()
    page.locator(f"{MAP} path[data-code='{CAO_BANG}']").click(force=True)
    # Same map: the view's units are swapped in place, 34 provinces → 56 communes.
    wait_map_units(page, 56, timeout_s=60)
    drill = time.perf_counter() - start

    start = time.perf_counter()
    page.locator(f"{MAP} path.leaflet-interactive").nth(10).click(force=True)
    table = page.locator(".st-key-predecessor_table table")
    table.wait_for(state="visible", timeout=60_000)
    panel = time.perf_counter() - start
    return country, drill, panel


def measure_ours(browser, url: str, runs: int) -> dict:
    out: dict[str, list[float]] = defaultdict(list)

    def add(name: str, visit: Visit) -> None:
        out[f"{name}_s"].append(visit.driver)
        out[f"{name}_drawn_s"].append(visit.drawn)
        out[f"{name}_complete_s"].append(visit.complete)

    external: list[str] = []
    for _ in range(runs):
        tab = Tab(browser)  # fresh context: empty browser cache, a first visit
        add("country_all_interactive", _all_communes(tab, url))
        out["country_all_payload_mb"].append(tab.ws_bytes / 1e6)
        # Same context again: Streamlit's own scripts are in the browser cache (a return visit).
        add("country_all_warm_cache", _all_communes(tab, url))
        external += tab.external
        tab.close()

        tab = Tab(browser)
        out["country_all_in_app_s"].append(_all_communes_in_app(tab, url))
        tab.close()

        tab = Tab(browser)
        add("province_direct", _province_direct(tab, url))
        tab.close()

        tab = Tab(browser)
        country, drill, panel = _country_then_drill(tab, url)
        add("country_provinces", country)
        out["province_drilldown_s"].append(drill)
        out["commune_panel_s"].append(panel)
        external += tab.external
        tab.close()

    summary: dict[str, object] = {k: statistics.median(v) for k, v in out.items()}
    summary["runs"] = {k: [round(x, 3) for x in v] for k, v in out.items()}
    summary["external_requests"] = sorted(set(external))
    tab = Tab(browser)
    _all_communes(tab, url)
    summary["country_all_script_mb"] = payload_bytes(tab.page) / 1e6
    tab.close()
    return summary


def minimal_floor(browser, runs: int) -> float:
    """Navigation → shown for the smallest Streamlit page, fresh context: what Streamlit
    itself costs on this machine before any of our work (same server options as the app)."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "minimal_app.py"
        script.write_text(MINIMAL_APP, encoding="utf-8")
        (Path(folder) / ".streamlit").mkdir()
        shutil.copyfile(
            REPO / ".streamlit" / "config.toml", Path(folder) / ".streamlit" / "config.toml"
        )
        with streamlit_server(script, Path(folder)) as url:
            times = []
            for _ in range(runs + 1):
                tab = Tab(browser)
                start = time.perf_counter()
                tab.page.goto(url)
                tab.page.get_by_text("Streamlit is up.").wait_for()
                times.append(time.perf_counter() - start)
                tab.close()
    return statistics.median(times[1:])


def measure_plain(browser, url: str, timeout_s: float) -> dict:
    result: dict[str, object] = {}
    # 1. As it is, offline: does it draw at all?
    tab = Tab(browser)
    tab.page.goto(f"{url}/?province={CAO_BANG}")
    try:
        wait_plain_paths(tab.page, 1, timeout_s=20)
        result["offline_draws"] = True
    except Exception:
        result["offline_draws"] = False
    result["offline_external_requests"] = sorted(set(tab.external))
    tab.close()

    # 2. With its CDN requests answered locally: time it.
    # The small view first: the server keeps working on a big session after its tab closes.
    for name, path, count in (
        ("province", f"/?province={CAO_BANG}", 56),
        ("country_all", "/", N_COMMUNES),
    ):
        tab = Tab(browser, serve_cdn=True)
        page = tab.page
        start = time.perf_counter()
        try:
            page.goto(f"{url}{path}", timeout=timeout_s * 1000)
            wait_plain_paths(page, count, timeout_s=timeout_s)
            result[f"{name}_interactive_s"] = time.perf_counter() - start
        except Exception as error:
            result[f"{name}_interactive_s"] = None
            result[f"{name}_error"] = str(error).splitlines()[0]
        result[f"{name}_payload_mb"] = tab.ws_bytes / 1e6
        tab.close()
    return result


# --- Report -------------------------------------------------------------------------------------


def report(ours: dict, plain: dict | None, warmup: dict, floor: float | None) -> str:
    def fmt(value, unit="s") -> str:
        if value is None:
            return "—"
        return f"{value:.2f} {unit}" if unit == "s" else f"{value:.2f} MB"

    target = TARGETS["country_all_interactive_s"]
    rows = [
        ("All 3,321 communes, first visit (empty browser cache): navigation →", None, "", None),
        ("  map drawn (page clock)", ours["country_all_interactive_drawn_s"], "s", target),
        (
            "  map drawn, seen by the driver + a painted frame",
            ours["country_all_interactive_s"],
            "s",
            target,
        ),
        (
            "  whole page (options, side panel) drawn",
            ours["country_all_interactive_complete_s"],
            "s",
            None,
        ),
        (
            "All 3,321 communes, return visit: map drawn (page clock)",
            ours["country_all_warm_cache_drawn_s"],
            "s",
            target,
        ),
        ("  seen by the driver + a painted frame", ours["country_all_warm_cache_s"], "s", target),
        (
            "All 3,321 communes: switched on in the page (country view open)",
            ours["country_all_in_app_s"],
            "s",
            target,
        ),
        (
            "All communes: bytes received on the websocket (whole page)",
            ours["country_all_payload_mb"],
            "MB",
            TARGETS["country_all_payload_mb"],
        ),
        (
            "All communes: map payload received by the component",
            ours["country_all_script_mb"],
            "MB",
            None,
        ),
        (
            "34 provinces, first visit: map drawn (page clock)",
            ours["country_provinces_drawn_s"],
            "s",
            None,
        ),
        ("  seen by the driver + a painted frame", ours["country_provinces_s"], "s", None),
        (
            "Province Cao Bằng: click on the country map → drawn",
            ours["province_drilldown_s"],
            "s",
            TARGETS["province_drilldown_s"],
        ),
        (
            "Province Cao Bằng, first visit: map drawn (page clock)",
            ours["province_direct_drawn_s"],
            "s",
            None,
        ),
        (
            "Click a commune → detail panel with predecessors",
            ours["commune_panel_s"],
            "s",
            TARGETS["commune_panel_s"],
        ),
    ]
    lines = [f"{'Measure (median of runs)':62} {'value':>9} {'target':>8}  ok", "-" * 86]
    for label, value, unit, target in rows:
        if value is None:  # a heading
            lines.append(label)
            continue
        ok = "" if target is None else ("yes" if value <= target else "NO")
        target_text = "" if target is None else fmt(target, unit)
        lines.append(f"{label:62} {fmt(value, unit):>9} {target_text:>8}  {ok}")
    lines.append("")
    if floor is not None:
        lines.append(f"Floor on this machine: smallest Streamlit page, first visit: {fmt(floor)}")
    lines.append(
        f"First load after a server start (cold server caches): all communes "
        f"{fmt(warmup['country_all_s'])}, province {fmt(warmup['province_s'])}"
    )
    lines.append(f"Requests outside localhost: {ours['external_requests'] or 'none'}")
    lines.append(
        f"Machine: {os.cpu_count()} CPUs; load average before / after the run: "
        f"{warmup.get('load_before', '?')} / {warmup.get('load_after', '?')} (other "
        "processes share the CPUs: compare with the floor measured in the same run)"
    )
    if plain is not None:
        lines.append("")
        lines.append("Plain approach: folium.Choropleth over the full-detail layer via st_folium")
        lines.append(
            f"  offline, as written: draws a map = {plain['offline_draws']}; stops at "
            f"{', '.join(plain['offline_external_requests']) or 'nothing'}"
        )
        for name, ours_key in (
            ("country_all", "country_all_interactive_s"),
            ("province", "province_direct_s"),
        ):
            seconds = plain.get(f"{name}_interactive_s")
            payload = plain.get(f"{name}_payload_mb")
            ratio = f"{seconds / ours[ours_key]:.1f}× ours" if seconds else "did not finish"
            lines.append(
                f"  {name:12} (CDN served locally, d3 stubbed): {fmt(seconds):>9}, websocket "
                f"{fmt(payload, 'MB'):>10}  → {ratio} ({fmt(ours[ours_key])})"
            )
            if plain.get(f"{name}_error"):
                lines.append(f"      {plain[f'{name}_error']}")
        if plain.get("country_all_payload_mb"):
            ratio = plain["country_all_payload_mb"] / ours["country_all_payload_mb"]
            lines.append(f"  payload, all communes: {ratio:.0f}× ours")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain-timeout", type=float, default=240.0)
    parser.add_argument("--skip-plain", action="store_true")
    args = parser.parse_args()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        load_before = round(os.getloadavg()[0], 2)
        floor = minimal_floor(browser, args.runs)
        with streamlit_server(REPO / "streamlit_app.py", REPO) as url:
            warmup = {}
            tab = Tab(browser)
            warmup["country_all_s"] = _all_communes(tab, url).driver
            tab.close()
            tab = Tab(browser)
            warmup["province_s"] = _province_direct(tab, url).driver
            tab.close()
            ours = measure_ours(browser, url, args.runs)
            warmup["load_before"] = load_before
            warmup["load_after"] = round(os.getloadavg()[0], 2)
        plain = None
        if not args.skip_plain:
            with tempfile.TemporaryDirectory() as folder:
                script = Path(folder) / "plain_app.py"
                script.write_text(PLAIN_APP.format(repo=str(REPO)), encoding="utf-8")
                with streamlit_server(script, Path(folder)) as url:
                    plain = measure_plain(browser, url, args.plain_timeout)
        browser.close()

    text = report(ours, plain, warmup, floor)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    record = {"ours": ours, "plain": plain, "warmup": warmup, "floor_s": floor, "targets": TARGETS}
    (OUT / f"bench_map-{stamp}.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (OUT / f"bench_map-{stamp}.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
