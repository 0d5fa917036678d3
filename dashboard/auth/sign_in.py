"""The sign-in form, the signed-in user in the sidebar, and the gate of a server that is
open to signed-in users only (:mod:`dashboard.auth.settings`).

A failed sign-in says one thing whatever was wrong (the username or the password), so the
form does not tell which usernames exist; a locked username is told for how long. Widget keys
start with ``auth_``.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from dashboard.auth import remember, session, settings
from dashboard.core.i18n import t
from dashboard.core.markdown_text import md_escape
from loaders import sign_in_sessions, users
from loaders.register import province_names

ERROR_KEY = "auth_error"  # the last refusal, shown by the form after its rerun


def role_label(identity: users.Identity, lang: str) -> str:
    """``"Cán bộ nhập liệu"`` / ``"Editor"``."""
    return t(f"auth.role_{identity.role}", lang)


def provinces_label(identity: users.Identity, lang: str) -> str:
    """The provinces an identity may import, named: ``"04 Tỉnh Cao Bằng, 08 …"``."""
    if identity.is_admin:
        return t("auth.every_province", lang)
    names = province_names()
    return ", ".join(f"{code} {names.get(code, '')}".strip() for code in sorted(identity.provinces))


def form(engine: Engine, lang: str, key: str) -> None:
    """The sign-in form (username, password). ``key`` tells forms on one page apart."""
    if settings.sign_in_mode() == "oidc":
        _provider_sign_in(engine, lang, key)
        return
    error = st.session_state.get(f"{ERROR_KEY}_{key}")
    side = key == "side"
    # a narrow form in the main area: a full-width password field reads oddly
    with st.form(
        f"auth_form_{key}", clear_on_submit=True, border=not side, width="stretch" if side else 480
    ):
        username = st.text_input(
            t("auth.username", lang), key=f"auth_user_{key}", autocomplete="username"
        )
        password = st.text_input(
            t("auth.password", lang),
            type="password",
            key=f"auth_password_{key}",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(
            t("auth.submit", lang), type="primary", key=f"auth_submit_{key}"
        )
        if error is not None:
            st.error(error)
        st.caption(t("auth.form_note", lang, hours=sign_in_sessions.LIFETIME_HOURS))
    if submitted:
        _attempt(engine, username, password, lang, key)


def _attempt(engine: Engine, username: str, password: str, lang: str, key: str) -> None:
    st.session_state.pop(f"{ERROR_KEY}_{key}", None)
    try:
        identity = users.authenticate(engine, username, password, session.client())
    except users.SignInLocked as locked:
        st.session_state[f"{ERROR_KEY}_{key}"] = t("auth.locked", lang, count=locked.minutes_left)
    except users.SignInFailed:
        st.session_state[f"{ERROR_KEY}_{key}"] = t("auth.failed", lang)
    else:
        session.sign_in(identity)
        remember.remember(engine, identity)
    st.rerun()


def _provider_sign_in(engine: Engine, lang: str, key: str) -> None:
    """Sign-in through the operator's identity provider (:mod:`dashboard.auth.oidc`)."""
    try:
        from dashboard.auth import oidc
    except ImportError:
        st.warning(t("auth.oidc_unavailable", lang))
        return
    oidc.render_sign_in(engine, lang, key)


def sidebar(engine: Engine, lang: str) -> users.Identity | None:
    """In the sidebar: who is signed in, their role and provinces, and a sign-out button;
    or, for a visitor, the sign-in form in a folded section."""
    remember.write_cookie()
    identity = session.current()
    if identity is None:
        refused = st.session_state.get(f"{ERROR_KEY}_side") is not None
        with st.sidebar.expander(
            t("auth.sign_in_header", lang), expanded=refused, icon=":material/login:"
        ):
            form(engine, lang, "side")
        return None
    box = st.sidebar.container(border=True)
    box.markdown(t("auth.signed_in_as", lang, name=md_escape(identity.label)))
    box.caption(t("auth.role_line", lang, role=role_label(identity, lang)))
    if identity.role == "editor" or identity.is_admin:
        box.caption(t("auth.provinces_line", lang, provinces=provinces_label(identity, lang)))
    if box.button(t("auth.sign_out", lang), key="auth_sign_out", icon=":material/logout:"):
        remember.forget(engine)
        session.sign_out()
        st.rerun()
    return identity


def gate(engine: Engine, lang: str) -> users.Identity | None:
    """When the operator allows no anonymous viewing: the page shows only the sign-in form
    until the visitor signs in (the run stops here). Returns the identity (None when
    anonymous viewing is allowed and nobody signed in)."""
    if settings.anonymous_viewing():
        return session.current()
    identity = session.refreshed(engine) if session.current() is not None else None
    if identity is not None:
        return identity
    st.title(t("auth.required_title", lang))
    st.caption(t("auth.required_body", lang))
    form(engine, lang, "gate")
    st.stop()
    return None  # not reached: st.stop() ends the run
