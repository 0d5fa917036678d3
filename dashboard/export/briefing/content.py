"""What a province's briefing pack says: the numbers of every page, in one language, with no
drawing (:mod:`.pages` draws them).

Every figure comes from the metrics store through the functions the map and the watchlist
use: key figures and trends from :func:`loaders.metrics.store.trend` (rates recomputed from
summed counts per month, never averaged), the watchlist from :func:`loaders.watchlist.watchlist`
and its table texts, volunteer gaps from :func:`loaders.metrics.store.volunteer_table` (a
province that sent no team data has no data, never zero), press figures from
:mod:`loaders.metrics.reported`. The country's series are the same for every province: they
are cached per store revision, so a batch of 34 packs reads them once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard.core import watchlist_cache
from dashboard.core.formatting import coverage_text, human_date, human_period
from dashboard.core.i18n import province_label, t, unit_type_label
from dashboard.core.metrics import Registry
from dashboard.core.numbers import count, is_missing, number, percent, with_unit
from dashboard.core.reported_text import (
    as_of_text,
    date_text,
    metric_label,
    place_text,
    qualified_value,
)
from dashboard.export.data import BOUNDARY_SOURCE_EN, BOUNDARY_SOURCE_VI
from dashboard.export.texts import boundary_version, nfc
from loaders.metrics import store
from loaders.metrics.reported import citations, reported_figures
from loaders.register import new_units, province_names
from loaders.watchlist import RULES, Watchlist
from loaders.watchlist import table as watch_table
from loaders.watchlist.flags import check_period, check_province
from loaders.watchlist.rules import THRESHOLD_OF
from loaders.watchlist.table import reason, rule_label, status_label

#: The key figures, in the order of their table.
KEY_FIGURES = (
    "received",
    "on_time_rate",
    "online_share",
    "digitisation_rate",
    "score_total",
    "satisfaction_rate",
    "volunteer_coverage",
    "teams",
)
#: The trend charts: store metrics drawn for the province and the country.
TREND_KEYS = (
    "on_time_rate",
    "online_share",
    "digitisation_rate",
    "satisfaction_rate",
    "score_total",
    "volunteer_coverage",
)
#: The default metric of the cover map.
DEFAULT_COVER_METRIC = "on_time_rate"


@dataclass(frozen=True)
class KeyFigure:
    """One row of the key-figures table, already written in the pack's language."""

    label: str
    now: str
    before: str
    country: str
    versus: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Series:
    """One trend chart: monthly values (``period`` → value, NaN = no data) of the province
    and, unless None, of the country; ``incomplete``: months where not every commune of the
    province has data."""

    label: str
    unit: str
    decimals: int
    province: pd.Series
    country: pd.Series | None
    incomplete: tuple[str, ...] = ()


@dataclass(frozen=True)
class WatchRow:
    rule: str
    commune: str
    reason: str
    status: str
    streak: str
    since: str


@dataclass(frozen=True)
class RuleCount:
    rule: str
    threshold: str
    new: int
    persisting: int
    resolved: int


@dataclass(frozen=True)
class Gaps:
    """Volunteer gaps of the province in the period: ``reported`` False when it sent no
    team data (then ``rows`` is empty and nothing is counted)."""

    reported: bool
    text: str
    rows: tuple[tuple[str, str, str, str, str], ...] = ()  # code, name, type, streak, since


@dataclass(frozen=True)
class WatchCounts:
    """How much of an area the watchlist flags in the month: communes with a flag held, the
    flags held, and the area's communes (2025 units)."""

    flagged: int
    flags: int
    units: int


@dataclass(frozen=True)
class PressFigure:
    heading: str
    where: str
    quote: str
    sources: tuple[tuple[str, str], ...]  # (title and date, url or "no link")


@dataclass(frozen=True)
class BriefingContent:
    """Everything a pack prints, in ``lang``."""

    province: str
    province_name: str  # "Tỉnh Cao Bằng" / "Cao Bằng Province"
    full_name: str  # the layer's Vietnamese full name, for the cover map's title
    period: str  # "2026-10"
    period_text: str  # "tháng 10/2026"
    lang: str
    is_sample: bool
    sources: tuple[str, ...]
    boundary_version: str
    made_on: date
    cover_metric: str
    watch: Watchlist
    #: The watchlist's counts in the province and in the whole country, for the cover.
    watch_counts: WatchCounts
    country_watch_counts: WatchCounts
    key_figures: tuple[KeyFigure, ...]
    rule_counts: tuple[RuleCount, ...]
    held: tuple[WatchRow, ...]
    resolved: tuple[WatchRow, ...]
    series: tuple[Series, ...]
    gaps: Gaps
    press: tuple[PressFigure, ...]
    previous_text: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        """ "Báo cáo tóm tắt — Tỉnh Cao Bằng — tháng 10/2026" (the PDF's title too)."""
        return " — ".join((t("briefing.title", self.lang), self.province_name, self.period_text))


