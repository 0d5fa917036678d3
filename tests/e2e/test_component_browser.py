"""The map component in Chromium, on a page with nothing else (``component_app.py``: four
literal communes, one named with HTML, a line crossing another), with real mouse input:

* the component runs on the Leaflet version it was reviewed against (a bump must be
  deliberate: what the component relies on is then checked again);
* names with HTML, quotes and ampersands show as text in tooltips, SVG and canvas, and no
  script of theirs runs;
* a click on a line or a place name drawn over a unit reaches the unit, a click outside the
  units reports nothing; the canvas view's hit test finds the unit under the mouse;
* across reruns the map keeps the user's pan unless the view changes, keeps its units layer
  unless the units change, and fits a new view before adding its units;
* during a zoom animation the canvas view is scaled about the point Leaflet moves it to;
* two maps of one sync group follow each other's drags and zooms, both ways;
* the browser requests nothing outside localhost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import LOCAL, require_chromium, streamlit_server

pytestmark = [pytest.mark.browser]

playwright_api = pytest.importorskip("playwright.sync_api")

REPO = Path(__file__).resolve().parents[2]
MAP = ".vn-map"
EVIL_TEXT = '<script>window.vnPwned = 1</script><img src=x onerror="window.vnPwned=2"> & Đông\'s'
#: The middle of each literal commune (lat, lon), and of the line crossing 00001.
MIDDLE = {
    "00001": (21.075, 105.05),
    "00002": (21.05, 105.15),
    "00003": (21.15, 105.05),
    "00004": (21.15, 105.15),
}
ON_THE_LINE = (21.05, 105.05)
OUTSIDE = (21.25, 105.1)


@pytest.fixture(scope="module")
def component_url(tmp_path_factory) -> Iterator[str]:
    require_chromium()
    folder = tmp_path_factory.mktemp("component_app")
    with streamlit_server("tests/e2e/component_app.py", REPO, folder) as url:
        yield url


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh 1280×720 page; after the test, every request it made must have stayed on this
    machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    yield tab
    context.close()
    assert requested and [u for u in requested if not LOCAL.match(u)] == []


def _open(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector(f"{MAP}[data-units='4']", state="attached")
    tab.get_by_text("clicked:").wait_for()
    tab.wait_for_timeout(300)  # the first run's layout settles


def _screen(tab, latlng: tuple[float, float]) -> tuple[float, float]:
    """Page coordinates of a point of the map (Leaflet's public projection)."""
    x, y = tab.evaluate(
        """([m, ll]) => { const el = document.querySelector(m);
            const p = el.vnMap.latLngToContainerPoint(ll), r = el.getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""",
        [MAP, list(latlng)],
    )
    return x, y


def _center(tab) -> list[float]:
    return tab.evaluate(
        "m => { const c = document.querySelector(m).vnMap.getCenter(); return [c.lat, c.lng]; }",
        MAP,
    )


def _hover(tab, latlng) -> str:
    x, y = _screen(tab, latlng)
    tab.mouse.move(x - 3, y)
    tab.mouse.move(x, y)
    tip = tab.locator(f"{MAP} .leaflet-tooltip")
    tip.wait_for()
    return tip.inner_text()


def _click(tab, latlng, code: str) -> None:
    tab.mouse.click(*_screen(tab, latlng))
    tab.get_by_text(f"clicked:{code}", exact=True).wait_for()


def test_the_component_runs_on_the_reviewed_leaflet(component_url, page):
    _open(page, component_url)
    assert page.evaluate("() => window.L.version") == "1.9.3"
    pinned = (REPO / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^xstatic-leaflet==1\.9\.3\.0\b", pinned, re.M), "pin Leaflet exactly"


@pytest.mark.parametrize("canvas", [False, True], ids=["svg", "canvas"])
def test_names_show_as_text_and_run_nothing(component_url, page, canvas):
    _open(page, component_url + ("?canvas=1" if canvas else ""))
    text = _hover(page, MIDDLE["00002"])
    assert EVIL_TEXT in text, text
    assert page.evaluate("() => window.vnPwned") is None
    assert page.locator(f"{MAP} script, {MAP} img[src=x]").count() == 0
    page.screenshot(path=f"/tmp/component_tooltip_{'canvas' if canvas else 'svg'}.png")


def test_a_click_on_a_line_over_a_unit_picks_the_unit(component_url, page):
    _open(page, component_url)
    x, y = _screen(page, ON_THE_LINE)
    # The line is drawn there (8 px wide, red), over the unit …
    line = page.locator(f"{MAP} path[stroke='#d7191c']")
    box = line.bounding_box()
    assert box["x"] <= x <= box["x"] + box["width"] and abs(box["y"] + box["height"] / 2 - y) < 2
    # … and the click goes through it to the unit.
    _click(page, ON_THE_LINE, "00001")
    _click(page, MIDDLE["00004"], "00004")
    # Outside the units nothing reports a click.
    page.mouse.click(*_screen(page, OUTSIDE))
    page.wait_for_timeout(800)
    assert page.get_by_text("clicked:00004", exact=True).is_visible()


@pytest.mark.parametrize("canvas", [False, True], ids=["svg", "canvas"])
def test_a_place_name_lets_clicks_through_to_its_unit(component_url, page, canvas):
    _open(page, component_url + ("?canvas=1" if canvas else ""))
    name = page.locator(f"{MAP} .vn-island-label")
    assert name.inner_text() == "Quần đảo <Thử>\n(x & y)"
    box = name.locator("div").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("clicked:00003", exact=True).wait_for()


def test_the_canvas_view_finds_the_unit_under_the_mouse(component_url, page):
    _open(page, component_url + "?canvas=1")
    assert page.locator(f"{MAP} canvas.vn-canvas-units").count() == 1
    assert page.locator(f"{MAP} path.leaflet-interactive").count() == 0
    for code in ("00003", "00001", "00004"):
        _click(page, MIDDLE[code], code)
    # Just inside a unit's corner, and just outside the grid: nothing there is picked.
    page.mouse.click(*_screen(page, OUTSIDE))
    page.wait_for_timeout(800)
    assert page.get_by_text("clicked:00004", exact=True).is_visible()
    _click(page, (21.199, 105.199), "00004")
    _click(page, (21.001, 105.001), "00001")


def _drag(tab, dx: float, dy: float) -> None:
    x, y = _screen(tab, MIDDLE["00001"])
    tab.mouse.move(x, y)
    tab.mouse.down()
    for step in range(1, 9):
        tab.mouse.move(x + dx * step / 8, y + dy * step / 8)
    tab.mouse.up()


def _mark_units(tab) -> None:
    tab.evaluate("m => { document.querySelector(m).vnMap.vn.units.vnMark = 'kept'; }", MAP)


def _units_marked(tab) -> bool:
    return tab.evaluate("m => document.querySelector(m).vnMap.vn.units.vnMark === 'kept'", MAP)


def _rerun(tab, key: str, payloads: int) -> None:
    """Click a harness button and wait until the map has drawn the run's payload."""
    tab.locator(f".st-key-{key} button").click()
    tab.wait_for_function(
        "([m, n]) => document.querySelector(m).vnMap.vnPayloads >= n", arg=[MAP, payloads]
    )


_COUNT_PAYLOADS = """m => { const map = document.querySelector(m).vnMap;
    map.vnPayloads = 0;
    new MutationObserver(() => { map.vnPayloads += 1; })
        .observe(document.querySelector(m), {attributes: true, attributeFilter: ['data-view']});
}"""


def _settled(page, quiet_ms: int = 400) -> list[float]:
    """The map's centre once it has stopped moving for ``quiet_ms``."""
    last = _center(page)
    while True:
        page.wait_for_timeout(quiet_ms)
        now = _center(page)
        if now == last:
            return now
        last = now


def test_reruns_keep_the_users_view_and_units_until_they_change(component_url, page):
    _open(page, component_url)
    fitted = _center(page)
    _drag(page, 120, 60)
    panned = _settled(page)  # the drag's inertia ends (later on a busy machine)
    assert abs(panned[1] - fitted[1]) > 0.01, (fitted, panned)
    page.evaluate(_COUNT_PAYLOADS, MAP)
    _mark_units(page)
    # New values: a new units layer, the user's view kept.
    _rerun(page, "other_values", 1)
    assert not _units_marked(page)
    # (within a metre: the map's size is measured again, sub-pixel; a fit moves it kilometres)
    assert _center(page) == pytest.approx(panned, abs=1e-5)
    # A new view: fitted again, the units layer kept.
    _mark_units(page)
    page.evaluate(_COUNT_PAYLOADS, MAP)
    _rerun(page, "other_view", 1)
    assert _units_marked(page)
    assert _center(page) == pytest.approx(fitted, abs=1e-6)


_RECORD = """m => { const map = document.querySelector(m).vnMap;
    window.vnEvents = [];
    map.on('moveend', () => window.vnEvents.push('fit'));
    map.on('layeradd', (e) => { if (e.layer.vnCode) window.vnEvents.push('unit'); });
    map.on('layerremove', (e) => { if (e.layer.vnCode) window.vnEvents.push('gone'); });
}"""


def test_a_new_view_is_fitted_before_its_units_are_added(component_url, page):
    """Fitting with the units on the map would project every vertex once more."""
    _open(page, component_url)
    _drag(page, 120, 60)  # so that the fit moves the map
    page.wait_for_timeout(800)
    page.evaluate(_RECORD, MAP)
    page.evaluate(_COUNT_PAYLOADS, MAP)
    _rerun(page, "other_both", 1)
    events = page.evaluate("() => window.vnEvents")
    assert events.count("unit") == 4 and events.count("gone") == 4, events
    assert events.count("fit") == 1, events
    assert events.index("fit") < events.index("unit"), events
    assert max(i for i, e in enumerate(events) if e == "gone") < events.index("fit"), events


_ZOOM_WATCH = """m => { const el = document.querySelector(m), map = el.vnMap;
    const canvas = el.querySelector('canvas.vn-canvas-units');
    const before = L.DomUtil.getPosition(canvas);
    const corner = map.layerPointToLatLng(before);  // the canvas's top left, kept in degrees
    window.vnZoom = {zoom: map.getZoom()};
    map.once('zoomanim', () => { window.vnZoom.transform = canvas.style.transform; });
    map.once('zoomend', () => {
        const p = map.latLngToLayerPoint(corner);
        window.vnZoom.after = [p.x, p.y];
        window.vnZoom.newZoom = map.getZoom();
    });
}"""


def test_the_canvas_zooms_about_the_point_leaflet_moves_it_to(component_url, page):
    _open(page, component_url + "?canvas=1")
    page.evaluate(_ZOOM_WATCH, MAP)
    page.locator(f"{MAP} .leaflet-control-zoom-in").click()  # an animated zoom
    page.wait_for_function("() => window.vnZoom.after !== undefined")
    watched = page.evaluate("() => window.vnZoom")
    found = re.match(
        r"translate3d\((-?[\d.]+)px, (-?[\d.]+)px, 0px\) scale\(([\d.]+)\)", watched["transform"]
    )
    assert found, watched
    x, y, scale = (float(v) for v in found.groups())
    assert scale == pytest.approx(2 ** (watched["newZoom"] - watched["zoom"]))
    assert [x, y] == pytest.approx(watched["after"], abs=0.01), watched


_VIEWS = """() => [...document.querySelectorAll('.vn-map')].map((el) => {
    const m = el.vnMap, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; })"""


def test_maps_of_one_sync_group_follow_each_other(component_url, page):
    page.goto(component_url + "?pair=1")
    page.wait_for_function("() => document.querySelectorAll('.vn-map[data-units]').length === 2")
    page.wait_for_timeout(500)
    start = page.evaluate(_VIEWS)
    left, right = page.locator(MAP).nth(0), page.locator(MAP).nth(1)
    # Drag the left map: the right one shows the same place.
    box = left.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(x + 10 * step, y + 5 * step)
    page.mouse.up()
    page.wait_for_timeout(800)
    dragged = page.evaluate(_VIEWS)
    assert abs(dragged[0][1] - start[0][1]) > 0.01, (start, dragged)
    assert dragged[1] == pytest.approx(dragged[0], abs=1e-9)
    # Zoom the right map with the wheel: the left one zooms too.
    box = right.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 3)
    page.mouse.wheel(0, -240)
    page.wait_for_timeout(1200)
    zoomed = page.evaluate(_VIEWS)
    assert zoomed[1][2] > dragged[1][2], (dragged, zoomed)
    assert zoomed[0] == pytest.approx(zoomed[1], abs=1e-9)
