"""Tiny runner for the compare page in browser tests: ``streamlit run compare_app.py``.

The browser test copies this file into a temporary folder next to a ``static/leaflet`` copy
(Streamlit serves ``static/`` beside the main script), so nothing is written into the repo.
``VNMAP_REPO`` points at the repository whose page is run.
"""

import os
import runpy
import sys
from pathlib import Path

import streamlit as st

REPO = Path(os.environ.get("VNMAP_REPO", Path(__file__).resolve().parents[2]))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

st.set_page_config(page_title="So sánh ranh giới", layout="wide")
runpy.run_path(str(REPO / "dashboard" / "pages" / "compare.py"), run_name="__main__")
