"""AppTest of every page and widget of the dashboard, plus the URL state helpers.

State is driven the way users drive it: by widget keys, by query parameters (a shared link),
and by session state where only a browser could set it (a click on the map, covered by the
browser tests in ``tests/e2e``).

The tests run on the session's build: the real mirror's, or the committed two-province fixture's
(Cao Bằng and Tuyên Quang); those that need the whole country or the pre-2025 layers are marked
``mirror`` and skip on the fixture.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import metrics, service_metrics, state
from dashboard.core.classify import PALETTES, SCHEMES, palette_colors
from dashboard.core.formatting import human_date
from dashboard.core.state import ViewState
from dashboard.map.map_component import DRAWN_SIGNAL_NAME
from dashboard.map.search_box import COMPONENT_NAME as SEARCH_NAME
from loaders.data_sources import SOURCES
from loaders.layers import load_provinces
from loaders.lineage import kind_label, predecessors
from loaders.paths import Candidate, DataDirMissing, fetch_command
from loaders.register import new_units
from tests.app_support import app, map_element, map_html, map_payload, map_spec, run

MAP_PAGE = "dashboard/pages/map_view.py"
ABOUT_PAGE = "dashboard/pages/about.py"
CAO_BANG = "04"


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for e in [
            *at.title,
            *at.subheader,
            *at.markdown,
            *at.caption,
            *at.info,
            *at.warning,
            *at.error,
        ]
    ]
    parts += [b.label for b in at.button]
    parts += [table.to_string() for table in md_tables(at)]
    return "\n".join(str(p) for p in parts)


def md_tables(at: AppTest) -> list[pd.DataFrame]:
    """The Markdown tables on the page (detail panel, ranking), parsed and unescaped."""

    def cells(line: str) -> list[str]:
        parts = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        return [re.sub(r"\\(.)", r"\1", part).strip() for part in parts]

    tables = []
    for element in at.markdown:
        lines = str(element.value).splitlines()
        if len(lines) >= 2 and lines[0].startswith("| ") and set(lines[1]) <= set("|-"):
            rows = [cells(line) for line in lines]
            tables.append(pd.DataFrame(rows[2:], columns=rows[0]))
    return tables


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    found = [table for table in md_tables(at) if column in table.columns]
    assert len(found) == 1, [list(t.columns) for t in md_tables(at)]
    return found[0]


def params(at: AppTest) -> dict[str, str]:
    return {k: at.query_params[k] for k in at.query_params}


def classify_colors(palette: str, k: int) -> tuple[str, ...]:
    return palette_colors(palette, k)


@pytest.fixture(scope="module", autouse=True)
def _needs_data(built_data):
    return built_data


@pytest.fixture(scope="module")
def cao_bang_commune() -> str:
    """A Cao Bằng commune formed from several old units."""
    units = new_units().query("province_code == @CAO_BANG")
    for code in units["code"]:
        if len(predecessors(code)) >= 3:
            return str(code)
    raise AssertionError("no Cao Bằng commune with 3+ predecessors")


# --- Pages --------------------------------------------------------------------------------------


def test_country_view_default(registry):
    at = run(app())
    page = texts(at)
    assert at.title[0].value == "Bản đồ đơn vị hành chính sau sắp xếp 01/07/2025"
    assert "34 tỉnh, thành phố; 3.321 xã, phường, đặc khu" in page  # the register's counts
    assert at.button(key="crumb_0").label == "Việt Nam"
    assert at.session_state["province"] is None and at.session_state["commune"] is None
    spec = map_spec(at)  # the map: every province of the build and the map furniture
    assert spec["units"]["codes"] == sorted(load_provinces("overview")["code"])
    assert "Không có số liệu" in map_html(at) and "Phiên bản ranh giới" in map_html(at)
    assert not spec["units"]["canvas"]  # SVG: provinces are clickable elements
    # The first view is the on-time rate (what a provincial leader asks first), marked as
    # sample data on the page and on the map.
    assert at.selectbox(key="metric").value == "on_time_rate"
    on_time = registry["on_time_rate"]
    assert on_time.is_sample and on_time.label("vi") in map_html(at)
    assert any("DỮ LIỆU MẪU / SAMPLE DATA" in w.value for w in at.warning)
    assert "DỮ LIỆU MẪU" in map_html(at)
    assert params(at) == {}  # the default view needs no parameters
    # Every sidebar control is there, keyed.
    for key in ("metric", "period", "scheme", "palette"):
        assert at.selectbox(key=key)
    assert at.slider(key="k").value == 5
    assert at.toggle(key="local_breaks").disabled
    assert not at.toggle(key="all_communes").disabled
    assert at.segmented_control(key="lang").value == "vi"


@pytest.mark.mirror("the 34 provinces")
def test_country_view_draws_the_34_provinces():
    assert len(map_spec(run(app()))["units"]["codes"]) == 34


def test_area_ranking_lists_the_largest_province_first():
    at = run(app(metric="area_km2"))
    # Ranking beside the map: the largest province first, the smallest first among the lowest.
    area = metrics.UNIT_METRICS["area_km2"].values("province")
    full = load_provinces("overview").set_index("code")["full_name"]
    top, bottom = md_tables(at)
    assert top["Đơn vị"].iloc[0] == full[area.idxmax()]
    assert bottom["Đơn vị"].iloc[0] == full[area.idxmin()]
    assert params(at) == {"metric": "area_km2"}


def test_default_metric_falls_back_to_area_without_service_metrics():
    """A store with no service metrics (none imported, no sample) opens on the area."""
    assert metrics.default_metric(metrics.UNIT_METRICS) == "area_km2"
    view = state.from_query({}, PROVINCES, COMMUNES, metrics.UNIT_METRICS)
    assert view.metric == "area_km2"
    assert state.to_query(view, metrics.UNIT_METRICS) == {}


def drawn_signals(at: AppTest) -> list:
    return [e for e in at.get("bidi_component") if e.proto.component_name == DRAWN_SIGNAL_NAME]


@pytest.mark.mirror("all 3,321 communes")
def test_first_map_run_is_light_then_the_whole_page():
    """A session's first map run draws what the map needs and the signal that reruns once the
    map is drawn; that rerun draws the whole page around the same map, which is not resent."""
    at = run(app(light_first_run=True, all="1", k="7", metric="area_km2"))
    first = map_payload(at)
    assert len(first["spec"]["units"]["codes"]) == 3321
    assert "7 lớp" in map_html(at)  # the URL's options are drawn from the first run
    assert at.title[0].value == "Bản đồ đơn vị hành chính sau sắp xếp 01/07/2025"
    assert at.button(key="crumb_0").label == "Việt Nam"
    # The search box is there; its list of units comes with the second run, after the map.
    (search,) = [e for e in at.get("bidi_component") if e.proto.component_name == SEARCH_NAME]
    assert json.loads(search.proto.bytes)["communes"] == []
    assert len(drawn_signals(at)) == 1
    # Left for the second run: sidebar options, export panel, side panel.
    assert not [w for w in at.selectbox if w.key == "metric"] and not at.slider
    assert not at.expander and md_tables(at) == []
    # The URL is kept in the light run too.
    assert params(at) == {"all": "1", "k": "7", "metric": "area_km2"}

    run(at)  # what the signal's trigger does in a browser
    assert map_payload(at) == first and not drawn_signals(at)
    assert at.selectbox(key="metric").value == "area_km2" and at.slider(key="k").value == 7
    assert at.expander and len(md_tables(at)) == 2
    state.open_province(at.session_state, CAO_BANG)  # later runs are whole too
    run(at)
    assert at.selectbox(key="metric") and not drawn_signals(at) and md_tables(at)


def test_about_page_in_both_languages(registry):
    at = run(app())
    run(at.switch_page(ABOUT_PAGE))
    page = texts(at)
    assert at.title[0].value == "Nguồn dữ liệu và ghi chú"
    assert SOURCES[0].vintage.get("vi", human_date) in page  # the full page: test_about_page.py
    frame = at.dataframe[0].value
    assert len(frame) == len(registry)
    at.segmented_control(key="lang").set_value("en")
    run(at)
    assert at.title[0].value == "Data sources and notes"
    assert SOURCES[0].vintage.get("en", human_date) in texts(at)


@pytest.mark.parametrize(
    "page",
    [pytest.param("compare.py", marks=pytest.mark.mirror("the pre-2025 layers")), "data_import.py"],
)
def test_other_pages_run_in_the_router(page):
    """The router registers every page; each must run inside it, in both languages."""
    at = run(app())
    run(at.switch_page(f"dashboard/pages/{page}"))
    assert at.title, "the page drew nothing"
    at.segmented_control(key="lang").set_value("en")
    run(at)


def test_map_options_survive_a_visit_to_another_page():
    at = run(app())
    at.selectbox(key="metric").select("n_predecessors")
    at.slider(key="k").set_value(7)
    run(at)
    run(at.switch_page(ABOUT_PAGE))
    run(at.switch_page(MAP_PAGE))
    assert at.selectbox(key="metric").value == "n_predecessors"
    assert at.slider(key="k").value == 7


def test_first_run_page_names_what_is_missing_and_the_command(tmp_path):
    def page(missing: str) -> None:
        from pathlib import Path

        from dashboard.core import widgets
        from loaders.paths import Candidate, DataDirMissing

        widgets.first_run_page(DataDirMissing([Candidate(Path(missing), "test")]))

    at = AppTest.from_function(page, args=(str(tmp_path / "nowhere"),), default_timeout=30)
    at.run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers == ["Chưa có dữ liệu ranh giới", "No boundary data yet"]
    codes = [c.value for c in at.code]
    assert codes.count(fetch_command()) == 2
    assert str(tmp_path / "nowhere") in codes[-1]
    error = DataDirMissing([Candidate(tmp_path, "test")])
    assert fetch_command() in str(error)


# --- Drill-down by URL / state ------------------------------------------------------------------


def test_province_view_from_url(registry):
    at = run(app(province=CAO_BANG))
    page = texts(at)
    assert at.button(key="crumb_1").label == "› Tỉnh Cao Bằng"
    assert at.button(key="crumb_1").disabled
    assert "Tỉnh Cao Bằng: 56 xã, phường, đặc khu (trước 01/07/2025: 161 đơn vị cấp xã)" in page
    assert not at.toggle(key="local_breaks").disabled
    assert at.toggle(key="all_communes").disabled
    assert params(at) == {"province": CAO_BANG}
    spec = map_spec(at)
    assert len(spec["units"]["codes"]) == 56
    assert "Tỉnh Cao Bằng" in map_html(at)
    assert registry[metrics.default_metric(registry)].label("vi") in map_html(at)
    assert spec["selection"] is None  # no commune selected yet


def test_one_map_for_every_view():
    """Drilling down sends a new view to the same map element (same id, same module): the
    map is kept and only its view is swapped."""
    at = run(app())
    country, country_spec = map_element(at).proto, map_spec(at)
    state.open_province(at.session_state, CAO_BANG)
    run(at)
    province, province_spec = map_element(at).proto, map_spec(at)
    assert country.id == province.id and country.js_content == province.js_content
    assert country_spec["view"] != province_spec["view"]
    assert country_spec["units"]["id"] != province_spec["units"]["id"]
    # Selecting a commune keeps the view and its units (same id: the map keeps the layer).
    state.open_commune(at.session_state, province_spec["units"]["codes"][3], CAO_BANG)
    run(at)
    selected = map_spec(at)
    assert selected["view"] == province_spec["view"]
    assert selected["units"]["id"] == province_spec["units"]["id"]


def test_commune_detail_panel_lists_predecessors(cao_bang_commune, registry):
    at = run(app(commune=cao_bang_commune))
    assert at.session_state["province"] == CAO_BANG  # implied by the commune
    unit = new_units().set_index("code").loc[cao_bang_commune]
    page = texts(at)
    assert f"**Mã:** {cao_bang_commune}" in page
    preds_table = table_with(at, "Huyện, tỉnh cũ")
    # Every metric of the registry in exactly one row of the panel's metric tables (one
    # table per group: metric, value, rank in the province), labelled in Vietnamese.
    metric_tables = [table for table in md_tables(at) if "Chỉ tiêu" in table.columns]
    assert metric_tables and all(
        list(table.columns) == ["Chỉ tiêu", "Giá trị", "Hạng"] for table in metric_tables
    )
    rows = pd.concat(metric_tables, ignore_index=True)
    for metric in registry.values():
        found = rows[rows["Chỉ tiêu"].str.startswith(metric.label("vi"))]
        if metric.key == service_metrics.WATCH_KEY:  # a section of its own, with the reasons
            assert found.empty and any(
                line.startswith("**Cảnh báo theo dõi** · ") for line in page.splitlines()
            )
            continue
        assert len(found) == 1, (metric.key, list(rows["Chỉ tiêu"]))
    area = rows[rows["Chỉ tiêu"].str.startswith("Diện tích tự nhiên")].iloc[0]
    assert area["Giá trị"].endswith(" km²") and area["Giá trị"][0].isdigit()
    assert re.fullmatch(r"\d+/56", area["Hạng"])  # among Cao Bằng's 56 communes
    expected = predecessors(cao_bang_commune)
    assert list(preds_table["Đơn vị cũ"]) == list(expected["old_full_name"])
    assert list(preds_table["Huyện, tỉnh cũ"]) == [
        f"{district}, {province}"
        for district, province in zip(
            expected["old_district_name"], expected["old_province_name"], strict=True
        )
    ]
    # How each old unit went in, in the GSO table's own words.
    expected_kinds = [kind_label(k, "vi") for k in expected["kind"]]
    assert list(preds_table["Cách nhập"]) == expected_kinds
    assert at.button(key="crumb_2").label.endswith(str(unit["name"]))
    assert params(at) == {"province": CAO_BANG, "commune": cao_bang_commune}
    # The commune is outlined on the map, with its own geometry.
    payload = map_payload(at)
    assert payload["spec"]["selection"]["code"] == cao_bang_commune
    index = payload["spec"]["units"]["codes"].index(cao_bang_commune)
    assert payload["geometries"]["selection"] == [payload["geometries"]["units"][index]]


def test_breadcrumbs_and_close_lead_back_up(cao_bang_commune):
    at = run(app(commune=cao_bang_commune))
    at.button(key="close_detail").click()
    run(at)
    assert at.session_state["commune"] is None and at.session_state["province"] == CAO_BANG
    at.button(key="crumb_0").click()
    run(at)
    assert at.session_state["province"] is None
    assert params(at) == {}


def test_drill_down_by_session_state(cao_bang_commune):
    """What a map click does (the map's click callback writes these keys)."""
    at = run(app())
    state.open_province(at.session_state, CAO_BANG)
    run(at)
    assert params(at) == {"province": CAO_BANG}
    state.open_commune(at.session_state, cao_bang_commune, CAO_BANG)
    run(at)
    assert len(table_with(at, "Huyện, tỉnh cũ")) == len(predecessors(cao_bang_commune))


def test_bad_url_falls_back_to_defaults(registry):
    at = run(
        app(
            province="99",
            commune="abc",
            metric="nope",
            k="42",
            scheme="x",
            palette="y",
            lang="fr",
            period="1999",
        )
    )
    assert at.session_state["province"] is None
    assert at.selectbox(key="metric").value == metrics.default_metric(registry)
    assert at.slider(key="k").value == 9  # clamped to 3–9
    assert at.selectbox(key="scheme").value == "quantiles"
    assert at.selectbox(key="palette").value == state.PALETTE_AUTO
    assert at.segmented_control(key="lang").value == "vi"


def test_k_is_clamped():
    assert run(app(k="42")).slider(key="k").value == 9
    assert run(app(k="2")).slider(key="k").value == 3
    assert run(app(k="abc")).slider(key="k").value == 5


# --- Widgets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(metrics.UNIT_METRICS))
def test_every_metric_in_country_and_province_views(key, registry):
    at = run(app(metric=key))
    metric = metrics.UNIT_METRICS[key]
    assert at.selectbox(key="metric").value == key
    assert at.selectbox(key="period").value == metric.default_period
    sample_shown = any("DỮ LIỆU MẪU / SAMPLE DATA" in w.value for w in at.warning)
    assert sample_shown == metric.is_sample
    assert metric.label("vi") in map_html(at)
    state.open_province(at.session_state, CAO_BANG)
    run(at)
    assert params(at).get("metric") == (None if key == metrics.default_metric(registry) else key)
    assert len(map_spec(at)["units"]["codes"]) == 56


def test_unit_type_is_a_categorical_map(cao_bang_commune):
    at = run(app(metric="unit_type", province=CAO_BANG))
    html = map_html(at)
    # One colour per category, named in the legend with its count; no class ranges.
    for label, count in (("Xã", 53), ("Phường", 3), ("Đặc khu", 0)):
        assert f'<td>{label}</td><td class="n">{count} đơn vị</td>' in html, label
    assert "Mỗi loại một màu" in html and "Ngưỡng toàn quốc" not in html
    values = {value for _, value in map_spec(at)["units"]["props"]}
    assert values == {"Phường", "Xã"}  # tooltips by name
    # The options that do not apply to categories are disabled, with the reason.
    for key in ("scheme", "palette"):
        assert at.selectbox(key=key).disabled
    assert at.slider(key="k").disabled and at.toggle(key="local_breaks").disabled
    assert "mỗi loại một màu" in texts(at)
    counts = table_with(at, "Loại đơn vị hành chính")
    assert counts.set_index("Loại đơn vị hành chính")["Giá trị"].to_dict() == {
        "Xã": "53",
        "Phường": "3",
        "Đặc khu": "0",
    }
    # The commune panel shows the category's name, not its code.
    state.open_commune(at.session_state, cao_bang_commune, CAO_BANG)
    run(at)
    rows = pd.concat([table for table in md_tables(at) if "Chỉ tiêu" in table.columns])
    (shown,) = rows.loc[rows["Chỉ tiêu"].str.startswith("Loại đơn vị hành chính"), "Giá trị"]
    assert shown == new_units().set_index("code").loc[cao_bang_commune, "unit_type"]


@pytest.mark.mirror("the 34 provinces' types")
def test_unit_type_of_provinces_in_english():
    at = run(app(metric="unit_type", lang="en"))
    html = map_html(at)
    assert "Province</td>" in html and "Centrally-run city</td>" in html
    counts = table_with(at, "Type of administrative unit")
    assert counts.set_index("Type of administrative unit")["Value"].to_dict() == {
        "Province": "28",
        "Centrally-run city": "6",
    }


def test_period_choice_goes_to_the_url(registry):
    at = run(app(metric="online_share"))
    metric = registry["online_share"]
    assert len(metric.periods) > 1
    at.selectbox(key="period").select(metric.periods[0])
    run(at)
    assert params(at) == {"metric": "online_share", "period": metric.periods[0]}
    at.selectbox(key="metric").select("area_km2")  # period resets for the new metric
    run(at)
    assert at.selectbox(key="period").value == metrics.UNIT_METRICS["area_km2"].default_period


@pytest.mark.parametrize("scheme", [s for s in SCHEMES if s != "manual"])
def test_schemes_and_classes(scheme):
    at = run(app(province=CAO_BANG, metric="area_km2"))  # enough distinct values for 7
    at.selectbox(key="scheme").select(scheme)
    at.slider(key="k").set_value(7)
    run(at)
    assert params(at).get("scheme") == (None if scheme == "quantiles" else scheme)
    assert params(at)["k"] == "7"
    assert "7 lớp" in map_html(at)


@pytest.mark.mirror("provinces under 5,000 km²")
def test_manual_breaks():
    at = run(app(metric="area_km2"))  # a metric with no sample-data banner, in km²
    at.selectbox(key="scheme").select("manual")
    run(at)
    assert at.slider(key="k").disabled
    at.text_input(key="manual_breaks").input("5000; 10.000,5")
    run(at)
    assert params(at) == {"metric": "area_km2", "scheme": "manual", "breaks": "5000; 10.000,5"}
    assert not at.warning
    assert "5.000 – 10.000,5" in map_html(at)  # the manual class in the legend
    at.text_input(key="manual_breaks").input("năm nghìn")
    run(at)
    assert "năm nghìn" in at.warning[0].value


def test_markdown_table_escapes_cells():
    from dashboard.map.widgets import markdown_table

    text = markdown_table(("Tên", "Giá trị"), [("Xã A | B", "1*2_3"), ("<b>x</b>", "#1")])
    assert text.splitlines()[0] == "| Tên | Giá trị |"
    assert "Xã A \\| B" in text and "1\\*2\\_3" in text and "\\<b\\>x" in text


def test_parse_manual_breaks():
    assert state.parse_manual_breaks("50; 100;2,5") == (2.5, 50.0, 100.0)
    assert state.parse_manual_breaks("10.000,5; 1.500; 2.5") == (2.5, 1500.0, 10000.5)
    assert state.parse_manual_breaks("") == ()
    assert state.parse_manual_breaks("1; x") is None


@pytest.mark.parametrize("palette", [state.PALETTE_AUTO, *PALETTES])
def test_palettes(palette):
    at = run(app(province=CAO_BANG))
    at.selectbox(key="palette").select(palette)
    run(at)
    assert params(at).get("palette") == (None if palette == state.PALETTE_AUTO else palette)
    resolved = (
        palette
        if palette != state.PALETTE_AUTO
        else metrics.UNIT_METRICS["area_km2"].default_palette
    )
    colors = classify_colors(resolved, at.slider(key="k").value)
    fills = {style["fillColor"] for style in map_spec(at)["units"]["styles"]}
    assert set(colors[-2:]) <= fills


def test_local_breaks_toggle():
    at = run(app(province=CAO_BANG, metric="area_km2"))  # 56 distinct values
    national = map_html(at)
    at.toggle(key="local_breaks").set_value(True)
    run(at)
    assert params(at)["local"] == "1"
    local = map_html(at)
    assert "Ngưỡng toàn quốc" in national and "Ngưỡng riêng của tỉnh" in local
    # Local quantile breaks spread Cao Bằng's 56 communes over the 5 classes.
    assert local.count("11 đơn vị") + local.count("12 đơn vị") >= 4


@pytest.mark.mirror("all 3,321 communes")
def test_all_communes_toggle():
    at = run(app())
    at.toggle(key="all_communes").set_value(True)
    run(at)
    assert params(at) == {"all": "1"}
    assert "Bấm vào một xã, phường để mở tỉnh" in texts(at)
    payload = map_payload(at)
    assert len(payload["geometries"]["units"]) == len(payload["spec"]["units"]["codes"]) == 3321
    assert len(payload["geometries"]["outlines"]) == 34  # province borders on top
    assert payload["spec"]["units"]["canvas"]  # 3,321 polygons: canvas renderer
    assert len(map_element(at).proto.bytes) < 3_000_000


def test_basemap_toggle_is_optional_and_off_by_default():
    at = run(app())
    assert at.toggle(key="basemap").value is False
    assert map_spec(at)["basemap"] is None
    at.toggle(key="basemap").set_value(True)
    run(at)
    assert map_spec(at)["basemap"]["url"].startswith("https://tile.openstreetmap.org/")


def test_language_switch_to_english(cao_bang_commune):
    at = run(app(commune=cao_bang_commune))
    at.segmented_control(key="lang").set_value("en")
    run(at)
    assert at.title[0].value == "Administrative units after the 1 July 2025 reorganisation"
    assert at.button(key="crumb_0").label == "Viet Nam"
    assert at.button(key="crumb_1").label == "› Cao Bằng Province"
    assert "Old units that formed it" in texts(at)
    kinds = predecessors(cao_bang_commune)["kind"]
    column = table_with(at, "Old district, province")["How"]
    assert list(column) == [kind_label(k, "en") for k in kinds]
    assert params(at)["lang"] == "en"


# --- URL state (pure) ---------------------------------------------------------------------------


PROVINCES = {"04", "22"}
COMMUNES = {"01273": "04", "06970": "22"}


def test_query_round_trip(registry):
    view = ViewState(
        province="04",
        commune="01273",
        metric="online_share",
        period="2025-07",
        scheme="natural_breaks",
        k=7,
        palette="BrBG",
        local_breaks=True,
        lang="en",
    )
    query = state.to_query(view, registry)
    assert query == {
        "province": "04",
        "commune": "01273",
        "metric": "online_share",
        "period": "2025-07",
        "scheme": "natural_breaks",
        "k": "7",
        "palette": "BrBG",
        "local": "1",
        "lang": "en",
    }
    assert state.from_query(query, PROVINCES, COMMUNES, registry) == view


def test_query_defaults_are_left_out():
    assert state.to_query(ViewState(), metrics.UNIT_METRICS) == {}
    period = metrics.UNIT_METRICS["area_km2"].default_period
    assert state.to_query(ViewState(period=period), metrics.UNIT_METRICS) == {}
    assert (
        state.to_query(ViewState(manual_breaks="1;2"), metrics.UNIT_METRICS) == {}
    )  # only with scheme=manual


def test_commune_implies_province_and_wins_over_a_wrong_one():
    query = {"province": "04", "commune": "06970"}
    view = state.from_query(query, PROVINCES, COMMUNES, metrics.UNIT_METRICS)
    assert (view.province, view.commune) == ("22", "06970")
    assert view.level == "commune"


def test_sync_url_writes_only_changes():
    url: dict[str, str] = {"province": "04"}
    state.sync_url(url, ViewState(province="04"), metrics.UNIT_METRICS)
    assert url == {"province": "04"}
    state.sync_url(url, ViewState(), metrics.UNIT_METRICS)
    assert url == {}
