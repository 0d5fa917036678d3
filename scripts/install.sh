#!/usr/bin/env bash
# Install what the app needs (and, with --dev, what the tests need) on a Debian or Ubuntu
# machine: Debian packages with apt, the Python packages into the project's own virtual
# environment `.venv` (a stock Debian 12/13 or Ubuntu 24.04 refuses `pip install` into its own
# Python: PEP 668, "externally-managed-environment"). Every script and README command then
# runs `.venv/bin/python`. Safe to run again: apt and pip skip what is already there.
#
# The Python that makes `.venv` is `$VNMAP_PYTHON` if set, else `python3` (3.11 or newer).
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1
python="${VNMAP_PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "install.sh: '$python' not found: install Python 3.11 or newer (apt-get install python3)" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "install.sh: $("$python" --version 2>&1) is too old: Python 3.11 or newer is needed" \
    "(set VNMAP_PYTHON to another one)" >&2
  exit 1
fi

# Debian packages: fonts with Vietnamese glyphs for print exports; `python3-venv` where the
# system Python lacks `ensurepip` (Debian splits it out); for the tests also Debian's Chromium
# (driven by Playwright), PostgreSQL (the metrics store runs against it too), poppler-utils
# (PDF checks) and Node.js (`node --test` of the map component's and search box's scripts).
# Never `playwright install`: it downloads a browser.
packages=(fonts-noto-core fonts-dejavu-core)
"$python" -c 'import ensurepip' >/dev/null 2>&1 || packages+=(python3-venv)
[ "$dev" = 1 ] && packages+=(chromium postgresql poppler-utils nodejs)
# npm for the sign-in tests' identity provider; Debian packages it apart from nodejs (some
# nodejs builds bring their own, which Debian's npm package conflicts with).
if [ "$dev" = 1 ] && ! command -v npm >/dev/null; then packages+=(npm); fi
# nginx: the proxy of scripts/serve.sh (its tests run it as the current user, not as Debian's
# service, which the package may start on port 80: `systemctl disable --now nginx` if unwanted).
[ "$dev" = 1 ] && packages+=(nginx)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# A `.venv` left by another Python (removed, or moved with the folder) no longer runs: remake it.
if ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
  rm -rf .venv
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check \
  -r "$([ "$dev" = 1 ] && echo requirements-dev.txt || echo requirements.txt)"
# The sign-in tests' OpenID Connect provider (npm package oidc-provider, pinned by its lock file).
if [ "$dev" = 1 ]; then npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error; fi
