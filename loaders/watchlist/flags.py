"""The watchlist: which communes the watch rules flag in a month, since when, and whether
each flag is new, persisting or resolved.

Computed in the database by one SQL statement, the same on SQLite and PostgreSQL (window
functions, ``VALUES`` and ``CAST(… AS FLOAT)`` only): every commune of the register
(``watch_units``) crossed with every stored month up to the chosen one, joined with its row
of ``metrics_service`` (none: *no report*) and its volunteer teams; each rule of
:mod:`loaders.watchlist.rules` gives the (commune, month) pairs it holds for; consecutive
months of a flag form a run ("gaps and islands": month index minus row number), and the runs
that reach the chosen month or the one before it are the watchlist.

Months are the stored months of service-centre data (``YYYY-MM``, oldest first): "in a row"
counts those, and a flag's run can start no earlier than the first stored month.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, text

from loaders.messages import msg
from loaders.metrics import store
from loaders.register import new_units
from loaders.watchlist import tables
from loaders.watchlist.rules import RULES, WatchRules
from loaders.watchlist.settings import rules_in_force

#: The numbers each flag carries (see :class:`Watchlist`).
MEASURES = ("value", "previous_value", "threshold", "numerator", "denominator")
#: Columns of :attr:`Watchlist.flags`, in order.
FLAG_COLUMNS = (
    "province_code",
    "province_name",
    "code",
    "name",
    "rule",
    "status",
    "streak",
    "since",
    *MEASURES,
)
STATUSES = ("new", "persisting", "resolved")
#: Rule key → its place in :data:`~loaders.watchlist.rules.RULES` (the order flags are listed).
_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}


class WatchlistError(ValueError):
    """An unknown province or period: ``message`` names it in either language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Watchlist:
    """The flags of ``period`` (``YYYY-MM``) in ``province`` (2-digit code; None: the country).

    ``flags`` has one row per commune and rule held in ``period`` (status ``new``: not held
    the month before; ``persisting``: held then too) or held the month before but not now
    (``resolved``). Columns (:data:`FLAG_COLUMNS`):

    Rows: the flags held first, then the resolved ones, each by province, commune and rule.

    * ``code``, ``name``, ``province_code``, ``province_name``: the 2025 commune;
    * ``rule``: a key of :data:`~loaders.watchlist.rules.RULES`;
    * ``streak``: months in a row the flag has held up to ``period`` (for a resolved flag: up
      to the month before); ``since``: the first month of that run;
    * ``value``: the measure the rule compared in the last month it held (percent for rates,
      dossiers for counts, points for the score; NaN for no report); ``previous_value``: the
      month before's on-time rate for ``on_time_drop``; ``threshold``: the rule's setting
      then in force (NaN for rules without one); ``numerator`` / ``denominator``: the counts
      behind a rate (on time / on time + late; online / received).
    """

    period: str
    previous: str | None
    province: str | None
    rules: WatchRules
    flags: pd.DataFrame
    n_units: int
    #: The data the flags come from (service data and volunteer teams): ``"sample"``
    #: (generated), ``"real"`` or ``"mixed"``; a sample watchlist says so wherever it is shown.
    data_kind: str

    @property
    def held(self) -> pd.DataFrame:
        """The flags held in ``period`` (new or persisting)."""
        return self.flags[self.flags["status"] != "resolved"]

    def counts_by_rule(self) -> pd.DataFrame:
        """Per rule (index: :data:`~loaders.watchlist.rules.RULES`, in order): flags
        ``held`` in the month, how many of those are ``new`` or ``persisting``, and the flags
        ``resolved`` (a rule flags a commune at most once a month: flags are communes)."""
        counts = self.flags.groupby(["rule", "status"]).size().unstack(fill_value=0)
        counts = counts.reindex(index=list(RULES), columns=list(STATUSES))
        counts = counts.fillna(0).astype("int64")
        counts.insert(0, "held", counts["new"] + counts["persisting"])
        return counts

    def counts_by_commune(self) -> pd.Series:
        """Flags held per commune of the scope (0 for an unflagged one), by code."""
        codes = _scope_units(self.province)["code"]
        counts = self.held.groupby("code").size()
        return counts.reindex(codes, fill_value=0).astype("int64").rename("flags")

    def counts_by_province(self) -> pd.DataFrame:
        """Per province of the scope: ``n_flagged`` communes with a flag held, ``n_flags``
        flags held, ``n_units`` communes; indexed by 2-digit code."""
        units = _scope_units(self.province)
        held = self.held
        out = pd.DataFrame(
            {
                "n_flagged": held.groupby("province_code")["code"].nunique(),
                "n_flags": held.groupby("province_code").size(),
                "n_units": units.groupby("province_code").size(),
            }
        )
        return out.fillna(0).astype("int64")


