"""Pre-2025 comparison layers, each carrying its provenance, vintage and coverage.

All three come from the data directory's ``pre2025/`` folder (EPSG:4326):

* old provinces (gis.chinhphu.vn via daohoangson/dvhcvn, 2023, GPL-3.0): 62 of 63; Quảng Ninh
  (22) is missing upstream and, since it was not merged in 2025, its 2025 outline stands in;
* old districts (same source): 692 of 696;
* communes c. 2011 (mapmakervietnam KML via puleeno/diagioihanhchinh, survey c. 2009–2013,
  licence unknown): approximate, joined to legacy 2024 codes by name where possible.

Every layer gets ``provenance`` and ``vintage`` columns, and :func:`layer_metadata` says how
many register units have a polygon, so the UI can always label the layer honestly.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from loaders.known_differences import PRE2025_PROVINCE_FILL
from loaders.register import legacy_provinces, legacy_units
from loaders.sources import read_layer

PRE2025_DIR = Path("pre2025")
FILES = {
    "provinces_pre2025": PRE2025_DIR / "provinces_pre2025_dvhcvn.geojson",
    "districts_pre2025": PRE2025_DIR / "districts_pre2025_dvhcvn.geojson",
    "communes_c2011": PRE2025_DIR / "communes_c2011_web.geojson",
}

DVHCVN = {
    "provenance": "gis.chinhphu.vn qua daohoangson/dvhcvn@68a4290 (GPL-3.0)",
    "vintage": "2023",
}
C2011 = {
    "provenance": "mapmakervietnam (KML) qua puleeno/diagioihanhchinh@2c9c5cf; giấy phép không rõ",
    "vintage": "khoảng 2009–2013 (xấp xỉ, không chính thức)",
}


def build_layers(data_dir: Path, provinces_2025: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """The pre-2025 layers present in ``data_dir``, keyed by layer name.

    ``provinces_2025`` (with ``code`` and geometry) supplies the Quảng Ninh stand-in.
    """
    layers = {}
    if (data_dir / FILES["provinces_pre2025"]).is_file():
        layers["provinces_pre2025"] = old_provinces(data_dir, provinces_2025)
    if (data_dir / FILES["districts_pre2025"]).is_file():
        layers["districts_pre2025"] = old_districts(data_dir)
    if (data_dir / FILES["communes_c2011"]).is_file():
        layers["communes_c2011"] = communes_c2011(data_dir)
    return layers


def old_provinces(data_dir: Path, provinces_2025: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 63 old provinces: ``code``, ``name``, ``full_name``, ``provenance``, ``vintage``."""
    frame = read_layer(data_dir / FILES["provinces_pre2025"])
    frame = frame.rename(columns={"name": "full_name"})[["code", "full_name", "geometry"]]
    frame = frame.assign(**DVHCVN)
    fills = []
    for old_code, new_code in PRE2025_PROVINCE_FILL.items():
        if old_code in set(frame.code):
            continue
        outline = provinces_2025.loc[provinces_2025.code == new_code, "geometry"]
        fills.append(
            gpd.GeoDataFrame(
                {
                    "code": [old_code],
                    "full_name": [None],
                    "geometry": outline.to_numpy(),
                    "provenance": ["Đường bao năm 2025 của tỉnh (không sáp nhập năm 2025)"],
                    "vintage": ["2025"],
                },
                crs=frame.crs,
            )
        )
    frame = pd.concat([frame, *fills], ignore_index=True)
    names = legacy_provinces().set_index("code")
    frame["name"] = frame.code.map(names["name"])
    frame["full_name"] = frame.full_name.fillna(frame.code.map(names["full_name"]))
    columns = ["code", "name", "full_name", "provenance", "vintage", "geometry"]
    return _strings(gpd.GeoDataFrame(frame[columns], crs=frame.crs).sort_values("code"))


def old_districts(data_dir: Path) -> gpd.GeoDataFrame:
    """Old districts: ``code`` (3 digits), ``name``, ``province_code``, provenance, vintage."""
    frame = read_layer(data_dir / FILES["districts_pre2025"])
    frame = frame.rename(columns={"provinceCode": "province_code"}).assign(**DVHCVN)
    columns = ["code", "name", "province_code", "provenance", "vintage", "geometry"]
    return _strings(gpd.GeoDataFrame(frame[columns], crs=frame.crs).sort_values("code"))


def communes_c2011(data_dir: Path) -> gpd.GeoDataFrame:
    """Approximate old communes, with ``legacy_code`` where a name match found one.

    Columns: ``name``, ``unit_type``, ``district_name``, ``province_code``, ``legacy_code``
    (5-digit 2024 code or missing), ``match_method``, ``provenance``, ``vintage``.
    """
    frame = read_layer(data_dir / FILES["communes_c2011"])
    frame = frame.rename(
        columns={
            "commune": "name",
            "unitType": "unit_type",
            "district": "district_name",
            "legacy_provinceCode": "province_code",
            "legacy_wardCode_namematch": "legacy_code",
            "namematch_method": "match_method",
        }
    ).assign(**C2011)
    columns = [
        "name",
        "unit_type",
        "district_name",
        "province_code",
        "legacy_code",
        "match_method",
        "provenance",
        "vintage",
        "geometry",
    ]
    frame = gpd.GeoDataFrame(frame[columns], crs=frame.crs)
    frame["legacy_code"] = frame.legacy_code.where(frame.legacy_code.astype(str).str.len() == 5)
    return _strings(frame.sort_values(["province_code", "name"], ignore_index=True))


def layer_metadata(layers: dict[str, gpd.GeoDataFrame]) -> dict[str, dict]:
    """Provenance, vintage and coverage of each pre-2025 layer, for the manifest and the UI."""
    legacy = legacy_units()
    n_districts = legacy.district_code.nunique()
    meta = {}
    if "provinces_pre2025" in layers:
        frame = layers["provinces_pre2025"]
        meta["provinces_pre2025"] = {
            **DVHCVN,
            "features": len(frame),
            "coverage": f"{frame.code.nunique()} / {len(legacy_provinces())} tỉnh",
            "filled": sorted(PRE2025_PROVINCE_FILL),
        }
    if "districts_pre2025" in layers:
        frame = layers["districts_pre2025"]
        meta["districts_pre2025"] = {
            **DVHCVN,
            "features": len(frame),
            "coverage": f"{frame.code.nunique()} / {n_districts} huyện",
        }
    if "communes_c2011" in layers:
        frame = layers["communes_c2011"]
        # Commune-level units only: the five island districts had no communes to draw.
        communes = set(legacy.loc[legacy.level == "commune", "code"])
        matched = len(set(frame.legacy_code.dropna()) & communes)
        meta["communes_c2011"] = {
            **C2011,
            "features": len(frame),
            "legacy_units_with_polygon": int(matched),
            "legacy_units": len(communes),
            "coverage": f"{_vi_int(matched)} / {_vi_int(len(communes))} đơn vị cấp xã cũ có "
            "đa giác (xấp xỉ)",
        }
    return meta


def _vi_int(n: int) -> str:
    """An integer with Vietnamese thousands separators: 10035 → "10.035"."""
    return f"{n:,}".replace(",", ".")


def _strings(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    text = [c for c in frame.columns if c != "geometry"]
    frame[text] = frame[text].astype("string")
    return frame.reset_index(drop=True)
