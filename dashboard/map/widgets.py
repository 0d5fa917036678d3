"""Streamlit widgets of the map page: map options (sidebar), breadcrumbs, sample-data
banner, coverage warning, ranking (a commune's panel is in :mod:`dashboard.map.unit_panel`,
the full table of the units in view in :mod:`dashboard.map.unit_table`). (The legend is
drawn on the map itself: see :mod:`dashboard.map.map_builder`.)

Widgets read and write ``st.session_state`` through their keys (see :mod:`dashboard.core.state`);
callbacks only write state, the page does the work on the next run.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import metrics, service_metrics, state
from dashboard.core.area_notes import province_area_note
from dashboard.core.classify import MAX_CLASSES, MIN_CLASSES, PALETTES, SCHEMES
from dashboard.core.formatting import coverage_text, human_period
from dashboard.core.i18n import t
from dashboard.core.markdown_text import markdown_table, md_escape
from dashboard.core.numbers import count, with_unit
from dashboard.map.map_builder import category_name

# --- Sidebar ----------------------------------------------------------------------------------


def _reset_period(registry: metrics.Registry) -> None:
    metric = registry[str(st.session_state.get("metric", metrics.default_metric(registry)))]
    st.session_state["period"] = metric.default_period


def normalise_map_controls(session, registry: metrics.Registry) -> None:
    """Give every map option a valid value in the session state, without drawing anything.

    The router calls this before the map page runs and draws the widgets
    (:func:`map_controls`) after it, so that the map's message reaches the browser first.
    """
    if session.get("metric") not in registry:
        session["metric"] = metrics.default_metric(registry)
    metric = registry[str(session["metric"])]
    if session.get("period") not in metric.periods:
        session["period"] = metric.default_period
    if session.get("scheme") not in SCHEMES:
        session["scheme"] = state.DEFAULT_SCHEME
    if session["scheme"] == "manual":
        session.setdefault("manual_breaks", "")
    k = session.get("k")
    if not isinstance(k, int) or not MIN_CLASSES <= k <= MAX_CLASSES:
        session["k"] = state.DEFAULT_K
    if session.get("palette") not in [state.PALETTE_AUTO, *PALETTES]:
        session["palette"] = state.PALETTE_AUTO
    for flag in ("local_breaks", "all_communes", "basemap", "reported"):
        session.setdefault(flag, False)


def map_controls(lang: str, view: state.ViewState, registry: metrics.Registry) -> None:
    """Metric, period, classification, classes, palette and break options (sidebar)."""
    ss = st.session_state
    normalise_map_controls(ss, registry)
    side = st.sidebar
    side.subheader(t("controls", lang))
    side.selectbox(
        t("metric", lang),
        options=list(registry),
        format_func=lambda key: registry[key].label(lang),
        key="metric",
        on_change=_reset_period,
        args=(registry,),
    )
    metric = registry[str(ss["metric"])]
    side.selectbox(
        t("period", lang),
        options=list(metric.periods),
        format_func=lambda period: human_period(period, lang),
        key="period",
        disabled=len(metric.periods) == 1,
    )
    # Categories get one colour each: breaks, classes and palettes do not apply.
    categorical = metric.is_categorical
    if categorical:
        side.caption(t("categorical_controls", lang))
    side.selectbox(
        t("scheme", lang),
        options=list(SCHEMES),
        format_func=lambda s: t(f"scheme_{s}", lang),
        key="scheme",
        disabled=categorical,
    )
    if ss["scheme"] == "manual" and not categorical:
        side.text_input(
            t("manual_breaks", lang), key="manual_breaks", help=t("manual_breaks_help", lang)
        )
    side.slider(
        t("k", lang),
        MIN_CLASSES,
        MAX_CLASSES,
        key="k",
        disabled=ss["scheme"] == "manual" or categorical,
    )
    side.selectbox(
        t("palette", lang),
        options=[state.PALETTE_AUTO, *PALETTES],
        key="palette",
        format_func=lambda p: _palette_label(p, lang),
        disabled=categorical,
    )
    side.toggle(
        t("local_breaks", lang),
        key="local_breaks",
        help=t("local_breaks_help", lang),
        disabled=view.province is None or categorical,
    )
    side.toggle(t("all_communes", lang), key="all_communes", disabled=view.province is not None)
    side.toggle(t("basemap", lang), key="basemap")
    side.toggle(t("reported_toggle", lang), key="reported", help=t("reported_toggle_help", lang))


def _palette_label(palette: str, lang: str) -> str:
    if palette == state.PALETTE_AUTO:
        return t("palette_auto", lang)
    return f"{palette} ({t('palette_' + PALETTES[palette][1], lang)})"


# --- Breadcrumbs --------------------------------------------------------------------------------


def breadcrumbs(
    view: state.ViewState, province_name: str | None, commune_name: str | None, lang: str
) -> None:
    """Việt Nam › Tỉnh … › Xã …: each level above the current one is a button back up."""
    crumbs: list[tuple[str, object]] = [(t("country", lang), state.open_country)]
    if view.province and province_name:
        crumbs.append((province_name, lambda s, p=view.province: state.open_province(s, p)))
    if view.commune and commune_name:
        crumbs.append((commune_name, None))
    with st.container(horizontal=True, gap="small", key="breadcrumbs"):
        for i, (label, action) in enumerate(crumbs):
            last = i == len(crumbs) - 1
            st.button(
                ("› " if i else "") + label,
                key=f"crumb_{i}",
                on_click=None if last else state.callback(action),
                disabled=last,
                type="tertiary",
            )


# --- Banners ----------------------------------------------------------------------------------


def sample_banner(metric: metrics.Metric, lang: str) -> None:
    if metric.is_sample:
        st.warning(f"**{t('sample_banner', lang)}** — {t('sample_explain', lang)}")


#: Longest URL text quoted back in a message: a pasted paragraph must not fill the page.
_URL_TEXT_MAX = 40


def url_notices(
    dropped: tuple[state.Rejected, ...],
    view: state.ViewState,
    registry: metrics.Registry,
    province_name: str | None,
    lang: str,
) -> None:
    """One warning per value of the link that names nothing known, saying what is shown
    instead. The URL's text is untrusted: escaped, so it can never become a link or markup."""
    for item in dropped:
        given = item.given
        if len(given) > _URL_TEXT_MAX:
            given = given[: _URL_TEXT_MAX - 1] + "…"
        given = md_escape(given)
        if item.param == "metric":
            shown = md_escape(registry[view.metric].label(lang))
            text = t("url_bad_metric", lang, given=given, shown=shown)
        elif item.param == "page":
            text = t("url_bad_page", lang, given=given, shown=md_escape(t("page_map", lang)))
        elif item.param == "period":
            text = t(
                "url_bad_period",
                lang,
                given=given,
                metric=md_escape(registry[view.metric].label(lang)),
                shown=md_escape(view.metric_period(registry)),
            )
        else:  # province or commune: the province shown (a valid one), else the country
            place = (
                t("url_shown_unit", lang, name=md_escape(province_name))
                if view.province and province_name
                else t("url_shown_country", lang)
            )
            text = t(f"url_bad_{item.param}", lang, given=given, shown=place)
        st.warning(text, icon=":material/link_off:")