def _scope_units(province: str | None) -> pd.DataFrame:
    units = new_units()[["code", "name", "province_code", "province_name"]]
    if province is not None:
        units = units[units["province_code"] == province]
    return units


def check_province(province: str | None) -> str | None:
    """``province`` as a 2-digit code of the register (``"4"`` → ``"04"``), or
    :class:`WatchlistError` naming it."""
    if province is None:
        return None
    code = str(province).strip()
    code = code.zfill(2) if code.isdigit() and len(code) < 2 else code
    if code not in set(new_units()["province_code"]):
        raise WatchlistError(msg("data.watch_unknown_province", province=str(province)))
    return code


def stored_periods(engine: Engine) -> list[str]:
    """The months with service-centre data, oldest first."""
    return store.periods(engine, "metrics")


def check_period(engine: Engine, period: str | None) -> tuple[str, list[str]]:
    """``period`` (default: the latest stored) and the stored months up to it, or
    :class:`WatchlistError` naming a month that has no data."""
    periods = stored_periods(engine)
    if not periods:
        raise WatchlistError(msg("data.watch_no_periods"))
    period = periods[-1] if period is None else str(period).strip()
    if period not in periods:
        raise WatchlistError(
            msg("data.watch_unknown_period", period=period, first=periods[0], last=periods[-1])
        )
    return period, periods[: periods.index(period) + 1]


def watchlist(
    engine: Engine,
    period: str | None = None,
    province: str | None = None,
    rules: WatchRules | None = None,
) -> Watchlist:
    """The watchlist of ``period`` (default: the latest month) in ``province`` (default: the
    country) under ``rules`` (default: the rules in force)."""
    province = check_province(province)
    period, months = check_period(engine, period)
    rules = rules or rules_in_force(engine)
    tables.ensure_tables(engine)
    last = len(months) - 1
    sql, params = _flags_sql(months, rules, province=province)
    sql += " SELECT r.code, r.rule, r.first_idx, r.last_idx, "
    sql += ", ".join(f"f.{name}" for name in MEASURES)
    sql += " FROM runs r JOIN flagged f"
    sql += " ON f.code = r.code AND f.rule = r.rule AND f.idx = r.last_idx"
    sql += " WHERE r.last_idx >= :last_idx"
    params["last_idx"] = last - 1
    raw = _query(engine, sql, params, ("code", "rule", "first_idx", "last_idx", *MEASURES))
    flags = _describe(raw, months, last, province)
    return Watchlist(
        period=period,
        previous=months[-2] if len(months) > 1 else None,
        province=province,
        rules=rules,
        flags=flags,
        n_units=len(_scope_units(province)),
        data_kind=data_kind(store.data_status(engine)),
    )


def data_kind(status: dict[str, str]) -> str:
    """What flags are computed from, given :func:`loaders.metrics.store.data_status`:
    ``"sample"``, ``"real"`` or ``"mixed"`` over the service data and, when there are any,
    the volunteer teams (the "no team" flags read those)."""
    kinds = {status["metrics"]} | (
        {status["volunteers"]} if status["volunteers"] != "empty" else set()
    )
    if kinds == {"sample"}:
        return "sample"
    if kinds == {"real"}:
        return "real"
    return "mixed"


