"""Old → new lineage of commune-level units (1 July 2025), from the GSO conversion table.

The pairs come from :mod:`loaders.official_lineage` (the GSO table, every old code checked by
name against the GSO pre-merger list). Each pair says how the old unit went in, in the table's
own terms (:data:`loaders.gso.KINDS`); ``part`` is True for the kinds where only part of the
old unit went in. ``vietnamadminunits``' converter is only a second source
(:mod:`loaders.second_source`), compared with this one by ``loaders check``, except in a
declared test fixture (:func:`loaders.paths.fixture_declaration`), which holds no GSO table and
says so: there the lineage is the converter's (:func:`lineage_source`).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from loaders.gso import KINDS
from loaders.official_lineage import official_lineage
from loaders.paths import find_data_dir, fixture_declaration
from loaders.register import legacy_units, new_units

#: Columns of :func:`lineage_pairs`.
PAIR_COLUMNS = ["new_code", "new_province_code", "old_code", "old_province_code", "part", "kind"]


#: Lineage sources: the GSO conversion table, and the ``vietnamadminunits`` converter that a
#: declared test fixture names instead (the GSO files may not be copied into a fixture).
GSO, CONVERTER = "gso", "vietnamadminunits"


def lineage_source() -> str:
    """Where the lineage comes from: :data:`GSO`, or what a declared fixture data directory
    names (:data:`CONVERTER`)."""
    folder = find_data_dir()
    declared = fixture_declaration(folder) if folder is not None else None
    source = declared.get("lineage", GSO) if declared else GSO
    if source not in (GSO, CONVERTER):
        raise ValueError(f"{folder}: unknown lineage source {source!r} in fixture.json")
    return source


@cache
def lineage_pairs() -> pd.DataFrame:
    """One row per (new unit, old unit) pair of the GSO table.

    Columns: ``new_code``, ``new_province_code``, ``old_code``, ``old_province_code``,
    ``part`` (True when only part of the old unit went into this new unit), ``kind`` (how it
    went in, a key of :data:`loaders.gso.KINDS`: whole, part, part_area,
    part_area_all_population, part_population, unchanged, type_changed, renamed). Codes are
    strings; old codes are 5 digits, or 3 for the five island districts (see
    :mod:`loaders.register`). In a declared fixture (see :func:`lineage_source`) the pairs
    are the converter's, whose kinds are only whole and part.
    """
    if lineage_source() == CONVERTER:
        pairs = _converter_lineage()
    else:
        pairs = official_lineage().pairs[PAIR_COLUMNS]
    return pairs.sort_values(["new_code", "old_code"], ignore_index=True)


def _converter_lineage() -> pd.DataFrame:
    """:func:`loaders.second_source.converter_pairs` in the columns of :data:`PAIR_COLUMNS`."""
    from loaders.second_source import converter_pairs

    pairs = converter_pairs().copy()
    pairs["new_province_code"] = pairs.new_code.map(new_units().set_index("code").province_code)
    pairs["old_province_code"] = pairs.old_code.map(legacy_units().set_index("code").province_code)
    pairs["part"] = pairs["part"].astype(bool)
    pairs["kind"] = pairs["part"].map({True: "part", False: "whole"}).astype("string")
    return pairs[PAIR_COLUMNS]


def kind_label(kind: str, lang: str = "vi") -> str:
    """How an old unit went in, in the GSO table's words ("nhập toàn bộ") or in English."""
    vi, en = KINDS[kind]
    return vi if lang == "vi" else en


@cache
def province_lineage() -> pd.DataFrame:
    """Old province → new province: ``old_province_code``, ``new_province_code``.

    From the GSO table: every old province whose units went into a new province.
    """
    pairs = lineage_pairs()[["old_province_code", "new_province_code"]].drop_duplicates()
    return pairs.sort_values(["new_province_code", "old_province_code"], ignore_index=True)


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
    ``old_district_name``, ``old_province_code``, ``old_province_name``, ``part``,
    ``kind`` (see :func:`lineage_pairs`). Empty when the code is not a new unit.
    """
    chosen = lineage_pairs().query("new_code == @new_code", local_dict={"new_code": str(new_code)})
    fields = ["name", "full_name", "unit_type", "district_name", "province_code", "province_name"]
    return _described(chosen, "old", legacy_units(), fields)


def province_predecessors(province_code: str) -> pd.DataFrame:
    """Every 2025 commune of the province ``province_code`` (2-digit string, ``"04"``) with
    the old units that formed it, one row per (new unit, old unit) pair.

    Columns: ``new_code``, ``new_name``, ``new_full_name``, ``new_unit_type``, then the
    columns of :func:`predecessors` (``old_code``, ``old_name``, ``old_full_name``,
    ``old_unit_type``, ``old_district_name``, ``old_province_code``, ``old_province_name``,
    ``part``, ``kind``). Ordered by new code, then old code. Empty when the code is not a
    2025 province.
    """
    pairs = lineage_pairs().query(
        "new_province_code == @code", local_dict={"code": str(province_code)}
    )
    pairs = pairs.reset_index(drop=True)
    old_fields = [
        "name",
        "full_name",
        "unit_type",
        "district_name",
        "province_code",
        "province_name",
    ]
    old = _described(pairs, "old", legacy_units(), old_fields)
    new = (
        new_units()
        .set_index("code")
        .loc[pairs["new_code"], ["name", "full_name", "unit_type"]]
        .add_prefix("new_")
        .reset_index(names="new_code")
    )
    return pd.concat([new, old], axis=1)


def province_successors(old_province_code: str) -> pd.DataFrame:
    """Every pre-2025 unit of the old province ``old_province_code`` (2-digit string) with
    the new unit or units it went to, one row per (old unit, new unit) pair.

    Columns: ``old_code``, ``old_name``, ``old_full_name``, ``old_district_name``, then the
    columns of :func:`successors`. Ordered by old code, then new code.
    """
    pairs = lineage_pairs().query(
        "old_province_code == @code", local_dict={"code": str(old_province_code)}
    )
    pairs = pairs.sort_values(["old_code", "new_code"], ignore_index=True)
    fields = ["name", "full_name", "unit_type", "province_code", "province_name"]
    new = _described(pairs, "new", new_units(), fields)
    old = (
        legacy_units()
        .set_index("code")
        .loc[pairs["old_code"], ["name", "full_name", "district_name"]]
        .add_prefix("old_")
        .reset_index(names="old_code")
    )
    return pd.concat([old, new], axis=1)


def successors(old_code: str) -> pd.DataFrame:
    """The new unit or units that the old unit ``old_code`` went to.

    Columns: ``new_code``, ``new_name``, ``new_full_name``, ``new_unit_type``,
    ``new_province_code``, ``new_province_name``, ``part``, ``kind``.
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
    out["kind"] = pairs["kind"].to_numpy()
    return out.reset_index(drop=True)
