"""The units the old/new comparison draws, joined with what it shows about them.

The 2025 communes of a province with their merge/split marks, the approximate pre-2025
communes that went to it with the names of the new units each became, the 63 old provinces
with their measured area and new province, the archipelago units: plain data frames (EPSG:4326)
shared by the compare page (:mod:`dashboard.compare`) and its print export
(:mod:`dashboard.export`), so paper and screen draw the same units.
"""

from __future__ import annotations

import geopandas as gpd

from loaders import compare, layers
from loaders.lineage import lineage_pairs, province_lineage
from loaders.register import ARCHIPELAGOS, new_units


def new_commune_frame(province_code: str) -> gpd.GeoDataFrame:
    """The province's 2025 units (``web`` detail) with their merge/split marks."""
    shapes = layers.load_communes("web", province=province_code, columns=["code"])
    marks = compare.unit_marks().set_index("code")
    frame = shapes.join(marks, on="code")
    return frame.sort_values("code", ignore_index=True)


def old_commune_frame(province_code: str) -> gpd.GeoDataFrame:
    """The approximate polygons of the old units that went to ``province_code``, with the
    names of the new units each one went to (``went_to``)."""
    olds = compare.old_units_of(province_code)
    polygons = compare.legacy_polygons().set_index("code")
    drawn = olds[olds["has_polygon"]].copy()
    drawn = gpd.GeoDataFrame(
        drawn, geometry=polygons.loc[drawn["code"], "geometry"].to_numpy(), crs=4326
    )
    pairs = lineage_pairs()
    names = new_units().set_index("code")["full_name"]
    went = pairs[pairs["old_code"].isin(drawn["code"])].assign(
        new_name=lambda p: p["new_code"].map(names)
    )
    went_to = went.groupby("old_code")["new_name"].agg(lambda s: ", ".join(map(str, s)))
    drawn["went_to"] = drawn["code"].map(went_to)
    return drawn.reset_index(drop=True)


def old_province_codes(new_province_code: str) -> list[str]:
    """Codes of the pre-2025 provinces that (wholly or partly) became ``new_province_code``."""
    links = province_lineage()
    return sorted(links.loc[links["new_province_code"] == new_province_code, "old_province_code"])


def old_province_frame() -> gpd.GeoDataFrame:
    """The 63 old provinces with an area computed from their polygons (km²)."""
    olds = layers.load_pre2025("provinces_pre2025")[["code", "full_name", "vintage", "geometry"]]
    olds = olds.assign(area_km2=olds.geometry.to_crs(compare.AREA_CRS).area / 1e6)
    links = province_lineage().set_index("old_province_code")["new_province_code"]
    olds["new_province_code"] = olds["code"].map(links)
    return olds


def archipelago_frame() -> gpd.GeoDataFrame:
    """Hoàng Sa and Trường Sa (units 20333 and 22736) from the 2025 layer, with ``key``
    ("hoang_sa" | "truong_sa"), keyed by code (:data:`loaders.register.ARCHIPELAGOS`)."""
    units = layers.load_communes("overview", columns=["code", "name", "unit_type", "province_code"])
    found = units[units["code"].isin(list(ARCHIPELAGOS))]
    found = found.assign(key=found["code"].map(ARCHIPELAGOS))
    return found.sort_values("code", ignore_index=True)
