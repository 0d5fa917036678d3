"""A leader's way through the watchlist in Chromium, with the mouse: the country's watchlist
→ a province picked in the provinces' table → its CSV (the data layer's file, byte for byte)
→ a commune picked in the table of flags → "open on the map" → the map's commune panel with
that commune's flag history. On a desk (1400 × 1000, Vietnamese) and a phone (390 × 844,
English).

Screenshots of each step go to ``/tmp/watchlist_journey_*.png``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

playwright_api = pytest.importorskip("playwright.sync_api")

CAO_BANG = "04"
PROVINCES = ".st-key-wl_provinces_0 [data-testid='stDataFrame']"
FLAGS = "[class*='st-key-wl_table_'] [data-testid='stDataFrame']"
ROW = 35  # the grid's header and row height (px)


def _click_row(tab, grid: str, row: int) -> None:
    """A mouse click on the selection box of ``row`` (0-based) of ``grid``."""
    locator = tab.locator(grid)
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    point = (box["x"] + 18, box["y"] + ROW + ROW * row + ROW / 2)
    tab.mouse.move(*point)  # the grid tracks the pointer: a click lands where it hovers
    tab.wait_for_timeout(200)
    tab.mouse.click(*point)


@pytest.mark.parametrize(
    ("width", "height", "lang"), [(1400, 1000, "vi"), (390, 844, "en")], ids=["desk", "phone"]
)
def test_from_the_country_watchlist_to_a_communes_flag_history_on_the_map(
    app_url, browser, width, height, lang
):
    from dashboard.core.service_metrics import default_engine
    from loaders.watchlist import history, watchlist
    from loaders.watchlist import table as watch_table

    engine = default_engine()
    province_wl = watchlist(engine, province=CAO_BANG)
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    shot = f"/tmp/watchlist_journey_{width}_{lang}"
    try:
        tab.goto(f"{app_url}/watchlist?lang={lang}")
        tab.locator(PROVINCES).wait_for()
        tab.wait_for_function(
            "grid => document.querySelectorAll(grid + ' [role=gridcell]').length > 10",
            arg=PROVINCES,
        )
        tab.screenshot(path=f"{shot}_1_country.png")
        _click_row(tab, PROVINCES, 1)  # the provinces by code: 01 Hà Nội, then 04 Cao Bằng
        tab.wait_for_function("() => location.search.includes('province=04')")
        tab.get_by_text(re.compile(r"^(Tỉnh Cao Bằng|Cao Bằng Province), ")).first.wait_for()
        tab.locator(FLAGS).wait_for()

        with tab.expect_download() as download:
            tab.locator(".st-key-wl_csv button").click()
        csv = download.value
        assert csv.suggested_filename.startswith(
            "danh-sach-theo-doi_tinh-cao-bang_" if lang == "vi" else "watchlist_cao-bang-province_"
        )
        assert Path(csv.path()).read_bytes() == watch_table.csv_bytes(province_wl, lang)

        _click_row(tab, FLAGS, 0)
        title = tab.locator(".st-key-wl_commune h3")
        title.wait_for()
        code = re.search(r"\((\d{5})\)", title.inner_text()).group(1)
        assert code == province_wl.flags["code"].iloc[0]  # the first row: the table's order
        tab.locator(".st-key-wl_commune_history table").wait_for()
        tab.screenshot(path=f"{shot}_2_commune.png")

        tab.locator(".st-key-wl_open_map button").click()
        panel = tab.locator(".st-key-detail_panel")
        panel.wait_for()
        tab.wait_for_function(
            "code => location.search.includes('commune=' + code)"
            " && location.search.includes('metric=watch_flags')",
            arg=code,
        )
        rows = tab.locator(".st-key-panel_watch_history table tbody tr")
        rows.first.wait_for()  # open: the map shows the flags
        months = history(engine, code)["period"].drop_duplicates().tolist()
        shown = [row.split("\t")[0] for row in rows.all_inner_texts()]
        assert shown == months and months
        tab.locator(".st-key-panel_watch_flags").scroll_into_view_if_needed()
        tab.screenshot(path=f"{shot}_3_panel.png")
    finally:
        context.close()
