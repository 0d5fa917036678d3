#!/usr/bin/env bash
# Install what the app needs (and, with --dev, what the tests need) on a Debian machine.
# Safe to run again: apt and pip skip what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# Debian packages: fonts with Vietnamese glyphs for print exports; for the tests also Debian's
# Chromium (driven by Playwright), PostgreSQL (the metrics store runs against it too),
# poppler-utils (PDF checks) and Node.js (`node --test` of the search box's folding and
# ranking). Never `playwright install`: it downloads a browser.
packages=(fonts-noto-core fonts-dejavu-core)
[ "$dev" = 1 ] && packages+=(chromium postgresql poppler-utils nodejs)
# nginx: the proxy of scripts/serve.sh (its tests run it as the current user, no service).
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

python3 -m pip install -q --disable-pip-version-check \
  -r "$([ "$dev" = 1 ] && echo requirements-dev.txt || echo requirements.txt)"
