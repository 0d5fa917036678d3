"""Sign-in through an identity provider (:mod:`dashboard.auth.oidc`) with AppTest, on a server
whose operator chose it (``VNMAP_SIGN_IN=oidc``) and wrote an ``[auth]`` section in its secrets.
``AppTest.user`` is what the provider's ID token left in Streamlit's identity cookie:

* a verified address with an account becomes that account's identity, role and provinces
  exactly as a local sign-in gives them: an editor gets the import page's upload;
* a verified address without an account is a viewer; an unverified one, or a disabled
  account, signs nobody in and says why;
* signing out forgets the identity and the provider's cookie;
* a server closed to anonymous visitors opens to a user the provider signed in;
* a provider that cannot be reached is said plainly.

The journey through a real provider in a browser is ``tests/e2e/test_oidc_browser.py``.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.session import SESSION_KEY
from dashboard.auth.settings import ANONYMOUS_ENV, SIGN_IN_ENV
from dashboard.core.i18n import t
from loaders import users
from loaders.metrics import store
from tests.net_support import free_port

IMPORT_PAGE = "../dashboard/pages/data_import.py"
EDITOR = "thu.ha@soyte.example.vn"
#: What the provider says of the editor (the address in another case: the account still
#: matches).
SIGNED_IN = {
    "is_logged_in": True,
    "email": "Thu.Ha@SoYTe.example.vn",
    "email_verified": True,
    "name": "Nguyễn Thị Thu Hà",
}


def _auth(metadata_url: str = "http://127.0.0.1:9/x", named: bool = True) -> dict:
    provider = {
        "client_id": "dashboard",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": metadata_url,
    }
    shared = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    return {**shared, "soyte": provider} if named else {**shared, **provider}


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    monkeypatch.setenv(store.DB_URL_ENV, url)
    monkeypatch.setenv(SIGN_IN_ENV, "oidc")
    engine = store.get_engine(url)
    users.add_user(engine, EDITOR, "editor", ["04"], password=None)
    yield engine
    store.dispose_engine(url)


def _sidebar_app(engine_url: str, auth: dict | None, user: dict | None, lang: str = "vi"):
    """The router's sign-in part alone: the sidebar block of :mod:`dashboard.auth.sign_in`."""

    def script(url: str, lang: str) -> None:
        import streamlit as st

        from dashboard.auth import oidc, sign_in
        from loaders.metrics import store

        sign_in.sidebar(store.get_engine(url), lang)
        st.session_state["seen"] = {"provider": oidc.provider_name()}

    at = AppTest.from_function(script, args=(engine_url, lang), default_timeout=30)
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    return _run(at)


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _identity(at: AppTest) -> users.Identity | None:
    return at.session_state.get(SESSION_KEY)


def _texts(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.warning, *at.error]
    return "\n".join(str(e.value) for e in parts)


def test_an_editor_signed_in_at_the_provider_is_the_accounts_editor(engine):
    at = AppTest.from_file(IMPORT_PAGE, default_timeout=60)
    at.secrets["auth"] = _auth()
    at.user = SIGNED_IN
    _run(at)
    identity = _identity(at)
    local = users.get_user(engine, EDITOR).identity("local")
    assert (identity.username, identity.role, identity.provinces, identity.via) == (
        local.username,
        local.role,
        local.provinces,
        "oidc",
    )
    assert at.get("file_uploader"), "an editor gets the upload, as after a local sign-in"
    # The account has no name of its own: the provider's stays, though the page reads the
    # account again from the database.
    _run(at)
    assert _identity(at).label == "Nguyễn Thị Thu Hà"
    assert t("auth.import_scope", "vi", provinces="04 Tỉnh Cao Bằng") in _texts(at)


def test_sidebar_names_the_user_role_and_provinces(engine):
    at = _sidebar_app(str(engine.url), _auth(), SIGNED_IN)
    texts = _texts(at)
    assert "Đã đăng nhập: **Nguyễn Thị Thu Hà**" in texts
    assert t("auth.role_line", "vi", role=t("auth.role_editor", "vi")) in texts
    assert [b.label for b in at.sidebar.button] == [t("auth.sign_out", "vi")]


