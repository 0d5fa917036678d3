"""Storage and import, against SQLite and a real PostgreSQL server (see conftest.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import inspect

from loaders.metrics import sample, store
from loaders.metrics.derive import aggregate
from loaders.metrics.errors import ValidationFailed
from loaders.metrics.importer import import_file


def test_import_stores_rows_and_logs(engine, files, metrics_row_factory):
    data = files.csv(
        [
            metrics_row_factory("00004"),
            metrics_row_factory(
                "00008",
                **{
                    "Hồ sơ tiếp nhận": 0,
                    "Hồ sơ tiếp nhận trực tuyến": 0,
                    "Hồ sơ đã giải quyết": 0,
                    "Giải quyết đúng hạn": 0,
                    "Giải quyết quá hạn": 0,
                    "Đang giải quyết": 0,
                    "Trả kết quả tại nhà": 0,
                    "Hồ sơ được số hóa": 0,
                },
            ),
        ]
    )
    report = import_file(engine, data, "hanoi.csv", max_period="2026-10")
    assert report.rows_stored == 2 and report.periods == ["2025-08"]
    assert store.periods(engine) == ["2025-08"]
    on_time = store.metric_values(engine, "on_time_rate", "2025-08")
    assert on_time["00004"] == pytest.approx(85 / 90 * 100)
    assert math.isnan(on_time["00008"])  # 0 resolved: no rate, not 0 %
    table = store.metric_table(engine, "2025-08").set_index("code")
    assert table.loc["00008", "dossier_status"] == "zero"
    assert table.loc["00025", "dossier_status"] == "missing"  # no row at all
    assert len(table) == 3321
    log = store.import_log(engine)
    assert list(log["outcome"]) == ["ok"]
    assert log.loc[0, "file_name"] == "hanoi.csv" and len(log.loc[0, "sha256"]) == 64
    assert log.loc[0, "rows_read"] == 2 and log.loc[0, "rows_stored"] == 2


def test_reimport_replaces_the_period_without_duplicates(
    engine, files, metrics_row_factory, rows_in
):
    first = files.csv([metrics_row_factory("00004"), metrics_row_factory("00008")])
    import_file(engine, first, "a.csv", max_period="2026-10")
    second = files.csv([metrics_row_factory("00004", **{"Hồ sơ tiếp nhận": 200})])
    report = import_file(engine, second, "b.csv", max_period="2026-10")
    # 00004 is replaced; 00008, absent from the second file, is kept without an explicit
    # choice (it used to be deleted silently with the whole period of Hà Nội).
    assert rows_in(engine, "metrics") == 2
    assert (report.counts.added, report.counts.replaced, report.counts.kept) == (0, 1, 1)
    assert store.metric_values(engine, "received", "2025-08")["00004"] == 200
    import_file(engine, second, "b.csv", max_period="2026-10")
    assert rows_in(engine, "metrics") == 2
    report = import_file(engine, second, "b.csv", max_period="2026-10", replace_missing=True)
    assert rows_in(engine, "metrics") == 1  # now asked for: the period of Hà Nội is replaced
    assert report.counts.removed == 1
    log = store.import_log(engine)
    assert list(log.loc[0, ["rows_added", "rows_replaced", "rows_removed", "rows_kept"]]) == [
        0,
        1,
        1,
        0,
    ]


def test_a_province_file_does_not_wipe_another_province(
    engine, files, metrics_row_factory, rows_in
):
    import_file(engine, files.csv([metrics_row_factory("00004")]), "hn.csv", max_period="2026-10")
    import_file(engine, files.csv([metrics_row_factory("01273")]), "cb.csv", max_period="2026-10")
    assert rows_in(engine, "metrics") == 2
    other_period = files.csv([metrics_row_factory("00004", "2025-09")])
    import_file(engine, other_period, "hn9.csv", max_period="2026-10")
    assert rows_in(engine, "metrics") == 3


def test_failing_file_changes_nothing_and_is_logged(engine, files, metrics_row_factory, snap):
    import_file(engine, files.csv([metrics_row_factory("00004")]), "ok.csv", max_period="2026-10")
    before = snap(engine)
    bad = files.csv(
        [
            metrics_row_factory("00004", **{"Hồ sơ tiếp nhận": 500}),
            metrics_row_factory("00008", **{"Hồ sơ tiếp nhận": "abc"}),
        ]
    )
    with pytest.raises(ValidationFailed) as caught:
        import_file(engine, bad, "bad.csv", max_period="2026-10")
    assert "bad.csv, row 3, column 'Hồ sơ tiếp nhận': text 'abc'" in str(caught.value)
    after = snap(engine)
    for kind in before:
        pd.testing.assert_frame_equal(before[kind], after[kind])
    log = store.import_log(engine)
    assert list(log["outcome"]) == ["failed", "ok"]
    assert "text 'abc'" in log.loc[0, "message"]


def test_database_error_mid_transaction_rolls_back(engine, files, metrics_row_factory, snap):
    import_file(engine, files.csv([metrics_row_factory("00004")]), "ok.csv", max_period="2026-10")
    before = snap(engine)
    rows = store.load_rows(engine, "metrics")
    broken = pd.concat([rows.assign(received=1.0), rows.assign(code="00008", source=None)])
    log = {"file_name": "x.csv", "sha256": "0" * 64, "started_at": store.now()}
    # the delete of 2025-08/Hà Nội runs, then the NOT NULL "source" fails the insert
    with pytest.raises(Exception, match=r"(?i)null|constraint"):
        store.write_import(engine, "metrics", broken, log)
    after = snap(engine)
    pd.testing.assert_frame_equal(before["metrics"], after["metrics"])
    assert "x.csv" not in set(store.import_log(engine)["file_name"])


def test_sample_loaded_once_then_replaced_by_real_data(engine, files, metrics_row_factory, rows_in):
    assert sample.ensure_sample_loaded(engine) is True
    assert sample.ensure_sample_loaded(engine) is False
    assert store.data_status(engine) == {"metrics": "sample", "volunteers": "sample"}
    assert rows_in(engine, "metrics") == len(sample.generate_metrics())
    import_file(engine, files.csv([metrics_row_factory("00004")]), "real.csv", max_period="2026-10")
    assert store.data_status(engine) == {"metrics": "real", "volunteers": "sample"}
    assert rows_in(engine, "metrics") == 1
    store.delete_sample(engine)
    assert sample.ensure_sample_loaded(engine) is False  # the log is not empty: never again


def test_volunteer_import_and_coverage(engine, files):
    rows = [
        {
            "Tên đội hình": "Đội hình BDHVS Ba Đình",
            "Loại đội hình": "Bình dân học vụ số",
            "Mã đơn vị": "00004",
            "Kỳ báo cáo (tháng)": "2025-08",
            "Số tình nguyện viên": 12,
            "Lượt người dân được hỗ trợ": 300,
            "Hồ sơ được hỗ trợ": 80,
            "Số người được tập huấn": 40,
        },
        {
            "Tên đội hình": "Đội 2",
            "Loại đội hình": "Thanh niên tình nguyện",
            "Mã đơn vị": "00004",
            "Kỳ báo cáo (tháng)": "2025-08",
            "Số tình nguyện viên": 5,
            "Lượt người dân được hỗ trợ": 50,
            "Hồ sơ được hỗ trợ": 10,
            "Số người được tập huấn": 0,
        },
        {
            "Tên đội hình": "Đội Ngọc Hà",
            "Loại đội hình": "Mùa hè xanh",
            "Mã đơn vị": "00008",
            "Kỳ báo cáo (tháng)": "2025-08",
            "Số tình nguyện viên": 7,
            "Lượt người dân được hỗ trợ": None,
            "Hồ sơ được hỗ trợ": 3,
            "Số người được tập huấn": 9,
        },
    ]
    report = import_file(engine, files.xlsx(rows), "teams.xlsx", max_period="2026-10")
    assert report.kind == "volunteers" and report.rows_stored == 3
    provinces = store.volunteer_table(engine, "2025-08", "province").set_index("province_code")
    assert provinces.loc["01", "units_with_team"] == 2
    assert provinces.loc["01", "coverage"] == pytest.approx(2 / 126 * 100)
    assert provinces.loc["01", "teams"] == 3 and provinces.loc["01", "volunteers"] == 24
    assert math.isnan(provinces.loc["04", "coverage"])  # Cao Bằng sent nothing: no data
    units = store.metric_values(engine, "teams", "2025-08")
    assert units["00004"] == 2 and units["00025"] == 0 and math.isnan(units["01273"])
    # Trends follow the same rules: a gap is 0, a silent province no data, a blank stays blank.
    assert store.trend(engine, "volunteers", code="00025")["value"].tolist() == [0.0]
    assert store.trend(engine, "volunteers", code="01273").empty  # Cao Bằng never reported
    assert math.isnan(store.trend(engine, "people_supported", code="00008")["value"].iloc[0])
    assert store.trend(engine, "people_supported", code="00004")["value"].tolist() == [350.0]


def test_dossier_export_import(engine, files):
    rows = [
        {
            "Mã đơn vị": "00004",
            "Ngày tiếp nhận": "2025-08-01",
            "Hạn giải quyết": "2025-08-05",
            "Ngày giải quyết": "2025-08-04",
            "Trực tuyến": 1,
        },
        {
            "Mã đơn vị": "00004",
            "Ngày tiếp nhận": "2025-08-02",
            "Hạn giải quyết": "2025-08-05",
            "Ngày giải quyết": "2025-08-09",
            "Trực tuyến": 0,
        },
        {
            "Mã đơn vị": "00004",
            "Ngày tiếp nhận": "2025-08-03",
            "Hạn giải quyết": "2025-08-05",
            "Ngày giải quyết": None,
            "Trực tuyến": 1,
        },
    ]
    report = import_file(engine, files.csv(rows), "export.csv", max_period="2026-10")
    assert report.kind == "dossiers" and report.rows_read == 3
    stored = store.load_rows(engine).iloc[0]
    assert (
        stored["received"],
        stored["received_online"],
        stored["resolved_on_time"],
        stored["resolved_late"],
        stored["in_progress"],
    ) == (3, 2, 1, 1, 1)
    assert stored["source"] == "dossiers"


def test_trend_recomputes_rates_from_counts(engine, files, metrics_row_factory):
    rows = [
        metrics_row_factory(
            "00004", "2025-08", **{"Hồ sơ tiếp nhận": 100, "Hồ sơ tiếp nhận trực tuyến": 10}
        ),
        metrics_row_factory(
            "00008", "2025-08", **{"Hồ sơ tiếp nhận": 300, "Hồ sơ tiếp nhận trực tuyến": 270}
        ),
        metrics_row_factory(
            "00004", "2025-09", **{"Hồ sơ tiếp nhận": 100, "Hồ sơ tiếp nhận trực tuyến": 50}
        ),
    ]
    import_file(engine, files.csv(rows), "t.csv", max_period="2026-10")
    national = store.trend(engine, "online_share")
    assert list(national["period"]) == ["2025-08", "2025-09"]
    assert national["value"].iloc[0] == pytest.approx(280 / 400 * 100)  # not mean(10, 90)
    unit = store.trend(engine, "online_share", code="00008")
    assert list(unit["value"]) == [pytest.approx(90.0)]
    province = store.metric_values(engine, "online_share", "2025-08", level="province")
    assert province["01"] == pytest.approx(70.0) and math.isnan(province["04"])


def test_period_sums_in_the_database_follow_the_aggregation_rules(
    engine, files, metrics_row_factory
):
    received, score = "Hồ sơ tiếp nhận", "Tỷ lệ hài lòng (%)"
    zero = {
        c: 0
        for c in (
            received,
            "Hồ sơ tiếp nhận trực tuyến",
            "Hồ sơ đã giải quyết",
            "Giải quyết đúng hạn",
            "Giải quyết quá hạn",
            "Đang giải quyết",
            "Trả kết quả tại nhà",
            "Hồ sơ được số hóa",
        )
    }
    rows = [
        # Rates weighted by dossiers received: (80 × 100 + 60 × 300) / 400 = 65, not 70.
        metrics_row_factory("00004", "2025-08", **{received: 100, score: 80.0}),
        metrics_row_factory("00008", "2025-08", **{received: 300, score: 60.0}),
        # A unit that did not report received: counted in n_rows, not in n_reported.
        metrics_row_factory("00025", "2025-08", **{received: None, score: None}),
        # No positive received count at all in a period: plain mean.
        metrics_row_factory("00004", "2025-09", **{**zero, score: 50.0}),
        metrics_row_factory("00008", "2025-09", **{**zero, score: 70.0}),
    ]
    import_file(engine, files.csv(rows), "t.csv", max_period="2026-10")
    sums = store.period_sums(engine).set_index("period")
    expected = aggregate(store.load_rows(engine, "metrics"), "period").set_index("period")
    assert sums.loc["2025-08", "satisfaction_rate"] == pytest.approx(65.0)
    assert sums.loc["2025-09", "satisfaction_rate"] == pytest.approx(60.0)
    assert sums.loc["2025-08", "received"] == 400
    assert list(sums["n_rows"]) == [3, 2] and list(sums["n_reported"]) == [2, 2]
    assert not sums["is_sample"].any()
    for column in expected.columns:
        pd.testing.assert_series_equal(
            sums[column].astype("float64"),
            expected[column].astype("float64"),
            check_names=False,
            rtol=1e-9,
        )
    one = store.period_sums(engine, code="00008")
    assert list(one["received"]) == [300, 0]


def test_text_that_looks_like_sql_is_stored_as_data(engine, files):
    evil = "x'); DROP TABLE metrics_volunteer_teams; --"
    rows = [
        {
            "Tên đội hình": evil,
            "Mã đơn vị": "00004",
            "Kỳ báo cáo (tháng)": "2025-08",
            "Số tình nguyện viên": 3,
        }
    ]
    import_file(engine, files.csv(rows), "t.csv", max_period="2026-10")
    assert "metrics_volunteer_teams" in inspect(engine).get_table_names()
    assert store.load_rows(engine, "volunteers")["team_name"].tolist() == [evil]


def test_database_url_defaults_and_postgres_driver(monkeypatch):
    monkeypatch.delenv(store.DB_URL_ENV, raising=False)
    assert store.database_url().endswith("geodata/db/metrics.sqlite")
    monkeypatch.setenv(store.DB_URL_ENV, "postgresql://u@h/db")
    assert store.database_url() == "postgresql+psycopg://u@h/db"
    assert store.database_url("sqlite:///x.db") == "sqlite:///x.db"
