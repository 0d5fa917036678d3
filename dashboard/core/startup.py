"""Start-up of the app server: prepare the data once, and keep Python's garbage collector
off the long-lived objects.

Streamlit runs a full garbage collection after every script run (``runner.postScriptGC``).
With the libraries and layers loaded that pass walks ~300,000 long-lived objects: 0.15 s
idle, about 1 s on a busy 2-core machine, holding the GIL while the page's last messages wait
to be sent. :func:`prepare` freezes what start-up loaded (:func:`gc.freeze`), and
:func:`after_page_run` does the same once per page after its first run (which imports the
page's libraries and fills its caches), so each later pass walks only the run's own garbage.

Set ``VNMAP_GC_FREEZE=0`` to turn the freezing off (to measure or debug memory): the app
then behaves the same, only slower per run. The map page's light first run (the map first,
the options once it has drawn) is switched with ``VNMAP_LIGHT_FIRST_RUN=0`` the same way
(:func:`light_first_run`).
"""

from __future__ import annotations

import gc
import os

import streamlit as st

from dashboard.core import service_metrics
from loaders.layers import ensure_built

GC_FREEZE_ENV = "VNMAP_GC_FREEZE"
LIGHT_FIRST_RUN_ENV = "VNMAP_LIGHT_FIRST_RUN"


def _enabled(name: str) -> bool:
    return os.environ.get(name, "1").strip().lower() not in ("0", "false", "no", "off")


def light_first_run() -> bool:
    """Whether a session's first run of the map page draws the map and its header only
    (:func:`dashboard.core.state.begin_map_run`); on unless ``VNMAP_LIGHT_FIRST_RUN=0``."""
    return _enabled(LIGHT_FIRST_RUN_ENV)


@st.cache_resource(show_spinner=False)
def prepare() -> dict:
    """Once per server: build the layers if needed, open the metrics store (loading the
    sample data on first run) and build its registry; then freeze the objects start-up made.
    Returns the build's manifest."""
    manifest = ensure_built()
    service_metrics.registry()
    if _enabled(GC_FREEZE_ENV):
        gc.freeze()
    return manifest


@st.cache_resource(show_spinner=False)
def _frozen_pages() -> set[str]:
    return set()


def after_page_run(page: str) -> None:
    """Once per page and server: collect the run's garbage, then freeze what is left.

    A page's first run imports its libraries (Altair, the export modules…) and fills the data
    caches after the start-up freeze; without this, the full collection Streamlit runs after
    every run walked them again each time (about 0.1 s per run, holding the GIL while the
    browser fetches the page's scripts). Collecting first means no garbage is ever frozen;
    what is frozen and later dropped (that first session, cache entries cleared by an import)
    is freed by reference counting, only cycles among it stay: once per page, a bounded cost.
    """
    if not _enabled(GC_FREEZE_ENV):
        return
    done = _frozen_pages()
    if page not in done:
        done.add(page)
        gc.collect()
        gc.freeze()
