"""The table of flags: filters by rule and status, a sortable grid whose selected row opens
the commune's flag history, and the downloads (CSV, XLSX) written by
:mod:`loaders.watchlist.table`, the same files as the command line's."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core.i18n import t
from dashboard.export.widgets import file_slug
from dashboard.watchlist import view_state
from loaders.watchlist import RULES, Watchlist
from loaders.watchlist import table as watch_table
from loaders.watchlist.flags import STATUSES

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The grid's height: about 12 rows, the rest by scrolling (px).
TABLE_HEIGHT = 36 * 13
#: Columns of :func:`loaders.watchlist.table.table` the grid shows, in order (the files
#: carry them all); the long reason after the short columns, so that those stay in view.
SHOWN = ("name", "province_name", "rule", "status", "streak", "since", "reason", "code")


def file_name(wl: Watchlist, scope: str, extension: str, lang: str) -> str:
    """``danh-sach-theo-doi_cao-bang_2026-10_du-lieu-mau.csv``: what, where (the province's
    name or the country), the month and, for sample data, the sample mark; ASCII only."""
    parts = [t("watchlist.file_name", lang), file_slug(scope), wl.period]
    if watch_table.is_sample(wl):
        parts.append("du-lieu-mau" if lang == "vi" else "sample")
    return "_".join(parts) + "." + extension


def filters(lang: str) -> tuple[list[str], list[str]]:
    """The rule and status filters (keys shown; empty: all)."""
    rule_col, status_col = st.columns(2)
    with rule_col:
        rules = st.multiselect(
            t("watchlist.filter_rule", lang),
            options=list(RULES),
            format_func=lambda rule: watch_table.rule_label(rule, lang),
            key=view_state.RULES,
            placeholder=t("watchlist.filter_all", lang),
        )
    with status_col:
        statuses = st.multiselect(
            t("watchlist.filter_status", lang),
            options=list(STATUSES),
            format_func=lambda status: watch_table.status_label(status, lang),
            key=view_state.STATUSES,
            placeholder=t("watchlist.filter_all", lang),
        )
    return rules, statuses


def filtered(wl: Watchlist, rules: list[str], statuses: list[str]) -> pd.Series:
    """A mask over ``wl.flags``: the rows of the chosen rules and statuses (empty: all)."""
    flags = wl.flags
    mask = pd.Series(True, index=flags.index)
    if rules:
        mask &= flags["rule"].isin(rules)
    if statuses:
        mask &= flags["status"].isin(statuses)
    return mask


def flags_table(wl: Watchlist, scope: str, lang: str) -> str | None:
    """Filters, the grid and the downloads; returns the code of the commune whose row is
    selected (None when none is)."""
    rules, statuses = filters(lang)
    if wl.flags.empty:
        st.info(t("watchlist.none", lang))
        return None
    full = watch_table.table(wl, lang)
    mask = filtered(wl, rules, statuses)
    shown_columns = [watch_table.column_label(column, lang) for column in SHOWN]
    if wl.province is not None:  # one province: its name on every row says nothing
        shown_columns.remove(watch_table.column_label("province_name", lang))
    frame = full.loc[mask.to_numpy(), shown_columns].reset_index(drop=True)
    code = None
    if frame.empty:
        st.info(t("watchlist.none_filtered", lang))
    else:
        st.caption(t("watchlist.shown", lang, n=len(frame), total=len(full)))
        # A new key for each scope, month and filter: a selection never points at the row
        # of another table.
        key = "wl_table_" + "_".join([wl.province or "vn", wl.period, *rules, "|", *statuses])
        event = st.dataframe(
            frame,
            hide_index=True,
            height=min(TABLE_HEIGHT, 36 * (len(frame) + 1) + 3),
            key=key,
            on_select="rerun",
            selection_mode="single-row",
            column_config=_column_config(lang),
        )
        rows = event.selection.rows if event is not None else []
        if rows:
            code = str(frame.iloc[rows[0]][watch_table.column_label("code", lang)])
    _downloads(wl, scope, lang)
    return code


def _column_config(lang: str) -> dict[str, object]:
    label = watch_table.column_label
    return {
        label("name", lang): st.column_config.TextColumn(width="medium"),
        label("province_name", lang): st.column_config.TextColumn(width="medium"),
        label("rule", lang): st.column_config.TextColumn(width="medium"),
        label("reason", lang): st.column_config.TextColumn(width="large"),
        label("status", lang): st.column_config.TextColumn(width="small"),
        label("streak", lang): st.column_config.NumberColumn(width=132, format="%d"),
        label("since", lang): st.column_config.TextColumn(width="small"),
        label("code", lang): st.column_config.TextColumn(width="small"),
    }


def _downloads(wl: Watchlist, scope: str, lang: str) -> None:
    with st.container(horizontal=True, gap="small", key="wl_downloads"):
        for extension, mime, make in (
            ("csv", CSV_MIME, watch_table.csv_bytes),
            ("xlsx", XLSX_MIME, watch_table.xlsx_bytes),
        ):
            st.download_button(
                t(f"watchlist.download_{extension}", lang),
                # Made when clicked, not on every run.
                data=lambda make=make: make(wl, lang),
                file_name=file_name(wl, scope, extension, lang),
                mime=mime,
                on_click="ignore",
                key=f"wl_{extension}",
                icon=":material/download:",
            )
    st.caption(t("watchlist.download_note", lang))
