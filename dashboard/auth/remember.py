"""A password sign-in that outlives the browser session: a page reload, a new tab or a move
to another app server (after one stops) finds the user still signed in.

At sign-in the server issues a token (:mod:`loaders.sign_in_sessions`: only its hash is
stored, in the shared database) and a small components-v2 script writes it into the browser's
cookie :data:`COOKIE` (``SameSite=Strict``, ``Secure`` over HTTPS, for the token's lifetime).
A new browser session reads the cookie once (``st.context.cookies``, sent with the session's
websocket) and resumes the account as the database says now. Signing out revokes the token on
the server and clears the cookie. Streamlit cannot set an ``HttpOnly`` cookie from a script
run, so the token is readable by the page's own scripts: the app writes no unescaped text from
users into the page, and the token opens nothing once revoked or expired.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from dashboard.auth import session
from loaders import sign_in_sessions, users

COOKIE = "vnmap_sign_in"
_TOKEN_KEY = "auth_remember_token"  # (token, cookie max-age in s) of this session's sign-in
_CHECKED_KEY = "auth_remember_checked"  # the cookie was read at the session's first run
_CLEAR_KEY = "auth_remember_clear"  # signed out in this session: the cookie must go

_JS = """
export default function ({ data }) {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie =
    `${data.name}=${data.value}; Path=/; Max-Age=${data.maxAge}; SameSite=Strict${secure}`;
}
"""
_write = st.components.v2.component("vnmap_sign_in_cookie", js=_JS)


def restore(engine: Engine) -> None:
    """At a browser session's first run: sign in the account its cookie remembers, if the
    token is still valid (one query, only when the cookie is there)."""
    if st.session_state.get(_CHECKED_KEY):
        return
    st.session_state[_CHECKED_KEY] = True
    token = _browser_token()
    if session.current() is not None or not token:
        return
    identity = sign_in_sessions.resume(engine, token)
    if identity is not None:
        session.sign_in(identity)
        st.session_state[_TOKEN_KEY] = (token, sign_in_sessions.seconds_left(engine, token))


def remember(engine: Engine, identity: users.Identity) -> None:
    """After a password sign-in: a new token, written to the cookie by :func:`write_cookie`."""
    token = sign_in_sessions.issue(engine, identity)
    st.session_state[_TOKEN_KEY] = (token, int(sign_in_sessions.LIFETIME.total_seconds()))
    st.session_state.pop(_CLEAR_KEY, None)


def forget(engine: Engine) -> None:
    """At sign-out: the token is revoked on the server, and the cookie cleared."""
    token, _max_age = st.session_state.pop(_TOKEN_KEY, (None, 0))
    sign_in_sessions.revoke(engine, token)
    st.session_state[_CLEAR_KEY] = True


def write_cookie() -> None:
    """Keep the browser's cookie in step with the session (in the sidebar, every full run:
    the same value again costs the browser nothing)."""
    remembered = st.session_state.get(_TOKEN_KEY)
    if remembered and session.current() is not None:
        token, max_age = remembered
        data = {"name": COOKIE, "value": token, "maxAge": max_age}
    elif st.session_state.get(_CLEAR_KEY) or _browser_token():
        data = {"name": COOKIE, "value": "", "maxAge": 0}
    else:
        return
    with st.sidebar:
        _write(key="auth_cookie", data=data)


def _browser_token() -> str | None:
    """The cookie the browser sent when this session began (None without one; a test
    harness without a browser has no cookies)."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None
