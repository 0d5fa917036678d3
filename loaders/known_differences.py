"""Known, documented differences between the boundary files and the unit register.

This is the one place where the data layer tolerates a disagreement between sources. Anything
not listed here is a validation error. Each entry says where it comes from.

* The boundary files (thanglequoc/vietnamese-provinces-database, commit a108d4d, July 2026)
  carry names and unit types after a decree in force from 2026-04-30.
* The official register is the GSO's (conversion table and pre-merger list, in the data
  directory's ``register/``); its own slips are recorded here with their evidence.
* The second register (PyPI ``vietnamadminunits`` 1.0.4) is as of 1 July 2025; where it
  disagrees with the GSO's, the explanation is recorded here or follows from a rule in
  :mod:`loaders.second_source`.
"""

from __future__ import annotations

#: Boundary-file code -> official code. Xã Ba Chẽ (Quảng Ninh) is 06978 in the boundary files
#: and 06970 in vietnamadminunits, vietnam-provinces and on sapnhap.bando.com.vn: the official
#: code wins, and the build rewrites it.
BOUNDARY_CODE_FIXES: dict[str, str] = {"06978": "06970"}

#: Unit types changed after 1 July 2025, as code -> (type on 1 July 2025 in the GSO table,
#: type in the boundary files). Ten Đồng Nai communes became phường by a resolution in force
#: from 2026-04-30 (the boundary files' upstream, commit a108d4d, records the change; the
#: resolution's number is not verified here). No other unit changed type: the four other
#: differences with vietnamadminunits are the package's own contradictions
#: (:data:`CONVERTER_TYPE_CONTRADICTIONS`).
UNIT_TYPE_CHANGES: dict[str, tuple[str, str]] = {
    "25270": ("Xã", "Phường"),  # Lộc Ninh, Đồng Nai
    "25357": ("Xã", "Phường"),  # Tân Khai, Đồng Nai
    "25363": ("Xã", "Phường"),  # Đồng Phú, Đồng Nai
    "26116": ("Xã", "Phường"),  # Tân Phú, Đồng Nai
    "26170": ("Xã", "Phường"),  # Trị An, Đồng Nai
    "26248": ("Xã", "Phường"),  # Trảng Bom, Đồng Nai
    "26326": ("Xã", "Phường"),  # Dầu Giây, Đồng Nai
    "26368": ("Xã", "Phường"),  # Long Thành, Đồng Nai
    "26425": ("Xã", "Phường"),  # Xuân Lộc, Đồng Nai
    "26485": ("Xã", "Phường"),  # Nhơn Trạch, Đồng Nai
}
#: Where the unit-type changes are attested, and how sure that is.
UNIT_TYPE_CHANGE_SOURCE = {
    "vi": "nghị quyết có hiệu lực từ 30/04/2026 (chưa xác minh số hiệu văn bản; ghi nhận trong "
    "dữ liệu ranh giới thanglequoc/vietnamese-provinces-database a108d4d)",
    "en": "a resolution in force from 30 April 2026 (its number not verified; recorded in the "
    "boundary data thanglequoc/vietnamese-provinces-database a108d4d)",
}

#: Corrections of the GSO conversion table's old codes, made by the rule in
#: :mod:`loaders.official_lineage`: (new code, code as the table writes it) → (the code of the
#: unit the table names, evidence).
GSO_CODE_CORRECTIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("00562", "00553"): (
        "00556",
        "Thuận An (Hà Nội), row 426: 'Xã Đặng Xá' with code 00553, which is Xã Cổ Bi in the "
        "pre-merger list and in vietnamadminunits; Đặng Xá of Huyện Gia Lâm is 00556 in both.",
    ),
    ("01648", "01615"): (
        "01651",
        "Phục Hòa (Cao Bằng), row 912: 'Xã Mỹ Hưng' with code 01615, which is Xã Hồng Quang "
        "(listed again, correctly, under Bế Văn Đàn); Mỹ Hưng of Huyện Quảng Hòa is 01651 in "
        "the pre-merger list, in vietnamadminunits and in the c. 2011 boundaries.",
    ),
    ("02494", "02485"): (
        "02482",
        "Thái Bình (Tuyên Quang), row 1260: 'Xã Phú Thịnh' with code 02485, which is Xã Công Đa; "
        "Phú Thịnh of Huyện Yên Sơn is 02482 in the pre-merger list and in vietnamadminunits.",
    ),
}

