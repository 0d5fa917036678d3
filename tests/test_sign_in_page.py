"""AppTest of sign-in and roles: the form, the sidebar, the import controls by role, the
import refused on the server, and a server closed to anonymous visitors."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.session import SESSION_KEY
from dashboard.core.i18n import t
from loaders import users
from loaders.metrics import store
from loaders.metrics.safety import SAMPLE_LABEL
from tests.app_support import app, run
from tests.auth_support import (
    PASSWORD,
    account,
    cheap_hashing,
    province_rows_csv,
    signed_in,
)

PAGE = "../dashboard/pages/data_import.py"
ABOUT_PAGE = "dashboard/pages/about.py"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """One store for the module (the page loads the sample into it once, about 3 s); each
    test has accounts of its own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sign-in') / 'metrics.sqlite'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(store.DB_URL_ENV, url)
        cheap_hashing(patch)
        yield store.get_engine(url)
    store.dispose_engine(url)


def page(lang: str = "vi") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = lang
    return at


def sign_in_with(at: AppTest, username: str, password: str, form: str = "import") -> AppTest:
    """Type into the form and click its button, as a user does."""
    at.text_input(key=f"auth_user_{form}").input(username)
    at.text_input(key=f"auth_password_{form}").input(password)
    at.button(key=f"auth_submit_{form}").click()
    return run(at)


def errors(at: AppTest) -> list[str]:
    """The error messages but the sample-data banners."""
    return [e.value for e in at.error if SAMPLE_LABEL not in e.value]


def texts(at: AppTest) -> str:
    parts = [*at.error, *at.info, *at.caption, *at.markdown, *at.success, *at.warning]
    return "\n".join(str(e.value) for e in parts)


def test_a_visitor_gets_the_form_not_the_upload_and_one_message_for_any_mistake(engine):
    users.add_user(engine, "hoa", "editor", ["04"], PASSWORD, "Chị Hoa")
    at = run(page())
    assert not at.get("file_uploader") and not [b for b in at.button if b.key == "imp_do"]
    assert t("auth.import_sign_in", "vi") in texts(at)
    assert t("auth.log_sign_in", "vi") in texts(at)  # the log names people: not for visitors
    assert at.get("download_button")  # templates are for everyone
    # the sections count on without the import's (3): upload 2, then the log 3
    assert [h.value for h in at.subheader][-2:] == [
        "2. Tải tệp lên và kiểm tra",
        "3. Nhật ký nhập liệu",
    ]

    failed = []
    for name, password in (("hoa", "sai mật khẩu rồi"), ("không-có-ai", PASSWORD)):
        sign_in_with(at, name, password)
        failed.append(errors(at))
        assert not at.get("file_uploader")
    assert failed[0] == failed[1] == [t("auth.failed", "vi")]

    sign_in_with(at, "HOA", PASSWORD)
    assert at.session_state[SESSION_KEY].username == "hoa"
    assert at.file_uploader(key="imp_file")
    assert t("auth.import_scope", "vi", provinces="04 Tỉnh Cao Bằng") in texts(at)


def test_a_locked_username_is_told_for_how_long(engine):
    users.add_user(engine, "lan", "editor", ["04"], PASSWORD)
    at = run(page("en"))
    for _ in range(users.MAX_FAILURES):
        sign_in_with(at, "lan", "wrong password")
    assert errors(at) == [t("auth.failed", "en")]
    sign_in_with(at, "lan", PASSWORD)
    assert errors(at) == [t("auth.locked", "en", count=15)]
    assert SESSION_KEY not in at.session_state


def test_a_viewer_sees_the_log_but_no_import_controls(engine):
    at = run(signed_in(page(), engine, "xem", "viewer"))
    assert not at.get("file_uploader") and not [b for b in at.button if b.key == "imp_do"]
    assert t("auth.import_viewer", "vi", name="Xem") in texts(at)
    assert any(t("import.col_imported_by", "vi") in d.value.columns for d in at.dataframe)
    assert [h.value for h in at.subheader][-1] == "3. Nhật ký nhập liệu"


