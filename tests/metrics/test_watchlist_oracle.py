"""The watchlist's SQL against a plain Python reading of the rules, on the project's sample
data of two provinces (Cao Bằng with its volunteer teams, Tuyên Quang without), every month:
status, run length and the numbers must agree flag for flag, on SQLite and PostgreSQL."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from loaders.metrics import sample, store
from loaders.register import new_units
from loaders.watchlist import RULES as RULE_KEYS
from loaders.watchlist import WatchRules, watchlist

PROVINCES = ("04", "08")
#: Settings that flag more communes of the sample than the defaults, so that every rule is
#: exercised in both provinces.
RULES = WatchRules(
    on_time_floor=94, on_time_drop=4, online_target=55, overdue_count=30, score_floor=78
)


@pytest.fixture(scope="module")
def sample_rows() -> tuple[pd.DataFrame, pd.DataFrame]:
    metrics = sample.generate_metrics()
    teams = sample.generate_volunteers()
    metrics = metrics[metrics["province_code"].isin(PROVINCES)]
    teams = teams[teams["province_code"] == "04"]  # Tuyên Quang sent no team data
    return metrics, teams


def _records(frame: pd.DataFrame, table) -> list[dict]:
    names = {c.name for c in table.columns} - {"id"}
    frame = frame[[c for c in frame.columns if c in names]].astype(object)
    return frame.where(frame.notna(), None).to_dict(orient="records")


def _rate(on_time, late) -> float | None:
    """On time ÷ (on time + late) in percent; None without both counts or dossiers."""
    if on_time is None or late is None or on_time + late == 0:
        return None
    return 100 * on_time / (on_time + late)


def _held(row: dict | None, previous: dict | None, has_team: bool, teams_reported: bool):
    """The rules ``row`` (a commune's month, None: no row) holds, by the rules' text."""
    if row is None:
        return {"no_report"} | ({"no_team"} if teams_reported and not has_team else set())
    out = set()

    def number(value):
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else value

    received, online = number(row["received"]), number(row["received_online"])
    on_time, late = number(row["resolved_on_time"]), number(row["resolved_late"])
    score = number(row["score_total"])
    if received == 0:
        out.add("zero_dossiers")
    rate = _rate(on_time, late)
    if rate is not None and rate < RULES.on_time_floor:
        out.add("on_time_low")
    if previous is not None and rate is not None:
        before = _rate(number(previous["resolved_on_time"]), number(previous["resolved_late"]))
        if before is not None and before - rate >= RULES.on_time_drop - 1e-9:
            out.add("on_time_drop")
    if received and online is not None and 100 * online / received < RULES.online_target:
        out.add("online_low")
    if late is not None and late >= RULES.overdue_count:
        out.add("overdue")
    if score is not None and score < RULES.score_floor:
        out.add("score_low")
    if teams_reported and not has_team:
        out.add("no_team")
    return out


def _expected(metrics: pd.DataFrame, teams: pd.DataFrame, province: str, month: str) -> dict:
    months = [m for m in sorted(metrics["period"].unique()) if m <= month]
    units = new_units()
    codes = units.loc[units["province_code"] == province, "code"]
    by_key = {(r["code"], r["period"]): r for r in metrics.to_dict(orient="records")}
    team_keys = set(zip(teams["code"], teams["period"], strict=True))
    reporting = set(zip(teams["province_code"], teams["period"], strict=True))
    held = {
        (code, m): _held(
            by_key.get((code, m)),
            by_key.get((code, months[i - 1])) if i else None,
            (code, m) in team_keys,
            (province, m) in reporting,
        )
        for code in codes
        for i, m in enumerate(months)
    }
    out = {}
    for code in codes:
        for rule in set().union(*(held[(code, m)] for m in months)):
            series = [rule in held[(code, m)] for m in months]
            if series[-1]:
                end = len(months) - 1
            elif len(series) > 1 and series[-2]:
                end = len(months) - 2
            else:
                continue
            start = end
            while start > 0 and series[start - 1]:
                start -= 1
            status = (
                "resolved" if end < len(months) - 1 else ("new" if start == end else "persisting")
            )
            out[(code, rule)] = (status, end - start + 1, months[start])
    return out


def test_sql_agrees_with_the_rules_read_plainly(engine: Engine, sample_rows) -> None:
    metrics, teams = sample_rows
    with engine.begin() as conn:
        conn.execute(insert(store.service), _records(metrics, store.service))
        conn.execute(insert(store.teams), _records(teams, store.teams))
    seen: set[str] = set()
    for province in PROVINCES:
        for month in ("2025-07", "2025-08", "2026-03", "2026-10"):
            found = watchlist(engine, month, province=province, rules=RULES)
            got = {
                (f["code"], f["rule"]): (f["status"], f["streak"], f["since"])
                for f in found.flags.to_dict(orient="records")
            }
            expected = _expected(metrics, teams, province, month)
            assert got == expected, (province, month)
            # The per-rule counts (the page's summary, the pack's table) count those flags.
            counts = found.counts_by_rule()
            for rule in RULE_KEYS:
                statuses = [status for (_, r), (status, *_) in expected.items() if r == rule]
                new, persisting = statuses.count("new"), statuses.count("persisting")
                assert counts.loc[rule].to_dict() == {
                    "held": new + persisting,
                    "new": new,
                    "persisting": persisting,
                    "resolved": statuses.count("resolved"),
                }, (province, month, rule)
            seen |= {rule for _, rule in got}
    assert seen == set(RULE_KEYS)  # every rule was exercised
