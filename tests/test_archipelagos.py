"""Sovereignty convention: every map of the whole country shows and names the Hoàng Sa
(TP. Đà Nẵng, đặc khu 20333) and Trường Sa (Khánh Hòa, đặc khu 22736) archipelagos.

Checked here without a browser: the compare page's province maps (the old 2023 layer lacks
most of both archipelagos, so they are drawn from the 2025 layer and named on both maps) and
the print exports, whose PDFs must carry the names as real text (``pdftotext`` finds them,
diacritics intact, fonts embedded). The map page's payload is tested in test_map_builder.py
and what a browser shows in tests/e2e/test_archipelago_labels.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace

import pandas as pd
import pytest
import shapely

from dashboard.compare import features, map_payload
from dashboard.core.classify import classify
from dashboard.export import (
    CompareRequest,
    ExportSpec,
    cli,
    data,
    default_texts,
    export_compare,
    export_map,
    make_compare_spec,
)
from loaders import layers
from tests.test_export import pdf_text

pytestmark = [
    pytest.mark.usefixtures("built_data"),
    pytest.mark.mirror("the whole country and the pre-2025 layers"),
]

NAMES_VI = ("Quần đảo Hoàng Sa", "(TP. Đà Nẵng)", "Quần đảo Trường Sa", "(tỉnh Khánh Hòa)")
NAMES_EN = ("Hoàng Sa archipelago", "(Đà Nẵng)", "Trường Sa archipelago", "(Khánh Hòa)")


def _both_named(text: str) -> bool:
    return "Hoàng Sa" in text and "Trường Sa" in text


# --- Compare page: province level -------------------------------------------------------------


def test_old_province_layer_lacks_most_of_the_archipelagos():
    """Why the old map draws them from the 2025 layer (this check can fail if a better
    old layer arrives; then the note should go)."""
    olds = layers.load_pre2025("provinces_pre2025")
    islands = data.archipelago_units()
    covered = shapely.union_all(olds.geometry.to_numpy())
    for geom in islands.geometry:
        assert shapely.intersection(covered, geom).area < 0.5 * geom.area


@pytest.mark.parametrize(("lang", "names"), [("vi", NAMES_VI), ("en", NAMES_EN)])
def test_province_view_draws_the_archipelagos_on_the_old_map_and_names_both(lang, names):
    view = features.province_view("area", None, lang)
    drawn = [f["properties"]["code"] for f in view.left_islands["features"]]
    assert drawn == ["20333", "22736"]
    for feature in view.left_islands["features"]:
        style = feature["properties"]["style"]
        assert style["fillColor"].startswith("#") and style["color"] == features.PROVINCE_EDGE
    assert [label["code"] for label in view.labels] == ["20333", "22736"]
    lines = [line for label in view.labels for line in label["lines"]]
    assert lines == list(names)


def _side_by_side(view):
    texts = map_payload.MapTexts("Trước", note="Hoàng Sa, Trường Sa vẽ từ…")
    return map_payload.side_by_side(
        view,
        left=texts,
        right=map_payload.MapTexts("Sau"),
        bounds=view.bounds,
        view_key="provinces",
        decimals=4,
    )


def test_side_by_side_maps_carry_the_islands_and_names_on_both_maps():
    view = features.province_view("area", None, "vi")
    old, new = _side_by_side(view)
    # The islands from the 2025 layer are a layer of the old map (under no click), not of
    # the new map, whose own units include them.
    islands = next(p for p in old.spec["lines"] if p["name"] == "islands")
    assert len(old.geometries["islands"]) == 2 and islands["styles"]
    assert not any(p["name"] == "islands" for p in new.spec["lines"])
    for payload in (old, new):
        lines = [line for label in payload.spec["labels"] for line in label["lines"]]
        assert lines == list(NAMES_VI)
    assert "Hoàng Sa, Trường Sa vẽ từ…" in json.dumps(old.spec["controls"], ensure_ascii=False)


def test_side_by_side_names_cannot_inject_html():
    view = features.province_view("none", None, "vi")
    evil = replace(view, labels=[{**view.labels[0], "lines": ["&lt;b&gt;x&lt;/b&gt;"]}])
    for payload in _side_by_side(evil):
        assert "<b>x</b>" not in payload.to_bytes().decode("utf-8")


def test_overlay_names_both_archipelagos():
    view = features.province_view("area", None, "en")
    payload = map_payload.overlay(
        view, texts=map_payload.MapTexts("t"), bounds=view.bounds, view_key="p", decimals=4
    )
    lines = [line for label in payload.spec["labels"] for line in label["lines"]]
    assert lines == list(NAMES_EN)


# --- Print exports ---------------------------------------------------------------------------


def _pdffonts_all_embedded(pdf: bytes, tmp_path) -> bool:
    if not shutil.which("pdffonts"):
        pytest.skip("needs pdffonts (poppler-utils)")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    return bool(rows) and all(row.split()[-5] == "yes" for row in rows)


def test_national_pdf_from_the_command_line_names_both_archipelagos(tmp_path):
    out = tmp_path / "toan-quoc.pdf"
    code = cli.main(
        ["--country", "--metric", "unit_type", "--format", "pdf", "--dpi", "72", "--out", str(out)]
    )
    assert code == 0
    pdf = out.read_bytes()
    text = pdf_text(pdf, tmp_path)
    assert "Đặc khu Hoàng Sa" in text and "Đặc khu Trường Sa" in text
    assert "(TP. Đà Nẵng)" in text and "(tỉnh Khánh Hòa)" in text
    assert _pdffonts_all_embedded(pdf, tmp_path)


def _province_level_spec(fmt: str, lang: str) -> ExportSpec:
    """The map page's export of the 34-province country view (dashboard.map.export_panel)."""
    units = layers.load_provinces("light")
    values = pd.Series(units["area_km2"].to_numpy(), index=units["code"].astype(str))
    classes = classify(values, "quantiles", 5, "YlGnBu")
    texts = default_texts(
        metric_label="Diện tích", unit="km²", units=units, classes=classes, lang=lang
    )
    return ExportSpec(units, values, classes, texts, fmt=fmt, dpi=72, context=units)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_34_province_export_names_both_archipelagos(lang, tmp_path):
    """Its units (provinces) do not single the archipelagos out, so they are named from the
    2025 archipelago units, in place, as real text."""
    text = pdf_text(export_map(_province_level_spec("pdf", lang)), tmp_path)
    if lang == "vi":
        assert "Đặc khu Hoàng Sa (TP. Đà Nẵng)" in text
        assert "Đặc khu Trường Sa (tỉnh Khánh Hòa)" in text
    else:
        assert "Hoàng Sa special zone (Đà Nẵng)" in text
        assert "Trường Sa special zone (Khánh Hòa)" in text
    svg = export_map(_province_level_spec("svg", lang)).decode("utf-8")
    assert _both_named(svg)


