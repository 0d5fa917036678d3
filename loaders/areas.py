"""Areas measured from the polygons, beside the published figures.

The built layers' ``area_km2`` is the area of each unit's full-detail polygon, measured in
:data:`AREA_CRS` (an Albers equal-area conic centred on Vietnam, WGS84 ellipsoid), in km².
The published attribute (``areaKm2`` of the source, from sapnhap.bando.com.vn) is kept as
``area_km2_published``. The two disagree by more than 5 % for about 190 of 3,321 units, for
three kinds of reasons (:func:`discrepancy_reason`):

* ``"sea"``: the archipelagos Hoàng Sa and Trường Sa, whose polygons take in the sea around
  the islands (Trường Sa: 4,208 km² measured against 496 km² published);
* ``"bac_lieu"``: communes formed from units of the former Bạc Liêu province, whose published
  figures are far below their polygons (a defect of the published attribute: 24 communes,
  2,343 km² measured against 936 km²);
* ``"published"``: any other unit, mostly along coasts and estuaries.

Plain Python, no Streamlit; keyed by official code.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd

#: Albers equal-area conic centred on Vietnam (standard parallels 11° N and 21° N, central
#: meridian 106° E, WGS84 ellipsoid): areas are exact on the ellipsoid whatever the distance
#: from the centre, so the archipelagos far out at sea measure right too.
AREA_CRS = "+proj=aea +lat_0=16 +lon_0=106 +lat_1=11 +lat_2=21 +datum=WGS84 +units=m +no_defs"
#: Relative difference between measured and published area above which both are shown.
THRESHOLD = 0.05
#: The two archipelagos (đặc khu Hoàng Sa of Đà Nẵng, Trường Sa of Khánh Hòa).
ARCHIPELAGO_CODES = ("20333", "22736")
#: Legacy province code of Bạc Liêu (merged into Cà Mau in 2025).
BAC_LIEU = "95"
REASONS = ("sea", "bac_lieu", "published")

#: Columns of :func:`area_differences`.
DIFFERENCE_COLUMNS = [
    "code",
    "name",
    "province_code",
    "area_km2",
    "area_km2_published",
    "ratio",
    "reason",
]


def measured_area_km2(geometry: gpd.GeoSeries) -> np.ndarray:
    """Area of every geometry in km², measured in :data:`AREA_CRS` (input in any CRS)."""
    if geometry.crs is None:
        raise ValueError("geometry has no CRS: cannot measure areas")
    return np.asarray(geometry.to_crs(AREA_CRS).area, dtype="float64") / 1e6


def area_ratio(measured: pd.Series | float, published: pd.Series | float) -> pd.Series | float:
    """``measured / published`` (NaN where the published area is missing or not positive)."""
    if isinstance(published, pd.Series):
        return measured / published.where(published > 0)
    return measured / published if published and published > 0 else float("nan")


def differs(measured: float, published: float, threshold: float = THRESHOLD) -> bool:
    """True when the two areas (km²) differ by more than ``threshold`` of the published one."""
    ratio = area_ratio(measured, published)
    return bool(np.isfinite(ratio) and abs(ratio - 1.0) > threshold)


@cache
def _bac_lieu_successors() -> frozenset[str]:
    """New units formed (whole or in part) from units of the former Bạc Liêu province."""
    from loaders.lineage import lineage_pairs

    pairs = lineage_pairs()
    return frozenset(pairs.loc[pairs["old_province_code"] == BAC_LIEU, "new_code"].astype(str))


def discrepancy_reason(code: str) -> str:
    """Why a unit's measured and published areas differ: one of :data:`REASONS`."""
    code = str(code)
    if code in ARCHIPELAGO_CODES:
        return "sea"
    if code in _bac_lieu_successors():
        return "bac_lieu"
    return "published"


def area_differences(units: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Units whose measured and published areas differ by more than ``threshold`` (0–1).

    ``units`` has ``code``, ``name``, ``area_km2`` (measured) and ``area_km2_published``, and
    optionally ``province_code``. Returns :data:`DIFFERENCE_COLUMNS` (areas in km², ``ratio``
    = measured / published, ``reason`` from :func:`discrepancy_reason`), the largest
    differences first.
    """
    frame = pd.DataFrame(units).reset_index(drop=True)
    if "province_code" not in frame:
        frame["province_code"] = pd.NA
    ratio = area_ratio(frame["area_km2"], frame["area_km2_published"])
    off = frame[(ratio - 1.0).abs() > threshold].copy()
    off["ratio"] = ratio[off.index]
    off["reason"] = [discrepancy_reason(code) for code in off["code"]]
    order = np.abs(np.log(off["ratio"].to_numpy(dtype="float64"))).argsort()[::-1]
    return off.iloc[order][DIFFERENCE_COLUMNS].reset_index(drop=True)


def area_report(communes: pd.DataFrame, provinces: pd.DataFrame) -> dict:
    """The ``"areas"`` section of ``python -m loaders check`` (JSON-ready).

    Both frames have ``code``, ``name``, ``area_km2`` (measured in :data:`AREA_CRS`, km²) and
    ``area_km2_published`` (km²). Counts and lists of the units whose two areas differ by
    more than :data:`THRESHOLD`, areas rounded to 0.1 km², ``ratio`` = measured / published.
    """
    report: dict = {"threshold": THRESHOLD, "crs": AREA_CRS}
    for level, frame in (("communes", communes), ("provinces", provinces)):
        off = area_differences(frame)
        off[["area_km2", "area_km2_published"]] = off[["area_km2", "area_km2_published"]].round(1)
        off["ratio"] = off["ratio"].round(3)
        off = off.astype(object).where(off.notna(), None)
        report[f"{level}_off"] = len(off)
        report[level] = off.to_dict("records")
    return report