#: Records of the conversion table whose ``Tỉnh cũ`` (old province) contradicts the old
#: district it gives, by line number → evidence. The district's province (from the pre-merger
#: list) is used.
GSO_OLD_PROVINCE_SLIPS: dict[int, str] = {
    6212: (
        "Huyện Cồn Cỏ (471) into Đặc khu Cồn Cỏ: the table writes 'Quảng Trị (44)', the new "
        "province's code; the old Quảng Trị is 45 in the pre-merger list."
    ),
    9532: (
        "Phường 4 (27691) of Thành phố Tân An (794) under Phường Long An: the table says "
        "Tỉnh Tiền Giang (82); Tân An and its Phường 4 are in Long An (80) in the pre-merger list "
        "and in vietnamadminunits."
    ),
    10652: (
        "Xã Tiên Hải (30781) of Thành phố Hà Tiên (900), unchanged: the table says Tỉnh An Giang "
        "(89); Hà Tiên was in Kiên Giang (91) in the pre-merger list and in vietnamadminunits."
    ),
}

#: Records of the conversion table whose old "unit" is no administrative unit and has no code:
#: (new code, old name as written) → why.
GSO_ROWS_WITHOUT_UNIT: dict[tuple[str, str], str] = {
    ("14698", "Khu vực bãi bồi ven biển do huyện Kim Sơn quản lý"): (
        "Kim Đông (Ninh Bình), row 4749: the coastal alluvial land managed by the former Huyện "
        "Kim Sơn went into Xã Kim Đông; it was no commune, so it has no code and no polygon."
    ),
}

#: Version labels shown on every map (the boundary files vs the register).
BOUNDARY_VERSION = "01/07/2025, cập nhật theo nghị quyết có hiệu lực từ 30/04/2026"
BOUNDARY_VERSION_EN = "1 July 2025, updated to the resolution in force from 30 April 2026"
REGISTER_VERSION = "vietnamadminunits 1.0.4 (01/07/2025)"

#: The old province Quảng Ninh (22) is missing from the pre-2025 province file; it was not
#: merged in 2025, so its 2025 outline (also code 22) stands in for it.
PRE2025_PROVINCE_FILL: dict[str, str] = {"22": "22"}


def fix_boundary_code(code: str) -> str:
    """The official code for a code found in the boundary files."""
    return BOUNDARY_CODE_FIXES.get(code, code)


def unit_type_change_allowed(code: str, register_type: str, boundary_type: str) -> bool:
    """True when a unit-type difference between the register and the boundaries is known."""
    return UNIT_TYPE_CHANGES.get(code) == (register_type, boundary_type)


#: Disagreements of vietnamadminunits' converter with the GSO lineage that no rule of
#: :mod:`loaders.second_source` explains: (kind, new code, old code) → evidence.
CONVERTER_DIFFERENCES: dict[tuple[str, str, str], str] = {
    ("extra", "23041", "23053"): (
        "The converter also puts Xã Hòa Thắng (23053, Bắc Bình, Bình Thuận) into Xã Hồng Thái "
        "(23041); the GSO table lists it only as 'nhập toàn bộ' into the new Xã Hòa Thắng "
        "(23053), and Hồng Thái's GSO predecessors are Hồng Thái and Phan Hòa (23038, 23041)."
    ),
    ("extra", "28087", "28036"): (
        "The converter also puts Thị trấn Thủ Thừa (28036, Long An) into Xã Nhựt Tảo (28087); "
        "the GSO table lists it only as 'nhập toàn bộ' into Xã Thủ Thừa (28036)."
    ),
    ("missing", "09817", "09013"): (
        "Xã Văn Khê (09013, Mê Linh, Hà Nội) went in part to four new units; the GSO table "
        "lists Ô Diên (09817) among them ('nhập một phần diện tích'), the converter does not."
    ),
    ("part-flag", "18823", "18796"): (
        "Xã Kỳ Lợi (18796, Hà Tĩnh): its whole area went to Phường Vũng Áng ('nhập toàn bộ "
        "diện tích') and part of its population to two other units; the converter flags the "
        "Vũng Áng pair part because the unit has three successors."
    ),
}

#: New units whose type on 1 July 2025 the GSO table and vietnamadminunits disagree on:
#: code → evidence. The package contradicts itself: its converter and the GSO table
#: already give these units the type the boundary files have.
CONVERTER_TYPE_CONTRADICTIONS: dict[str, str] = {
    code: (
        f"vietnamadminunits names the unit '{name}' but gives its type as {wrong}; the GSO "
        f"table names it '{name}' on 1 July 2025 and the boundary files have {right}."
    )
    for code, name, wrong, right in (
        ("10543", "Phường Việt Hòa", "Xã", "Phường"),
        ("11848", "Xã Vĩnh Hòa", "Phường", "Xã"),
        ("31213", "Phường Tân Lộc", "Xã", "Phường"),
        ("31299", "Xã Phong Điền", "Phường", "Xã"),
    )
}
