"""Real-browser tests of the compare page, with Debian's Chromium and no internet.

* dragging the left (pre-2025) map moves the right (2025) map;
* clicking a new commune of Cao Bằng on the overlay map outlines and lists its predecessors;
* the browser requests nothing outside localhost.

The page runs through ``compare_app.py``, copied into a temporary folder next to a
``static/leaflet`` copy (Streamlit serves ``static/`` beside the main script) and started with
static serving on, the way the router's ``.streamlit/config.toml`` is expected to be set.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from browser_support import require_chromium, streamlit_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.mirror("the pre-2025 layers"),
]

playwright_api = pytest.importorskip("playwright.sync_api")

REPO = Path(__file__).resolve().parents[2]
LOCAL = re.compile(r"^(https?|wss?)://(localhost|127\.0\.0\.1)(:\d+)?(/|$)|^(data|blob|about):")
SHOTS = Path(os.environ.get("VNMAP_SHOTS", "/tmp/shots"))


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    from dashboard.core.offline import ensure_static

    folder = tmp_path_factory.mktemp("compare_app")
    shutil.copy(Path(__file__).with_name("compare_app.py"), folder / "compare_app.py")
    ensure_static(folder / "static" / "leaflet")
    with streamlit_server(
        "compare_app.py",
        folder,
        folder,
        ["--server.enableStaticServing", "true"],
        env={"VNMAP_REPO": str(REPO)},
    ) as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh page; every request (any frame) and websocket is recorded and, after the test,
    must have stayed on this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    new_page = context.new_page()
    new_page.on("websocket", lambda ws: requests.append(ws.url))
    new_page.requests = requests
    yield new_page
    context.close()
    outside = sorted({u for u in requests if not LOCAL.match(u)})
    assert not outside, f"requests outside localhost: {outside[:10]}"
    assert requests, "no request was recorded at all"


def sync_frame(page, timeout: float = 90.0):
    """The side-by-side iframe, once both Leaflet maps exist."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("!!(window.leftMap && window.rightMap)"):
                    return frame
            except Exception:  # frame navigating or detached
                pass
        page.wait_for_timeout(300)
    raise TimeoutError("the side-by-side maps did not appear")


def folium_frame(page, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.locator("path.leaflet-interactive").count() > 10:
                        return frame
                except Exception:
                    pass
        page.wait_for_timeout(300)
    raise TimeoutError("the overlay map did not appear")


def centre(frame, name: str) -> tuple[float, float]:
    value = frame.evaluate(
        f"(() => {{ const c = window.{name}.getCenter(); return [c.lat, c.lng]; }})()"
    )
    return float(value[0]), float(value[1])


def test_dragging_left_map_moves_right_map(app_url, page):
    page.goto(app_url)
    frame = sync_frame(page)
    before = centre(frame, "rightMap")
    box = frame.locator("#map_left").bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 80, steps=12)
    page.mouse.up()
    page.wait_for_timeout(400)
    left_after, right_after = centre(frame, "leftMap"), centre(frame, "rightMap")
    assert abs(right_after[1] - before[1]) > 0.01, "the right map did not move"
    assert abs(right_after[0] - before[0]) > 0.01
    # Dragged right and down: the view moves west and north.
    assert right_after[1] < before[1] and right_after[0] > before[0]
    assert right_after == pytest.approx(left_after, abs=0.01)
    assert frame.evaluate("leftMap.getZoom() === rightMap.getZoom()")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "compare_side_by_side.png"))


def test_zooming_right_map_zooms_left_map(app_url, page):
    page.goto(app_url)
    frame = sync_frame(page)
    zoom = frame.evaluate("leftMap.getZoom()")
    frame.locator("#map_right .leaflet-control-zoom-in").click()
    page.wait_for_timeout(800)
    assert frame.evaluate("leftMap.getZoom()") > zoom
    assert frame.evaluate("leftMap.getZoom() === rightMap.getZoom()")


