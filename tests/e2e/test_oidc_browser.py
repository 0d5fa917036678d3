"""Sign-in through an identity provider with Streamlit's own ``st.login``, in Debian's Chromium,
against a real OpenID Connect provider (``tests/oidc/provider.mjs``: the npm package
``oidc-provider`` on 127.0.0.1, with a client, secrets and passwords drawn for this run):

* the sidebar's sign-in button leads to the provider's login form; a wrong password is refused
  there; the right one brings the user back to the dashboard signed in as the account of their
  address (an editor of Cao Bằng), their Vietnamese name shown with its diacritics; signing out
  (confirmed at the provider) leaves them signed out;
* with the provider down, the sign-in button says so plainly in the page's language and the
  user stays on the dashboard (no traceback, no bare error page);
* the browser requests nothing outside this machine.

One provider process and one app server (``VNMAP_SIGN_IN=oidc``, a database of its own holding
the editor's account, without a password) for the module. With ``$VNMAP_SHOTS`` set, screenshots
of the signed-in sidebar (1400×1000, 1280×720, 390×844) and of the provider-down message go
there.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import LOCAL, free_port, require_chromium, streamlit_server
from oidc_support import Account, Client, oidc_provider, require_provider, write_secrets

from dashboard.auth.settings import SIGN_IN_ENV
from dashboard.core.i18n import t
from loaders import users
from loaders.metrics import store

pytestmark = [pytest.mark.browser]

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = Account(email="thu.ha@soyte.example.vn", name="Nguyễn Thị Thu Hà")
SIGN_IN = t("auth.oidc_button", "vi")
SIGN_OUT = t("auth.sign_out", "vi")
SIGNED_IN = t("auth.signed_in_as", "vi", name=ACCOUNT.name).replace("**", "")
#: A page without a map: the sidebar is what these tests are about, and the map page's first
#: visit costs seconds (the provider's callback still lands on the map, as for users).
LIGHT_PAGE = "about"
#: Text a visitor must never see on the page.
LEAKS = ("Traceback", 'File "', ".py", "Authentication error", "ConnectionError")


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """``expect`` waits as long as the pages do (its own default is 5 s: too short for a
    sign-in's page loads on a busy 2-core machine); Playwright's default again afterwards."""
    expect.set_options(timeout=45_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="module")
def client() -> Client:
    return Client()


@pytest.fixture(scope="module")
def provider_port() -> int:
    require_provider()
    require_chromium()
    return free_port()


@pytest.fixture(scope="module")
def app_url(built_data, tmp_path_factory, client, provider_port) -> Iterator[str]:
    """The dashboard with the provider in its secrets (a file of this run, not the repo's)."""
    folder = tmp_path_factory.mktemp("oidc-app")
    secrets = write_secrets(folder / "secrets.toml", client, f"http://127.0.0.1:{provider_port}")
    db_url = f"sqlite:///{folder / 'metrics.sqlite'}"
    users.add_user(store.get_engine(db_url), ACCOUNT.email, "editor", ["04"], password=None)
    store.dispose_engine(db_url)
    env = {SIGN_IN_ENV: "oidc", store.DB_URL_ENV: db_url}
    with streamlit_server(
        "streamlit_app.py", REPO, folder, extra_args=["--secrets.files", str(secrets)], env=env
    ) as url:
        yield url


@pytest.fixture(scope="module")
def provider(app_url, client, provider_port, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    with oidc_provider(
        provider_port, client, f"{app_url}/oauth2callback", [ACCOUNT], folder / "provider.log"
    ) as running:
        yield running


def _new_page(browser, requested: list[str], width: int = 1400, height: int = 1000):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    tab.on("request", lambda request: requested.append(request.url))
    return context, tab


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh 1400×1000 page in a context of its own (no cookies); after the test, every
    request it made must have stayed on this machine."""
    requested: list[str] = []
    context, tab = _new_page(browser, requested)
    yield tab
    context.close()
    assert requested and [u for u in requested if not LOCAL.match(u)] == []


def _shot(tab, name: str) -> None:
    """A screenshot into ``$VNMAP_SHOTS``, when set (none in CI: they cost time)."""
    folder = os.environ.get("VNMAP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(folder) / f"oidc_{name}.png"))


def _sidebar(tab):
    return tab.get_by_test_id("stSidebar")


def _click_sign_in(tab) -> None:
    """Open the sidebar's folded sign-in section and click the provider's button."""
    sidebar = _sidebar(tab)
    sidebar.get_by_text(t("auth.sign_in_header", "vi"), exact=True).click()
    sidebar.get_by_role("button", name=SIGN_IN).click()


def _sign_in(tab, app_url: str, issuer: str, password: str) -> None:
    """From the dashboard to the provider's form and, with ``password``, submitted."""
    tab.goto(f"{app_url}/{LIGHT_PAGE}")
    _click_sign_in(tab)
    tab.wait_for_url(f"{issuer}/interaction/**")
    tab.get_by_label("Email").click()
    tab.keyboard.type(ACCOUNT.email)
    tab.get_by_label("Password").click()
    tab.keyboard.type(password)
    tab.get_by_role("button", name="Sign in").click()


def _signed_in_text(tab):
    return _sidebar(tab).get_by_text(SIGNED_IN.split(":")[0] + ":")


def test_sign_in_at_the_provider_and_out_again(provider, app_url, page):
    _sign_in(page, app_url, provider.issuer, "not-" + ACCOUNT.password)
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    assert page.url.startswith(provider.issuer)

    page.get_by_label("Password").click()
    page.keyboard.type(ACCOUNT.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{app_url}/**")
    shown = _signed_in_text(page)
    expect(shown).to_be_visible()
    text = shown.inner_text()
    assert text == SIGNED_IN == f"Đã đăng nhập: {ACCOUNT.name}"
    assert unicodedata.is_normalized("NFC", text)
    # The account of the verified address: its role and provinces, as a local sign-in gives.
    role = t("auth.role_line", "vi", role=t("auth.role_editor", "vi"))
    expect(_sidebar(page).get_by_text(role)).to_be_visible()
    provinces = t("auth.provinces_line", "vi", provinces="04 Tỉnh Cao Bằng")
    expect(_sidebar(page).get_by_text(provinces)).to_be_visible()
    assert _sidebar(page).get_by_role("button", name=SIGN_IN).count() == 0
    cookies = {c["name"] for c in page.context.cookies(app_url)}
    assert "_streamlit_user" in cookies

    _shot(page, "signed_in_1400x1000")
    page.set_viewport_size({"width": 1280, "height": 720})
    _shot(page, "signed_in_1280x720")

    # A new tab of the same browser is signed in too: the identity is in the cookie.
    phone = page.context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{app_url}/{LIGHT_PAGE}")
    expect(_signed_in_text(phone)).to_have_text(SIGNED_IN)  # in the folded sidebar
    phone.get_by_test_id("stExpandSidebarButton").click()
    expect(_signed_in_text(phone)).to_be_in_viewport()
    # The sidebar slides in: shoot once it is all in view.
    phone.wait_for_function(
        "document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0"
    )
    _shot(phone, "signed_in_390x844")
    phone.close()

    _sidebar(page).get_by_role("button", name=SIGN_OUT).click()
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{app_url}/**")
    expect(_sidebar(page).get_by_text(t("auth.sign_in_header", "vi"), exact=True)).to_be_visible()
    assert _signed_in_text(page).count() == 0
    assert "_streamlit_user" not in {c["name"] for c in page.context.cookies(app_url)}


def test_provider_down_is_said_plainly(provider, app_url, page):
    provider.stop()
    try:
        page.goto(f"{app_url}/{LIGHT_PAGE}")
        _click_sign_in(page)
        message = _sidebar(page).get_by_text("Không kết nối được với nhà cung cấp danh tính")
        expect(message).to_be_visible()
        assert f"127.0.0.1:{provider.port}" in message.inner_text()
        assert page.url.startswith(app_url)
        body = page.locator("body").inner_text()
        assert not [leak for leak in LEAKS if leak in body]
        expect(message).to_be_in_viewport(ratio=1)  # the section has finished unfolding
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.mouse.move(700, 700)  # off the button: its help tooltip would cover the section
        _shot(page, "provider_down_1400x1000")
    finally:
        provider.start()
