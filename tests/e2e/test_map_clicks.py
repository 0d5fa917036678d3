"""Maps that never hide data or lose a click, in Chromium with real mouse
clicks (``page.mouse``: no ``force``, no synthetic events).

* The first click on a commune of a fresh page selects it, and the page does not scroll
  between mousedown and mouseup. (Leaflet focused its container on the first mousedown and
  the browser scrolled Streamlit's main area to show the whole map: the click was lost.)
* The map's title, legend and source boxes never cover a drawn unit, and neither do the
  zoom buttons or the scale: each unit's screen bounding box lies inside the map and clear
  of all of them, at desktop and phone sizes, in Vietnamese and English.

Screenshots of every checked view go to ``/tmp/mapfix_*.png``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.mirror("browser journeys over the whole country"),
]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

playwright_api = pytest.importorskip("playwright.sync_api")

MAP = ".vn-map"
SIZES = {"1400x1000": (1400, 1000), "1280x720": (1280, 720), "390x844": (390, 844)}


@pytest.fixture(params=list(SIZES))
def sized_page(request, browser) -> Iterator[tuple[str, object]]:
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    yield request.param, tab
    context.close()


def _open(tab, url: str, units: int) -> None:
    """Load ``url`` and wait for its map with ``units`` units and for the page's full run
    (options and side panel), after which the map's column keeps its width."""
    tab.goto(url)
    tab.wait_for_selector(f"{MAP}[data-units='{units}']", state="attached")
    tab.locator(".st-key-metric").wait_for(state="attached")
    tab.locator(".vn-map-below .vn-legend").wait_for(state="attached")
    tab.wait_for_timeout(400)  # a resize's refit is synchronous; let layout settle


def _scroll_state(tab) -> dict[str, float]:
    return tab.evaluate(
        """() => ({window: scrollY,
                   main: (document.querySelector('[data-testid=stMain]') || {}).scrollTop || 0})"""
    )


# --- The first click -----------------------------------------------------------------------------

_VISIBLE_UNIT = """m => {
    // The first commune whose middle is on screen and not covered: where a user would click.
    const map = document.querySelector(m).vnMap;
    const layers = [];
    map.vn.units.eachLayer((layer) => layers.push(layer));
    for (const layer of layers) {
        const r = layer.getElement().getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        if (document.elementFromPoint(x, y) === layer.getElement())
            return {code: layer.vnCode, x, y};
    }
    return null;
}"""

_RECORD_MOUSEDOWN = """() => {
    window.vnScrollAt = {};
    const main = document.querySelector('[data-testid=stMain]');
    const log = (e) => { window.vnScrollAt[e.type] = [scrollY, main ? main.scrollTop : 0]; };
    document.addEventListener('mousedown', log, true);
    document.addEventListener('mouseup', log, true);
}"""


@pytest.mark.parametrize("size", ["1280x720", "390x844"])
def test_first_click_on_a_commune_selects_it_without_scrolling(app_url, browser, size):
    from loaders.layers import load_communes

    names = load_communes("overview", province="04").set_index("code")["name"]
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    try:
        _open(tab, f"{app_url}/?province=04", 56)
        before = _scroll_state(tab)
        target = tab.evaluate(_VISIBLE_UNIT, MAP)
        assert target is not None, "no commune of Cao Bằng is on screen"
        tab.evaluate(_RECORD_MOUSEDOWN)
        tab.mouse.click(target["x"], target["y"])
        panel = tab.locator(".st-key-detail_panel")
        panel.get_by_text(f"Mã: {target['code']}").wait_for()
        assert str(names[target["code"]]) in panel.inner_text()
        # The URL follows once the run that drew the panel has finished.
        tab.wait_for_url(re.compile(r"[?&]commune=" + target["code"] + r"(&|$)"))
        at = tab.evaluate("() => window.vnScrollAt")
        # No scroll between mousedown and mouseup, nor before it.
        assert at["mousedown"] == at["mouseup"] == [before["window"], before["main"]], at
        tab.screenshot(path=f"/tmp/mapfix_first_click_{size}.png")
    finally:
        context.close()


# --- Nothing over the units ----------------------------------------------------------------------

