"""The side panel of a selected commune: who it is, what formed it, and every metric.

Laid out to be read in about one screen at 1400 × 1000: a one-line header (code, type,
province), one sample-data mark for the whole panel (saying which groups of metrics are
sample data) instead of one per label, then the metrics in compact tables by group (unit
attributes, public services, volunteers) with each group's period said once above its table
and each metric's source as a footnote mark (the sources themselves listed once, in an
expander). Groups other than the unit attributes and the group of the metric on the map sit
in expanders; so do the sources. The old units that formed the commune stay in view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.core import metrics, service_metrics, state
from dashboard.core.area_notes import unit_area_note
from dashboard.core.formatting import human_period
from dashboard.core.i18n import province_label, t, unit_label, unit_type_label
from dashboard.core.numbers import count
from dashboard.map import data, trend_chart
from dashboard.map.widgets import markdown_table, metric_text
from dashboard.watchlist import commune as watch_commune
from loaders.lineage import kind_label

#: Groups of metrics in the panel, in order: i18n key of the title, metric keys. A metric of
#: the registry in none of them goes in a last group of its own.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("panel_group_units", tuple(metrics.UNIT_METRICS)),
    ("panel_group_services", service_metrics.MAP_KEYS),
    ("panel_group_volunteers", service_metrics.VOLUNTEER_KEYS),
)
OTHER_GROUP = "panel_group_other"
#: The title of the watchlist's section, named among the panel's sample groups.
WATCH_GROUP = "watchlist.panel_title"

#: Footnote marks of the sources (a panel cites at most a handful; more get "[n]").
_MARKS = "¹²³⁴⁵⁶⁷⁸⁹"

#: The side panel's tables (the commune's, and the province's or country's top and bottom
#: five and category counts), tighter than Streamlit's: a 260–340 px column must hold
#: metric, value and rank on one or two lines, and never run past the card (long words
#: break rather than overflow).
_TABLES = (
    ".st-key-detail_panel table",
    ".st-key-ranking_top table",
    ".st-key-ranking_bottom table",
    ".st-key-category_counts table",
)
_CELLS = ",".join(f"{table} th,{table} td" for table in _TABLES)
_PANEL_CSS = (
    "<style>"
    f"{','.join(_TABLES)}{{font-size:0.875rem;line-height:1.35}}"
    ".st-key-detail_panel table{width:100%}"
    f"{_CELLS}{{padding:0.2rem 0.4rem;overflow-wrap:break-word}}"
    "</style>"
)


def compact_tables() -> None:
    """The side panel's table style (a style only: takes no room on the page)."""
    st.html(_PANEL_CSS)


@dataclass(frozen=True)
class MetricRow:
    """One metric of the panel: its label, shown value, rank in the province ("12/56", ""
    when not ranked), period, source and whether the value is sample data."""

    label: str
    value: str
    rank: str
    period: str
    source: str
    is_sample: bool


def group_of(key: str) -> str:
    """The i18n key of the panel group of metric ``key``."""
    for title, keys in GROUPS:
        if key in keys:
            return title
    return OTHER_GROUP


def rank_text(values: pd.Series, code: str, lang: str) -> str:
    """Rank of unit ``code`` among ``values`` (highest first, ties share the best rank) over
    the units with a value: "12/56"; "" when the unit has no value."""
    known = values.dropna()
    if code not in known.index:
        return ""
    rank = int(known.rank(ascending=False, method="min")[code])
    return f"{count(rank, lang)}/{count(len(known), lang)}"


def common_period(rows: Iterable[MetricRow]) -> str:
    """The period most rows of a group share (said once above the group's table); the
    first one in row order on a tie."""
    counts = Counter(row.period for row in rows)
    return counts.most_common(1)[0][0] if counts else ""


def sample_groups(groups: dict[str, list[MetricRow]]) -> list[str]:
    """The groups (i18n keys) with at least one sample value, in panel order."""
    return [key for key, rows in groups.items() if any(row.is_sample for row in rows)]


def _metric_rows(
    code: str,
    province: str,
    version: str,
    registry: metrics.Registry,
    periods: dict[str, str],
    lang: str,
) -> dict[str, list[MetricRow]]:
    """Every metric of ``registry`` for commune ``code``, grouped (see :data:`GROUPS`)."""
    in_province = data.commune_table(version).query("province_code == @province").index
    groups: dict[str, list[MetricRow]] = {key: [] for key, _keys in GROUPS}
    for metric in registry.values():
        if metric.key == service_metrics.WATCH_KEY:  # its own section, with the reasons
            continue
        period = periods.get(metric.key, metric.default_period)
        values = data.metric_values(version, registry, metric.key, "commune", period)
        value = values.get(code)
        rank = "" if metric.is_categorical else rank_text(values.reindex(in_province), code, lang)
        groups.setdefault(group_of(metric.key), []).append(
            MetricRow(
                label=metric.label(lang),
                value=metric_text(metric, value, "commune", lang),
                rank=rank,
                period=period,
                source=metric.source(lang),
                is_sample=metric.is_sample,
            )
        )
    return {key: rows for key, rows in groups.items() if rows}


def _mark(number: int) -> str:
    return _MARKS[number - 1] if number <= len(_MARKS) else f"[{number}]"


