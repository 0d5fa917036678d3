"""Statistics of the old → new comparison (loaders.compare) against the official register."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import compare
from loaders.lineage import lineage_pairs
from loaders.metrics.safety import neutralise_frame, to_csv_bytes
from loaders.register import legacy_units, new_units, unit_counts_by_province

needs_data = pytest.mark.mirror("the GSO register and the pre-2025 layers")


# --- Register-only statistics (no polygons needed for counts, but areas need the build) ------


@needs_data
def test_cao_bang_161_to_56():
    stats = compare.province_statistics().set_index("province_code")
    row = stats.loc["04"]
    assert row["province_name"] == "Cao Bằng"
    assert (row["units_pre2025"], row["units_2025"]) == (161, 56)
    assert row["reduction_pct"] == pytest.approx(100 * (161 - 56) / 161, abs=0.05)
    assert row["old_units_split"] == 0  # Cao Bằng merged whole units only
    assert row["pre2025_with_polygon"] + row["pre2025_without_polygon"] == 161


@needs_data
def test_national_totals():
    national = compare.national_statistics()
    # 10,035 commune-level units; the 5 island districts had no communes and count apart.
    assert national["units_pre2025"] == 10_035
    assert national["island_districts_pre2025"] == 5
    assert national["units_2025"] == 3_321
    assert national["provinces_pre2025"] == 63
    assert national["provinces_2025"] == 34
    assert national["reduction_pct"] == pytest.approx(100 * (10_035 - 3_321) / 10_035, abs=0.05)
    assert national["pre2025_with_polygon"] + national["pre2025_without_polygon"] == 10_035


@needs_data
def test_province_rows_match_register():
    stats = compare.province_statistics()
    provinces = stats[stats["province_code"] != compare.NATIONAL].set_index("province_code")
    assert len(provinces) == 34
    counts = unit_counts_by_province().set_index("province_code")
    pd.testing.assert_series_equal(
        provinces["units_2025"],
        counts["units_2025"].reindex(provinces.index),
        check_names=False,
        check_dtype=False,
    )
    pd.testing.assert_series_equal(
        provinces["units_pre2025"],
        counts["units_pre2025"].reindex(provinces.index),
        check_names=False,
        check_dtype=False,
    )
    assert provinces["units_2025"].sum() == 3_321
    # No old unit was split across two provinces, so the per-province counts add up.
    assert provinces["units_pre2025"].sum() == 10_035
    assert (provinces.loc["79", ["units_2025"]] == 168).all()  # TP. Hồ Chí Minh
    assert provinces.loc["51", "units_2025"] == 96  # Quảng Ngãi


@needs_data
def test_split_counts_consistent_with_lineage():
    pairs = lineage_pairs()
    stats = compare.province_statistics().set_index("province_code")
    split_old = pairs.loc[pairs["part"], "old_code"]
    assert stats.loc[compare.NATIONAL, "old_units_split"] == split_old.nunique()
    # A split old unit goes to at least two new units; a whole one to exactly one.
    targets = pairs.groupby("old_code")["new_code"].nunique()
    parts = pairs.groupby("old_code")["part"].any()
    assert (targets[parts] >= 2).all()
    assert (targets[~parts] == 1).all()
    per_province = stats.drop(index=compare.NATIONAL)["old_units_split"].sum()
    assert per_province == split_old.nunique()


@needs_data
def test_unit_marks():
    marks = compare.unit_marks().set_index("code")
    assert len(marks) == 3_321
    pairs = lineage_pairs()
    assert marks["n_predecessors"].sum() == len(pairs)
    assert marks["has_part"].sum() == pairs.loc[pairs["part"], "new_code"].nunique()
    sample = marks.loc["01273"]  # Phường Thục Phán, Cao Bằng
    assert sample["mark"] == f"{sample['n_predecessors']} → 1"
    with_part = marks[marks["has_part"]].iloc[0]
    assert with_part["mark"].endswith("(có phần tách)")
    stats = compare.province_statistics().set_index("province_code")
    assert stats.loc[compare.NATIONAL, "new_units_with_part"] == marks["has_part"].sum()


@needs_data
def test_province_table_63_to_34():
    table = compare.province_table()
    assert len(table) == 34
    assert table["n_old_provinces"].sum() == 63
    codes = [c for cell in table["old_province_codes"] for c in cell.split(", ")]
    assert sorted(codes) == sorted(legacy_units()["province_code"].unique())
    tuyen_quang = table.set_index("province_code").loc["08"]
    assert tuyen_quang["old_province_names"] == "Hà Giang, Tuyên Quang"
    assert table.set_index("province_code").loc["04", "merged"] == False  # noqa: E712


# --- Polygons ---------------------------------------------------------------------------------


@needs_data
def test_legacy_polygons_are_labelled_and_counted():
    polygons = compare.legacy_polygons()
    assert polygons["code"].is_unique
    assert polygons.crs.to_epsg() == 4326
    assert (polygons["area_km2_approx"] > 0).all()
    missing = compare.old_without_polygon()
    assert len(polygons) + len(missing) == 10_040
    assert set(missing["code"]).isdisjoint(polygons["code"])
    cao_bang = compare.old_without_polygon("04")
    stats = compare.province_statistics().set_index("province_code")
    assert len(cao_bang) == stats.loc["04", "pre2025_without_polygon"]


@needs_data
@pytest.mark.parametrize("new_code", ["01273", "01279", "01288", "00004", "25747"])
def test_predecessor_shares_sum_at_most_one(new_code):
    if new_code not in set(new_units()["code"]):
        pytest.skip(f"{new_code} is not a new unit code in this register")
    shares = compare.predecessor_shares(new_code)
    assert len(shares) == compare.unit_marks().set_index("code").loc[new_code, "n_predecessors"]
    with_polygon = shares[shares["has_polygon"]]
    assert with_polygon["share_of_new"].between(0, 1.0001).all()
    assert with_polygon["share_of_old"].between(0, 1.0001).all()
    # Approximate c. 2011 polygons may overlap their neighbours slightly: allow a few percent.
    assert with_polygon["share_of_new"].sum() <= 1.05
    no_polygon = shares[~shares["has_polygon"]]
    assert no_polygon["share_of_new"].isna().all()
    assert (no_polygon["share_note"] == compare.NO_POLYGON).all()


@needs_data
def test_predecessor_shares_cao_bang_whole_province():
    """Every new unit of Cao Bằng: shares within [0, 1] and summing to at most ~1."""
    codes = compare.unit_marks().query("province_code == '04'")["code"]
    sums = pd.Series(
        {code: compare.predecessor_shares(code)["share_of_new"].sum() for code in codes}
    )
    assert (sums <= 1.05).all(), sums[sums > 1.05]
    # Where every predecessor has a polygon, together they should cover most of the new unit.
    assert sums.median() > 0.5


@needs_data
def test_successor_shares_of_a_split_unit():
    pairs = lineage_pairs()
    split = pairs[pairs["part"]].groupby("old_code").size()
    old_code = split[split >= 2].index[0]
    succ = compare.successor_shares(old_code)
    assert len(succ) >= 2
    assert succ["part"].all()
    if succ["share_of_old"].notna().any():
        assert succ["share_of_old"].sum() <= 1.05


# --- CSV -------------------------------------------------------------------------------------


def test_csv_neutralises_formulas():
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "Xã Hưng Đạo", None],
            "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0],
            "=bad header": [1, 2, 3, 4, 5, 6],
        }
    )
    cleaned = neutralise_frame(frame)
    assert cleaned["name"].tolist()[:5] == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "Xã Hưng Đạo",
    ]
    assert cleaned["value"].tolist()[0] == -1.5  # numbers stay numbers
    assert "'=bad header" in cleaned.columns
    data = to_csv_bytes(frame)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "Xã Hưng Đạo" in text
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@"))


@needs_data
def test_statistics_csv_round_trip():
    data = to_csv_bytes(compare.province_statistics())
    back = pd.read_csv(
        pd.io.common.BytesIO(data), encoding="utf-8-sig", dtype={"province_code": str}
    )
    assert len(back) == 35
    assert back.set_index("province_code").loc["04", "units_pre2025"] == 161
