"""Old → new conversion (sums, allocation of split units, flags) and derived measures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.lineage import lineage_pairs
from loaders.metrics.convert import (
    convert_metrics,
    convert_volunteers,
    largest_remainder,
    successor_weights,
)
from loaders.metrics.derive import (
    METRIC_INFO,
    add_derived,
    aggregate,
    coverage,
    dossier_status,
    ratio,
)
from loaders.metrics.join import join_units
from loaders.metrics.schemas import METRIC_COUNTS, METRIC_SCORES
from loaders.register import new_units

SPLIT_OLD = "00016"  # split between new 00004 and 00008 (Hà Nội)


def metrics_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in METRIC_COUNTS + METRIC_SCORES:
        frame[column] = frame.get(column, np.nan)
        frame[column] = frame[column].astype("float64")
    frame["_row"] = range(2, len(frame) + 2)
    frame["period"] = frame.get("period", "2025-08")
    return frame


def convert(rows: list[dict], rule: str = "equal"):
    frame = metrics_frame(rows)
    joined = join_units(frame).rows
    assert (joined["status"] == "matched").all()
    return convert_metrics(frame, joined, "f.csv", rule)


@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 5)), min_size=1, max_size=20),
    st.randoms(use_true_random=False),
)
@settings(max_examples=200, deadline=None)
def test_largest_remainder_preserves_whole_numbers(groups, rnd):
    values, weights, ids = [], [], []
    for gid, (value, parts) in enumerate(groups):
        raw = [rnd.random() + 0.01 for _ in range(parts)]
        total = sum(raw)
        for share in raw:
            values.append(float(value))
            weights.append(share / total)
            ids.append(gid)
    out = largest_remainder(np.array(values), np.array(weights), np.array(ids))
    sums = pd.Series(out).groupby(ids).sum()
    assert sums.tolist() == [float(v) for v, _ in groups]
    assert np.all(out == np.floor(out)) and np.all(out >= 0)


def test_split_unit_is_allocated_and_flagged():
    pairs = lineage_pairs()
    assert set(pairs.loc[pairs["old_code"] == SPLIT_OLD, "new_code"]) == {"00004", "00008"}
    out, problems = convert(
        [
            {
                "unit_code": SPLIT_OLD,
                "received": 7,
                "received_online": 3,
                "resolved_on_time": 5,
                "resolved_late": 1,
                "score_total": 80.0,
            }
        ]
    )
    assert problems == []
    out = out.set_index("code")
    assert out["received"].sum() == 7 and set(out["received"]) == {4.0, 3.0}
    assert out["received_online"].sum() == 3
    assert out["converted"].all() and out["allocated"].all()
    assert out["score_total"].tolist() == [80.0, 80.0]  # a score is not split
    assert out["incomplete"].all()  # the other former units of 00004/00008 are absent
    assert "allocated by equal shares" in out.loc["00004", "note"]
    assert out.loc["00004", "province_code"] == "01"


def test_area_rule_weights_by_successor_area():
    weights = successor_weights("area")
    chosen = weights[weights["old_code"] == SPLIT_OLD].set_index("new_code")["weight"]
    area = new_units().set_index("code")["area_km2"]
    assert chosen["00004"] == pytest.approx(area["00004"] / (area["00004"] + area["00008"]))
    assert successor_weights("equal").groupby("old_code")["weight"].sum().round(9).eq(1).all()
    with pytest.raises(ValueError):
        successor_weights("population")


def test_whole_former_units_are_summed_and_rates_recomputed():
    pairs = lineage_pairs()
    whole = pairs[~pairs["part"]]
    per_new = pairs.groupby("new_code").agg(n=("old_code", "size"), split=("part", "any"))
    target = per_new[(per_new["n"] == 2) & ~per_new["split"]].index[0]
    olds = sorted(whole.loc[whole["new_code"] == target, "old_code"])
    rows = [
        {
            "unit_code": olds[0],
            "received": 100,
            "received_online": 10,
            "resolved_on_time": 90,
            "resolved_late": 10,
            "score_total": 60.0,
            "satisfaction_rate": 80.0,
        },
        {
            "unit_code": olds[1],
            "received": 300,
            "received_online": 270,
            "resolved_on_time": 100,
            "resolved_late": 0,
            "score_total": 100.0,
            "satisfaction_rate": 100.0,
        },
    ]
    # the rows are given as former units explicitly (a new unit usually keeps one former
    # unit's code, which the join would read as the new unit itself)
    frame = metrics_frame(rows)
    joined = pd.DataFrame({"_row": frame["_row"], "code": [None, None], "old_code": olds})
    out, problems = convert_metrics(frame, joined, "f.csv")
    assert problems == []
    row = out.set_index("code").loc[target]
    assert row["received"] == 400 and row["received_online"] == 280
    derived = add_derived(out).set_index("code").loc[target]
    assert derived["online_share"] == pytest.approx(70.0)  # not the mean of 10 % and 90 %
    assert derived["on_time_rate"] == pytest.approx(190 / 200 * 100)
    assert row["score_total"] == pytest.approx((60 * 100 + 100 * 300) / 400)
    assert row["converted"] and not row["allocated"] and not row["incomplete"]


def test_missing_cell_in_a_contributor_makes_the_sum_missing():
    out, _ = convert([{"unit_code": SPLIT_OLD, "received": 7}])
    assert out["received_online"].isna().all()


def test_new_unit_given_twice_is_refused():
    _, problems = convert(
        [
            {"unit_code": "00004", "received": 1},
            {"unit_name": "Ba Đình", "province_name": "Hà Nội", "received": 2},
        ]
    )
    assert len(problems) == 1 and "given twice" in problems[0].problem
    _, problems = convert(
        [{"unit_code": "00004", "received": 1}, {"unit_code": SPLIT_OLD, "received": 2}]
    )
    assert "counted twice" in problems[0].problem


def test_volunteer_team_of_a_split_unit_goes_whole_to_the_largest_successor():
    frame = pd.DataFrame(
        {
            "_row": [2],
            "unit_code": [SPLIT_OLD],
            "period": ["2025-08"],
            "team_name": ["Đội A"],
            "team_kind": [None],
            "volunteers": [10.0],
            "people_supported": [5.0],
            "dossiers_supported": [1.0],
            "trainees": [np.nan],
        }
    )
    out = convert_volunteers(frame, join_units(frame).rows)
    area = new_units().set_index("code")["area_km2"]
    bigger = "00004" if area["00004"] > area["00008"] else "00008"
    assert out[["code", "volunteers", "converted", "allocated"]].values.tolist() == [
        [bigger, 10.0, True, True]
    ]


def test_ratio_and_zero_versus_missing():
    num = pd.Series([5.0, 0.0, 3.0, np.nan])
    den = pd.Series([10.0, 0.0, np.nan, 4.0])
    assert ratio(num, den).tolist()[0] == 50.0
    assert all(math.isnan(v) for v in ratio(num, den).tolist()[1:])
    status = dossier_status(pd.Series([0.0, np.nan, 12.0]))
    assert status.tolist() == ["zero", "missing", "reported"]


def test_add_derived_with_unverified_population():
    frame = pd.DataFrame(
        {
            "code": ["00004", "00008"],
            "received": [100.0, 0.0],
            "received_online": [40.0, 0.0],
            "resolved_on_time": [9.0, 0.0],
            "resolved_late": [1.0, 0.0],
            "digitised": [50.0, 0.0],
        }
    )
    out = add_derived(frame, pd.Series({"00004": 50_000.0}))
    assert out["on_time_rate"].tolist()[0] == 90.0
    assert out["online_share"].tolist()[0] == 40.0
    assert out["digitisation_rate"].tolist()[0] == 50.0
    assert out["received_per_1000"].tolist()[0] == pytest.approx(2.0)
    assert math.isnan(out["online_share"].tolist()[1])  # 0 received: no share
    assert out["dossier_status"].tolist() == ["reported", "zero"]
    info = METRIC_INFO["received_per_1000"]
    assert info.unverified and "chưa kiểm chứng" in info.label_vi


def test_aggregate_sums_counts_and_weights_scores():
    frame = pd.DataFrame(
        {
            "p": ["a", "a", "b"],
            "received": [100.0, 300.0, np.nan],
            "score_total": [60.0, 100.0, 70.0],
        }
    )
    out = aggregate(frame, "p").set_index("p")
    assert out.loc["a", "received"] == 400 and math.isnan(out.loc["b", "received"])
    assert out.loc["a", "score_total"] == pytest.approx(90.0)
    assert out.loc["b", "score_total"] == 70.0  # no weight: plain mean
    assert out.loc["a", "n_reported"] == 2 and out.loc["b", "n_reported"] == 0


def test_volunteer_coverage_counts_gaps():
    units = new_units()[["code", "province_code", "province_name"]]
    units = units[units["province_code"] == "04"]
    teams = pd.DataFrame(
        {
            "code": [units["code"].iloc[0]] * 2 + [units["code"].iloc[1]],
            "volunteers": [3.0, 4.0, 5.0],
            "people_supported": [1.0, 1, 1],
            "dossiers_supported": [0.0, 0, 0],
            "trainees": [0.0, 0, 0],
        }
    )
    out = coverage(teams, units).iloc[0]
    assert (out["units"], out["units_with_team"], out["teams"], out["gaps"]) == (56, 2, 3, 54)
    assert out["coverage"] == pytest.approx(2 / 56 * 100)
