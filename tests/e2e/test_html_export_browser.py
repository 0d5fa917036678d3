"""Browser tests: the standalone interactive HTML files open from disk with no internet.

Each file is opened through ``file://`` in a Chromium context whose route handler lets
``file://`` through and aborts (and records) every other request; a probe request proves the
handler catches what would leave the machine. On the map page's view of Cao Bằng and on the
compare page's side-by-side view: every unit is drawn, a hover (real mouse) shows the unit's
name and value, the legend is visible, and on the compare view dragging one map moves the
other and zooming one zooms the other. One journey goes through the running app: open the
export panel, choose HTML, make the file, download it, open it offline.

Screenshots at 1400×1000 and 390×844 go to ``$VNMAP_SHOTS`` (default ``/tmp/shots``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import shapely

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

playwright_api = pytest.importorskip("playwright.sync_api")

from dashboard.core.i18n import t  # noqa: E402
from dashboard.core.numbers import with_unit  # noqa: E402
from tests.html_export_support import EVIL_NAME, map_view, unit_layers  # noqa: E402

SHOTS = Path(os.environ.get("VNMAP_SHOTS", "/tmp/shots"))
UNIT = "path.leaflet-interactive"
PROBE = "https://example.com/vnmap-probe.js"
SIZES = ((1400, 1000), (390, 844))


@contextmanager
def offline(browser, size: tuple[int, int] = (1400, 1000)) -> Iterator[tuple[object, list]]:
    """A tab whose every request but ``file://`` is aborted and recorded (the list)."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    left: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            left.append(url)
            route.abort()

    context.route("**/*", handle)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab, left
        assert errors == []
    finally:
        context.close()


def assert_nothing_left(tab, left: list[str]) -> None:
    """No request of the file left the machine; the probe (fetched last) was caught."""
    assert left == [], left
    tab.evaluate(f"fetch({PROBE!r}).catch(() => null)")
    tab.wait_for_timeout(200)
    assert left == [PROBE]


def maps(tab) -> list[str]:
    """The ids of the file's folium maps, left to right (each is a global of its id)."""
    return tab.eval_on_selector_all(".folium-map", "els => els.map(e => e.id)")


def screen_point(tab, map_id: str, lat: float, lon: float) -> tuple[float, float]:
    """Where a point is on the page, from the map's own projection."""
    return tuple(
        tab.evaluate(
            """([id, lat, lon]) => {
                const map = window[id], r = document.getElementById(id).getBoundingClientRect();
                const p = map.latLngToContainerPoint([lat, lon]);
                return [r.left + p.x, r.top + p.y];
            }""",
            [map_id, lat, lon],
        )
    )


def hover_shows(tab, map_id: str, point: tuple[float, float], *texts: str) -> None:
    """Move the mouse onto ``point`` (lat, lon) of the map; the tooltip holds ``texts``."""
    x, y = screen_point(tab, map_id, *point)
    tab.mouse.move(x - 30, y - 30)
    tab.mouse.move(x, y, steps=5)
    tip = tab.locator(".leaflet-tooltip")
    tip.wait_for(state="visible")
    for text in texts:
        assert text in tip.inner_text(), (text, tip.inner_text())


def shoot(tab, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / name), full_page=True)


def inside_point(code: str, province: str) -> tuple[float, float]:
    """(lat, lon) of a point well inside commune ``code``."""
    from loaders import layers

    units = layers.load_communes("web", province=province)
    geometry = units.loc[units["code"] == code, "geometry"].iloc[0]
    # The middle of the largest circle inside: far from every edge.
    centre = shapely.maximum_inscribed_circle(geometry, 0.0005).coords[0]
    return centre[1], centre[0]


# --- The map page's view -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def province_file(tmp_path_factory, built_data) -> tuple[Path, object, dict]:
    data, values, names = map_view("04", "vi")
    path = tmp_path_factory.mktemp("html") / "cao-bang.html"
    path.write_bytes(data)
    return path, values, names


