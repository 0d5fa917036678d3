"""The committed test fixture (``tests/data/fixture``): what it declares is what it holds, a
build from it is a declared fixture build, and ``loaders check`` scopes to its provinces only
because the manifest says so."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from loaders.build import build
from loaders.checks import run_all_checks
from loaders.paths import FIXTURE_DECLARATION, fixture_declaration, is_fixture
from loaders.register import new_units
from loaders.validate import ValidationFailed

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "data" / "fixture"
#: The fixture must stay small (bytes, all files together).
SIZE_BUDGET = 500_000


@pytest.fixture(scope="module")
def declared() -> dict:
    found = fixture_declaration(FIXTURE)
    assert found is not None and is_fixture(FIXTURE)
    return found


@pytest.fixture(scope="module")
def wards(declared) -> gpd.GeoDataFrame:
    return gpd.read_file(FIXTURE / declared["files"]["wards"]["path"])


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixture-build") / "build"
    build(FIXTURE, out, progress=False)
    return out


def test_files_are_the_declared_ones_and_small(declared):
    for entry in declared["files"].values():
        data = (FIXTURE / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    assert sum(p.stat().st_size for p in FIXTURE.rglob("*") if p.is_file()) < SIZE_BUDGET
    assert declared["cut_from"]["upstream_commit"] == "a108d4d2e357b98482c84b4180995b9fb44883e8"
    assert declared["cut_from"]["licence"] == "MIT"
    assert "MIT License" in (FIXTURE / "LICENSE").read_text(encoding="utf-8")


def test_two_whole_provinces_one_of_them_merged(declared, wards):
    """Cao Bằng (unchanged in 2025) and Tuyên Quang (Tuyên Quang and Hà Giang merged), each
    with every commune the register has, codes as 5-digit strings."""
    assert declared["provinces"] == ["04", "08"]
    register = new_units()
    for code in declared["provinces"]:
        theirs = set(register.loc[register.province_code == code, "code"])
        assert set(wards.loc[wards.provinceCode == code, "code"]) == theirs, code
    assert wards.groupby("provinceCode").size().to_dict() == {"04": 56, "08": 124}
    assert wards.code.str.fullmatch(r"\d{5}").all() and wards.code.is_unique
    assert wards.is_valid.all() and not wards.is_empty.any()


def test_provinces_are_the_union_of_their_communes(wards):
    provinces = gpd.read_file(FIXTURE / "provinces_2025" / "provinces_2025_fixture.geojson")
    assert provinces.code.tolist() == ["04", "08"]
    for row in provinces.itertuples():
        union = shapely.union_all(wards.loc[wards.provinceCode == row.code].geometry.values)
        # The same union on the fixture's 1e-5° grid: no more than grid noise between them.
        assert shapely.symmetric_difference(union, row.geometry).area < 1e-6, row.code
        assert row.n_wards == int((wards.provinceCode == row.code).sum())


def test_a_build_from_it_says_it_is_a_fixture_build(fixture_build, declared):
    meta = json.loads((fixture_build / "manifest.json").read_text(encoding="utf-8"))
    assert meta["source"]["kind"] == "fixture" and meta["source"]["partial"] is True
    assert meta["source"]["fixture"]["provinces"] == declared["provinces"]
    assert meta["counts"] == {"communes": 180, "provinces": 2}
    assert "pre2025" not in {o["layer"] for o in meta["outputs"]}
    inputs = {entry["path"] for entry in meta["inputs"]}
    assert FIXTURE_DECLARATION.as_posix() in inputs
    provinces = gpd.read_parquet(fixture_build / "provinces_web.parquet").set_index("code")
    assert provinces.loc["04", "n_units"] == 56 and provinces.loc["08", "n_units"] == 124
    assert provinces.loc["04", "n_units_pre2025"] == 161  # Cao Bằng: 161 → 56


def test_check_of_a_fixture_build_names_its_scope(fixture_build):
    report = run_all_checks(fixture_build)
    assert report["ok"], [p["text"] for p in report["problems"]]
    assert report["scope"] == {"fixture": True, "provinces": ["04", "08"]}
    assert [row["province_code"] for row in report["provinces"]] == ["04", "08"]
    assert report["totals"]["units_2025"] == report["totals"]["polygons_2025"] == 180
    assert report["totals"]["provinces_2025"] == 2


def test_check_says_fixture_build_on_the_command_line(fixture_build):
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "check"],
        cwd=REPO,
        env={**_env(), "VNMAP_DATA_DIR": str(FIXTURE), "VNMAP_BUILD_DIR": str(fixture_build)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test fixture build: provinces 04, 08 only" in result.stdout
    assert "register checks skipped" in result.stdout


def test_a_fixture_that_holds_other_provinces_than_it_declares_is_refused(tmp_path, declared):
    copy = tmp_path / "fixture"
    shutil.copytree(FIXTURE, copy)
    wrong = {**declared, "provinces": ["04", "08", "20"]}
    (copy / FIXTURE_DECLARATION).write_text(json.dumps(wrong), encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"\[fixture\].*'20'"):
        build(copy, tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


@pytest.mark.mirror("the mirror's 2025 layer to cut from")
def test_the_script_remakes_the_committed_files(tmp_path):
    """``make_fixture.py`` on the mirror writes the committed files byte for byte."""
    from loaders.paths import find_data_dir

    out = tmp_path / "fixture"
    script = REPO / "tests" / "data" / "make_fixture.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(out), "--mirror", str(find_data_dir())],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for name in ("fixture.json", *(e["path"] for e in _declared()["files"].values())):
        assert (out / name).read_bytes() == (FIXTURE / name).read_bytes(), name


def _declared() -> dict:
    return fixture_declaration(FIXTURE) or {}


def _env() -> dict[str, str]:
    """This process's environment without the switch that forces the fixture."""
    return {k: v for k, v in os.environ.items() if k != "VNMAP_TEST_FIXTURE"}