_RECTS = """m => {
    const el = document.querySelector(m), map = el.vnMap;
    const rect = (r) => [r.left, r.top, r.right, r.bottom];
    const mapBox = el.getBoundingClientRect();
    const units = [];
    if (map.vn.units._shapes) {
        // Canvas view: each unit's box in zoom-0 world pixels, taken to the screen.
        const scale = Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
        const screen = (x, y) => { const p = map.layerPointToContainerPoint(
            L.point(x * scale - origin.x, y * scale - origin.y));
            return [mapBox.left + p.x, mapBox.top + p.y]; };
        map.vn.units._shapes.forEach((s) => {
            units.push([...screen(s.box[0], s.box[1]), ...screen(s.box[2], s.box[3])]);
        });
    } else {
        map.vn.units.eachLayer((l) => units.push(rect(l.getElement().getBoundingClientRect())));
    }
    const frame = el.closest('.vn-map-frame');
    const boxes = [...frame.querySelectorAll('.vn-box'), ...el.querySelectorAll('.leaflet-control')]
        .map((b) => ({name: b.className, rect: rect(b.getBoundingClientRect())}));
    return {map: rect(mapBox), units, boxes};
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    ("view", "units"),
    [("province=04", 56), ("province=04&commune=01273", 56), ("", 34)],
    ids=["cao-bang", "cao-bang-selected", "country"],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_box_or_control_covers_a_unit(app_url, sized_page, view, units, lang):
    size, tab = sized_page
    _open(tab, f"{app_url}/?{view}&lang={lang}", units)
    found = tab.evaluate(_RECTS, MAP)
    assert len(found["units"]) == units and len(found["boxes"]) >= 5
    map_box = found["map"]
    slack = 1.0  # sub-pixel rounding of the fit
    for unit in found["units"]:
        # Fitted: every unit wholly in the map's drawing area.
        assert unit[0] >= map_box[0] - slack and unit[2] <= map_box[2] + slack, (unit, map_box)
        assert unit[1] >= map_box[1] - slack and unit[3] <= map_box[3] + slack, (unit, map_box)
        for box in found["boxes"]:
            assert not _overlap(unit, box["rect"]), (box["name"], box["rect"], unit)
    tab.locator(".vn-map-frame").screenshot(
        path=f"/tmp/mapfix_boxes_{size}_{lang}_{view.replace('&', '_') or 'country'}.png"
    )


def test_no_box_covers_a_unit_of_the_all_communes_canvas(app_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    try:
        _open(tab, f"{app_url}/?all=1&lang=en", 3321)
        found = tab.evaluate(_RECTS, MAP)
        assert len(found["units"]) == 3321
        map_box = found["map"]
        for unit in found["units"]:
            assert map_box[0] - 1 <= unit[0] and unit[2] <= map_box[2] + 1
            assert map_box[1] - 1 <= unit[1] and unit[3] <= map_box[3] + 1
            for box in found["boxes"]:
                assert not _overlap(unit, box["rect"]), (box["name"], unit)
        tab.locator(".vn-map-frame").screenshot(path="/tmp/mapfix_boxes_all_communes.png")
    finally:
        context.close()


def test_tooltip_is_above_the_controls_and_the_legend_folds(app_url, browser):
    """The units' tooltip is drawn above the zoom buttons (its pane, not Leaflet's, which
    lies under every control); the legend below the map folds."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    try:
        _open(tab, f"{app_url}/?province=04", 56)
        target = tab.evaluate(_VISIBLE_UNIT, MAP)
        tab.mouse.move(target["x"] - 2, target["y"])
        tab.mouse.move(target["x"], target["y"])
        tooltip = tab.locator(f"{MAP} .leaflet-tooltip")
        tooltip.wait_for()
        z = tab.evaluate(
            """m => { const el = document.querySelector(m);
                const z = (e) => Number(getComputedStyle(e).zIndex) || 0;
                const tip = el.querySelector('.leaflet-tooltip').closest('.leaflet-pane');
                return [tip.parentElement === el, z(tip),
                        z(el.querySelector('.leaflet-top'))]; }""",
            MAP,
        )
        assert z[0] and z[1] > z[2], z
        legend = tab.locator(".vn-map-below details.vn-legend")
        assert legend.get_attribute("open") is not None
        legend.locator("summary").click()
        assert legend.get_attribute("open") is None
        assert legend.locator("table").is_hidden()
    finally:
        context.close()
