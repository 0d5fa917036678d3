"""``.venv/bin/python -m loaders check``: validate the register, the lineage and the build together.

The report is a plain dict (printed as a table or as JSON) with per-province counts before and
after the merger and every problem found. Nothing here modifies data.

A build of the whole country is held to the whole register (3,321 communes, 34 provinces). Only
a build whose manifest declares it a test fixture (``source.kind == "fixture"``, see
:func:`loaders.build.fixture_problems`) is checked against its declared provinces alone, and
the report says so under ``scope``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from loaders import manifest
from loaders.layers import LODS
from loaders.lineage import CONVERTER, lineage_pairs, lineage_source, province_lineage
from loaders.official_lineage import official_lineage
from loaders.paths import build_dir, find_data_dir
from loaders.register import (
    legacy_counts,
    legacy_units,
    new_units,
    register_units,
    unit_counts_by_province,
)
from loaders.second_source import compare_lineage, compare_unit_types
from loaders.validate import Problem, ValidationFailed, check_communes, check_lineage


def run_all_checks(folder: Path | None = None) -> dict:
    """Every check; ``ok`` is False when any problem was found."""
    folder = folder or build_dir()
    data_dir = find_data_dir()
    meta = manifest.read(folder)
    scope = fixture_scope(meta)
    if lineage_source() == CONVERTER:
        register, problems = fixture_register_section(meta)
    else:
        register, problems = register_checks()
    usable = "pairs" in register  # the lineage could be read; what depends on it can run
    polygons = pd.Series(dtype="int64")
    if meta is None:
        problems.append(
            Problem(
                "build", f"no current build in {folder}: run `.venv/bin/python -m loaders build`"
            )
        )
    else:
        problems += check_outputs(folder, meta)
        communes = _read_communes(folder, problems)
        if communes is not None:
            reference = register_units() if usable else new_units()
            problems += check_communes(communes, reference, partial=meta["source"]["partial"])
            problems += check_lods_agree(folder, set(communes.code))
            polygons = communes.groupby("province_code").size()
            if scope is not None and set(polygons.index) != set(scope):
                problems.append(
                    Problem(
                        "fixture",
                        f"the build declares provinces {scope}, its communes are of "
                        f"{sorted(polygons.index)}",
                    )
                )
        if data_dir is not None and meta["source"]["kind"] == "mirror":
            problems += check_inputs_unchanged(data_dir, meta)
    problems += population_checks()
    table = province_table(polygons) if usable else pd.DataFrame()
    if scope is not None and not table.empty:
        table = table[table.province_code.isin(scope)].reset_index(drop=True)
    facts = fact_checks(folder) if meta is not None and usable else {}
    return {
        "data_dir": str(data_dir) if data_dir else None,
        "build_dir": str(folder),
        "built_at": meta["built_at"] if meta else None,
        "scope": {"fixture": scope is not None, "provinces": scope},
        "provinces": table.to_dict("records"),
        "totals": totals(polygons) if scope is None else fixture_totals(table, polygons),
        "register": register,
        **facts,
        "problems": [{**p.as_dict(), "text": str(p)} for p in problems],
        "ok": not problems,
    }


def totals(polygons: pd.Series) -> dict:
    """Country totals of the register, and the polygons of the build."""
    return {
        "provinces_pre2025": int(legacy_units().province_code.nunique()),
        "provinces_2025": int(new_units().province_code.nunique()),
        "units_pre2025": legacy_counts()["communes"],  # xã, phường, thị trấn
        "island_districts_pre2025": legacy_counts()["island_districts"],
        "units_2025": len(new_units()),
        "polygons_2025": int(polygons.sum()),
    }


def fixture_totals(table: pd.DataFrame, polygons: pd.Series) -> dict:
    """The totals of a fixture build: its declared provinces only (see :func:`fixture_scope`).
    Old provinces are those whose units went into them."""
    codes = list(table.province_code) if not table.empty else []
    old = province_lineage().query("new_province_code in @codes", local_dict={"codes": codes})
    return {
        "provinces_pre2025": int(old.old_province_code.nunique()),
        "provinces_2025": len(codes),
        "units_pre2025": int(table["units_pre2025"].sum()) if codes else 0,
        "island_districts_pre2025": int(table["island_districts_pre2025"].sum()) if codes else 0,
        "units_2025": int(new_units().province_code.isin(codes).sum()),
        "polygons_2025": int(polygons.sum()),
    }


def fixture_scope(meta: dict | None) -> list[str] | None:
    """The declared provinces of a fixture build, or None for any other build (which is
    checked against the whole register)."""
    if meta is None or meta["source"].get("kind") != "fixture":
        return None
    return sorted(meta["source"]["fixture"]["provinces"])


def fixture_register_section(meta: dict | None) -> tuple[dict, list[Problem]]:
    """The register section when the data directory is a declared fixture: it holds no GSO
    table, so the lineage is the converter's and the GSO checks do not run (said, not
    hidden). A build that is not a fixture build beside it is a problem."""
    section = {
        "pairs": len(lineage_pairs()),
        "lineage": CONVERTER,
        "skipped": "the data directory is a declared test fixture: no GSO register to check; "
        "the lineage is vietnamadminunits' converter",
    }
    problems = []
    if meta is not None and meta["source"].get("kind") != "fixture":
        problems.append(
            Problem(
                "fixture",
                "the data directory is a declared test fixture but the build is not a "
                "fixture build: rebuild",
            )
        )
    return section, problems


def population_checks() -> list[Problem]:
    """The unverified ward population file (when the data directory has one) covers every
    unit of the register once, with a number (see :func:`loaders.validate.check_population`)."""
    from loaders.metrics.derive import population_path
    from loaders.validate import check_population

    path = population_path()
    if path is None:
        return []
    try:
        table = pd.read_csv(path, dtype={"code": str})
    except (OSError, ValueError, pd.errors.ParserError) as error:
        return [Problem("population", f"cannot read the file: {error}", file=path.name)]
    return check_population(table, new_units(), path.name)


def fact_checks(folder: Path) -> dict:
    """Reported, never failures: measured against published areas (``"areas"``) and how much
    of each old unit's approximate polygon lies in its new unit (``"overlap"``)."""
    from loaders.areas import area_report
    from loaders.overlap import overlap_report

    facts: dict = {}
    columns = ["code", "name", "province_code", "area_km2", "area_km2_published"]
    try:
        communes = pd.read_parquet(folder / "communes_detail.parquet", columns=columns)
        provinces = pd.read_parquet(
            folder / "provinces_overview.parquet",
            columns=[c for c in columns if c != "province_code"],
        )
        facts["areas"] = area_report(communes, provinces)
    except Exception as exc:  # a damaged build is reported by check_outputs
        facts["areas"] = {"skipped": f"cannot read the built areas ({exc})"}
    if (folder / "communes_c2011.parquet").is_file():
        facts["overlap"] = overlap_report(lineage_pairs(), folder)
    else:
        facts["overlap"] = {"skipped": "no communes_c2011 layer in this build"}
    return facts


