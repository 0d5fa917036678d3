"""The full table of the units in view (dashboard.map.unit_table): one row per unit, codes as
text, numbers as numbers, the counts behind a rate, coverage of aggregates; its CSV and XLSX
files read back with real readers (pandas, openpyxl)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.core import service_metrics
from dashboard.map import unit_table
from loaders.metrics import store
from loaders.metrics.rate_counts import count_columns, rate_counts
from loaders.register import new_units
from tests.app_support import app, run

CAO_BANG = "04"
SAMPLE = "DỮ LIỆU MẪU / SAMPLE DATA"


@pytest.fixture(scope="module", autouse=True)
def _needs_data(built_data):
    return built_data


def opened(at):
    """The page with the full table's expander open (its table is drawn only then)."""
    at.session_state["unit_table_expander"] = True
    return at


def _shown_table(at) -> pd.DataFrame:
    (frame,) = [d.value for d in at.dataframe]
    return frame


@pytest.mark.mirror("the 34 provinces")
def test_country_view_lists_the_34_provinces_with_counts_and_coverage():
    at = run(opened(app(metric="on_time_rate")))
    frame = _shown_table(at)
    assert len(frame) == 34 and frame["Mã"].is_unique
    assert set(frame["Mã"]) == set(new_units()["province_code"])
    assert all(isinstance(c, str) and len(c) == 2 for c in frame["Mã"])  # "04", never 4
    assert "Tỉnh Cao Bằng" in set(frame["Tên"])
    # The rate, the two counts it is computed from, and how many communes have data.
    columns = list(frame.columns)
    assert columns == [
        "Mã",
        "Tên",
        "Tỷ lệ hồ sơ giải quyết đúng hạn (%)",
        "Giải quyết đúng hạn",
        "Giải quyết quá hạn",
        "Số xã, phường có số liệu",
        "Số xã, phường",
    ]
    row = frame.set_index("Mã").loc[CAO_BANG]
    on_time, late = row["Giải quyết đúng hạn"], row["Giải quyết quá hạn"]
    assert row["Tỷ lệ hồ sơ giải quyết đúng hạn (%)"] == pytest.approx(
        100 * on_time / (on_time + late), abs=1e-6
    )
    assert row["Số xã, phường"] == 56 and 0 < row["Số xã, phường có số liệu"] <= 56
    assert frame["Số xã, phường"].sum() == 3321
    assert [e.label for e in at.expander if "Bảng đầy đủ" in e.label] == [
        "Bảng đầy đủ: 34 tỉnh, thành phố"
    ]


def test_province_view_lists_its_56_communes_in_english():
    at = run(opened(app(province=CAO_BANG, metric="area_km2", lang="en")))
    frame = _shown_table(at)
    codes = new_units().query("province_code == @CAO_BANG")["code"]
    assert len(frame) == 56 and set(frame["Code"]) == set(codes)
    assert list(frame.columns) == ["Code", "Name", "Area (km²)", "Province"]
    assert set(frame["Province"]) == {"Cao Bằng Province"}
    assert "Nùng Trí Cao Ward" in set(frame["Name"])
    assert frame["Area (km²)"].dtype.kind == "f" and frame["Area (km²)"].gt(0).all()
    assert any(e.label == "Full table: 56 communes" for e in at.expander)


def test_rate_counts_are_the_store_columns(registry):
    engine = registry.store
    period = registry["online_share"].default_period
    counts = rate_counts(engine, "online_share", period, "commune")
    assert list(counts.columns) == ["received_online", "received"]
    table = store.metric_table(engine, period, "unit").set_index("code")
    share = 100 * counts["received_online"] / counts["received"]
    pd.testing.assert_series_equal(
        share.dropna(), table["online_share"].reindex(share.dropna().index), check_names=False
    )
    assert count_columns("volunteer_coverage", "province") == ("units_with_team",)
    assert count_columns("score_total", "commune") == ()  # a score: no counts
    assert rate_counts(engine, "score_total", period, "commune").empty


@pytest.fixture(scope="module")
def cao_bang_table() -> unit_table.UnitTable:
    """The Cao Bằng table of the on-time rate (sample data), built as the page builds it."""
    from dashboard.map import data

    registry = service_metrics.registry()
    metric = registry["on_time_rate"]
    period = metric.default_period
    version = data.version()
    codes = data.commune_table(version).query("province_code == @CAO_BANG").index
    values = data.metric_values(version, registry, metric.key, "commune", period)
    values = values.reindex(codes)
    return unit_table.view_table(
        version, registry, metric, period, values, "commune", "Tỉnh Cao Bằng", "vi"
    )


