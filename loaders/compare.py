"""Old (pre-2025) versus new (1 July 2025) administrative units: the numbers planners compare.

Plain Python, no Streamlit. Everything is keyed by official code (see :mod:`loaders.register`).

Sources, and how honest each number is:

* unit counts before and after come from the GSO's register and conversion table
  (:mod:`loaders.lineage`): exact;
* areas **after** are measured from the 2025 polygons in an equal-area projection (the build's
  ``area_km2``, see :mod:`loaders.areas`); the published figure is wrong for some units;
* areas **before** are computed from the approximate c. 2009–2013 commune polygons
  (``communes_c2011``), only for old units whose polygon was matched to a 2024 code; they are
  always labelled approximate, and the old units without a polygon are listed, never dropped;
* a predecessor's share of a new unit is ``area(old ∩ new) / area(new)``, computed in
  EPSG:3405 (VN-2000 / UTM zone 48N), only where the old unit has a polygon.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd

from loaders import layers
from loaders.lineage import lineage_pairs, predecessors, province_lineage, successors
from loaders.register import (
    legacy_provinces,
    legacy_units,
    new_provinces,
    new_units,
    unit_counts_by_province,
)

#: Metric CRS for areas and intersections: VN-2000 / UTM zone 48N.
AREA_CRS = "EPSG:3405"
#: What a missing polygon is called in tables (Vietnamese UI, also in CSV exports).
NO_POLYGON = "không có đa giác"
#: Code of the national row in :func:`province_statistics`.
NATIONAL = "00"


# --- Merge and split marks ---------------------------------------------------------------------


@cache
def unit_marks() -> pd.DataFrame:
    """Per new unit (3,321 rows): how it was formed.

    Columns: ``code``, ``name``, ``full_name``, ``unit_type``, ``province_code``,
    ``province_name``, ``area_km2`` (km², measured from the polygon), ``n_predecessors`` (old
    units that formed
    it, whole or in part), ``n_part`` (of those, old units split between several new units),
    ``has_part`` (received only part of at least one old unit) and ``mark`` (``"3 → 1"``, with
    ``" (có phần tách)"`` appended when ``has_part``).
    """
    pairs = lineage_pairs()
    grouped = pairs.groupby("new_code")
    summary = pd.DataFrame(
        {"n_predecessors": grouped.size(), "n_part": grouped["part"].sum().astype("int64")}
    )
    fields = ["code", "name", "full_name", "unit_type", "province_code", "province_name"]
    units = new_units()[fields]
    measured = layers.load_communes("detail", columns=["code", "area_km2"]).set_index("code")
    units = units.assign(area_km2=units["code"].map(measured["area_km2"]))
    out = units.merge(summary, left_on="code", right_index=True, how="left", validate="1:1")
    if out["n_predecessors"].isna().any():
        missing = out.loc[out["n_predecessors"].isna(), "code"].head(5).tolist()
        raise ValueError(f"new units without lineage, e.g. {missing}")
    out = out.astype({"n_predecessors": "int64", "n_part": "int64"})
    out["has_part"] = out["n_part"] > 0
    out["mark"] = out["n_predecessors"].astype(str) + " → 1"
    out.loc[out["has_part"], "mark"] += " (có phần tách)"
    return out.reset_index(drop=True)


# --- Approximate polygons of old units ---------------------------------------------------------


@cache
def legacy_polygons() -> gpd.GeoDataFrame:
    """One approximate c. 2009–2013 polygon per old unit that has one (EPSG:4326).

    Columns: ``code`` (2024 legacy code), ``name``, ``district_name``, ``province_code`` (from
    the register), ``area_km2_approx`` (km², computed in :data:`AREA_CRS`), ``geometry``.
    Polygons sharing one legacy code are dissolved. About 9,032 of 10,040 old units.
    """
    raw = layers.load_pre2025("communes_c2011")
    raw = raw[raw["legacy_code"].notna()][["legacy_code", "geometry"]]
    raw = raw.assign(legacy_code=raw["legacy_code"].astype(str))
    raw = raw[~raw.geometry.is_empty & raw.geometry.notna()]
    raw = raw.set_geometry(raw.geometry.make_valid())
    merged = raw.dissolve(by="legacy_code", as_index=False).rename(columns={"legacy_code": "code"})
    register = legacy_units().set_index("code")[["name", "district_name", "province_code"]]
    merged = merged[merged["code"].isin(register.index)]
    merged = merged.join(register, on="code")
    merged["area_km2_approx"] = merged.geometry.to_crs(AREA_CRS).area / 1e6
    columns = ["code", "name", "district_name", "province_code", "area_km2_approx", "geometry"]
    return merged[columns].sort_values("code", ignore_index=True)


@cache
def legacy_areas() -> pd.Series:
    """Approximate area (km²) per old unit code, only for units with a polygon."""
    polygons = legacy_polygons()
    return pd.Series(
        polygons["area_km2_approx"].to_numpy(), index=polygons["code"].astype(str), name="area"
    )


def old_units_of(province_code: str) -> pd.DataFrame:
    """The old units that went (whole or in part) to new province ``province_code``.

    Register columns (``code``, ``name``, ``full_name``, ``unit_type``, ``district_name``,
    ``province_code``, ``province_name``, ``level``: "commune", or "district" for an island
    district without communes, which counts apart) plus ``has_polygon``, ``area_km2_approx``
    and ``split`` (divided between several new units).
    """
    pairs = lineage_pairs()
    mine = pairs[pairs["new_province_code"] == str(province_code)]
    split = mine.groupby("old_code")["part"].any()
    fields = [
        "code",
        "name",
        "full_name",
        "unit_type",
        "district_name",
        "province_code",
        "province_name",
        "level",
    ]
    out = legacy_units().set_index("code").loc[split.index].reset_index(names="code")[fields]
    areas = legacy_areas()
    out["has_polygon"] = out["code"].isin(areas.index)
    out["area_km2_approx"] = out["code"].map(areas)
    out["split"] = out["code"].map(split).astype(bool)
    return out.sort_values("code", ignore_index=True)


def old_without_polygon(province_code: str | None = None) -> pd.DataFrame:
    """Old units with no c. 2011 polygon, for one new province or all (``None``).

    Columns: ``code``, ``name``, ``unit_type``, ``district_name``, ``province_name`` (old),
    ``new_province_code``. Listed so that the map never drops them silently.
    """
    pairs = lineage_pairs()[["old_code", "new_province_code"]].drop_duplicates("old_code")
    if province_code is not None:
        pairs = pairs[pairs["new_province_code"] == str(province_code)]
    pairs = pairs[~pairs["old_code"].isin(legacy_areas().index)]
    fields = ["name", "unit_type", "district_name", "province_name"]
    out = legacy_units().set_index("code").loc[pairs["old_code"], fields].reset_index(names="code")
    out["new_province_code"] = pairs["new_province_code"].to_numpy()
    return out.sort_values("code", ignore_index=True)


# --- Statistics --------------------------------------------------------------------------------


def _stat_row(new: pd.DataFrame, old_codes: pd.Index, old_split: int, areas: pd.Series) -> dict:
    before = len(old_codes)
    after = len(new)
    old_area = areas.reindex(old_codes).dropna()
    old_mean = round(float(old_area.mean()), 2) if len(old_area) else np.nan
    old_max = round(float(old_area.max()), 2) if len(old_area) else np.nan
    new_area = pd.to_numeric(new["area_km2"], errors="coerce")
    return {
        "units_pre2025": before,
        "units_2025": after,
        "reduction_pct": round(100.0 * (before - after) / before, 1) if before else np.nan,
        "mean_area_2025_km2": round(float(new_area.mean()), 2),
        "max_area_2025_km2": round(float(new_area.max()), 2),
        "mean_area_pre2025_km2_approx": old_mean,
        "max_area_pre2025_km2_approx": old_max,
        "pre2025_with_polygon": len(old_area),
        "pre2025_without_polygon": before - len(old_area),
        "old_units_split": old_split,
        "new_units_with_part": int(new["has_part"].sum()),
    }


@cache
def province_statistics() -> pd.DataFrame:
    """Per new province (34 rows) and a national row (``province_code == "00"``).

    Columns: ``province_code``, ``province_name``, ``units_pre2025`` (old commune-level units
    that formed the province's units), ``island_districts_pre2025`` (old island districts
    without communes that became a special zone), ``units_2025``, ``reduction_pct``
    (``100 · (before − after) / before``), ``mean_area_2025_km2`` / ``max_area_2025_km2``
    (measured from the 2025 polygons), ``mean_area_pre2025_km2_approx`` /
    ``max_area_pre2025_km2_approx`` (c. 2011 polygons, approximate), ``pre2025_with_polygon``
    / ``pre2025_without_polygon``, ``old_units_split`` (old units divided between several
    new units) and ``new_units_with_part`` (new units that received part of a divided old
    unit).

    An old unit divided between two provinces would count in both provinces; the national row
    counts every old unit once (no such case exists in the 2025 lineage).
    """
    all_pairs = lineage_pairs()
    level = all_pairs["old_code"].map(legacy_units().set_index("code")["level"])
    # Island districts without communes count apart: they were no commune-level unit.
    counts = unit_counts_by_province().set_index("province_code")
    islands = counts["island_districts_pre2025"]
    pairs = all_pairs[level == "commune"]
    marks = unit_marks()
    areas = legacy_areas()
    rows = []
    names = new_provinces().set_index("code")["name"]
    for code, name in names.items():
        mine = pairs[pairs["new_province_code"] == code]
        old_codes = pd.Index(mine["old_code"].unique())
        split = mine.loc[mine["part"], "old_code"].nunique()
        new = marks[marks["province_code"] == code]
        rows.append(
            {
                "province_code": code,
                "province_name": name,
                **_stat_row(new, old_codes, split, areas),
                "island_districts_pre2025": int(islands.get(code, 0)),
            }
        )
    national = _stat_row(
        marks,
        pd.Index(pairs["old_code"].unique()),
        pairs.loc[pairs["part"], "old_code"].nunique(),
        areas,
    )
    national["island_districts_pre2025"] = int(islands.sum())
    rows.append({"province_code": NATIONAL, "province_name": "Toàn quốc", **national})
    out = pd.DataFrame(rows)
    out["province_code"] = out["province_code"].astype("string")
    out["province_name"] = out["province_name"].astype("string")
    return out


def national_statistics() -> pd.Series:
    """The national row of :func:`province_statistics`, plus ``provinces_pre2025`` (63) and
    ``provinces_2025`` (34)."""
    table = province_statistics()
    row = table[table["province_code"] == NATIONAL].iloc[0].copy()
    row["provinces_pre2025"] = len(legacy_provinces())
    row["provinces_2025"] = len(new_provinces())
    return row


@cache
def province_table() -> pd.DataFrame:
    """The 63 → 34 picture: per new province, the old provinces that formed it.

    Columns: ``province_code``, ``province_name``, ``n_old_provinces``, ``old_province_codes``
    (``"04"`` or ``"02, 08"``), ``old_province_names`` (``"Hà Giang, Tuyên Quang"``),
    ``merged`` (formed from more than one old province), ``units_pre2025``, ``units_2025``.
    """
    links = province_lineage()
    old_names = legacy_provinces().set_index("code")["name"]
    stats = province_statistics().set_index("province_code")
    rows = []
    for code, name in new_provinces().set_index("code")["name"].items():
        olds = sorted(links.loc[links["new_province_code"] == code, "old_province_code"])
        rows.append(
            {
                "province_code": code,
                "province_name": name,
                "n_old_provinces": len(olds),
                "old_province_codes": ", ".join(olds),
                "old_province_names": ", ".join(str(old_names[o]) for o in olds),
                "merged": len(olds) > 1,
                "units_pre2025": int(stats.loc[code, "units_pre2025"]),
                "units_2025": int(stats.loc[code, "units_2025"]),
            }
        )
    return pd.DataFrame(rows)


# --- Lineage of one unit, with area shares -----------------------------------------------------


def _new_polygon(new_code: str) -> gpd.GeoSeries:
    province = new_units().set_index("code").loc[new_code, "province_code"]
    communes = layers.load_communes("detail", province=str(province), columns=["code"])
    return communes.loc[communes["code"] == new_code].geometry


def predecessor_shares(new_code: str) -> pd.DataFrame:
    """The old units that formed ``new_code``, with their share of its area.

    :func:`loaders.lineage.predecessors` columns plus ``has_polygon``, ``area_km2_approx`` (the
    old unit, approximate), ``share_of_new`` (``area(old ∩ new) / area(new)``, 0–1) and
    ``share_of_old`` (``area(old ∩ new) / area(old)``: how much of a divided old unit went
    here) — both NaN where the old unit has no polygon — and ``share_note`` (the share as text,
    or :data:`NO_POLYGON`). Areas in :data:`AREA_CRS`.
    """
    new_code = str(new_code)
    out = predecessors(new_code)
    polygons = legacy_polygons().set_index("code")
    out["has_polygon"] = out["old_code"].isin(polygons.index)
    out["area_km2_approx"] = out["old_code"].map(polygons["area_km2_approx"])
    out["share_of_new"] = np.nan
    out["share_of_old"] = np.nan
    new_geom = _new_polygon(new_code)
    if len(out) and len(new_geom) and out["has_polygon"].any():
        new_metric = new_geom.to_crs(AREA_CRS).make_valid().union_all()
        codes = out.loc[out["has_polygon"], "old_code"]
        old_metric = gpd.GeoSeries(polygons.loc[codes, "geometry"].to_numpy(), crs=4326)
        old_metric = old_metric.to_crs(AREA_CRS).make_valid()
        inter = old_metric.intersection(new_metric).area.to_numpy()
        out.loc[out["has_polygon"], "share_of_new"] = inter / new_metric.area
        out.loc[out["has_polygon"], "share_of_old"] = inter / old_metric.area.to_numpy()
    out["share_note"] = [
        f"{share:.0%}" if pd.notna(share) else NO_POLYGON for share in out["share_of_new"]
    ]
    return out


def successor_shares(old_code: str) -> pd.DataFrame:
    """The new unit or units that old unit ``old_code`` went to.

    :func:`loaders.lineage.successors` columns plus ``share_of_old`` (how much of the old unit's
    approximate polygon lies in each new unit, 0–1; NaN without a polygon) and ``share_note``.
    """
    old_code = str(old_code)
    out = successors(old_code)
    out["share_of_old"] = np.nan
    polygons = legacy_polygons().set_index("code")
    if len(out) and old_code in polygons.index:
        old_metric = gpd.GeoSeries([polygons.loc[old_code, "geometry"]], crs=4326)
        old_metric = old_metric.to_crs(AREA_CRS).make_valid().iloc[0]
        shares = []
        for code in out["new_code"]:
            new_geom = _new_polygon(str(code)).to_crs(AREA_CRS).make_valid().union_all()
            shares.append(old_metric.intersection(new_geom).area / old_metric.area)
        out["share_of_old"] = shares
    out["share_note"] = [
        f"{share:.0%}" if pd.notna(share) else NO_POLYGON for share in out["share_of_old"]
    ]
    return out