def check_request(engine: Engine, province: str, period: str | None) -> tuple[str, str]:
    """(2-digit province code, period) of a request, or
    :class:`~loaders.watchlist.WatchlistError` naming the unknown province or period."""
    code = check_province(province)
    if code is None:
        raise ValueError("a briefing pack is for one province")
    period, _months = check_period(engine, period)
    return code, period


def collect(
    engine: Engine,
    registry: Registry,
    province: str,
    period: str | None = None,
    lang: str = "vi",
    cover_metric: str = DEFAULT_COVER_METRIC,
    made_on: date | None = None,
) -> BriefingContent:
    """The content of the pack of ``province`` (2-digit code) for ``period`` (default: the
    latest month with service-centre data). Raises
    :class:`~loaders.watchlist.WatchlistError` for an unknown province or period."""
    code, period = check_request(engine, province, period)
    revision = store.revision(engine)
    units = new_units()
    units = units[units["province_code"] == code]
    full_name = province_names()[code]
    wl_revision = watchlist_cache.revision(engine)
    wl = watchlist_cache.cached(engine, wl_revision, period, code)
    country = watchlist_cache.cached(engine, wl_revision, period, None).counts_by_province()
    metric = registry.get("on_time_rate")
    sources = [metric.source(lang)] if metric is not None else []
    if "teams" in registry and registry["teams"].source(lang) not in sources:
        sources.append(registry["teams"].source(lang))
    sources.append(BOUNDARY_SOURCE_VI if lang == "vi" else BOUNDARY_SOURCE_EN)
    held, resolved = _watch_rows(wl, lang)
    return BriefingContent(
        province=code,
        province_name=province_label(full_name, lang),
        full_name=full_name,
        period=period,
        period_text=human_period(period, lang),
        previous_text=human_period(wl.previous, lang) if wl.previous else "",
        lang=lang,
        is_sample=watch_table.is_sample(wl),
        sources=tuple(nfc(s) for s in sources),
        boundary_version=boundary_version(lang),
        made_on=made_on or date.today(),
        cover_metric=cover_metric,
        watch=wl,
        watch_counts=WatchCounts(
            flagged=wl.held["code"].nunique(), flags=len(wl.held), units=len(units)
        ),
        country_watch_counts=WatchCounts(
            flagged=int(country["n_flagged"].sum()),
            flags=int(country["n_flags"].sum()),
            units=int(country["n_units"].sum()),
        ),
        key_figures=_key_figures(engine, revision, registry, code, period, wl.previous, lang),
        rule_counts=_rule_counts(wl, lang),
        held=held,
        resolved=resolved,
        series=_series(engine, revision, registry, code, period, lang),
        gaps=_gaps(engine, revision, wl, units, period, lang),
        press=_press(province_press(code), lang),
    )


def prepare_batch(engine: Engine, registry: Registry, period: str | None) -> None:
    """Read what every pack of a batch shares (the country's series, teams and watchlist, the
    press figures, the classifier's library) once, before the packs are made in parallel."""
    import mapclassify  # noqa: F401  (imported by the cover's classes; slow the first time)

    revision = store.revision(engine)
    for key in {*KEY_FIGURES, *TREND_KEYS} - set(VOLUNTEER_FIGURES) | {"volunteer_coverage"}:
        if key in registry:
            _trend(engine, revision, key, None)
    if period is not None and period in store.periods(engine, "volunteers"):
        _volunteers(engine, revision, period)
        _teams(engine, revision, period)
    if period is not None:
        watchlist_cache.cached(engine, watchlist_cache.revision(engine), period, None)
    reported_figures()


# ----------------------------------------------------------------------------- key figures


@lru_cache(maxsize=64)
def _trend(engine: Engine, revision: str, key: str, province: str | None) -> pd.DataFrame:
    """:func:`store.trend` of the country (``province`` None) or one province, cached per
    revision: the country's series serve every pack of a batch."""
    if key == "volunteer_coverage":
        return coverage_trend(engine, province)
    return store.trend(engine, key, province_code=province)


