"""The product's lineage against the real GSO tables, read independently here with pandas.

Needs the boundary mirror (its ``register/`` folder); skips without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from loaders import gso
from loaders.known_differences import (
    CONVERTER_DIFFERENCES,
    GSO_CODE_CORRECTIONS,
    UNIT_TYPE_CHANGES,
)
from loaders.lineage import kind_label, lineage_pairs, predecessors, successors
from loaders.paths import find_data_dir
from loaders.register import legacy_counts, register_units, unit_counts_by_province
from loaders.second_source import compare_lineage, converter_pairs
from tests.cli_support import run_loaders

DATA = find_data_dir()
pytestmark = pytest.mark.mirror("the GSO register tables")

#: The GSO's own words → this project's kinds, written out again here on purpose.
WORDS = {
    "Nhập toàn bộ": "whole",
    "Nhập toàn bộ diện tích": "whole",
    "Nhập một phần": "part",
    "Nhập một phần diện tích": "part_area",
    "Nhâp một phần diện tích": "part_area",
    "Nhập một phần diện tích, toàn bộ dân số": "part_area_all_population",
    "Nhập một phần dân số": "part_population",
    "Giữ nguyên": "unchanged",
    "Đổi loại hình": "type_changed",
    "Đổi tên": "renamed",
}


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The conversion table read by pandas, codes corrected as recorded, one row per pair."""
    table = pd.read_csv(DATA / "register" / gso.CONVERSION_FILE, header=1, dtype=str)
    table = table[table["Mã Xã mới"].notna()].copy()
    table["note"] = table["Ghi chú"].str.replace(r"\s+", " ", regex=True).str.strip()
    district = table["Quận/huyện"].str.extract(r"\((\d{3})\)\s*$", expand=False)
    # Island districts without communes: the district is the old unit.
    table["old"] = table["Mã Xã cũ"].fillna(district.where(table["Tên Xã cũ"].isna()))
    table = table[table["old"].notna()]  # the Kim Đông alluvial land has no code
    for (new, old), (fixed, _) in GSO_CODE_CORRECTIONS.items():
        table.loc[(table["Mã Xã mới"] == new) & (table["old"] == old), "old"] = fixed
    return table.rename(columns={"Mã Xã mới": "new"})[["new", "old", "note"]]


def test_pairs_are_the_gso_table_after_the_recorded_corrections(raw: pd.DataFrame) -> None:
    pairs = lineage_pairs()
    assert len(pairs) == len(raw) == 10_570
    assert set(zip(pairs.new_code, pairs.old_code, strict=True)) == set(
        zip(raw.new, raw.old, strict=True)
    )
    assert pairs.new_code.nunique() == 3_321


def test_kinds_per_pair_equal_the_gso_words(raw: pd.DataFrame) -> None:
    kinds = raw.note.map(WORDS)
    other = kinds.isna()
    # Sentences naming the units: whole district/commune made a special zone, or a remainder.
    kinds[other] = raw.note[other].map(
        lambda n: "whole" if n.startswith("Sắp xếp toàn bộ") else "part"
    )
    expected = pd.Series(kinds.to_numpy(), index=pd.MultiIndex.from_frame(raw[["new", "old"]]))
    got = lineage_pairs().set_index(["new_code", "old_code"])["kind"]
    assert (got.reindex(expected.index).to_numpy() == expected.to_numpy()).all()
    counts = lineage_pairs().kind.value_counts()
    assert counts["whole"] == 9_470 and counts["part"] == 826 and counts["unchanged"] == 127
    part_kinds = {"part", "part_area", "part_area_all_population", "part_population"}
    assert (lineage_pairs().part == lineage_pairs().kind.isin(part_kinds)).all()


def test_phuong_cao_lanh_has_its_nine_predecessors() -> None:
    table = predecessors("29869")
    assert len(table) == 9
    assert set(table.old_district_name) == {"Thành phố Cao Lãnh"}
    assert (table.kind == "whole").all() and not table.part.any()
    # Phường 4 and 6 of Mỹ Tho, 3 and 4 of Cai Lậy, 3 and 4 of Sa Đéc are not among them.
    assert not {"28252", "28270", "28437", "28439", "29902", "29908"} & set(table.old_code)


