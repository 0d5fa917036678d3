"""Tests of the briefing exports (dashboard.export): valid PNG/PDF/SVG files, Vietnamese text
that survives into the PDF, embedded fonts, the sample-data mark, insets, labels, print-safe
greys and the command line (one file per province in batch mode).

The rendering tests use the built layers of Cao Bằng (04) and Tuyên Quang (08): the mirror's,
or the committed two-province fixture's; the national maps are marked ``mirror``. PDF text
checks need ``pdftotext`` (poppler-utils) or ``pypdf``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard.core.classify import classify
from dashboard.core.formatting import human_period
from dashboard.core.i18n import t
from dashboard.export import (
    EXPORT_FORMATS,
    PAGE_SIZES,
    ExportSpec,
    MapRequest,
    cli,
    data,
    default_texts,
    draw,
    export_map,
    layout,
    make_spec,
    render,
    texts,
)
from loaders import layers

TITLE = "Tỷ lệ hồ sơ giải quyết đúng hạn — tỉnh Cao Bằng — tháng 10/2026"
SOURCE = "Trung tâm Phục vụ hành chính công tỉnh Cao Bằng (số liệu kiểm thử)"

# Builds the layers from the data directory (or the test fixture) when needed.
needs_data = pytest.mark.usefixtures("built_data")


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """Text of a PDF, NFC, whitespace collapsed (pdftotext, else pypdf, else skip)."""
    if shutil.which("pdftotext"):
        path = tmp_path / "text.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
        ).stdout.decode("utf-8")
        return _nfc(out)
    try:
        import pypdf
    except ImportError:
        pytest.skip("needs pdftotext (apt-get install poppler-utils) or pypdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return _nfc(" ".join(page.extract_text() for page in reader.pages))


# ------------------------------------------------------------------ pure functions


def test_page_pixels_at_300_dpi():
    assert PAGE_SIZES["a4-portrait"].pixels() == (2480, 3508)
    assert PAGE_SIZES["a4-landscape"].pixels() == (3508, 2480)
    assert PAGE_SIZES["a3-landscape"].pixels() == (4961, 3508)
    assert PAGE_SIZES["slide-16x9"].pixels() == (4000, 2250)
    assert set(EXPORT_FORMATS) == {"png", "pdf", "svg"}


def test_default_title_names_metric_area_and_period():
    area = texts.area_name("Tỉnh Cao Bằng")
    title = texts.default_title("Tỷ lệ hồ sơ giải quyết đúng hạn", area, human_period("2026-10"))
    assert title == TITLE
    assert texts.area_name("Thành phố Hà Nội") == "thành phố Hà Nội"
    assert texts.area_name(None) == "toàn quốc"
    assert texts.area_name("Tỉnh Cao Bằng", "en") == "Cao Bằng province"


def test_texts_are_nfc():
    decomposed = unicodedata.normalize("NFD", TITLE)
    assert texts.MapTexts(title=decomposed).title == TITLE


def test_wrap_breaks_between_title_parts_first():
    def measure(text, size, bold):  # 1 mm per character
        return float(len(text))

    lines = layout.wrap(TITLE, 40, 12, True, measure)
    assert lines == ("Tỷ lệ hồ sơ giải quyết đúng hạn —", "tỉnh Cao Bằng — tháng 10/2026")
    assert _nfc(" ".join(lines)) == TITLE


def test_nice_scale_bar_lengths():
    assert draw.nice_length(37) == 25
    assert draw.nice_length(120) == 100
    assert draw.nice_length(0.7) == 0.5
    # One degree of longitude at 22.7°N (Cao Bằng) is about 102.6 km.
    assert render.Projection(106.0, 22.7).kx == pytest.approx(102.6, abs=0.2)


# ------------------------------------------------------------------ rendering


@pytest.fixture(scope="module")
def cao_bang(built_data):
    units = data.communes("04", "web")
    values = pd.Series(
        units["area_km2"].to_numpy(dtype="float64"), index=units["code"].astype(str).to_numpy()
    )
    values.iloc[[0, 5, 9]] = np.nan  # three units without data
    classes = classify(values, scheme="quantiles", k=5, palette="YlGnBu")
    return units, values, classes


def _spec(cao_bang, *, fmt="png", page="a4-landscape", is_sample=False, **kw) -> ExportSpec:
    units, values, classes = cao_bang
    map_texts = default_texts(
        metric_label="Tỷ lệ hồ sơ giải quyết đúng hạn",
        unit="km²",
        units=units,
        classes=classes,
        province_full_name="Tỉnh Cao Bằng",
        period="2026-10",
        source=SOURCE,
        is_sample=is_sample,
    )
    assert map_texts.title == TITLE
    return ExportSpec(
        units=units,
        values=values,
        classes=classes,
        texts=map_texts,
        fmt=fmt,
        page=page,
        context=data.provinces("light"),
        **kw,
    )


@needs_data
@pytest.mark.parametrize("page", ["a4-portrait", "a4-landscape"])
def test_png_is_a4_at_300_dpi(cao_bang, page):
    png = export_map(_spec(cao_bang, page=page))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == PAGE_SIZES[page].pixels(300)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


@needs_data
def test_pdf_text_has_title_legend_source_with_diacritics(cao_bang, tmp_path):
    classes = cao_bang[2]
    pdf = export_map(_spec(cao_bang, fmt="pdf"), exported_on=date(2026, 11, 2))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert TITLE in text
    for entry in [*classes.labels(1), "Không có số liệu"]:
        assert entry in text, entry
    assert f"Nguồn: {SOURCE}" in text
    assert "Kỳ số liệu: tháng 10/2026" in text
    assert f"Ranh giới hành chính: {texts.BOUNDARY_VERSION}" in text
    assert "Xuất ngày 2 tháng 11, 2026" in text
    assert "DỮ LIỆU MẪU" not in text  # not sample data: no mark
    assert re.search(r"Tỷ lệ 1:[\d.]+", text)  # scale in Vietnamese number format


@needs_data
def test_pdf_fonts_are_embedded_truetype(cao_bang, tmp_path):
    pdf = export_map(_spec(cao_bang, fmt="pdf"))
    assert b"/FontFile2" in pdf  # TrueType font programs in the file
    assert b"/Type3" not in pdf
    if shutil.which("pdffonts"):
        path = tmp_path / "fonts.pdf"
        path.write_bytes(pdf)
        rows = subprocess.run(
            ["pdffonts", str(path)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        assert rows, "no fonts listed"
        for row in rows:
            assert "TrueType" in row, row
            # Columns: name, type, encoding, emb, sub, uni, object id.
            emb, _sub, uni = row.split()[-5:-2]
            assert emb == "yes" and uni == "yes", row


@needs_data
def test_svg_parses_and_keeps_text(cao_bang):
    svg = export_map(_spec(cao_bang, fmt="svg", labels=True))
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    ns = {"svg": "http://www.w3.org/2000/svg"}
    strings = [_nfc("".join(t.itertext())) for t in root.iter(f"{{{ns['svg']}}}text")]
    assert TITLE in strings
    assert "Không có số liệu" in strings
    assert any(s.startswith("Nguồn: ") for s in strings)


@needs_data
def test_sample_mark_when_sample_data(cao_bang, tmp_path):
    pdf = export_map(_spec(cao_bang, fmt="pdf", is_sample=True))
    text = pdf_text(pdf, tmp_path)
    assert "DỮ LIỆU MẪU" in text
    assert t("export.sample_note", "vi") in text


@needs_data
def test_english_pdf(tmp_path):
    spec = make_spec(
        MapRequest(province="04", metric="on_time_rate", period="2026-10", fmt="pdf", lang="en")
    )
    text = pdf_text(export_map(spec), tmp_path)
    assert "Share of dossiers resolved on time — Cao Bằng province — October 2026" in text
    assert "No data" in text and "SAMPLE DATA" in text and "Source: " in text
    assert texts.BOUNDARY_VERSION_EN in text


@needs_data
def test_values_keyed_by_integer_codes_are_rejected(cao_bang):
    _units, values, _classes = cao_bang
    spec = _spec(cao_bang)
    spec.values = pd.Series(values.to_numpy(), index=values.index.astype(int))
    with pytest.raises(ValueError, match="no value matches a unit code"):
        export_map(spec)


@needs_data
def test_print_safe_png_is_pure_grey(cao_bang):
    png = export_map(_spec(cao_bang, print_safe=True, dpi=60))
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    spread = (rgb.max(axis=2) - rgb.min(axis=2)).max()
    assert spread <= 3, f"colour in a print-safe map (channel spread {spread})"


@needs_data
def test_labels_do_not_overlap(cao_bang):
    from matplotlib import rc_context

    with rc_context(draw.rc_params()):
        fig = render.render_figure(_spec(cao_bang, labels=True, dpi=100))
        renderer = fig.canvas.get_renderer()
        main = fig.axes[1]
        names = set(cao_bang[0]["name"].astype(str))
        boxes = [t.get_window_extent(renderer) for t in main.texts if t.get_text() in names]
    assert len(boxes) >= 20
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


@needs_data
@pytest.mark.mirror("the archipelagos of Đà Nẵng and Khánh Hòa")
@pytest.mark.parametrize("page", ["a4-portrait", "a4-landscape"])
def test_national_map_shows_both_archipelagos(page):
    from matplotlib import rc_context

    spec = make_spec(MapRequest(metric="area_km2", page=page, dpi=50))
    codes = set(spec.units["code"])
    assert {"20333", "22736"} <= codes  # Hoàng Sa, Trường Sa
    with rc_context(draw.rc_params()):
        fig = render.render_figure(spec)
        captions = {_nfc(t.get_text()) for ax in fig.axes for t in ax.texts}
    # As insets here (a page and the main map, plus one axes per archipelago) ...
    assert len(fig.axes) == 4
    assert {"Đặc khu Hoàng Sa", "Đặc khu Trường Sa"} <= captions


@needs_data
@pytest.mark.mirror("the archipelagos of Đà Nẵng and Khánh Hòa")
def test_province_with_archipelago_gets_an_inset():
    from matplotlib import rc_context

    spec = make_spec(MapRequest(province="48", metric="area_km2", dpi=50))
    with rc_context(draw.rc_params()):
        fig = render.render_figure(spec)
        captions = {_nfc(t.get_text()) for ax in fig.axes for t in ax.texts}
    assert len(fig.axes) == 3 and "Đặc khu Hoàng Sa" in captions


# ------------------------------------------------------------------ command line


@needs_data
def test_cli_batch_writes_one_file_per_province(tmp_path, capsys):
    code = cli.main(
        [
            "--province",
            "04",
            "08",
            "--metric",
            "on_time_rate",
            "--period",
            "2026-10",
            "--format",
            "png",
            "--dpi",
            "40",
            "--out-dir",
            str(tmp_path),
        ]
    )
    assert code == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        "04-cao-bang-on_time_rate-2026-10.png",
        "08-tuyen-quang-on_time_rate-2026-10.png",
    ]
    for name in files:
        assert Image.open(tmp_path / name).format == "PNG"


@needs_data
def test_cli_rejects_a_period_the_metric_does_not_have(tmp_path, capsys):
    # Areas have one period (the boundary version): a month would mislabel the map.
    out = tmp_path / "x.png"
    args = ["--province", "04", "--metric", "area_km2", "--period", "2026-10", "--out", str(out)]
    assert cli.main(args) == 2
    assert "area_km2 has no period '2026-10'" in capsys.readouterr().err
    assert not out.exists()
    batch = ["--all-provinces", "--metric", "area_km2", "--period", "2026-10"]
    assert cli.main([*batch, "--out-dir", str(tmp_path / "maps")]) == 2  # refused once
    assert capsys.readouterr().err.count("has no period") == 1
    assert not (tmp_path / "maps").exists()


@needs_data
def test_few_valued_counts_print_one_class_per_value(tmp_path):
    # Volunteer teams per commune are 0, 1, 2…: the print shows "0", "1", "2" as the map
    # does, never "0 – 1", and does not claim a scheme that was not used.
    spec = make_spec(MapRequest(province="04", metric="teams", fmt="svg"))
    distinct = sorted(spec.values.dropna().unique())
    assert 2 <= len(distinct) <= 5
    svg = export_map(spec).decode()
    for value in distinct:
        assert f">{int(value)}<" in svg or f"{int(value)}</" in svg
    assert "0 – 1" not in svg and "1 – 2" not in svg
    assert "mỗi giá trị một lớp" in spec.texts.subtitle
    assert "phân vị" not in spec.texts.subtitle


@needs_data
def test_cli_unit_type_map_has_one_legend_entry_per_category(tmp_path):
    out = tmp_path / "loai.pdf"
    assert cli.main(["--province", "04", "--metric", "unit_type", "--out", str(out)]) == 0
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "Loại đơn vị hành chính — tỉnh Cao Bằng" in text
    for category in ("Xã", "Phường", "Đặc khu", "Không có số liệu"):
        assert category in text
    assert "phân vị" not in text  # no class breaks for categories
    assert "DỮ LIỆU MẪU" not in text  # unit types are real attributes


@needs_data
def test_cli_single_pdf(tmp_path):
    out = tmp_path / "map.pdf"
    code = cli.main(
        [
            "--province",
            "4",
            "--metric",
            "on_time_rate",
            "--period",
            "2026-10",
            "--out",
            str(out),
            "--print-safe",
            "--labels",
        ]
    )
    assert code == 0
    text = pdf_text(out.read_bytes(), tmp_path)
    assert TITLE in text and "DỮ LIỆU MẪU" in text


@needs_data
def test_cli_rejects_unknown_province_and_metric(tmp_path, capsys):
    assert cli.main(["--province", "99", "--out", str(tmp_path / "x.png")]) == 2
    assert "unknown province code '99'" in capsys.readouterr().err
    assert cli.main(["--province", "04", "--metric", "nope", "--out", str(tmp_path / "x.png")]) == 2
    assert "unknown metric 'nope'" in capsys.readouterr().err


def test_cli_fails_clearly_without_data(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(layers, "current_manifest", lambda folder=None: None)
    monkeypatch.setattr(layers, "has_data", lambda: False)
    assert cli.main(["--province", "04", "--out", str(tmp_path / "x.png")]) == 2
    assert "No boundary data" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
