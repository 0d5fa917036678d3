"""AppTest of the compare page: the page and every control, in both languages."""

from __future__ import annotations

import itertools
import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.compare import picks
from dashboard.compare.features import SELECTED
from dashboard.core.state import COMPARE_PAINTED
from dashboard.map.map_component import COMPONENT_NAME
from loaders import layers
from loaders.compare import legacy_areas
from loaders.lineage import predecessors, successors
from tests.app_support import COMPARE_PAGE, run_compare_page

pytestmark = pytest.mark.mirror("the pre-2025 layers")


def texts(at: AppTest) -> str:
    parts = [e.value for e in [*at.markdown, *at.caption, *at.title, *at.subheader, *at.info]]
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(str(p) for p in parts)


def maps(at: AppTest) -> dict[str, dict]:
    """The payloads the page sent to its maps, by side: "old" (left) and "new" (right, or the
    overlay)."""
    out = {}
    for element in at.get("bidi_component"):
        if element.proto.component_name != COMPONENT_NAME:
            continue
        side = "old" if element.proto.id.endswith("-cmp_map_old") else "new"
        assert element.proto.id.endswith(f"-cmp_map_{side}")
        out[side] = json.loads(element.proto.bytes)
    return out


def shown_html(payload: dict) -> str:
    """Every HTML text a map shows: its boxes and its units' tooltips."""
    spec = payload["spec"]
    parts = [c["html"] for c in spec["controls"]]
    parts += [text for props in spec["units"]["props"] for text in props]
    return "\n".join(parts)


def line_codes(payload: dict, name: str) -> int:
    """How many shapes the map's line layer ``name`` draws (0 when absent)."""
    return len(payload["geometries"].get(name, []))


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    return run_compare_page()


def test_default_page_cao_bang(default_page):
    at = default_page
    assert at.title[0].value == "So sánh ranh giới cũ và mới"
    assert at.selectbox(key="cmp_province").value == "04"
    assert at.radio(key="cmp_mode").value == "side"
    # Honest labels: vintage, coverage and "not official" are always on the page.
    body = texts(at)
    assert "2009–2013" in body and "không chính thức" in body
    assert "9.032 / 10.035" in body  # commune-level units only (not the 5 island districts)
    assert "Tỉnh Quảng Ninh (2025)" in body  # drawn with its 2025 outline, and says so
    # Statistics: Cao Bằng 161 → 56.
    assert any(m.value == "161 → 56" for m in at.metric)
    assert len(at.get("download_button")) == 3
    # Two maps of the project's component (no iframe, no folium), old left and new right.
    assert not at.get("iframe") and not at.get("component_instance")
    drawn = maps(at)
    assert len(drawn["old"]["spec"]["units"]["codes"]) == 149
    assert len(drawn["new"]["spec"]["units"]["codes"]) == 56
    # The left map says how many old units of the province have a polygon.
    assert "149/161" in shown_html(drawn["old"])


def test_side_by_side_maps_are_synchronised_and_offline(default_page):
    drawn = maps(default_page)
    old, new = drawn["old"]["spec"], drawn["new"]["spec"]
    # One sync group, one view and the same bounds: the maps open on the same place.
    assert old["sync"] == new["sync"] == "compare"
    assert old["view"] == new["view"] and old["bounds"] == new["bounds"]
    assert old["basemap"] is None and new["basemap"] is None
    for payload in drawn.values():
        assert "http" not in json.dumps(payload["spec"]["controls"])
    # Old province and district lines over the old units, the new province's line over the new.
    assert line_codes(drawn["old"], "lines0") >= 1 and line_codes(drawn["old"], "lines1") > 5
    assert line_codes(drawn["new"], "lines0") == 1
    # The legend is under the new map, in the page's language, with the line samples.
    assert "Đơn vị đang chọn" in shown_html(drawn["new"])


