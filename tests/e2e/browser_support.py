"""What the browser tests share: Debian's Chromium for Playwright, and a Streamlit server on a
free local port for the duration of a test module.

Chromium runs with the flags that keep it quiet on a machine with no internet (see
``../shared/reference/TECH_NOTES.md``); never ``playwright install``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.net_support import free_port, wait_for_http

#: URLs that stay on this machine (the app, its websocket, data and blob URLs): a browser test
#: fails on any other request.
LOCAL = re.compile(r"^(https?|wss?)://(localhost|127\.0\.0\.1)(:\d+)?(/|$)|^(data|blob|about):")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")


@contextmanager
def launched_chromium() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def streamlit_server(
    script: str,
    cwd: Path,
    log_dir: Path,
    extra_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``streamlit run script`` on a free port on 127.0.0.1; yield its base URL.

    The server's output goes to ``log_dir/streamlit.log``; it is stopped on exit.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        *extra_args,
    ]  # fmt: skip
    with open(log_dir / "streamlit.log", "w") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_http(f"http://127.0.0.1:{port}/_stcore/health", timeout_s=90)
            yield f"http://localhost:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def settled_text(tab, timeout_s: float = 90.0) -> str:
    """The page's visible text once Streamlit has stopped running and the text has stayed
    the same for 2.5 s: while a run draws, the previous run's elements stay on the page."""
    deadline = time.monotonic() + timeout_s
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        running = tab.locator('[data-testid="stStatusWidget"]').count() > 0
        text = tab.evaluate("document.body.innerText")
        if text != last or running:
            last, stable_since = text, time.monotonic()
        elif time.monotonic() - stable_since > 2.5 and len(text) > 200:
            return text
        tab.wait_for_timeout(300)
    raise AssertionError("the page did not settle")
