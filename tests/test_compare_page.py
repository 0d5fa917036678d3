"""AppTest of the compare page: the page and every control, in both languages."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.compare import picks, sync_map
from loaders import layers
from loaders.lineage import predecessors, successors
from tests.app_support import COMPARE_PAGE, run_compare_page

pytestmark = pytest.mark.mirror("the pre-2025 layers")


def texts(at: AppTest) -> str:
    parts = [e.value for e in [*at.markdown, *at.caption, *at.title, *at.subheader, *at.info]]
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(str(p) for p in parts)


def iframe_html(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


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
    # The left map says how many old units of the province have a polygon.
    assert "149/161" in iframe_html(at)


def test_side_by_side_html_is_offline_and_synchronised(default_page):
    page = iframe_html(default_page)
    assert "window.leftMap" in page and "window.rightMap" in page
    assert 'on("move zoom"' in page
    # Leaflet is inlined (not fetched), and nothing else points to another host. (Leaflet's own
    # source mentions leafletjs.com in its attribution prefix, which is switched off.)
    js, css = sync_map._leaflet_assets()
    assert js in page and css in page
    ours = page.replace(js, "").replace(css, "")
    assert not re.search(r"(src|href)\s*=", ours)
    assert "http" not in ours


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
    if mode == "side":
        assert len(at.get("iframe")) == 1
    else:
        assert len(at.get("component_instance")) == 1  # st_folium


@pytest.mark.parametrize("mode", ["side", "overlay"])
def test_province_level(mode):
    at = run_compare_page()
    at.radio(key="cmp_level").set_value("province").run()
    at.radio(key="cmp_mode").set_value(mode).run()
    assert not at.exception
    if mode == "side":
        page = iframe_html(at)
        data = json.loads(re.search(r"var D = (\{.*?\});\n", page).group(1))
        assert len(data["left"]["features"]) == 63
        assert len(data["right"]["features"]) == 34


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
    # Predecessors are outlined on the left map, the unit on the right.
    data = json.loads(re.search(r"var D = (\{.*?\});\n", iframe_html(at)).group(1))
    assert data["right_selection"]["features"][0]["properties"]["code"] == "01273"
    assert len(data["left_selection"]["features"]) >= 1


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


def test_click_picks_unit_and_province():
    value = {"last_active_drawing": {"properties": {"code": "01273"}}}
    code = picks.clicked_code(value)
    assert code == "01273"
    assert picks.state_updates(code, {"04"}, {"01273": "04"}) == {
        "cmp_province": "04",
        "cmp_new_code": "01273",
    }
    assert picks.state_updates("04", {"04"}, {}) == {"cmp_province": "04"}
    assert picks.state_updates("99999", {"04"}, {}) == {}
    assert picks.clicked_code(None) is None
    assert picks.clicked_code({"last_active_drawing": None}) is None


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


def test_overlay_map_is_offline_and_clickable():
    import folium

    from dashboard.compare import features, overlay
    from dashboard.core import offline

    offline.configure_folium()
    view = features.commune_view("04", "area", new_code="01273")
    fmap = overlay.overlay_map(
        view, title="Tiêu đề <b>", legend_title="Diện tích", footer="Nguồn", old_label="Cũ"
    )
    assert isinstance(fmap, folium.Map)
    page = fmap.get_root().render()
    assert not re.findall(r"(?:src|href)=\"(?:https?:)?//", page)
    # The title is HTML-escaped, then JSON-encoded for the script (Jinja's tojson).
    assert "\\u0026lt;b\\u0026gt;" in page and "đề <b>" not in page
    group = overlay.selection_group(view)
    assert len(group._children) == 2  # the unit and its predecessors
