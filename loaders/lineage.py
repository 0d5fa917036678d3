"""Old → new lineage of commune-level units (1 July 2025), from ``vietnamadminunits``.

The package's ``converter_2025.json`` says, per new province, which old units formed each new
unit. Old units that went whole to one new unit are listed under ``..._NO_DIVIDED``; old units
split between several new units under ``..._DIVIDED``. Both are keyed by the package's
normalised names; here every key is resolved to official codes, so the rest of the product
never joins by name.
"""

from __future__ import annotations

import json
from functools import cache

import pandas as pd

from loaders.register import PACKAGE_DATA, legacy_units, new_units


@cache
def _converter() -> dict:
    with open(PACKAGE_DATA / "converter_2025.json", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def lineage_pairs() -> pd.DataFrame:
    """One row per (new unit, old unit) pair.

    Columns: ``new_code``, ``new_province_code``, ``old_code``, ``old_province_code``,
    ``part`` (True when the old unit was split between several new units, so only part of it
    went to this new unit). Codes are strings; see :mod:`loaders.register` for old codes.
    """
    conv = _converter()
    new_by_key = new_units().set_index(["province_key", "ward_key"])["code"]
    old_by_key = legacy_units().set_index("legacy_key")["code"]

    rows = []
    for province_key, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            rows += [(province_key, ward_key, old_key, False) for old_key in old_keys]
    for province_key, old_units in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in old_units.items():
            rows += [(province_key, t["newWardKey"], old_key, True) for t in targets]
    raw = pd.DataFrame(rows, columns=["province_key", "ward_key", "old_key", "part"])

    new_keys = pd.MultiIndex.from_frame(raw[["province_key", "ward_key"]])
    pairs = pd.DataFrame(
        {
            "new_code": new_by_key.reindex(new_keys).to_numpy(),
            "old_code": old_by_key.reindex(raw["old_key"]).to_numpy(),
            "part": raw["part"].to_numpy(),
        }
    )
    unresolved = pairs[pairs.new_code.isna() | pairs.old_code.isna()]
    if len(unresolved):
        keys = raw.loc[unresolved.index, ["ward_key", "old_key"]].head(5).to_dict("records")
        raise ValueError(f"{len(unresolved)} lineage keys do not resolve to codes, e.g. {keys}")

    pairs = pairs.astype({"new_code": "string", "old_code": "string"}).drop_duplicates()
    pairs["new_province_code"] = pairs.new_code.map(new_units().set_index("code").province_code)
    pairs["old_province_code"] = pairs.old_code.map(legacy_units().set_index("code").province_code)
    columns = ["new_code", "new_province_code", "old_code", "old_province_code", "part"]
    return pairs[columns].sort_values(["new_code", "old_code"], ignore_index=True)


@cache
def province_lineage() -> pd.DataFrame:
    """Old province → new province: ``old_province_code``, ``new_province_code``.

    From the package's province table (which old provinces merged into each new one).
    """
    conv = _converter()
    new_codes = new_units().drop_duplicates("province_key").set_index("province_key")
    old_codes = legacy_units().drop_duplicates("legacy_key")
    old_codes = old_codes.assign(pkey=old_codes.legacy_key.str.split("_").str[0])
    old_by_key = old_codes.drop_duplicates("pkey").set_index("pkey")["province_code"]
    rows = [
        (old_by_key[old_key], new_codes.loc[new_key, "province_code"])
        for new_key, old_keys in conv["DICT_PROVINCE"].items()
        for old_key in old_keys
    ]
    frame = pd.DataFrame(rows, columns=["old_province_code", "new_province_code"], dtype="string")
    return frame.sort_values(["new_province_code", "old_province_code"], ignore_index=True)


@cache
def predecessor_summary() -> pd.DataFrame:
    """Per new unit: ``n_predecessors`` (old units that formed it, whole or in part) and
    ``n_part`` (how many of those were split). Indexed by ``new_code``."""
    pairs = lineage_pairs()
    grouped = pairs.groupby("new_code")
    return pd.DataFrame({"n_predecessors": grouped.size(), "n_part": grouped["part"].sum()})


def predecessors(new_code: str) -> pd.DataFrame:
    """The old units that formed the new unit ``new_code`` (5-digit string).

    Columns: ``old_code``, ``old_name``, ``old_full_name``, ``old_unit_type``,
    ``old_district_name``, ``old_province_code``, ``old_province_name``, ``part``.
    Empty when the code is not a new unit.
    """
    chosen = lineage_pairs().query("new_code == @new_code", local_dict={"new_code": str(new_code)})
    fields = ["name", "full_name", "unit_type", "district_name", "province_code", "province_name"]
    return _described(chosen, "old", legacy_units(), fields)


def successors(old_code: str) -> pd.DataFrame:
    """The new unit or units that the old unit ``old_code`` went to.

    Columns: ``new_code``, ``new_name``, ``new_full_name``, ``new_unit_type``,
    ``new_province_code``, ``new_province_name``, ``part``.
    """
    chosen = lineage_pairs().query("old_code == @old_code", local_dict={"old_code": str(old_code)})
    fields = ["name", "full_name", "unit_type", "province_code", "province_name"]
    return _described(chosen, "new", new_units(), fields)


def _described(
    pairs: pd.DataFrame, side: str, units: pd.DataFrame, fields: list[str]
) -> pd.DataFrame:
    """The ``side`` ("old"/"new") units of ``pairs`` with register ``fields``, prefixed."""
    details = units.set_index("code").loc[pairs[f"{side}_code"], fields]
    out = details.add_prefix(f"{side}_").reset_index(names=f"{side}_code")
    out["part"] = pairs["part"].to_numpy()
    return out.reset_index(drop=True)
