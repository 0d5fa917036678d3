"""The export panel under the map: the map on screen becomes a briefing file."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.app_support import app, run

pytestmark = pytest.mark.usefixtures("built_data")


def open_app(**params: str) -> AppTest:
    return run(app(**params))


def title_key(at: AppTest) -> str:
    """The title box's key carries a fingerprint of the view, so it resets with the view."""
    return next(k for k in at.session_state if str(k).startswith("exp_title_"))


def downloads(at: AppTest) -> list:
    """The export panel's download buttons (the side panel's table has its own)."""
    return [
        e
        for e in at.get("download_button")
        if e.proto.label.startswith(("Tải", "Download")) and str(e.key).startswith("exp_")
    ]


def test_province_view_exports_a_300_dpi_png_with_the_default_title() -> None:
    at = open_app(province="04")
    title = at.text_input(key=title_key(at))
    assert "tỉnh Cao Bằng" in title.value
    assert downloads(at) == []  # nothing rendered yet
    at.button(key="exp_make").click().run()
    assert not at.exception
    [button] = downloads(at)
    assert button.proto.label.endswith(".png")
    data = at.session_state["exp_result"][1]
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert round(image.info["dpi"][0]) == 300
    assert image.size == (3508, 2480)  # A4 landscape at 300 dpi


def test_country_view_exports_a_pdf_with_the_edited_title() -> None:
    at = open_app()
    at.text_input(key=title_key(at)).set_value("Bản đồ thử — toàn quốc")
    at.selectbox(key="exp_fmt").set_value("pdf")
    at.button(key="exp_make").click().run()
    assert not at.exception
    data = at.session_state["exp_result"][1]
    assert data.startswith(b"%PDF")
    [button] = downloads(at)
    assert button.proto.label.endswith("ban-do-thu-toan-quoc.pdf")


def test_unit_type_view_exports_its_categories(tmp_path) -> None:
    from tests.test_export import pdf_text

    at = open_app(province="04", metric="unit_type")
    at.selectbox(key="exp_fmt").set_value("pdf")
    at.button(key="exp_make").click().run()
    assert not at.exception
    text = pdf_text(at.session_state["exp_result"][1], tmp_path)
    assert "Loại đơn vị hành chính — tỉnh Cao Bằng" in text
    for category in ("Xã", "Phường", "Đặc khu", "Không có số liệu"):
        assert category in text
    assert "DỮ LIỆU MẪU" not in text
