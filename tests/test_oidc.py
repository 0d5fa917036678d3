"""The sidebar's account block for an identity provider (:mod:`dashboard.auth.oidc`), run with
AppTest: nothing without an ``[auth]`` section; who is signed in, and only a verified address
counts as theirs; sign-out forgets the user; a provider that cannot be reached is said plainly.

The journey through a real provider in a browser is ``tests/e2e/test_oidc_browser.py``.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import free_port


def _account_block(lang: str = "vi") -> None:
    import streamlit as st

    from dashboard.auth import oidc

    oidc.sidebar(lang)
    st.session_state["seen"] = {
        "configured": oidc.configured(),
        "provider": oidc.provider_name(),
        "email": oidc.signed_in_email(),
        "name": oidc.signed_in_name(),
    }


def _app(auth: dict | None, user: dict | None = None, lang: str = "vi") -> AppTest:
    at = AppTest.from_function(_account_block, args=(lang,), default_timeout=30)
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _auth(metadata_url: str, named: bool = True) -> dict:
    provider = {
        "client_id": "dashboard",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": metadata_url,
    }
    shared = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    return {**shared, "soyte": provider} if named else {**shared, **provider}


SIGNED_IN = {
    "is_logged_in": True,
    "email": "Thu.Ha@SoYTe.example.vn",
    "email_verified": True,
    "name": "Nguyễn Thị Thu Hà",
}


def _texts(at: AppTest) -> str:
    parts = [e.value for e in at.sidebar.markdown] + [e.value for e in at.sidebar.text]
    return "\n".join(str(p) for p in parts)


def test_nothing_without_an_identity_provider():
    at = _app(None)
    assert at.session_state["seen"]["configured"] is False
    assert len(at.sidebar.button) == 0
    assert "Tài khoản" not in _texts(at)


def test_provider_named_or_unnamed():
    assert _app(_auth("http://127.0.0.1:9/x")).session_state["seen"]["provider"] == "soyte"
    unnamed = _app(_auth("http://127.0.0.1:9/x", named=False))
    assert unnamed.session_state["seen"]["provider"] is None


def test_signed_in_user_shown_with_verified_address():
    at = _app(_auth("http://127.0.0.1:9/x"), SIGNED_IN)
    seen = at.session_state["seen"]
    assert seen["email"] == "thu.ha@soyte.example.vn"
    assert seen["name"] == "Nguyễn Thị Thu Hà"
    texts = _texts(at)
    assert "Đã đăng nhập: **Nguyễn Thị Thu Hà**" in texts
    assert "Thu.Ha@SoYTe.example.vn" in texts
    assert [b.label for b in at.sidebar.button] == ["Đăng xuất"]
    assert len(at.sidebar.warning) == 0


def test_unverified_address_is_not_the_users():
    at = _app(_auth("http://127.0.0.1:9/x"), {**SIGNED_IN, "email_verified": False}, lang="en")
    assert at.session_state["seen"]["email"] is None
    assert "Signed in: **Nguyễn Thị Thu Hà**" in _texts(at)
    [warning] = at.sidebar.warning
    assert "has not verified" in warning.value and "you may only view" in warning.value


def test_sign_out_forgets_the_user():
    at = _app(_auth("http://127.0.0.1:9/x"), SIGNED_IN)
    at.sidebar.button[0].click().run()
    assert not at.exception
    assert at.user.get("is_logged_in") is False
    at.run()
    assert at.session_state["seen"]["email"] is None
    assert [b.label for b in at.sidebar.button] == ["Đăng nhập qua nhà cung cấp danh tính"]


def test_unreachable_provider_said_plainly():
    port = free_port()  # nothing listens there: the connection is refused at once
    at = _app(_auth(f"http://127.0.0.1:{port}/.well-known/openid-configuration"))
    [sign_in] = at.sidebar.button
    assert sign_in.label == "Đăng nhập qua nhà cung cấp danh tính"
    sign_in.click().run()
    assert not at.exception
    [error] = at.sidebar.error
    assert error.value.startswith("Không kết nối được với nhà cung cấp danh tính")
    assert f"127.0.0.1:{port}" in error.value
