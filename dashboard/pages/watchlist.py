"""Page: the leaders' watchlist, which communes the watch rules flag, why and since when.

Country (default) → province, for a stored month (the latest by default); the view is in the
URL (``/watchlist?province=04&period=2026-10``). A summary per rule and, on the country view,
per province (a row opens the province); the flags in a sortable, filterable table with
their reasons, status and months in a row, downloadable as CSV and XLSX (the command line's
files); a selected commune's flag history and a button that opens it on the map; the watch
rules, which an admin may change. Sample data say so on the page and in the files.
"""

from __future__ import annotations

import streamlit as st

from dashboard.auth import session
from dashboard.core import service_metrics, state
from dashboard.core import watchlist_cache as watch_data
from dashboard.core.formatting import human_period
from dashboard.core.i18n import t, unit_label
from dashboard.map import data as map_data
from dashboard.watchlist import commune, rules_form, summary, table_view, view_state
from loaders.watchlist import WatchlistError
from loaders.watchlist import table as watch_table
from loaders.watchlist.flags import stored_periods

MAP_PAGE = "dashboard/pages/map_view.py"
_URL_READ = "_wl_url_read"
_URL_DROPPED = "_wl_url_dropped"
#: Changes with every drill-in: the province table's key, so its selection starts empty.
_PROVINCE_TABLE_ROUND = "_wl_province_table_round"


def _restore_view(provinces: set[str], periods: list[str]) -> None:
    """On the page's first run in a session, the view the URL asks for (and the values it
    gave that name nothing known, said once); later, the session's view, with a month the
    data no longer have replaced by the latest."""
    ss = st.session_state
    if not ss.get(_URL_READ):
        ss[_URL_READ] = True
        values, dropped = view_state.from_query(st.query_params.to_dict(), provinces, periods)
        ss.update(values)
        ss[_URL_DROPPED] = (dropped, values) if dropped else None
    if ss.get(view_state.PROVINCE) not in (view_state.COUNTRY, *provinces):
        ss[view_state.PROVINCE] = view_state.COUNTRY
    if ss.get(view_state.PERIOD) not in periods:
        ss[view_state.PERIOD] = periods[-1]


def _url_notices(lang: str) -> None:
    """What the link asked for that the data do not have, while the view is still the one it
    opened; once the user has moved on, never again."""
    notices = st.session_state.get(_URL_DROPPED)
    if not notices:
        return
    dropped, opened = notices
    if any(st.session_state.get(key) != value for key, value in opened.items()):
        st.session_state[_URL_DROPPED] = None
        return
    for message in dropped:
        st.warning(
            t("watchlist.bad_link", lang, reason=message.render(lang)), icon=":material/link_off:"
        )


def _open_province(code: str) -> None:
    st.session_state[view_state.PROVINCE] = code
    st.session_state[_PROVINCE_TABLE_ROUND] = st.session_state.get(_PROVINCE_TABLE_ROUND, 0) + 1


def _scope_controls(names: dict[str, str], periods: list[str], lang: str) -> None:
    province_col, period_col = st.columns([3, 2])
    with province_col:
        st.selectbox(
            t("watchlist.scope", lang),
            options=[view_state.COUNTRY, *sorted(names)],
            format_func=lambda code: (
                f"{code} · {names[code]}" if code else t("watchlist.country", lang)
            ),
            key=view_state.PROVINCE,
        )
    with period_col:
        st.selectbox(
            t("watchlist.period", lang),
            options=list(reversed(periods)),  # newest first
            format_func=lambda period: human_period(period, lang),
            key=view_state.PERIOD,
        )


def _open_on_map(code: str, province: str, period: str) -> None:
    """The map page on commune ``code``, coloured by the watchlist's flags of ``period``."""
    ss = st.session_state
    state.open_commune(ss, code, province)
    ss["metric"] = service_metrics.WATCH_KEY
    ss["period"] = period
    st.switch_page(MAP_PAGE)


def _selected_commune(engine, revision: str, code: str, wl, lang: str) -> None:
    """The commune chosen in the table: its flags and history, and the way to the map."""
    units = map_data.commune_table(map_data.version())
    if code not in units.index:
        return
    unit = units.loc[code]
    name = (
        unit_label(str(unit["name"]), str(unit["unit_type"]), lang)
        if lang == "en"
        else str(unit["full_name"])
    )
    province = str(unit["province_code"])
    with st.container(border=True, key="wl_commune"):
        st.subheader(t("watchlist.commune_title", lang, name=f"{name} ({code})"))
        st.caption(map_data.province_names(map_data.version(), lang).get(province, province))
        commune.flags_section(
            engine, revision, code, wl.period, lang, key="wl_commune", expanded=True
        )
        if st.button(
            t("watchlist.open_on_map", lang),
            key="wl_open_map",
            icon=":material/map:",
            type="primary",
        ):
            _open_on_map(code, province, wl.period)


def main() -> None:
    lang = str(st.session_state.get("lang", "vi"))
    lang = lang if lang in ("vi", "en") else "vi"
    engine = service_metrics.default_engine()
    identity = session.refreshed(engine)
    st.title(t("watchlist.title", lang))
    st.caption(t("watchlist.intro", lang))
    periods = stored_periods(engine)
    if not periods:
        st.info(t("data.watch_no_periods", lang))
        rules_form.rules_section(engine, identity, lang)
        return
    version = map_data.version()
    names = map_data.province_names(version, lang)
    _restore_view(set(names), periods)
    _scope_controls(names, periods, lang)
    _url_notices(lang)
    province = st.session_state[view_state.PROVINCE] or None
    period = st.session_state[view_state.PERIOD]
    # Read once per run, for the watchlist and the selected commune's history alike.
    revision = watch_data.revision(engine)
    try:
        wl = watch_data.cached(engine, revision, period, province)
    except WatchlistError as error:  # a month or province gone since the page was drawn
        st.error(error.message.render(lang))
        return
    scope = names[province] if province else t("country", lang)
    if watch_table.is_sample(wl):
        key = "watchlist.sample" if wl.data_kind == "sample" else "watchlist.mixed"
        st.warning(f"**{t('sample_banner', lang)}** — {t(key, lang)}", icon=":material/science:")
    st.markdown(summary.headline(wl, scope, lang))
    summary.compact_tables()
    summary.rules_table(wl, lang)
    if province is None:
        round_ = st.session_state.get(_PROVINCE_TABLE_ROUND, 0)
        summary.province_table(
            wl, names, lang, key=f"wl_provinces_{round_}", open_province=_open_province
        )
    st.subheader(t("watchlist.flags", lang))
    code = table_view.flags_table(wl, scope, lang)
    if code is not None:
        _selected_commune(engine, revision, code, wl, lang)
    rules_form.rules_section(engine, identity, lang)
    wanted = view_state.to_query(st.session_state, lang)
    if {key: st.query_params[key] for key in st.query_params} != wanted:
        st.query_params.clear()
        st.query_params.update(wanted)


main()
