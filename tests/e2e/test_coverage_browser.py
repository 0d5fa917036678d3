"""Browser test: a province value computed from part of its communes says so on the map.

The app runs against its own SQLite store holding real (imported) data for 3 of Cao Bằng's
56 communes only. The country map's tooltip of Cao Bằng, hovered with the real mouse, must
show "3/56 xã, phường có số liệu", the province must be drawn hatched as partial (3/56 is
below the 80 % threshold) and the legend must say so.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.mirror("browser journeys over the whole country"),
]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from browser_support import launched_chromium, streamlit_server  # noqa: E402

from loaders.paths import REPO_ROOT  # noqa: E402

pytest.importorskip("playwright.sync_api")

MAP = ".vn-map"
PERIOD = "2026-10"
SHOTS = REPO_ROOT / "tests" / "e2e" / "screenshots"


def _partial_cao_bang_store(url: str) -> None:
    """The sample, then a real import of 3 Cao Bằng communes (which removes the sample)."""
    from loaders.metrics import sample, store
    from loaders.metrics.importer import import_file
    from loaders.register import new_units

    engine = store.get_engine(url)
    sample.ensure_sample_loaded(engine)
    units = new_units()
    cao_bang = units[units["province_code"] == "04"].head(3)
    lines = [
        "Mã đơn vị,Tên đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận,Giải quyết đúng hạn,"
        "Giải quyết quá hạn"
    ]
    for code, name, (on_time, late) in zip(
        cao_bang["code"], cao_bang["name"], [(90, 5), (80, 4), (100, 6)], strict=True
    ):
        lines.append(f"{code},{name},{PERIOD},120,{on_time},{late}")
    import_file(engine, ("\n".join(lines) + "\n").encode(), "cao-bang.csv", max_period=PERIOD)
    store.dispose_engine(url)


@pytest.fixture(scope="module")
def app_url(built_data, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("coverage")
    url = f"sqlite:///{folder / 'metrics.sqlite'}"
    _partial_cao_bang_store(url)
    with streamlit_server(
        "streamlit_app.py", REPO_ROOT, folder, env={"VNMAP_DB_URL": url}
    ) as served:
        yield served


@pytest.fixture(scope="module")
def page(app_url) -> Iterator[object]:
    with launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 1500, "height": 1100})
        tab = context.new_page()
        tab.set_default_timeout(45_000)
        yield tab
        context.close()


def _screen_point(tab, lat: float, lon: float) -> tuple[float, float]:
    return tab.evaluate(
        """([m, lat, lon]) => { const map = document.querySelector(m).vnMap;
            const p = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }""",
        [MAP, lat, lon],
    )


def test_country_tooltip_and_legend_say_cao_bang_rests_on_3_of_56_communes(app_url, page):
    from loaders.layers import load_provinces

    provinces = load_provinces("overview")
    cao_bang = provinces.loc[provinces["code"] == "04"].iloc[0]
    inside = cao_bang.geometry.representative_point()
    page.goto(f"{app_url}/?metric=on_time_rate")
    page.wait_for_function(
        "m => document.querySelectorAll(m + ' path.leaflet-interactive').length >= 34", arg=MAP
    )
    page.wait_for_function(
        "f => (document.querySelector(f + ' .vn-legend') || {innerText: ''}).innerText"
        ".includes('đúng hạn')",
        arg=".vn-map-frame",  # the legend is below the map, not on it
    )
    # One hatched (partial) province: Cao Bằng; the other 33 have no data at all.
    assert page.locator(f"{MAP} path.vn-partial").count() == 1
    legend = page.locator(".vn-map-frame .vn-legend").inner_text()
    assert "Số liệu < 80 % xã, phường" in legend
    assert "1/34 tỉnh, thành phố tính từ số liệu chưa đủ xã, phường" in legend
    # Cao Bằng to the map's lower left, away from the title and legend boxes (the tooltip
    # opens beside the mouse and must not be hidden under them).
    page.evaluate(
        """([m, lat, lon]) => { const map = document.querySelector(m).vnMap;
            const size = map.getSize();
            const now = map.latLngToContainerPoint([lat, lon]);
            map.panBy([now.x - size.x * 0.3, now.y - size.y * 0.6], {animate: false}); }""",
        [MAP, inside.y, inside.x],
    )
    x, y = _screen_point(page, inside.y, inside.x)
    page.mouse.move(x - 4, y)
    page.mouse.move(x, y)
    tooltip = page.locator(f"{MAP} .leaflet-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert "Cao Bằng" in text
    assert "Độ phủ số liệu" in text and "3/56 xã, phường có số liệu" in text
    # (90 + 80 + 100) on time of (95 + 84 + 106) resolved, recomputed from the counts.
    assert "94,7 %" in text
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "coverage_country_tooltip.png"))
    tooltip.screenshot(path=str(SHOTS / "coverage_tooltip_only.png"))
    page.mouse.move(5, 5)
    tooltip.wait_for(state="detached")
    # The side panel (country summary) says it too.
    panel = page.get_by_text("Giá trị toàn quốc", exact=False).first
    panel.wait_for()
    assert "3/3.321 xã, phường có số liệu" in panel.inner_text()
