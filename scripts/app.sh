#!/usr/bin/env bash
# Install (into the project's `.venv`), build the map layers from the data directory (first
# run only), start the app. Extra arguments go to `streamlit run`, e.g.
# `bash scripts/app.sh --server.port 8080`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
python=.venv/bin/python
# A missing data directory is not fatal here: the app then shows what to download.
"$python" -m loaders check >/dev/null 2>&1 || "$python" -m loaders build || true
exec "$python" -m streamlit run streamlit_app.py "$@"
