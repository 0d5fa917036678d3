"""The signed-in identity of a browser session, in ``st.session_state`` (on the server).

A local sign-in holds for the browser tab's session: moving between pages keeps it; a reload
starts a new session, signed in again from the browser's remembered sign-in when it has one
(:mod:`dashboard.auth.remember`). Whatever may change data asks
:func:`refreshed`, which reads the account again from the database at that moment (its role
or provinces may have changed, or it may have been disabled, since it signed in).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from sqlalchemy import Engine

from loaders import users

SESSION_KEY = "auth_identity"


def current() -> users.Identity | None:
    """The identity signed in to this session, or None (anonymous)."""
    found = st.session_state.get(SESSION_KEY)
    return found if isinstance(found, users.Identity) else None


def sign_in(identity: users.Identity) -> None:
    st.session_state[SESSION_KEY] = identity


def sign_out() -> None:
    """Forget the identity (and, for a provider's sign-in, its login cookie)."""
    identity = st.session_state.pop(SESSION_KEY, None)
    if isinstance(identity, users.Identity) and identity.via == "oidc":
        st.logout()
        # End the run here: a rerun would drop the browser's redirect to the provider's
        # sign-out before it is sent (Streamlit clears unsent messages when a run restarts).
        st.stop()


def refreshed(engine: Engine) -> users.Identity | None:
    """The session's identity as the database says now; signs the session out when its
    account was removed or disabled."""
    previous = current()
    identity = users.refresh(engine, previous)
    if identity is None:
        st.session_state.pop(SESSION_KEY, None)
        return None
    if previous is not None and not identity.display_name:
        # An account without a name of its own keeps the one its sign-in gave (the
        # identity provider's name of the person).
        identity = replace(identity, display_name=previous.display_name)
    sign_in(identity)
    return identity


def client() -> str:
    """Where this session's browser connects from, for the sign-in log: its address and,
    behind a proxy, the forwarded-for header (not trusted for anything else)."""
    address = st.context.ip_address
    address = address if isinstance(address, str) else "localhost"  # None on localhost
    forwarded = st.context.headers.get("X-Forwarded-For")
    return f"{address} (forwarded for {forwarded})" if isinstance(forwarded, str) else address
