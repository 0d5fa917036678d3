"""``python -m loaders lineage PROVINCE``: a province's communes with their predecessors, run as
a user would (the lineage of the data directory: the GSO table of the mirror's ``register/``,
or the converter the test fixture declares; Cao Bằng's 56 communes and 161 predecessors are
the same in both)."""

from __future__ import annotations

import json

from loaders.lineage import lineage_pairs, province_predecessors, province_successors
from loaders.register import legacy_units, new_units
from tests.cli_support import run_loaders


def test_cao_bang_json_lists_its_56_communes_and_161_predecessors() -> None:
    result = run_loaders("lineage", "04", "--json")
    assert result.returncode == 0, result.stderr
    [section] = json.loads(result.stdout)
    assert (section["code"], section["kind"], section["full_name"]) == (
        "04",
        "province",
        "Tỉnh Cao Bằng",
    )
    units = section["units"]
    expected = new_units().query("province_code == '04'")
    assert [u["code"] for u in units] == sorted(expected["code"])
    assert section["n_units"] == 56 and section["n_predecessors"] == 161
    thuc_phan = next(u for u in units if u["code"] == "01273")
    assert thuc_phan["full_name"] == "Phường Thục Phán"
    assert [p["old_code"] for p in thuc_phan["predecessors"]] == [
        "01267",
        "01273",
        "01282",
        "01696",
        "01705",
    ]
    assert {p["kind"] for p in thuc_phan["predecessors"]} == {"whole"}
    # every pair of the province once, codes as 5-digit strings
    pairs = sum(len(u["predecessors"]) for u in units)
    assert pairs == (lineage_pairs().new_province_code == "04").sum()
    assert all(len(p["old_code"]) == 5 for u in units for p in u["predecessors"])


def test_merged_province_text_shows_both_old_provinces_and_parts() -> None:
    """Tuyên Quang (08) = old Hà Giang (02) + Tuyên Quang (08); some old units were split."""
    result = run_loaders("lineage", "08")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Tỉnh Tuyên Quang (08), 2025 province: 124 communes")
    assert "Hà Giang" in result.stdout and "nhập một phần / part" in result.stdout
    # Phường Hà Giang 1 was formed in part from Phường Quang Trung of the old Hà Giang city
    start = lines.index(next(line for line in lines if line.startswith("00694  ")))
    block = []
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        block.append(line)
    assert any(
        line.split()[0] == "00688" and "một phần" in line and "Hà Giang" in line for line in block
    )


def test_one_digit_code_is_padded() -> None:
    assert run_loaders("lineage", "4").stdout == run_loaders("lineage", "04").stdout


def test_pre2025_province_lists_successors() -> None:
    """02 (Hà Giang) is no 2025 province: its old units are listed with where each went."""
    result = run_loaders("lineage", "02", "--json")
    assert result.returncode == 0, result.stderr
    [section] = json.loads(result.stdout)
    assert section["kind"] == "old_province" and section["full_name"] == "Tỉnh Hà Giang"
    listed = {u["code"] for u in section["units"]}
    assert listed == set(lineage_pairs().query("old_province_code == '02'").old_code)
    assert listed <= set(legacy_units().query("province_code == '02'").code)
    quang_trung = next(u for u in section["units"] if u["code"] == "00688")
    assert {s["new_code"] for s in quang_trung["successors"]} == {"00691", "00694"}


def test_unknown_province_code_fails() -> None:
    result = run_loaders("lineage", "03")
    assert result.returncode == 1
    assert "neither a 2025 province nor a pre-2025 province" in result.stderr


def test_province_tables_keep_string_codes() -> None:
    table = province_predecessors("04")
    assert table["new_code"].map(len).eq(5).all() and table["old_code"].map(len).eq(5).all()
    assert province_predecessors("99").empty
    assert province_successors("02")["new_province_code"].eq("08").all()
