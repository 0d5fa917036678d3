"""Volunteer gaps ("vùng trắng") beside the map, for the volunteer metrics.

A commune without any team in a province that reported for the period is a gap (its
``teams`` value is 0); a province that sent no team data has no data at all (NaN), which is
said in words and never counted as gaps. Values are the registered ``teams`` metric (see
:mod:`dashboard.core.service_metrics`), per commune (5-digit code) or province (2-digit code).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.core import metrics
from dashboard.core.i18n import t
from dashboard.core.markdown_text import md_escape
from dashboard.core.service_metrics import VOLUNTEER_KEYS
from dashboard.map import data

#: Most gap communes listed by name; the count is always complete.
MAX_LISTED = 40


def is_volunteer_metric(metric: metrics.Metric, registry: metrics.Registry) -> bool:
    return metric.key in VOLUNTEER_KEYS and "teams" in registry


def province_gaps(teams: pd.Series) -> tuple[list[str], bool]:
    """(codes of the gap communes, whether the province reported) from the ``teams`` values
    of one province's communes: a gap is 0 teams; all-NaN means the province did not report."""
    reported = bool(teams.notna().any())
    return sorted(teams.index[teams.eq(0)].astype(str)), reported


def gaps_section(
    version: str,
    registry: metrics.Registry,
    period: str,
    lang: str,
    province: str | None,
    names: Mapping[str, str],
) -> None:
    """The gaps of ``province`` (its communes without a team, by name), or, for the country
    (``province=None``), how many provinces reported and how many communes have no team."""
    teams_metric = registry["teams"]
    if period not in teams_metric.periods:
        period = teams_metric.default_period
    teams = data.metric_values(version, registry, "teams", "commune", period)
    st.markdown(f"**{t('gaps_title', lang)}**")
    if province is None:
        by_province = data.metric_values(version, registry, "teams", "province", period)
        st.caption(
            t(
                "gaps_country",
                lang,
                reported=int(by_province.notna().sum()),
                period=period,
                count=int(teams.eq(0).sum()),
            )
        )
        return
    codes = data.commune_table(version).query("province_code == @province").index
    gaps, reported = province_gaps(teams.reindex(codes))
    if not reported:
        st.info(t("gaps_silent", lang, period=period))
        return
    if not gaps:
        st.caption(t("gaps_none", lang, period=period))
        return
    st.caption(t("gaps_province", lang, count=len(gaps), total=len(codes), period=period))
    listed = ", ".join(md_escape(names.get(c, c)) for c in gaps[:MAX_LISTED])
    more = len(gaps) - MAX_LISTED
    with st.container(key="gap_list"):
        st.markdown(f"{t('gaps_list', lang)}: {listed}" + (f" … (+{more})" if more > 0 else ""))