def test_an_editors_file_with_another_province_is_refused_and_own_rows_import(engine):
    at = run(signed_in(page(), engine, "minh", "editor", ["04"]))
    at.file_uploader(key="imp_file").set_value(
        ("hai_tinh.csv", province_rows_csv("04", "08"), "text/csv")
    )
    run(at)
    assert t("auth.other_provinces", "vi", count=1) in texts(at)
    problems = next(d.value for d in at.dataframe if "Lỗi" in d.value.columns)
    assert list(problems["Dòng"]) == [3] and "08 Tỉnh Tuyên Quang" in problems["Lỗi"].iloc[0]
    assert at.button(key="imp_do").disabled

    at.file_uploader(key="imp_file").set_value(
        ("cao_bang.csv", province_rows_csv("04", "04"), "text/csv")
    )
    run(at)
    at.button(key="imp_do").click()
    run(at)
    assert t("import.import_ok", "vi") in [e.value for e in at.success]
    log = next(d.value for d in at.dataframe if "Người nhập" in d.value.columns)
    assert log.iloc[0]["Người nhập"] == "minh" and log.iloc[0]["Tệp"] == "cao_bang.csv"
    assert [h.value for h in at.subheader][-2:] == [
        "3. Nhập vào cơ sở dữ liệu",
        "4. Nhật ký nhập liệu",
    ]


def test_the_import_itself_checks_the_account_again(engine):
    """The button's state is no permission: a session's identity is read again from the
    database when the import runs."""
    from dashboard.imports.import_view import run_import

    data = province_rows_csv("04")
    before = store.revision(engine)
    refused = (False, t("auth.import_refused", "vi"), None)
    assert run_import(engine, None, data, "a.csv") == refused
    assert run_import(engine, account(engine, "khach", "viewer"), data, "a.csv") == refused
    editor = account(engine, "tam", "editor", ("04",))
    users.update_user(engine, "tam", enabled=False)  # after the sign-in
    assert run_import(engine, editor, data, "a.csv") == refused
    users.update_user(engine, "tam", enabled=True, provinces=["08"])
    ok, _, problems = run_import(engine, editor, data, "a.csv")
    assert not ok and list(problems["Dòng"]) == [2]
    assert store.revision(engine) == before  # nothing stored


def test_sidebar_signs_in_and_out_in_the_router(engine):
    users.add_user(engine, "thu", "editor", ["04", "08"], PASSWORD, "Chị Thu")
    at = app()
    at.switch_page(ABOUT_PAGE)
    run(at)
    sign_in_with(at, "thu", PASSWORD, form="side")
    shown = [m.value for m in at.sidebar.markdown] + [c.value for c in at.sidebar.caption]
    assert t("auth.signed_in_as", "vi", name="Chị Thu") in shown
    assert t("auth.role_line", "vi", role="Cán bộ nhập liệu") in shown
    assert t("auth.provinces_line", "vi", provinces="04 Tỉnh Cao Bằng, 08 Tỉnh Tuyên Quang") in (
        shown
    )
    at.button(key="auth_sign_out").click()
    run(at)
    assert SESSION_KEY not in at.session_state
    assert at.text_input(key="auth_user_side") is not None


def test_without_anonymous_viewing_only_the_form_shows(engine, monkeypatch):
    monkeypatch.setenv("VNMAP_ANONYMOUS_VIEWING", "0")
    users.add_user(engine, "ngoc", "viewer", password=PASSWORD)
    at = app()
    at.switch_page(ABOUT_PAGE)
    run(at)
    assert [e.value for e in at.title] == [t("auth.required_title", "vi")]
    assert not at.dataframe  # nothing of the page
    sign_in_with(at, "ngoc", PASSWORD, form="gate")
    assert at.title[0].value == "Nguồn dữ liệu và ghi chú"
    # the import page run on its own is gated the same way
    alone = run(page("en"))
    assert [e.value for e in alone.title] == [t("auth.required_title", "en")]
    assert not alone.get("download_button")
