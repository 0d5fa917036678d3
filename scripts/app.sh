#!/usr/bin/env bash
# Install, build the map layers from the data directory (first run only), start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# A missing data directory is not fatal here: the app then shows what to download.
python3 -m loaders check >/dev/null 2>&1 || python3 -m loaders build || true
exec python3 -m streamlit run streamlit_app.py "$@"
