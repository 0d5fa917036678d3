"""Browser test: a damaged XLSX uploaded to the import page is refused with a clear message in
the page's language, and the visitor never sees a traceback, an exception's name or a path.

The page runs on its own (``streamlit run dashboard/pages/data_import.py`` from the
repository, so ``.streamlit/config.toml`` applies) against its own SQLite store; the file is
uploaded through the real file input of Debian's Chromium.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from browser_support import launched_chromium, streamlit_server  # noqa: E402
from conftest import REPO_ROOT  # noqa: E402

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


def _upload(page, app_url: str, name: str, data: bytes, mime: str) -> str:
    page.goto(app_url)
    page.get_by_text("Nhập số liệu", exact=True).first.wait_for()
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