def test_csv_has_text_codes_numbers_diacritics_and_the_sample_note(cao_bang_table):
    raw = unit_table.csv_bytes(cao_bang_table)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    text = raw.decode("utf-8-sig")
    assert "Phường Nùng Trí Cao" in text and "Tỉnh Cao Bằng" in text  # NFC diacritics intact
    lines = text.splitlines()
    assert lines[0].startswith("Mã,Tên,Tỷ lệ hồ sơ giải quyết đúng hạn (%),")
    assert lines[0].endswith(",Ghi chú")
    first = lines[1].split(",")
    assert first[0].startswith("0") and len(first[0]) == 5  # "01273", leading zero kept
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={"Mã": str})
    assert len(frame) == 56 and frame["Mã"].str.len().eq(5).all()
    assert frame["Tỷ lệ hồ sơ giải quyết đúng hạn (%)"].dtype.kind == "f"
    assert frame["Giải quyết đúng hạn"].dtype.kind == "i"  # counts written "962", not "962.0"
    cells = list(csv.DictReader(io.StringIO(text)))
    counts = [row["Giải quyết đúng hạn"] for row in cells]
    assert all(v == "" or v.isdigit() for v in counts) and any(v.isdigit() for v in counts)
    assert frame["Ghi chú"].str.startswith(SAMPLE).all()
    name = cao_bang_table.file_name("csv")
    assert name == "ty-le-ho-so-giai-quyet-dung-han_tinh-cao-bang_2026-10_du-lieu-mau.csv"


def test_xlsx_writes_codes_as_text_cells_and_says_what_the_data_are(cao_bang_table):
    book = load_workbook(io.BytesIO(unit_table.xlsx_bytes(cao_bang_table)))
    assert book.sheetnames == ["Số liệu", "Ghi chú"]
    sheet = book["Số liệu"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mã", "Tên", "Tỷ lệ hồ sơ giải quyết đúng hạn (%)"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 56
    for row in rows:
        code = row[0]
        assert code.data_type == "s" and code.number_format == "@" and code.value[0] == "0"
        rate, on_time = row[2], row[header.index("Giải quyết đúng hạn")]
        assert rate.value is None or isinstance(rate.value, int | float)
        assert on_time.value is None or isinstance(on_time.value, int)
    names = {row[1].value for row in rows}
    assert "Phường Nùng Trí Cao" in names
    about = {a.value: b.value for a, b in book["Ghi chú"].iter_rows()}
    assert about["Chỉ tiêu"] == "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert about["Kỳ số liệu"] == "tháng 10/2026" and about["Phạm vi"] == "Tỉnh Cao Bằng"
    assert about["Ghi chú"].startswith(SAMPLE)


def test_real_data_have_no_note_and_missing_values_stay_empty(registry):
    metric = registry["area_km2"]  # real figures
    values = pd.Series([12.5, None], index=["01273", "01279"])
    units = pd.DataFrame(
        {"name": ["Phường Thục Phán", "Phường Nùng Trí Cao"], "province": ["Tỉnh Cao Bằng"] * 2},
        index=["01273", "01279"],
    )
    table = unit_table.build_table(values, units, metric, "2025", "commune", "Cao Bằng", "vi")
    text = unit_table.csv_bytes(table).decode("utf-8-sig")
    assert text.splitlines() == [
        "Mã,Tên,Diện tích tự nhiên (km²),Tỉnh, thành phố".replace(
            "Tỉnh, thành phố", '"Tỉnh, thành phố"'
        ),
        "01273,Phường Thục Phán,12.5,Tỉnh Cao Bằng",
        "01279,Phường Nùng Trí Cao,,Tỉnh Cao Bằng",  # no data: empty, never 0
    ]
    assert table.file_name("xlsx") == "dien-tich-tu-nhien_cao-bang_2025.xlsx"


@pytest.mark.mirror("all 3,321 communes")
def test_all_communes_view_lists_every_commune_with_its_province():
    at = run(opened(app(all="1", metric="teams")))
    frame = _shown_table(at)
    assert len(frame) == 3321 and frame["Mã"].is_unique
    assert frame["Mã"].str.fullmatch(r"\d{5}").all()
    assert frame["Tỉnh, thành phố"].nunique() == 34
    row = frame.set_index("Mã").loc["01279"]
    assert row["Tên"] == "Phường Nùng Trí Cao" and row["Tỉnh, thành phố"] == "Tỉnh Cao Bằng"
    assert list(frame.columns[:3]) == ["Mã", "Tên", "Số đội hình (đội)"]  # a count: no counts


@pytest.mark.mirror("the 34 provinces")
def test_a_categorical_metric_lists_category_names():
    at = run(opened(app(metric="unit_type", lang="en")))
    frame = _shown_table(at)
    assert len(frame) == 34
    assert frame["Type of administrative unit"].value_counts().to_dict() == {
        "Province": 28,
        "Centrally-run city": 6,
    }


def test_a_closed_table_is_not_drawn():
    """Closed (the default), the expander draws no table: a table in a closed expander still
    mounted its grid in the browser and held back the map of a province opened from the
    country map."""
    at = run(app(province=CAO_BANG, metric="area_km2"))
    assert any(e.label.startswith("Bảng đầy đủ: 56") for e in at.expander)
    assert not [d for d in at.dataframe if "Mã" in d.value.columns]
