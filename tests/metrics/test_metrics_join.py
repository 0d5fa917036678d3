"""The join doctor: code → exact name in province → former names → fuzzy, with counts."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.lineage import lineage_pairs
from loaders.metrics.importer import prepare
from loaders.metrics.join import join_units, name_key, province_key
from loaders.register import legacy_units, new_units


def join(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["_row"] = range(2, len(frame) + 2)
    return join_units(frame).rows.set_index("_row")


def test_name_keys():
    assert name_key("Phường 01") == name_key("P. 1") == "1"
    assert name_key("Xã Bình Sơn") == name_key("binh son") == "binh son"
    assert name_key("Đặc khu Lý Sơn") == "ly son"
    assert province_key("TP. Hồ Chí Minh") == province_key("TPHCM") == "ho chi minh"
    assert province_key("Tỉnh Thừa Thiên Huế") == "hue"


def test_names_that_start_like_a_type_word():
    # register short names "Phương Liệt", "Xà Phiên": the leading word is part of the name
    rows = join(
        [
            {"unit_code": "00352", "unit_name": "Phường Phương Liệt"},
            {"unit_name": "Phường Phương Liệt", "province_name": "Hà Nội"},
            {"unit_name": "Phương Liệt", "province_name": "Hà Nội"},
            {"unit_code": "31495", "unit_name": "Xã Xà Phiên"},
        ]
    )
    assert (rows["status"] == "matched").all()
    assert rows["code"].tolist() == ["00352", "00352", "00352", "31495"]


def test_stage_1_code():
    rows = join(
        [
            {"unit_code": "00004"},
            {"unit_code": "00004", "unit_name": "Phường Ba Đình"},
            {"unit_code": "00004", "unit_name": "Hoàn Kiếm"},  # contradicts the code
            {"unit_code": "06978"},  # boundary-file code of Xã Ba Chẽ
            {"unit_code": "00004", "province_name": "Cao Bằng"},  # wrong province
            {"unit_code": "99999"},
        ]
    )
    assert rows.loc[2, ["status", "method", "code", "confidence"]].tolist() == [
        "matched",
        "code",
        "00004",
        1.0,
    ]
    assert rows.loc[3, "status"] == "matched"
    assert rows.loc[4, "status"] == "ambiguous"
    assert "the row says 'Hoàn Kiếm'" in rows.loc[4, "note"]
    assert rows.loc[5, "code"] == "06970"
    assert rows.loc[6, "status"] == "ambiguous" and "Hà Nội" in rows.loc[6, "note"]
    assert rows.loc[7, "status"] == "unmatched" and "unknown code 99999" in rows.loc[7, "note"]


def test_former_code_is_matched_to_the_former_unit():
    old_only = sorted(set(legacy_units()["code"]) - set(new_units()["code"]))
    code = next(c for c in old_only if len(c) == 5)
    rows = join([{"unit_code": code}])
    assert rows.loc[2, ["status", "method", "old_code"]].tolist() == [
        "matched",
        "former code",
        code,
    ]
    assert pd.isna(rows.loc[2, "code"])


def test_stage_2_name_collision_across_provinces():
    rows = join(
        [
            {"unit_name": "Bình Sơn"},
            {"unit_name": "Xã Bình Sơn", "province_name": "Quảng Ngãi"},
            {"unit_name": "Bình Sơn", "province_code": "37"},  # Ninh Bình
            {"unit_name": "Binh Son", "province_name": "Tỉnh An Giang"},
        ]
    )
    assert rows.loc[2, "status"] == "ambiguous"
    assert "several provinces" in rows.loc[2, "note"]
    for province in ("Ninh Bình", "Quảng Ngãi", "An Giang"):
        assert province in rows.loc[2, "candidates"]
    assert rows.loc[3, ["status", "method", "code"]].tolist() == ["matched", "name", "21040"]
    assert rows.loc[4, "code"] == "13558"
    assert rows.loc[5, "code"] == "30823"


def test_unique_name_without_province_is_matched_with_lower_confidence():
    national = new_units()["name"].map(name_key).value_counts()
    name = new_units().loc[new_units()["name"].map(name_key).map(national) == 1, "name"].iloc[0]
    rows = join([{"unit_name": name}])
    assert rows.loc[2, ["status", "method", "confidence"]].tolist() == [
        "matched",
        "name (no province)",
        0.9,
    ]


def test_stage_3_former_names_through_the_lineage():
    rows = join(
        [
            {"unit_name": "Phường Phúc Xá", "province_name": "Hà Nội"},  # old Ba Đình ward
            {"unit_name": "Phúc Xá", "province_name": "Hà Nội", "district_name": "Quận Ba Đình"},
        ]
    )
    assert rows.loc[2, ["status", "method", "old_code"]].tolist() == [
        "matched",
        "former name",
        "00001",
    ]
    assert rows.loc[3, "old_code"] == "00001"


def test_former_province_name_narrows_the_search():
    # Bình Dương (old province 74) is now part of TP. Hồ Chí Minh (79)
    old = legacy_units()
    in_binh_duong = old[old["province_code"] == "74"]
    counts = old["name"].map(name_key).value_counts()
    unique_here = in_binh_duong[in_binh_duong["name"].map(name_key).map(counts) == 1]
    target = unique_here[
        ~unique_here["name"].map(name_key).isin(set(new_units()["name"].map(name_key)))
    ].iloc[0]
    rows = join([{"unit_name": target["name"], "province_name": "Bình Dương"}])
    assert rows.loc[2, "old_code"] == target["code"]
    assert rows.loc[2, "province_code"] == "79"


def test_stage_4_fuzzy_with_confidence():
    rows = join(
        [
            {"unit_name": "Giảng Võo", "province_name": "Hà Nội"},
            {"unit_name": "Giảng Võo"},  # no province: never accepted automatically
            {"unit_name": "Zzzzqqq", "province_name": "Hà Nội"},
        ]
    )
    assert rows.loc[2, ["status", "method", "code"]].tolist() == ["matched", "fuzzy", "00025"]
    assert 0.9 <= rows.loc[2, "confidence"] < 1.0
    assert rows.loc[3, "status"] == "ambiguous" and "no province" in rows.loc[3, "note"]
    assert rows.loc[4, "status"] == "unmatched"


def test_summary_counts_per_province_and_rows_behind():
    result = join_units(
        pd.DataFrame(
            {
                "_row": [2, 3, 4, 5],
                "unit_code": ["00004", None, None, "01273"],
                "unit_name": [None, "Bình Sơn", "Zzzzqqq", None],
                "province_name": [None, None, "Hà Nội", None],
            }
        )
    )
    assert result.counts == {"matched": 2, "ambiguous": 1, "unmatched": 1}
    summary = result.summary().set_index("province_code")
    assert summary.loc["01", ["matched", "ambiguous", "unmatched", "total"]].tolist() == [
        1,
        0,
        1,
        2,
    ]
    assert summary.loc["04", "matched"] == 1
    assert summary.loc["", "ambiguous"] == 1  # Bình Sơn: province unknown
    assert result.rows_for("01", "unmatched")["_row"].tolist() == [4]


def test_corrected_file_reimports_cleanly(files, metrics_row_factory):
    rows = [
        metrics_row_factory(None, **{"Tên đơn vị": "Giảng Võo", "Tỉnh/thành phố": "Hà Nội"}),
        metrics_row_factory(None, **{"Tên đơn vị": "Bình Sơn"}),
        metrics_row_factory(None, **{"Tên đơn vị": "Phúc Xá", "Tỉnh/thành phố": "Hà Nội"}),
    ]
    prepared = prepare(files.csv(rows), "names.csv", max_period="2026-10")
    assert prepared.join.counts == {"matched": 2, "ambiguous": 1, "unmatched": 0}
    assert len(prepared.problems) == 1 and prepared.problems[0].row == 3
    corrected = prepared.corrected_table()
    assert corrected["Mã đơn vị"].tolist()[0] == "00025"
    assert corrected["Tên trong tệp gốc"].tolist()[0] == "Giảng Võo"
    assert corrected["Trạng thái ghép"].tolist() == ["matched", "ambiguous", "matched"]
    fixed = corrected[corrected["Trạng thái ghép"] == "matched"]
    again = prepare(files.csv(fixed), "fixed.csv", max_period="2026-10")
    assert again.join.counts == {"matched": 2, "ambiguous": 0, "unmatched": 0}
    assert set(again.join.rows["method"]) == {"code", "former code"}
    xlsx = prepared.corrected_file("xlsx")
    assert xlsx[:2] == b"PK"
    assert prepare(xlsx, "fixed.xlsx", max_period="2026-10").join.counts["matched"] == 2


@pytest.mark.parametrize("split", [True, False])
def test_every_former_unit_code_joins(split):
    pairs = lineage_pairs()
    sample = pairs[pairs["part"] == split].drop_duplicates("old_code").head(40)
    rows = join([{"unit_code": c} for c in sample["old_code"]])
    assert (rows["status"] == "matched").all()