@pytest.mark.parametrize("size", SIZES)
def test_province_file_opens_offline_with_units_tooltips_and_legend(
    browser, province_file, size
) -> None:
    path, values, names = province_file
    with offline(browser, size) as (tab, left):
        tab.goto(path.as_uri())
        tab.wait_for_function(
            f"document.querySelectorAll('{UNIT}').length >= {len(values)}", timeout=10_000
        )
        assert tab.locator(UNIT).count() == len(values) == 56
        [map_id] = maps(tab)
        code = str(values.dropna().index[values.dropna().argmax()])  # the largest commune
        tab.locator(".folium-map").scroll_into_view_if_needed()
        hover_shows(
            tab,
            map_id,
            inside_point(code, "04"),
            names[code],
            with_unit(values[code], "km²", "vi", 1),
        )
        # The upload-like name reads as text: its markup is escaped, never run.
        evil = str(values.index[1])
        hover_shows(tab, map_id, inside_point(evil, "04"), EVIL_NAME)
        assert tab.locator(".leaflet-tooltip img").count() == 0
        missing = str(values.index[values.isna()][0])
        hover_shows(tab, map_id, inside_point(missing, "04"), names[missing], t("no_data", "vi"))
        legend = tab.locator(".vn-legend")
        legend.scroll_into_view_if_needed()
        assert legend.is_visible()
        assert t("no_data", "vi") in legend.inner_text()
        if size[0] >= 1000:  # beside the map, inside the screen, with the title above
            box = legend.bounding_box()
            assert box["x"] + box["width"] <= size[0] and box["y"] + box["height"] <= size[1]
            map_box = tab.locator(".folium-map").bounding_box()
            assert box["x"] >= map_box["x"] + map_box["width"]
        assert tab.locator(".vn-title").is_visible()
        tab.mouse.move(1, 1)
        shoot(tab, f"html_export_map_{size[0]}x{size[1]}.png")
        assert_nothing_left(tab, left)


# --- The compare page's side-by-side view --------------------------------------------------------


@pytest.fixture(scope="module")
def compare_file(tmp_path_factory, built_data) -> tuple[Path, list[dict]]:
    from dashboard.compare.html_export import compare_html
    from dashboard.export import CompareRequest

    data = compare_html(CompareRequest(province="04", mode="side", lang="vi"))
    path = tmp_path_factory.mktemp("html") / "so-sanh-cao-bang.html"
    path.write_bytes(data)
    return path, unit_layers(data.decode("utf-8"))


#: Centres of two synchronised maps agree to a pixel: Leaflet rounds each map's pixel origin.
SAME_CENTRE_PX = 1.5


def _centre(tab, map_id: str) -> tuple[float, float, float]:
    return tuple(
        tab.evaluate(
            "id => { const m = window[id], c = m.getCenter();"
            " return [c.lat, c.lng, m.getZoom()]; }",
            map_id,
        )
    )


def _apart_px(tab, map_id: str, a: tuple, b: tuple) -> float:
    """How far apart two centres (lat, lon, zoom) are, in pixels at the map's zoom."""
    return tab.evaluate(
        """([id, a, b]) => {
            const m = window[id];
            return m.project([a[0], a[1]]).distanceTo(m.project([b[0], b[1]]));
        }""",
        [map_id, list(a), list(b)],
    )


@pytest.mark.mirror("the pre-2025 layers")
def test_compare_file_maps_follow_each_other_offline(browser, compare_file) -> None:
    path, (old, new) = compare_file
    with offline(browser) as (tab, left):
        tab.goto(path.as_uri())
        first, second = maps(tab)
        for map_id, layer in ((first, old), (second, new)):
            tab.wait_for_function(
                f"document.querySelectorAll('#{map_id} {UNIT}').length >= 1", timeout=10_000
            )
            assert tab.locator(f"#{map_id} {UNIT}").count() == len(layer["features"])
        assert len(new["features"]) == 56
        before = _centre(tab, first)

        # Drag the left map with the mouse: the right one follows.
        box = tab.locator(f"#{first}").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8
        tab.mouse.move(x, y)
        tab.mouse.down()
        tab.mouse.move(x - 150, y - 100, steps=10)
        tab.mouse.up()
        tab.wait_for_timeout(300)
        moved = _centre(tab, first)
        assert _apart_px(tab, first, before, moved) > 100  # the drag moved the left map
        assert _apart_px(tab, first, moved, _centre(tab, second)) <= SAME_CENTRE_PX

        # Zoom the right map with its + button: the left one follows.
        tab.locator(f"#{second} .leaflet-control-zoom-in").click()
        tab.wait_for_timeout(600)
        zoomed = _centre(tab, second)
        assert zoomed[2] == moved[2] + 1
        assert _centre(tab, first)[2] == zoomed[2]
        assert _apart_px(tab, second, zoomed, _centre(tab, first)) <= SAME_CENTRE_PX

        # A hover on the new map shows the unit's name.
        feature = new["features"][0]
        geometry = shapely.geometry.shape(feature["geometry"])
        centre = shapely.maximum_inscribed_circle(geometry, 0.0005).coords[0]
        tab.locator(f"#{second} .leaflet-control-zoom-out").click()
        tab.wait_for_timeout(600)
        name = feature["properties"]["tip"].split("<br>")[0].split(" (")[0]
        hover_shows(tab, second, (centre[1], centre[0]), name)
        legend = tab.locator(".vn-legend")
        assert legend.is_visible() and "km²" in legend.inner_text()
        tab.mouse.move(1, 1)
        shoot(tab, "html_export_compare_1400x1000.png")
        assert_nothing_left(tab, left)


