"""The build pipeline on upstream files: the Cao Bằng raw sample, from a folder and over HTTP,
plus bad inputs that must fail clearly and leave an existing build untouched.

The sample is the mirror's (the upstream's files byte for byte) or, without the mirror, the
same files written from the committed test fixture (:mod:`upstream_server`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
from upstream_server import RAW_SAMPLE, SAMPLE, serve_sample

from loaders import manifest
from loaders.build import LODS, build
from loaders.download import DownloadError, sha256_file
from loaders.sources import InputError, read_communes
from loaders.validate import ValidationFailed, check_communes, coverage_faults

#: Simplification may move edges by less than a pixel; anything above this (1,000 m²) would be
#: a gap or overlap introduced by the build.
INTRODUCED_KM2 = 0.001


@pytest.fixture(scope="module")
def cao_bang(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the raw sample, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("build") / "cao_bang"
    build(SAMPLE, out, progress=False, allow_partial=True)
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def existing(cao_bang: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of a good build that a failing build must not touch."""
    out = tmp_path / "build"
    shutil.copytree(cao_bang, out)
    return out, snapshot(out)


def assert_untouched(existing: tuple[Path, dict[str, str]]) -> None:
    out, before = existing
    assert snapshot(out) == before
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".build.")]
    assert leftovers == []


def copy_sample(tmp_path: Path) -> Path:
    dst = tmp_path / "src" / SAMPLE.name
    for src in SAMPLE.rglob("*"):
        if src.is_file():
            target = dst / src.relative_to(SAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return dst


def test_builds_56_valid_units_at_every_level(cao_bang: Path) -> None:
    from loaders.register import new_units

    for lod in LODS:
        units = gpd.read_parquet(cao_bang / f"communes_{lod}.parquet")
        assert len(units) == 56 and units.code.is_unique
        assert units.crs.to_epsg() == 4326
        assert check_communes(units, new_units(), partial=True) == []
    provinces = gpd.read_parquet(cao_bang / "provinces_web.parquet")
    assert provinces.code.tolist() == ["04"]
    assert (provinces.n_units.iloc[0], provinces.n_units_pre2025.iloc[0]) == (56, 161)


def test_simplification_introduces_no_gaps_or_overlaps(cao_bang: Path) -> None:
    original = coverage_faults(read_communes(SAMPLE))
    for lod in LODS:
        simplified = coverage_faults(gpd.read_parquet(cao_bang / f"communes_{lod}.parquet"))
        assert simplified["gap_km2"] <= original["gap_km2"] + INTRODUCED_KM2, lod
        assert simplified["overlap_km2"] <= original["overlap_km2"] + INTRODUCED_KM2, lod


@pytest.mark.skipif(
    SAMPLE != RAW_SAMPLE,
    reason="needs the upstream's full-detail files (the mirror's raw sample); the fixture's "
    "sample is already simplified to 0.003°",
)
def test_levels_get_lighter(cao_bang: Path) -> None:
    import shapely

    vertices = [
        shapely.get_num_coordinates(
            gpd.read_parquet(cao_bang / f"communes_{lod}.parquet").geometry.values
        ).sum()
        for lod in LODS
    ]
    assert vertices == sorted(vertices, reverse=True)
    assert vertices[0] > 4 * vertices[-1]


def test_manifest_records_inputs_outputs_and_tools(cao_bang: Path) -> None:
    meta = manifest.read(cao_bang)
    assert meta["source"]["kind"] == "upstream" and meta["source"]["partial"] is True
    assert meta["source"]["upstream_commit"].startswith("a108d4d")
    assert "MIT" in meta["source"]["licence"]
    assert len(meta["inputs"]) == 57
    for entry in meta["inputs"]:
        assert sha256_file(SAMPLE / entry["path"]) == entry["sha256"]
    for entry in meta["outputs"]:
        assert sha256_file(cao_bang / entry["path"]) == entry["sha256"]
    assert {"geopandas", "shapely", "vietnamadminunits", "python", "geos"} <= set(meta["tools"])
    assert meta["built_at"].endswith("+00:00")


def test_build_over_http_with_checksums(tmp_path: Path) -> None:
    with serve_sample(tmp_path) as server:
        meta = build(server.base_url, tmp_path / "build", progress=False, allow_partial=True)
        assert server.file_requests() == 57
    assert meta["source"]["kind"] == "url"
    assert meta["counts"] == {"communes": 56, "provinces": 1}
    assert {e["path"]: e["sha256"] for e in meta["inputs"]} == server.sums


def test_bad_checksum_fails_and_keeps_existing_build(existing, tmp_path: Path) -> None:
    out, _ = existing
    wrong = {"04_cao_bang/wards/01273_thuc_phan.geojson": "0" * 64}
    with (
        serve_sample(tmp_path, sums_override=wrong) as server,
        pytest.raises(DownloadError, match=r"01273_thuc_phan.*0{64}"),
    ):
        build(server.base_url, out, progress=False, allow_partial=True)
    assert_untouched(existing)


def test_truncated_geojson_is_named(existing, tmp_path: Path) -> None:
    src = copy_sample(tmp_path)
    victim = src / "wards" / "01279_nung_tri_cao.geojson"
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        InputError,
        match=r"01279_nung_tri_cao\.geojson: not valid JSON at line "
        r"\d+.*truncated",
    ):
        build(src, existing[0], progress=False, allow_partial=True)
    assert_untouched(existing)


