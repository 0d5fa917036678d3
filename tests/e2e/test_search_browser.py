"""The map page's search box in Chromium: suggestions while typing, with real keystrokes and
real mouse clicks, at 1280×720 and on a phone (390×844), in Vietnamese and English.

What only a browser shows: the list is filtered as the user types (no Enter, no rerun), the
popup floats over the map without being clipped or covered, a click or ↓ + Enter opens the
unit (URL, panel, map), the texts are in the UI's language, and the candidate list crosses
the websocket once, not with every rerun.

Screenshots of the open list go to ``$VNMAP_SCREENSHOTS`` when set (else the test's tmp dir).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

playwright_api = pytest.importorskip("playwright.sync_api")

BOX = ".vn-search"
INPUT = ".vn-search-input"
POPUP = ".vn-search-popup"
OPTION = ".vn-search-option"
#: 34 provinces and 3,321 communes.
CANDIDATES = 3355
#: Quang Hán, a commune of Cao Bằng (province 04), and Cao Bằng's number of communes.
QUANG_HAN, CAO_BANG, CAO_BANG_UNITS = "01456", "04", 56
SIZES = {"desktop": (1280, 720), "phone": (390, 844), "large": (1400, 1000)}
#: English words the Vietnamese box must not show (its texts and labels).
ENGLISH = re.compile(
    r"\b(Search|Find|Press|Enter to|Commune|Ward|Province|City|former|No |to choose|matches)\b"
)
#: How frames carrying the list are told (the light first run sends the box without it).
PAYLOAD_MARK = b'"communes":[["'


@pytest.fixture()
def open_page(browser) -> Iterator:
    contexts = []

    def open_(size: str, lang: str, frames: list[bytes] | None = None):
        width, height = SIZES[size]
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        if frames is not None:
            tab.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived",
                    lambda payload: frames.append(
                        payload if isinstance(payload, bytes) else payload.encode()
                    ),
                ),
            )
        return tab

    yield open_
    for context in contexts:
        context.close()


def load(tab, app_url: str, lang: str) -> None:
    """The map page with its search list arrived (it comes with the run after the map's)."""
    tab.goto(f"{app_url}/?lang=en" if lang == "en" else app_url)
    tab.locator(f"{BOX}[data-candidates='{CANDIDATES}']").wait_for(state="attached")
    tab.wait_for_function(
        "() => document.querySelectorAll('.vn-map path.leaflet-interactive').length >= 34"
    )


def type_query(tab, text: str) -> None:
    """Click into the box (a real click) and type ``text`` key by key."""
    tab.locator(INPUT).click()
    tab.keyboard.type(text, delay=40)


def option_texts(tab) -> list[str]:
    return tab.locator(OPTION).all_inner_texts()


def wait_for_commune(tab, code: str, province: str) -> None:
    tab.wait_for_function(
        """([c, p]) => {
            const q = new URLSearchParams(location.search);
            return q.get('commune') === c && q.get('province') === p;
        }""",
        arg=[code, province],
    )


def shoot(tab, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VNMAP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"search_{name}.png"
    tab.screenshot(path=str(path))
    return path


def assert_unclipped(tab, option) -> None:
    """The popup lies within the window's width, and the option is the topmost element at
    its centre (not hidden under the map, its controls or another box)."""
    width = tab.viewport_size["width"]
    popup = tab.locator(POPUP).bounding_box()
    assert popup["x"] >= 0 and popup["x"] + popup["width"] <= width + 0.5, popup
    box = option.bounding_box()
    hit = tab.evaluate(
        """([x, y]) => {
            const el = document.elementFromPoint(x, y);
            return el ? (el.closest('.vn-search-option') ? 'option' : el.className) : null;
        }""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == "option", hit


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone", "large"])
def test_typing_suggests_and_a_click_opens_the_commune(app_url, open_page, size, lang, tmp_path):
    tab = open_page(size, lang)
    load(tab, app_url, lang)
    # The placeholder (what the box is for) shows whole.
    room = tab.locator(INPUT).evaluate(
        """input => {
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = getComputedStyle(input).font;
            return input.clientWidth - ctx.measureText(input.placeholder).width;
        }"""
    )
    assert room >= 0, room
    type_query(tab, "qu")
    # Suggestions from the second letter, without Enter.
    tab.locator(f"{POPUP}:not([hidden])").wait_for()
    assert len(option_texts(tab)) > 1  # units, then "search former names too"
    assert tab.locator(INPUT).get_attribute("aria-expanded") == "true"
    tab.keyboard.type("ang ha", delay=40)
    quang_han = tab.locator(f"{OPTION}[data-code='{QUANG_HAN}']")
    expected = "Xã Quang Hán" if lang == "vi" else "Quang Hán Commune"
    assert quang_han.inner_text().split("\n") == [expected, "Cao Bằng"]
    assert_unclipped(tab, quang_han)
    shoot(tab, f"{size}_{lang}", tmp_path)

    texts = " ".join(
        [
            tab.locator(BOX).inner_text(),
            tab.locator(INPUT).get_attribute("placeholder"),
            tab.locator(INPUT).get_attribute("aria-label"),
        ]
    )
    if lang == "vi":
        assert not ENGLISH.search(texts), ENGLISH.search(texts)
        assert "Tìm “quang ha” cả trong tên cũ" in texts
    else:
        assert "Search “quang ha” in former names" in texts
        assert not re.search(r"\b(Xã|Phường|Tìm|tên cũ)\b", texts), texts

    quang_han.click()  # a real mouse click at the option's centre
    wait_for_commune(tab, QUANG_HAN, CAO_BANG)
    heading = "Xã Quang Hán" if lang == "vi" else "Quang Hán Commune"
    tab.get_by_role("heading", name=heading).wait_for()
    tab.locator(f".vn-map[data-view='{CAO_BANG}:False']").wait_for()
    assert tab.locator(".vn-map path.leaflet-interactive").count() >= CAO_BANG_UNITS
    # The box is ready for the next search: empty and closed.
    assert tab.locator(INPUT).input_value() == ""
    assert tab.locator(POPUP).is_hidden()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_arrow_down_and_enter_open_the_first_suggestion(app_url, open_page, size):
    tab = open_page(size, "vi")
    load(tab, app_url, "vi")
    type_query(tab, "quang han")  # no diacritics typed
    first = tab.locator(OPTION).first
    assert first.get_attribute("data-code") == QUANG_HAN  # the exact name first
    tab.keyboard.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    assert tab.locator(INPUT).get_attribute("aria-activedescendant") == first.get_attribute("id")
    tab.keyboard.press("Enter")
    wait_for_commune(tab, QUANG_HAN, CAO_BANG)
    tab.get_by_role("heading", name="Xã Quang Hán").wait_for()


def test_listbox_roles_escape_and_no_match(app_url, open_page):
    tab = open_page("desktop", "vi")
    load(tab, app_url, "vi")
    type_query(tab, "tp hcm")
    first = tab.locator(OPTION).first
    assert first.inner_text() == "Thành phố Hồ Chí Minh"
    assert tab.get_by_role("combobox", name="Tìm tỉnh, xã, phường").count() == 1
    assert tab.get_by_role("listbox").get_by_role("option").count() == len(option_texts(tab))
    tab.keyboard.press("Escape")
    assert tab.locator(POPUP).is_hidden()
    assert tab.locator(INPUT).get_attribute("aria-expanded") == "false"
    tab.keyboard.press("Escape")  # a second Escape empties the box
    assert tab.locator(INPUT).input_value() == ""
    tab.keyboard.type("zzqx", delay=40)
    none = tab.locator(".vn-search-none")
    none.wait_for()
    assert none.inner_text() == "Không có tỉnh, xã, phường nào khớp “zzqx”."


def test_enter_searches_former_names_on_the_server(app_url, open_page):
    """Former names are not in the browser's list: Enter with no suggestion picked asks the
    server, whose results open the unit the former commune became."""
    tab = open_page("desktop", "vi")
    load(tab, app_url, "vi")
    type_query(tab, "phuong hop giang")  # a ward of Cao Bằng city before 1 July 2025
    tab.keyboard.press("Enter")
    hit = tab.locator(".st-key-search_results button").filter(has_text="tên cũ").first
    hit.wait_for()
    assert "Cao Bằng" in hit.inner_text()
    hit.click()
    tab.wait_for_function("() => new URLSearchParams(location.search).get('commune')")
    tab.locator(f".vn-map[data-view='{CAO_BANG}:False']").wait_for()
    assert tab.locator(INPUT).input_value() == ""  # the query is done with
    tab.locator(".st-key-search_results").wait_for(state="detached")


def test_the_list_crosses_the_websocket_once(app_url, open_page):
    """Reruns draw the same box again: Streamlit then sends a reference, not the list."""
    frames: list[bytes] = []
    tab = open_page("desktop", "vi", frames)
    load(tab, app_url, "vi")
    tab.wait_for_timeout(500)
    with_list = [f for f in frames if PAYLOAD_MARK in f]
    assert len(with_list) == 1, [len(f) for f in with_list]
    assert len(with_list[0]) < 150_000, len(with_list[0])
    seen = len(frames)
    type_query(tab, "cao bang")
    tab.locator(f"{OPTION}[data-code='{CAO_BANG}']").click()
    tab.wait_for_function("() => new URLSearchParams(location.search).get('province') === '04'")
    tab.locator(f".vn-map[data-view='{CAO_BANG}:False']").wait_for()
    tab.wait_for_timeout(500)
    assert len(frames) > seen  # the rerun's messages came
    assert not [f for f in frames[seen:] if PAYLOAD_MARK in f]