def history(
    engine: Engine, code: str, until: str | None = None, rules: WatchRules | None = None
) -> pd.DataFrame:
    """Every flag commune ``code`` held, month by month up to ``until`` (default: the latest
    month): ``period``, ``rule``, ``value``, ``previous_value``, ``threshold``,
    ``numerator``, ``denominator`` (as in :class:`Watchlist`), newest month first.
    :class:`WatchlistError` for a code that is no 2025 commune, or a month without data."""
    code = str(code).strip()
    if code not in set(new_units()["code"]):
        raise WatchlistError(msg("data.watch_unknown_commune", code=code))
    until, months = check_period(engine, until)
    rules = rules or rules_in_force(engine)
    tables.ensure_tables(engine)
    sql, params = _flags_sql(months, rules, code=code)
    sql += " SELECT f.idx, f.rule, " + ", ".join(f"f.{name}" for name in MEASURES)
    sql += " FROM flagged f"
    frame = _query(engine, sql, params, ("idx", "rule", *MEASURES))
    frame.insert(0, "period", [months[int(i)] for i in frame["idx"]])
    frame["order"] = frame["rule"].map(_RULE_ORDER)
    frame = frame.sort_values(["idx", "order"], ascending=[False, True])
    return frame.drop(columns=["idx", "order"]).reset_index(drop=True)


def _describe(
    raw: pd.DataFrame, months: list[str], last: int, province: str | None
) -> pd.DataFrame:
    """The raw runs as the watchlist's rows: status, streak, since, names; the flags held
    first, then the resolved ones, each sorted by province, commune and rule order."""
    raw["status"] = "resolved"
    held = raw["last_idx"] == last
    raw.loc[held & (raw["first_idx"] == last), "status"] = "new"
    raw.loc[held & (raw["first_idx"] < last), "status"] = "persisting"
    raw["streak"] = (raw["last_idx"] - raw["first_idx"] + 1).astype("int64")
    raw["since"] = [months[int(i)] for i in raw["first_idx"]]
    units = _scope_units(province)
    out = units.merge(raw, on="code", how="inner")
    # The flags held this month first, then those resolved; each by commune and rule.
    out["resolved"] = out["status"] == "resolved"
    out["order"] = out["rule"].map(_RULE_ORDER)
    out = out.sort_values(["resolved", "province_code", "code", "order"])
    return out.reset_index(drop=True)[list(FLAG_COLUMNS)]


