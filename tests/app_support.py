"""Helpers for AppTest runs of the dashboard (shared by the page tests).

``app(**query)`` opens the app at a URL query, ``run(at)`` runs it and fails on any exception;
``map_element(at)``, ``map_spec(at)`` and ``map_html(at)`` read what the page sent to its map
component (:mod:`dashboard.map.map_component`).
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from dashboard.core import state
from dashboard.core.state import COMPARE_PAINTED
from dashboard.map.map_component import COMPONENT_NAME
from loaders.paths import REPO_ROOT

APP = str(REPO_ROOT / "streamlit_app.py")


def app(*, light_first_run: bool = False, **params: str) -> AppTest:
    """The app as opened at ``?key=value&…`` (not run yet).

    In a browser the map page's first run is light and the map starts the full run once it
    has drawn (:func:`dashboard.core.state.begin_map_run`); AppTest runs no JavaScript, so by
    default the session starts as if that had happened. ``light_first_run=True`` keeps the
    light first run, for the tests of it.
    """
    at = AppTest.from_file(APP, default_timeout=180)
    if not light_first_run:
        at.session_state[state.MAP_PAINTED] = True
        at.session_state[state.COMPARE_PAINTED] = True
    for key, value in params.items():
        at.query_params[key] = value
    return at


COMPARE_PAGE = str(REPO_ROOT / "dashboard" / "pages" / "compare.py")


def run_compare_page(**state: object) -> AppTest:
    """The old/new comparison page run on its own, with ``state`` in its session first."""
    at = AppTest.from_file(COMPARE_PAGE, default_timeout=240)
    at.session_state[COMPARE_PAINTED] = True  # no browser to start the full run
    for key, value in state.items():
        at.session_state[key] = value
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_element(at: AppTest):
    """The page's map component element (exactly one map)."""
    maps = [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT_NAME]
    assert len(maps) == 1
    return maps[0]


def map_payload(at: AppTest) -> dict:
    """The payload the page sent to its map: ``{"spec": …, "geometries": …}``."""
    return json.loads(map_element(at).proto.bytes)


def map_spec(at: AppTest) -> dict:
    return map_payload(at)["spec"]


def map_html(at: AppTest) -> str:
    """Every HTML text the map shows: title, legend and footer boxes, then the tooltips'
    labels and values (as the browser puts them in; already escaped)."""
    spec = map_spec(at)
    units = spec["units"]
    parts = [c["html"] for c in spec["controls"]] + list(units["tooltip"])
    parts += [text for props in units["props"] for text in props]
    return "\n".join(parts)
