"""Areas measured from the polygons (against the published figures) and the geometry
cross-check of the lineage (how much of each old unit lies in its new unit)."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from loaders import layers
from loaders.areas import AREA_CRS, area_differences, area_report, differs, discrepancy_reason
from loaders.lineage import lineage_pairs
from loaders.overlap import LOW_COLUMNS, REASONS, lineage_overlap, overlap_report, pair_shares
from loaders.paths import MARKER, find_data_dir

CA_MAU, KHANH_HOA = "96", "56"
TRUONG_SA, HOANG_SA = "22736", "20333"
#: A Cao Bằng commune that went whole ("Nhập toàn bộ") into the new unit of the same code.
CAO_BANG_WHOLE = ("01699", "01699")
#: A new unit of Cà Mau (Phường Giá Rai), hundreds of km from any Cao Bằng commune.
FAR_AWAY = "31942"


# --- Share computation on literal squares ------------------------------------------------------


def test_pair_shares_of_squares():
    """Share = area(old ∩ new) / area(old): half inside, all inside, outside, no polygon."""
    old = gpd.GeoSeries(
        [box(0, 0, 10, 10), box(2, 2, 4, 4), box(100, 100, 110, 110)],
        index=["10001", "10002", "10003"],
        crs=AREA_CRS,
    )
    new = gpd.GeoSeries([box(5, 0, 20, 10)], index=["00001"], crs=AREA_CRS)
    pairs = pd.DataFrame(
        {
            "new_code": ["00001", "00001", "00001", "00001"],
            "old_code": ["10001", "10002", "10003", "10004"],
            "part": [True, False, False, False],
        }
    )
    shares = pair_shares(pairs, old, new)
    assert shares["share"].iloc[:3].tolist() == pytest.approx([0.5, 0.0, 0.0])
    assert shares["old_area_km2"].iloc[0] == pytest.approx(100 / 1e6)
    assert math.isnan(shares["share"].iloc[3]) and math.isnan(shares["old_area_km2"].iloc[3])
    inside = pd.DataFrame({"new_code": ["00001"], "old_code": ["10002"], "part": [False]})
    new_big = gpd.GeoSeries([box(0, 0, 20, 20)], index=["00001"], crs=AREA_CRS)
    assert pair_shares(inside, old, new_big)["share"].iloc[0] == pytest.approx(1.0)


def test_differs_threshold():
    assert differs(4208.4, 496.3) and differs(94.0, 100.0)
    assert not differs(96.0, 100.0) and not differs(100.0, float("nan"))


# --- Measured areas in the build ----------------------------------------------------------------


@pytest.mark.mirror("Cà Mau")
def test_ca_mau_measured_and_published(built_data):
    provinces = layers.load_provinces("overview").set_index("code")
    assert provinces.loc[CA_MAU, "area_km2"] == pytest.approx(7586, rel=0.03)
    assert provinces.loc[CA_MAU, "area_km2_published"] == pytest.approx(6310.45, abs=1)
    # The province's area is the sum of its communes' measured areas.
    communes = layers.load_communes("overview", province=CA_MAU)
    assert provinces.loc[CA_MAU, "area_km2"] == pytest.approx(communes["area_km2"].sum())


@pytest.mark.mirror("the mirror's detail polygons")
def test_commune_areas_are_what_the_polygons_say(built_data):
    """Every commune's area_km2 agrees with an independent measure of the mirror's detail
    polygons (EPSG:6933, another equal-area projection) within 1 %; the published figure
    is the source attribute."""
    data_dir = find_data_dir()
    if data_dir is None:
        pytest.skip("no data directory: the build cannot be checked against its source")
    source = gpd.read_parquet(data_dir / MARKER, columns=["code", "areaKm2", "geometry"])
    source = source.assign(independent=source.geometry.to_crs(6933).area / 1e6)
    built = layers.load_communes("overview", columns=["code", "area_km2", "area_km2_published"])
    joined = built.merge(pd.DataFrame(source.drop(columns="geometry")), on="code")
    assert len(joined) >= 3320  # one code differs between the mirror and the register
    assert np.allclose(joined["area_km2"], joined["independent"], rtol=0.01)
    assert np.allclose(joined["area_km2_published"], joined["areaKm2"], equal_nan=True)


@pytest.mark.mirror("Cà Mau and Trường Sa")
def test_differences_list_bac_lieu_and_truong_sa(built_data):
    communes = layers.load_communes("overview")
    off = area_differences(communes).set_index("code")
    assert off.loc[TRUONG_SA, "area_km2"] == pytest.approx(4208, rel=0.02)
    assert off.loc[TRUONG_SA, "area_km2_published"] == pytest.approx(496.3)
    assert off.loc[TRUONG_SA, "reason"] == "sea" and off.loc[HOANG_SA, "reason"] == "sea"
    bac_lieu = off[off["reason"] == "bac_lieu"]
    assert len(bac_lieu) >= 20 and (bac_lieu["province_code"] == CA_MAU).all()
    assert (bac_lieu["ratio"] > 1.05).all()
    assert discrepancy_reason("01699") == "published"
    assert ((off["ratio"] - 1).abs() > 0.05).all()
    assert np.abs(np.log(off["ratio"])).is_monotonic_decreasing  # largest differences first


@pytest.mark.mirror("all 3,321 communes")
def test_area_report_counts(built_data):
    communes = layers.load_communes("overview")
    provinces = layers.load_provinces("overview")
    report = area_report(communes, provinces)
    assert report["communes_off"] == len(report["communes"]) > 100
    assert {p["code"] for p in report["provinces"]} >= {CA_MAU, KHANH_HOA}
    first = report["communes"][0]
    assert set(first) == {"code", "name", "province_code", "area_km2", "area_km2_published"} | {
        "ratio",
        "reason",
    }


# --- Overlap of the lineage -------------------------------------------------------------------


@pytest.mark.mirror("the old communes c. 2011")
def test_known_good_and_wrong_pair(built_data):
    """A Cao Bằng commune that went whole lies (almost) entirely in its new unit; the same
    commune paired with a Cà Mau unit lies wholly outside and is listed, far apart."""
    new_code, old_code = CAO_BANG_WHOLE
    pairs = pd.DataFrame(
        {
            "new_code": [new_code, FAR_AWAY],
            "old_code": [old_code, old_code],
            "part": [False, False],
        }
    )
    result = lineage_overlap(pairs)
    assert result.pairs["share"].iloc[0] > 0.5
    assert result.pairs["share"].iloc[1] == 0.0
    assert result.low["new_code"].tolist() == [FAR_AWAY]
    assert result.low["reason"].iloc[0] == "apart" and result.low["distance_km"].iloc[0] > 500


@pytest.mark.mirror("the old communes c. 2011")
def test_overlap_report_on_the_lineage(built_data):
    pairs = lineage_pairs()
    report = overlap_report(pairs)
    assert report["pairs"] == len(pairs)
    assert report["checked"] + report["no_old_polygon"] + report["no_new_polygon"] == len(pairs)
    assert report["checked"] > 0.85 * len(pairs) and report["no_old_polygon"] > 0
    assert report["median_share_whole"] > 0.9
    assert report["under_5pct"] == len(report["low"])
    assert report["seconds"] < 30
    for row in report["low"]:
        assert set(row) == set(LOW_COLUMNS)
        assert row["share"] < 0.05 and row["reason"] in REASONS
        assert row["new_name"] and row["old_name"] and len(row["old_code"]) == 5


@pytest.mark.mirror("the old communes c. 2011")
def test_check_reports_areas_and_overlap(built_data, capsys):
    """`python -m loaders check` reports both, in --json and as one line each in text."""
    from loaders.cli import main

    main(["check", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["areas"]["communes_off"] > 100 and report["overlap"]["checked"] > 0
    assert {r["code"] for r in report["areas"]["communes"]} >= {TRUONG_SA, HOANG_SA}
    main(["check"])
    text = capsys.readouterr().out
    assert f"{report['overlap']['under_5pct']} under 5%" in text
    assert f"areas: {report['areas']['communes_off']} communes" in text
