"""Service-centre metrics on the map come from the metrics store."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core import metrics, service_metrics
from dashboard.core.service_metrics import MAP_KEYS, VOLUNTEER_KEYS, prepare_store
from loaders.metrics import importer, store
from loaders.register import new_units
from tests.app_support import app, run


def test_store_metrics_follow_the_unit_attributes_as_sample(registry) -> None:
    assert list(registry) == [
        *metrics.UNIT_METRICS,
        *MAP_KEYS,
        service_metrics.WATCH_KEY,  # the watchlist's flags, after the metrics they come from
        *VOLUNTEER_KEYS,
    ]
    metric = registry["on_time_rate"]
    assert metric.is_sample
    assert "DỮ LIỆU MẪU" in metric.source("vi")
    assert metric.periods[0] == "2025-07" and len(metric.periods) >= 12


def test_province_rate_is_recomputed_from_counts(registry) -> None:
    engine = prepare_store()
    period = registry["on_time_rate"].default_period
    units = store.metric_table(engine, period, level="unit")
    units = units.assign(province_code=units.code.map(new_units().set_index("code").province_code))
    sums = units.groupby("province_code")[["resolved_on_time", "resolved_late"]].sum(min_count=1)
    expected = sums.resolved_on_time / (sums.resolved_on_time + sums.resolved_late) * 100
    shown = registry["on_time_rate"].values("province", period)
    pd.testing.assert_series_equal(
        shown.loc[expected.index],
        expected.rename("on_time_rate"),
        check_names=False,
        check_index_type=False,
        rtol=1e-6,
    )
    # A mean of commune rates would differ: the map must not show it.
    mean_of_rates = (
        units.resolved_on_time / (units.resolved_on_time + units.resolved_late)
    ).groupby(units.province_code).mean() * 100
    assert not (mean_of_rates - expected).abs().lt(1e-9).all()


def test_missing_stays_missing_not_zero(registry) -> None:
    values = registry["received"].values("commune", "2026-10")
    assert len(values) == 3321
    assert values.isna().any() and (values == 0).any()  # no data and zero dossiers both exist


@pytest.mark.usefixtures("built_data")
def test_map_shows_the_sample_banner_for_store_metrics() -> None:
    for light_first_run in (True, False):  # the map's first, light run says so too
        at = run(app(light_first_run=light_first_run, metric="on_time_rate", province="04"))
        assert any("DỮ LIỆU MẪU / SAMPLE DATA" in str(w.value) for w in at.warning)


def test_real_import_turns_the_sample_flag_off(tmp_path) -> None:
    engine = prepare_store(f"sqlite:///{tmp_path / 'real.sqlite'}")
    codes = new_units().query("province_code == '04'").code.head(3).tolist()
    csv = "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n" + "".join(
        f"{code},2026-10,{n}\n" for code, n in zip(codes, (5, 0, 12), strict=True)
    )
    importer.import_file(engine, csv.encode(), "real.csv")
    try:
        metric = service_metrics.registry(engine)["received"]
        assert not metric.is_sample
        assert metric.periods == ("2026-10",)
        values = metric.values("commune", "2026-10")
        assert values.loc[codes].tolist() == [5.0, 0.0, 12.0]
        assert values.drop(codes).isna().all()
    finally:
        store.dispose_engine(str(engine.url))


# --- Volunteer coverage (teams, volunteers, people and dossiers supported, trainees) ----------


def test_volunteer_metrics_have_their_own_periods(registry) -> None:
    engine = prepare_store()
    for key in VOLUNTEER_KEYS:
        metric = registry[key]
        assert metric.periods == tuple(store.periods(engine, "volunteers"))
        assert metric.is_sample and "DỮ LIỆU MẪU" in metric.source("vi")
    assert "không cộng" in registry["dossiers_supported"].note("vi")
    assert "never add" in registry["dossiers_supported"].note("en")
    assert "vùng trắng" in registry["teams"].note("vi")


def test_sample_coverage_is_a_percentage_and_gaps_are_zero(registry) -> None:
    period = registry["teams"].periods[3]
    coverage = registry["volunteer_coverage"].values("province", period)
    assert len(coverage) == 34 and coverage.notna().all()
    assert coverage.between(0, 100).all() and coverage.lt(100).any()
    teams = registry["teams"].values("commune", period)
    assert len(teams) == 3321 and teams.notna().all()  # every province reported in the sample
    assert teams.eq(0).sum() > 50  # gaps ("vùng trắng") are 0, not NaN
    per_commune = registry["volunteer_coverage"].values("commune", period)
    assert set(per_commune.unique()) == {0.0, 100.0}
    assert (per_commune.eq(0) == teams.eq(0)).all()
    # Coverage of a province = its communes with a team ÷ its communes.
    province = new_units().set_index("code").province_code.reindex(teams.index)
    expected = teams.gt(0).groupby(province).mean() * 100
    pd.testing.assert_series_equal(
        coverage.sort_index(), expected.sort_index(), check_names=False, check_index_type=False
    )


def test_a_silent_province_has_no_data_not_zero(tmp_path) -> None:
    """Only Cao Bằng (04) reports teams: its communes without a team are gaps (0), every
    commune of the other provinces has no data (NaN), and so has their coverage."""
    engine = prepare_store(f"sqlite:///{tmp_path / 'teams.sqlite'}")
    codes = new_units().query("province_code == '04'").code.tolist()
    with_team = codes[:3]
    csv = "Mã đơn vị,Kỳ báo cáo (tháng),Tên đội hình,Số tình nguyện viên\n" + "".join(
        f"{code},2026-09,Đội hình {i},{10 + i}\n" for i, code in enumerate(with_team)
    )
    importer.import_file(engine, csv.encode(), "doi_hinh.csv")
    try:
        found = service_metrics.registry(engine)
        teams = found["teams"]
        assert not teams.is_sample and teams.periods == ("2026-09",)
        values = teams.values("commune", "2026-09")
        assert values.loc[with_team].tolist() == [1.0, 1.0, 1.0]
        assert values.loc[codes[3:]].eq(0).all()  # gaps of a province that reported
        assert values.drop(codes).isna().all()  # the silent provinces: no data
        coverage = found["volunteer_coverage"].values("province", "2026-09")
        assert coverage.loc["04"] == pytest.approx(3 / len(codes) * 100)
        assert coverage.drop("04").isna().all()
        assert found["volunteers"].values("province", "2026-09").loc["04"] == 33
        # The other counts of a gap are 0 too (it has no team, so no volunteers), not NaN.
        volunteers = found["volunteers"].values("commune", "2026-09")
        assert volunteers.loc[with_team].tolist() == [10.0, 11.0, 12.0]
        for key in ("volunteers", "people_supported", "dossiers_supported", "trainees"):
            per_commune = found[key].values("commune", "2026-09")
            assert per_commune.loc[codes[3:]].eq(0).all(), key
            assert per_commune.drop(codes).isna().all(), key
    finally:
        store.dispose_engine(str(engine.url))
