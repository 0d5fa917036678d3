"""Sign-in through the operator's OpenID Connect provider, with Streamlit's own ``st.login``.

The operator describes the provider in Streamlit secrets (``.streamlit/secrets.toml``, or the
files named by the ``secrets.files`` option): an ``[auth]`` section with ``redirect_uri`` (the
app's ``/oauth2callback``) and ``cookie_secret``, and the provider's ``client_id``,
``client_secret`` and ``server_metadata_url`` either in ``[auth]`` itself or in one named
``[auth.NAME]`` section. Streamlit does the protocol (redirect, code exchange, ID token check)
and keeps the identity in a signed cookie; this module reads it (``st.user``), makes it the
session's identity (:func:`loaders.users.identity_for_oidc`: the account of that address, with
its role and provinces) and draws the sign-in button where :mod:`dashboard.auth.sign_in` would
show the password form. The operator chooses this sign-in with ``VNMAP_SIGN_IN=oidc``
(:mod:`dashboard.auth.settings`).

Only an address the provider says it verified (``email_verified``) counts as the user's
address: roles are given by address, and an unverified one could be anyone's.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import requests
import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitAuthError

from dashboard.auth import session
from dashboard.core.i18n import t
from dashboard.core.markdown_text import md_escape
from loaders import users

LOG = logging.getLogger(__name__)

#: Seconds to wait for the provider's metadata before saying it cannot be reached. Short: the
#: user is waiting on a click.
PROVIDER_TIMEOUT_S = 4.0

_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def _auth_section() -> Mapping[str, Any] | None:
    """The ``[auth]`` section of the app's secrets, or ``None`` without one (or no secrets)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        section = st.secrets.get("auth")
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return None
    return section if isinstance(section, Mapping) else None


def configured() -> bool:
    """True when the operator has an ``[auth]`` section in the app's Streamlit secrets."""
    return _auth_section() is not None


def provider_name() -> str | None:
    """The provider to sign in with: ``None`` for settings written in ``[auth]`` itself
    (Streamlit's unnamed default), else the first ``[auth.NAME]`` section that names a
    provider."""
    section = _auth_section() or {}
    if "server_metadata_url" in section:
        return None
    for name, value in section.items():
        if isinstance(value, Mapping) and any(key in value for key in _PROVIDER_KEYS):
            return str(name)
    return None


def _metadata_url() -> str | None:
    section = _auth_section() or {}
    name = provider_name()
    settings = section if name is None else section.get(name, {})
    url = settings.get("server_metadata_url")
    return str(url) if url else None


def _user() -> dict[str, Any]:
    """What Streamlit knows of the signed-in user (empty when no one is signed in)."""
    info = st.user.to_dict()
    return info if info.get("is_logged_in") else {}


def signed_in() -> bool:
    """True when someone signed in through the provider in this browser session."""
    return bool(_user())


def signed_in_email() -> str | None:
    """The signed-in user's e-mail address, lower case, when the provider says it verified
    it; ``None`` when no one is signed in or the address is not verified."""
    user = _user()
    email = user.get("email")
    if not email or user.get("email_verified") is not True:
        return None
    return str(email).strip().lower()


def signed_in_name() -> str | None:
    """The signed-in user's name as the provider gives it (NFC), else their address."""
    user = _user()
    name = user.get("name") or user.get("email")
    return unicodedata.normalize("NFC", str(name)) if name else None


def provider_reachable() -> bool:
    """True when the provider's metadata answers within :data:`PROVIDER_TIMEOUT_S` seconds.

    Checked before handing the browser to Streamlit's login route: when the provider is down,
    that route answers a bare "Authentication error" page, which tells the user nothing.
    """
    url = _metadata_url()
    if url is None:
        return False
    try:
        response = requests.get(url, timeout=PROVIDER_TIMEOUT_S)
        response.raise_for_status()
        response.json()
    except (requests.RequestException, ValueError) as error:
        LOG.warning("identity provider metadata %s not reachable: %s", url, type(error).__name__)
        return False
    return True


def _provider_host() -> str:
    url = _metadata_url()
    return (urlsplit(url).netloc or url) if url else "?"


def sign_in_button(lang: str, key: str = "side") -> None:
    """The sign-in button: sends the browser to the provider's sign-in page, or says plainly
    why it cannot (provider unreachable, settings incomplete). ``key`` tells buttons on one
    page apart (the sidebar's, the gate's)."""
    if not st.button(
        t("auth.oidc_button", lang),
        key=f"oidc_sign_in_{key}",
        help=t("oidc.sign_in_help", lang),
        icon=":material/login:",
    ):
        return
    if _metadata_url() is None:
        LOG.error("sign-in settings incomplete: no server_metadata_url in the [auth] secrets")
        st.error(t("oidc.misconfigured", lang))
        return
    if not provider_reachable():
        st.error(t("oidc.unreachable", lang, host=_provider_host()))
        return
    try:
        st.login(provider_name())
    except StreamlitAuthError as error:
        # Missing redirect_uri or cookie_secret: the operator's to fix, said to the user plainly.
        LOG.error("sign-in settings incomplete: %s", error)
        st.error(t("oidc.misconfigured", lang))


def sign_out() -> None:
    """Forget the provider's identity in this browser (cookie cleared, new session) and sign
    out at the provider too when it offers that."""
    st.logout()


def _sign_out_button(lang: str, key: str) -> None:
    if st.button(t("auth.sign_out", lang), key=f"oidc_sign_out_{key}", icon=":material/logout:"):
        sign_out()


def render_sign_in(engine: Engine, lang: str, key: str) -> None:
    """Where the local sign-in form would be (the sidebar's or the gate's): the provider's
    sign-in button; once the provider has signed the user in, their identity in this session.

    That identity is the one of the account whose username is the verified address, with its
    role and provinces, exactly as a local sign-in of that account; an address without an
    account is a viewer. An unverified address, or a disabled account, signs nobody in: the
    user is told why and may sign out of the provider.
    """
    if not configured():
        st.warning(t("auth.oidc_unavailable", lang))
        return
    if not signed_in():
        sign_in_button(lang, key)
        return
    email = signed_in_email()
    shown = md_escape(_user().get("email") or "?")
    if email is None:
        st.warning(t("oidc.unverified_email", lang, email=shown))
        _sign_out_button(lang, key)
        return
    try:
        identity = users.identity_for_oidc(engine, email)
    except (users.SignInFailed, users.UserError):
        st.error(t("oidc.refused", lang, email=shown))
        _sign_out_button(lang, key)
        return
    if not identity.display_name:
        identity = replace(identity, display_name=signed_in_name() or "")
    LOG.info("signed in %r through the identity provider from %r", email, session.client())
    session.sign_in(identity)
    st.rerun()