def test_van_khe_went_in_part_to_o_dien() -> None:
    table = successors("09013").set_index("new_code")
    assert "09817" in table.index
    assert table.loc["09817", "kind"] == "part_area"
    assert kind_label(table.loc["09817", "kind"], "vi") == "nhập một phần diện tích"


def _namesakes_across_provinces(pairs: pd.DataFrame) -> pd.DataFrame:
    """Cần Thơ units with two predecessors of one name from different old provinces."""
    from loaders.official_lineage import loose_name
    from loaders.register import legacy_units

    old = legacy_units().set_index("code")
    province = register_units().set_index("code").province_code
    can_tho = pairs[pairs.new_code.map(province) == "92"]
    named = can_tho.assign(
        name=can_tho.old_code.map(old.full_name).map(loose_name),
        province=can_tho.old_code.map(old.province_code),
    )
    per_name = named.groupby(["new_code", "name"]).province.nunique()
    return per_name[per_name > 1].reset_index()


def test_no_can_tho_unit_takes_a_namesake_from_soc_trang_or_hau_giang() -> None:
    # The converter's name matching does exactly this (Thạnh Quới of Sóc Trăng into Thạnh
    # Quới of Cần Thơ): the check finds it there, and nothing in the product's lineage.
    assert len(_namesakes_across_provinces(converter_pairs())) >= 10
    assert _namesakes_across_provinces(lineage_pairs()).empty
    thanh_quoi = predecessors("31246")
    assert set(thanh_quoi.old_province_name) == {"Cần Thơ"}


def test_every_disagreement_with_the_second_source_is_explained() -> None:
    report, problems = compare_lineage(lineage_pairs())
    assert problems == []
    counts = report["counts"]
    assert counts["extra / name-collision"] + counts["extra / recorded"] == 33
    assert counts["missing / recorded"] == 1
    extra = [d for d in report["differences"] if d["difference"] == "extra"]
    assert len({d["new_code"] for d in extra}) == 26  # 33 spurious pairs in 26 new units
    flagged = [d for d in report["differences"] if d["difference"] == "part-flag"]
    assert len(flagged) == 32  # pairs the GSO calls whole, flagged part by the converter
    assert sum(d["explanation"] == "recorded" for d in report["differences"]) == len(
        CONVERTER_DIFFERENCES
    )
    cao_lanh = [d for d in report["differences"] if d["new_code"] == "29869"]
    assert len(cao_lanh) == 6 and {d["explanation"] for d in cao_lanh} == {"name-collision"}


def test_counts_before_the_merger() -> None:
    assert legacy_counts() == {"communes": 10_035, "island_districts": 5}
    table = unit_counts_by_province().set_index("province_code")
    assert table.units_pre2025.sum() == 10_035
    islands = table[table.island_districts_pre2025 > 0].index
    assert sorted(islands) == ["31", "44", "48", "51", "79"]
    assert table.loc["04", "units_pre2025"] == 161


def test_unit_types_on_1_july_2025_are_the_gso_s() -> None:
    units = register_units().set_index("code")
    assert units.loc["10543", "unit_type"] == "Phường"  # the package says Xã
    assert units.loc["10543", "unit_type_package"] == "Xã"
    assert len(UNIT_TYPE_CHANGES) == 10
    changed = units.loc[list(UNIT_TYPE_CHANGES)]
    assert set(changed.province_code) == {"75"} and set(changed.unit_type) == {"Xã"}


# --- Bad register files, through the command line -------------------------------------------


def _data_dir_with(tmp_path: Path, edit) -> Path:
    """A data directory that links the mirror's layers and holds an edited register."""
    data = tmp_path / "data"
    data.mkdir()
    for entry in DATA.iterdir():
        if entry.name != "register":
            (data / entry.name).symlink_to(entry)
    (data / "register").mkdir()
    for name in (gso.CONVERSION_FILE, gso.PRE_MERGER_FILE):
        text = (DATA / "register" / name).read_text(encoding="utf-8")
        (data / "register" / name).write_text(edit(name, text), encoding="utf-8")
    return data


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(args: list[str], data: Path, build: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "VNMAP_DATA_DIR": str(data), "VNMAP_BUILD_DIR": str(build)}
    return run_loaders(*args, env=env)


