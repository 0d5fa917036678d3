"""Sign-in through the operator's OpenID Connect provider, with Streamlit's own ``st.login``.

The operator describes the provider in Streamlit secrets (``.streamlit/secrets.toml``, or the
files named by the ``secrets.files`` option): an ``[auth]`` section with ``redirect_uri`` (the
app's ``/oauth2callback``) and ``cookie_secret``, and the provider's ``client_id``,
``client_secret`` and ``server_metadata_url`` either in ``[auth]`` itself or in one named
``[auth.NAME]`` section. Streamlit does the protocol (redirect, code exchange, ID token check)
and keeps the identity in a signed cookie; this module only reads it (``st.user``) and draws the
sidebar's sign-in and sign-out.

Only an address the provider says it verified (``email_verified``) counts as the user's
address: roles are given by address, and an unverified one could be anyone's.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
import streamlit as st
from streamlit.errors import StreamlitAuthError

from dashboard.core.i18n import t
from dashboard.core.markdown_text import md_escape

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


def sign_in_button(lang: str) -> None:
    """The sidebar's sign-in button: sends the browser to the provider's sign-in page, or says
    plainly why it cannot (provider unreachable, settings incomplete)."""
    if not st.sidebar.button(
        t("oidc.sign_in", lang), help=t("oidc.sign_in_help", lang), icon=":material/login:"
    ):
        return
    if not provider_reachable():
        st.sidebar.error(t("oidc.unreachable", lang, host=_provider_host()))
        return
    try:
        st.login(provider_name())
    except StreamlitAuthError as error:
        # Missing redirect_uri or cookie_secret: the operator's to fix, said to the user plainly.
        LOG.error("sign-in settings incomplete: %s", error)
        st.sidebar.error(t("oidc.misconfigured", lang))


def sign_out() -> None:
    """Forget the provider's identity in this browser (cookie cleared, new session) and sign
    out at the provider too when it offers that."""
    st.logout()


def sidebar(lang: str) -> None:
    """The sidebar's account block: who is signed in and a sign-out button, or the sign-in
    button. Draws nothing when the operator has no identity provider."""
    if not configured():
        return
    st.sidebar.markdown(f"**{t('oidc.heading', lang)}**")
    if not signed_in():
        sign_in_button(lang)
        return
    st.sidebar.markdown(t("oidc.signed_in_as", lang, name=md_escape(signed_in_name())))
    email = _user().get("email")
    if email and signed_in_email() is None:
        st.sidebar.warning(t("oidc.unverified_email", lang, email=md_escape(email)))
    elif email:
        st.sidebar.text(str(email))  # plain text: Markdown would make the address a link
    if st.sidebar.button(t("oidc.sign_out", lang), icon=":material/logout:"):
        sign_out()
