"""Serve every map asset from this machine: the dashboard must work with no internet.

Out of the box folium points Leaflet, jQuery, Bootstrap and Font Awesome at CDNs, so a map on
an offline machine stays blank. Here Leaflet 1.9.3 (the version folium 0.20 uses) is copied
from the ``xstatic-leaflet`` package into ``static/leaflet/``, which Streamlit serves at
``/app/static/leaflet/`` (``[server] enableStaticServing = true`` in ``.streamlit/config.toml``),
and folium's default asset lists are replaced by those two local files only.

The map page's own component (:mod:`dashboard.map.map_component`) does not fetch these files: it
carries Leaflet's script and styles, read from the same package, in its module. The compare
page's st_folium maps load them from ``/app/static/leaflet/``.

Nothing else is needed: the map builder draws its own legend (no branca colormap, which would
make streamlit-folium add d3 from a CDN) and no basemap is required.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Folder Streamlit serves at ``/app/static/``.
STATIC_DIR = REPO_ROOT / "static"
LEAFLET_DIR = STATIC_DIR / "leaflet"
#: URL prefix of the static folder as the browser sees it (same origin as the app, so it
#: resolves from inside the streamlit-folium component iframe too).
STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"

_FILES = ("leaflet.js", "leaflet.css")


def leaflet_source_dir() -> Path:
    """The folder of the installed ``xstatic-leaflet``: ``leaflet.js``, ``.css``, ``images/``."""
    return Path(xstatic.pkg.leaflet.BASE_DIR)


def ensure_static(target: Path = LEAFLET_DIR) -> Path:
    """Copy Leaflet's JS, CSS and images into ``target`` unless an identical copy is there.

    Idempotent and cheap when the files are already in place. Returns ``target``.
    """
    source = leaflet_source_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        src, dst = source / name, target / name
        if not dst.is_file() or not filecmp.cmp(src, dst, shallow=False):
            shutil.copyfile(src, dst)
    images = source / "images"
    if images.is_dir():
        (target / "images").mkdir(exist_ok=True)
        for src in images.iterdir():
            dst = target / "images" / src.name
            if src.is_file() and not dst.is_file():
                shutil.copyfile(src, dst)
    return target


def configure_folium() -> None:
    """Point every ``folium.Map`` at the local Leaflet files and nothing else.

    Class attributes are replaced (not mutated), so calling this twice is harmless.
    """
    folium.Map.default_js = [("leaflet", LEAFLET_JS)]
    folium.Map.default_css = [("leaflet_css", LEAFLET_CSS)]


def setup() -> None:
    """Everything the app needs before drawing a map offline."""
    ensure_static()
    configure_folium()
