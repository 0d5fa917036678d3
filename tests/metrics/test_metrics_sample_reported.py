"""Sample data (seeded, plausible, flagged) and the cited press-figures layer."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from loaders.metrics import reported, store
from loaders.metrics.importer import import_file
from loaders.metrics.readers import read_upload
from loaders.metrics.safety import SAMPLE_LABEL, to_csv_bytes
from loaders.metrics.sample import (
    SAMPLE_SEED,
    generate_metrics,
    generate_volunteers,
    sample_periods,
)
from loaders.metrics.schemas import METRICS, SCORE_GROUPS
from loaders.metrics.validation import validate_table
from loaders.register import new_units


def test_sample_is_reproducible_with_the_seed():
    pd.testing.assert_frame_equal(generate_metrics(), generate_metrics(SAMPLE_SEED))
    pd.testing.assert_frame_equal(generate_volunteers(), generate_volunteers(SAMPLE_SEED))
    assert not generate_metrics(1).equals(generate_metrics(2))


def test_sample_metrics_are_plausible_and_cover_every_unit():
    frame = generate_metrics()
    assert set(frame["code"]) == set(new_units()["code"])
    assert sorted(set(frame["period"])) == sample_periods("2025-07", "2026-10")
    expected = len(new_units()) * 16
    assert 0.98 * expected < len(frame) < expected  # some unit-months have no row at all
    zero = (frame["received"] == 0).mean()
    assert 0 < zero < 0.01  # rare but present
    assert frame["received_online"].isna().any() and frame["score_total"].isna().any()
    assert (frame["received_online"].fillna(0) <= frame["received"]).all()
    assert (frame["resolved_on_time"] + frame["resolved_late"] == frame["resolved"]).all()
    total = frame[SCORE_GROUPS].sum(axis=1, min_count=5)
    assert np.allclose(frame["score_total"].dropna(), total.dropna(), atol=0.11)
    first, last = (frame[frame["period"] == p] for p in ("2025-07", "2026-10"))
    share = lambda f: f["received_online"].sum() / f["received"].sum()  # noqa: E731
    assert 0.25 < share(first) < share(last) < 0.75
    assert (frame["note"] == SAMPLE_LABEL).all()


def test_sample_passes_the_import_validation():
    frame = generate_metrics().head(500)
    headers = {f.key: f.vi for f in METRICS.fields}
    upload = frame.rename(columns={"code": "unit_code"})[
        [k for k in headers if k in frame or k == "unit_code"]
    ].rename(columns=headers)
    checked = validate_table(
        read_upload(to_csv_bytes(upload), "s.csv"), "metrics", max_period="2026-10"
    )
    assert len(checked.frame) == 500


def test_sample_volunteers_about_one_team_per_commune_with_gaps():
    teams = generate_volunteers()
    august = teams[teams["period"] == "2025-08"]
    per_unit = august.groupby("code").size().reindex(new_units()["code"], fill_value=0)
    assert 0.03 < (per_unit == 0).mean() < 0.12  # "vùng trắng"
    assert 0.9 < per_unit.sum() / len(per_unit) < 1.3
    assert august["team_name"].str.endswith("(mẫu)").all()
    assert (
        teams.loc[teams["team_kind"] == "Mùa hè xanh", "period"].str[-2:].isin(["07", "08"])
    ).all()


def test_sample_rows_are_flagged_in_storage(sqlite_engine):
    from loaders.metrics.sample import ensure_sample_loaded

    assert ensure_sample_loaded(sqlite_engine)
    assert store.load_rows(sqlite_engine, "metrics", "2025-07")["is_sample"].all()
    assert store.metric_table(sqlite_engine, "2025-07")["is_sample"].sum() > 3000
    assert store.trend(sqlite_engine, "received")["is_sample"].all()
    log = store.import_log(sqlite_engine)
    assert log["is_sample"].all() and (log["outcome"] == "ok").all()


def test_parse_reported_values():
    assert reported.parse_value(">1170") == (">", 1170.0)
    assert reported.parse_value(">=100") == (">=", 100.0)
    assert reported.parse_value("~5,5") == ("~", 5.5)
    assert reported.parse_value("130.300") == ("", 130300.0)
    assert reported.parse_value("nhiều") == ("", None)


def test_reported_figures_layer():
    if reported.reported_path() is None:
        pytest.skip("reference/reported_figures_2025.csv is not beside the repository")
    figures = reported.reported_figures()
    assert len(figures) == 128
    linked = figures[figures["has_url"]]
    assert linked["article_url"].str.startswith("https://").all() and len(linked) > 90
    assert (figures.loc[~figures["has_url"], "article_url"] == "").all()
    hau_giang = figures[figures["province_label"].str.startswith("Hậu Giang")]
    assert (hau_giang["province_code"] == "92").all() and hau_giang["pre_merger"].all()
    national = figures[figures["province_label"] == "Toàn quốc"]
    assert (national["scope"] == "national").all() and national["province_code"].isna().all()
    assert figures.loc[figures["province_label"] == "Thanh Hóa [inferred]", "inferred"].all()
    teams = figures[(figures["metric"] == "volunteer_teams") & (figures["province_code"] == "82")]
    assert teams["value"].tolist() == [102.0]
    by_province = reported.reported_by_province().set_index("province_code")
    assert by_province.loc["82", "n_figures"] == 6
    cited = reported.citations(figures.iloc[6])
    assert len(cited) == 2 and all(url.startswith("https://") for _, url, _ in cited)


def test_reported_layer_absent_is_empty(monkeypatch):
    monkeypatch.setattr(reported, "reported_path", lambda: None)
    empty = reported.reported_figures.__wrapped__()
    assert empty.empty and list(empty.columns) == reported.COLUMNS


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders.metrics.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_template_import_and_sample(tmp_path, files, metrics_row_factory):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    template = tmp_path / "t.xlsx"
    done = run_cli("template", "--kind", "volunteers", "-o", str(template))
    assert done.returncode == 0 and template.read_bytes()[:2] == b"PK"

    good = tmp_path / "good.csv"
    good.write_bytes(files.csv([metrics_row_factory("00004", "2025-08")]))
    done = run_cli("import", str(good), "--db", db)
    assert done.returncode == 0, done.stderr
    assert "1 stored as metrics for 2025-08" in done.stdout

    bad = tmp_path / "bad.csv"
    bad.write_bytes(files.csv([metrics_row_factory("00004", "2025-08", **{"Hồ sơ tiếp nhận": -1})]))
    done = run_cli("import", str(bad), "--db", db, "--kind", "metrics")
    assert done.returncode == 1
    assert "bad.csv, row 2, column 'Hồ sơ tiếp nhận': negative count -1" in done.stderr

    done = run_cli("sample", "--db", db)
    assert done.returncode == 0 and "already present" in done.stdout
    engine = store.get_engine(db)
    assert list(store.import_log(engine)["outcome"]) == ["failed", "ok"]
    store.dispose_engine(db)


def test_cli_imports_through_a_path_and_kind(sqlite_engine, tmp_path, files):
    rows = [
        {
            "Tên đội hình": "Đội 1",
            "Mã đơn vị": "01273",
            "Kỳ báo cáo (tháng)": "2025-09",
            "Số tình nguyện viên": 4,
        }
    ]
    path = tmp_path / "teams.xlsx"
    path.write_bytes(files.xlsx(rows))
    report = import_file(sqlite_engine, path, kind="volunteers", max_period="2026-10")
    assert report.file_name == "teams.xlsx" and report.rows_stored == 1
