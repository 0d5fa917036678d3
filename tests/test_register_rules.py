"""The rules that read and resolve the GSO register tables, on small literal fixtures.

No boundary data needed: each test writes a tiny conversion table and pre-merger list in the
GSO's own CSV layout, with a second register given as a literal frame.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loaders import gso
from loaders.official_lineage import loose_name, resolve, same_name

GROUP_LINE = "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,"
HEADER = '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,'
PRE_HEADER = "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh"

PRE_ROWS = [
    "Tỉnh Cao Bằng,04,Huyện Quảng Hòa,049,Xã Hồng Quang,01615,Xã,",
    "Tỉnh Cao Bằng,04,Huyện Quảng Hòa,049,Xã Mỹ Hưng,01651,Xã,",
    "Tỉnh Cao Bằng,04,Huyện Quảng Hòa,049,Xã Hòa Thuận,01654,Xã,",
    "Tỉnh Cao Bằng,04,Huyện Quảng Hòa,049,Xã Tiên Thành,01660,Xã,",
    "Thành phố Hải Phòng,31,Huyện Bạch Long Vĩ,318,,,Huyện,",
]
SECOND = pd.DataFrame(
    {
        "code": ["01615", "01651", "01654", "01660", "318"],
        "full_name": [
            "Xã Hồng Quang",
            "Xã Mỹ Hưng",
            "Xã Hoà Thuận",
            "Xã Tiên Thành",
            "Huyện Bạch Long Vĩ",
        ],
    }
)


def record(new: str, new_code: str, old: str, old_code: str, note: str = "Nhập toàn bộ") -> str:
    return (
        f"Tỉnh Cao Bằng (04),{new},{new_code},{old},{old_code},{note},"
        "Huyện Quảng Hòa (049),Tỉnh Cao Bằng (04),"
    )


GOOD_ROWS = [
    "TỈNH CAO BẰNG,,,,,,,,",
    record("Xã Bế Văn Đàn", "01636", "Xã Hồng Quang", "01615"),
    record("Xã Phục Hòa", "01648", "Xã Mỹ Hưng", "01651"),
    record("Xã Phục Hòa", "01648", "Xã Hòa Thuận", "01654", "Nhập một phần diện tích"),
    record("Xã Hạnh Phúc", "01618", "Xã Hòa Thuận", "01654", '"Nhập một phần\n"'),
    record("Xã Hạnh Phúc", "01618", "Xã Tiên Thành", "01660", "Giữ nguyên"),
    "Thành phố Hải Phòng (31),Đặc khu Bạch Long Vĩ,11948,,,"
    "Sắp xếp toàn bộ huyện Bạch Long Vĩ thành đặc khu Bạch Long Vĩ,"
    "Huyện Bạch Long Vĩ (318),Thành phố Hải Phòng (31),",
]


def write_register(folder: Path, rows: list[str], pre_rows: list[str] = PRE_ROWS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join([GROUP_LINE, HEADER, *rows]) + "\n"
    (folder / gso.CONVERSION_FILE).write_text(text, encoding="utf-8")
    pre = "\n".join([PRE_HEADER, *pre_rows]) + "\n"
    (folder / gso.PRE_MERGER_FILE).write_text(pre, encoding="utf-8")
    return folder


def checks_of(problems) -> list[tuple[str, int | None, str]]:
    return [(p.check, p.row, p.column) for p in problems]


def test_a_clean_table_resolves_every_pair_with_its_kind(tmp_path: Path) -> None:
    result = resolve(write_register(tmp_path, GOOD_ROWS), SECOND, {})
    assert result.problems == []
    pairs = result.pairs.set_index(["new_code", "old_code"])
    assert len(pairs) == 6
    assert pairs.loc[("01648", "01654"), "kind"] == "part_area"
    assert pairs.loc[("01618", "01654"), "kind"] == "part"  # stray newline in Ghi chú
    assert pairs.loc[("01618", "01660"), "kind"] == "unchanged"
    assert bool(pairs.loc[("01648", "01654"), "part"]) and not pairs.loc[("01648", "01651"), "part"]
    # The island district is its own old unit, keyed by its 3-digit district code.
    assert pairs.loc[("11948", "318"), "kind"] == "whole"
    # The line the record starts on (the record before it spans two lines).
    assert pairs.loc[("01618", "01660"), "row"] == 9


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("Nhập toàn bộ", "whole"),
        ("  Nhập một phần  ", "part"),
        ("Nhập một phần diện tích", "part_area"),
        ("Nhâp một phần diện tích", "part_area"),
        ("Nhập một phần diện tích, toàn bộ dân số", "part_area_all_population"),
        ("Nhập một phần dân số", "part_population"),
        ("Giữ nguyên", "unchanged"),
        ("Đổi loại hình", "type_changed"),
        ("Đổi tên", "renamed"),
        ("Sắp xếp toàn bộ huyện Lý Sơn thành đặc khu Lý Sơn", "whole"),
        ("Phần còn lại sau khi tách một phần vào xã Canh Vinh", "part"),
        ("Đổi tên, đổi loại hình từ một phần thị trấn Lai Uyên", "part"),
        ("Sáp nhập gì đó", None),
    ],
)
def test_note_kinds(note: str, kind: str | None) -> None:
    assert gso.note_kind(note) == kind


def test_a_code_naming_another_unit_is_corrected_when_recorded(tmp_path: Path) -> None:
    # Phục Hòa lists Mỹ Hưng with Hồng Quang's code, as the real table does.
    rows = [*GOOD_ROWS]
    rows[2] = record("Xã Phục Hòa", "01648", "Xã Mỹ Hưng", "01615")
    recorded = {("01648", "01615"): ("01651", "evidence")}
    result = resolve(write_register(tmp_path, rows), SECOND, recorded)
    assert result.problems == []
    assert result.corrections == [
        {
            "row": 5,
            "new_code": "01648",
            "table_old_code": "01615",
            "old_code": "01651",
            "old_name": "Xã Mỹ Hưng",
            "code_names": "Xã Hồng Quang",
        }
    ]
    pairs = result.pairs.set_index(["new_code", "old_code"])
    assert ("01648", "01651") in pairs.index and ("01648", "01615") not in pairs.index
    assert pairs.loc[("01648", "01651"), "table_old_code"] == "01615"


def test_a_recorded_correction_that_no_longer_applies_is_a_problem(tmp_path: Path) -> None:
    recorded = {("01648", "01615"): ("01651", "evidence")}
    result = resolve(write_register(tmp_path, GOOD_ROWS), SECOND, recorded)
    assert [(p.check, p.code) for p in result.problems] == [("register-correction", "01648")]


def test_a_correction_not_recorded_is_a_problem(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS]
    rows[1] = record("Xã Bế Văn Đàn", "01636", "Xã Tiên Thành", "01615")
    result = resolve(write_register(tmp_path, rows), SECOND, {})
    assert [c["old_code"] for c in result.corrections] == ["01660"]
    assert any(
        p.check == "register-correction" and "not recorded" in p.message and p.code == "01636"
        for p in result.problems
    )


def test_a_code_that_resolves_nowhere_names_file_row_and_column(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, record("Xã Phục Hòa", "01648", "Xã Vô Danh", "01699")]
    result = resolve(write_register(tmp_path, rows), SECOND, {})
    problem = next(p for p in result.problems if p.check == "register-code")
    assert (problem.file, problem.row, problem.column) == (gso.CONVERSION_FILE, 11, "Mã Xã cũ")
    assert "01699" in str(problem) and "row 11" in str(problem)


def test_a_name_the_second_register_confirms_stands(tmp_path: Path) -> None:
    # Renamed after the January list: the list says Tiên Thành, the table and the June
    # register say Tiên Thành Mới; the code stands and the case is counted.
    second = SECOND.copy()
    second.loc[second.code == "01660", "full_name"] = "Xã Tiên Thành Mới"
    rows = [*GOOD_ROWS]
    rows[5] = record("Xã Hạnh Phúc", "01618", "Xã Tiên Thành Mới", "01660", "Giữ nguyên")
    result = resolve(write_register(tmp_path, rows), second, {})
    assert [r["old_code"] for r in result.renamed_after_list] == ["01660"]
    assert ("01618", "01660") in set(zip(result.pairs.new_code, result.pairs.old_code, strict=True))


def test_a_duplicated_pair_is_a_problem(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, GOOD_ROWS[1]]
    result = resolve(write_register(tmp_path, rows), SECOND, {})
    assert checks_of(result.problems) == [("register", 11, "Mã Xã cũ")]


def test_an_unknown_note_is_a_problem_with_its_column(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, record("Xã Phục Hòa", "01648", "Xã Tiên Thành", "01660", "Sáp nhập")]
    result = resolve(write_register(tmp_path, rows), SECOND, {})
    assert checks_of(result.problems) == [("register", 11, "Ghi chú")]


def test_a_missing_column_is_refused_naming_it(tmp_path: Path) -> None:
    folder = write_register(tmp_path, GOOD_ROWS)
    path = folder / gso.CONVERSION_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(",Ghi chú,", ",Note,"), "utf-8")
    with pytest.raises(gso.RegisterFileError) as caught:
        resolve(folder, SECOND, {})
    assert checks_of(caught.value.problems) == [("register", 2, "Ghi chú")]


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    folder = write_register(tmp_path, GOOD_ROWS)
    path = folder / gso.CONVERSION_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("Xã Tiên Thành,016")], encoding="utf-8")
    with pytest.raises(gso.RegisterFileError) as caught:
        resolve(folder, SECOND, {})
    assert "truncated" in str(caught.value) and gso.CONVERSION_FILE in str(caught.value)


def test_a_record_with_fewer_fields_is_refused(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, "Tỉnh Cao Bằng (04),Xã Phục Hòa,01648"]
    with pytest.raises(gso.RegisterFileError) as caught:
        resolve(write_register(tmp_path, rows), SECOND, {})
    assert caught.value.problems[0].row == 11


def test_an_empty_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(gso.RegisterFileError, match="no records"):
        resolve(write_register(tmp_path, []), SECOND, {})


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    folder = write_register(tmp_path, GOOD_ROWS)
    (folder / gso.PRE_MERGER_FILE).unlink()
    with pytest.raises(gso.RegisterFileError, match="file not found"):
        resolve(folder, SECOND, {})


def test_the_old_province_comes_from_the_district(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS]
    rows[1] = (
        rows[1]
        .replace("Tỉnh Cao Bằng (04),\n", "")
        .replace(
            "Huyện Quảng Hòa (049),Tỉnh Cao Bằng (04),", "Huyện Quảng Hòa (049),Tỉnh Lạng Sơn (20),"
        )
    )
    result = resolve(write_register(tmp_path, rows), SECOND, {})
    slip = [p for p in result.problems if p.check == "register-province"]
    assert [(p.row, p.column) for p in slip] == [(4, "Tỉnh cũ")]
    pair = result.pairs.set_index(["new_code", "old_code"]).loc[("01636", "01615")]
    assert pair.old_province_code == "04"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Xã Hòa Thuận", "Xã Hoà Thuận", True),
        ("Xã Ea Bia", "Xã EaBia", True),
        ("Thị trấn NT Mộc Châu", "Thị trấn Nông trường Mộc Châu", True),
        ("Xã Hòa Tú 2", "Xã Hòa Tú II", True),
        ("Phường Phường Đúc", "Phường Đúc", True),
        ("Phường 4", "Phường 14", False),
        ("Xã Mỹ Hưng", "Xã Hồng Quang", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_loose_name_drops_type_and_marks() -> None:
    assert loose_name("Thị trấn Yên Châu") == loose_name("Yen Chau") == "ienchau"