def test_language_switch():
    at = run_compare_page()
    at.radio(key="cmp_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Compare old and new boundaries"
    assert "Approximate polygons, not official boundaries" in texts(at)


def test_language_from_router():
    at = run_compare_page(lang="en")
    assert at.title[0].value == "Compare old and new boundaries"
    assert not [r for r in at.radio if r.key == "cmp_lang"]


@pytest.mark.parametrize("mode", ["side", "overlay"])
@pytest.mark.parametrize("metric", ["area", "n_pred", "none"])
def test_modes_and_metrics(mode, metric):
    at = run_compare_page(cmp_mode=mode, cmp_metric=metric)
    drawn = maps(at)
    assert set(drawn) == ({"old", "new"} if mode == "side" else {"new"})
    if mode == "overlay":
        # New units filled, old communes dashed over them (with a light casing); in the
        # side-by-side maps' group, so a change of mode keeps the place the user moved to.
        spec = drawn["new"]["spec"]
        assert spec["sync"] == "compare"
        assert line_codes(drawn["new"], "old_units") == 149
        styles = next(p for p in spec["lines"] if p["name"] == "old_units")["styles"]
        assert styles == [{**styles[0], "dashArray": "5 4"}]
        assert "Ranh giới cũ (nét đứt)" in shown_html(drawn["new"])


@pytest.mark.parametrize("mode", ["side", "overlay"])
def test_province_level(mode):
    at = run_compare_page()
    at.radio(key="cmp_level").set_value("province").run()
    at.radio(key="cmp_mode").set_value(mode).run()
    assert not at.exception
    drawn = maps(at)
    assert len(drawn["new"]["spec"]["units"]["codes"]) == 34
    if mode == "side":
        assert len(drawn["old"]["spec"]["units"]["codes"]) == 63
    # The whole country in view, both archipelagos named on every map.
    for payload in drawn.values():
        names = " ".join(" ".join(label["lines"]) for label in payload["spec"]["labels"])
        assert "Hoàng Sa" in names and "Trường Sa" in names
    # The province shown (Cao Bằng) is outlined; the map does not zoom to it.
    assert drawn["new"]["spec"]["view"] == "provinces"
    assert line_codes(drawn["new"], "selection") == 1


def test_province_picker_and_split_filter():
    at = run_compare_page()
    at.selectbox(key="cmp_province").set_value("01").run()
    assert not at.exception
    before = len(at.dataframe[0].value)
    at.checkbox(key="cmp_split_only").check().run()
    assert not at.exception
    marks = at.dataframe[0].value
    assert 0 < len(marks) < before
    assert set(marks.iloc[:, 3]) == {"có"}


def test_split_filter_with_no_split_units():
    at = run_compare_page(cmp_split_only=True)  # Cao Bằng has none
    assert len(at.dataframe[0].value) == 0
    assert "không có đơn vị nào" in at.info[0].value


def test_pick_new_commune_lists_predecessors():
    at = run_compare_page()
    at.selectbox(key="cmp_new_code").set_value("01273").run()
    assert not at.exception
    body = texts(at)
    assert "Đã chọn: Phường Thục Phán (01273)" in body
    for name in predecessors("01273")["old_full_name"]:
        assert name in body
    assert "nhập toàn bộ" in body  # the GSO table's words
    assert "không có đa giác" in body or "%" in body
    # The unit outlined on the right map, its predecessors on the left, in the legend's red;
    # both maps move to the lineage (a view of its own, fitted to its bounds).
    drawn = maps(at)
    assert line_codes(drawn["new"], "selection") == 1
    with_polygon = set(predecessors("01273")["old_code"]) & set(legacy_areas().index)
    assert line_codes(drawn["old"], "selection") == len(with_polygon) > 1
    for payload in drawn.values():
        colours = {
            s["color"]
            for p in payload["spec"]["lines"]
            if p["name"] == "selection"
            for s in p["styles"]
        }
        assert colours == {SELECTED}
        assert payload["spec"]["view"] == "communes:04:01273:"
    assert drawn["old"]["spec"]["bounds"] == drawn["new"]["spec"]["bounds"]
    assert drawn["new"]["spec"]["bounds"] != maps(run_compare_page())["new"]["spec"]["bounds"]


def test_pick_in_overlay_mode():
    at = run_compare_page(cmp_mode="overlay", cmp_new_code="01273")
    assert "Phường Thục Phán (01273)" in texts(at)


def test_changing_province_clears_the_pick():
    at = run_compare_page()
    at.selectbox(key="cmp_new_code").set_value("01273").run()
    at.selectbox(key="cmp_province").set_value("08").run()
    assert not at.exception
    assert at.selectbox(key="cmp_new_code").value is None


def test_search_old_commune_country_wide():
    at = run_compare_page()
    at.text_input(key="cmp_old_query").input("hung dao").run()
    assert not at.exception
    options = at.selectbox(key="cmp_old_code").options
    assert len(options) > 5 and any("Hưng Đạo" in o for o in options)
    box = at.selectbox(key="cmp_old_code")
    old_code = "01705"  # Xã Hưng Đạo, Thành phố Cao Bằng
    box.set_value(old_code).run()
    assert not at.exception
    body = texts(at)
    for name in successors(old_code)["new_full_name"]:
        assert name in body


def test_search_with_no_match():
    at = run_compare_page()
    at.text_input(key="cmp_old_query").input("zzzz không có").run()
    assert not at.exception
    assert "Không tìm thấy tên nào." in texts(at)


def test_no_data(monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    monkeypatch.setattr(layers, "has_data", lambda: False)
    at = AppTest.from_file(COMPARE_PAGE, default_timeout=60).run()
    st.cache_data.clear()
    assert not at.exception
    assert "python -m loaders build" in at.info[0].value


# --- Map click → state (the callback only applies these updates) ------------------------------


KNOWN = {
    "province_codes": {"04", "08"},
    "new_unit_province": {"01273": "04", "02230": "08"},
    "old_unit_province": {"01705": "04", "01273": "04"},
    "old_province_new": {"04": "04", "02": "08", "08": "08"},
}


def test_click_on_a_new_unit_picks_it_and_its_province():
    assert picks.click_updates("new", "02230", level="commune", **KNOWN) == {
        "cmp_province": "08",
        "cmp_new_code": "02230",
        "cmp_old_code": None,
    }


def test_click_on_an_old_unit_picks_it_the_side_decides():
    # 01273 is both an old and a new code: the map it was clicked on says which it is.
    assert picks.click_updates("old", "01273", level="commune", **KNOWN) == {
        "cmp_old_code": "01273",
        "cmp_new_code": None,
    }
    assert picks.click_updates("new", "01273", level="commune", **KNOWN)["cmp_new_code"] == "01273"


def test_click_at_province_level_picks_the_new_province():
    assert picks.click_updates("new", "08", level="province", **KNOWN) == {"cmp_province": "08"}
    # An old province picks the new province it went into (Hà Giang → Tuyên Quang).
    assert picks.click_updates("old", "02", level="province", **KNOWN) == {"cmp_province": "08"}


def test_click_on_nothing_known_changes_nothing():
    assert picks.click_updates("new", "99999", level="commune", **KNOWN) == {}
    assert picks.click_updates("old", "99", level="province", **KNOWN) == {}
    assert picks.click_updates("new", None, level="commune", **KNOWN) == {}


# --- Map builders (pure functions, no Streamlit) ----------------------------------------------


def _fills(collection: dict) -> set[str]:
    return {f["properties"]["style"]["fillColor"] for f in collection["features"]}


def test_both_sides_share_class_breaks():
    from dashboard.compare import features
    from dashboard.core.classify import NO_DATA_COLOR, compute_breaks
    from loaders import compare

    view = features.commune_view("04", "area")
    allowed = {*view.classes.colors, NO_DATA_COLOR}
    assert _fills(view.left) <= allowed and _fills(view.right) <= allowed
    # The breaks are those of the old and new values together.
    olds = compare.old_units_of("04")
    news = compare.unit_marks().query("province_code == '04'")
    pooled = [*olds["area_km2_approx"].dropna(), *news["area_km2"].dropna()]
    assert (view.classes.lower, view.classes.upper) == compute_breaks(pooled, "quantiles", 5)
    assert len(view.right["features"]) == 56
    assert len(view.left["features"]) == int(olds["has_polygon"].sum())


def test_split_marks_and_filter():
    from dashboard.compare import features
    from dashboard.core import compare_classes

    view = features.commune_view("01", "n_pred", split_only=True)
    styles = [f["properties"]["style"] for f in view.right["features"]]
    assert styles and all(s["color"] == compare_classes.PART_EDGE for s in styles)
    tips = [f["properties"]["tip"] for f in view.right["features"]]
    assert all("→ 1 (có phần tách)" in tip for tip in tips)


# --- Every combination of the controls ---------------------------------------------------------


def _render(at: AppTest, combo: tuple, *, whole: bool) -> list[tuple]:
    """Run the page with ``combo`` (province, level, colouring, split-only, mode) set as
    its widgets would set it; the problems found. ``whole=False``: the session's light first
    run (controls and maps, everything the combination changes); otherwise the whole page."""
    keys = ("cmp_province", "cmp_level", "cmp_metric", "cmp_split_only", "cmp_mode")
    for key, value in zip(keys, combo, strict=True):
        at.session_state[key] = value
    at.session_state[COMPARE_PAINTED] = whole
    at.run()
    if at.exception:
        return [(combo, at.exception[0].value)]
    problems = []
    drawn = maps(at)
    if set(drawn) != ({"old", "new"} if combo[4] == "side" else {"new"}):
        problems.append((combo, f"maps drawn: {sorted(drawn)}"))
    elif not drawn["new"]["spec"]["units"]["codes"] and not any(
        "không có đơn vị nào" in i.value for i in at.info
    ):
        problems.append((combo, "no unit drawn and nothing said"))
    return problems


def test_every_combination_of_controls_renders():
    """Every province × level × mode × colouring × split-only view renders its controls
    and maps with no exception (the overlay with the split filter on a province with no
    split unit once replaced the page with a traceback), and an empty filter says so in
    words. The province level disables the split filter but keeps its value, so both of its
    values are reached there too. The sections below the maps depend on the province and
    the filter only: the whole page is run for each of those, at both levels."""
    at = run_compare_page()
    provinces = at.selectbox(key="cmp_province").options
    assert len(provinces) == 34
    codes = [option.rsplit("(", 1)[1].rstrip(")") for option in provinces]
    levels, metrics, modes = (
        ("commune", "province"),
        ("area", "n_pred", "none"),
        ("side", "overlay"),
    )
    failures = []
    for combo in itertools.product(codes, levels, metrics, (False, True), modes):
        failures += _render(at, combo, whole=False)
    for index, (code, level, split_only) in enumerate(
        itertools.product(codes, levels, (False, True))
    ):
        combo = (code, level, metrics[index % 3], split_only, modes[index % 2])
        failures += _render(at, combo, whole=True)
    assert failures == []
    # Cao Bằng has no split unit: the filter leaves nothing, and the page says so.
    _render(at, ("04", "commune", "area", True, "overlay"), whole=True)
    assert any("không có đơn vị nào" in i.value for i in at.info)
