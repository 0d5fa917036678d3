"""Trend charts (commune against province, province against country) and the volunteer gaps
panel and classes on the map page."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import service_metrics
from dashboard.map.trend_chart import trend_chart, trend_frame
from dashboard.map.volunteer_panel import province_gaps
from loaders.metrics import store
from loaders.register import new_units
from tests.app_support import app, map_html, run

CAO_BANG = "04"
SAMPLE = "DỮ LIỆU MẪU / SAMPLE DATA"


def trend(values: list[float], sample: bool = True) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": [f"2025-{m:02d}" for m in range(7, 7 + len(values))],
            "value": values,
            "n_reported": [1] * len(values),
            "is_sample": [sample] * len(values),
        }
    )


# --- Pure parts ---------------------------------------------------------------------------------


def test_trend_frame_keeps_missing_periods_as_gaps_and_formats_values() -> None:
    frame = trend_frame(
        [("Xã A", trend([50.0, np.nan, 62.5])), ("Tỉnh B", trend([55.0, 56.0, 57.0]))],
        decimals=1,
        unit="%",
        lang="vi",
    )
    unit = frame[frame.scope == "Xã A"]
    assert unit.period.tolist() == ["2025-07", "2025-08", "2025-09"]
    assert unit.value.isna().tolist() == [False, True, False]  # a gap, not 0
    assert unit.shown.tolist() == ["50 %", "Không có số liệu", "62,5 %"]
    assert len(frame) == 6
    spec = trend_chart(frame, "x", "%", "vi", False, ["Xã A", "Tỉnh B"]).to_dict()
    assert spec["mark"]["invalid"] == "break-paths-show-domains"  # the line breaks there


def test_trend_chart_spec_has_title_sample_subtitle_and_two_lines() -> None:
    frame = trend_frame(
        [("Xã A", trend([50.0, 60.0])), ("Tỉnh B", trend([55.0, 56.0]))], 1, "%", "vi"
    )
    spec = trend_chart(frame, "Tỷ lệ đúng hạn (%)", "%", "vi", True, ["Xã A", "Tỉnh B"]).to_dict()
    assert spec["title"]["text"] == "Tỷ lệ đúng hạn (%)"
    assert spec["title"]["subtitle"] == [SAMPLE]
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["x"]["field"] == "period"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Xã A", "Tỉnh B"]
    assert len(spec["encoding"]["strokeDash"]["scale"]["range"]) == 2  # grayscale-safe
    real = trend_chart(frame, "x", "%", "en", False, ["Xã A", "Tỉnh B"]).to_dict()
    assert real["title"].get("subtitle", []) == []


def test_trend_chart_axis_speaks_the_language_and_counts_tick_whole() -> None:
    frame = trend_frame([("Xã A", trend([51.0, 52.0]))], 0, "", "vi")
    counts = trend_chart(frame, "x", "", "vi", False, ["Xã A"], decimals=0).to_dict()
    assert counts["config"]["locale"]["number"]["decimal"] == ","
    assert counts["config"]["locale"]["number"]["thousands"] == "."
    axis = counts["encoding"]["y"]["axis"]
    assert axis["format"] == ",d" and axis["tickMinStep"] == 1  # 51, 52; never 51.0, 51.5
    rates = trend_chart(frame, "x", "%", "en", False, ["Xã A"], decimals=1).to_dict()
    assert rates["config"]["locale"]["number"]["decimal"] == "."
    assert "tickMinStep" not in rates["encoding"]["y"]["axis"]


def test_province_gaps() -> None:
    teams = pd.Series([0.0, 1.0, 0.0, 2.0], index=["00001", "00002", "00003", "00004"])
    assert province_gaps(teams) == (["00001", "00003"], True)
    assert province_gaps(teams * np.nan) == ([], False)  # silent: no gaps, no data


# --- The map page -------------------------------------------------------------------------------


def chart_elements(at: AppTest, key: str | None = None) -> list:
    """Vega-Lite chart elements on the page (optionally only inside the container ``key``)."""
    root = at.get("flex_container")
    if key is not None:
        found = [c for c in root if getattr(c, "key", None) == key]
        if not found:
            return []
        elements = [e for e in _walk(found[0]) if e.type == "vega_lite_chart"]
    else:
        elements = at.get("vega_lite_chart")
    return elements


def charts(at: AppTest, key: str | None = None) -> list[dict]:
    """Vega-Lite specs on the page (optionally only inside the container ``key``)."""
    return [json.loads(e.proto.spec) for e in chart_elements(at, key)]


def drawn_data(at: AppTest, key: str) -> pd.DataFrame:
    """The table a chart draws (its Arrow dataset)."""
    (element,) = chart_elements(at, key)
    (dataset,) = element.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()


def opened(at: AppTest, expander_key: str) -> AppTest:
    """The page run again with the tracked expander ``expander_key`` open, as a click on it
    does (its chart is drawn only then)."""
    at.session_state[expander_key] = True
    return run(at)


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


@pytest.fixture(scope="module")
def cao_bang_commune() -> str:
    return str(new_units().query("province_code == @CAO_BANG").code.iloc[0])


@pytest.mark.usefixtures("built_data")
def test_commune_panel_draws_the_unit_against_its_province(cao_bang_commune) -> None:
    at = run(app(metric="on_time_rate", commune=cao_bang_commune))
    assert charts(at) == []  # drawn only once its expander is opened
    (spec,) = charts(opened(at, "trend_expander"), "trend_commune")
    assert spec["title"]["text"] == "Tỷ lệ hồ sơ giải quyết đúng hạn (%)"
    assert spec["title"]["subtitle"] == [SAMPLE]
    scopes = spec["encoding"]["color"]["scale"]["domain"]
    unit = new_units().set_index("code").loc[cao_bang_commune]
    assert scopes[0].endswith(str(unit["name"])) and scopes[1] == "Cao Bằng"
    # The panel around the chart says "sample data" once, in its own mark: not again in the
    # chart's caption.
    assert [m.value for m in at.markdown if SAMPLE in m.value] != []
    assert not any(SAMPLE in c.value for c in at.caption)
    # The values drawn are the store's trend, every period, for both scopes.
    drawn = drawn_data(at, "trend_commune")
    engine = store.get_engine()
    for scope, expected in (
        (scopes[0], store.trend(engine, "on_time_rate", code=cao_bang_commune)),
        (scopes[1], store.trend(engine, "on_time_rate", province_code=CAO_BANG)),
    ):
        line = drawn[drawn.scope == scope]
        assert line.period.tolist() == expected.dropna(subset=["value"]).period.tolist()
        np.testing.assert_allclose(line.value, expected.value.dropna())
    assert len(drawn) > len(service_metrics.registry()["on_time_rate"].periods)


@pytest.mark.usefixtures("built_data")
def test_a_count_is_drawn_for_the_unit_only(cao_bang_commune) -> None:
    at = run(app(metric="received", commune=cao_bang_commune))
    (spec,) = charts(opened(at, "trend_expander"), "trend_commune")
    assert len(spec["encoding"]["color"]["scale"]["domain"]) == 1
    assert any("chỉ vẽ đơn vị đang xem" in c.value for c in at.caption)


@pytest.mark.usefixtures("built_data")
def test_an_attribute_metric_has_no_trend(cao_bang_commune) -> None:
    at = run(app(metric="area_km2", commune=cao_bang_commune))  # one period
    at = opened(at, "trend_expander")
    assert charts(at) == []
    assert any("không có số liệu theo kỳ" in c.value for c in at.caption)


@pytest.mark.usefixtures("built_data")
def test_province_panel_draws_the_province_against_the_country() -> None:
    at = run(app(metric="volunteer_coverage", province=CAO_BANG))
    assert charts(at) == []  # drawn only once its expander is opened
    (spec,) = charts(opened(at, "trend_province_expander"), "trend_province")
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Tỉnh Cao Bằng", "Việt Nam"]
    assert spec["title"]["text"] == "Độ phủ đội hình (%)"
    assert spec["title"]["subtitle"] == [SAMPLE]


@pytest.mark.usefixtures("built_data")
def test_country_view_draws_no_chart_until_asked() -> None:
    at = run(app(metric="on_time_rate"))
    assert charts(at) == []  # the first screen stays free of chart scripts
    at.toggle(key="country_trend").set_value(True)
    run(at)
    (spec,) = charts(at, "trend_country")
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Việt Nam"]
    assert drawn_data(at, "trend_country").n_reported.max() > 3000  # the whole country


@pytest.mark.usefixtures("built_data")
def test_english_labels(cao_bang_commune) -> None:
    at = run(app(metric="online_share", commune=cao_bang_commune, lang="en"))
    (spec,) = charts(opened(at, "trend_expander"), "trend_commune")
    assert spec["title"]["text"] == "Online share (%)"
    assert spec["encoding"]["x"]["title"] == "Period (month)"


# --- Volunteer coverage on the page -------------------------------------------------------------


@pytest.mark.usefixtures("built_data")
def test_province_view_lists_the_gaps_and_draws_them_as_zero() -> None:
    at = run(app(metric="teams", province=CAO_BANG))
    assert any(SAMPLE in w.value for w in at.warning)
    teams = service_metrics.registry()["teams"].values("commune")
    codes = new_units().query("province_code == @CAO_BANG").code
    gaps = teams.reindex(codes)
    n_gaps = int(gaps.eq(0).sum())
    assert n_gaps > 0
    assert any(f"{n_gaps} trên {len(codes)} xã, phường" in c.value for c in at.caption)
    listing = next(m.value for m in at.markdown if "Các đơn vị chưa có đội hình" in m.value)
    assert listing.count(",") == n_gaps - 1
    legend = map_html(at)
    # The legend has a class of its own for 0 teams (not merged with 1), counting the gaps.
    assert f'<td>0</td><td class="n">{n_gaps} đơn vị</td>' in legend
    assert '<td>1</td><td class="n">' in legend


@pytest.mark.usefixtures("built_data")
def test_country_view_says_how_many_provinces_reported() -> None:
    at = run(app(metric="volunteer_coverage"))
    assert any("34/34 tỉnh, thành phố báo cáo" in c.value for c in at.caption)
    assert any("Độ phủ = số xã, phường có ít nhất một đội hình" in c.value for c in at.caption)


@pytest.mark.usefixtures("built_data")
def test_an_import_made_elsewhere_is_drawn_at_the_next_run(
    cao_bang_commune, tmp_path, monkeypatch
) -> None:
    """An import by the command line (or another app server) clears no cache of this
    server: the chart of the unit in view still draws the new values at the page's next
    run."""
    from loaders.cli import main

    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    monkeypatch.setenv(store.DB_URL_ENV, url)
    periods = ["2025-08", "2025-09"]

    def imported(*values: int) -> None:
        rows = [f"{cao_bang_commune},{p},{n}" for p, n in zip(periods, values, strict=True)]
        path = tmp_path / "thang.csv"
        path.write_text(
            "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n" + "\n".join(rows) + "\n",
            encoding="utf-8",
        )
        assert main(["import", str(path)]) == 0

    try:
        imported(100, 200)  # before the first run: no sample to load
        at = opened(run(app(metric="received", commune=cao_bang_commune)), "trend_expander")
        before = drawn_data(at, "trend_commune")
        assert before.period.tolist() == periods and before.value.tolist() == [100, 200]
        imported(4321, 1234)
        after = drawn_data(opened(at, "trend_expander"), "trend_commune")
        assert after.period.tolist() == periods and after.value.tolist() == [4321, 1234]
    finally:
        store.dispose_engine(url)