# --- Side panel -------------------------------------------------------------------------------


def coverage_section(
    coverage_frame: pd.DataFrame | None, province: str | None, period: str, lang: str
) -> None:
    """Draw :func:`~dashboard.core.service_metrics.coverage_lines` in the side panel (a
    warning box: a value from part of the communes must not be read as the whole)."""
    lines = service_metrics.coverage_lines(coverage_frame, province, period, lang)
    if lines:
        st.warning("  \n".join(lines), icon="⚠️")


def province_area_caption(row: pd.Series, lang: str) -> None:
    """Under a province's summary: its measured area and the sum of its communes' published
    areas (km²), when they differ by more than 5 % (see :mod:`dashboard.core.area_notes`)."""
    note = province_area_note(row["area_km2"], row.get("area_km2_published"), lang)
    if note:
        st.caption(note)


def ranking(
    values: pd.Series,
    names: dict[str, str],
    metric: metrics.Metric,
    lang: str,
    n: int = 5,
    coverage: pd.DataFrame | None = None,
) -> None:
    """Highest and lowest units for the metric (units without data left out); for a
    categorical metric, the number of units of each category instead.

    ``coverage`` (by province code: ``n_with_data``, ``n_units``) marks a value computed from
    fewer than all of a province's communes with "3/56 xã, phường có số liệu", as the map's
    tooltip does: such a value must not be ranked as if it were the whole province's.
    """
    if metric.is_categorical:
        category_counts(values, metric, lang)
        return
    known = values.dropna().sort_values(ascending=False)
    if known.empty:
        return

    def rows(part: pd.Series) -> list[tuple[str, str]]:
        return [
            (
                names.get(c, c),
                with_unit(v, metric.unit(lang), lang, metric.decimals) + _coverage_of(c),
            )
            for c, v in part.items()
        ]

    def _coverage_of(code: str) -> str:
        if coverage is None or code not in coverage.index:
            return ""
        row = coverage.loc[code]
        n_with, total = int(row["n_with_data"]), int(row["n_units"])
        return f" ({coverage_text(n_with, total, lang)})" if n_with < total else ""

    header = (t("unit_name", lang), t("value", lang))
    with st.container(key="ranking_top"):
        st.caption(t("ranking_top", lang))
        st.markdown(markdown_table(header, rows(known.head(n))))
    with st.container(key="ranking_bottom"):
        st.caption(t("ranking_bottom", lang))
        st.markdown(markdown_table(header, rows(known.tail(n).iloc[::-1])))


def category_counts(values: pd.Series, metric: metrics.Metric, lang: str) -> None:
    """Units per category of a categorical metric (values are category codes; the level is
    told by the codes: 2-digit province codes or commune codes)."""
    level = "province" if all(len(str(c)) == 2 for c in values.index) else "commune"
    labels = metric.category_labels(level, lang)
    counts = values.value_counts()
    rows = [(label, count(int(counts.get(float(i), 0)), lang)) for i, label in enumerate(labels)]
    missing = int(values.isna().sum())
    if missing:
        rows.append((t("no_data", lang), count(missing, lang)))
    with st.container(key="category_counts"):
        st.caption(t("category_counts", lang))
        st.markdown(markdown_table((metric.label(lang), t("value", lang)), rows))


def metric_text(metric: metrics.Metric, value: float | None, level: str, lang: str) -> str:
    """A metric value as shown in tables: with its unit, or its category's name."""
    if metric.is_categorical:
        return category_name(value, metric.category_labels(level, lang), lang)
    return with_unit(value, metric.unit(lang), lang, metric.decimals)


# --- First run ----------------------------------------------------------------------------------
