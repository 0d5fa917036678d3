"""Real-browser tests of the compare page (the router's ``/compare``), Debian's Chromium, no
internet. Every click on a map is a real mouse click on a unit the user can see.

* side by side, dragging or zooming either map moves the other;
* a click on a new unit or on an old unit picks it: its lineage is outlined in red on both
  maps, both maps move to it, the lineage table lists it and the URL names it;
* a compare link restores its view in a fresh browser; the map page's province carries over;
* the province-level maps name both archipelagos, in both languages;
* at 1400×1000, 1280×720 and 390×844, in both languages, the maps fit the screen;
* the browser requests nothing outside localhost.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser_support import LOCAL

pytestmark = [pytest.mark.browser, pytest.mark.mirror("the pre-2025 layers")]

SHOTS = Path(os.environ.get("VNMAP_SHOTS", "/tmp/shots"))
OLD_MAP, NEW_MAP = ".st-key-cmp_map_old .vn-map", ".st-key-cmp_map_new .vn-map"
RED = "#d7191c"
SIZES = {"1400x1000": (1400, 1000), "1280x720": (1280, 720), "390x844": (390, 844)}


@pytest.fixture
def tab(browser):
    """A fresh page at 1400×1000; every request and websocket is recorded and, after the
    test, must have stayed on this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.on("websocket", lambda ws: requests.append(ws.url))
    yield page
    context.close()
    outside = sorted({u for u in requests if not LOCAL.match(u)})
    assert not outside, f"requests outside localhost: {outside[:10]}"
    assert requests, "no request was recorded at all"


def open_compare(tab, url: str, query: str = "", maps: int = 2) -> None:
    tab.goto(f"{url}/compare{query}")
    tab.wait_for_function(
        "n => document.querySelectorAll('.vn-map[data-units]').length === n", arg=maps
    )
    # The light first run is followed by the full page: wait for its lineage section.
    tab.locator(".st-key-cmp_new_code").wait_for()
    tab.locator(NEW_MAP).scroll_into_view_if_needed()


def centre(tab, selector: str) -> tuple[float, float, float]:
    """Centre (lat, lon) and zoom of a map."""
    return tuple(
        tab.evaluate(
            "s => { const m = document.querySelector(s).vnMap, c = m.getCenter();"
            " return [c.lat, c.lng, m.getZoom()]; }",
            selector,
        )
    )


_VISIBLE_UNIT = """s => {
    // The unit nearest the middle of the map whose middle is on screen and not covered.
    const el = document.querySelector(s), map = el.vnMap, box = el.getBoundingClientRect();
    const mx = box.left + box.width / 2, my = box.top + box.height / 2;
    let best = null;
    map.vn.units.eachLayer((layer) => {
        const r = layer.getElement().getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < box.left || y < box.top || x > box.right || y > box.bottom) return;
        if (x >= innerWidth || y >= innerHeight || x < 0 || y < 0) return;
        if (document.elementFromPoint(x, y) !== layer.getElement()) return;
        const d = Math.abs(x - mx) + Math.abs(y - my);
        if (!best || d < best.d) best = {code: layer.vnCode, x, y, d};
    });
    return best;
}"""


def red_outlines(tab, selector: str) -> int:
    return tab.locator(f"{selector} path[stroke='{RED}']").count()


