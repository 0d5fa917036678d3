"""Reading uploads and validating them: every problem names file, row, column and problem."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import numpy as np
import pytest

from loaders.metrics.errors import UploadRejected, ValidationFailed
from loaders.metrics.readers import _sheet_calamine, _sheet_openpyxl, read_upload
from loaders.metrics.schemas import SCHEMAS, detect_kind, header_lookup
from loaders.metrics.validation import validate_table


def check(data: bytes, name: str = "f.csv", kind: str = "metrics", **kwargs):
    return validate_table(read_upload(data, name), kind, max_period="2026-10", **kwargs)


def problems(data: bytes, name: str = "f.csv", kind: str = "metrics", **kwargs) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        check(data, name, kind, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_missing_columns_are_named(files):
    data = files.csv([{"Tên đơn vị": "Ba Đình", "Hồ sơ tiếp nhận": 3}])
    found = problems(data)
    assert "f.csv, column 'Kỳ báo cáo (tháng)': missing column" in found
    assert len(found) == 1
    no_unit = files.csv([{"Kỳ báo cáo (tháng)": "2025-08", "Hồ sơ tiếp nhận": 3}])
    assert "f.csv, column 'Mã đơn vị / Tên đơn vị': missing column" in problems(no_unit)


def test_each_problem_has_row_and_column(files, metrics_row_factory):
    rows = [
        metrics_row_factory("00004"),
        metrics_row_factory("00008", **{"Hồ sơ tiếp nhận": "abc"}),
        metrics_row_factory("00025", **{"Hồ sơ tiếp nhận trực tuyến": -3}),
        metrics_row_factory("00070", **{"Giải quyết đúng hạn": 95}),
        metrics_row_factory("00082", period="2025-06"),
        metrics_row_factory("00091", period="2027-01"),
        metrics_row_factory("00004"),
        metrics_row_factory("00008", **{"Hồ sơ tiếp nhận": 101}),
        metrics_row_factory("00103", **{"Tổng điểm (/100)": "120"}),
        metrics_row_factory("00118", **{"Giải quyết quá hạn": 7}),
        metrics_row_factory("12", **{"Hồ sơ tiếp nhận": "12,5"}),
    ]
    found = problems(files.csv(rows))
    expected = [
        "f.csv, row 3, column 'Hồ sơ tiếp nhận': text 'abc' in a number column",
        "f.csv, row 4, column 'Hồ sơ tiếp nhận trực tuyến': negative count -3",
        "f.csv, row 5, column 'Giải quyết đúng hạn': on-time (95) greater than resolved (90)",
        "f.csv, row 6, column 'Kỳ báo cáo (tháng)': period 2025-06 is before the merger of "
        "1 July 2025",
        "f.csv, row 7, column 'Kỳ báo cáo (tháng)': period 2027-01 is after the current month "
        "2026-10",
        "f.csv, row 8, column 'Mã đơn vị': duplicate row: same as row 2",
        "f.csv, row 9, column 'Mã đơn vị': duplicate row: same unit and period as row 3",
        "f.csv, row 10, column 'Tổng điểm (/100)': 120 is above the maximum 100 for this column",
        "f.csv, row 11, column 'Giải quyết quá hạn': on-time + late (92) greater than "
        "resolved (90)",
        "f.csv, row 12, column 'Hồ sơ tiếp nhận': count 12,5 is not a whole number",
    ]
    for line in expected:
        assert line in found, line
    assert "f.csv, row 10, column 'Tổng điểm (/100)': total 120 is not the sum" not in found


def test_period_outside_the_import_period(files, metrics_row_factory):
    data = files.csv(
        [metrics_row_factory(period="2025-08"), metrics_row_factory("00008", period="2025-09")]
    )
    assert problems(data, period="2025-08") == [
        "f.csv, row 3, column 'Kỳ báo cáo (tháng)': period 2025-09 is outside the import "
        "period 2025-08"
    ]


def test_period_can_come_from_the_import(files, metrics_row_factory):
    row = metrics_row_factory()
    del row["Kỳ báo cáo (tháng)"]
    checked = check(files.csv([row]), period="2025-10")
    assert checked.frame["period"].tolist() == ["2025-10"]


def test_xlsx_rows_are_sheet_rows(files, metrics_row_factory):
    frame_rows = [
        metrics_row_factory("00004"),
        metrics_row_factory("00008", **{"Hồ sơ tiếp nhận": "nhiều"}),
    ]
    data = files.xlsx(frame_rows, blank_rows_before=2)  # header on sheet row 3
    assert problems(data, "f.xlsx") == [
        "f.xlsx, row 5, column 'Hồ sơ tiếp nhận': text 'nhiều' in a number column"
    ]


def test_english_and_unaccented_headers_and_friendly_values(files):
    rows = [
        {
            "unit_code": 4,
            "PERIOD": "08/2025",
            "dossiers_received": "1.234",
            "received online": "1 000",
            "ho so duoc so hoa": 7,
            "Tỷ lệ hài lòng (%)": "95,5%",
            "Cột lạ": "x",
        }
    ]
    checked = check(files.xlsx(rows), "f.xlsx")
    row = checked.frame.iloc[0]
    assert row["unit_code"] == "00004"  # a code typed as a number keeps its zeros
    assert row["period"] == "2025-08"
    assert (row["received"], row["received_online"], row["digitised"]) == (1234, 1000, 7)
    assert row["satisfaction_rate"] == pytest.approx(95.5)
    assert checked.ignored == ["Cột lạ"]


def test_excel_date_in_period_column(files):
    from datetime import datetime

    rows = [
        {"Mã đơn vị": "00004", "Kỳ báo cáo (tháng)": datetime(2025, 8, 1), "Hồ sơ tiếp nhận": 1}
    ]
    assert check(files.xlsx(rows), "f.xlsx").frame["period"].tolist() == ["2025-08"]


def test_codes_keep_leading_zeros_in_csv(files, metrics_row_factory):
    checked = check(files.csv([metrics_row_factory("00004")]))
    assert checked.frame["unit_code"].tolist() == ["00004"]


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed letters where it has them, else a base letter
    followed by combining tone marks."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
        for cut in range(len(parts), 0, -1):
            try:
                out += unicodedata.normalize("NFC", parts[:cut]).encode("cp1258")
                out += parts[cut:].encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_semicolon_and_windows_1258_csv():
    text = "Mã đơn vị;Tên đơn vị;Kỳ báo cáo (tháng);Hồ sơ tiếp nhận\n00004;Ba Đình;2025-08;12\n"
    data = _cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    checked = check(data)
    assert checked.frame["received"].tolist() == [12]
    assert checked.frame["unit_name"].tolist() == ["Ba Đình"]


def test_headers_claimed_once_and_kind_detection():
    for kind in SCHEMAS:
        assert header_lookup(kind)  # raises if two fields claim a header
    assert detect_kind(["Mã đơn vị", "Kỳ báo cáo (tháng)", "Hồ sơ tiếp nhận"]) == "metrics"
    assert detect_kind(["team_name", "unit_code", "period"]) == "volunteers"
    assert detect_kind(["Mã đơn vị", "Ngày tiếp nhận", "Trực tuyến"]) == "dossiers"
    assert detect_kind(["foo", "bar"]) is None


def test_duplicate_header_and_unreadable_files(files):
    data = "Mã đơn vị,code,period,received\n00004,00004,2025-08,1\n".encode()
    assert problems(data) == [
        "f.csv, row 1, column 'code': same column as 'Mã đơn vị' (appears twice)"
    ]
    with pytest.raises(UploadRejected, match=r"old Excel \.xls"):
        read_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls")
    with pytest.raises(UploadRejected, match="not a valid XLSX"):
        read_upload(b"hello", "a.xlsx")
    with pytest.raises(UploadRejected, match="not a readable XLSX"):
        read_upload(b"PK\x03\x04garbage", "a.xlsx")
    with pytest.raises(UploadRejected, match="empty"):
        read_upload(b"\n\n", "a.csv")


def _shared_strings_xlsx() -> bytes:
    """A minimal workbook as Excel writes it: shared strings, a date style, a formula."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
            'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/'
            'sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles'
            '+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
            'workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="Dữ liệu" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
            'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0"?><sst {ns} count="5" uniqueCount="5"><si><t>Mã đơn vị</t>'
            "</si><si><t>Kỳ báo cáo (tháng)</t></si><si><t>Hồ sơ tiếp nhận</t></si><si><t>"
            '00004</t></si><si><r><t xml:space="preserve">Ba </t></r><r><t>Đình &amp; co</t></r>'
            "</si></sst>"
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0"?><styleSheet {ns}><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet {ns}><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>4</v></c></row>'
            '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="1"><v>45870</v></c>'
            '<c r="C3"><f>SUM(1,2)</f><v>3</v></c><c r="D3" t="inlineStr"><is><t>x&lt;y'
            "</t></is></c></row></sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_fast_xlsx_reader_matches_openpyxl():
    data = _shared_strings_xlsx()
    fast, fast_rows = _sheet_calamine(data, "s.xlsx", "Dữ liệu", 100)
    slow, slow_rows = _sheet_openpyxl(data, "s.xlsx", "Dữ liệu", 100)
    assert fast.tolist() == slow.tolist()
    assert list(fast_rows) == list(slow_rows) == [1, 3]
    table = read_upload(data, "s.xlsx")
    assert table.headers == ["Mã đơn vị", "Kỳ báo cáo (tháng)", "Hồ sơ tiếp nhận", "Ba Đình & co"]
    assert table.cells.iloc[0].tolist() == ["00004", "2025-08-01", "3", "x<y"]
    assert np.array_equal(table.rows, [3])


def test_namespace_prefixed_sheet_is_read():
    data = _shared_strings_xlsx()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            text = source.read(name).decode()
            if name == "xl/worksheets/sheet1.xml":
                text = text.replace('<worksheet xmlns="', '<x:worksheet xmlns:x="').replace(
                    "</worksheet>", "</x:worksheet>"
                )
                for tag in ("sheetData", "row", "c", "v", "f", "is", "t"):
                    text = (
                        text.replace(f"<{tag}>", f"<x:{tag}>")
                        .replace(f"<{tag} ", f"<x:{tag} ")
                        .replace(f"</{tag}>", f"</x:{tag}>")
                    )
            archive.writestr(name, text)
    table = read_upload(buffer.getvalue(), "p.xlsx")
    assert table.cells.iloc[0].tolist() == ["00004", "2025-08-01", "3", "x<y"]


def test_row_limit(files, metrics_row_factory):
    data = files.csv(
        [metrics_row_factory("00004", period=p) for p in ("2025-07", "2025-08", "2025-09")]
    )
    with pytest.raises(UploadRejected, match="more than 2 data rows"):
        read_upload(data, "f.csv", max_rows=2)