def _duplicate_pair(name: str, text: str) -> str:
    if name != gso.CONVERSION_FILE:
        return text
    line = next(line for line in text.splitlines() if ",01273," in line)
    return text + line + "\n"


def _unknown_old_code(name: str, text: str) -> str:
    if name != gso.CONVERSION_FILE:
        return text
    return text.replace(",Phường Sông Hiến,01267,", ",Phường Sông Hiến Mới,01999,", 1)


def _code_of_another_unit(name: str, text: str) -> str:
    if name != gso.CONVERSION_FILE:
        return text
    return text.replace(",Phường Sông Hiến,01267,", ",Phường Sông Hiến,01282,", 1)


def _no_note_column(name: str, text: str) -> str:
    return text.replace(",Ghi chú,", ",Ghi chu,", 1) if name == gso.CONVERSION_FILE else text


def _truncated(name: str, text: str) -> str:
    return text[: len(text) // 2] if name == gso.CONVERSION_FILE else text


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_duplicate_pair, r"row \d+ column 'Mã Xã cũ' code 01273: pair 01273 ← \d{5} is listed"),
        (_unknown_old_code, r"row 800 column 'Mã Xã cũ' code 01273: old code 01999"),
        (_code_of_another_unit, r"row 800 column 'Mã Xã cũ' code 01273: old code 01282 corrected"),
        (_no_note_column, r"row 2 column 'Ghi chú': column missing"),
        (_truncated, r"row \d+: file ends in the middle of a record"),
    ],
    ids=[
        "duplicated-pair",
        "unknown-old-code",
        "unrecorded-correction",
        "missing-column",
        "truncated",
    ],
)
def test_a_bad_register_fails_build_and_check_and_keeps_the_build(
    tmp_path: Path, edit, expected: str
) -> None:
    assert "Phường Sông Hiến,01267," in (DATA / "register" / gso.CONVERSION_FILE).read_text()
    build = tmp_path / "build"
    build.mkdir()
    (build / "manifest.json").write_text(json.dumps({"schema_version": 0}), encoding="utf-8")
    (build / "communes_detail.parquet").write_bytes(b"an existing build, kept as it is")
    before = _digest(build)
    data = _data_dir_with(tmp_path, edit)

    result = _run(["build", "--no-progress"], data, build)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "existing build is unchanged" in result.stderr
    assert re.search(rf"{gso.CONVERSION_FILE} {expected}", result.stderr), result.stderr
    assert _digest(build) == before

    result = _run(["check", "--json"], data, build)
    assert result.returncode == 1
    texts = [p["text"] for p in json.loads(result.stdout)["problems"]]
    assert any(re.search(rf"{gso.CONVERSION_FILE} {expected}", t) for t in texts), texts
    assert _digest(build) == before


def test_conversion_shares_every_unit_with_several_successors() -> None:
    from loaders.metrics.convert import successor_weights

    weights = successor_weights()
    assert weights.groupby("old_code").weight.sum().round(9).eq(1).all()
    several = weights.groupby("old_code").new_code.transform("size") > 1
    assert (weights.part == several).all()
    # Kỳ Lợi: whole area to Vũng Áng, part of its population to two others; the GSO calls one
    # pair whole, yet its counts are shared, not given whole to Vũng Áng and again to the rest.
    ky_loi = weights[weights.old_code == "18796"]
    assert len(ky_loi) == 3 and ky_loi.part.all()


def test_the_unit_type_map_claims_only_the_attested_changes() -> None:
    from dashboard.core import metrics

    note_vi, note_en = (metrics.UNIT_METRICS["unit_type"].note(lang) for lang in ("vi", "en"))
    assert "10 xã của tỉnh Đồng Nai đã thành phường" in note_vi and "14" not in note_vi
    assert "chưa xác minh số hiệu" in note_vi and "number not verified" in note_en
