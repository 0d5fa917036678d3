"""Every map asset comes from this machine: the dashboard must work with no internet.

Leaflet 1.9.3 is read from the ``xstatic-leaflet`` package (pinned in ``requirements.txt``),
never fetched from a CDN:

* the app's maps (:mod:`dashboard.map.map_component`) carry Leaflet's script and styles in
  the component's module, which Streamlit sends with the page;
* the standalone HTML downloads (:mod:`dashboard.map.html_export`) write them into the
  file itself.

No basemap is required (the online one is optional) and the legends are the app's own HTML,
so nothing else is needed.
"""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet


def leaflet_source_dir() -> Path:
    """The folder of the installed ``xstatic-leaflet``: ``leaflet.js``, ``.css``, ``images/``."""
    return Path(xstatic.pkg.leaflet.BASE_DIR)
