"""Entry point and router of the dashboard: ``streamlit run streamlit_app.py``.

Thin on purpose: prepare offline assets and data once, restore the view from the URL, draw
the shared sidebar (language; map options on the map page), then run the chosen page.
"""

from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st

from dashboard.core import offline, service_metrics, state
from dashboard.core.i18n import t
from dashboard.map import data, widgets
from loaders.layers import current_manifest, ensure_built
from loaders.paths import DataDirMissing

ROOT = Path(__file__).resolve().parent
PAGES = ROOT / "dashboard" / "pages"

st.set_page_config(page_title="Bản đồ ĐVHC 2025", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner=False)
def _prepare() -> dict:
    """Copy Leaflet to ./static, build the layers if needed, open the metrics store (loading
    the sample data on first run) and register its metrics (once per server)."""
    offline.setup()
    manifest = ensure_built()
    service_metrics.register_service_metrics(service_metrics.prepare_store())
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC).
    # With the libraries and layers loaded that pass walks ~300,000 long-lived objects:
    # 0.15 s idle, about 1 s on a busy 2-core machine, holding the GIL while the page's last
    # messages wait to be sent. Freezing them leaves each pass only the run's own garbage.
    gc.freeze()
    return manifest


@st.cache_resource(show_spinner=False)
def _frozen_pages() -> set[str]:
    return set()


def _freeze_after_first_run(page: str) -> None:
    """Once per page and server: collect the run's garbage, then freeze what is left.

    A page's first run imports its libraries (Altair, the export modules…) and fills the data
    caches after the start-up freeze; without this, the full collection Streamlit runs after
    every run walked them again each time (about 0.1 s per run, holding the GIL while the
    browser fetches the page's scripts). Collecting first means no garbage is ever frozen;
    what is frozen and later dropped (that first session, cache entries cleared by an import)
    is freed by reference counting, only cycles among it stay: once per page, a bounded cost.
    """
    done = _frozen_pages()
    if page not in done:
        done.add(page)
        gc.collect()
        gc.freeze()


offline.configure_folium()  # cheap; also covers a server that reloaded this module
try:
    if current_manifest() is None:  # first run on this machine: the build takes ~30 s
        with st.spinner(t("loading_data", str(st.session_state.get("lang", "vi")))):
            _prepare()
    else:  # no spinner element on every run: it costs the browser a script to load
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
# The other pages, registered when present: each also runs on its own.
for file, key, icon, url_path in (
    ("compare.py", "page_compare", ":material/compare:", "compare"),
    ("data_import.py", "page_import", ":material/upload_file:", "import"),
):
    if (PAGES / file).is_file():
        pages.append(st.Page(PAGES / file, title=t(key, lang), icon=icon, url_path=url_path))
pages.append(
    st.Page(
        PAGES / "about.py", title=t("page_about", lang), icon=":material/info:", url_path="about"
    )
)
current_page = st.navigation(pages)
widgets.language_switch()
on_map = current_page.url_path == map_page.url_path
light = False
if on_map:
    widgets.normalise_map_controls(st.session_state)
    light = state.begin_map_run(st.session_state)  # the session's first map run: map first
current_page.run()
if on_map and not light:
    # Drawn after the page although they sit above it in the sidebar: the browser then gets
    # the map first and loads it while the option widgets arrive.
    widgets.map_controls(lang, state.current(st.session_state, province_codes, commune_province))
_freeze_after_first_run(current_page.url_path)
