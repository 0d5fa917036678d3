"""The unit register (vietnamadminunits) and the old → new lineage (the GSO table, read from
the data directory's ``register/``; skips without it)."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.lineage import (
    lineage_pairs,
    predecessor_summary,
    predecessors,
    province_lineage,
    successors,
)
from loaders.register import (
    legacy_provinces,
    legacy_units,
    new_provinces,
    new_units,
    unit_counts_by_province,
)
from loaders.validate import check_lineage

pytestmark = pytest.mark.mirror("the GSO register tables")


def test_national_counts_before_and_after() -> None:
    assert len(new_provinces()) == 34
    assert len(new_units()) == 3321
    assert len(legacy_provinces()) == 63
    assert len(legacy_units()) == 10040


def test_cao_bang_161_to_56() -> None:
    row = unit_counts_by_province().set_index("province_code").loc["04"]
    assert (row.units_pre2025, row.units_2025) == (161, 56)
    assert (legacy_units().province_code == "04").sum() == 161


@pytest.mark.parametrize(("code", "count"), [("51", 96), ("79", 168), ("01", 126)])
def test_reported_unit_counts(code: str, count: int) -> None:
    # Quảng Ngãi 96 and TP. Hồ Chí Minh 168 are quoted in the press (reported_figures_2025.csv).
    assert (new_units().province_code == code).sum() == count


def test_codes_are_strings_with_leading_zeros() -> None:
    for frame, column in [
        (new_units(), "code"),
        (legacy_units(), "code"),
        (lineage_pairs(), "new_code"),
        (lineage_pairs(), "old_code"),
    ]:
        assert pd.api.types.is_string_dtype(frame[column])
    assert "00004" in set(new_units().code)
    assert new_units().code.str.fullmatch(r"\d{5}").all()
    assert new_units().code.is_unique and legacy_units().code.is_unique


def test_island_districts_are_legacy_units_with_district_codes() -> None:
    islands = legacy_units().query("level == 'district'")
    assert sorted(islands.name) == ["Bạch Long Vĩ", "Côn Đảo", "Cồn Cỏ", "Hoàng Sa", "Lý Sơn"]
    assert islands.code.str.fullmatch(r"\d{3}").all()
    assert successors("318").new_full_name.tolist() == ["Đặc khu Bạch Long Vĩ"]


def test_lineage_invariants_hold() -> None:
    problems = check_lineage(lineage_pairs(), new_units(), legacy_units(), province_lineage())
    assert problems == []


def test_province_lineage_is_63_to_34() -> None:
    table = province_lineage()
    assert table.old_province_code.nunique() == 63
    assert table.new_province_code.nunique() == 34
    assert set(table.query("new_province_code == '51'").old_province_code) == {"51", "62"}


def test_predecessors_of_thuc_phan() -> None:
    table = predecessors("01273")
    assert table.old_full_name.tolist() == [
        "Phường Sông Hiến",
        "Phường Hợp Giang",
        "Phường Đề Thám",
        "Xã Hoàng Tung",
        "Xã Hưng Đạo",
    ]
    assert set(table.old_district_name) == {"Thành phố Cao Bằng", "Huyện Hòa An"}
    assert not table.part.any()


def test_split_old_unit_is_flagged_part_in_every_successor() -> None:
    # Phường Ngọc Hà (Ba Đình, 00016) was split between several new wards.
    table = successors("00016")
    assert len(table) >= 2
    assert table.part.all()
    assert "00004" in set(table.new_code)
    assert predecessor_summary().loc["00004", "n_part"] >= 1


def test_unknown_code_gives_empty_tables() -> None:
    assert predecessors("99999").empty
    assert successors("99999").empty


def test_archipelago_codes_are_the_registers_dac_khu() -> None:
    from loaders.register import ARCHIPELAGOS

    units = new_units().set_index("code").loc[list(ARCHIPELAGOS)]
    assert list(units.full_name) == ["Đặc khu Hoàng Sa", "Đặc khu Trường Sa"]
    assert list(units.province_code) == ["48", "56"]
