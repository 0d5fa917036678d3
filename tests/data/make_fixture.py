"""Cut the committed test fixture from the boundary mirror's 2025 ward layer (MIT).

    python tests/data/make_fixture.py [--mirror DIR] [--out DIR]

Reads ``wards_2025/wards_2025_detail.parquet`` of the mirror (``--mirror``, default the data
directory :func:`loaders.paths.require_data_dir` finds), keeps the communes of
:data:`PROVINCES`, simplifies them together with ``shapely.coverage_simplify`` (so an edge two
communes share stays shared), puts the vertices on a 1e-5° grid (about 1 m) and writes, into
``--out`` (default ``tests/data/fixture``):

* ``wards_2025/wards_2025_fixture.geojson``: the communes, with the mirror's columns;
* ``provinces_2025/provinces_2025_fixture.geojson``: each province as the union of its
  communes (as the mirror's province layer is the union of its wards);
* ``fixture.json``: the declaration every loader reads (what was cut, from which file and
  commit, with which tolerance), with the sha256 of the input and of both outputs.

Only the 2025 layer is used: it is the one layer of the mirror whose licence (MIT) allows a
copy in this repository. Running the script again on the same mirror gives the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from loaders.paths import (  # noqa: E402  (the repository goes on sys.path first)
    FIXTURE_DECLARATION,
    MARKER,
    UPSTREAM_COMMIT,
    UPSTREAM_REPO,
    require_data_dir,
)

#: Cao Bằng (unchanged in 2025, 56 communes) and Tuyên Quang (old Tuyên Quang and Hà Giang
#: merged, 124 communes): neighbours, so the fixture also has a shared province border.
PROVINCES = {"04": "Cao Bằng", "08": "Tuyên Quang"}
#: Simplification tolerance in degrees (0.003° ≈ 300 m, the mirror's "light" level).
TOLERANCE_DEG = 0.003
#: Vertices are put on this grid (degrees, ≈ 1 m), which keeps the GeoJSON small.
GRID_DEG = 1e-5
WARDS = Path("wards_2025") / "wards_2025_fixture.geojson"
PROVINCES_FILE = Path("provinces_2025") / "provinces_2025_fixture.geojson"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cut_wards(mirror: Path) -> gpd.GeoDataFrame:
    """The communes of :data:`PROVINCES`, simplified as one coverage, sorted by code."""
    wards = gpd.read_parquet(mirror / MARKER)
    wards = wards[wards.provinceCode.isin(list(PROVINCES))].sort_values("code", ignore_index=True)
    simplified = shapely.coverage_simplify(wards.geometry.values, TOLERANCE_DEG)
    # set_precision snaps a shared vertex of two neighbours to the same grid point and keeps
    # every polygon valid, so the coverage stays a coverage.
    gridded = shapely.set_precision(simplified, GRID_DEG)
    return wards.set_geometry(gpd.GeoSeries(gridded, crs=wards.crs))


def provinces_of(wards: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each province as the union of its communes, with the mirror's province columns."""
    rows = []
    for code, group in wards.groupby("provinceCode"):
        full_name = str(group.provinceName.iloc[0])
        rows.append(
            {
                "code": code,
                "name": PROVINCES[code],
                "fullName": full_name,
                "n_wards": len(group),
                "geometry": shapely.union_all(group.geometry.values, grid_size=GRID_DEG),
            }
        )
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=wards.crs)


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=5, WRITE_BBOX="NO")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="boundary mirror (default: data directory)")
    parser.add_argument("--out", type=Path, default=HERE / "fixture")
    args = parser.parse_args(argv)
    mirror = (args.mirror or require_data_dir()).resolve()
    if not (mirror / MARKER).is_file():
        parser.error(f"{mirror / MARKER} not found: --mirror must be the boundary mirror")

    wards = cut_wards(mirror)
    provinces = provinces_of(wards)
    write_geojson(wards, args.out / WARDS)
    write_geojson(provinces, args.out / PROVINCES_FILE)
    declaration = {
        "fixture": True,
        "note": "test fixture: two provinces cut from the 2025 ward layer, simplified",
        "provinces": sorted(PROVINCES),
        "counts": {
            "communes": len(wards),
            "by_province": {c: int(n) for c, n in wards.provinceCode.value_counts().items()},
        },
        "cut_from": {
            "file": MARKER.as_posix(),
            "sha256": sha256(mirror / MARKER),
            "upstream_repo": UPSTREAM_REPO,
            "upstream_commit": UPSTREAM_COMMIT,
            "licence": "MIT",
        },
        "simplify": {
            "method": "shapely.coverage_simplify, then shapely.set_precision",
            "tolerance_deg": TOLERANCE_DEG,
            "grid_deg": GRID_DEG,
        },
        "lineage": "vietnamadminunits",
        "files": {
            "wards": {"path": WARDS.as_posix(), "sha256": sha256(args.out / WARDS)},
            "provinces": {
                "path": PROVINCES_FILE.as_posix(),
                "sha256": sha256(args.out / PROVINCES_FILE),
            },
        },
    }
    text = json.dumps(declaration, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (args.out / FIXTURE_DECLARATION).write_text(text, encoding="utf-8")
    print(f"{len(wards)} communes of {len(provinces)} provinces written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