@pytest.mark.mirror("the pre-2025 layers")
def test_compare_file_on_a_phone(browser, compare_file) -> None:
    path, (old, _) = compare_file
    with offline(browser, (390, 844)) as (tab, left):
        tab.goto(path.as_uri())
        tab.wait_for_function(
            f"document.querySelectorAll('{UNIT}').length >= {len(old['features']) + 56}"
        )
        first, second = maps(tab)
        top = tab.locator(f"#{first}").bounding_box()
        bottom = tab.locator(f"#{second}").bounding_box()
        assert bottom["y"] >= top["y"] + top["height"]  # stacked, both full width
        assert top["width"] > 350 and bottom["width"] > 350
        shoot(tab, "html_export_compare_390x844.png")
        assert_nothing_left(tab, left)


# --- Through the app -----------------------------------------------------------------------------


def settle(tab, quiet_ms: int = 1500, timeout_s: float = 90.0) -> None:
    """Wait until Streamlit has shown no "running" status for ``quiet_ms``."""
    deadline = time.monotonic() + timeout_s
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        if tab.locator('[data-testid="stStatusWidget"]').count():
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
            return
        tab.wait_for_timeout(200)
    raise AssertionError("the page kept running")


def choose(tab, key: str, option: str, tries: int = 5) -> None:
    """Pick ``option`` in the select box of widget ``key`` with the mouse. A click that lands
    while the expander around it is still opening focuses the box without opening its menu:
    click again then."""
    box = tab.locator(f".st-key-{key} [role=combobox]")
    item = tab.get_by_role("option", name=option)
    for _ in range(tries):
        box.click()
        try:
            item.wait_for(state="visible", timeout=3_000)
        except playwright_api.TimeoutError:
            tab.keyboard.press("Escape")
            continue
        item.click()
        return
    raise AssertionError(f"the menu of {key} did not open")


def test_export_panel_downloads_an_html_file_that_opens_offline(browser, app_url, tmp_path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(90_000)
    try:
        tab.goto(f"{app_url}/?province=04")
        # The page's full run (options, side panel) follows the map's first drawing: wait
        # for it and for the page to stop running, so no rerun closes the menus opened below.
        tab.locator(".st-key-metric").wait_for(state="attached")
        settle(tab)
        tab.get_by_text(t("export.panel.expander", "vi")).click()
        choose(tab, "exp_fmt", t("export.panel.format_html", "vi"))
        tab.get_by_text(t("export.panel.html_note", "vi")).wait_for()
        tab.get_by_role("button", name=t("export.panel.make", "vi")).click()
        button = tab.locator(".st-key-exp_download button")
        button.wait_for()
        assert button.inner_text().endswith(".html")
        with tab.expect_download() as download:
            button.click()
        name = download.value.suggested_filename
        assert "tinh-cao-bang" in name and name.endswith(".html"), name
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
    finally:
        context.close()
    with offline(browser) as (offline_tab, left):
        offline_tab.goto(saved.as_uri())
        offline_tab.wait_for_function(f"document.querySelectorAll('{UNIT}').length >= 56")
        assert offline_tab.locator(UNIT).count() == 56
        assert "tỉnh Cao Bằng" in offline_tab.locator(".vn-title").inner_text()
        # The page's default metric is a service metric: project-generated sample data.
        assert offline_tab.locator(".vn-sample").inner_text() == t("export.sample", "vi")
        assert offline_tab.locator(".vn-legend").is_visible()
        assert_nothing_left(offline_tab, left)
