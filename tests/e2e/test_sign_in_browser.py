"""Browser journey of an editor: sign in through the import page's form with real clicks and
typing, stay signed in through a reload and a new tab, import a small file of their province,
see a file with another province's row refused whole with that row named, sign out (and stay
out after a reload); the form in English; screenshots at three sizes.

The app (router) runs against its own SQLite store with one editor account of Cao Bằng (04).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from browser_support import launched_chromium, streamlit_server  # noqa: E402
from sign_in_support import add_account, main_area, sign_in  # noqa: E402

from dashboard.core.i18n import t  # noqa: E402
from loaders.paths import REPO_ROOT  # noqa: E402
from tests.auth_support import province_rows_csv  # noqa: E402

pytest.importorskip("playwright.sync_api")

SIZES = [(1400, 1000), (1280, 720), (390, 844)]


@pytest.fixture(scope="module")
def app_url(built_data, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("sign-in")
    url = f"sqlite:///{folder / 'metrics.sqlite'}"
    add_account(url, "hoa", "editor", ["04"], "Chị Hoa")
    with streamlit_server("streamlit_app.py", REPO_ROOT, folder, env={"VNMAP_DB_URL": url}) as u:
        yield u


@pytest.fixture(scope="module")
def page(app_url) -> Iterator[object]:
    with launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.set_default_timeout(90_000)
        yield tab
        context.close()


def shots_dir() -> Path | None:
    """Where to put screenshots: ``$VNMAP_SHOTS`` when set (to look at them), else none (they
    cost CI about 10 s)."""
    folder = os.environ.get("VNMAP_SHOTS")
    return Path(folder) if folder else None


def shoot(page, folder: Path | None, name: str, target, block: str = "center") -> None:
    """Screenshots at the three sizes, ``target`` (a locator) scrolled to ``block``."""
    if folder is None:
        return
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # the layout settles to the new width
        target.evaluate(f"e => e.scrollIntoView({{block: '{block}'}})")
        page.wait_for_timeout(200)
        page.screenshot(path=str(folder / f"{name}_{width}x{height}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def upload(page, name: str, data: bytes) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )


def test_an_editor_signs_in_imports_is_refused_another_province_and_signs_out(page, app_url):
    shots = shots_dir()
    main = main_area(page)
    page.goto(f"{app_url}/import")
    main.get_by_text(t("auth.import_sign_in", "vi")).wait_for()
    assert page.locator("input[type=file]").count() == 0  # no upload for a visitor
    shoot(page, shots, "sign_in_form_vi", main.locator("[data-testid='stForm']"))

    sign_in(page, "hoa", "mật khẩu sai rồi!")
    main.get_by_text(t("auth.failed", "vi")).wait_for()
    sign_in(page, "hoa")
    scope = t("auth.import_scope", "vi", provinces="04 Tỉnh Cao Bằng")
    main.get_by_text(scope).wait_for()
    sidebar = page.locator("[data-testid='stSidebar']")
    assert "Chị Hoa" in sidebar.inner_text() and "Cán bộ nhập liệu" in sidebar.inner_text()
    shoot(page, shots, "import_signed_in_vi", main.get_by_text(scope), "start")

    # the browser remembers the sign-in: a reload, and a new tab, are still signed in (the
    # cookie is written by a script of the sidebar, a moment after the name shows there)
    page.wait_for_function("document.cookie.includes('vnmap_sign_in=')")
    page.reload()
    main.get_by_text(scope).wait_for()
    assert "Chị Hoa" in sidebar.inner_text()
    cookie = [c for c in page.context.cookies() if c["name"] == "vnmap_sign_in"]
    assert len(cookie) == 1 and cookie[0]["sameSite"] == "Strict" and len(cookie[0]["value"]) > 40
    tab = page.context.new_page()
    tab.goto(f"{app_url}/import")
    main_area(tab).get_by_text(scope).wait_for()
    tab.close()

    # a file with a row of Tuyên Quang: refused whole, the row named
    upload(page, "hai_tinh.csv", province_rows_csv("04", "08"))
    main.get_by_text(t("auth.other_provinces", "vi", count=1)).wait_for()
    page.wait_for_timeout(500)  # let the problem table finish drawing
    cells = page.locator("table[role=grid]", has_text="hai_tinh.csv").first.text_content()
    assert "08 Tỉnh Tuyên Quang" in cells and "ngoài các tỉnh bạn được nhập" in cells
    button = main.get_by_role("button", name=t("import.import", "vi"), exact=True)
    assert button.is_disabled()
    shoot(
        page, shots, "import_refused_vi", main.get_by_text(t("auth.other_provinces", "vi", count=1))
    )

    # a file of Cao Bằng only: imported, and the log names who
    upload(page, "cao_bang.csv", province_rows_csv("04", "04"))
    main.get_by_text(t("import.plan_header", "vi")).wait_for()
    button.click()
    main.get_by_text(t("import.import_ok", "vi")).wait_for()
    page.wait_for_timeout(500)
    log = page.locator("table[role=grid]", has_text="cao_bang.csv").first.text_content()
    assert "hoa" in log and t("import.col_imported_by", "vi") in log
    shoot(
        page, shots, "import_log_vi", main.get_by_text(t("import.log_header", "vi", n=4)), "start"
    )

    # sign out from the sidebar: the form is back, the upload gone
    sidebar.get_by_role("button", name=t("auth.sign_out", "vi")).click()
    main.get_by_text(t("auth.import_sign_in", "vi")).wait_for()
    assert page.locator("input[type=file]").count() == 0
    # ... and stays out after a reload: the cookie is gone (and its token revoked)
    page.wait_for_function("!document.cookie.includes('vnmap_sign_in=')")
    page.reload()
    main.get_by_text(t("auth.import_sign_in", "vi")).wait_for()
    assert page.locator("input[type=file]").count() == 0

    # the form in English
    sidebar.get_by_text("English", exact=True).click()
    main.get_by_text(t("auth.import_sign_in", "en")).wait_for()
    form = main.locator("[data-testid='stForm']")
    for label in (t("auth.username", "en"), t("auth.password", "en")):
        assert form.get_by_label(label, exact=True).is_visible()
    assert form.get_by_role("button", name=t("auth.submit", "en")).is_visible()
    shoot(page, shots, "sign_in_form_en", form)