def coverage_trend(engine: Engine, province: str | None = None) -> pd.DataFrame:
    """Volunteer coverage per month, as :func:`store.trend` gives it for
    ``"volunteer_coverage"`` (``period``, ``value``, ``n_reported``, ``n_units``,
    ``is_sample``), from two grouped queries instead of every team row of every month (the
    country's series: about 0.9 s → 0.3 s on SQLite).

    Per month: the provinces that sent team rows reported; their communes are the ones
    counted (``n_reported``); a commune with at least one team row covers (``value`` = % of
    them); a province that sent nothing counts neither way (no data, not zero).
    """
    teams = store.teams
    units = new_units()[["code", "province_code"]]
    reported_q = select(teams.c.period, teams.c.province_code, func.max(teams.c.is_sample))
    codes_q = select(teams.c.period, teams.c.code)
    if province is not None:
        units = units[units["province_code"] == province]
        reported_q = reported_q.where(teams.c.province_code == province)
        codes_q = codes_q.where(teams.c.code.in_(list(units["code"])))
    reported_q = reported_q.group_by(teams.c.period, teams.c.province_code)
    codes_q = codes_q.group_by(teams.c.period, teams.c.code)
    with engine.connect() as conn:
        reported_rows, code_rows = conn.execute(reported_q).all(), conn.execute(codes_q).all()
    size = units.groupby("province_code").size()
    province_of = dict(zip(units["code"], units["province_code"], strict=True))
    reported: dict[str, set[str]] = {}
    sample: dict[str, bool] = {}
    for period, province_code, is_sample in reported_rows:
        reported.setdefault(period, set()).add(province_code)
        sample[period] = sample.get(period, False) or bool(is_sample)
    covered: dict[str, set[str]] = {}
    for period, code in code_rows:
        if province_of.get(code) in reported.get(period, ()):
            covered.setdefault(period, set()).add(code)
    rows = []
    for period in sorted(reported):
        n = int(size.reindex(sorted(reported[period])).sum())
        value = 100.0 * len(covered.get(period, ())) / n if n else float("nan")
        rows.append((period, value, n, len(units), sample[period]))
    return pd.DataFrame(rows, columns=["period", "value", "n_reported", "n_units", "is_sample"])


def _at(frame: pd.DataFrame, period: str | None) -> pd.Series | None:
    if period is None or frame.empty:
        return None
    rows = frame[frame["period"] == period]
    return rows.iloc[0] if len(rows) else None


#: Key figures read from the teams of one month (every commune of the country in one read)
#: rather than from a trend over all months.
VOLUNTEER_FIGURES = ("volunteer_coverage", "teams")


@lru_cache(maxsize=8)
def _volunteers(engine: Engine, revision: str, period: str) -> pd.DataFrame:
    """The store's volunteer coverage per province in ``period`` (NaN: no team data)."""
    return store.volunteer_table(engine, period, "province")


def _volunteer_row(
    engine: Engine, revision: str, key: str, period: str | None, province: str | None
) -> pd.Series | None:
    """Like a row of :func:`store.trend` (``value``, ``n_reported``, ``n_units``) for a
    volunteer key figure of one province or the country (over the provinces that reported:
    coverage = communes with a team ÷ their communes; teams summed); None without data."""
    if period is None or period not in store.periods(engine, "volunteers"):
        return None
    table = _volunteers(engine, revision, period)
    if province is not None:
        table = table[table["province_code"] == province]
    reported = table[table["teams"].notna()]
    if reported.empty:
        return None
    n_units = int(reported["units"].sum())
    if key == "teams":
        value = float(reported["teams"].sum())
    else:
        value = 100.0 * float(reported["units_with_team"].sum()) / n_units
    return pd.Series({"value": value, "n_reported": n_units, "n_units": int(table["units"].sum())})


def _value(row: pd.Series | None) -> float:
    return float("nan") if row is None else float(row["value"])


def _key_figures(
    engine: Engine,
    revision: str,
    registry: Registry,
    code: str,
    period: str,
    previous: str | None,
    lang: str,
) -> tuple[KeyFigure, ...]:
    """``previous``: the stored month before ``period`` (None for the first)."""
    out = []
    for key in KEY_FIGURES:
        if key not in registry:
            continue
        metric = registry[key]
        unit, decimals = metric.unit(lang), 1 if metric.unit(lang) == "%" else metric.decimals
        if key in VOLUNTEER_FIGURES:
            now, before, nation = (
                _volunteer_row(engine, revision, key, p, c)
                for p, c in ((period, code), (previous, code), (period, None))
            )
        else:
            mine = _trend(engine, revision, key, code)
            country = _trend(engine, revision, key, None)
            now, before, nation = _at(mine, period), _at(mine, previous), _at(country, period)
        notes = []
        if key in ("volunteer_coverage", "teams") and now is None:
            notes.append(t("briefing.no_team_data", lang))
        for row, which in ((now, "province"), (nation, "country")):
            if row is not None and 0 < int(row["n_reported"]) < int(row["n_units"]):
                text = coverage_text(int(row["n_reported"]), int(row["n_units"]), lang)
                notes.append(t(f"briefing.{which}_coverage", lang, coverage=text))
        out.append(
            KeyFigure(
                label=metric.label(lang),
                now=_shown(_value(now), unit, lang, decimals),
                before=_shown(_value(before), unit, lang, decimals),
                country=_shown(_value(nation), unit, lang, decimals),
                versus=_versus(_value(now), _value(nation), unit, metric.key, lang),
                notes=tuple(notes),
            )
        )
    return tuple(out)


