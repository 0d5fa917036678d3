"""The streamed XLSX reader gives every cell as python-calamine does, in a few MB.

A large dossier export is read by :mod:`loaders.metrics.xlsx_stream` and a small one by
python-calamine: the two must agree cell for cell, or one file would count differently
depending on its size.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from loaders.metrics import readers, xlsx_stream
from loaders.metrics.dossiers import aggregate_dossiers
from loaders.metrics.errors import UploadRejected

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook_bytes(rows: str, date1904: bool = False, date_style: bool = False) -> bytes:
    """A minimal XLSX whose one sheet, "Dữ liệu", holds the ``<row>`` XML ``rows``; style 1
    is the built-in date format 14 when ``date_style``."""
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    xfs = '<xf numFmtId="0"/><xf numFmtId="14"/>' if date_style else '<xf numFmtId="0"/>'
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{pr}'
            '<sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/styles.xml": f'<styleSheet xmlns="{_MAIN}"><cellXfs>{xfs}</cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}',
    }
    if rows.endswith("</row>"):
        parts["xl/worksheets/sheet1.xml"] += "</sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _openpyxl_book() -> bytes:
    """Shared strings (Vietnamese), dates and times in date formats, integers, decimals,
    booleans, empty cells and a gap row, as Excel-like software writes them."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(["Mã hồ sơ", "Mã đơn vị", "Ngày tiếp nhận", "Trực tuyến", "Số", "Ghi chú"])
    sheet.append(["HS-1", "01273", datetime(2025, 8, 3, 9, 30), True, 12, "Phường Thục Phán"])
    sheet.append(["HS-2", 4, date(2025, 8, 4), False, 2.5, None])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["HS-3", "00004", "2025-08-05", 1, -3, "  có khoảng trắng "])
    sheet["C6"] = datetime(2025, 9, 1)
    sheet["C6"].number_format = "dd/mm/yyyy"
    sheet["E6"] = 45870.25  # a number in the General format stays a number
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _streamed(data: bytes) -> list[tuple[int, list]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    _name, path = readers._data_sheet(archive, "t.xlsx")
    return [(n, readers._row_texts(v)) for n, v in xlsx_stream.iter_rows(archive, path)]


def _calamine(data: bytes, sheet: str) -> list[tuple[int, list]]:
    return list(readers._rows_calamine(data, sheet))


def _trimmed(rows):
    """Rows with trailing empty cells and empty rows dropped (readers pad differently)."""
    out = []
    for number, texts in rows:
        while texts and texts[-1] is None:
            texts = texts[:-1]
        if texts:
            out.append((number, texts))
    return out


def test_openpyxl_workbook_reads_as_calamine_reads_it():
    data = _openpyxl_book()
    streamed = _trimmed(_streamed(data))
    assert streamed == _trimmed(_calamine(data, "Dữ liệu"))
    assert streamed[1] == (
        2,
        ["HS-1", "01273", "2025-08-03 09:30:00", "TRUE", "12", "Phường Thục Phán"],
    )
    assert streamed[2][1][2] == "2025-08-04"  # a date cell at midnight, as openpyxl says it
    assert streamed[-1][0] == 6  # the empty row 4 is skipped, row numbers kept


def test_inline_rich_text_phonetics_1904_and_cells_without_references():
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Ngày tiếp nhận</t></is></c></row>'
        # rich-text runs joined; a phonetic guide is not part of the text
        '<row r="2"><c r="A2" t="inlineStr"><is><r><t>012</t></r><r><t>73</t></r>'
        '<rPh sb="0" eb="1"><t>ふりがな</t></rPh></is></c>'
        '<c r="B2" s="1"><v>1</v></c></row>'
        # no references: cells follow each other, the row follows the previous one
        '<row><c t="str"><v>00004</v></c><c s="1"><v>0.5</v></c><c t="e"><v>#N/A</v></c></row>'
        '<row r="5"><c r="C5" t="b"><v>1</v></c></row>'
    )
    data = workbook_bytes(rows, date1904=True, date_style=True)
    streamed = _streamed(data)
    assert streamed == [
        (1, ["Mã đơn vị", "Ngày tiếp nhận"]),
        (2, ["01273", "1904-01-02"]),  # day 1 of the 1904 calendar
        (3, ["00004", "12:00:00", "#N/A"]),  # a fraction of a day is a time, as in openpyxl
        (5, [None, None, "TRUE"]),
    ]


def test_a_dossier_export_counts_the_same_streamed_or_read_whole(monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã hồ sơ", "Mã đơn vị", "Ngày tiếp nhận", "Hạn giải quyết", "Trực tuyến"])
    for i in range(300):
        received = datetime(2025, 8 + i % 3, 1 + i % 28, 8 + i % 9)
        due = date(2025, 8 + i % 3, min(28, 3 + i % 28))
        sheet.append([f"HS{i}", ["01273", "00004", "4"][i % 3], received, due, i % 2])
    sheet.append(["HS7", "01273", datetime(2025, 8, 2), None, 0])  # a duplicate id
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()

    def run():
        try:
            return aggregate_dossiers(data, "d.xlsx", today=date(2026, 11, 1)).frame
        except Exception as error:  # the duplicate is reported the same way by both
            return str(error)

    whole = run()
    monkeypatch.setattr(readers, "CALAMINE_MAX_CELLS", 0)  # stream even this small sheet
    streamed = run()
    assert "duplicate dossier id 'HS7' (also row 9)" in whole
    assert streamed == whole


def test_a_damaged_sheet_is_refused_with_a_reason(monkeypatch):
    monkeypatch.setattr(readers, "CALAMINE_MAX_CELLS", 0)
    data = workbook_bytes('<row r="1"><c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c>')
    with pytest.raises(UploadRejected, match="XML is malformed"):
        list(readers.iter_xlsx_tables(data, "cut.xlsx", max_rows=100))


def test_a_shared_string_index_that_is_not_one_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "CALAMINE_MAX_CELLS", 0)
    data = workbook_bytes(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>7</v></c></row>'
    )
    with pytest.raises(UploadRejected, match="not valid in an XLSX"):
        list(readers.iter_xlsx_tables(data, "bad.xlsx", max_rows=100))
