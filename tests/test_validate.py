"""Validation rules on tiny literal layers (no data files needed)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from loaders.validate import (
    ValidationFailed,
    check_communes,
    check_lineage,
    coverage_faults,
    raise_for,
)


def register(*rows: tuple[str, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["code", "province_code", "unit_type"], dtype="string")
    frame["full_name"] = "Xã " + frame.code
    return frame


def layer(*rows: tuple[str, str, str, object], crs: str | None = "EPSG:4326") -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=["code", "province_code", "unit_type", "geometry"])
    frame[["code", "province_code", "unit_type"]] = frame[
        ["code", "province_code", "unit_type"]
    ].astype("string")
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=crs)


REG = register(("00001", "01", "Xã"), ("00002", "01", "Phường"), ("00100", "02", "Xã"))


def good_layer() -> gpd.GeoDataFrame:
    return layer(
        ("00001", "01", "Xã", box(105, 20, 106, 21)),
        ("00002", "01", "Phường", box(106, 20, 107, 21)),
        ("00100", "02", "Xã", box(108, 12, 109, 13)),
    )


def checks(frame: gpd.GeoDataFrame, **kwargs) -> set[str]:
    return {p.check for p in check_communes(frame, REG, **kwargs)}


def test_good_layer_passes() -> None:
    assert check_communes(good_layer(), REG) == []


def test_duplicate_code_is_named() -> None:
    frame = pd.concat([good_layer(), good_layer().iloc[[0]]], ignore_index=True)
    problems = check_communes(gpd.GeoDataFrame(frame, crs="EPSG:4326"), REG)
    dup = [p for p in problems if p.check == "unique-code"]
    assert [(p.code, p.province_code) for p in dup] == [("00001", "01")]
    assert "province-count" in {p.check for p in problems}


def test_missing_crs() -> None:
    assert "crs" in checks(good_layer().set_crs(None, allow_override=True))


def test_invalid_and_empty_geometries_are_named() -> None:
    bowtie = Polygon([(105, 20), (106, 21), (106, 20), (105, 21)])
    frame = good_layer()
    frame.loc[0, "geometry"] = bowtie
    frame.loc[1, "geometry"] = Polygon()
    problems = [p for p in check_communes(frame, REG) if p.check == "geometry"]
    assert [(p.code, p.message.split(":")[0]) for p in problems] == [
        ("00002", "geometry empty"),
        ("00001", "geometry invalid"),
    ]
    assert "Self-intersection" in problems[1].message


def test_polygon_without_register_unit_and_unit_without_polygon() -> None:
    frame = good_layer()
    frame.loc[2, "code"] = "00101"
    found = {(p.check, p.code) for p in check_communes(frame, REG)}
    assert ("in-register", "00101") in found
    assert ("has-polygon", "00100") in found


def test_integer_codes_are_rejected() -> None:
    frame = good_layer()
    frame["code"] = frame.code.astype(int)
    assert "code-type" in checks(frame)


def test_partial_build_checks_only_present_provinces() -> None:
    one_province = good_layer().iloc[:2]
    assert check_communes(gpd.GeoDataFrame(one_province), REG, partial=True) == []
    assert "province-count" in checks(gpd.GeoDataFrame(one_province))


def test_unit_type_changes_only_where_documented() -> None:
    reg = register(("26116", "75", "Xã"), ("26117", "75", "Xã"))
    frame = layer(
        ("26116", "75", "Phường", box(106, 11, 107, 12)),
        ("26117", "75", "Phường", box(107, 11, 108, 12)),
    )
    problems = check_communes(frame, reg)
    assert [(p.check, p.code) for p in problems] == [("unit-type", "26117")]


def test_raise_for_lists_every_problem() -> None:
    frame = good_layer().set_crs(None, allow_override=True)
    frame.loc[0, "geometry"] = Polygon()
    with pytest.raises(ValidationFailed) as info:
        raise_for(check_communes(frame, REG), "wards.parquet")
    text = str(info.value)
    assert text.startswith("wards.parquet: 2 validation problem(s)")
    assert "[geometry] code 00001 province 01: geometry empty" in text


def test_lineage_invariants_name_the_violations() -> None:
    new = register(("10000", "01", "Xã"), ("10001", "01", "Xã"))
    legacy = register(("00001", "01", "Xã"), ("00002", "01", "Xã"), ("00003", "02", "Xã"))
    provinces = pd.DataFrame({"old_province_code": ["01"], "new_province_code": ["01"]})
    pairs = pd.DataFrame(
        {
            "new_code": ["10000", "10000", "10000"],
            "new_province_code": ["01", "01", "01"],
            "old_code": ["00001", "00002", "00003"],
            "old_province_code": ["01", "01", "02"],
            "part": [True, False, False],
        }
    )
    found = {(p.check, p.code) for p in check_lineage(pairs, new, legacy, provinces)}
    assert found == {
        ("new-has-predecessor", "10001"),
        ("lineage-province", "10000"),
        ("lineage-part", "00001"),
    }


def test_coverage_faults_measure_overlap_and_gap() -> None:
    # A 3x3 block of 0.01° squares near Cao Bằng with the centre missing (a gap of one cell)
    # and the first cell stretched half a cell into its neighbour (an overlap of half a cell).
    x0, y0, d = 106.0, 22.6, 0.01
    cells = [
        box(x0 + i * d, y0 + j * d, x0 + (i + 1) * d, y0 + (j + 1) * d)
        for i in range(3)
        for j in range(3)
        if (i, j) != (1, 1)
    ]
    cells[0] = box(x0, y0, x0 + 1.5 * d, y0 + d)
    frame = gpd.GeoDataFrame(geometry=cells, crs="EPSG:4326")
    faults = coverage_faults(frame)
    cell_km2 = gpd.GeoSeries([box(x0, y0, x0 + d, y0 + d)], crs=4326).to_crs(3405).area[0] / 1e6
    assert faults["gap_km2"] == pytest.approx(cell_km2, rel=0.02)
    assert faults["overlap_km2"] == pytest.approx(cell_km2 / 2, rel=0.02)
    assert coverage_faults(good_layer().iloc[:2]) == {"overlap_km2": 0.0, "gap_km2": 0.0}


def test_a_unit_outside_vietnam_is_named() -> None:
    frame = good_layer()
    frame.loc[1, "geometry"] = box(0, 0, 1, 1)  # moved to the Gulf of Guinea
    problems = [p for p in check_communes(frame, REG) if p.check == "extent"]
    assert [(p.code, p.province_code) for p in problems] == [("00002", "01")]
    frame.loc[1, "geometry"] = box(117.5, 9.0, 117.8, 9.2)  # Trường Sa is inside the extent
    assert checks(frame) == set()


def test_a_unit_far_from_its_province_is_named() -> None:
    reg = REG.copy()
    # Register centroids: province 01 around Hà Nội, province 02 around (108.5, 12.5).
    reg["lat"] = [20.5, 20.6, 12.5]
    reg["lon"] = [105.5, 106.5, 108.5]
    assert check_communes(good_layer(), reg) == []
    frame = good_layer()
    frame.loc[0, "geometry"] = box(108.2, 12.2, 108.4, 12.4)  # inside province 02's area
    problems = [p for p in check_communes(frame, reg) if p.check == "province-distance"]
    assert [(p.code, p.province_code) for p in problems] == [("00001", "01")]
    assert "km from its province" in problems[0].message
