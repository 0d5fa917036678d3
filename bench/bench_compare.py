"""Benchmark of the compare page in headless Chromium (a script, not a test).

    python bench/bench_compare.py [--runs 3] [--province 04]

Against ``streamlit run streamlit_app.py`` on a free local port, after one warm-up visit of
each view (the server's caches filled, as for any visitor after the first), it measures, in
a fresh browser context each time (empty browser cache: a first visit):

* compare of a province (side by side, both maps drawn) on a first visit, for Cao Bằng and
  Hà Nội (the province with the most old communes);
* the 63 → 34 province-level view on a first visit;
* on the open page, with real mouse clicks: each change of mode (side → overlay → side),
  colouring, split-only filter, and a pick by clicking a unit of the new map (both maps
  moved to its lineage), from the click until the maps show the change and a frame is
  painted.

Targets (issue "compare page on the project's own map component"): first visit ≤ 2 s, any
change ≤ 1 s, province-level view ≤ 2 s. Results are printed as a table and written to
``bench/out/``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_map import CHROMIUM, CHROMIUM_ARGS, OUT, REPO, Tab, streamlit_server

TARGETS = {"first_visit_s": 2.0, "change_s": 1.0, "province_level_s": 2.0}
HA_NOI = "01"
#: Both compare maps drawn: every map element says how many units it has drawn.
BOTH_DRAWN = "n => document.querySelectorAll('.vn-map[data-units]').length === n"


def _painted(page: Page) -> None:
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(true)))")


def _maps_state(page: Page) -> list[str]:
    """What each map shows: its view, units and lines (map_component.js sets them)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.vn-map')].map("
        "m => [m.dataset.view, m.dataset.units, m.dataset.lines].join('/'))"
    )


def first_visit(browser, url: str, path: str, n_maps: int) -> float:
    tab = Tab(browser)
    page = tab.page
    start = time.perf_counter()
    page.goto(f"{url}{path}")
    page.wait_for_function(BOTH_DRAWN, arg=n_maps)
    _painted(page)
    elapsed = time.perf_counter() - start
    if tab.external:
        raise RuntimeError(f"requests left the machine: {tab.external}")
    tab.close()
    return elapsed


def timed_change(page: Page, action: Callable[[], None], n_maps: int) -> float:
    """From ``action`` (a click) until the maps show something else, then a painted frame."""
    before = _maps_state(page)
    start = time.perf_counter()
    action()
    page.wait_for_function(
        "([before, n]) => { const now = [...document.querySelectorAll('.vn-map')].map("
        "m => [m.dataset.view, m.dataset.units, m.dataset.lines].join('/'));"
        " return now.length === n && now.every(s => !s.includes('undefined'))"
        " && JSON.stringify(now) !== JSON.stringify(before); }",
        arg=[before, n_maps],
    )
    _painted(page)
    return time.perf_counter() - start


def _click_option(page: Page, key: str, text: str) -> Callable[[], None]:
    return lambda: page.locator(f".st-key-{key} label").filter(has_text=text).click()


def _select(page: Page, key: str, text: str) -> Callable[[], None]:
    def run() -> None:
        page.locator(f".st-key-{key} input").click()
        page.get_by_role("option", name=text).click()

    return run


def _click_unit(page: Page) -> Callable[[], None]:
    """A real click in the middle of the new units' map (on a unit: the province fills it)."""

    def run() -> None:
        box = page.locator(".vn-map").nth(1).bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)

    return run


def changes(browser, url: str, province: str) -> dict[str, float]:
    tab = Tab(browser)
    page = tab.page
    page.set_default_timeout(60_000)
    page.goto(f"{url}/compare?province={province}")
    page.wait_for_function(BOTH_DRAWN, arg=2)
    page.locator(".vn-map").nth(1).scroll_into_view_if_needed()
    out = {
        "mode_overlay_s": timed_change(page, _click_option(page, "cmp_mode", "Chồng lớp"), 1),
        "mode_side_s": timed_change(page, _click_option(page, "cmp_mode", "cạnh nhau"), 2),
        "colouring_s": timed_change(page, _select(page, "cmp_metric", "Số đơn vị cũ hợp thành"), 2),
        "split_only_s": timed_change(
            page, lambda: page.locator(".st-key-cmp_split_only label").click(), 2
        ),
    }
    page.locator(".st-key-cmp_split_only label").click()  # all units again
    page.wait_for_function(BOTH_DRAWN, arg=2)
    page.wait_for_timeout(500)
    page.locator(".vn-map").nth(1).scroll_into_view_if_needed()
    out["pick_s"] = timed_change(page, _click_unit(page), 2)
    out["level_province_s"] = timed_change(page, _click_option(page, "cmp_level", "Cấp tỉnh"), 2)
    tab.close()
    return out


def report(results: dict, runs: dict) -> str:
    rows = [
        ("first_visit_s", "Compare Cao Bằng, first visit (both maps drawn)", "first_visit_s"),
        ("first_visit_ha_noi_s", "Compare Hà Nội, first visit", "first_visit_s"),
        ("province_level_s", "63 → 34 province-level view, first visit", "province_level_s"),
        ("mode_overlay_s", "Change mode: side → overlay", "change_s"),
        ("mode_side_s", "Change mode: overlay → side", "change_s"),
        ("colouring_s", "Change colouring (area → number of old units)", "change_s"),
        ("split_only_s", "Split-only filter on", "change_s"),
        ("pick_s", "Click a unit → both maps at its lineage", "change_s"),
        ("level_province_s", "Switch to province level (in page)", "province_level_s"),
    ]
    lines = [f"{'measure':<52} {'median':>8} {'target':>8}  runs"]
    for key, label, target in rows:
        value = results[key]
        ok = "ok" if value <= TARGETS[target] else "MISSED"
        shown = ", ".join(f"{v:.2f}" for v in runs[key])
        lines.append(f"{label:<52} {value:>7.2f}s {TARGETS[target]:>7.1f}s  {shown}  {ok}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--province", default="04")
    args = parser.parse_args()
    out: dict[str, list[float]] = defaultdict(list)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        load_before = os.getloadavg()[0]
        with streamlit_server(REPO / "streamlit_app.py", REPO) as url:
            # Warm-up: every view once, so the server's caches hold them.
            first_visit(browser, url, f"/compare?province={args.province}", 2)
            first_visit(browser, url, f"/compare?province={HA_NOI}", 2)
            first_visit(browser, url, "/compare?level=province", 2)
            changes(browser, url, args.province)
            for _ in range(args.runs):
                path = f"/compare?province={args.province}"
                out["first_visit_s"].append(first_visit(browser, url, path, 2))
                path = f"/compare?province={HA_NOI}"
                out["first_visit_ha_noi_s"].append(first_visit(browser, url, path, 2))
                out["province_level_s"].append(
                    first_visit(browser, url, "/compare?level=province", 2)
                )
                for key, value in changes(browser, url, args.province).items():
                    out[key].append(value)
        browser.close()
    results = {key: statistics.median(values) for key, values in out.items()}
    text = report(results, out)
    text += f"\nload average before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}"
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    record = {"results": results, "runs": out, "targets": TARGETS}
    (OUT / f"bench_compare-{stamp}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    (OUT / f"bench_compare-{stamp}.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
