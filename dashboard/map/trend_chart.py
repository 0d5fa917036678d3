"""Trend of the selected metric over every stored period, as a Vega-Lite line chart.

Used in the commune detail panel (the commune against its province), in the province side
panel (the province against the whole country) and, on request only, for the country. The
values come from :func:`loaders.metrics.store.trend` (rates recomputed from summed counts per
period, never averaged); periods are months ``YYYY-MM``. Only store metrics (service and
volunteer metrics, keys of :data:`loaders.metrics.derive.METRIC_INFO`) have a trend; the unit
attributes of :mod:`dashboard.core.metrics` (area, former units) have one period and no chart.

Counts are drawn for the unit in view only: a province's total dwarfs a commune's count on a
shared axis. Rates and scores are drawn against the larger scope. Charts with sample data
carry "DỮ LIỆU MẪU / SAMPLE DATA" in their subtitle and caption.

The chart is built with Altair (:func:`trend_chart`, pure) and drawn with
``st.altair_chart``; the first chart makes the browser load Streamlit's Vega-Lite script,
which is why the country view draws none unless asked (see :func:`country_trend_toggle`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.core import metrics
from dashboard.core.formatting import coverage_text
from dashboard.core.i18n import t
from dashboard.core.numbers import count, vega_locale, with_unit
from loaders.metrics import derive, store
from loaders.metrics.derive import is_incomplete

#: Okabe–Ito blue and orange (colour-blind safe); the second line is also dashed, so the
#: two stay apart in grayscale print.
COLORS = ("#0072B2", "#E69F00")
DASHES = ((1, 0), (5, 3))
CHART_HEIGHT = 220  # the plot (px)
ELEMENT_HEIGHT = 410  # the whole chart element: plot, title, axis labels and legend (px)


@dataclass(frozen=True)
class Scope:
    """One line of a trend chart: a unit (``code``, 5 digits), a province
    (``province_code``, 2 digits) or the country (neither), with its display name."""

    name: str
    code: str | None = None
    province_code: str | None = None


def has_trend(metric: metrics.Metric) -> bool:
    """True for a store metric (service or volunteer) with more than one period."""
    return metric.key in derive.METRIC_INFO and len(metric.periods) > 1


def compares_scopes(metric: metrics.Metric) -> bool:
    """Rates and scores compare across scopes on one axis; counts do not."""
    return derive.METRIC_INFO[metric.key].kind != "count"


@st.cache_data(show_spinner=False, max_entries=256)
def trend_values(
    key: str, code: str | None, province_code: str | None, revision: str
) -> pd.DataFrame:
    """``store.trend`` for a unit, a province or the country, cached per ``revision`` of the
    store (the metric's): an import by another server or by the command line shows at the
    next run. Columns ``period``, ``value``, ``n_reported``, ``is_sample``."""
    return store.trend(store.get_engine(), key, code=code, province_code=province_code)


def trend_frame(
    lines: Sequence[tuple[str, pd.DataFrame]], decimals: int, unit: str, lang: str
) -> pd.DataFrame:
    """Long table for the chart: ``period``, ``value``, ``scope`` (line name), ``shown``
    (formatted value with unit, for the tooltip), ``n_reported``, ``coverage`` ("3/56 xã,
    phường có số liệu" per period, from ``n_reported`` and ``n_units``), ``partial`` (the
    period's value rests on fewer than all communes of its scope) and ``is_sample``.
    Periods without a value are kept with a missing value: the chart breaks its line there
    (a gap, never a 0, and never a straight segment across the missing month)."""
    parts = []
    for name, frame in lines:
        if frame.empty:
            continue
        part = frame.assign(scope=name)
        part["shown"] = [with_unit(v, unit, lang, decimals) for v in part["value"]]
        totals = part["n_units"] if "n_units" in part else part["n_reported"]
        part["coverage"] = [
            coverage_text(int(n), int(m), lang)
            for n, m in zip(part["n_reported"], totals, strict=True)
        ]
        part["partial"] = [
            is_incomplete(n, m) for n, m in zip(part["n_reported"], totals, strict=True)
        ]
        parts.append(part)
    if not parts:
        return pd.DataFrame(
            columns=["period", "value", "scope", "shown", "n_reported", "coverage", "partial"]
        )
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"period": "string", "scope": "string"}).reset_index(drop=True)


def trend_chart(
    frame: pd.DataFrame,
    title: str,
    unit: str,
    lang: str,
    is_sample: bool,
    scopes: Sequence[str],
    decimals: int = 1,
):
    """An Altair line chart of ``frame`` (see :func:`trend_frame`): one line per scope in
    ``scopes`` order, periods on x, the metric (in ``unit``) on y, the sample label in the
    subtitle when ``is_sample``. Axis numbers use the marks of ``lang`` (1.234,5 in
    Vietnamese); a whole-number metric (``decimals`` 0) gets whole-number ticks only."""
    import altair as alt  # only when a chart is drawn

    subtitle = [t("sample_banner", lang)] if is_sample else []
    color = alt.Color(
        "scope:N",
        title=t("trend_series", lang),
        scale=alt.Scale(domain=list(scopes), range=list(COLORS[: len(scopes)])),
        # One entry a line: two long unit names side by side overflow a narrow panel.
        legend=alt.Legend(orient="bottom", labelLimit=260, columns=1),
    )
    dash = alt.StrokeDash(
        "scope:N",
        scale=alt.Scale(domain=list(scopes), range=[list(d) for d in DASHES[: len(scopes)]]),
        legend=None,
    )
    # ",d" and a step of at least 1: a count axis reads 51, 52, never 51.0, 51.5, 52.0.
    y_axis = alt.Axis(format=",d", tickMinStep=1) if decimals == 0 else alt.Axis(format=",~f")
    return (
        alt.Chart(
            frame,
            title=alt.TitleParams(
                title, subtitle=subtitle, subtitleColor="#b00020", anchor="start", fontSize=13
            ),
            height=CHART_HEIGHT,
        )
        # Break the line at a missing period instead of joining its neighbours.
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("period:O", title=t("trend_period", lang), sort="ascending"),
            y=alt.Y("value:Q", title=unit or None, scale=alt.Scale(zero=False), axis=y_axis),
            color=color,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("scope:N", title=t("trend_series", lang)),
                alt.Tooltip("period:O", title=t("period", lang)),
                alt.Tooltip("shown:N", title=t("value", lang)),
                alt.Tooltip("coverage:N", title=t("trend_coverage", lang)),
            ],
        )
        .configure(locale=vega_locale(lang))
    )


def trend_section(
    metric: metrics.Metric,
    scopes: Sequence[Scope],
    lang: str,
    key: str,
    sample_said: bool = False,
    heading: bool = True,
) -> None:
    """Heading, chart and caption for ``metric`` over its periods.

    ``scopes``: the unit in view first, then the larger scope it is compared with (dropped
    for counts). Metrics without periods get a one-line note instead of a chart.
    ``sample_said``: the panel around the chart already carries the sample-data mark, so the
    caption does not repeat it (the chart keeps it in its subtitle: it can be saved alone).
    ``heading=False`` when the caller titles the section (an expander's label).
    """
    if heading:
        st.markdown(f"**{t('trend_title', lang)}**")
    if not has_trend(metric):
        st.caption(t("trend_none", lang))
        return
    shown = list(scopes if compares_scopes(metric) else scopes[:1])
    lines = [
        (s.name, trend_values(metric.key, s.code, s.province_code, metric.revision)) for s in shown
    ]
    frame = trend_frame(lines, metric.decimals, metric.unit(lang), lang)
    if frame.empty:
        st.caption(t("trend_empty", lang))
        return
    is_sample = bool(frame["is_sample"].any()) or metric.is_sample
    title = (
        f"{metric.label(lang)} ({metric.unit(lang)})" if metric.unit(lang) else metric.label(lang)
    )
    names = [s.name for s in shown if s.name in set(frame["scope"])]
    with st.container(key=key):
        # An explicit element height: with "content" (the default) Streamlit 1.67 squeezed the
        # plot to nothing once the title, subtitle and bottom legend took their room.
        st.altair_chart(
            trend_chart(frame, title, metric.unit(lang), lang, is_sample, names, metric.decimals),
            height=ELEMENT_HEIGHT,
        )
    notes = []
    if is_sample and not sample_said:
        notes.append(f"**{t('sample_banner', lang)}**")
    notes.append(f"{t('source', lang)}: {metric.source(lang)}")
    partial = partial_periods(frame, lang)
    if partial:
        notes.append(t("trend_partial_periods", lang, periods=partial))
    if len(shown) < len(scopes):
        notes.append(t("trend_counts_note", lang))
    st.caption(" — ".join(notes))


def partial_periods(frame: pd.DataFrame, lang: str) -> str:
    """The periods whose value rests on fewer than all communes of its scope, by scope, with
    how many communes had data: "Cao Bằng: 2025-07 (53/56), 2026-10 (3/56)"; "" when there is
    none. (What the counts are is said once, in the sentence around them.)"""
    if frame.empty or "partial" not in frame:
        return ""
    rows = frame[frame["partial"].astype(bool)]
    totals = rows["n_units"] if "n_units" in rows else rows["n_reported"]
    by_scope: dict[str, list[str]] = {}
    for period, scope, n, total in zip(
        rows["period"], rows["scope"], rows["n_reported"], totals, strict=True
    ):
        share = f"{count(int(n), lang)}/{count(int(total), lang)}"
        by_scope.setdefault(str(scope), []).append(f"{period} ({share})")
    return "; ".join(f"{scope}: {', '.join(items)}" for scope, items in by_scope.items())


def trend_expander(
    metric: metrics.Metric,
    scopes: Sequence[Scope],
    lang: str,
    *,
    key: str,
    expander_key: str,
    sample_said: bool = False,
) -> None:
    """:func:`trend_section` in an expander titled with the metric, drawn only while the
    expander is open. Tracked (a rerun when opened or closed): a chart in a closed expander
    still loads and sets up its Vega view in the browser, about 0.1 s that held back the map
    of a province opened from the country map and the panel of a clicked commune."""
    title = f"{t('trend_title', lang)}: {metric.label(lang)}"
    expander = st.expander(title, key=expander_key, on_change="rerun")
    if not expander.open:
        return
    with expander:
        trend_section(metric, scopes, lang, key=key, sample_said=sample_said, heading=False)


def country_trend_toggle(metric: metrics.Metric, lang: str) -> None:
    """The country's trend, drawn only when the user asks (a toggle, off by default): the
    country view is the app's first screen and must stay free of chart scripts."""
    if not has_trend(metric):
        return
    if st.toggle(t("trend_country_toggle", lang), key="country_trend"):
        trend_section(metric, [Scope(t("country", lang))], lang, key="trend_country")