def test_dragging_or_zooming_one_map_moves_the_other(app_url, tab):
    open_compare(tab, app_url)
    before = centre(tab, NEW_MAP)
    box = tab.locator(OLD_MAP).bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6
    tab.mouse.move(x, y)
    tab.mouse.down()
    tab.mouse.move(x + 150, y + 80, steps=12)
    tab.mouse.up()
    tab.wait_for_timeout(300)
    old, new = centre(tab, OLD_MAP), centre(tab, NEW_MAP)
    # Dragged right and down: the view moves west and north, on both maps.
    assert new[1] < before[1] - 0.01 and new[0] > before[0] + 0.01
    assert new == pytest.approx(old, abs=1e-6)
    # Zoom in on the new map: the old one follows.
    tab.locator(f"{NEW_MAP} .leaflet-control-zoom-in").click()
    tab.wait_for_timeout(600)
    old, new = centre(tab, OLD_MAP), centre(tab, NEW_MAP)
    assert new[2] > before[2] and old == pytest.approx(new, abs=1e-6)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / "compare_side_by_side.png"))
    # A change of mode keeps the place the user moved to, both ways.
    tab.locator(".st-key-cmp_mode label").filter(has_text="Chồng lớp").click()
    tab.wait_for_function("() => document.querySelectorAll('.vn-map[data-units]').length === 1")
    assert centre(tab, NEW_MAP) == pytest.approx(new, abs=1e-6)
    tab.locator(".st-key-cmp_mode label").filter(has_text="cạnh nhau").click()
    tab.wait_for_function("() => document.querySelectorAll('.vn-map[data-units]').length === 2")
    tab.wait_for_timeout(500)  # the columns settle (a resize refits a map the user left alone)
    assert centre(tab, OLD_MAP) == pytest.approx(new, abs=1e-6)
    assert centre(tab, NEW_MAP) == pytest.approx(new, abs=1e-6)


def test_click_on_a_new_unit_picks_it_on_both_maps(app_url, tab):
    from loaders.compare import legacy_areas
    from loaders.lineage import predecessors

    open_compare(tab, app_url)
    before = centre(tab, OLD_MAP)
    target = tab.evaluate(_VISIBLE_UNIT, NEW_MAP)
    assert target is not None, "no new unit on screen"
    tab.mouse.click(target["x"], target["y"])
    code = target["code"]
    tab.get_by_text(re.compile(rf"Đã chọn: .+ \({code}\)")).wait_for()
    tab.wait_for_url(re.compile(rf"[?&]new={code}(&|$)"))
    # The lineage table lists every predecessor.
    expected = predecessors(code)
    for name in expected["old_full_name"]:
        tab.locator("table").filter(has_text=name).first.wait_for()
    # Both maps moved to it and outline it in the legend's red: the unit on the new map,
    # its predecessors (those with a polygon) on the old one.
    for selector in (OLD_MAP, NEW_MAP):
        assert tab.locator(selector).get_attribute("data-view").endswith(f":{code}:")
    assert red_outlines(tab, NEW_MAP) == 1
    with_polygon = set(expected["old_code"]) & set(legacy_areas().index)
    assert red_outlines(tab, OLD_MAP) == len(with_polygon)
    after = centre(tab, OLD_MAP)
    assert after[2] > before[2] and after == pytest.approx(centre(tab, NEW_MAP), abs=1e-6)
    legend = tab.locator(f"{NEW_MAP}").locator("xpath=..").locator(".vn-legend").inner_text()
    assert "Đơn vị đang chọn" in legend
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / "compare_pick_new.png"))


def test_click_on_an_old_unit_picks_it_on_both_maps(app_url, tab):
    from loaders.lineage import successors

    open_compare(tab, app_url)
    target = tab.evaluate(_VISIBLE_UNIT, OLD_MAP)
    assert target is not None, "no old unit on screen"
    tab.mouse.click(target["x"], target["y"])
    code = target["code"]
    tab.wait_for_url(re.compile(rf"[?&]old={code}(&|$)"))
    went = successors(code)
    tab.get_by_text(re.compile(r"đã về")).first.wait_for()
    for name in went["new_full_name"]:
        tab.locator("table").filter(has_text=name).first.wait_for()
    for selector in (OLD_MAP, NEW_MAP):
        assert tab.locator(selector).get_attribute("data-view").endswith(f":{code}")
    assert red_outlines(tab, OLD_MAP) == 1
    assert red_outlines(tab, NEW_MAP) == len(went)
    tab.screenshot(path=str(SHOTS / "compare_pick_old.png"))


