"""Run the data layer's command line as a user does, for the tests that check it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from loaders.paths import REPO_ROOT


def run_loaders(
    *args: str, cwd: Path = REPO_ROOT, env: dict | None = None
) -> subprocess.CompletedProcess:
    """``python -m loaders ARGS`` (text output, no exception on failure)."""
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