def _shown(value: float, unit: str, lang: str, decimals: int) -> str:
    if unit == "%":
        return percent(value, lang, decimals)
    return number(value, lang, decimals) if unit else with_unit(value, unit, lang, decimals)


def _versus(mine: float, country: float, unit: str, key: str, lang: str) -> str:
    """Rates and scores: the difference in points ("+1,2 điểm %"); counts: the province's
    share of the country's total ("3,1 % cả nước"); "—" when either is missing."""
    if is_missing(mine) or is_missing(country):
        return "—"
    if unit == "%":
        diff = mine - country
        return t("briefing.points", lang, value=_signed(diff, lang))
    if key.startswith("score"):
        return t("briefing.score_points", lang, value=_signed(mine - country, lang))
    if country > 0:
        return t("briefing.share_of_country", lang, value=percent(100 * mine / country, lang))
    return "—"


def _signed(value: float, lang: str) -> str:
    text = number(value, lang, 1)
    return text if text.startswith("-") or text == "0" else f"+{text}"


# ------------------------------------------------------------------------------- watchlist


def _threshold(rule: str, wl: Watchlist, lang: str) -> str:
    setting = THRESHOLD_OF.get(rule)
    if setting is None:
        return t("briefing.threshold.none", lang)
    value = float(getattr(wl.rules, setting))
    return t(f"briefing.threshold.{rule}", lang, value=number(value, lang, 1))


def _rule_counts(wl: Watchlist, lang: str) -> tuple[RuleCount, ...]:
    return tuple(
        RuleCount(
            rule=rule_label(rule, lang),
            threshold=_threshold(rule, wl, lang),
            new=int(row.new),
            persisting=int(row.persisting),
            resolved=int(row.resolved),
        )
        for rule, row in wl.counts_by_rule().iterrows()
    )


def _watch_rows(wl: Watchlist, lang: str) -> tuple[tuple[WatchRow, ...], tuple[WatchRow, ...]]:
    """(held, resolved) rows, each by rule order then commune name."""
    flags = wl.flags.copy()
    flags["order"] = flags["rule"].map({rule: i for i, rule in enumerate(RULES)})
    flags = flags.sort_values(["order", "name", "code"], kind="stable")
    rows = {"held": [], "resolved": []}
    for _, flag in flags.iterrows():
        row = WatchRow(
            rule=rule_label(str(flag["rule"]), lang),
            commune=f"{flag['name']} ({flag['code']})",
            reason=reason(flag, lang),
            status=status_label(str(flag["status"]), lang),
            streak=count(int(flag["streak"]), lang),
            since=human_period(str(flag["since"]), lang),
        )
        rows["resolved" if flag["status"] == "resolved" else "held"].append(row)
    return tuple(rows["held"]), tuple(rows["resolved"])


# ---------------------------------------------------------------------------------- trends


def _series(
    engine: Engine, revision: str, registry: Registry, code: str, period: str, lang: str
) -> tuple[Series, ...]:
    """The trend charts, months up to ``period``."""
    out = []
    for key in TREND_KEYS:
        if key not in registry:
            continue
        metric = registry[key]
        mine = _upto(_trend(engine, revision, key, code), period)
        nation = _upto(_trend(engine, revision, key, None), period)
        partial = mine[(mine["n_reported"] > 0) & (mine["n_reported"] < mine["n_units"])]
        out.append(
            Series(
                label=metric.label(lang),
                unit=metric.unit(lang),
                decimals=1,
                province=mine.set_index("period")["value"].astype("float64"),
                country=nation.set_index("period")["value"].astype("float64"),
                incomplete=tuple(partial["period"]),
            )
        )
    if "received" in registry:
        received = registry["received"]
        mine = _upto(_trend(engine, revision, "received", code), period)
        nation = _upto(_trend(engine, revision, "received", None), period)
        out.append(
            Series(
                label=t("briefing.chart.reporting", lang),
                unit="%",
                decimals=1,
                province=_reporting(mine),
                country=_reporting(nation),
            )
        )
        partial = mine[(mine["n_reported"] > 0) & (mine["n_reported"] < mine["n_units"])]
        out.append(
            Series(
                label=t("briefing.chart.province_only", lang, label=received.label(lang)),
                unit=received.unit(lang),
                decimals=0,
                province=mine.set_index("period")["value"].astype("float64"),
                country=None,
                incomplete=tuple(partial["period"]),
            )
        )
    return tuple(out)


