"""Tests of the old/new comparison briefing (dashboard.export.compare_*): PNG size and DPI,
PDF text with Vietnamese diacritics (title, legend, sources, "Không có số liệu"), embedded
fonts, SVG, the classes shared with the compare page, print-safe greys, the command line and
the export panel of the compare page.

Real boundary layers (Cao Bằng 04, the 63 / 34 provinces), built from the data directory
when needed; skips when there is no data. PDF checks need pdftotext / pdffonts (poppler-utils)
or pypdf.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from matplotlib import rc_context
from PIL import Image
from streamlit.testing.v1 import AppTest

from dashboard.compare import features
from dashboard.core.classify import legend_labels
from dashboard.core.i18n import t
from dashboard.export import (
    PAGE_SIZES,
    CompareRequest,
    cli,
    compare_render,
    draw,
    export_compare,
    make_compare_spec,
)
from loaders import compare, layers
from tests.app_support import run_compare_page
from tests.test_export import _nfc, pdf_text

TITLE = "Ranh giới cấp xã trước và sau sắp xếp — tỉnh Cao Bằng"

pytestmark = [pytest.mark.usefixtures("built_data"), pytest.mark.mirror("the pre-2025 layers")]


@pytest.fixture(scope="module")
def cao_bang_spec(built_data):
    return make_compare_spec(CompareRequest(province="04", metric="area", fmt="pdf"))


@pytest.fixture(scope="module")
def cao_bang_pdf(cao_bang_spec):
    return export_compare(cao_bang_spec, exported_on=date(2026, 11, 2))


def test_spec_uses_the_pages_shared_classes(cao_bang_spec):
    """Same breaks and colours as the compare page's side-by-side view, from both versions."""
    view = features.commune_view("04", "area")
    assert cao_bang_spec.classes.upper == view.classes.upper
    assert cao_bang_spec.classes.colors == view.classes.colors
    old, new = cao_bang_spec.panels
    olds = compare.old_units_of("04")
    assert len(new.units) == 56
    assert len(old.units) == int(olds["has_polygon"].sum())
    assert old.missing == len(olds) - len(old.units)
    assert new.units["code"].map(type).eq(str).all()


def test_pdf_text_has_title_legend_sources_with_diacritics(cao_bang_spec, cao_bang_pdf, tmp_path):
    assert cao_bang_pdf.startswith(b"%PDF")
    text = pdf_text(cao_bang_pdf, tmp_path)
    assert TITLE in text
    assert "Trước 01/07/2025" in text and "Từ 01/07/2025" in text
    for entry in [*legend_labels(cao_bang_spec.classes, 1, "vi"), "Không có số liệu"]:
        assert entry in text, entry
    meta = layers.pre2025_metadata()
    # Each layer's source with its vintage and coverage, and the approximate-layer warning.
    for fact in (
        "sapnhap.bando.com.vn",
        meta["communes_c2011"]["provenance"],
        meta["communes_c2011"]["vintage"],
        meta["communes_c2011"]["coverage"],
        meta["provinces_pre2025"]["provenance"],
        "không phải ranh giới chính thức",
    ):
        assert _nfc(fact) in text, fact
    olds = compare.old_units_of("04")
    drawn = int(olds["has_polygon"].sum())
    assert f"{drawn}/{len(olds)} xã cũ có đa giác xấp xỉ" in text
    assert "Ranh giới hành chính: trước 01/07/2025" in text
    assert "Xuất ngày 2 tháng 11, 2026" in text
    assert "DỮ LIỆU MẪU" not in text  # boundary data, not sample figures


def test_pdf_fonts_are_embedded(cao_bang_pdf, tmp_path):
    assert b"/FontFile2" in cao_bang_pdf and b"/Type3" not in cao_bang_pdf
    if not shutil.which("pdffonts"):
        pytest.skip("needs pdffonts (poppler-utils)")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(cao_bang_pdf)
    rows = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        emb, _sub, uni = row.split()[-5:-2]
        assert "TrueType" in row and emb == "yes" and uni == "yes", row


