"""Browser test: a damaged XLSX uploaded to the import page is refused with a clear message in
the page's language, and the visitor never sees a traceback, an exception's name or a path.

The page runs on its own (``streamlit run dashboard/pages/data_import.py`` from the
repository, so ``.streamlit/config.toml`` applies) against its own SQLite store; the file is
uploaded through the real file input of Debian's Chromium.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from browser_support import launched_chromium, streamlit_server  # noqa: E402
from sign_in_support import add_account, sign_in  # noqa: E402

from loaders.paths import REPO_ROOT  # noqa: E402

pytest.importorskip("playwright.sync_api")

#: Text a visitor must never see on the page.
LEAKS = ("Traceback", 'File "', ".py", "zlib", "sqlite3", "/work/", "/tmp/")


def damaged_xlsx() -> bytes:
    """A real workbook whose sheet's deflate stream is corrupted (zlib.error when read)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Kỳ báo cáo (tháng)", "Hồ sơ tiếp nhận"])
    for i in range(300):
        sheet.append(["01273", "2025-08", i])
    buffer = io.BytesIO()
    book.save(buffer)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 8
    for i in range(start, start + 24):
        data[i] ^= 0x5A
    return bytes(data)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("import-page")
    url = f"sqlite:///{folder / 'metrics.sqlite'}"
    add_account(url, "admin", "admin")  # uploads are for signed-in editors and admins
    with streamlit_server(
        "dashboard/pages/data_import.py", REPO_ROOT, folder, env={"VNMAP_DB_URL": url}
    ) as served:
        yield served


@pytest.fixture(scope="module")
def page(app_url) -> Iterator[object]:
    with launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        yield tab
        context.close()


def _open_signed_in(page, app_url: str) -> None:
    """The page in a new session, signed in as the admin through its form."""
    page.goto(app_url)
    page.get_by_text("Nhập số liệu", exact=True).first.wait_for()
    sign_in(page, "admin")
    page.locator("input[type=file]").wait_for(state="attached")


def _upload(page, app_url: str, name: str, data: bytes, mime: str) -> str:
    _open_signed_in(page, app_url)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.get_by_text("Tệp có 1 lỗi").wait_for()
    page.wait_for_timeout(500)  # let the problem table finish drawing
    return page.locator("body").inner_text()


def test_a_damaged_xlsx_is_refused_without_a_traceback(page, app_url):
    from dashboard.core.i18n import t

    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    text = _upload(page, app_url, "hong.xlsx", damaged_xlsx(), mime)
    assert t("import.invalid", "vi", count=1) in text
    for leak in LEAKS:
        assert leak not in text, leak
    assert page.get_by_role("button", name=t("import.import", "vi")).is_disabled()


def test_a_header_only_csv_is_refused_without_a_traceback(page, app_url):
    data = "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n".encode()
    text = _upload(page, app_url, "rong.csv", data, "text/csv")
    for leak in LEAKS:
        assert leak not in text, leak


def test_a_province_template_lists_its_communes(page, app_url):
    """Choosing Cao Bằng and clicking the XLSX download of the metrics template gives one row
    per commune of Cao Bằng, codes as text (``"01273"``), names and province filled in."""
    from openpyxl import load_workbook

    page.goto(app_url)
    page.get_by_text("Nhập số liệu", exact=True).first.wait_for()
    page.get_by_text("Điền sẵn các xã, phường của tỉnh, thành phố").wait_for()
    page.get_by_role("combobox").first.click()
    page.keyboard.type("Cao Bằng")
    page.get_by_role("option", name="Tỉnh Cao Bằng").click()
    page.keyboard.press("Escape")
    buttons = page.get_by_role("button", name="Tải mẫu XLSX")
    page.wait_for_timeout(500)  # the rerun after the choice redraws the buttons
    with page.expect_download() as download:
        buttons.first.click()
    assert download.value.suggested_filename == "mau_metrics_04_vi.xlsx"
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    rows = list(book["Dữ liệu"].iter_rows(values_only=True))
    header, body = rows[0], [r for r in rows[1:] if any(v is not None for v in r)]
    assert len(body) == 56
    code, name = header.index("Mã đơn vị"), header.index("Tên đơn vị")
    codes = [r[code] for r in body]
    assert all(isinstance(c, str) and len(c) == 5 for c in codes), codes[:3]
    assert "01273" in codes
    assert all(r[name] for r in body)


def _errors_csv() -> bytes:
    """Three rows of Cao Bằng, each with one mistake: a negative count, a month that is no
    month, and a code that is no unit."""
    lines = [
        "Mã đơn vị,Tên đơn vị,Mã tỉnh,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận",
        "01273,Phường Thục Phán,04,2025-08,-5",
        "01279,Phường Nùng Trí Cao,04,tháng tám,12",
        "0127A,Phường Tân Giang,04,2025-08,3",
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("size", [(1400, 1000), (1280, 720), (390, 844)])
def test_a_file_with_errors_is_answered_in_vietnamese(page, app_url, size, tmp_path):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    _open_signed_in(page, app_url)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "loi.csv", "mimeType": "text/csv", "buffer": _errors_csv()}]
    )
    page.get_by_text("Tệp có 3 lỗi").wait_for()
    page.wait_for_timeout(800)  # let the problem table finish drawing
    # the data grid draws on a canvas; its accessible table holds the cells' text
    cells = page.locator("table[role=grid]", has_text="loi.csv").first.text_content()
    assert "số đếm âm -5" in cells
    assert "“tháng tám” không phải tháng (viết dạng 2025-08 hoặc 08/2025)" in cells
    assert "“0127A” không phải mã đơn vị" in cells
    for english in ("negative", "is not a", "write it as"):
        assert english not in cells
    page.get_by_text("Tệp có 3 lỗi").scroll_into_view_if_needed()
    shots = Path(os.environ.get("VNMAP_SHOTS", str(tmp_path)))
    page.screenshot(path=str(shots / f"import_errors_vi_{size[0]}x{size[1]}.png"))
