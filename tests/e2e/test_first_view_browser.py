"""The map page's first view in a laptop-sized window (1280×720) and on a phone (390×844): the
map starts in the upper 40 % of the screen and most of it is visible; a link's unknown page path
is named in the UI's language. Only a browser lays the page out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.mirror("browser journeys over the whole country"),
]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

playwright_api = pytest.importorskip("playwright.sync_api")

MAP = ".vn-map"
WIDTH, HEIGHT = 1280, 720


def open_tab(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    return context, tab


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def drawn_map(tab):
    tab.wait_for_function(
        "m => document.querySelectorAll(m + ' path.leaflet-interactive').length >= 34", arg=MAP
    )
    return tab.locator(MAP)


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["1280x720", "390x844"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_map_is_above_the_fold(app_url, browser, lang, size):
    width, height = size
    context, page = open_tab(browser, width, height)
    try:
        page.goto(f"{app_url}/?lang={lang}" if lang != "vi" else app_url)
        drawn_map(page)
        # The sample-data banner (the first view's metric is sample data) is drawn by then.
        page.get_by_text("DỮ LIỆU MẪU / SAMPLE DATA —").wait_for()
        page.wait_for_timeout(500)  # the full run's widgets settle around the same map
        box = page.locator(MAP).bounding_box()
        # The map's title box sits just above its drawing area (it covered units when drawn over
        # them): the map, title included, starts in the top 40 % of the screen.
        frame = page.locator(".vn-map-frame").bounding_box()
    finally:
        context.close()
    assert frame["y"] < 0.4 * height, frame
    visible = min(box["y"] + box["height"], height) - box["y"]
    assert visible > 0.5 * box["height"], box


def test_unknown_page_path_is_named_in_vietnamese(app_url, page):
    page.goto(f"{app_url}/khong-co-trang-nay")
    drawn_map(page)
    page.get_by_text(
        "Không tìm thấy trang «khong-co-trang-nay» trong liên kết; đang hiển thị trang «Bản đồ»."
    ).wait_for()
