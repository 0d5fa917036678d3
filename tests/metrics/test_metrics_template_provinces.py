"""Templates pre-filled by province, and the guide sheet that says what each column needs.

The register is ``vietnamadminunits``' (installed with the app), so these tests need no data
directory. Cao Bằng (province ``"04"``) has 56 communes after 1 July 2025.
"""

from __future__ import annotations

import csv
import io
import os

import pandas as pd
import pytest
from openpyxl import load_workbook

from loaders.metrics.importer import import_file, prepare
from loaders.metrics.schemas import SCHEMAS
from loaders.metrics.templates import guide, headers, template_bytes, template_name
from loaders.paths import REPO_ROOT
from loaders.register import new_units
from tests.cli_support import run_loaders

CAO_BANG = "04"


def _xlsx_rows(data: bytes, sheet: str = "Dữ liệu") -> list[list[object]]:
    """The sheet's non-empty rows (the code columns are formatted as text for 1,000 rows
    below the header, which openpyxl reports as empty rows)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = book[sheet].iter_rows(values_only=True)
    return [list(row) for row in rows if any(v is not None for v in row)]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_cao_bang_template_has_its_56_communes_by_code():
    expected = new_units().query("province_code == @CAO_BANG")
    rows = _xlsx_rows(template_bytes("metrics", "xlsx", "vi", provinces=[CAO_BANG]))
    header, body = rows[0], rows[1:]
    assert header == headers("metrics", "vi")
    assert len(body) == 56
    table = pd.DataFrame(body, columns=header)
    codes = table["Mã đơn vị"]
    # strings of 5 digits, never numbers that lost their leading zero
    assert all(isinstance(c, str) and len(c) == 5 and c.isdigit() for c in codes)
    assert sorted(codes) == sorted(expected["code"])
    names = dict(zip(expected["code"], expected["full_name"], strict=True))
    assert list(table["Tên đơn vị"]) == [names[c] for c in codes]
    assert set(table["Mã tỉnh"]) == {"04"} and set(table["Tỉnh/thành phố"]) == {"Cao Bằng"}
    values = [
        h for h in header if h not in ("Mã đơn vị", "Tên đơn vị", "Mã tỉnh", "Tỉnh/thành phố")
    ]
    assert table[values].isna().all().all(), "metric columns must be empty"


def test_code_cells_of_the_prefilled_xlsx_are_text():
    book = load_workbook(io.BytesIO(template_bytes("metrics", provinces=CAO_BANG)))
    sheet = book["Dữ liệu"]
    assert sheet["A2"].value == "01273" and sheet["A2"].number_format == "@"
    assert sheet["D2"].value == "04" and sheet["D2"].number_format == "@"


def test_csv_template_for_two_provinces_and_for_all():
    rows = _csv_rows(template_bytes("volunteers", "csv", "en", provinces=["4", "08"]))
    header, body = rows[0], rows[1:]
    assert header == headers("volunteers", "en")
    by_province = pd.Series([r[header.index("province_code")] for r in body]).value_counts()
    units = new_units().province_code.value_counts()
    assert by_province.to_dict() == {"04": units["04"], "08": units["08"]}
    everything = _csv_rows(template_bytes("metrics", "csv", provinces="all"))
    assert len(everything) - 1 == 3321


def test_no_province_template_is_still_headers_only():
    assert _csv_rows(template_bytes("metrics", "csv")) == [headers("metrics", "vi")]
    assert _xlsx_rows(template_bytes("metrics", "xlsx"))[1:] == []


@pytest.mark.parametrize("bad", [["99"], ["04", "x"], []])
def test_unknown_province_is_refused(bad):
    with pytest.raises(ValueError, match="province"):
        template_bytes("metrics", "csv", provinces=bad)


def test_dossier_template_cannot_be_prefilled():
    with pytest.raises(ValueError, match="per dossier"):
        template_bytes("dossiers", "csv", provinces=["04"])


def test_guide_says_what_is_required_its_unit_and_range():
    table = guide("metrics").set_index("Column (English)")
    required = table["Bắt buộc / Required"]
    # every column the validation refuses a file without is marked: code or name, period
    assert required["unit_code"].startswith("có") and "unit_name" in required["unit_code"]
    assert required["period"].startswith("có")
    assert required["dossiers_received"]  # at least one value column
    assert required["former_district"] == "" and required["province_code"] == ""
    assert table.loc["dossiers_received", "Đơn vị tính / Unit"] == "hồ sơ / dossiers"
    assert table.loc["score_progress", "Giới hạn / Allowed range"] == "0 – 20"
    assert table.loc["satisfaction_rate", "Đơn vị tính / Unit"] == "%"
    assert "2025-07" in table.loc["period", "Giới hạn / Allowed range"]
    teams = guide("volunteers").set_index("Column (English)")
    assert teams.loc["team_name", "Bắt buộc / Required"] == "có / yes"
    assert teams.loc["volunteers", "Đơn vị tính / Unit"] == "người / people"
    dossiers = guide("dossiers").set_index("Column (English)")
    assert dossiers.loc["unit_code", "Bắt buộc / Required"] == "có / yes"


def test_guide_sheet_of_the_xlsx_has_the_required_column_filled():
    rows = _xlsx_rows(template_bytes("metrics", "xlsx", provinces=CAO_BANG), "Hướng dẫn")
    header, body = rows[0], rows[1:]
    required = dict(
        zip(
            [r[1] for r in body],
            [r[header.index("Bắt buộc / Required")] for r in body],
            strict=True,
        )
    )
    assert required["unit_code"] and required["period"]


def test_guide_and_validation_agree_on_required_columns():
    """Dropping a column the guide calls required makes the validation refuse the file."""
    for kind, schema in SCHEMAS.items():
        for spec in schema.fields:
            if schema.requirement(spec.key) in ("", "có (hoặc chọn kỳ báo cáo khi nhập)"):
                continue
            if schema.requirement(spec.key).startswith("ít nhất"):
                continue  # one of many value columns: any other one satisfies it
            group = next((g for g in schema.needs_one_of if spec.key in g), (spec.key,))
            kept = [f.vi for f in schema.fields if f.key not in group]
            data = ("\ufeff" + ",".join(f'"{h}"' for h in kept) + "\r\n").encode()
            data += ("," * (len(kept) - 1) + "1\r\n").encode()
            with pytest.raises(Exception, match="missing column"):
                prepare(data, f"{kind}.csv", kind=kind, max_period="2026-10")


def test_partly_filled_template_imports_the_filled_rows_only(sqlite_engine):
    """The unfilled rows of a pre-filled template are skipped, not stored as blanks."""
    book = load_workbook(io.BytesIO(template_bytes("metrics", provinces=CAO_BANG)))
    sheet = book["Dữ liệu"]
    column = {cell.value: cell.column for cell in sheet[1]}
    for row in (2, 3):
        sheet.cell(row=row, column=column["Kỳ báo cáo (tháng)"], value="2025-08")
        sheet.cell(row=row, column=column["Hồ sơ tiếp nhận"], value=12)
    buffer = io.BytesIO()
    book.save(buffer)
    prepared = prepare(buffer.getvalue(), "cao_bang.xlsx", max_period="2026-10")
    assert prepared.problems == []
    assert prepared.rows_read == 2 and prepared.unfilled_rows == 54
    assert set(prepared.join.rows["method"]) == {"code"}
    report = import_file(sqlite_engine, buffer.getvalue(), "cao_bang.xlsx", max_period="2026-10")
    assert report.rows_stored == 2


def test_unfilled_template_is_refused_with_a_reason():
    data = template_bytes("metrics", "csv", provinces=CAO_BANG)
    with pytest.raises(Exception, match="unfilled template"):
        prepare(data, "mau.csv", max_period="2026-10")


def test_cli_template_with_province(tmp_path):
    out = tmp_path / "cb.csv"
    done = run_loaders("template", "--province", "04", "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(_csv_rows(out.read_bytes())) == 57
    # the default file name, written where the command runs
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    default = run_loaders("template", "--province", "04", "08", cwd=tmp_path, env=env)
    assert default.returncode == 0, default.stderr
    assert (tmp_path / template_name("metrics", "xlsx", "vi", ["04", "08"])).is_file()
    assert template_name("metrics", "xlsx", "vi", ["04", "08"]) == "mau_metrics_04-08_vi.xlsx"
    bad = run_loaders("template", "--province", "99", "-o", str(tmp_path / "x.csv"))
    assert bad.returncode == 1 and "99" in bad.stderr
    assert not (tmp_path / "x.csv").exists()