def register_checks() -> tuple[dict, list[Problem]]:
    """The official register resolved, its lineage's invariants, and the second source.

    Returns the report section ``register`` (corrections made, names confirmed by the second
    register, the table's slips, the comparison with ``vietnamadminunits``) and every
    problem: an unresolved code, an unrecorded correction or slip, an unexplained
    disagreement with the second source.
    """
    try:
        official = official_lineage()
    except ValidationFailed as exc:  # the register files themselves are unusable
        return {"ok": False}, exc.problems
    problems = list(official.problems)
    pairs = lineage_pairs()
    problems += check_lineage(pairs, new_units(), legacy_units(), province_lineage())
    problems += check_same_old_units(pairs, legacy_units())
    lineage_report, lineage_problems = compare_lineage(pairs)
    types_report, type_problems = compare_unit_types(official.new_unit_types)
    problems += lineage_problems + type_problems
    report = {
        "pairs": len(pairs),
        "kinds": {k: int(n) for k, n in pairs.kind.value_counts().items()},
        "old_units": legacy_counts(),
        "corrections": official.corrections,
        "province_slips": official.province_slips,
        "rows_without_unit": official.rows_without_unit,
        "names_confirmed_by_second_register": len(official.renamed_after_list),
        "names_confirmed_examples": official.renamed_after_list[:10],
        "vietnamadminunits": {"lineage": lineage_report, "unit_types": types_report},
    }
    return report, problems


def check_same_old_units(pairs: pd.DataFrame, legacy: pd.DataFrame) -> list[Problem]:
    """The GSO table and the second register know the same old units, by code."""
    gso, package = set(pairs.old_code), set(legacy.code)
    return [
        Problem("second-source", f"old unit only in {where}", code=code)
        for where, codes in (("the GSO table", gso - package), ("vietnamadminunits", package - gso))
        for code in sorted(codes)
    ]


def province_table(polygons: pd.Series) -> pd.DataFrame:
    """Per new province: legacy units that formed it, units after, polygons in the build."""
    table = unit_counts_by_province()
    table["polygons_2025"] = table.province_code.map(polygons).fillna(0).astype("int64")
    return table


def check_outputs(folder: Path, meta: dict) -> list[Problem]:
    """Every output listed in the manifest exists with the recorded checksum."""
    problems = []
    for entry in meta.get("outputs", []):
        path = folder / entry["path"]
        if not path.is_file():
            problems.append(Problem("build-file", f"{path} is missing"))
        elif manifest.sha256_of(path) != entry["sha256"]:
            problems.append(
                Problem(
                    "build-file",
                    f"{path} does not match its sha256 in the "
                    "manifest (modified or damaged): rebuild",
                )
            )
    return problems


def check_inputs_unchanged(data_dir: Path, meta: dict) -> list[Problem]:
    """The data directory still holds the files the build was made from."""
    problems = []
    for entry in meta.get("inputs", []):
        path = data_dir / entry["path"]
        if not path.is_file() or path.stat().st_size != entry["bytes"]:
            problems.append(
                Problem("stale-build", f"input {path} changed or is gone since the build: rebuild")
            )
        elif manifest.sha256_of(path) != entry["sha256"]:
            problems.append(
                Problem("stale-build", f"input {path} changed since the build: rebuild")
            )
    return problems


def check_lods_agree(folder: Path, codes: set[str]) -> list[Problem]:
    """Every level of detail holds exactly the same units, with non-empty valid geometry."""
    problems = []
    for lod in LODS:
        frame = gpd.read_parquet(folder / f"communes_{lod}.parquet", columns=["code", "geometry"])
        if set(frame.code) != codes:
            diff = sorted(set(frame.code) ^ codes)[:5]
            problems.append(Problem("lod", f"level {lod!r} has different units, e.g. {diff}"))
        for r in frame[frame.geometry.is_empty | ~frame.geometry.is_valid].itertuples():
            problems.append(
                Problem(
                    "lod-geometry",
                    f"level {lod!r}: empty or invalid geometry after simplification",
                    r.code,
                )
            )
    return problems


def _read_communes(folder: Path, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    path = folder / "communes_detail.parquet"
    try:
        return gpd.read_parquet(path)
    except Exception as exc:  # a damaged file is reported, not raised
        problems.append(Problem("build-file", f"{path}: cannot read ({exc})"))
        return None
