"""Read boundary inputs into one commune GeoDataFrame with this project's column names.

Three input layouts are understood:

* **upstream**: per-ward GeoJSON files as published by thanglequoc/vietnamese-provinces-database,
  ``{pp}_{slug}/wards/{code}_{slug}.geojson`` (one Feature each) beside a province file
  ``{pp}_{slug}/{pp}_{slug}.geojson``. The folder given may be the ``json/geojson`` root or one
  province folder;
* **mirror**: the merged layer ``wards_2025/wards_2025_detail.parquet`` of a data directory;
* **fixture**: a declared test fixture (``fixture.json``, see :mod:`loaders.paths`): the
  mirror's columns for a few provinces, in the GeoJSON file its declaration names.

Either way the result has the columns in :data:`COMMUNE_COLUMNS`, EPSG:4326, and official
codes (see :mod:`loaders.known_differences`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from loaders.known_differences import fix_boundary_code
from loaders.paths import MARKER, fixture_declaration, is_fixture

CRS = "EPSG:4326"

COMMUNE_COLUMNS = [
    "code",
    "name",
    "full_name",
    "name_en",
    "full_name_en",
    "unit_type",
    "province_code",
    "province_name",
    "area_km2",
    "gis_server_id",
]

_MIRROR_RENAME = {
    "fullName": "full_name",
    "nameEn": "name_en",
    "fullNameEn": "full_name_en",
    "unitType": "unit_type",
    "provinceCode": "province_code",
    "provinceName": "province_name",
    "areaKm2": "area_km2",
    "gisServerId": "gis_server_id",
}
_UNIT_TYPES = ("Đặc khu", "Phường", "Xã")
_PROVINCE_DIR = re.compile(r"^(\d{2})_[a-z0-9_]+$")


class InputError(ValueError):
    """An input file is unreadable or malformed; the message names the file and the problem."""


def is_mirror(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def province_dirs(root: Path) -> list[Path]:
    """Upstream province folders under ``root`` (or ``root`` itself if it is one)."""
    if _PROVINCE_DIR.match(root.name) and (root / "wards").is_dir():
        return [root]
    found = sorted(p for p in root.iterdir() if _PROVINCE_DIR.match(p.name) and p.is_dir())
    if not found:
        raise InputError(f"{root}: no upstream province folders (like 04_cao_bang/wards/) found")
    return found


def read_communes(source: Path) -> gpd.GeoDataFrame:
    """All communes from a mirror data directory, a declared fixture or an upstream folder
    (see module doc)."""
    if is_fixture(source):
        return read_fixture(source)
    if is_mirror(source):
        return read_mirror(source / MARKER)
    frames = [read_upstream_province(folder) for folder in province_dirs(source)]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS)


def read_mirror(path: Path) -> gpd.GeoDataFrame:
    """The merged 2025 ward layer of the mirror, renamed to this project's columns."""
    try:
        frame = gpd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(f"{path}: cannot read GeoParquet ({exc})") from exc
    if frame.crs is None:
        raise InputError(f"{path}: no CRS set (expected {CRS})")
    return _from_mirror_columns(frame)


def read_fixture(folder: Path) -> gpd.GeoDataFrame:
    """The communes of a declared test fixture (mirror columns, GeoJSON), renamed."""
    declared = fixture_declaration(folder) or {}
    try:
        path = folder / declared["files"]["wards"]["path"]
    except (KeyError, TypeError):
        raise InputError(f"{folder}: fixture.json names no wards file") from None
    return _from_mirror_columns(read_layer(path))


def _from_mirror_columns(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.rename(columns=_MIRROR_RENAME).drop(columns=["codeName"], errors="ignore")
    frame["code"] = frame["code"].map(fix_boundary_code)
    return _typed(frame)


def read_upstream_province(folder: Path) -> gpd.GeoDataFrame:
    """One upstream province folder: its ward files, with province code and name attached."""
    province_code = folder.name[:2]
    province_name = _province_name(folder)
    files = sorted((folder / "wards").glob("*.geojson"))
    if not files:
        raise InputError(f"{folder / 'wards'}: no ward files")
    rows = [_read_ward_file(path) for path in files]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=CRS)
    frame["province_code"] = province_code
    frame["province_name"] = province_name
    return _typed(frame)


def _province_name(folder: Path) -> str:
    """Full province name ('Tỉnh Cao Bằng') from the province file in the folder."""
    path = folder / f"{folder.name}.geojson"
    if not path.is_file():
        raise InputError(f"{path}: province file missing")
    props = _load_feature(path)["properties"]
    return str(props.get("fullName") or props.get("name"))


def _read_ward_file(path: Path) -> dict:
    """One upstream ward file as a flat record with a shapely geometry."""
    feature = _load_feature(path)
    props = feature.get("properties") or {}
    code = str(props.get("code") or feature.get("id") or "")
    if not re.fullmatch(r"\d{5}", code):
        raise InputError(f"{path}: property 'code' is {code!r}, expected a 5-digit string")
    full_name = str(props.get("fullName") or "")
    unit_type = next((t for t in _UNIT_TYPES if full_name.startswith(t + " ")), None)
    if unit_type is None:
        raise InputError(f"{path}: property 'fullName' {full_name!r} has no Xã/Phường/Đặc khu")
    try:
        geometry = shapely.geometry.shape(feature["geometry"])
    except Exception as exc:
        raise InputError(f"{path}: bad geometry ({exc})") from exc
    return {
        "code": fix_boundary_code(code),
        "name": props.get("name"),
        "full_name": full_name,
        "name_en": props.get("nameEn"),
        "full_name_en": props.get("fullNameEn"),
        "unit_type": unit_type,
        "area_km2": props.get("areaKm2"),
        "gis_server_id": props.get("gisServerId"),
        "geometry": geometry,
    }


def _load_feature(path: Path) -> dict:
    """The single Feature of an upstream file; clear errors for truncated or odd files."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno} "
            f"({exc.msg}); the file may be truncated"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc})") from exc
    crs = (data.get("crs") or {}).get("properties", {}).get("name")
    if crs and not crs.upper().endswith(("CRS84", "4326")):
        raise InputError(f"{path}: CRS {crs!r} is not WGS84 longitude/latitude")
    features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    if not features or len(features) != 1 or "geometry" not in features[0]:
        raise InputError(f"{path}: expected one GeoJSON Feature, found {len(features or [])}")
    return features[0]


def _typed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns in canonical order and types (codes and names as strings, area as float)."""
    missing = [c for c in COMMUNE_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"input lacks columns {missing}")
    out = frame[[*COMMUNE_COLUMNS, "geometry"]].copy()
    text = [c for c in COMMUNE_COLUMNS if c != "area_km2"]
    out[text] = out[text].astype("string")
    out["area_km2"] = pd.to_numeric(out["area_km2"], errors="coerce").astype("float64")
    return out


def read_layer(path: Path, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    """Read a GeoJSON or GeoParquet layer with pyogrio/pyarrow; CRS must be set."""
    try:
        if path.suffix == ".parquet":
            frame = gpd.read_parquet(path, columns=columns)
        else:
            frame = gpd.GeoDataFrame(pyogrio.read_dataframe(path, columns=columns))
    except Exception as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    if frame.crs is None:
        raise InputError(f"{path}: no CRS set (expected {CRS})")
    return frame
