"""Hostile but well-formed XLSX files, written straight to a zip stream (no spreadsheet
library: openpyxl would need gigabytes to build them): a very wide sheet and a very tall one.

Used by ``bench/bench_import_memory.py`` and the memory test of the import
(``tests/metrics/test_metrics_memory.py``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)

METRICS_HEADERS = ["Mã đơn vị", "Kỳ báo cáo (tháng)", "Hồ sơ tiếp nhận"]
DOSSIER_HEADERS = ["Mã đơn vị", "Ngày tiếp nhận", "Trực tuyến"]


def column_letters(index: int) -> str:
    """``0`` → ``A``, ``16383`` → ``XFD``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header(headers: list[str]) -> str:
    cells = "".join(
        f'<c r="{column_letters(i)}1" t="inlineStr"><is><t>{escape(h)}</t></is></c>'
        for i, h in enumerate(headers)
    )
    return f'<row r="1">{cells}</row>'


def _workbook(rows: Iterator[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def wide_xlsx(rows: int = 1500, columns: int = 16_384) -> bytes:
    """A metrics header, then ``rows`` rows of ``columns`` numeric cells each (Excel's widest
    sheet: 16,384 columns). The cells carry no reference (``r=``), which the format allows
    (readers place them by position): 1,500 rows are under 1 MB compressed and expand to
    about 390 MB, under the 400 MiB limit."""
    row = "<c><v>1</v></c>" * columns

    def body() -> Iterator[str]:
        yield _header(METRICS_HEADERS)
        for n in range(2, rows + 2):
            yield f'<row r="{n}">{row}</row>'

    return _workbook(body())


def tall_xlsx(rows: int = 1_040_000, headers: list[str] | None = None) -> bytes:
    """A header, then ``rows`` rows of one short value per column (about 3 MB compressed for
    a million rows). With :data:`DOSSIER_HEADERS` the rows are valid dossiers."""
    headers = headers or METRICS_HEADERS
    dossiers = headers == DOSSIER_HEADERS

    def body() -> Iterator[str]:
        yield _header(headers)
        for n in range(2, rows + 2):
            if dossiers:
                day = 1 + n % 28
                yield (
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>01273</t></is></c>'
                    f'<c r="B{n}" t="inlineStr"><is><t>2025-08-{day:02d}</t></is></c>'
                    f'<c r="C{n}"><v>{n % 2}</v></c></row>'
                )
            else:
                yield f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>01273</t></is></c></row>'

    return _workbook(body())
