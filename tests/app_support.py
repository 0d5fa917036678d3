"""Helpers for AppTest runs of the dashboard (shared by the page tests).

``app(**query)`` opens the app at a URL query, ``run(at)`` runs it and fails on any exception,
``map_args(at)`` / ``view_js(at)`` read what the page sent to the st_folium map component.
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "streamlit_app.py")


def app(**params: str) -> AppTest:
    """The app as opened at ``?key=value&…`` (not run yet)."""
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_args(at: AppTest) -> dict:
    """The arguments the page sent to the st_folium map component (exactly one map)."""
    maps = [
        e
        for e in at.get("component_instance")
        if e.proto.component_name == "streamlit_folium.st_folium"
    ]
    assert len(maps) == 1
    return json.loads(maps[0].proto.json_args)


def view_js(at: AppTest) -> str:
    """The layers of the current view (swapped into the one map as feature groups)."""
    return map_args(at)["feature_group"] or ""
