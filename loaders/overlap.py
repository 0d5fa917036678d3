"""Geometry cross-check of the lineage: how much of each old unit lies inside its new unit.

For every (new unit, old unit) pair of the lineage where both polygons exist, ``share`` is
``area(old ∩ new) / area(old)`` (0–1), both measured in the equal-area CRS
:data:`loaders.areas.AREA_CRS`. A pair whose old unit went whole into the new unit should come
out near 1; a pair of a split old unit somewhere between 0 and 1; a pair near 0 deserves a look.

The old polygons are the approximate c. 2009–2013 layer (``communes_c2011`` of the build,
mapmakervietnam KML), joined to 2024 legacy codes **by name** and dissolved per code, as in
:func:`loaders.compare.legacy_polygons`; numbered wards (Phường 1, Phường 4…) and many others
have no polygon. So a small share is reported with what may explain it (boundaries moved since
c. 2011, a wrong name match, a wrong pair), never treated as a failure. The new polygons are
the full-detail 2025 layer (``communes_detail``).

Plain Python, keyed by official code; nothing here modifies data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from loaders.areas import AREA_CRS
from loaders.paths import build_dir

#: A pair whose old polygon lies less than this share (0–1) inside the new unit is listed.
LOW_SHARE = 0.05
#: Polygons farther apart than this (km) do not even touch: "apart" rather than an edge.
APART_KM = 1.0
#: Why a pair can come out low, by reason key (English, as the check report is).
REASONS = {
    "apart": (
        "the old unit's c. 2011 polygon lies more than 1 km outside the new unit: a wrong "
        "pair in the lineage, or a wrong name match of the approximate c. 2011 polygon"
    ),
    "split": (
        "the old unit was split between several new units and little of its approximate "
        "c. 2011 polygon lies in this one (boundaries moved since, or a wrong pair)"
    ),
    "edge": (
        "the polygons only meet along an edge: the approximate c. 2011 boundary differs "
        "from the 2025 one (boundaries moved since, or a wrong name match)"
    ),
}
#: Columns of the listed low pairs (:attr:`Overlap.low`).
LOW_COLUMNS = [
    "new_code",
    "new_name",
    "old_code",
    "old_name",
    "old_district_name",
    "part",
    "kind",
    "share",
    "distance_km",
    "match_method",
    "reason",
    "reason_text",
]


@dataclass(frozen=True)
class Overlap:
    """Result of :func:`lineage_overlap`.

    ``pairs``: the pairs given, plus ``share`` (0–1, NaN where a polygon is missing) and
    ``old_area_km2`` (the old polygon's area, km², NaN without one). ``low``: the pairs under
    :data:`LOW_SHARE` (:data:`LOW_COLUMNS`), lowest first. ``summary``: counts (see
    :func:`summary_of`).
    """

    pairs: pd.DataFrame
    low: pd.DataFrame
    summary: dict = field(default_factory=dict)


def old_polygons(folder: Path | None = None) -> gpd.GeoDataFrame:
    """The c. 2011 polygons with a legacy code, dissolved per code, in :data:`AREA_CRS`.

    Indexed by ``legacy_code`` (5-digit string); column ``match_method`` (how the name match
    found the code; several joined by "+" when features of one code were matched differently).
    """
    path = (folder or build_dir()) / "communes_c2011.parquet"
    raw = gpd.read_parquet(path, columns=["legacy_code", "match_method", "geometry"])
    raw = raw[raw["legacy_code"].notna() & raw.geometry.notna() & ~raw.geometry.is_empty]
    raw = raw.assign(legacy_code=raw["legacy_code"].astype(str), geometry=raw.geometry.make_valid())
    repeated = raw["legacy_code"].duplicated(keep=False)
    merged = raw[repeated].dissolve(
        by="legacy_code", aggfunc={"match_method": lambda s: "+".join(sorted(set(map(str, s))))}
    )
    single = raw[~repeated].set_index("legacy_code")
    frame = pd.concat([single, merged]).sort_index()
    frame["match_method"] = frame["match_method"].astype("string")
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=raw.crs).to_crs(AREA_CRS)


def new_polygons(folder: Path | None = None) -> gpd.GeoSeries:
    """The 2025 full-detail polygons indexed by code, in :data:`AREA_CRS`."""
    path = (folder or build_dir()) / "communes_detail.parquet"
    frame = gpd.read_parquet(path, columns=["code", "geometry"])
    return frame.set_index(frame["code"].astype(str)).geometry.to_crs(AREA_CRS)


def pair_shares(pairs: pd.DataFrame, old: gpd.GeoSeries, new: gpd.GeoSeries) -> pd.DataFrame:
    """``pairs`` (``new_code``, ``old_code``, any others) plus ``share`` and ``old_area_km2``.

    ``old`` and ``new`` are polygons indexed by code, in one equal-area CRS (metres).
    ``share`` = area(old ∩ new) / area(old), 0–1; NaN where either polygon is missing or the
    old one has no area. ``old_area_km2`` in km².
    """
    out = pairs.copy().reset_index(drop=True)
    old_geoms = old.reindex(out["old_code"].astype(str).to_numpy()).to_numpy()
    new_geoms = new.reindex(out["new_code"].astype(str).to_numpy()).to_numpy()
    old_area = shapely.area(old_geoms)  # NaN where missing
    inside = shapely.area(shapely.intersection(old_geoms, new_geoms))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(old_area > 0, inside / old_area, np.nan)
    out["share"] = np.clip(share, 0.0, 1.0)
    out["old_area_km2"] = old_area / 1e6
    return out


def low_pairs(
    shares: pd.DataFrame,
    old: gpd.GeoDataFrame,
    new: gpd.GeoSeries,
    threshold: float = LOW_SHARE,
) -> pd.DataFrame:
    """The pairs of :func:`pair_shares` under ``threshold`` (0–1), with names, the distance
    between the two polygons (km), the c. 2011 name-match method and the likely reason."""
    from loaders.register import legacy_units, new_units

    low = shares[shares["share"] < threshold].copy()
    old_codes = low["old_code"].astype(str).to_numpy()
    new_codes = low["new_code"].astype(str).to_numpy()
    gaps = shapely.distance(
        old.geometry.reindex(old_codes).to_numpy(), new.reindex(new_codes).to_numpy()
    )
    low["distance_km"] = np.round(gaps / 1000.0, 2)
    low["match_method"] = old["match_method"].reindex(old_codes).to_numpy()
    new_names = new_units().set_index("code")["full_name"]
    legacy = legacy_units().set_index("code")
    low["new_name"] = new_names.reindex(new_codes).to_numpy()
    low["old_name"] = legacy["full_name"].reindex(old_codes).to_numpy()
    low["old_district_name"] = legacy["district_name"].reindex(old_codes).to_numpy()
    if "kind" not in low:
        low["kind"] = pd.NA
    low["reason"] = [
        _reason(gap, bool(part)) for gap, part in zip(low["distance_km"], low["part"], strict=True)
    ]
    low["reason_text"] = low["reason"].map(REASONS)
    low["share"] = low["share"].round(4)
    return low.sort_values(["share", "new_code", "old_code"])[LOW_COLUMNS].reset_index(drop=True)


def _reason(distance_km: float, part: bool) -> str:
    """The reason key (see :data:`REASONS`) of a low pair, from the distance between its
    polygons (km) and whether the old unit was split."""
    if distance_km > APART_KM:
        return "apart"
    return "split" if part else "edge"


def summary_of(shares: pd.DataFrame, low: pd.DataFrame, seconds: float) -> dict:
    """Counts: ``pairs`` (all), ``checked`` (both polygons present), ``no_old_polygon``,
    ``no_new_polygon``, ``under_5pct`` (checked pairs with share < 5 %), ``apart`` (of
    those, polygons more than :data:`APART_KM` apart),
    ``median_share_whole`` (median share of pairs not flagged part), ``seconds``."""
    checked = shares["share"].notna()
    whole = checked & ~shares["part"].astype(bool)
    return {
        "pairs": len(shares),
        "checked": int(checked.sum()),
        "no_old_polygon": int(shares["old_area_km2"].isna().sum()),
        "no_new_polygon": int((shares["old_area_km2"].notna() & ~checked).sum()),
        "under_5pct": len(low),
        "apart": int((low["reason"] == "apart").sum()),
        "median_share_whole": round(float(shares.loc[whole, "share"].median()), 4)
        if whole.any()
        else None,
        "seconds": round(seconds, 1),
    }


def lineage_overlap(pairs: pd.DataFrame, folder: Path | None = None) -> Overlap:
    """Share (0–1) of every old unit's c. 2011 polygon inside its new unit, in
    :data:`AREA_CRS`, with the pairs under :data:`LOW_SHARE` listed and a summary.

    ``pairs`` has ``new_code``, ``old_code`` and ``part`` (``kind`` is carried when present);
    ``folder`` is the build directory (default :func:`loaders.paths.build_dir`).
    """
    start = time.perf_counter()
    old = old_polygons(folder)
    new = new_polygons(folder)
    shares = pair_shares(pairs, old.geometry, new)
    low = low_pairs(shares, old, new)
    return Overlap(shares, low, summary_of(shares, low, time.perf_counter() - start))


def overlap_report(pairs: pd.DataFrame, folder: Path | None = None) -> dict:
    """The ``"overlap"`` section of ``python -m loaders check``: the summary, the reasons and
    every pair under 5 % (JSON-ready)."""
    result = lineage_overlap(pairs, folder)
    low = result.low.astype(object).where(result.low.notna(), None)
    return {
        **result.summary,
        "threshold": LOW_SHARE,
        "old_layer": "communes_c2011 (approximate, c. 2009–2013, codes matched by name)",
        "reasons": REASONS,
        "low": low.to_dict("records"),
    }
