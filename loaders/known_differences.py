"""Known, documented differences between the boundary files and the unit register.

This is the one place where the data layer tolerates a disagreement between sources. Anything
not listed here is a validation error. Each entry says where it comes from.

* The boundary files (thanglequoc/vietnamese-provinces-database, commit a108d4d, July 2026)
  carry names and unit types after a decree in force from 2026-04-30.
* The unit register (PyPI ``vietnamadminunits`` 1.0.4) is as of 1 July 2025.
"""

from __future__ import annotations

#: Boundary-file code -> official code. Xã Ba Chẽ (Quảng Ninh) is 06978 in the boundary files
#: and 06970 in vietnamadminunits, vietnam-provinces and on sapnhap.bando.com.vn: the official
#: code wins, and the build rewrites it.
BOUNDARY_CODE_FIXES: dict[str, str] = {"06978": "06970"}

#: Unit types changed after 1 July 2025 (decree in force 2026-04-30), as
#: code -> (type in the 2025 register, type in the boundary files). Ten Đồng Nai communes became
#: phường; two units each in Hải Phòng and Cần Thơ changed type too.
UNIT_TYPE_CHANGES: dict[str, tuple[str, str]] = {
    "10543": ("Xã", "Phường"),  # Việt Hoà, Hải Phòng
    "11848": ("Phường", "Xã"),  # Vĩnh Hoà, Hải Phòng
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
    "31213": ("Xã", "Phường"),  # Tân Lộc, Cần Thơ
    "31299": ("Phường", "Xã"),  # Phong Điền, Cần Thơ
}

#: Version labels shown on every map (the boundary files vs the register).
BOUNDARY_VERSION = "2025-07-01, cập nhật theo nghị quyết có hiệu lực 30/04/2026"
BOUNDARY_VERSION_EN = "2025-07-01, updated to the resolution in force 2026-04-30"
REGISTER_VERSION = "vietnamadminunits 1.0.4 (2025-07-01)"

#: The old province Quảng Ninh (22) is missing from the pre-2025 province file; it was not
#: merged in 2025, so its 2025 outline (also code 22) stands in for it.
PRE2025_PROVINCE_FILL: dict[str, str] = {"22": "22"}


def fix_boundary_code(code: str) -> str:
    """The official code for a code found in the boundary files."""
    return BOUNDARY_CODE_FIXES.get(code, code)


def unit_type_change_allowed(code: str, register_type: str, boundary_type: str) -> bool:
    """True when a unit-type difference between the register and the boundaries is known."""
    return UNIT_TYPE_CHANGES.get(code) == (register_type, boundary_type)
