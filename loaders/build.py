"""Build the map layers: read, validate, simplify, dissolve, write GeoParquet and a manifest.

``build(source, out)`` is the whole story:

1. resolve the source (a data directory in the mirror layout, a declared test fixture, an
   upstream folder, or an upstream URL that is downloaded first);
2. check the official register tables (:mod:`loaders.official_lineage`; a declared test
   fixture has none and names its lineage source instead), read every commune and check it
   against the register (:mod:`loaders.validate`);
3. attach register attributes (short province name, number of predecessor units);
4. simplify the coverage into levels of detail with ``shapely.coverage_simplify`` so shared
   edges stay shared, and dissolve provinces from each level;
5. add the pre-2025 layers when the source has them;
6. write everything to a temporary folder and swap it in, so a failed build never damages
   the build already there.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from unidecode import unidecode

from loaders import manifest, pre2025, sources, validate
from loaders.areas import measured_area_km2
from loaders.gso import CONVERSION_FILE, PRE_MERGER_FILE
from loaders.known_differences import BOUNDARY_CODE_FIXES
from loaders.lineage import GSO, lineage_source, predecessor_summary
from loaders.official_lineage import official_lineage
from loaders.paths import (
    FIXTURE_DECLARATION,
    UPSTREAM_COMMIT,
    UPSTREAM_REPO,
    build_dir,
    fixture_declaration,
    is_fixture,
    require_data_dir,
)
from loaders.register import new_provinces, new_units, register_units

#: Levels of detail: simplification tolerance in degrees (1e-3° ≈ 100 m). "overview" is
#: sized so all 3,321 communes fit in a browser map payload under 3 MB once the map rounds
#: coordinates to 4 decimals. Coordinates are not snapped to a grid here: snapping each
#: polygon separately opens slivers between neighbours.
LODS: dict[str, float] = {"detail": 0.0001, "web": 0.001, "light": 0.003, "overview": 0.006}

LICENCE_2025 = "MIT (thanglequoc/vietnamese-provinces-database); hình học từ sapnhap.bando.com.vn"


@dataclass(frozen=True)
class Source:
    """A resolved build input: a local folder, plus the URL it was fetched from, if any."""

    folder: Path
    kind: str  # "mirror" | "fixture" | "upstream" | "url"
    location: str


def build(
    source: str | Path | None = None,
    out: Path | None = None,
    *,
    progress: bool = True,
    allow_partial: bool = False,
) -> dict:
    """Build all layers from ``source`` into ``out`` and return the manifest.

    ``source`` defaults to the data directory (:func:`loaders.paths.require_data_dir`) and
    ``out`` to :func:`loaders.paths.build_dir`. A source covering fewer provinces than the
    register is refused unless ``allow_partial`` (``--partial``): a one-province folder
    would otherwise replace the whole country's build. A declared test fixture
    (:func:`loaders.paths.fixture_declaration`) is partial by declaration: it must hold
    exactly the provinces it declares, each complete, and the manifest says it is a fixture.
    Raises
    :class:`loaders.sources.InputError`, :class:`loaders.validate.ValidationFailed` or a
    download error; ``out`` is then untouched.
    """
    out = Path(out) if out else build_dir()
    src = resolve_source(source, out, progress=progress)
    if lineage_source() == GSO:
        validate.raise_for(official_lineage().problems, "register")
    communes = sources.read_communes(src.folder)
    covered, wanted = communes.province_code.nunique(), len(new_provinces())
    partial = src.kind != "mirror" and covered < wanted
    if src.kind == "fixture":
        validate.raise_for(fixture_problems(src.folder, communes), src.location)
    elif partial and not allow_partial:
        validate.raise_for(
            [
                validate.Problem(
                    "partial",
                    f"the source covers {covered} of the register's {wanted} provinces; "
                    "building from it would replace the whole build: pass --partial to "
                    "build these provinces only",
                )
            ],
            src.location,
        )
    problems = validate.check_communes(communes, register_units(), partial=partial)
    validate.raise_for(problems, src.location)

    communes = enrich(communes)
    layers = simplified_layers(communes)
    if src.kind == "mirror":
        layers |= pre2025.build_layers(src.folder, layers["provinces_web"])
    meta = {
        "schema_version": manifest.SCHEMA_VERSION,
        "built_at": manifest.now_utc(),
        "source": source_record(src, partial),
        "inputs": input_entries(src),
        "lods": {name: {"tolerance_deg": tol} for name, tol in LODS.items()},
        "pre2025": pre2025.layer_metadata(layers),
        "counts": {"communes": len(communes), "provinces": int(communes.province_code.nunique())},
        "tools": manifest.tool_versions(),
    }
    return write_atomically(layers, meta, out)


def resolve_source(source: str | Path | None, out: Path, *, progress: bool) -> Source:
    """Turn the ``--source`` argument into a local folder, downloading a URL first."""
    if source is None:
        folder = require_data_dir()
        return Source(folder, "fixture" if is_fixture(folder) else "mirror", str(folder))
    text = str(source)
    if re.match(r"^https?://", text):
        folder = fetch_upstream(text, out.parent / "downloads", progress=progress)
        return Source(folder, "url", text)
    folder = Path(text).expanduser().resolve()
    if not folder.is_dir():
        raise sources.InputError(f"{folder}: source folder does not exist")
    if is_fixture(folder):
        return Source(folder, "fixture", str(folder))
    return Source(folder, "mirror" if sources.is_mirror(folder) else "upstream", str(folder))


def fixture_problems(folder: Path, communes: gpd.GeoDataFrame) -> list[validate.Problem]:
    """A declared fixture holds exactly the provinces it declares (each is then checked
    whole against the register, as a partial build is)."""
    declared = set((fixture_declaration(folder) or {}).get("provinces", []))
    present = set(communes.province_code)
    if declared and present == declared:
        return []
    return [
        validate.Problem(
            "fixture",
            f"fixture.json declares provinces {sorted(declared)}, the data hold {sorted(present)}",
        )
    ]


def slug(name: str) -> str:
    """Upstream file-name slug: 'Cư M'gar' -> 'cu_mgar', 'Cao Bằng' -> 'cao_bang'."""
    plain = unidecode(name.replace("'", "").replace("’", "")).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def upstream_relpaths(province_codes: list[str] | None = None) -> list[str]:
    """Relative paths of the upstream files (province file and ward files) per province."""
    units = new_units()
    if province_codes:
        units = units[units.province_code.isin(province_codes)]
    paths = []
    for (pcode, pname), group in units.groupby(["province_code", "province_name"]):
        folder = f"{pcode}_{slug(pname)}"
        paths.append(f"{folder}/{folder}.geojson")
        paths += [
            f"{folder}/wards/{upstream_code(r.code)}_{slug(r.name)}.geojson"
            for r in group.itertuples()
        ]
    return paths


