"""Local servers in tests: a free port to start one on, and a health URL to wait for.

Imported by test modules and support files directly (never through ``conftest``, whose
import would run the session's set-up again).
"""

from __future__ import annotations

import socket
import time

import requests


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
