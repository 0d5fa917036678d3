"""The sign-in tests' identity provider: ``tests/oidc/provider.mjs`` (the npm package
``oidc-provider``) run by Node on 127.0.0.1, with a client, secrets and accounts made up for
the test run, and the Streamlit secrets file that points the app at it.

Nothing here is a real credential: every secret is drawn afresh by :func:`test_client`.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import wait_for_http

HARNESS = Path(__file__).resolve().parents[1] / "oidc"
PROVIDER_SCRIPT = HARNESS / "provider.mjs"
INSTALL = "npm ci --prefix tests/oidc (bash scripts/install.sh --dev does it)"


#: The oldest Node.js the provider package has run on here (it asks for 22 LTS, and warns).
MIN_NODE = 20


def require_provider() -> str:
    """The ``node`` executable; skips, saying what to install, without Node (or with one too
    old for the package) or without the package."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is missing: apt-get install -y nodejs, then " + INSTALL)
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    major = int(version.strip().lstrip("v").split(".")[0] or 0)
    if major < MIN_NODE:
        pytest.skip(f"node {version.strip()} is too old for oidc-provider 9: Node {MIN_NODE}+")
    if not (HARNESS / "node_modules" / "oidc-provider" / "package.json").is_file():
        pytest.skip(f"the npm package oidc-provider is not installed: {INSTALL}")
    return node


@dataclass(frozen=True)
class Account:
    """A test account of the provider (its address is also its subject)."""

    email: str
    name: str
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12), repr=False)


@dataclass(frozen=True)
class Client:
    """The app's registration at the provider, drawn for one test run."""

    client_id: str = field(default_factory=lambda: "vnmap-" + secrets.token_hex(4))
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    cookie_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)


def write_secrets(path: Path, client: Client, issuer: str, provider: str = "vnmapidp") -> Path:
    """A Streamlit secrets file for the app: the provider as ``[auth.<provider>]``.

    ``{port}`` in ``redirect_uri`` is Streamlit's own placeholder for the port it serves on, so
    the file can be written before the server has one. ``prompt = "login"``: this provider
    offers no account chooser (Streamlit's default ``select_account``), and a sign-in always
    shows the login form.
    """
    path.write_text(
        "[auth]\n"
        'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{client.cookie_secret}"\n'
        f"[auth.{provider}]\n"
        f'client_id = "{client.client_id}"\n'
        f'client_secret = "{client.client_secret}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        'client_kwargs = { prompt = "login" }\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


class ProviderProcess:
    """The provider on ``127.0.0.1:port``; :meth:`stop` and :meth:`start` let a test take it
    away and bring it back on the same port."""

    def __init__(
        self, port: int, client: Client, redirect_uri: str, accounts: list[Account], log: Path
    ) -> None:
        self.port = port
        self.issuer = f"http://127.0.0.1:{port}"
        self._log = log
        self._process: subprocess.Popen[bytes] | None = None
        self._env = {
            **os.environ,
            "OIDC_CLIENT_ID": client.client_id,
            "OIDC_CLIENT_SECRET": client.client_secret,
            "OIDC_REDIRECT_URI": redirect_uri,
            "OIDC_ACCOUNTS": json.dumps(
                [{"email": a.email, "name": a.name, "password": a.password} for a in accounts],
                ensure_ascii=False,
            ),
        }

    def start(self) -> None:
        node = require_provider()
        with open(self._log, "a") as log:
            self._process = subprocess.Popen(
                [node, str(PROVIDER_SCRIPT), str(self.port)],
                cwd=HARNESS,
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for_http(f"{self.issuer}/.well-known/openid-configuration", timeout_s=20)
        except TimeoutError:
            self.stop()
            raise

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None


@contextmanager
def oidc_provider(
    port: int, client: Client, redirect_uri: str, accounts: list[Account], log: Path
) -> Iterator[ProviderProcess]:
    """The provider running for the duration of the block."""
    provider = ProviderProcess(port, client, redirect_uri, accounts, log)
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
