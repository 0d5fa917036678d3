"""Where measured and published areas differ, the panel, the province summary and the print
exports show both (Trường Sa: 4,208 km² measured from a boundary that takes in the sea,
496 km² published)."""

from __future__ import annotations

import pytest

from dashboard.core import metrics
from dashboard.core.area_notes import print_notes, province_area_note, unit_area_note
from dashboard.export.specs import MapRequest, make_spec
from loaders import layers
from tests.app_support import app, run

TRUONG_SA, KHANH_HOA, CA_MAU, CAO_BANG = "22736", "56", "96", "04"


def test_unit_note_texts():
    vi = unit_area_note(TRUONG_SA, 4208.4, 496.3, "vi")
    assert "Diện tích đo từ ranh giới: 4.208 km²" in vi and "số liệu công bố: 496 km²" in vi
    assert "vùng biển" in vi
    en = unit_area_note(TRUONG_SA, 4208.4, 496.3, "en")
    assert "4,208 km²" in en and "496 km²" in en and "sea" in en
    assert unit_area_note("01699", 100.0, 103.0, "vi") == ""
    assert unit_area_note("01699", 100.0, float("nan"), "vi") == ""


@pytest.mark.mirror("Cà Mau, Khánh Hòa and Trường Sa")
def test_truong_sa_note_from_the_build(built_data):
    unit = layers.load_communes("overview", province=KHANH_HOA).set_index("code").loc[TRUONG_SA]
    note = unit_area_note(TRUONG_SA, unit["area_km2"], unit["area_km2_published"], "vi")
    assert "4.208 km²" in note and "496 km²" in note


@pytest.mark.mirror("Cà Mau, Khánh Hòa and Trường Sa")
def test_province_note(built_data):
    provinces = layers.load_provinces("overview").set_index("code")
    ca_mau = provinces.loc[CA_MAU]
    note = province_area_note(ca_mau["area_km2"], ca_mau["area_km2_published"], "vi")
    assert "7.586 km²" in note and "6.310 km²" in note
    cao_bang = provinces.loc[CAO_BANG]
    assert province_area_note(cao_bang["area_km2"], cao_bang["area_km2_published"], "vi") == ""


@pytest.mark.mirror("Cà Mau, Khánh Hòa and Trường Sa")
def test_print_export_of_khanh_hoa_shows_both_areas(built_data):
    spec = make_spec(MapRequest(province=KHANH_HOA, metric="area_km2", dpi=50))
    lines = spec.texts.footer_lines()
    truong_sa = [line for line in lines if "Trường Sa" in line]
    assert truong_sa and "4.208 km²" in truong_sa[0] and "496 km²" in truong_sa[0]
    assert "đo từ ranh giới" in lines[0]  # the source line says the area is measured
    other = make_spec(MapRequest(province=KHANH_HOA, metric="n_predecessors", dpi=50))
    assert not any("công bố" in line for line in other.texts.footer_lines())


@pytest.mark.mirror("Cà Mau, Khánh Hòa and Trường Sa")
def test_print_notes_summarise_many_units(built_data):
    communes = layers.load_communes("overview", province=CA_MAU)
    values = metrics.UNIT_METRICS["area_km2"].values("commune").rename("area_km2")
    lines = print_notes(communes, values, "en")
    assert len(lines) == 2 and "units measure more than 5% off" in lines[0]
    assert "Former Bạc Liêu" in lines[1]


@pytest.mark.usefixtures("built_data")
@pytest.mark.mirror("Cà Mau, Khánh Hòa and Trường Sa")
def test_detail_panel_shows_both_areas_for_truong_sa():
    at = run(app(commune=TRUONG_SA))
    captions = [c.value for c in at.caption]
    assert any("4.208 km²" in c and "496 km²" in c for c in captions), captions


@pytest.mark.usefixtures("built_data")
@pytest.mark.mirror("Cà Mau, Khánh Hòa and Trường Sa")
def test_province_summary_shows_both_areas_for_ca_mau():
    at = run(app(province=CA_MAU))
    captions = [c.value for c in at.caption]
    assert any("7.586 km²" in c and "6.310 km²" in c for c in captions), captions
