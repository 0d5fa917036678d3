"""The join doctor's corrected file keeps counts as whole numbers (``120``, not ``120.0``)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from loaders.metrics.importer import prepare

HEADER = (
    "Mã đơn vị,Tên đơn vị,Tỉnh/thành phố,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận,"
    "Hồ sơ tiếp nhận trực tuyến,Tổng điểm (/100)"
)
ROWS = (
    # a matched code, a count with a thousands separator, a missing count, a decimal score
    "01273,Thục Phán,Cao Bằng,2025-08,120,,83.5",
    ",Nùng Trí Cao,Cao Bằng,2025-08,1.234,5,",
)


def _metrics_file() -> bytes:
    return ("\ufeff" + "\r\n".join((HEADER, *ROWS)) + "\r\n").encode("utf-8")


def _volunteers_file() -> bytes:
    text = (
        "Tên đội hình,Mã đơn vị,Kỳ báo cáo (tháng),Số tình nguyện viên,"
        "Lượt người dân được hỗ trợ\r\n"
        "Đội 1,01273,2025-08,12,\r\n"
    )
    return ("\ufeff" + text).encode("utf-8")


@pytest.fixture(scope="module")
def prepared():
    return prepare(_metrics_file(), "so_lieu.csv", max_period="2026-10")


def test_corrected_table_counts_are_nullable_integers(prepared):
    table = prepared.corrected_table()
    assert str(table["Hồ sơ tiếp nhận"].dtype) == "Int64"
    assert table["Hồ sơ tiếp nhận"].tolist() == [120, 1234]
    assert table["Hồ sơ tiếp nhận trực tuyến"].isna().tolist() == [True, False]
    assert table["Tổng điểm (/100)"].dtype == "float64"  # scores stay decimal


def test_corrected_csv_writes_integers(prepared):
    rows = list(csv.DictReader(io.StringIO(prepared.corrected_file("csv").decode("utf-8-sig"))))
    assert [r["Hồ sơ tiếp nhận"] for r in rows] == ["120", "1234"]
    assert [r["Hồ sơ tiếp nhận trực tuyến"] for r in rows] == ["", "5"]
    assert rows[0]["Tổng điểm (/100)"] == "83.5"
    assert [r["Mã đơn vị"] for r in rows] == ["01273", "01279"]
    english = csv.DictReader(io.StringIO(prepared.corrected_file("csv", "en").decode("utf-8-sig")))
    assert [r["dossiers_received"] for r in english] == ["120", "1234"]


def test_corrected_xlsx_writes_integers(prepared):
    sheet = load_workbook(io.BytesIO(prepared.corrected_file("xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Hồ sơ tiếp nhận")
    values = [r[column] for r in rows[1:]]
    assert values == [120, 1234] and all(type(v) is int for v in values)
    assert rows[1][rows[0].index("Hồ sơ tiếp nhận trực tuyến")] is None
    assert rows[1][rows[0].index("Mã đơn vị")] == "01273"


def test_corrected_file_reimports_with_the_same_counts(prepared):
    again = prepare(prepared.corrected_file("csv"), "sua.csv", max_period="2026-10")
    assert again.problems == [] and set(again.join.rows["method"]) == {"code"}
    assert sorted(again.rows["received"].tolist()) == [120, 1234]


def test_volunteer_counts_stay_integers():
    prepared = prepare(_volunteers_file(), "doi_hinh.csv", max_period="2026-10")
    rows = list(csv.DictReader(io.StringIO(prepared.corrected_file("csv").decode("utf-8-sig"))))
    assert rows[0]["Số tình nguyện viên"] == "12"
    assert rows[0]["Lượt người dân được hỗ trợ"] == ""
