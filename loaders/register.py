"""The unit register, before and after 1 July 2025: names, centroids and keys.

Names, centroids and matching keys come from the PyPI package ``vietnamadminunits`` (its
``dataset.db``); the lineage and the unit types on 1 July 2025 come from the GSO's official
tables (:mod:`loaders.official_lineage`), and ``loaders check`` compares the two.

Codes are strings: provinces 2 digits (``"04"``), districts 3 digits (``"040"``), communes
5 digits (``"01273"``). Five island districts had no commune-level units before 2025
(Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo); the register lists each of them as one
legacy unit, which here takes its 3-digit district code and ``level == "district"``.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

import pandas as pd
import vietnamadminunits

PACKAGE_DATA = Path(vietnamadminunits.__file__).resolve().parent / "data"

#: The đặc khu units that hold the two archipelagos every national map names (sovereignty
#: convention), by official code: Hoàng Sa (TP. Đà Nẵng) and Trường Sa (Khánh Hòa).
ARCHIPELAGOS: dict[str, str] = {"20333": "hoang_sa", "22736": "truong_sa"}

_NEW_SQL = """
SELECT wardCode AS code, wardShort AS name, ward AS full_name, wardType AS unit_type,
       provinceCode AS province_code, provinceShort AS province_name,
       province AS province_full_name, wardLat AS lat, wardLon AS lon,
       wardAreaKm2 AS area_km2, provinceKey AS province_key, wardKey AS ward_key
FROM admin_units
"""

_LEGACY_SQL = """
SELECT COALESCE(wardCode, districtCode) AS code,
       CASE WHEN wardCode IS NULL THEN 'district' ELSE 'commune' END AS level,
       COALESCE(wardShort, districtShort) AS name, COALESCE(ward, district) AS full_name,
       COALESCE(wardType, districtType) AS unit_type,
       districtCode AS district_code, district AS district_name,
       provinceCode AS province_code, provinceShort AS province_name,
       province AS province_full_name, wardLat AS lat, wardLon AS lon,
       provinceKey || '_' || districtKey || '_' || COALESCE(wardKey, '') AS legacy_key
FROM admin_units_legacy
"""


def _read(sql: str) -> pd.DataFrame:
    # Read-only URI so a packaging accident can never write to site-packages.
    uri = f"file:{PACKAGE_DATA / 'dataset.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        frame = pd.read_sql_query(sql, conn)
    text = frame.select_dtypes(exclude="number").columns
    frame[text] = frame[text].astype("string")
    return frame


@cache
def new_units() -> pd.DataFrame:
    """The 3,321 communes (xã, phường, đặc khu) after 1 July 2025, one row per unit.

    Columns: ``code`` (5 digits), ``name``, ``full_name``, ``unit_type``, ``province_code``
    (2 digits), ``province_name``, ``province_full_name``, ``lat``/``lon`` (WGS84 degrees,
    a point inside the unit), ``area_km2``, and the package's matching keys.
    """
    return _read(_NEW_SQL).sort_values("code", ignore_index=True)


@cache
def legacy_units() -> pd.DataFrame:
    """The 10,035 commune-level units before 1 July 2025 (63 provinces), plus the five
    island districts that had no commune level, one row per unit (10,040 rows).

    Columns: ``code`` (5-digit commune code, or 3-digit district code for the five island
    districts, see ``level``), ``name``, ``full_name``, ``unit_type``, ``district_code``,
    ``district_name``, ``province_code``, ``province_name``, ``lat``/``lon``, ``legacy_key``.
    """
    return _read(_LEGACY_SQL).sort_values("code", ignore_index=True)


@cache
def new_provinces() -> pd.DataFrame:
    """The 34 provinces after 1 July 2025: ``code``, ``name``, ``full_name``, ``n_units``."""
    return _provinces(new_units())


def province_names() -> dict[str, str]:
    """The 34 provinces of 2025: 2-digit code → full name ("Tỉnh Cao Bằng")."""
    table = new_provinces()
    return dict(zip(table["code"], table["full_name"], strict=True))


@cache
def legacy_provinces() -> pd.DataFrame:
    """The 63 provinces before 1 July 2025: ``code``, ``name``, ``full_name``, ``n_units``."""
    return _provinces(legacy_units())


def _provinces(units: pd.DataFrame) -> pd.DataFrame:
    return (
        units.groupby(["province_code", "province_name", "province_full_name"], as_index=False)
        .size()
        .set_axis(["code", "name", "full_name", "n_units"], axis=1)
        .sort_values("code", ignore_index=True)
    )


def legacy_counts() -> dict[str, int]:
    """Units before 1 July 2025: ``communes`` (10,035 xã, phường, thị trấn) and
    ``island_districts`` (5 districts with no commune level: Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
    Lý Sơn, Côn Đảo)."""
    levels = legacy_units().level.value_counts()
    return {
        "communes": int(levels.get("commune", 0)),
        "island_districts": int(levels.get("district", 0)),
    }


def register_units() -> pd.DataFrame:
    """:func:`new_units` with ``unit_type`` as the GSO table has it on 1 July 2025.

    The package's own type is kept as ``unit_type_package``; where the two differ the package
    contradicts its own unit names (see
    :data:`loaders.known_differences.CONVERTER_TYPE_CONTRADICTIONS`). A declared test fixture
    has no GSO table: there the package's type is the type.
    """
    from loaders.lineage import CONVERTER, lineage_source
    from loaders.official_lineage import official_lineage  # reads the data directory

    units = new_units().rename(columns={"unit_type": "unit_type_package"})
    if lineage_source() == CONVERTER:  # a declared fixture: no GSO table to take types from
        units["unit_type"] = units["unit_type_package"]
        return units
    official = official_lineage().new_unit_types
    units["unit_type"] = units.code.map(official).fillna(units.unit_type_package).astype("string")
    return units


def unit_counts_by_province() -> pd.DataFrame:
    """Per new province: units after the merger and the old units that formed them.

    Columns: ``province_code``, ``province_name``, ``units_2025``, ``units_pre2025`` (old
    commune-level units: xã, phường, thị trấn), ``island_districts_pre2025`` (old island
    districts without communes that became a special zone). An old unit counts for every
    new province it went to (for a unit split across a province line, each one).
    """
    from loaders.lineage import lineage_pairs  # local import: lineage builds on this module

    pairs = lineage_pairs()
    level = pairs.old_code.map(legacy_units().set_index("code")["level"])
    communes = pairs[level == "commune"].groupby("new_province_code")["old_code"].nunique()
    islands = pairs[level == "district"].groupby("new_province_code")["old_code"].nunique()
    after = new_units().groupby("province_code").size().rename("units_2025")
    names = new_provinces().set_index("code")["name"].rename("province_name")
    table = pd.concat(
        [
            names,
            after,
            communes.rename("units_pre2025"),
            islands.rename("island_districts_pre2025"),
        ],
        axis=1,
    ).rename_axis("province_code")
    table[["units_pre2025", "island_districts_pre2025"]] = (
        table[["units_pre2025", "island_districts_pre2025"]].fillna(0).astype("int64")
    )
    return table.reset_index()
