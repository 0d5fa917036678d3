"""Shared test fixtures and helpers.

Kept generic so every part of the project can use them:

* ``REPO_ROOT`` and the repository on ``sys.path`` (so ``pytest`` works as well as
  ``python -m pytest``);
* ``built_data``: the current build manifest, or a skip with the reason when there is no
  boundary data on this machine;
* a metrics database of the test session (``$VNMAP_DB_URL`` points at a temporary SQLite file,
  so tests never touch ``geodata/db``; browser tests' app servers inherit it), and
  ``registry``: the metric registry of that store's current revision;
* ``free_port()`` and ``wait_for_http()``: start servers on a free local port and poll a health
  URL instead of sleeping.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from loaders import layers  # noqa: E402
from loaders.paths import fetch_command  # noqa: E402

_SESSION_DB = Path(tempfile.mkdtemp(prefix="vnmap-test-db-")) / "metrics.sqlite"
os.environ.setdefault("VNMAP_DB_URL", f"sqlite:///{_SESSION_DB}")

NO_DATA_REASON = (
    "no boundary data on this machine: set VNMAP_DATA_DIR to the boundary mirror or run "
    f"`{fetch_command()}`"
)


@pytest.fixture(scope="session")
def built_data() -> dict:
    """The manifest of the current build (built from the data directory if needed).

    Skips the test when there is no data at all.
    """
    if not layers.has_data():
        pytest.skip(NO_DATA_REASON)
    return layers.ensure_built()


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout_s: float = 60.0, interval_s: float = 0.2) -> None:
    """Poll ``url`` until it answers 200, or raise ``TimeoutError`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = requests.get(url, timeout=2)
            if response.status_code == 200:
                return
            last = response.status_code
        except requests.RequestException as error:
            last = error
        time.sleep(interval_s)
    raise TimeoutError(f"{url} did not answer within {timeout_s:.0f} s (last: {last})")


@pytest.fixture()
def registry():
    """The metric registry of the session store's current revision (sample data, loaded on
    first use): unit attributes, service and volunteer metrics."""
    from dashboard.core.service_metrics import registry

    return registry()


# --- Browser tests (tests/e2e) ------------------------------------------------------------------
# One Chromium and one app server per test module. A module that needs another server (its own
# database, another page) defines its own ``app_url``, which takes precedence over this one.
# browser_support is imported when a browser test asks for these: it lives beside those tests.


@pytest.fixture(scope="module")
def app_url(built_data, tmp_path_factory):
    """The dashboard served on a free local port, with the session's metrics database."""
    from browser_support import streamlit_server

    folder = tmp_path_factory.mktemp("streamlit")
    with streamlit_server("streamlit_app.py", REPO_ROOT, folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (skips when it is not installed)."""
    from browser_support import launched_chromium

    with launched_chromium() as launched:
        yield launched