def _query(engine: Engine, sql: str, params: dict, columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows of ``sql`` as a frame of ``columns``, the :data:`MEASURES` as float64 (NaN =
    none; PostgreSQL returns an all-NULL column as objects)."""
    with engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for column in MEASURES:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


# --------------------------------------------------------------------------- the statement

_F = "CAST({} AS FLOAT)"

#: Per rule: the condition on a row of ``lagged`` and its value, previous value, threshold,
#: numerator and denominator (SQL expressions; ``:name`` are the rules' settings).
_RULE_SQL = {
    "no_report": ("has_row = 0", "NULL", "NULL", "NULL", "NULL", "NULL"),
    "zero_dossiers": ("received = 0", "received", "NULL", "NULL", "NULL", "NULL"),
    "on_time_low": (
        "on_time + late > 0 AND 100 * on_time < :on_time_floor * (on_time + late)",
        "on_time_rate",
        "NULL",
        ":on_time_floor",
        "on_time",
        "on_time + late",
    ),
    # Both months reported; the epsilon keeps a fall of exactly the step (95 % → 85 %)
    # flagged whatever the last bit of the two divisions.
    "on_time_drop": (
        "prev_rate - on_time_rate >= :on_time_drop - 1e-9",
        "on_time_rate",
        "prev_rate",
        ":on_time_drop",
        "on_time",
        "on_time + late",
    ),
    "online_low": (
        "received > 0 AND 100 * online < :online_target * received",
        "online_share",
        "NULL",
        ":online_target",
        "online",
        "received",
    ),
    "overdue": ("late >= :overdue_count", "late", "NULL", ":overdue_count", "NULL", "NULL"),
    "score_low": ("score < :score_floor", "score", "NULL", ":score_floor", "NULL", "NULL"),
    "no_team": ("province_has_teams = 1 AND has_team = 0", "0", "NULL", "NULL", "NULL", "NULL"),
}


def _flags_sql(
    months: list[str],
    rules: WatchRules,
    province: str | None = None,
    code: str | None = None,
) -> tuple[str, dict[str, object]]:
    """The ``WITH`` clause that ends with the CTEs ``flagged`` (code, idx, rule and the
    numbers) and ``runs`` (code, rule, first_idx, last_idx), and its parameters. Only
    parameter names and this module's constants are put into the text."""
    params: dict[str, object] = {f"m{i}": month for i, month in enumerate(months)}
    params.update(rules.model_dump())
    values = ", ".join(f"(:m{i}, {i})" for i in range(len(months)))
    # The scope narrows the communes and, with them, the team rows read.
    scope = teams_scope = ""
    if province is not None:
        params["province"] = province
        scope = "WHERE u.province_code = :province"
        teams_scope = "WHERE t.province_code = :province"
    elif code is not None:
        params["code"] = code
        scope = "WHERE u.code = :code"
        teams_scope = (
            "WHERE t.province_code = (SELECT province_code FROM watch_units WHERE code = :code)"
        )
    branches = " UNION ALL ".join(
        f"SELECT code, idx, '{rule}' AS rule, {_F.format(value)} AS value, "
        f"{_F.format(previous)} AS previous_value, {_F.format(threshold)} AS threshold, "
        f"{_F.format(numerator)} AS numerator, {_F.format(denominator)} AS denominator "
        f"FROM lagged WHERE {condition}"
        for rule, (condition, value, previous, threshold, numerator, denominator) in (
            (rule, _RULE_SQL[rule]) for rule in RULES
        )
    )
    sql = f"""
WITH months (period, idx) AS (VALUES {values}),
team_units AS (
    SELECT DISTINCT t.code, t.period FROM metrics_volunteer_teams t
    JOIN months m ON m.period = t.period {teams_scope}
),
team_provinces AS (
    SELECT DISTINCT t.province_code, t.period FROM metrics_volunteer_teams t
    JOIN months m ON m.period = t.period {teams_scope}
),
grid AS (
    SELECT u.code, m.idx,
        CASE WHEN s.code IS NULL THEN 0 ELSE 1 END AS has_row,
        s.received, s.received_online AS online, s.resolved_on_time AS on_time,
        s.resolved_late AS late, s.score_total AS score,
        CASE WHEN tp.province_code IS NULL THEN 0 ELSE 1 END AS province_has_teams,
        CASE WHEN tu.code IS NULL THEN 0 ELSE 1 END AS has_team
    FROM watch_units u CROSS JOIN months m
    LEFT JOIN metrics_service s ON s.code = u.code AND s.period = m.period
    LEFT JOIN team_provinces tp ON tp.province_code = u.province_code AND tp.period = m.period
    LEFT JOIN team_units tu ON tu.code = u.code AND tu.period = m.period
    {scope}
),
rated AS (
    SELECT grid.*,
        CASE WHEN on_time + late > 0
            THEN CAST(100 * on_time AS FLOAT) / (on_time + late) END AS on_time_rate,
        CASE WHEN received > 0
            THEN CAST(100 * online AS FLOAT) / received END AS online_share
    FROM grid
),
lagged AS (
    -- every commune has a row for every month, so the row before is the month before
    SELECT rated.*, LAG(on_time_rate) OVER (PARTITION BY code ORDER BY idx) AS prev_rate
    FROM rated
),
flagged AS ({branches}),
islands AS (
    SELECT code, rule, idx,
        idx - ROW_NUMBER() OVER (PARTITION BY code, rule ORDER BY idx) AS run
    FROM flagged
),
runs AS (
    SELECT code, rule, MIN(idx) AS first_idx, MAX(idx) AS last_idx
    FROM islands GROUP BY code, rule, run
)"""
    return sql, params