def test_an_address_without_an_account_is_a_viewer(engine):
    user = {**SIGNED_IN, "email": "ai.do@example.vn", "name": "Ai Đó"}
    at = _sidebar_app(str(engine.url), _auth(), user)
    identity = _identity(at)
    assert (identity.username, identity.role) == ("ai.do@example.vn", "viewer")
    assert identity.via == "oidc"
    assert t("auth.role_line", "vi", role=t("auth.role_viewer", "vi")) in _texts(at)


def test_an_unverified_address_signs_nobody_in(engine):
    at = _sidebar_app(str(engine.url), _auth(), {**SIGNED_IN, "email_verified": False}, "en")
    assert _identity(at) is None
    [warning] = at.warning
    assert "has not verified the address Thu.Ha@SoYTe.example.vn" in warning.value
    assert [b.label for b in at.sidebar.button] == ["Sign out"]


def test_a_disabled_account_signs_nobody_in(engine):
    users.update_user(engine, EDITOR, enabled=False)
    at = _sidebar_app(str(engine.url), _auth(), SIGNED_IN)
    assert _identity(at) is None
    [error] = at.error
    assert error.value.startswith("Không đăng nhập được với địa chỉ Thu.Ha@SoYTe.example.vn")


def test_sign_out_forgets_the_identity_and_the_providers_cookie(engine):
    at = _sidebar_app(str(engine.url), _auth(), SIGNED_IN)
    assert _identity(at) is not None
    at.sidebar.button[0].click()
    _run(at)
    assert at.user.get("is_logged_in") is False
    assert _identity(at) is None
    _run(at)  # the browser is on its way to the provider's sign-out; then the app anew
    assert _identity(at) is None
    assert [b.label for b in at.sidebar.button] == [t("auth.oidc_button", "vi")]


def test_no_provider_in_the_secrets_is_said(engine):
    at = _sidebar_app(str(engine.url), None, None)
    assert [w.value for w in at.warning] == [t("auth.oidc_unavailable", "vi")]
    assert not at.sidebar.button


def test_a_server_closed_to_visitors_opens_to_the_providers_user(engine, monkeypatch):
    monkeypatch.setenv(ANONYMOUS_ENV, "0")

    def script(url: str) -> None:
        import streamlit as st

        from dashboard.auth import sign_in
        from loaders.metrics import store

        sign_in.gate(store.get_engine(url), "vi")
        st.write("the page")

    visitor = AppTest.from_function(script, args=(str(engine.url),), default_timeout=30)
    visitor.secrets["auth"] = _auth()
    _run(visitor)
    assert [b.label for b in visitor.main.button] == [t("auth.oidc_button", "vi")]
    assert "the page" not in _texts(visitor)

    editor = AppTest.from_function(script, args=(str(engine.url),), default_timeout=30)
    editor.secrets["auth"] = _auth()
    editor.user = SIGNED_IN
    _run(editor)
    assert "the page" in _texts(editor)
    assert _identity(editor).role == "editor"


def test_settings_without_a_provider_address_are_said_to_be_incomplete(engine):
    auth = {k: v for k, v in _auth(named=False).items() if k != "server_metadata_url"}
    at = _sidebar_app(str(engine.url), auth, None, "en")
    at.sidebar.button[0].click()
    _run(at)
    assert [e.value for e in at.error] == [t("oidc.misconfigured", "en")]


def test_provider_named_or_unnamed(engine):
    named = _sidebar_app(str(engine.url), _auth(), None)
    assert named.session_state["seen"]["provider"] == "soyte"
    unnamed = _sidebar_app(str(engine.url), _auth(named=False), None)
    assert unnamed.session_state["seen"]["provider"] is None


def test_unreachable_provider_said_plainly(engine):
    port = free_port()  # nothing listens there: the connection is refused at once
    at = _sidebar_app(
        str(engine.url), _auth(f"http://127.0.0.1:{port}/.well-known/openid-configuration"), None
    )
    [sign_in] = at.sidebar.button
    assert sign_in.label == t("auth.oidc_button", "vi")
    sign_in.click()
    _run(at)
    [error] = at.error
    assert error.value.startswith("Không kết nối được với nhà cung cấp danh tính")
    assert f"127.0.0.1:{port}" in error.value
