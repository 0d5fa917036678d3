"""Entry point and router of the dashboard: ``streamlit run streamlit_app.py``.

Thin on purpose: prepare offline assets and data once, restore the view from the URL, draw
the shared sidebar (language; map options on the map page), then run the chosen page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data, offline, state, widgets
from dashboard.i18n import t
from loaders.layers import ensure_built
from loaders.paths import DataDirMissing

ROOT = Path(__file__).resolve().parent
PAGES = ROOT / "dashboard" / "pages"

st.set_page_config(page_title="Bản đồ ĐVHC 2025", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner=False)
def _prepare() -> dict:
    """Copy Leaflet to ./static and build the layers if needed (once per server)."""
    offline.setup()
    return ensure_built()


offline.configure_folium()  # cheap; also covers a server that reloaded this module
try:
    with st.spinner(t("loading_data", str(st.session_state.get("lang", "vi")))):
        _prepare()
except DataDirMissing as error:
    widgets.first_run_page(error)
    st.stop()

version = data.version()
province_codes = set(data.province_table(version).index)
commune_province = data.commune_province(version)
state.init_session(st.session_state, st.query_params.to_dict(), province_codes, commune_province)
state.keep_widget_state(st.session_state)

lang = widgets.current_lang()
map_page = st.Page(
    PAGES / "map_view.py",
    title=t("page_map", lang),
    icon=":material/map:",
    url_path="map",
    default=True,
)
pages = [map_page]
if (PAGES / "compare.py").is_file():  # old vs new boundaries (issue 5), when present
    pages.append(
        st.Page(
            PAGES / "compare.py",
            title=t("page_compare", lang),
            icon=":material/compare:",
            url_path="compare",
        )
    )
pages.append(
    st.Page(
        PAGES / "about.py", title=t("page_about", lang), icon=":material/info:", url_path="about"
    )
)

current_page = st.navigation(pages)
# The page first, the sidebar controls after: the map is what the user waits for, and the
# browser starts loading it while the controls arrive (widgets read their values from the
# session state, so the order does not change what the page sees).
current_page.run()
widgets.language_switch()
if current_page.url_path == map_page.url_path:
    widgets.map_controls(lang, state.current(st.session_state, province_codes, commune_province))
