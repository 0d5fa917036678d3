"""Shared test fixtures and helpers.

Kept generic so every part of the project can use them:

* ``REPO_ROOT`` and the repository on ``sys.path`` (so ``pytest`` works as well as
  ``python -m pytest``);
* the boundary data of the session: the real mirror when this machine has it (or a build);
  otherwise the committed two-province fixture (``tests/data/fixture``: Cao Bằng and Tuyên
  Quang, cut from the MIT 2025 layer), built into a temporary build directory.
  ``VNMAP_TEST_FIXTURE=1`` uses the fixture even where the mirror is;
* ``built_data``: the current build manifest (built before the session's first test);
* the ``mirror`` marker: a test that needs the real mirror (the whole country, the pre-2025
  layers, the GSO register) skips, with the reason, in a session on the fixture;
* a metrics database of the test session (``$VNMAP_DB_URL`` points at a temporary SQLite file,
  so tests never touch ``geodata/db``; browser tests' app servers inherit it), and
  ``registry``: the metric registry of that store's current revision;
* (``tests/net_support.py`` has ``free_port()`` and ``wait_for_http()`` for tests that start
  servers; modules import it and ``loaders.paths.REPO_ROOT``, never this file: importing a
  conftest again would run its set-up again.)
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from loaders import layers  # noqa: E402
from loaders.paths import (  # noqa: E402
    BUILD_DIR_ENV,
    DATA_DIR_ENV,
    fetch_command,
    find_data_dir,
    is_fixture,
)

_SESSION_DB = Path(tempfile.mkdtemp(prefix="vnmap-test-db-")) / "metrics.sqlite"
os.environ.setdefault("VNMAP_DB_URL", f"sqlite:///{_SESSION_DB}")

FIXTURE_DIR = REPO_ROOT / "tests" / "data" / "fixture"
FIXTURE_ENV = "VNMAP_TEST_FIXTURE"


def _choose_data() -> None:
    """Point the session (and the app servers it starts) at the fixture when there is no
    boundary data, or when ``VNMAP_TEST_FIXTURE=1`` asks for it. Done at import, before any
    loader caches what it read."""
    if os.environ.get(FIXTURE_ENV) != "1" and layers.has_data():
        return
    build = tempfile.mkdtemp(prefix="vnmap-test-fixture-build-")
    atexit.register(shutil.rmtree, build, ignore_errors=True)
    os.environ[DATA_DIR_ENV] = str(FIXTURE_DIR)
    os.environ[BUILD_DIR_ENV] = build


_choose_data()
_DATA_DIR = find_data_dir()
#: True when the session has the real boundary mirror (not the fixture).
HAS_MIRROR = _DATA_DIR is not None and not is_fixture(_DATA_DIR)
NO_MIRROR_REASON = (
    "needs the real boundary mirror (the whole country, the pre-2025 layers or the GSO "
    f"register); this session uses the two-province test fixture {FIXTURE_DIR}: set "
    f"VNMAP_DATA_DIR to the mirror or run `{fetch_command()}`"
)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``mirror`` skip, with the reason, without the real mirror. The marker may
    say what the test needs of it: ``@pytest.mark.mirror("the 34 provinces")``."""
    if HAS_MIRROR:
        return
    for item in items:
        marker = item.get_closest_marker("mirror")
        if marker is not None:
            needs = f"{marker.args[0]}: " if marker.args else ""
            item.add_marker(pytest.mark.skip(reason=needs + NO_MIRROR_REASON))


@pytest.fixture(scope="session", autouse=True)
def built_data() -> dict:
    """The manifest of the current build: the mirror's, or the fixture's (built into the
    session's temporary build directory; ``source.kind`` is then ``"fixture"``).

    Used by every test, before the first one runs: pages, statistics and exports read the
    build's layers from many places, and pytest-randomly shuffles the modules, so no test
    may count on an earlier one having built them (a fresh clone builds once, ~30 s).
    """
    return layers.ensure_built()


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