def _upto(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame[frame["period"] <= period].reset_index(drop=True)


def _reporting(frame: pd.DataFrame) -> pd.Series:
    """Percent of the scope's communes with a received count, per month."""
    if frame.empty:
        return pd.Series(dtype="float64")
    share = 100.0 * frame["n_reported"].astype(float) / frame["n_units"].astype(float)
    return pd.Series(share.to_numpy(), index=frame["period"].to_numpy(), dtype="float64")


# ---------------------------------------------------------------------------------- gaps


@lru_cache(maxsize=8)
def _teams(engine: Engine, revision: str, period: str) -> pd.DataFrame:
    """Every commune's teams in ``period`` (all provinces: one read serves a batch)."""
    return store.volunteer_table(engine, period, "unit")


def _gaps(
    engine: Engine,
    revision: str,
    wl: Watchlist,
    units: pd.DataFrame,
    period: str,
    lang: str,
) -> Gaps:
    period_text = human_period(period, lang)
    if period not in store.periods(engine, "volunteers"):
        return Gaps(False, t("briefing.gaps_silent", lang, period=period_text))
    teams = _teams(engine, revision, period)
    mine = teams[teams["code"].isin(set(units["code"]))]
    reported = bool(mine["has_team"].notna().any()) if len(mine) else False
    if not reported:
        return Gaps(False, t("briefing.gaps_silent", lang, period=period_text))
    gaps = mine[mine["has_team"].fillna(True).eq(False)]
    if gaps.empty:
        return Gaps(True, t("briefing.gaps_none", lang, period=period_text))
    flags = wl.flags[wl.flags["rule"] == "no_team"].set_index("code")
    info = units.set_index("code")
    rows = []
    for code_ in sorted(gaps["code"].astype(str), key=lambda c: str(info.loc[c, "name"])):
        flag = flags.loc[code_] if code_ in flags.index else None
        rows.append(
            (
                code_,
                str(info.loc[code_, "name"]),
                unit_type_label(str(info.loc[code_, "unit_type"]), lang)
                if "unit_type" in info
                else "",
                count(int(flag["streak"]), lang) if flag is not None else "—",
                human_period(str(flag["since"]), lang) if flag is not None else "—",
            )
        )
    n_teams = mine["teams"].sum(min_count=1)
    share = 100.0 * float(mine["has_team"].astype(float).mean())
    text = t(
        "briefing.gaps_list",
        lang,
        count=len(rows),
        period=period_text,
        teams=count(n_teams, lang),
        coverage=percent(share, lang),
    )
    return Gaps(True, text, tuple(rows))


# ---------------------------------------------------------------------------------- press


def province_press(code: str) -> pd.DataFrame:
    """The press figures of province ``code`` (province scope, as the map's press panel
    lists them). The first call of a process resolves every press label through the
    register and the lineage (about 1.5 s)."""
    figures = reported_figures()
    return figures[(figures["scope"] == "province") & (figures["province_code"] == code)]


def _press(figures: pd.DataFrame, lang: str) -> tuple[PressFigure, ...]:
    out = []
    for _, row in figures.iterrows():
        unit = str(row["unit"] or "").strip()
        value = qualified_value(row, lang)
        heading = f"{metric_label(str(row['metric']), lang)}: {value} {unit}".strip()
        when = as_of_text(row["as_of_date"], lang)
        where = t("briefing.press_where", lang, place=place_text(row, lang), when=when)
        sources = []
        for title, url, day in citations(row):
            label = t("briefing.press_source", lang, title=title, date=date_text(day, lang))
            linked = url.startswith(("http://", "https://"))
            link = url if linked else t("briefing.press_no_link", lang)
            sources.append((label, link))
        quote = t("briefing.press_quote", lang, quote=str(row["quote_vi"]).strip())
        out.append(PressFigure(nfc(heading), nfc(where), nfc(quote), tuple(sources)))
    return tuple(out)


def made_on_text(content: BriefingContent) -> str:
    return t("briefing.made_on", content.lang, date=human_date(content.made_on, content.lang))
