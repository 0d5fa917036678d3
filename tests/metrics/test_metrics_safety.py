"""Safety: formula injection in downloads, upload limits, HTML escaping, templates."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from loaders.metrics.errors import UploadRejected
from loaders.metrics.importer import import_file, prepare
from loaders.metrics.readers import read_upload
from loaders.metrics.reported import figure_html
from loaders.metrics.safety import (
    MAX_UPLOAD_BYTES,
    SAMPLE_LABEL,
    check_upload_size,
    escape_html,
    html_table,
    neutralise_cell,
    to_csv_bytes,
    to_xlsx_bytes,
)
from loaders.metrics.templates import guide, headers, template_bytes

EVIL = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", EVIL)
def test_formula_cells_are_neutralised(text):
    assert neutralise_cell(text) == "'" + text
    assert neutralise_cell("Ba Đình") == "Ba Đình"
    assert neutralise_cell(-5) == -5


def test_csv_download_is_neutralised():
    frame = pd.DataFrame({"name": EVIL, "n": [-1, 2, 3, 4, 5, 6]})
    text = to_csv_bytes(frame, banner=SAMPLE_LABEL).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == [SAMPLE_LABEL]
    assert records[2] == ["'" + EVIL[0], "-1"]  # the number -1 is untouched
    assert all(r[0].startswith("'") for r in records[2:])


def test_xlsx_download_has_no_formula():
    frame = pd.DataFrame({"name": EVIL, "n": [-1, 2, 3, 4, 5, 6]})
    book = load_workbook(io.BytesIO(to_xlsx_bytes({"x": frame}, banner=SAMPLE_LABEL)))
    sheet = book["x"]
    assert sheet["A1"].value == SAMPLE_LABEL
    cells = [row for row in sheet.iter_rows(min_row=3, values_only=False)]
    assert all(c[0].data_type == "s" and c[0].value.startswith("'") for c in cells)
    assert cells[0][1].value == -1 and cells[0][1].data_type == "n"


def test_corrected_file_from_a_hostile_upload_is_neutralised(files, metrics_row_factory):
    row = metrics_row_factory(
        None, **{"Tên đơn vị": "=cmd|' /C calc'!A0", "Tỉnh/thành phố": "Hà Nội"}
    )
    prepared = prepare(files.csv([row]), "evil.csv", max_period="2026-10")
    for fmt in ("csv", "xlsx"):
        data = prepared.corrected_file(fmt)
        if fmt == "csv":
            assert ",=cmd" not in data.decode("utf-8-sig")
            assert "'=cmd" in data.decode("utf-8-sig")
        else:
            sheet = load_workbook(io.BytesIO(data)).active
            values = [c.value for row in sheet.iter_rows() for c in row]
            assert "'=cmd|' /C calc'!A0" in values
            assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_upload_size_limits(tmp_path, sqlite_engine):
    check_upload_size(MAX_UPLOAD_BYTES["metrics"], "ok.csv", "metrics")
    with pytest.raises(UploadRejected, match="above the 26 MB limit"):
        check_upload_size(MAX_UPLOAD_BYTES["metrics"] + 1, "big.csv", "metrics")
    big = "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n".encode() + b"00004,2025-08,1\n" * (
        MAX_UPLOAD_BYTES["metrics"] // 16 + 10
    )
    with pytest.raises(UploadRejected, match="limit"):
        read_upload(big, "big.csv", "metrics")
    path = tmp_path / "big.csv"
    path.write_bytes(big)
    with pytest.raises(UploadRejected, match="limit"):
        import_file(sqlite_engine, path, kind="metrics")


def test_html_is_escaped():
    name = '<img src=x onerror="alert(1)">'
    assert escape_html(name) == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    table = html_table(pd.DataFrame({"<b>": [name]}))
    assert "<img" not in table and "&lt;b&gt;" in table
    row = pd.Series(
        {
            "metric": name,
            "value_text": "1",
            "unit": "x",
            "commune_or_ward": name,
            "province_label": "Hà Nội",
            "as_of_date": "2025",
            "quote_vi": name,
            "article_title": name,
            "article_url": "javascript:alert(1)",
            "article_date": "2025-08-01",
        }
    )
    snippet = figure_html(row)
    assert "<img" not in snippet and "javascript:" not in snippet.split("href")[0]
    assert 'href="javascript' not in snippet


def test_templates_have_vietnamese_and_english_headers(sqlite_engine):
    for kind in ("metrics", "volunteers", "dossiers"):
        for lang in ("vi", "en"):
            text = template_bytes(kind, "csv", lang).decode("utf-8-sig")
            assert list(csv.reader(io.StringIO(text, newline=""))) == [headers(kind, lang)]
        assert len(guide(kind)) == len(headers(kind))
        book = load_workbook(io.BytesIO(template_bytes(kind, "xlsx")))
        assert book.sheetnames == ["Dữ liệu", "Hướng dẫn"]
        assert [c.value for c in book["Dữ liệu"][1]] == headers(kind, "vi")
    assert "Hồ sơ tiếp nhận" in headers("metrics") and "dossiers_received" in headers(
        "metrics", "en"
    )


def test_filled_xlsx_template_imports(sqlite_engine):
    book = load_workbook(io.BytesIO(template_bytes("metrics", "xlsx")))
    sheet = book["Dữ liệu"]
    values = {
        "Mã đơn vị": "00004",
        "Kỳ báo cáo (tháng)": "2025-08",
        "Hồ sơ tiếp nhận": 10,
        "Hồ sơ tiếp nhận trực tuyến": 4,
    }
    for cell in sheet[1]:
        if cell.value in values:
            sheet.cell(row=2, column=cell.column, value=values[cell.value])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_file(sqlite_engine, buffer.getvalue(), "filled.xlsx", max_period="2026-10")
    assert report.rows_stored == 1 and report.kind == "metrics"
