"""The watch rules on literal data, on SQLite and PostgreSQL: zero vs no report, runs of
months (new, persisting, resolved), every threshold at its edge, volunteer gaps, and the
rule settings (stored with who and when; out of range refused with nothing changed)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from loaders.metrics import store
from loaders.register import new_units
from loaders.watchlist import (
    DEFAULT_RULES,
    RuleRejected,
    WatchlistError,
    change_rules,
    history,
    rules_in_force,
    watchlist,
)
from loaders.watchlist.settings import _validated, change_log, settings_table

MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04")
# Communes of Cao Bằng (04) and Tuyên Quang (08), by their official 2025 codes.
CB = ("01273", "01279", "01288", "01290", "01294", "01297", "01304", "01318")
TQ = ("00691", "00694")
#: A month of a commune that raises no flag under the default rules.
CLEAN = {
    "received": 100,
    "received_online": 60,
    "resolved_on_time": 95,
    "resolved_late": 5,
    "score_total": 85.0,
}


def _row(code: str, period: str, province: str = "04", **values: object) -> dict:
    return {
        "code": code,
        "period": period,
        "province_code": province,
        **CLEAN,
        **values,
        "converted": False,
        "allocated": False,
        "incomplete": False,
        "source": "test",
        "is_sample": False,
    }


def _store(engine: Engine, rows: list[dict], teams: list[tuple[str, str, str]] = ()) -> None:
    """``rows`` into the service table; ``teams`` as (code, period, province) team rows."""
    with engine.begin() as conn:
        if rows:
            conn.execute(insert(store.service), rows)
        if teams:
            conn.execute(
                insert(store.teams),
                [
                    {
                        "code": code,
                        "period": period,
                        "province_code": province,
                        "team_name": f"Đội {code}",
                        "converted": False,
                        "allocated": False,
                        "is_sample": False,
                    }
                    for code, period, province in teams
                ],
            )


def _full(engine: Engine, overrides: dict[tuple[str, str], dict], missing=()) -> None:
    """Every Cao Bằng commune of :data:`CB` in every month of :data:`MONTHS`, clean unless
    ``overrides[(code, month)]`` says otherwise; ``missing`` (code, month) pairs get no row."""
    rows = [
        _row(code, month, **overrides.get((code, month), {}))
        for code in CB
        for month in MONTHS
        if (code, month) not in missing
    ]
    _store(engine, rows)


def _flags(engine: Engine, period: str = "2026-04", **kwargs) -> dict[tuple[str, str], dict]:
    found = watchlist(engine, period, province="04", **kwargs)
    return {(f["code"], f["rule"]): f for f in found.flags.to_dict(orient="records")}


def test_zero_dossiers_is_not_no_report(engine: Engine) -> None:
    _full(
        engine,
        {(CB[0], "2026-04"): {"received": 0, "received_online": 0}},
        missing={(CB[1], "2026-04")},
    )
    flags = _flags(engine)
    assert flags[(CB[0], "zero_dossiers")]["value"] == 0
    assert (CB[0], "no_report") not in flags
    assert (CB[1], "no_report") in flags
    assert (CB[1], "zero_dossiers") not in flags
    # A reported zero has no rate: nothing else is flagged for it.
    assert {rule for code, rule in flags if code == CB[0]} == {"zero_dossiers"}
    # The other communes of Cao Bằng were never in the store: no report, every month.
    other = watchlist(engine, "2026-04", province="04").flags
    silent = other[(other["rule"] == "no_report") & ~other["code"].isin(CB)]
    assert len(silent) == 56 - len(CB)
    assert set(silent["streak"]) == {4} and set(silent["since"]) == {"2026-01"}


def test_runs_count_months_in_a_row(engine: Engine) -> None:
    low = {"received_online": 30}  # 30 % online, under the 50 % target
    _full(
        engine,
        {
            **{(CB[0], m): low for m in MONTHS[1:]},  # Feb–Apr: 3 in a row
            **{(CB[1], m): low for m in ("2026-01", "2026-02", "2026-04")},  # gap in March
            (CB[2], "2026-03"): low,  # March only: resolved in April
            **{(CB[3], m): low for m in MONTHS},  # every month
        },
    )
    flags = _flags(engine)
    assert (flags[(CB[0], "online_low")]["status"], flags[(CB[0], "online_low")]["streak"]) == (
        "persisting",
        3,
    )
    assert flags[(CB[0], "online_low")]["since"] == "2026-02"
    assert flags[(CB[1], "online_low")]["status"] == "new"
    assert flags[(CB[1], "online_low")]["streak"] == 1
    assert flags[(CB[1], "online_low")]["since"] == "2026-04"
    resolved = flags[(CB[2], "online_low")]
    assert (resolved["status"], resolved["streak"], resolved["since"]) == ("resolved", 1, "2026-03")
    assert flags[(CB[3], "online_low")]["streak"] == 4
    # The numbers that raised it: 30 of 100 received online, against the 50 % target.
    assert flags[(CB[0], "online_low")]["value"] == pytest.approx(30.0)
    assert (
        flags[(CB[0], "online_low")]["numerator"],
        flags[(CB[0], "online_low")]["denominator"],
    ) == (30, 100)
    assert flags[(CB[0], "online_low")]["threshold"] == 50
    # An earlier month: March sees CB[1]'s run end (resolved) and CB[2]'s start.
    march = _flags(engine, "2026-03")
    assert march[(CB[1], "online_low")]["status"] == "resolved"
    assert march[(CB[2], "online_low")]["status"] == "new"
    # Commune history, newest first.
    past = history(engine, CB[1])
    assert list(past.loc[past["rule"] == "online_low", "period"]) == [
        "2026-04",
        "2026-02",
        "2026-01",
    ]


def test_thresholds_at_the_edge(engine: Engine) -> None:
    april = "2026-04"
    _full(
        engine,
        {
            (CB[0], april): {"resolved_on_time": 90, "resolved_late": 10},  # 90 % exactly
            (CB[1], april): {"resolved_on_time": 8999, "resolved_late": 1001},  # 89.99 %
            (CB[2], "2026-03"): {"resolved_on_time": 19, "resolved_late": 1},  # 95 %
            (CB[2], april): {"resolved_on_time": 17, "resolved_late": 3},  # 85 %: 10 points
            (CB[3], "2026-03"): {"resolved_on_time": 1000, "resolved_late": 0},  # 100 %
            (CB[3], april): {"resolved_on_time": 901, "resolved_late": 99},  # 90.1 %: 9.9
            (CB[4], april): {"received": 200, "received_online": 100},  # 50 % exactly
            (CB[5], april): {"received": 10000, "received_online": 4999},  # 49.99 %
            (CB[6], april): {"resolved_late": 50, "resolved_on_time": 950},  # 50 late: at
            (CB[7], april): {"resolved_late": 49, "resolved_on_time": 951, "score_total": 70.0},
            (CB[0], "2026-03"): {"score_total": 69.9},
        },
    )
    flags = _flags(engine)
    assert (CB[0], "on_time_low") not in flags
    assert flags[(CB[1], "on_time_low")]["value"] == pytest.approx(89.99)
    drop = flags[(CB[2], "on_time_drop")]
    assert (drop["previous_value"], drop["value"], drop["threshold"]) == (95.0, 85.0, 10.0)
    assert (CB[2], "on_time_low") in flags  # 85 % is under the floor as well
    assert (CB[3], "on_time_drop") not in flags and (CB[3], "on_time_low") not in flags
    assert (CB[4], "online_low") not in flags
    assert (CB[5], "online_low") in flags
    assert flags[(CB[6], "overdue")]["value"] == 50
    assert (CB[7], "overdue") not in flags
    assert (CB[7], "score_low") not in flags  # 70 is not below the 70 floor
    assert flags[(CB[0], "score_low")]["status"] == "resolved"  # 69.9 in March


def test_no_drop_without_the_previous_month(engine: Engine) -> None:
    _full(
        engine,
        {
            (CB[0], "2026-02"): {"resolved_on_time": 100, "resolved_late": 0},
            (CB[0], "2026-04"): {"resolved_on_time": 50, "resolved_late": 50},
        },
        missing={(CB[0], "2026-03")},
    )
    flags = _flags(engine)
    assert (CB[0], "on_time_drop") not in flags  # March has no report: no comparison
    assert (CB[0], "on_time_low") in flags
    assert flags[(CB[0], "no_report")]["status"] == "resolved"


def test_volunteer_gaps_only_where_the_province_reported_teams(engine: Engine) -> None:
    _full(engine, {})
    _store(engine, [_row(code, m, province="08") for code in TQ for m in MONTHS])
    teams = [(code, m, "04") for code in CB[1:] for m in MONTHS]
    _store(engine, [], teams=teams)
    cao_bang = watchlist(engine, "2026-04", province="04").flags
    gaps = set(cao_bang.loc[cao_bang["rule"] == "no_team", "code"])
    units = new_units()
    in_cao_bang = set(units.loc[units["province_code"] == "04", "code"])
    # CB[0] and the 48 communes of Cao Bằng without a row have no team; CB[1:] have one.
    assert gaps == (in_cao_bang - set(CB)) | {CB[0]}
    tuyen_quang = watchlist(engine, "2026-04", province="08").flags
    assert "no_team" not in set(tuyen_quang["rule"])  # no team data: no gaps, not "all gaps"


def test_country_counts_and_scope(engine: Engine) -> None:
    _full(engine, {(CB[0], "2026-04"): {"received_online": 10}})
    country = watchlist(engine, "2026-04")
    assert country.n_units == 3321
    per_province = country.counts_by_province()
    # Every other commune of the country has no report; Cao Bằng has 48 silent + CB[0].
    assert per_province.loc["04", "n_flagged"] == 56 - len(CB) + 1
    assert per_province.loc["04", "n_units"] == 56
    assert country.counts_by_commune()[CB[0]] == 1
    assert country.counts_by_commune()[CB[1]] == 0


def test_unknown_province_or_period_is_refused(engine: Engine) -> None:
    _full(engine, {})
    with pytest.raises(WatchlistError, match="'99'"):
        watchlist(engine, "2026-04", province="99")
    with pytest.raises(WatchlistError, match="2025-13"):
        watchlist(engine, "2025-13")
    assert watchlist(engine, None, province="4").period == "2026-04"
    with pytest.raises(WatchlistError, match="'99999'"):
        history(engine, "99999")


def test_rule_settings_are_stored_with_who_and_when(engine: Engine) -> None:
    _full(engine, {(CB[0], "2026-04"): {"resolved_on_time": 88, "resolved_late": 12}})
    assert rules_in_force(engine) == DEFAULT_RULES
    assert (CB[0], "on_time_low") in _flags(engine)
    change_rules(engine, {"on_time_floor": 85}, changed_by="admin@example.vn")
    assert rules_in_force(engine).on_time_floor == 85
    assert (CB[0], "on_time_low") not in _flags(engine)
    table = settings_table(engine).set_index("setting")
    assert table.loc["on_time_floor", "changed_by"] == "admin@example.vn"
    assert table.loc["on_time_floor", "default"] == 90
    assert pd.isna(table.loc["online_target", "changed_by"])
    log = change_log(engine)
    assert log.iloc[0][["setting", "old_value", "new_value", "changed_by"]].tolist() == [
        "on_time_floor",
        90.0,
        85.0,
        "admin@example.vn",
    ]


@pytest.mark.parametrize(
    ("changes", "setting"),
    [
        ({"overdue_count": -1}, "overdue_count"),
        ({"online_target": 100.5}, "online_target"),
        ({"on_time_floor": "abc"}, "on_time_floor"),
        ({"score_floor": 60, "on_time_drop": 0}, "on_time_drop"),
        ({"bogus": 1}, "bogus"),
        ({"overdue_count": 40.5}, "overdue_count"),
    ],
)
def test_out_of_range_settings_change_nothing(engine: Engine, changes, setting) -> None:
    change_rules(engine, {"score_floor": 65}, changed_by="admin")
    before = (rules_in_force(engine), change_log(engine))
    with pytest.raises(RuleRejected) as refused:
        change_rules(engine, changes, changed_by="admin")
    assert refused.value.setting == setting
    assert setting in str(refused.value)
    assert rules_in_force(engine) == before[0]
    pd.testing.assert_frame_equal(change_log(engine), before[1])


def test_refusals_say_what_is_wrong_in_both_languages() -> None:
    with pytest.raises(RuleRejected) as refused:
        _validated({"overdue_count": 40.5})
    assert "whole number, not 40.5" in str(refused.value)
    assert "số nguyên, không phải 40,5" in refused.value.message.render("vi")
    with pytest.raises(RuleRejected) as refused:
        _validated({"online_target": 120})
    assert "from 0 to 100, not 120" in str(refused.value)
    assert "Mục tiêu tỷ lệ trực tuyến" in refused.value.message.render("vi")


def test_sample_teams_make_real_service_data_mixed(engine: Engine) -> None:
    _full(engine, {})
    assert watchlist(engine).data_kind == "real"
    with engine.begin() as conn:
        conn.execute(
            insert(store.teams),
            [
                {
                    "code": CB[0],
                    "period": "2026-04",
                    "province_code": "04",
                    "team_name": "Đội (mẫu)",
                    "converted": False,
                    "allocated": False,
                    "is_sample": True,
                }
            ],
        )
    assert watchlist(engine).data_kind == "mixed"
