"""The real mirror's build and the ``python -m loaders`` command line, run as a user would."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from loaders import layers
from loaders.paths import REPO_ROOT, build_dir, fetch_command
from tests.cli_support import run_loaders as run_cli

needs_mirror = pytest.mark.mirror("the whole mirror")


@pytest.fixture(scope="module")
def built() -> dict:
    return layers.ensure_built()


@needs_mirror
def test_national_build_counts(built: dict) -> None:
    assert built["counts"] == {"communes": 3321, "provinces": 34}
    communes = layers.load_communes("overview")
    assert len(communes) == 3321 and communes.code.is_unique
    assert communes.groupby("province_code").size()["04"] == 56
    assert "06970" in set(communes.code) and "06978" not in set(communes.code)
    provinces = layers.load_provinces("web")
    assert len(provinces) == 34 and provinces.n_units.sum() == 3321
    hoang_sa = communes.set_index("name").loc["Hoàng Sa"]
    assert hoang_sa.unit_type == "Đặc khu"


@needs_mirror
def test_province_read_uses_the_filter(built: dict) -> None:
    cao_bang = layers.load_communes("web", province="04")
    assert len(cao_bang) == 56 and set(cao_bang.province_code) == {"04"}
    assert cao_bang.set_index("code").loc["01273", "n_predecessors"] == 5


@needs_mirror
def test_pre2025_layers_are_labelled(built: dict) -> None:
    provinces = layers.load_pre2025("provinces_pre2025")
    assert len(provinces) == 63 and "22" in set(provinces.code)
    assert provinces.set_index("code").loc["22", "vintage"] == "2025"
    meta = layers.pre2025_metadata()
    c2011 = meta["communes_c2011"]
    # Commune-level units only: the five island districts had no communes to draw.
    assert c2011["legacy_units"] == 10035
    assert 9000 < c2011["legacy_units_with_polygon"] < 10035
    assert c2011["coverage"].endswith("/ 10.035 đơn vị cấp xã cũ có đa giác (xấp xỉ)")
    assert "xấp xỉ" in c2011["vintage"]
    communes = layers.load_pre2025("communes_c2011")
    assert {"provenance", "vintage", "legacy_code"} <= set(communes.columns)


@needs_mirror
def test_check_command_passes_and_prints_counts(built: dict) -> None:
    result = run_cli("check", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["problems"] == []
    cao_bang = next(r for r in report["provinces"] if r["province_code"] == "04")
    assert (cao_bang["units_pre2025"], cao_bang["units_2025"], cao_bang["polygons_2025"]) == (
        161,
        56,
        56,
    )
    assert report["totals"]["units_pre2025"] == 10035
    assert report["totals"]["island_districts_pre2025"] == 5
    assert report["totals"]["polygons_2025"] == 3321


@needs_mirror
def test_check_command_fails_on_a_damaged_build(built: dict, tmp_path: Path) -> None:
    damaged = tmp_path / "build"
    shutil.copytree(build_dir(), damaged)  # the build the session uses ($VNMAP_BUILD_DIR too)
    with open(damaged / "communes_light.parquet", "r+b") as handle:
        handle.seek(2000)
        handle.write(b"\x00" * 64)
    result = run_cli("check", env={**os.environ, "VNMAP_BUILD_DIR": str(damaged)})
    assert result.returncode == 1
    assert "communes_light.parquet does not match its sha256" in result.stdout


def test_lineage_command_json() -> None:
    result = run_cli("lineage", "01273", "--json")
    assert result.returncode == 0, result.stderr
    sections = json.loads(result.stdout)
    new = next(s for s in sections if s["kind"] == "new")
    assert new["full_name"] == "Phường Thục Phán"
    assert [p["old_name"] for p in new["predecessors"]][:2] == ["Sông Hiến", "Hợp Giang"]
    assert {p["old_district_name"] for p in new["predecessors"]} == {
        "Thành phố Cao Bằng",
        "Huyện Hòa An",
    }
    # 01273 was also the code of old Phường Hợp Giang, which went whole into Thục Phán.
    old = next(s for s in sections if s["kind"] == "old")
    assert old["successors"][0]["new_code"] == "01273"


def test_lineage_command_text_and_unknown_code() -> None:
    result = run_cli("lineage", "00016")
    assert result.returncode == 0
    assert "một phần / part" in result.stdout
    assert run_cli("lineage", "99999").returncode == 1


def test_no_data_anywhere_says_what_to_run(tmp_path: Path) -> None:
    # A copy of the code with no geodata/ and no ../shared beside it.
    repo = tmp_path / "fresh" / "repo"
    shutil.copytree(
        REPO_ROOT / "loaders", repo / "loaders", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VNMAP_")}
    result = run_cli("check", cwd=repo, env=env)
    assert result.returncode == 1  # no build is a failed check
    assert "no current build" in result.stdout
    result = run_cli("build", cwd=repo, env=env)
    assert result.returncode == 2
    assert "No boundary data directory found" in result.stderr
    assert fetch_command() in result.stderr
    assert str(repo / "geodata" / "data") in result.stderr


def test_bad_source_leaves_the_build_alone(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = run_cli("build", "--source", str(tmp_path), "--out", str(out), "--no-progress")
    assert result.returncode == 1
    assert "existing build is unchanged" in result.stderr
    assert "no upstream province folders" in result.stderr
    assert not out.exists()
