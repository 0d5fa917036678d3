"""One commune's watchlist flags: those it holds in the month, with their reasons, and its
flag history month by month (newest first). Shown on the watchlist page under the table and
in the map's commune panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard.core import watchlist_cache as data
from dashboard.core.formatting import human_period
from dashboard.core.i18n import t
from dashboard.core.markdown_text import markdown_table
from loaders.watchlist import table as watch_table


def held_flags(engine: Engine, revision: str, code: str, period: str) -> tuple[pd.DataFrame, bool]:
    """The flags commune ``code`` holds in ``period`` (rows of
    :attr:`~loaders.watchlist.Watchlist.flags`, in rule order) and whether they come from
    sample data. Read from the country's watchlist cached for ``revision`` (see
    :func:`dashboard.core.watchlist_cache.revision`; the map's metric computes it)."""
    found = data.cached(engine, revision, period, None)
    held = found.held
    return held[held["code"] == code], watch_table.is_sample(found)


def history_rows(history: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """One row per month with a flag, newest first: the month (``YYYY-MM``, as the table's
    "since": one short line in a narrow panel) and its flags' names."""
    rows = []
    for period, group in history.groupby("period", sort=False):
        names = ", ".join(watch_table.rule_label(rule, lang) for rule in group["rule"])
        rows.append((str(period), names))
    return rows


def held_lines(held: pd.DataFrame, lang: str) -> list[str]:
    """ "**Flag** — reason (status, n months in a row since YYYY-MM)" per flag held."""
    lines = []
    for _, row in held.iterrows():
        status = watch_table.status_label(str(row["status"]), lang)
        streak = t("watchlist.streak", lang, count=int(row["streak"]), since=row["since"])
        lines.append(
            f"**{watch_table.rule_label(str(row['rule']), lang)}** — "
            f"{watch_table.reason(row, lang)} ({status}; {streak})"
        )
    return lines


def flags_section(
    engine: Engine,
    revision: str,
    code: str,
    period: str,
    lang: str,
    *,
    key: str,
    expanded: bool = False,
    sample_mark: bool = True,
) -> None:
    """The commune's flags in ``period`` with reasons, and its history (in an expander,
    open when ``expanded``); the sample mark when the data are sample data, unless
    ``sample_mark`` is False (the map's commune panel says it once for all its sections).
    ``key`` prefixes the elements' keys; ``revision`` is the watchlist's (the registry's)."""
    held, sample = held_flags(engine, revision, code, period)
    history = data.commune_history(engine, revision, code, period)
    with st.container(key=f"{key}_flags"):
        # Title and count on one line: the panel must stay within about 1.5 screens.
        shown = human_period(period, lang)
        status = (
            t("watchlist.panel_none", lang, period=shown)
            if held.empty
            else t("watchlist.panel_held", lang, count=len(held), period=shown)
        )
        title = f"**{t('watchlist.panel_title', lang)}** · {status}"
        if sample and sample_mark:
            title += f" :orange-badge[{t('sample_banner', lang)}]"
        st.markdown(title)
        if not held.empty:
            st.markdown("\n".join(f"- {line}" for line in held_lines(held, lang)))
        rows = history_rows(history, lang)
        label = t("watchlist.history_months", lang, count=len(rows))
        with st.expander(label, expanded=expanded, key=f"{key}_history_expander"):
            if not rows:
                st.caption(t("watchlist.history_none", lang))
            else:
                # The month on one line: "2026-09" broke at its dash in the panel's column.
                st.html(
                    f"<style>.st-key-{key}_history td:first-child{{white-space:nowrap}}</style>"
                )
                with st.container(key=f"{key}_history"):
                    header = (
                        t("watchlist.col_period", lang),
                        watch_table.column_label("rule", lang),
                    )
                    st.markdown(markdown_table(header, rows))