def detail_panel(
    code: str,
    version: str,
    registry: metrics.Registry,
    lang: str,
    periods: dict[str, str],
    trend_metric: metrics.Metric | None = None,
) -> None:
    """The panel of commune ``code``: name; code, type and province; the old units that
    formed it (name, old district and province, whole or part); every metric of
    ``registry`` with its rank in the province (``periods``: the period of a metric when not
    its latest); with ``trend_metric``, that metric over its periods for the commune against
    its province (see :mod:`dashboard.map.trend_chart`)."""
    table = data.commune_table(version)
    if code not in table.index:
        st.info(t("unknown_commune", lang, code=code))
        return
    unit = table.loc[code]
    province = str(unit["province_code"])
    name = (
        unit_label(str(unit["name"]), str(unit["unit_type"]), lang)
        if lang == "en"
        else str(unit["full_name"])
    )
    groups = _metric_rows(code, province, version, registry, periods, lang)
    shown_group = group_of(trend_metric.key) if trend_metric else GROUPS[0][0]
    with st.container(border=True, key="detail_panel"):
        st.subheader(name)
        st.markdown(
            f"**{t('code', lang)}:** {code} · "
            f"**{t('unit_type', lang)}:** {unit_type_label(str(unit['unit_type']), lang)} · "
            f"**{t('province', lang)}:** {unit['province_name']}"
        )
        marked = sample_groups(groups)
        watch = registry.get(service_metrics.WATCH_KEY)
        if watch is not None and watch.is_sample:  # the flags section below, said here too
            marked.append(WATCH_GROUP)
        if marked:
            with st.container(key="panel_sample_mark"):
                st.markdown(
                    f":orange-badge[{t('sample_banner', lang)}] "
                    + t("panel_sample_groups", lang, groups=", ".join(t(g, lang) for g in marked))
                )
        _predecessors_section(code, version, lang)
        sources: dict[str, int] = {}
        for key, rows in groups.items():
            if key in (GROUPS[0][0], shown_group):
                _group_table(key, rows, sources, lang)
                if key == GROUPS[0][0]:
                    area_note = unit_area_note(
                        code, unit["area_km2"], unit.get("area_km2_published"), lang
                    )
                    if area_note:
                        st.caption(area_note)
            else:
                title = t("panel_group_more", lang, group=t(key, lang), count=len(rows))
                with st.expander(title):
                    _group_table(key, rows, sources, lang)
        _watch_section(code, registry, periods, trend_metric, lang)
        with st.expander(t("panel_sources", lang, n=len(sources))):
            lines = [f"{_mark(n)} {source}" for source, n in sources.items()]
            st.caption("  \n".join([*lines, t("rank_note", lang)]))
        if trend_metric is not None:
            trend_chart.trend_expander(
                trend_metric,
                [
                    trend_chart.Scope(name, code=code),
                    trend_chart.Scope(str(unit["province_name"]), province_code=province),
                ],
                lang,
                key="trend_commune",
                expander_key="trend_expander",
                sample_said=bool(marked),
            )
        st.button(
            t("close", lang),
            key="close_detail",
            on_click=state.callback(state.open_province, province),
        )


def _watch_section(
    code: str,
    registry: metrics.Registry,
    periods: dict[str, str],
    trend_metric: metrics.Metric | None,
    lang: str,
) -> None:
    """The watchlist's flags of the commune in the month of the map (or the latest) and its
    flag history, open when the map shows the flags."""
    if service_metrics.WATCH_KEY not in registry or registry.store is None:
        return
    metric = registry[service_metrics.WATCH_KEY]
    # The month of the map's metric when it is one of the watchlist's (a service metric).
    shown = [p for p in periods.values() if p in metric.periods]
    period = shown[0] if shown else metric.default_period
    on_map = trend_metric is not None and trend_metric.key == metric.key
    watch_commune.flags_section(
        registry.store,
        registry.revision,
        code,
        period,
        lang,
        key="panel_watch",
        expanded=on_map,
        sample_mark=False,
    )


def _group_table(key: str, rows: list[MetricRow], sources: dict[str, int], lang: str) -> None:
    """One group's table (metric | value | rank in the province) under a caption naming the
    group and the period its metrics share; a metric of another period carries its period in
    its label, and every label its source's footnote mark (numbered in ``sources``)."""
    period = common_period(rows)
    st.caption(f"**{t(key, lang)}** · {t('period', lang)}: {human_period(period, lang)}")
    body = []
    for row in rows:
        ref = sources.setdefault(row.source, len(sources) + 1)
        label = row.label
        if row.period != period:
            label += f" ({human_period(row.period, lang)})"
        body.append((f"{label} {_mark(ref)}", row.value, row.rank))
    header = (t("metrics_table", lang), t("value", lang), t("rank", lang))
    with st.container(key=f"metric_table_{key.removeprefix('panel_group_')}"):
        st.markdown(markdown_table(header, body))


def _predecessors_section(code: str, version: str, lang: str) -> None:
    """The old units that formed the commune: name, old district and province, and how
    each went in (whole or part, in the General Statistics Office table's words)."""
    preds = data.predecessors(version, code)
    st.markdown(f"**{t('predecessors', lang)}**")
    st.caption(t("predecessors_count", lang, count=len(preds), parts=int(preds["part"].sum())))
    header = (t("old_unit", lang), t("old_district_province", lang), t("how_merged", lang))
    rows = [
        (
            unit_label(row.old_name, row.old_unit_type, lang),
            f"{province_label(row.old_district_name, lang)}, "
            f"{province_label(row.old_province_name, lang)}",
            kind_label(row.kind, lang),
        )
        for row in preds.itertuples()
    ]
    with st.container(key="predecessor_table"):
        st.markdown(markdown_table(header, rows))
