"""The watchlist page (AppTest), the map's watchlist metric and the commune panel's flags.

The page shows what :func:`loaders.watchlist.watchlist` computes: every flag of the scope
and month in its table, the provinces' counts, the data layer's rule names and reasons; a
link opens a province and month, and one that names neither is said so. An admin changes
the rules (a refused value names its field and changes nothing; the map's metric follows the
rules in force); anyone else reads them. The selection of a row, the way to the map and the
downloaded files are checked in a browser (``tests/e2e/test_watchlist_browser.py``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core import service_metrics
from dashboard.core.i18n import t
from dashboard.core.numbers import count
from dashboard.watchlist import table_view
from loaders.metrics import store
from loaders.watchlist import DEFAULT_RULES, history, rules_in_force, watchlist
from loaders.watchlist import table as watch_table
from loaders.watchlist.settings import change_log
from tests.app_support import app, run
from tests.auth_support import cheap_hashing, signed_in

PAGE = "dashboard/pages/watchlist.py"
CAO_BANG = "04"


def open_page(at=None, **params: str):
    at = app(**params) if at is None else at
    at.switch_page(PAGE)
    return run(at)


def grids(at) -> dict[str, pd.DataFrame]:
    """The page's grids by their first column's header ("Mã": provinces; "Xã, phường" or
    "Commune": the flags)."""
    return {frame.value.columns[0]: frame.value for frame in at.dataframe}


def markdown(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


@pytest.fixture(scope="module")
def engine():
    return service_metrics.default_engine()


def test_country_view_lists_every_flag_then_filters_and_opens_a_province(engine):
    wl = watchlist(engine)
    at = open_page()
    assert at.query_params["period"] == wl.period
    assert any(t("sample_banner", "vi") in w.value for w in at.warning)  # sample data say so
    held = wl.held
    assert f"**{count(held['code'].nunique(), 'vi')}** / 3.321 xã, phường" in markdown(at)
    tables = grids(at)
    flags = tables["Xã, phường"]
    assert len(flags) == len(wl.flags)
    expected = watch_table.table(wl, "vi")
    assert flags["Lý do"].tolist() == expected["Lý do"].tolist()
    assert flags["Mã xã"].tolist() == wl.flags["code"].tolist()
    provinces = tables["Mã"].set_index("Mã")
    counts = wl.counts_by_province()
    assert len(provinces) == 34
    assert provinces["Xã, phường có cảnh báo"].to_dict() == counts["n_flagged"].to_dict()

    at.multiselect(key="wl_rules").set_value(["overdue"])
    at.multiselect(key="wl_statuses").set_value(["new"])
    run(at)
    flags = grids(at)["Xã, phường"]
    wanted = wl.flags[(wl.flags["rule"] == "overdue") & (wl.flags["status"] == "new")]
    assert len(flags) == len(wanted) > 0
    assert set(flags["Cảnh báo"]) == {"Nhiều hồ sơ quá hạn"} and set(flags["Trạng thái"]) == {"Mới"}

    at.selectbox(key="wl_province").set_value(CAO_BANG)
    run(at)
    in_province = watchlist(engine, province=CAO_BANG).flags
    tables = grids(at)
    assert "Mã" not in tables  # no province table on a province's view
    wanted = in_province[(in_province["rule"] == "overdue") & (in_province["status"] == "new")]
    assert tables["Xã, phường"]["Mã xã"].tolist() == wanted["code"].tolist()
    assert "Tỉnh, thành phố" not in tables["Xã, phường"].columns
    assert at.query_params["province"] == CAO_BANG
    assert "Tỉnh Cao Bằng, tháng 10/2026" in markdown(at)


def test_a_link_opens_a_province_and_month_and_names_what_it_cannot_show(engine):
    periods = store.periods(engine, "metrics")
    at = open_page(province=CAO_BANG, period=periods[-2], lang="en")
    wl = watchlist(engine, periods[-2], CAO_BANG)
    flags = grids(at)["Commune"]
    assert flags["Commune code"].tolist() == wl.flags["code"].tolist()
    assert set(flags["Flag"]) <= {watch_table.rule_label(r, "en") for r in wl.flags["rule"]}
    assert not [w for w in at.warning if "link" in w.value]

    at = open_page(province="99", period="1999-01")
    notices = [w.value for w in at.warning if "Liên kết" in w.value]
    assert len(notices) == 2
    assert "“99”" in notices[0] and "“1999-01”" in notices[1]
    assert len(grids(at)["Xã, phường"]) == len(watchlist(engine).flags)  # country, latest
    assert at.query_params["period"] == periods[-1] and "province" not in at.query_params
    at.selectbox(key="wl_province").set_value(CAO_BANG)
    run(at)
    assert not [w for w in at.warning if "Liên kết" in w.value]  # said once, then forgotten


def test_file_names_say_what_where_when_and_sample(engine):
    wl = watchlist(engine, province=CAO_BANG)
    name = table_view.file_name(wl, "Tỉnh Cao Bằng", "csv", "vi")
    assert name == f"danh-sach-theo-doi_tinh-cao-bang_{wl.period}_du-lieu-mau.csv"
    assert table_view.file_name(wl, "Viet Nam", "xlsx", "en").endswith("_sample.xlsx")


def test_the_map_metric_counts_the_flags_held(engine, registry):
    metric = registry[service_metrics.WATCH_KEY]
    wl = watchlist(engine)
    assert metric.periods == tuple(store.periods(engine, "metrics"))
    assert metric.is_sample and metric.default_palette == "OrRd" and metric.decimals == 0
    per_commune = metric.values("commune")
    assert len(per_commune) == 3321 and (per_commune == 0).sum() > 0  # zero is a value
    assert per_commune.to_dict() == wl.counts_by_commune().astype(float).to_dict()
    per_province = metric.values("province")
    assert per_province.to_dict() == wl.counts_by_province()["n_flagged"].astype(float).to_dict()
    earlier = metric.periods[-3]
    assert metric.values("commune", earlier).sum() == len(watchlist(engine, earlier).held)


def test_the_commune_panel_shows_its_flags_and_history(engine):
    wl = watchlist(engine, province=CAO_BANG)
    held = wl.held
    code = held["code"].value_counts().index[0]  # the commune with the most flags
    at = run(app(province=CAO_BANG, commune=code, metric=service_metrics.WATCH_KEY))
    text = markdown(at)
    n_held = int((held["code"] == code).sum())
    assert f"**Cảnh báo theo dõi** · {n_held} cảnh báo trong tháng 10/2026" in text.splitlines()
    assert any(
        line.endswith("Đội hình tình nguyện, Cảnh báo theo dõi.") for line in text.splitlines()
    )
    for _, row in held[held["code"] == code].iterrows():
        assert watch_table.reason(row, "vi") in text
    months = history(engine, code)["period"].drop_duplicates().tolist()
    [table] = [m.value for m in at.markdown if m.value.startswith("| Kỳ | Cảnh báo |")]
    rows = table.splitlines()[2:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == months  # newest first
    # The metrics table lists the other metrics; the flags have their own section.
    assert t("watchlist.metric_label", "vi") not in "\n".join(
        m.value for m in at.markdown if m.value.startswith("| Chỉ tiêu |")
    )


# --- The rules ------------------------------------------------------------------------------


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    """A store of this test's own (sample data): the rules it changes are nobody else's."""
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    monkeypatch.setenv(store.DB_URL_ENV, url)
    cheap_hashing(monkeypatch)
    yield service_metrics.default_engine()
    store.dispose_engine(url)


def test_an_admin_changes_the_rules_and_a_refused_value_changes_nothing(own_store):
    engine = own_store
    before = service_metrics.registry(engine)[service_metrics.WATCH_KEY].values("commune")
    at = open_page(signed_in(app(), engine, "admin", "admin"))
    at.number_input(key="wl_set_on_time_floor").set_value(95.0)
    at.button(key="FormSubmitter:wl_rules_form-Lưu quy tắc").click()
    run(at)
    assert rules_in_force(engine).on_time_floor == 95.0
    log = change_log(engine)
    assert log[["setting", "new_value", "changed_by"]].values.tolist() == [
        ["on_time_floor", 95.0, "admin"]
    ]
    assert any("Đã lưu 1 thay đổi" in s.value for s in at.success)
    assert "| Đúng hạn dưới ngưỡng | 95 % |" in markdown(at)  # the page recomputed
    after = service_metrics.registry(engine)[service_metrics.WATCH_KEY].values("commune")
    assert (after >= before).all() and after.sum() > before.sum()  # a higher floor flags more

    at.number_input(key="wl_set_online_target").set_value(150.0)
    at.button(key="FormSubmitter:wl_rules_form-Lưu quy tắc").click()
    run(at)
    [error] = [e.value for e in at.error]
    assert "Mục tiêu tỷ lệ trực tuyến (%)" in error and "online_target" in error
    assert rules_in_force(engine) == DEFAULT_RULES.model_copy(update={"on_time_floor": 95.0})
    assert len(change_log(engine)) == 1


def test_a_viewer_reads_the_rules_and_cannot_change_them(engine, monkeypatch):
    cheap_hashing(monkeypatch)
    at = open_page(signed_in(app(lang="en"), engine, "watch-reader", "viewer"))
    assert not at.number_input and not at.get("form")
    assert any(t("watchlist.rules_read_only", "en") in c.value for c in at.caption)
    assert "| On-time rate floor (%) | 90 | 90 | — | never changed |" in markdown(at)
