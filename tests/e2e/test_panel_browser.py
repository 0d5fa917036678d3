"""The side panel in Chromium: what only a browser lays out.

* The commune panel fits in about one and a half screens at 1400 × 1000 (its height measured
  in the page, not guessed from the code), in Vietnamese and English, and none of its tables
  runs past the panel's card (the English table did).
* The full table of the units in view sorts when its header is clicked with the mouse.

Screenshots of the checked views go to ``/tmp/panel_*.png``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

playwright_api = pytest.importorskip("playwright.sync_api")

PANEL = ".st-key-detail_panel"
#: One and a half screens of 1000 px.
MAX_PANEL_HEIGHT = 1500
CODE = "01279"  # Phường Nùng Trí Cao, Cao Bằng: three old units, every metric


def _page(browser, width: int, height: int) -> Iterator[object]:
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


@pytest.fixture()
def page(browser) -> Iterator[object]:
    yield from _page(browser, 1400, 1000)


@pytest.fixture()
def laptop_page(browser) -> Iterator[object]:
    yield from _page(browser, 1280, 720)


def _open_panel(tab, url: str) -> None:
    tab.goto(url)
    tab.locator(f"{PANEL} .st-key-predecessor_table table").wait_for()
    tab.locator(f"{PANEL} [class*='st-key-metric_table_'] table").first.wait_for()
    tab.locator(f"{PANEL} .st-key-close_detail").wait_for()
    tab.wait_for_timeout(500)  # fonts and the last elements settle


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_commune_panel_fits_and_its_tables_stay_inside(app_url, page, lang):
    _open_panel(page, f"{app_url}/?province=04&commune={CODE}&lang={lang}")
    box = page.locator(PANEL).bounding_box()
    page.screenshot(path=f"/tmp/panel_commune_{lang}.png")
    assert box is not None and box["height"] <= MAX_PANEL_HEIGHT, box
    _assert_tables_inside(page)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_commune_panel_tables_stay_inside_on_a_laptop(app_url, laptop_page, lang):
    # The side column is narrower at 1280 px: a wide value ("10.24 units / 100 km²") once
    # pushed the rank column past the card.
    _open_panel(laptop_page, f"{app_url}/?province=04&commune={CODE}&lang={lang}")
    laptop_page.screenshot(path=f"/tmp/panel_commune_{lang}_1280.png")
    _assert_tables_inside(laptop_page)


def _assert_tables_inside(page) -> None:
    """No table of the panel is wider than its box or runs past the panel's card."""
    overflow = page.evaluate(
        """(panel) => {
            const card = document.querySelector(panel);
            const right = card.getBoundingClientRect().right;
            return [...card.querySelectorAll('table')].map(table => ({
                text: table.innerText.slice(0, 40),
                scroll: table.scrollWidth, client: table.clientWidth,
                outer: table.parentElement.scrollWidth - table.parentElement.clientWidth,
                past: table.getBoundingClientRect().right - right,
            })).concat([{text: 'card', scroll: card.scrollWidth, client: card.clientWidth,
                         outer: 0, past: 0}]);
        }""",
        PANEL,
    )
    assert len(overflow) >= 4  # predecessors, two metric groups and the card itself
    for item in overflow:
        assert item["scroll"] <= item["client"], item
        assert item["outer"] <= 0 and item["past"] <= 0, item


def test_trend_in_the_panel_shows_whole_legend_entries(app_url, page):
    # Inside the panel's expander the chart is about 265 px wide: the two names side by side
    # ran past its right edge ("Cao" of "Cao Bằng" was all that showed).
    _open_panel(page, f"{app_url}/?province=04&commune={CODE}&metric=on_time_rate")
    page.locator(".st-key-trend_expander summary").click()
    chart = page.locator(".st-key-trend_commune svg.marks").first
    chart.wait_for()
    page.wait_for_timeout(500)
    svg = chart.bounding_box()
    labels = page.evaluate(
        """() => [...document.querySelectorAll(
            '.st-key-trend_commune svg.marks g[class*=role-legend-label] text')]
            .map(e => [e.textContent, e.getBoundingClientRect().right])"""
    )
    assert [text for text, _right in labels] == ["Phường Nùng Trí Cao", "Cao Bằng"]
    assert all(right <= svg["x"] + svg["width"] + 0.5 for _text, right in labels), (labels, svg)


# --- The full table -----------------------------------------------------------------------------

GRID = ".st-key-unit_table_expander [data-testid='stDataFrame']"