def test_duplicate_code_is_named(existing, tmp_path: Path) -> None:
    src = copy_sample(tmp_path)
    shutil.copyfile(src / "wards" / "01273_thuc_phan.geojson", src / "wards" / "99999_copy.geojson")
    with pytest.raises(ValidationFailed, match=r"\[unique-code\] code 01273 province 04"):
        build(src, existing[0], progress=False, allow_partial=True)
    assert_untouched(existing)


def test_foreign_crs_is_rejected(existing, tmp_path: Path) -> None:
    src = copy_sample(tmp_path)
    victim = src / "wards" / "01288_tan_giang.geojson"
    data = json.loads(victim.read_text(encoding="utf-8"))
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3405"}}
    victim.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"01288_tan_giang\.geojson: CRS .*3405"):
        build(src, existing[0], progress=False, allow_partial=True)
    assert_untouched(existing)


def test_missing_crs_in_a_data_directory_is_rejected(existing, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "wards_2025").mkdir(parents=True)
    units = read_communes(SAMPLE).set_crs(None, allow_override=True)
    units.to_parquet(data_dir / "wards_2025" / "wards_2025_detail.parquet")
    with pytest.raises(InputError, match=r"wards_2025_detail\.parquet: no CRS set"):
        build(data_dir, existing[0], progress=False)
    assert_untouched(existing)


def test_missing_source_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        build(tmp_path / "nowhere", tmp_path / "out", progress=False)


def test_a_source_with_fewer_provinces_is_refused_unless_partial(existing, tmp_path: Path) -> None:
    # The Cao Bằng sample is 1 of 34 provinces: it must not replace a 34-province build.
    with pytest.raises(ValidationFailed, match=r"\[partial\].*1 of the register's 34 provinces"):
        build(SAMPLE, existing[0], progress=False)
    assert_untouched(existing)


def _move(src: Path, code_file: str, geometry: dict) -> None:
    victim = src / "wards" / code_file
    data = json.loads(victim.read_text(encoding="utf-8"))
    for feature in data.get("features", [data]):
        feature["geometry"] = geometry
    victim.write_text(json.dumps(data), encoding="utf-8")


def test_a_unit_moved_out_of_vietnam_is_refused(existing, tmp_path: Path) -> None:
    src = copy_sample(tmp_path)
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    _move(src, "01288_tan_giang.geojson", square)
    with pytest.raises(ValidationFailed, match=r"\[extent\] code 01288 province 04"):
        build(src, existing[0], progress=False, allow_partial=True)
    assert_untouched(existing)


def test_a_unit_moved_into_another_province_is_refused(existing, tmp_path: Path) -> None:
    src = copy_sample(tmp_path)
    # A square of Hà Nội (Ba Đình, about 105.83° E, 21.04° N): inside Vietnam, 160 km away.
    square = {
        "type": "Polygon",
        "coordinates": [
            [[105.82, 21.03], [105.84, 21.03], [105.84, 21.05], [105.82, 21.05], [105.82, 21.03]]
        ],
    }
    _move(src, "01288_tan_giang.geojson", square)
    with pytest.raises(ValidationFailed, match=r"\[province-distance\] code 01288 province 04"):
        build(src, existing[0], progress=False, allow_partial=True)
    assert_untouched(existing)


def test_population_coverage_is_checked_like_the_boundaries() -> None:
    import pandas as pd

    from loaders.register import new_units
    from loaders.validate import check_population

    units = new_units()
    full = pd.DataFrame({"code": units["code"], "population": 1000})
    assert check_population(full, units, "pop.csv") == []
    cut = full.head(1679)  # a file cut short
    problems = check_population(cut, units, "pop.csv")
    missing = sum(
        int(p.message.split(" ")[0]) for p in problems if p.check == "population-coverage"
    )
    assert missing == len(units) - 1679
    bad = full.astype({"population": object})
    bad.loc[3, "population"] = "?"
    bad.loc[4, "code"] = "123"
    texts = [str(p) for p in check_population(bad, units, "pop.csv")]
    assert any("row 5" in t and "not a number" in t for t in texts)
    assert any("row 6" in t and "not 5 digits" in t for t in texts)
