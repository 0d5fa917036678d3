"""Fast access to the built layers (GeoParquet in the build directory, EPSG:4326).

The UI calls these functions; they never build anything implicitly except through
:func:`ensure_built`, which the app calls once at start-up.

Commune layers have the columns ``code`` (5 digits), ``name``, ``full_name``, ``name_en``,
``full_name_en``, ``unit_type`` (Xã / Phường / Đặc khu), ``province_code`` (2 digits),
``province_name``, ``area_km2`` (km², measured from the full-detail polygon in the equal-area
CRS :data:`loaders.areas.AREA_CRS`, an Albers conic centred on Vietnam),
``area_km2_published`` (km², the published figure of sapnhap.bando.com.vn), ``gis_server_id``,
``n_predecessors``, ``n_part`` and ``geometry``. Province layers: ``code``, ``name``,
``full_name``, ``n_units``, ``n_units_pre2025``, ``area_km2`` and ``area_km2_published``
(sums of their communes' areas, km²), ``geometry``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from loaders import manifest
from loaders.paths import build_dir, find_data_dir

LODS = ("detail", "web", "light", "overview")
PRE2025_LAYERS = ("provinces_pre2025", "districts_pre2025", "communes_c2011")


class NotBuilt(RuntimeError):
    """The build directory has no (current) build; run ``.venv/bin/python -m loaders build``."""


def current_manifest(folder: Path | None = None) -> dict | None:
    """The manifest of the current build, or None when there is no usable build."""
    return manifest.read(folder or build_dir())


def ensure_built(*, progress: bool = False) -> dict:
    """Return the current build's manifest, building from the data directory if needed.

    Raises :class:`loaders.paths.DataDirMissing` when there is neither a build nor a data
    directory to build from.
    """
    found = current_manifest()
    if found is not None:
        return found
    from loaders.build import build
    from loaders.paths import require_data_dir

    return build(require_data_dir(), build_dir(), progress=progress)


def has_data() -> bool:
    """True when a build exists or can be made from a data directory."""
    return current_manifest() is not None or find_data_dir() is not None


def layer_path(name: str, folder: Path | None = None) -> Path:
    path = (folder or build_dir()) / f"{name}.parquet"
    if not path.is_file():
        raise NotBuilt(f"{path} is missing: run `.venv/bin/python -m loaders build`")
    return path


def load_communes(
    lod: str = "web", province: str | None = None, columns: list[str] | None = None
) -> gpd.GeoDataFrame:
    """2025 communes at a level of detail (see :data:`LODS`), optionally of one province.

    ``province`` is a 2-digit code; reading one province uses the file's row-group
    statistics, so it does not read the whole country.
    """
    if lod not in LODS:
        raise ValueError(f"unknown level of detail {lod!r}; expected one of {LODS}")
    filters = [("province_code", "==", str(province))] if province else None
    if columns is not None and "geometry" not in columns:
        columns = [*columns, "geometry"]
    return gpd.read_parquet(layer_path(f"communes_{lod}"), columns=columns, filters=filters)


def load_provinces(lod: str = "web") -> gpd.GeoDataFrame:
    """The 34 provinces after 1 July 2025, dissolved from the commune layer at ``lod``."""
    if lod not in LODS:
        raise ValueError(f"unknown level of detail {lod!r}; expected one of {LODS}")
    return gpd.read_parquet(layer_path(f"provinces_{lod}"))


def load_pre2025(name: str) -> gpd.GeoDataFrame:
    """A pre-2025 layer (see :data:`PRE2025_LAYERS`) with ``provenance`` and ``vintage``."""
    if name not in PRE2025_LAYERS:
        raise ValueError(f"unknown pre-2025 layer {name!r}; expected one of {PRE2025_LAYERS}")
    return gpd.read_parquet(layer_path(name))


def pre2025_metadata() -> dict[str, dict]:
    """Provenance, vintage and coverage of the pre-2025 layers in the current build."""
    found = current_manifest()
    return dict(found.get("pre2025", {})) if found else {}