def _column(tab, index: int) -> list[str]:
    """The texts of column ``index`` (1-based) in the rows the grid shows, top to bottom.
    The grid draws on a canvas; its accessible table beside it holds the same rows."""
    return tab.evaluate(
        """([grid, index]) => [...document.querySelectorAll(
            grid + ` [role=gridcell][aria-colindex="${index}"]`)].map(cell => cell.innerText)""",
        [GRID, index],
    )


def _settled_box(page, locator) -> dict[str, float]:
    """The element's box once it has stopped moving (fonts, the panel's last elements)."""
    box = locator.bounding_box()
    for _ in range(20):
        page.wait_for_timeout(150)
        again = locator.bounding_box()
        if again == box:
            return box
        box = again
    return box


def test_clicking_a_header_sorts_the_full_table(app_url, page):
    from dashboard.core.service_metrics import registry
    from dashboard.map.unit_table import CODE_WIDTH, NAME_WIDTH
    from loaders.register import new_units

    metric = registry()["on_time_rate"]
    codes = new_units().query("province_code == '04'")["code"]
    values = metric.values("commune").reindex(codes).dropna()
    page.goto(f"{app_url}/?province=04&metric=on_time_rate")
    page.locator(".st-key-unit_table_expander summary").click()
    grid = page.locator(GRID)
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    page.wait_for_function(
        "grid => document.querySelectorAll(grid + ' [role=gridcell]').length > 10", arg=GRID
    )
    before = _column(page, 1)
    assert before == sorted(before) and len(before) >= 5  # by code at first
    box = _settled_box(page, grid)
    header = (box["x"] + CODE_WIDTH + NAME_WIDTH + 30, box["y"] + 18)  # the value's header
    page.mouse.move(*header)  # the grid tracks the pointer: a click lands where it hovers
    page.wait_for_timeout(200)
    page.mouse.click(*header)
    page.wait_for_function(
        "([grid, first]) => document.querySelector(grid + ' [role=gridcell]').innerText !== first",
        arg=[GRID, before[0]],
    )
    page.screenshot(path="/tmp/panel_table_sorted.png")
    ascending = [float(v) for v in _column(page, 3)]
    assert ascending == sorted(ascending) and len(ascending) >= 5
    assert ascending[0] == pytest.approx(values.min(), abs=1e-5)  # the lowest commune first
    first_code = _column(page, 1)[0]
    page.mouse.click(*header)  # again: highest first
    page.wait_for_function(
        "([grid, first]) => document.querySelector(grid + ' [role=gridcell]').innerText !== first",
        arg=[GRID, first_code],
    )
    descending = [float(v) for v in _column(page, 3)]
    assert descending == sorted(descending, reverse=True)
    assert descending[0] == pytest.approx(values.max(), abs=1e-5)


def test_downloads_of_the_full_table_are_the_units_in_view(app_url, page):
    from openpyxl import load_workbook

    page.goto(f"{app_url}/?province=04&metric=online_share")
    page.locator(".st-key-unit_table_expander summary").click()
    page.locator(GRID).wait_for()
    with page.expect_download() as csv_download:
        page.locator(".st-key-unit_table_csv button").click()
    download = csv_download.value
    assert download.suggested_filename == "ty-le-truc-tuyen_tinh-cao-bang_2026-10_du-lieu-mau.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 56 and lines[0].startswith("Mã,Tên,Tỷ lệ trực tuyến (%)")
    assert all(line[:5].isdigit() and line[0] == "0" for line in lines[1:])
    with page.expect_download() as xlsx_download:
        page.locator(".st-key-unit_table_xlsx button").click()
    assert xlsx_download.value.suggested_filename.endswith("_du-lieu-mau.xlsx")
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert book.sheetnames == ["Số liệu", "Ghi chú"] and book["Số liệu"].max_row == 1 + 56


def test_the_full_table_has_no_toolbar_download_without_the_sample_note(app_url, page):
    """The table's own toolbar offers no CSV download: it would write the sample figures
    without their "DỮ LIỆU MẪU / SAMPLE DATA" note (the panel's own buttons carry it)."""
    page.goto(f"{app_url}/?province=04&metric=online_share")
    page.locator(".st-key-unit_table_expander summary").click()
    grid = page.locator(GRID)
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    box = _settled_box(page, grid)
    page.mouse.move(box["x"] + 40, box["y"] + 60)
    toolbar = page.locator(".st-key-unit_table_expander [data-testid='stElementToolbar']")
    toolbar.get_by_role("button", name="Search").wait_for()  # the toolbar is drawn
    assert toolbar.get_by_role("button", name="Download as CSV").count() == 0