def test_click_new_commune_in_cao_bang_lists_predecessors(app_url, page):
    from loaders.lineage import predecessors

    page.goto(app_url)
    sync_frame(page)  # first render done
    page.get_by_text("Chồng lớp (ranh giới cũ trên đơn vị mới)").click()
    frame = folium_frame(page)
    map_box = frame.locator(".leaflet-container").bounding_box()
    cx, cy = map_box["x"] + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2
    paths = frame.locator("path.leaflet-interactive")
    # A unit near the middle of the map, away from the legend and title boxes.
    best, best_distance = None, None
    for index in range(paths.count()):
        box = paths.nth(index).bounding_box()
        if not box or box["width"] < 15 or box["height"] < 15:
            continue
        distance = abs(box["x"] + box["width"] / 2 - cx) + abs(box["y"] + box["height"] / 2 - cy)
        if best_distance is None or distance < best_distance:
            best, best_distance = index, distance
    assert best is not None
    paths.nth(best).click(force=True)

    heading = page.get_by_text(re.compile(r"Đã chọn: .+ \(\d{5}\)"))
    heading.wait_for(timeout=60_000)
    code = re.search(r"\((\d{5})\)", heading.inner_text()).group(1)
    expected = predecessors(code)
    assert len(expected) >= 1
    page.locator("table").first.wait_for(timeout=30_000)
    listed = "\n".join(page.locator("table").all_inner_texts())
    for name in expected["old_full_name"]:
        assert name in listed, f"{name} not listed for {code}"
    # The unit and its predecessors are outlined in red on the map.
    frame.locator('path[stroke="#d7191c"]').first.wait_for(timeout=30_000)
    assert frame.locator('path[stroke="#d7191c"]').count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "compare_overlay_click.png"), full_page=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_province_maps_draw_and_name_both_archipelagos(app_url, page, lang):
    """Sovereignty convention: the old (2023) province map, whose layer lacks most of
    Hoàng Sa and Trường Sa, draws them from the 2025 layer, says so, and names them; the new
    map names them too. So does the overlay."""
    page.goto(app_url)
    sync_frame(page)
    if lang == "en":
        page.get_by_text("English").click()
        page.get_by_text("Provinces (63 → 34)").click()
    else:
        page.get_by_text("Cấp tỉnh (63 → 34)").click()
    deadline = time.monotonic() + 90
    frame = None
    while frame is None and time.monotonic() < deadline:
        candidate = sync_frame(page)
        try:
            named = candidate.evaluate(
                "document.querySelectorAll('#map_left .vn-island-label').length"
            )
        except playwright_api.Error:  # the page's rerun replaced the map frame: look again
            named = 0
        if named:
            frame = candidate
        else:
            page.wait_for_timeout(300)
    assert frame is not None, "the province-level maps did not appear"
    hoang_sa, truong_sa = (
        ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa")
        if lang == "vi"
        else ("Hoàng Sa archipelago", "Trường Sa archipelago")
    )
    for pane in ("#map_left", "#map_right"):
        text = frame.locator(pane).inner_text()
        assert hoang_sa in text and truong_sa in text, pane
    note = frame.locator(".pane .cap small").first.inner_text()
    expected = "vẽ từ lớp ranh giới 2025" if lang == "vi" else "drawn from the 2025 layer"
    assert expected in note
    # The 2025 islands of both archipelagos are drawn on the old map (non-interactive paths).
    drawn = frame.evaluate(
        """() => { let n = 0; leftMap.eachLayer((l) => {
            if (l.feature && ['20333', '22736'].includes(l.feature.properties.code)) n++; });
            return n; }"""
    )
    assert drawn == 2
    hits = frame.evaluate(
        """() => [...document.querySelectorAll('.vn-island-label > div')].map((d) => {
            const r = d.getBoundingClientRect();
            const e = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
            return !!(e && e.closest('.vn-island-label')); })"""
    )
    assert hits == [False] * 4  # names let the pointer through, on both maps
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"compare_provinces_{lang}.png"))
    if lang == "vi":
        page.get_by_text("Chồng lớp (ranh giới cũ trên đơn vị mới)").click()
        overlay = folium_frame(page)
        overlay.locator(".vn-island-label").nth(1).wait_for(state="attached")
        text = overlay.locator(".leaflet-container").inner_text()
        assert hoang_sa in text and truong_sa in text
        page.screenshot(path=str(SHOTS / "compare_provinces_overlay.png"))