def test_province_map_away_from_the_sea_names_no_archipelago(tmp_path):
    units = layers.load_communes("light", province="04")
    values = pd.Series(1.0, index=units["code"].astype(str))
    classes = classify(values, "quantiles", 1, "YlGnBu")
    texts = default_texts(metric_label="x", unit="", units=units, classes=classes)
    spec = ExportSpec(units, values, classes, texts, fmt="pdf", dpi=72)
    text = pdf_text(export_map(spec), tmp_path)
    assert "Hoàng Sa" not in text and "Trường Sa" not in text


@pytest.mark.parametrize("mode", ["side", "overlay"])
def test_country_compare_pdf_names_both_archipelagos_in_text(mode, tmp_path):
    spec = make_compare_spec(CompareRequest(level="province", mode=mode, fmt="pdf"))
    pdf = export_compare(replace(spec, dpi=72))
    text = pdf_text(pdf, tmp_path)
    maps = 2 if mode == "side" else 1
    assert text.count("QĐ. Hoàng Sa") == maps and text.count("QĐ. Trường Sa") == maps
    if mode == "side":
        assert "Hoàng Sa, Trường Sa vẽ từ lớp ranh giới 2025" in text
    assert _pdffonts_all_embedded(pdf, tmp_path)


def test_country_compare_old_map_draws_the_2025_archipelagos():
    spec = make_compare_spec(CompareRequest(level="province", fmt="pdf", lang="en"))
    old, new = spec.panels
    assert old.islands is not None and new.islands is None
    whole = data.archipelago_units()
    assert len(old.islands) == 2
    # The same islands (planar degrees are enough to compare two copies of one geometry).
    assert shapely.area(old.islands.to_numpy()).sum() == pytest.approx(
        shapely.area(whole.geometry.to_numpy()).sum()
    )
    assert "Hoàng Sa and Trường Sa drawn from the 2025 layer" in old.note
