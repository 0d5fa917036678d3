"""The watchlist's summary: how many communes each rule flags (new, persisting, resolved)
and, on the country view, the flagged communes of each province, a row of which opens it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.core.formatting import human_period
from dashboard.core.i18n import t
from dashboard.core.markdown_text import markdown_table
from dashboard.core.numbers import count, number, percent
from loaders.watchlist import Watchlist
from loaders.watchlist import table as watch_table
from loaders.watchlist.rules import THRESHOLD_OF

#: The page's Markdown tables, tighter than Streamlit's: the per-rule table reads on one
#: line per rule at 1280 px and scrolls sideways on a phone rather than squeezing its words.
_CSS = (
    "<style>"
    ".st-key-wl_rule_counts table,.st-key-wl_settings_table table,.st-key-wl_change_log table,"
    "[class*='st-key-'][class*='_history'] table"
    "{font-size:0.875rem;line-height:1.35}"
    ".st-key-wl_rule_counts th,.st-key-wl_rule_counts td,"
    ".st-key-wl_settings_table th,.st-key-wl_settings_table td,"
    ".st-key-wl_change_log th,.st-key-wl_change_log td"
    "{padding:0.25rem 0.5rem}"
    # A phone's 390 px cannot hold six columns: the table scrolls sideways in its box.
    ".st-key-wl_rule_counts,.st-key-wl_settings_table,.st-key-wl_change_log{overflow-x:auto}"
    "</style>"
)


def compact_tables() -> None:
    """The style of the page's tables (a style only: takes no room)."""
    st.html(_CSS)


def headline(wl: Watchlist, scope: str, lang: str) -> str:
    """ "Cao Bằng, tháng 10/2026: **17** / 56 xã, phường có cảnh báo (18 cảnh báo; …)"."""
    held = wl.held
    params = {
        "scope": scope,
        "period": human_period(wl.period, lang),
        "flagged": count(held["code"].nunique(), lang),
        "units": count(wl.n_units, lang),
        "flags": count(len(held), lang),
    }
    if wl.previous is None:
        return t("watchlist.headline_first", lang, **params)
    return t("watchlist.headline", lang, previous=human_period(wl.previous, lang), **params)


def threshold_text(wl: Watchlist, rule: str, lang: str) -> str:
    """The setting of ``rule`` in force, with its unit ("90 %", "50 hồ sơ"), or "—"."""
    setting = THRESHOLD_OF.get(rule)
    if setting is None:
        return "—"
    value = float(getattr(wl.rules, setting))
    if setting in ("on_time_floor", "online_target"):
        return percent(value, lang, 1)
    text = number(value, lang, 1)
    if setting == "on_time_drop":
        return t("watchlist.points", lang, value=text)
    if setting == "overdue_count":
        return t("watchlist.dossiers", lang, value=text)
    return f"{text}/100"


def rules_table(wl: Watchlist, lang: str) -> None:
    """The per-rule counts as a compact table."""
    counts = wl.counts_by_rule()
    header = tuple(
        t(key, lang)
        for key in (
            "watchlist.col_rule",
            "watchlist.col_threshold",
            "watchlist.col_held",
            "watchlist.col_new",
            "watchlist.col_persisting",
            "watchlist.col_resolved",
        )
    )
    rows = [
        (
            watch_table.rule_label(rule, lang),
            threshold_text(wl, rule, lang),
            *(count(int(counts.loc[rule, column]), lang) for column in counts.columns),
        )
        for rule in counts.index
    ]
    st.markdown(f"**{t('watchlist.by_rule', lang)}**")
    with st.container(key="wl_rule_counts"):
        st.markdown(markdown_table(header, rows))


def province_frame(wl: Watchlist, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Per province (rows by code): code, name, communes flagged, communes, share (%) and
    flags held, with headers in ``lang``; numbers stay numbers (the grid sorts them)."""
    counts = wl.counts_by_province()
    frame = pd.DataFrame(
        {
            t("watchlist.col_code", lang): counts.index.astype(str),
            t("watchlist.col_province", lang): [names.get(c, c) for c in counts.index],
            t("watchlist.col_flagged", lang): counts["n_flagged"].to_numpy(),
            t("watchlist.col_units", lang): counts["n_units"].to_numpy(),
            t("watchlist.col_share", lang): (100 * counts["n_flagged"] / counts["n_units"])
            .round(1)
            .to_numpy(),
            t("watchlist.col_flags", lang): counts["n_flags"].to_numpy(),
        }
    )
    return frame.reset_index(drop=True)


def province_table(
    wl: Watchlist, names: dict[str, str], lang: str, key: str, open_province: Callable[[str], None]
) -> None:
    """The 34 provinces with their flagged communes; selecting a row calls
    ``open_province`` with its code."""
    frame = province_frame(wl, names, lang)
    code_column = t("watchlist.col_code", lang)

    def selected() -> None:
        rows = st.session_state[key].selection.rows
        if rows:
            open_province(str(frame.iloc[rows[0]][code_column]))

    st.markdown(f"**{t('watchlist.by_province', lang)}**")
    st.caption(t("watchlist.by_province_hint", lang))
    share = t("watchlist.col_share", lang)
    st.dataframe(
        # The share written the language's way (vi 17,5), still sorted by its value.
        frame.style.format({share: lambda value: number(value, lang, 1)}),
        hide_index=True,
        key=key,
        on_select=selected,
        selection_mode="single-row",
        height=36 * 9 + 3,
        column_config={
            code_column: st.column_config.TextColumn(width=48),
            share: st.column_config.Column(width="small"),
        },
    )
