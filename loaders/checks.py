"""``python -m loaders check``: validate the register, the lineage and the build together.

The report is a plain dict (printed as a table or as JSON) with per-province counts before and
after the merger and every problem found. Nothing here modifies data.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from loaders import manifest
from loaders.layers import LODS
from loaders.lineage import lineage_pairs, province_lineage
from loaders.paths import build_dir, find_data_dir
from loaders.register import legacy_units, new_units, unit_counts_by_province
from loaders.validate import Problem, check_communes, check_lineage


def run_all_checks(folder: Path | None = None) -> dict:
    """Every check; ``ok`` is False when any problem was found."""
    folder = folder or build_dir()
    data_dir = find_data_dir()
    problems = check_lineage(lineage_pairs(), new_units(), legacy_units(), province_lineage())
    meta = manifest.read(folder)
    polygons = pd.Series(dtype="int64")
    if meta is None:
        problems.append(
            Problem("build", f"no current build in {folder}: run `python -m loaders build`")
        )
    else:
        problems += check_outputs(folder, meta)
        communes = _read_communes(folder, problems)
        if communes is not None:
            problems += check_communes(communes, new_units(), partial=meta["source"]["partial"])
            problems += check_lods_agree(folder, set(communes.code))
            polygons = communes.groupby("province_code").size()
        if data_dir is not None and meta["source"]["kind"] == "mirror":
            problems += check_inputs_unchanged(data_dir, meta)
    table = province_table(polygons)
    facts = fact_checks(folder) if meta is not None else {}
    return {
        "data_dir": str(data_dir) if data_dir else None,
        "build_dir": str(folder),
        "built_at": meta["built_at"] if meta else None,
        "provinces": table.to_dict("records"),
        "totals": {
            "provinces_pre2025": int(legacy_units().province_code.nunique()),
            "provinces_2025": int(new_units().province_code.nunique()),
            "units_pre2025": len(legacy_units()),
            "units_2025": len(new_units()),
            "polygons_2025": int(polygons.sum()),
        },
        **facts,
        "problems": [{**p.as_dict(), "text": str(p)} for p in problems],
        "ok": not problems,
    }


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
