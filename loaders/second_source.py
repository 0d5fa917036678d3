"""The second source of the lineage: ``vietnamadminunits``' converter, compared with the GSO's.

The package's ``converter_2025.json`` says, per new province, which old units formed each new
unit, keyed by normalised names (old units that went whole to one new unit under
``..._NO_DIVIDED``, old units split between new units under ``..._DIVIDED``). Matching by
name, it confuses same-named old units of provinces merged together. The product's lineage is
the GSO table's (:mod:`loaders.official_lineage`); this module resolves the package's keys to
codes and lists every disagreement with the GSO's, each with the explanation that accounts
for it, so ``loaders check`` can fail on one that nothing explains.
"""

from __future__ import annotations

import json
from functools import cache

import pandas as pd

from loaders.known_differences import CONVERTER_DIFFERENCES
from loaders.official_lineage import loose_name
from loaders.register import PACKAGE_DATA, legacy_units, new_units
from loaders.validate import Problem


@cache
def _converter() -> dict:
    with open(PACKAGE_DATA / "converter_2025.json", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def converter_pairs() -> pd.DataFrame:
    """The package's (new unit, old unit) pairs: ``new_code``, ``old_code``, ``part``."""
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
    ).dropna(subset=["new_code", "old_code"])
    pairs = pairs.astype({"new_code": "string", "old_code": "string"})
    pairs = pairs.groupby(["new_code", "old_code"], as_index=False)["part"].max()
    return pairs.sort_values(["new_code", "old_code"], ignore_index=True)


def compare_lineage(official: pd.DataFrame) -> tuple[dict, list[Problem]]:
    """Every disagreement of the converter with the GSO ``official`` pairs, explained.

    ``official`` has ``new_code``, ``old_code``, ``part`` (see
    :func:`loaders.lineage.lineage_pairs`). Returns a report (counts per kind of
    disagreement and explanation, with examples) and a problem for each disagreement that
    neither a rule nor :data:`loaders.known_differences.CONVERTER_DIFFERENCES` explains.

    Rules: a pair only the converter has is a **name collision** when the new unit has a GSO
    predecessor of the same name (the converter matched by name and took the namesake of a
    merged province). An old unit the GSO calls whole but the converter flags part **follows
    from an extra pair** when the converter also put it under another new unit.
    """
    names = legacy_units().set_index("code")["full_name"].map(loose_name)
    theirs = converter_pairs()
    both = official[["new_code", "old_code", "part"]].merge(
        theirs,
        on=["new_code", "old_code"],
        how="outer",
        suffixes=("", "_converter"),
        indicator=True,
    )
    extra = both[both["_merge"] == "right_only"]
    missing = both[both["_merge"] == "left_only"]
    matched = both[both["_merge"] == "both"]
    flagged = matched[matched.part != matched.part_converter]

    predecessor_names = official.assign(name=official.old_code.map(names))
    namesakes = set(zip(predecessor_names.new_code, predecessor_names.name, strict=True))
    findings = []
    for r in extra.itertuples():
        collision = (r.new_code, names.get(r.old_code)) in namesakes
        findings.append(("extra", r.new_code, r.old_code, "name-collision" if collision else None))
    for r in missing.itertuples():
        findings.append(("missing", r.new_code, r.old_code, None))
    extra_old = set(extra.old_code)
    for r in flagged.itertuples():
        # The converter flags an old unit part when it lists it under two new units; with an
        # extra (wrong) pair, a unit the GSO calls whole gets the flag too.
        rule = "follows-extra-pair" if r.old_code in extra_old and not r.part else None
        findings.append(("part-flag", r.new_code, r.old_code, rule))

    problems = []
    rows = []
    for kind, new_code, old_code, rule in findings:
        recorded = CONVERTER_DIFFERENCES.get((kind, new_code, old_code))
        explanation = rule or ("recorded" if recorded else None)
        rows.append(
            {
                "difference": kind,
                "new_code": new_code,
                "old_code": old_code,
                "explanation": explanation or "unexplained",
                "evidence": recorded or "",
            }
        )
        if explanation is None:
            problems.append(
                Problem(
                    "second-source",
                    f"vietnamadminunits disagrees with the GSO table ({_WORDS[kind]} "
                    f"{new_code} ← {old_code}) and nothing explains it",
                    code=new_code,
                )
            )
    found = {(r["difference"], r["new_code"], r["old_code"]) for r in rows}
    for key in sorted(set(CONVERTER_DIFFERENCES) - found):
        problems.append(
            Problem(
                "second-source",
                f"recorded difference {key} no longer occurs: update known_differences",
                code=key[1],
            )
        )
    return _report(rows, len(official), len(theirs)), problems


_WORDS = {
    "extra": "a pair only vietnamadminunits has:",
    "missing": "a pair vietnamadminunits lacks:",
    "part-flag": "whole/part differs for",
}


def _report(rows: list[dict], n_official: int, n_converter: int) -> dict:
    table = pd.DataFrame(
        rows, columns=["difference", "new_code", "old_code", "explanation", "evidence"]
    )
    counts = table.groupby(["difference", "explanation"]).size()
    return {
        "pairs_gso": n_official,
        "pairs_vietnamadminunits": n_converter,
        "counts": {f"{d} / {e}": int(n) for (d, e), n in counts.items()},
        "new_units_affected": int(table.new_code.nunique()),
        "differences": table.to_dict("records"),
    }


def compare_unit_types(official_types: pd.Series) -> tuple[dict, list[Problem]]:
    """New units whose type on 1 July 2025 differs between the GSO table and the package.

    ``official_types`` is indexed by new code (see
    :attr:`loaders.official_lineage.OfficialLineage.new_unit_types`). A difference recorded
    in :data:`loaders.known_differences.CONVERTER_TYPE_CONTRADICTIONS` is explained; any other
    is a problem.
    """
    from loaders.known_differences import CONVERTER_TYPE_CONTRADICTIONS

    theirs = new_units().set_index("code")["unit_type"]
    joined = pd.concat(
        [official_types.rename("gso"), theirs.rename("package")], axis=1, join="inner"
    )
    differ = joined[joined.gso != joined.package]
    rows = [
        {"code": code, "gso": r.gso, "vietnamadminunits": r.package}
        for code, r in differ.iterrows()
    ]
    problems = [
        Problem(
            "second-source",
            f"unit type {r['gso']!r} in the GSO table, {r['vietnamadminunits']!r} in "
            "vietnamadminunits, and the difference is not recorded",
            code=r["code"],
        )
        for r in rows
        if r["code"] not in CONVERTER_TYPE_CONTRADICTIONS
    ]
    return {"differences": rows}, problems