def test_a_compare_link_restores_its_view_in_a_fresh_browser(app_url, tab):
    open_compare(tab, app_url, "?province=01&mode=overlay&fill=n_pred&new=00004", maps=1)
    assert tab.locator(NEW_MAP).get_attribute("data-view") == "communes:01:00004:"
    assert "Hà Nội" in tab.locator(".st-key-cmp_province input").input_value()
    assert "Số đơn vị cũ" in tab.locator(".st-key-cmp_metric input").input_value()
    assert tab.locator(OLD_MAP).count() == 0  # overlay: one map
    assert red_outlines(tab, NEW_MAP) >= 2  # the unit, and its predecessors dashed
    tab.get_by_text(re.compile(r"Đã chọn: .+ \(00004\)")).wait_for()
    # A bad value is named, and the default is used.
    open_compare(tab, app_url, "?province=99")
    tab.get_by_text("«99»").wait_for()
    assert "Cao Bằng" in tab.locator(".st-key-cmp_province input").input_value()


def test_the_map_pages_province_carries_over(app_url, tab):
    tab.goto(f"{app_url}/?province=01")
    tab.wait_for_selector(".vn-map[data-units]")
    tab.locator("[data-testid=stSidebarNav] a[href$='/compare']").click()
    tab.wait_for_function("() => document.querySelectorAll('.vn-map[data-units]').length === 2")
    assert "Hà Nội" in tab.locator(".st-key-cmp_province input").input_value()
    tab.wait_for_url(re.compile(r"/compare\?province=01$"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_province_maps_name_both_archipelagos(app_url, tab, lang):
    """Sovereignty convention: the old (2023) province map, whose layer lacks most of Hoàng
    Sa and Trường Sa, draws them from the 2025 layer, says so, and names them; so does the
    new map."""
    open_compare(tab, app_url, f"?level=province&lang={lang}")
    hoang_sa, truong_sa = (
        ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa")
        if lang == "vi"
        else ("Hoàng Sa archipelago", "Trường Sa archipelago")
    )
    for selector in (OLD_MAP, NEW_MAP):
        tab.locator(f"{selector} .vn-island-label").nth(1).wait_for(state="attached")
        text = tab.locator(selector).inner_text()
        assert hoang_sa in text and truong_sa in text, selector
    frame = tab.locator(OLD_MAP).locator("xpath=..")
    expected = "vẽ từ lớp ranh giới 2025" if lang == "vi" else "drawn from the 2025 layer"
    assert expected in frame.inner_text()
    assert tab.locator(OLD_MAP).get_attribute("data-units") == "63"
    assert tab.locator(NEW_MAP).get_attribute("data-units") == "34"
    hits = tab.evaluate(
        """() => [...document.querySelectorAll('.vn-island-label > div')].map((d) => {
            const r = d.getBoundingClientRect();
            const e = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
            return !!(e && e.closest('.vn-island-label')); })"""
    )
    assert hits == [False] * 4  # names let the pointer through, on both maps
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"compare_provinces_{lang}.png"))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compare_maps_fit_the_screen(app_url, browser, size, lang):
    """Both maps fit the page's width (side by side, or stacked on a phone), the page has no
    sideways scroll, and a unit under the finger picks it."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_compare(page, app_url, f"?lang={lang}")
        for selector in (OLD_MAP, NEW_MAP):
            box = page.locator(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box)
            assert box["height"] >= 300
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        target = page.evaluate(_VISIBLE_UNIT, NEW_MAP)
        assert target is not None
        page.mouse.click(target["x"], target["y"])
        page.wait_for_url(re.compile(rf"[?&]new={target['code']}(&|$)"))
        page.wait_for_function(
            "s => document.querySelector(s).dataset.view.includes(':' + s2 + ':')".replace(
                "s2", repr(target["code"])
            ),
            arg=NEW_MAP,
        )
        page.locator(NEW_MAP).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"compare_{size}_{lang}.png"))
    finally:
        context.close()
