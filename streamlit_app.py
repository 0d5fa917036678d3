"""Entry point and router of the dashboard: ``streamlit run streamlit_app.py``.

Thin on purpose: prepare offline assets and data once (:mod:`dashboard.core.startup`),
restore the view from the URL, draw the shared sidebar (language, sign-in; map options on the
map page), then run the chosen page (or only the sign-in form, when the operator allows no
anonymous viewing: :mod:`dashboard.auth.settings`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.auth import remember, sign_in
from dashboard.compare import view_state as compare_view
from dashboard.core import service_metrics, startup, state, widgets
from dashboard.core.i18n import t
from dashboard.map import data
from dashboard.map.widgets import map_controls, normalise_map_controls
from dashboard.watchlist import view_state as watch_view
from loaders.layers import current_manifest
from loaders.paths import DataDirMissing

PAGES = Path(__file__).resolve().parent / "dashboard" / "pages"

st.set_page_config(page_title="Bản đồ ĐVHC 2025", page_icon="🗺️", layout="wide")

try:
    with widgets.store_reachable():  # start-up opens the metrics store too
        if current_manifest() is None:  # first run on this machine: the build takes ~30 s
            with st.spinner(t("loading_data", str(st.session_state.get("lang", "vi")))):
                startup.prepare()
        else:  # no spinner element on every run: it costs the browser a script to load
            startup.prepare()
except DataDirMissing as error:
    widgets.first_run_page(error)
    st.stop()

version = data.version()
province_codes = set(data.province_table(version).index)
commune_province = data.commune_province(version)
with widgets.store_reachable():
    registry = service_metrics.registry()
state.init_session(
    st.session_state, st.query_params.to_dict(), province_codes, commune_province, registry
)
# The compare page's view too: back on that page, the user finds it as they left it.
state.keep_widget_state(st.session_state, (*compare_view.KEYS, "cmp_old_query", *watch_view.KEYS))

lang = widgets.current_lang()
map_page = st.Page(
    PAGES / "map_view.py",
    title=t("page_map", lang),
    icon=":material/map:",
    url_path="map",
    default=True,
)
pages = [
    map_page,
    st.Page(
        PAGES / "watchlist.py",
        title=t("page_watchlist", lang),
        icon=":material/flag:",
        url_path="watchlist",
    ),
    st.Page(
        PAGES / "compare.py",
        title=t("page_compare", lang),
        icon=":material/compare:",
        url_path="compare",
    ),
    st.Page(
        PAGES / "data_import.py",
        title=t("page_import", lang),
        icon=":material/upload_file:",
        url_path="import",
    ),
    st.Page(
        PAGES / "about.py",
        title=t("page_about", lang),
        icon=":material/info:",
        url_path="about",
    ),
]
current_page = st.navigation(pages)
# Streamlit shows the map for an unknown page path with only an English dialog: say it.
state.note_unknown_page(
    st.session_state,
    widgets.requested_page_path(),
    [page.url_path for page in pages],
)
widgets.language_switch()
widgets.compact_page()
# Before any page runs: a password sign-in remembered by this browser's cookie; then, on a
# server closed to anonymous visitors, only the sign-in form until signed in.
with widgets.store_reachable(lang):
    remember.restore(service_metrics.default_engine())
    sign_in.gate(service_metrics.default_engine(), lang)
on_map = current_page.url_path == map_page.url_path
light = False
if on_map:
    normalise_map_controls(st.session_state, registry)
    # The session's first map run: the map first, the rest once it has drawn.
    light = state.begin_map_run(st.session_state, startup.light_first_run())
with widgets.store_reachable(lang):  # signing in or out and the pages read the store too
    if not light:  # the map's light first run leaves the sidebar for the run after it
        sign_in.sidebar(service_metrics.default_engine(), lang)
    current_page.run()
if on_map and not light:
    # Drawn after the page although they sit above it in the sidebar: the browser then gets
    # the map first and loads it while the option widgets arrive.
    view = state.current(st.session_state, province_codes, commune_province, registry)
    map_controls(lang, view, registry)
startup.after_page_run(current_page.url_path)
