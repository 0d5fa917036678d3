"""The watch rules on the watchlist page: each threshold in force with its default and who
changed it when; for an admin a form to change them (all or nothing: a refused value names
its field and the rules in force stay as they were); the log of changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard.auth import session
from dashboard.core.formatting import human_timestamp
from dashboard.core.i18n import t
from dashboard.core.markdown_text import markdown_table
from dashboard.core.numbers import number
from loaders.messages import render
from loaders.users import Identity
from loaders.watchlist import RULES, SETTINGS, RuleRejected, change_rules
from loaders.watchlist import table as watch_table
from loaders.watchlist.rules import THRESHOLD_OF
from loaders.watchlist.settings import change_log, rules_in_force, settings_table

#: Where a save's outcome waits for the run after it (the page is recomputed first).
SAVED_KEY = "wl_rules_saved"
#: Settings that are whole numbers (the others take one decimal).
WHOLE = ("overdue_count",)
LOG_ROWS = 20


def setting_label(name: str, lang: str) -> str:
    return render(f"data.watch_setting_{name}", lang)


def _value(value: object, lang: str) -> str:
    """A setting's value: whole numbers without decimals, others with one."""
    return number(float(value), lang, 1)  # type: ignore[arg-type]


def _when(moment: object, lang: str) -> str:
    if moment is None or pd.isna(moment):
        return t("watchlist.never_changed", lang)
    return human_timestamp(pd.Timestamp(moment).isoformat(), lang)


def settings_rows(engine: Engine, lang: str) -> list[tuple[str, ...]]:
    """Per setting: label, value in force, default, who changed it, when."""
    return [
        (
            setting_label(row.setting, lang),
            _value(row.value, lang),
            _value(row.default, lang),
            str(row.changed_by) if isinstance(row.changed_by, str) else "—",
            _when(row.changed_at, lang),
        )
        for row in settings_table(engine).itertuples()
    ]


def log_rows(engine: Engine, lang: str) -> list[tuple[str, ...]]:
    """The latest changes, newest first: when, who, setting, old and new value."""
    log = change_log(engine, limit=LOG_ROWS)
    return [
        (
            _when(row.changed_at, lang),
            str(row.changed_by),
            setting_label(row.setting, lang),
            "—" if pd.isna(row.old_value) else _value(row.old_value, lang),
            _value(row.new_value, lang),
        )
        for row in log.itertuples()
    ]


def rules_section(engine: Engine, identity: Identity | None, lang: str) -> None:
    """The expander "Quy tắc theo dõi": the settings, the form (admins) and the log."""
    saved = st.session_state.pop(SAVED_KEY, None)
    with st.expander(
        t("watchlist.rules", lang), expanded=saved is not None, key="wl_rules_expander"
    ):
        if saved is not None:
            if saved:
                st.success(t("watchlist.rules_saved", lang, count=saved))
            else:
                st.info(t("watchlist.rules_unchanged", lang))
        st.caption(t("watchlist.rules_intro", lang))
        header = tuple(
            t(f"watchlist.col_{name}", lang)
            for name in ("setting", "value", "default", "changed_by", "changed_at")
        )
        with st.container(key="wl_settings_table"):
            st.markdown(markdown_table(header, settings_rows(engine, lang)))
        free = [watch_table.rule_label(rule, lang) for rule in RULES if rule not in THRESHOLD_OF]
        st.caption(t("watchlist.rules_no_threshold", lang, rules=", ".join(free)))
        if identity is not None and identity.is_admin:
            _form(engine, lang)
        else:
            st.caption(t("watchlist.rules_read_only", lang))
        st.markdown(f"**{t('watchlist.change_log', lang)}**")
        rows = log_rows(engine, lang)
        if not rows:
            st.caption(t("watchlist.change_log_empty", lang))
        else:
            header = tuple(
                t(f"watchlist.col_{name}", lang)
                for name in ("changed_at", "changed_by", "setting", "old", "new_value")
            )
            with st.container(key="wl_change_log"):
                st.markdown(markdown_table(header, rows))


def _input(name: str, current: float, lang: str) -> float:
    """The number input of setting ``name``: whole dossiers for the count; the rates and
    points as short as they are ("90", "89.5"): Streamlit's inputs write a decimal point in
    either language, so a whole threshold is not shown as "90.0"."""
    if name in WHOLE:
        return st.number_input(
            setting_label(name, lang), value=int(current), step=1, key=f"wl_set_{name}"
        )
    return st.number_input(
        setting_label(name, lang),
        value=float(current),
        step=1.0,
        format="%g",
        key=f"wl_set_{name}",
    )


def _form(engine: Engine, lang: str) -> None:
    """Number inputs with the values in force, saved together. No bounds on the inputs: the
    rules' own check refuses a value out of range, naming the field, and stores nothing."""
    rules = rules_in_force(engine)
    with st.form("wl_rules_form", border=True):
        st.markdown(f"**{t('watchlist.rules_form', lang)}**")
        values: dict[str, object] = {}
        # Two inputs a row, in order; a phone stacks each row's pair, keeping the order.
        for first in range(0, len(SETTINGS), 2):
            for column, name in zip(st.columns(2), SETTINGS[first : first + 2], strict=False):
                with column:
                    values[name] = _input(name, getattr(rules, name), lang)
        submitted = st.form_submit_button(t("watchlist.rules_save", lang), type="primary")
    if not submitted:
        return
    # The account is read again now: the form's being shown is no permission.
    identity = session.refreshed(engine)
    if identity is None or not identity.is_admin:
        st.error(t("watchlist.rules_read_only", lang))
        return
    try:
        new = change_rules(engine, values, changed_by=identity.username)
    except RuleRejected as refused:
        st.error(t("watchlist.rules_refused", lang, reason=refused.message.render(lang)))
        return
    changed = sum(float(getattr(new, n)) != float(getattr(rules, n)) for n in SETTINGS)
    st.session_state[SAVED_KEY] = changed
    st.rerun()
