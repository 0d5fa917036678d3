"""The dashboard's map: a Leaflet map drawn in the page itself (Streamlit components v2).

An iframe component (``st_folium``) costs a second document on every first visit: its own
HTML, its bundle and Leaflet, all loaded only once Streamlit has booted. This component runs
in the app's page: its module (``map_component.js`` after the pure parts in ``js/``, with
Leaflet's script from ``xstatic-leaflet`` before them) is registered once, and each run sends one
:class:`~dashboard.map.map_builder.MapPayload` as JSON bytes. The map keeps itself across reruns
(same ``key``) and swaps only what changed.

A click on a unit comes back as the official code of that unit (a one-run trigger). The
component's whole contract (payload, events, what is kept across reruns): ``COMPONENT.md``
beside this file.

Trade-off: Streamlit sends a component's module with each message that mounts it, and its
message cache only skips identical messages, so a new view sends Leaflet's 150 kB again along
with the payload. On a first visit that is cheaper than one more request queued behind the
page's own scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from dashboard.core import offline
from dashboard.map.map_builder import MAP_CSS, NO_DATA_PATTERN

#: Height of the map in CSS pixels.
MAP_HEIGHT = 640
COMPONENT_NAME = "vn_dashboard.map"
DRAWN_SIGNAL_NAME = "vn_dashboard.map_drawn"


#: The component's pure JavaScript (dashboard/map/js/, unit-tested with ``node --test``), put
#: before ``map_component.js`` in the one module the browser imports. Each is an ES module
#: that imports nothing, so their declarations can share that module's scope.
JS_PARTS = ("geometry.js", "style.js", "text.js", "sync.js")
JS_DIR = Path(__file__).with_name("js")


def component_source() -> str:
    """The component's own JavaScript as one ES module: :data:`JS_PARTS`, then
    ``map_component.js`` (its ``export default`` is what Streamlit calls)."""
    parts = [(JS_DIR / name).read_text(encoding="utf-8") for name in JS_PARTS]
    for name, text in zip(JS_PARTS, parts, strict=True):
        # An import would be resolved against the page's address, not this folder.
        if any(line.startswith("import ") for line in text.splitlines()):
            raise ValueError(f"{name} imports a module; the parts must stand alone")
    ours = Path(__file__).with_name("map_component.js").read_text(encoding="utf-8")
    return "\n".join([*parts, ours])


def _module_source() -> str:
    """Leaflet's own script (run once, unless the page has it already), then the map module.

    Leaflet travels inside the module rather than as a file the module would fetch: the map
    is drawn without one more request queued behind the page's scripts on a first visit.
    """
    leaflet = (offline.leaflet_source_dir() / "leaflet.js").read_text(encoding="utf-8")
    return (
        "if (!(window.L && window.L.version)) {\n(function () {\n"
        + leaflet
        + "\n}).call(window);\n}\n"
        + component_source()
    )


def _styles() -> str:
    leaflet = (offline.leaflet_source_dir() / "leaflet.css").read_text(encoding="utf-8")
    return leaflet + MAP_CSS


# The title goes above the map and the legend and source below it, outside Leaflet's drawing
# area: boxes drawn over the map hid units (a province's edge, the selected commune's outline,
# half the map on a phone) and clipped the tooltips under them.
_HTML = (
    '<div class="vn-map-frame"><div class="vn-map-above"></div>'
    f'<div class="vn-map" style="height:min({MAP_HEIGHT}px, 72vh)"></div>'
    f'<div class="vn-map-below"></div></div>{NO_DATA_PATTERN}'
)

# Registered once at import; styles are not isolated (a shadow root would hide the map's
# elements from the page's CSS, Leaflet's included, and from the browser tests' selectors).
_mount = st.components.v2.component(
    COMPONENT_NAME, html=_HTML, css=_styles(), js=_module_source(), isolate_styles=False
)


def leaflet_map(payload: bytes, *, key: str, on_click: Callable[[str], None]) -> None:
    """Draw ``payload`` (:meth:`~dashboard.map.map_builder.MapPayload.to_bytes`) in the map with
    ``key``; ``on_click(code)`` runs (as a callback, before the rerun) when the user clicks a
    unit."""

    def clicked() -> None:
        code = (st.session_state.get(key) or {}).get("clicked")
        if code:
            on_click(str(code))

    _mount(key=key, data=payload, on_clicked_change=clicked)


_signal = st.components.v2.component(
    DRAWN_SIGNAL_NAME, js=Path(__file__).with_name("map_drawn.js").read_text(encoding="utf-8")
)


def rerun_when_drawn(*, key: str) -> None:
    """Rerun the script once the page's map has drawn its units and painted them (or after
    3 s if it never does): the light first run of the map page ends with this, and the run
    it starts draws the rest of the page (see :func:`dashboard.core.state.begin_map_run`)."""
    _signal(key=key, on_drawn_change=_nothing)


def _nothing() -> None:
    """The trigger only has to start a run; the run itself draws the whole page."""
