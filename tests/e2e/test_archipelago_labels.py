"""Browser tests: the map page names Hoàng Sa and Trường Sa (sovereignty convention).

Every map of the whole country (the 34 provinces and the 3,321 communes), in Vietnamese and in
English, at desktop and phone sizes, shows both names as text in the map, beside their
islands and clear of the map's title, legend and footer boxes; the names never take a click
from the units under them. The province views of TP. Đà Nẵng and Khánh Hòa name their own
archipelago. Screenshots go to ``$VNMAP_SHOTS`` (default ``/tmp/shots``) for a human look.

The app runs as ``streamlit run streamlit_app.py`` on a free port for the whole module.
"""

from __future__ import annotations

import os
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
LABEL = ".vn-island-label"
#: The visible box of a name (the marker element itself has no size).
LABEL_TEXT = ".vn-island-label > div"
SHOTS = Path(os.environ.get("VNMAP_SHOTS", "/tmp/shots"))
NAMES = {
    "vi": ("Quần đảo Hoàng Sa", "(TP. Đà Nẵng)", "Quần đảo Trường Sa", "(tỉnh Khánh Hòa)"),
    "en": ("Hoàng Sa archipelago", "(Đà Nẵng)", "Trường Sa archipelago", "(Khánh Hòa)"),
}
#: How far (CSS px) a name's box may be from its archipelago's anchor point.
NEAR_PX = 40


def _open(browser, url: str, size: tuple[int, int], units: int):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    tab = context.new_page()
    tab.set_default_timeout(90_000)  # the first visit fills the caches
    tab.goto(url)
    tab.wait_for_selector(f"{MAP}[data-units='{units}']", state="attached")
    return context, tab


def _boxes(tab) -> dict[str, object]:
    """Page boxes of the map, its names (with the anchor point of each, from the map's own
    projection) and its title / legend / footer boxes."""
    return tab.evaluate(
        """([m, l]) => {
            const el = document.querySelector(m), map = el.vnMap;
            const box = (e) => { const r = e.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom]; };
            const mb = el.getBoundingClientRect();
            const labels = [];
            map.eachLayer((layer) => {
                const e = layer.getElement && layer.getElement();
                if (!e || !e.classList.contains(l.slice(1))) return;
                const p = map.latLngToContainerPoint(layer.getLatLng());
                labels.push({code: e.dataset.code, text: e.innerText,
                             box: box(e.firstElementChild),
                             anchor: [mb.left + p.x, mb.top + p.y]});
            });
            return {map: box(el), labels,
                    // the title, legend and footer (beside the map now) and the
                    // controls still on it (zoom buttons, scale)
                    controls: [...el.closest('.vn-map-frame').querySelectorAll('.vn-box'),
                               ...el.querySelectorAll('.leaflet-control')].map(box)};
        }""",
        [MAP, LABEL],
    )


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _distance(box, point) -> float:
    dx = max(box[0] - point[0], 0, point[0] - box[2])
    dy = max(box[1] - point[1], 0, point[1] - box[3])
    return (dx * dx + dy * dy) ** 0.5


@pytest.mark.parametrize(
    ("query", "units", "lang", "size"),
    [
        ("", 34, "vi", (1400, 1000)),
        ("all=1", 3321, "vi", (1400, 1000)),
        ("", 34, "en", (1400, 1000)),
        ("all=1", 3321, "en", (1400, 1000)),
        ("", 34, "vi", (1280, 720)),
        ("all=1", 3321, "en", (1280, 720)),
        ("", 34, "vi", (390, 844)),
        ("all=1", 3321, "en", (390, 844)),
    ],
)
def test_country_maps_name_both_archipelagos(app_url, browser, query, units, lang, size):
    url = f"{app_url}/?{'&'.join(p for p in (query, 'lang=en' if lang == 'en' else '') if p)}"
    context, tab = _open(browser, url, size, units)
    try:
        tab.locator(LABEL_TEXT).nth(1).wait_for()
        # The whole map on screen (below the page's header on small screens): the boxes
        # below are in viewport pixels, and the screenshot shows the map.
        tab.locator(MAP).evaluate("e => e.scrollIntoView({block: 'center'})")
        text = tab.locator(MAP).inner_text()
        for name in NAMES[lang]:
            assert name in text
        found = _boxes(tab)
        assert sorted(label["code"] for label in found["labels"]) == ["20333", "22736"]
        for label in found["labels"]:
            box = label["box"]
            # Whole name inside the map, beside its islands, under no box of the map.
            assert found["map"][0] <= box[0] and box[2] <= found["map"][2], label
            assert found["map"][1] <= box[1] and box[3] <= found["map"][3], label
            assert _distance(box, label["anchor"]) <= NEAR_PX, label
            for control in found["controls"]:
                assert not _overlaps(box, control), (label, control)
        # The names let the pointer through to the map (clicks reach the units).
        hits = tab.evaluate(
            """(l) => [...document.querySelectorAll(l)].map((d) => {
                const r = d.getBoundingClientRect();
                const e = document.elementFromPoint((r.left + r.right) / 2,
                                                    (r.top + r.bottom) / 2);
                return e ? !!e.closest('.vn-island-label') : null; })""",
            LABEL_TEXT,
        )
        assert hits == [False, False]
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = f"archipelagos_{query or 'country'}_{lang}_{size[0]}x{size[1]}.png"
        tab.screenshot(path=str(SHOTS / name.replace("=", "")))
    finally:
        context.close()


@pytest.mark.parametrize(
    ("province", "units", "codes"),
    [("48", 94, ["20333"]), ("56", 65, ["22736"]), ("04", 56, [])],
)
def test_province_views_name_their_own_archipelago(app_url, browser, province, units, codes):
    context, tab = _open(browser, f"{app_url}/?province={province}", (1400, 1000), units)
    try:
        tab.wait_for_function(
            "([m, n]) => document.querySelectorAll(m + ' path.leaflet-interactive').length >= n",
            arg=[MAP, units],
        )
        if codes:
            tab.locator(LABEL_TEXT).first.wait_for()
        if codes:  # the name is shown whole, clear of the title, legend and footer
            tab.locator(MAP).evaluate("e => e.scrollIntoView({block: 'center'})")
        found = _boxes(tab)
        assert sorted(label["code"] for label in found["labels"]) == codes
        for label in found["labels"]:
            box = label["box"]
            assert found["map"][0] <= box[0] and box[2] <= found["map"][2], label
            assert found["map"][1] <= box[1] and box[3] <= found["map"][3], label
            assert _distance(box, label["anchor"]) <= NEAR_PX, label
            for control in found["controls"]:
                assert not _overlaps(box, control), (label, control)
        if codes:
            SHOTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(SHOTS / f"archipelagos_province_{province}.png"))
    finally:
        context.close()