@pytest.mark.parametrize("page", ["a4-portrait", "a3-landscape"])
def test_png_size_and_dpi(cao_bang_spec, page):
    png = export_compare(replace(cao_bang_spec, fmt="png", page=page))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == PAGE_SIZES[page].pixels(300)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_svg_parses_and_keeps_text(cao_bang_spec):
    root = ET.fromstring(export_compare(replace(cao_bang_spec, fmt="svg")))
    assert root.tag.endswith("svg")
    strings = [_nfc("".join(t.itertext())) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert TITLE in strings and "Không có số liệu" in strings


def test_two_panels_share_one_scale_and_extent(cao_bang_spec):
    with rc_context(draw.rc_params()):
        fig = compare_render.render_compare_figure(replace(cao_bang_spec, dpi=50))
    maps = fig.axes[1:]
    assert len(maps) == 2
    assert maps[0].get_xlim() == maps[1].get_xlim() and maps[0].get_ylim() == maps[1].get_ylim()
    a, b = (ax.get_position().bounds for ax in maps)
    assert a[2:] == pytest.approx(b[2:])  # same size on paper: same scale
    legend = {_nfc(t.get_text()) for t in fig.axes[0].texts}
    assert {"Trước", "Sau", t("export.compare.old_district_line")} <= legend


def test_overlay_is_one_map_with_old_outlines(built_data, tmp_path):
    spec = make_compare_spec(CompareRequest(province="04", mode="overlay", fmt="pdf"))
    assert [p.key for p in spec.panels] == ["overlay"]
    text = pdf_text(export_compare(spec), tmp_path)
    assert (
        t("export.compare.overlay_caption") in text and t("export.compare.old_commune_line") in text
    )


def test_country_63_old_and_34_new_provinces(built_data, tmp_path):
    spec = make_compare_spec(CompareRequest(level="province", fmt="pdf", lang="en"))
    old, new = spec.panels
    assert (len(old.units), len(new.units)) == (63, 34)
    text = pdf_text(export_compare(spec), tmp_path)
    assert "Province boundaries before and after the reorganisation — Viet Nam" in text
    assert "No data" in text and "Before 1 July 2025" in text
    # Archipelago names keep their white halo and stay real text, on both maps.
    assert text.count("Hoàng Sa archipelago") == 2 and text.count("Trường Sa archipelago") == 2
    with rc_context(draw.rc_params()):
        fig = compare_render.render_compare_figure(replace(spec, dpi=30))
    for ax in fig.axes[1:]:  # both maps name both archipelagos
        names = {_nfc(t.get_text()) for t in ax.texts}
        assert {"Trường Sa archipelago", "Hoàng Sa archipelago"} <= names


def test_print_safe_png_is_pure_grey(cao_bang_spec):
    png = export_compare(replace(cao_bang_spec, fmt="png", print_safe=True, dpi=50))
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    assert (rgb.max(axis=2) - rgb.min(axis=2)).max() <= 3


def test_colour_png_is_not_grey(cao_bang_spec):
    """The check above can fail: the colour map has colour."""
    png = export_compare(replace(cao_bang_spec, fmt="png", dpi=50))
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    assert (rgb.max(axis=2) - rgb.min(axis=2)).max() > 50


def test_split_only_without_split_units_fails_clearly(built_data):
    from dashboard.export.data import ExportDataError

    with pytest.raises(ExportDataError, match="no split units"):
        make_compare_spec(CompareRequest(province="04", split_only=True))


def test_cli_compare_pdf(built_data, tmp_path):
    out = tmp_path / "x.pdf"
    assert cli.main(["--compare", "--province", "04", "--format", "pdf", "--out", str(out)]) == 0
    assert TITLE in pdf_text(out.read_bytes(), tmp_path)


def test_cli_compare_batch_names_and_bad_metric(built_data, tmp_path, capsys):
    code = cli.main(
        ["--compare", "--province", "04", "08", "--dpi", "30", "--out-dir", str(tmp_path)]
    )
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "04-cao-bang-so-sanh-side-area.png",
        "08-tuyen-quang-so-sanh-side-area.png",
    ]
    assert cli.main(["--compare", "--country", "--metric", "nope", "--out", "y.png"]) == 2
    assert "unknown compare metric 'nope'" in capsys.readouterr().err


# --- The compare page's export panel (AppTest) ----------------------------------------------


def _downloads(at: AppTest) -> list:
    """The export's download button (the page's CSV buttons end in other names)."""
    return [
        e for e in at.get("download_button") if e.proto.label.endswith((".png", ".pdf", ".svg"))
    ]


def _title_key(at: AppTest) -> str:
    return next(k for k in at.session_state if str(k).startswith("cmp_exp_title_"))


def test_page_panel_renders_a_png_download():
    at = run_compare_page()
    assert at.text_input(key=_title_key(at)).value == TITLE
    assert _downloads(at) == []  # nothing rendered before the button
    at.button(key="cmp_exp_make").click().run()
    assert not at.exception, at.exception
    [button] = _downloads(at)
    assert button.proto.label.endswith(".png")
    image = Image.open(io.BytesIO(at.session_state["cmp_exp_result"][1]))
    assert image.size == (3508, 2480) and round(image.info["dpi"][0]) == 300


def test_page_panel_english_country_pdf(tmp_path):
    at = run_compare_page(lang="en", cmp_level="province", cmp_mode="overlay")
    assert at.text_input(key=_title_key(at)).value.endswith("— Viet Nam")
    at.selectbox(key="cmp_exp_fmt").set_value("pdf")
    at.button(key="cmp_exp_make").click().run()
    assert not at.exception, at.exception
    [button] = _downloads(at)
    assert button.proto.label.startswith("Download") and button.proto.label.endswith(".pdf")
    text = pdf_text(at.session_state["cmp_exp_result"][1], tmp_path)
    assert "Units from 1 July 2025 (filled) and old boundaries (dashed)" in text


def test_before_count_leaves_out_the_island_district(built_data):
    # Hải Phòng: 374 commune-level units before; Huyện Bạch Long Vĩ had no communes.
    spec = make_compare_spec(CompareRequest(province="31", mode="overlay", fmt="png"))
    assert "374 → 114 đơn vị hành chính cấp xã" in spec.texts.subtitle