def upstream_code(code: str) -> str:
    """The code a unit has in the upstream file names (see BOUNDARY_CODE_FIXES)."""
    return {official: raw for raw, official in BOUNDARY_CODE_FIXES.items()}.get(code, code)


def fetch_upstream(url: str, downloads: Path, *, progress: bool) -> Path:
    """Download the upstream files under ``url`` (resumable) and return the local folder.

    The list of files comes from the register; a ``SHA256SUMS`` file at ``url``, when the
    server has one, lists the expected checksums and limits the download to its files.
    """
    from loaders.download import download_tree, fetch_sha256sums

    base = url.rstrip("/")
    dest = downloads / hashlib.sha256(base.encode()).hexdigest()[:16]
    expected = fetch_sha256sums(base)
    relpaths = sorted(expected) if expected else upstream_relpaths()
    download_tree(base, relpaths, dest, expected_sha256=expected, progress=progress)
    return dest


def enrich(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Short province names from the register, measured areas and lineage counts per unit.

    ``area_km2`` becomes the area of the full-detail polygon (before any simplification),
    measured in the equal-area CRS :data:`loaders.areas.AREA_CRS` (Albers conic centred on
    Vietnam), in km²; the source's published figure moves to ``area_km2_published`` (km²).
    Adds ``n_predecessors`` (old units that formed the unit, whole or in part) and
    ``n_part`` (those of them that were split between several new units).
    """
    out = communes.copy()
    out["province_name"] = out.province_code.map(new_provinces().set_index("code")["name"])
    at = out.columns.get_loc("area_km2") + 1
    out.insert(at, "area_km2_published", out["area_km2"].astype("float64"))
    out["area_km2"] = measured_area_km2(out.geometry)
    summary = predecessor_summary()
    out["n_predecessors"] = out.code.map(summary.n_predecessors).fillna(0).astype("int64")
    out["n_part"] = out.code.map(summary.n_part).fillna(0).astype("int64")
    return out.sort_values(["province_code", "code"], ignore_index=True)


def simplified_layers(communes: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Commune and province layers at every level of detail in :data:`LODS`."""
    layers = {}
    for name, tolerance in LODS.items():
        geoms = shapely.coverage_simplify(communes.geometry.values, tolerance)
        level = communes.set_geometry(gpd.GeoSeries(geoms, crs=communes.crs, index=communes.index))
        layers[f"communes_{name}"] = level
        layers[f"provinces_{name}"] = dissolve_provinces(level)
    return layers


def dissolve_provinces(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Provinces as the union of their communes: ``code``, ``name``, ``full_name``,
    ``n_units``, ``n_units_pre2025`` (old commune-level units), ``n_island_districts_pre2025``
    (old island districts without communes), ``area_km2`` (km², sum of the communes' areas measured
    in :data:`loaders.areas.AREA_CRS`, see :func:`enrich`) and ``area_km2_published`` (km², sum
    of the communes' published areas)."""
    groups = communes.groupby("province_code")
    # The upstream coverage has small overlaps (see geodata/README.md), which
    # coverage_union rejects; a full union is slower but robust.
    geoms = [shapely.union_all(g.geometry.values) for _, g in groups]
    frame = gpd.GeoDataFrame(
        {
            "code": list(groups.groups),
            "area_km2": groups["area_km2"].sum().to_numpy(),
            "area_km2_published": groups["area_km2_published"].sum(min_count=1).to_numpy(),
            "n_units": groups.size().to_numpy(),
        },
        geometry=geoms,
        crs=communes.crs,
    )
    names = new_provinces().set_index("code")
    frame["name"] = frame.code.map(names["name"])
    frame["full_name"] = frame.code.map(names["full_name"])
    from loaders.register import unit_counts_by_province

    before = unit_counts_by_province().set_index("province_code")
    frame["n_units_pre2025"] = frame.code.map(before["units_pre2025"]).astype("int64")
    islands = before["island_districts_pre2025"]
    frame["n_island_districts_pre2025"] = frame.code.map(islands).fillna(0).astype("int64")
    columns = [
        "code",
        "name",
        "full_name",
        "n_units",
        "n_units_pre2025",
        "n_island_districts_pre2025",
        "area_km2",
        "area_km2_published",
        "geometry",
    ]
    frame = frame[columns]
    frame[["code", "name", "full_name"]] = frame[["code", "name", "full_name"]].astype("string")
    return frame


def source_record(src: Source, partial: bool) -> dict:
    """What the build was made from; a fixture build carries its declaration under
    ``fixture`` (provinces, what it was cut from, how it was simplified)."""
    record = {
        "kind": src.kind,
        "location": src.location,
        "partial": partial,
        "upstream_repo": UPSTREAM_REPO,
        "upstream_commit": UPSTREAM_COMMIT,
        "licence": LICENCE_2025,
        "lineage": lineage_source(),
    }
    if src.kind == "mirror":
        record["note"] = "mirror of the upstream, merged and simplified (see its README)"
    if src.kind == "fixture":
        declared = fixture_declaration(src.folder) or {}
        record["note"] = "test fixture: a few provinces of the mirror, simplified"
        record["fixture"] = {
            key: declared.get(key) for key in ("provinces", "cut_from", "simplify", "lineage")
        }
    return record


def input_entries(src: Source) -> list[dict]:
    """Checksums of every input file the build read."""
    if src.kind == "mirror":
        files = [
            src.folder / sources.MARKER,
            *(src.folder / rel for rel in pre2025.FILES.values()),
            *(src.folder / "register" / name for name in (CONVERSION_FILE, PRE_MERGER_FILE)),
        ]
    elif src.kind == "fixture":
        files = [src.folder / FIXTURE_DECLARATION, *sorted(src.folder.rglob("*.geojson"))]
    else:
        files = sorted(src.folder.rglob("*.geojson"))
    return [manifest.file_entry(f, src.folder) for f in files if f.is_file()]


def write_atomically(layers: dict[str, gpd.GeoDataFrame], meta: dict, out: Path) -> dict:
    """Write layers and manifest to a temporary sibling of ``out``, then swap it in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        outputs = []
        for name, frame in layers.items():
            path = tmp / f"{name}.parquet"
            write_layer(frame, path)
            outputs.append({**manifest.file_entry(path, tmp), "layer": name, "rows": len(frame)})
        meta["outputs"] = outputs
        manifest.write(tmp / manifest.MANIFEST_NAME, meta)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return meta


def write_layer(frame: gpd.GeoDataFrame, path: Path) -> None:
    """GeoParquet with small row groups per province so one province reads fast."""
    row_group = 64 if "province_code" in frame.columns else None
    frame.to_parquet(
        path, index=False, compression="zstd", row_group_size=row_group, write_covering_bbox=True
    )


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` with renames only (the old build is kept until the end)."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(new, out)
    shutil.rmtree(old, ignore_errors=True)


def layer_table(meta: dict) -> pd.DataFrame:
    """The manifest's outputs as a small table (layer, rows, bytes)."""
    return pd.DataFrame(meta["outputs"])[["layer", "rows", "bytes"]]
