"""Aggregates say their coverage; legends and subtitles claim only what is true.

Literal fixtures for: the partial-data rule (n/N, the 80 % threshold on both sides, the
environment setting), what the map payload and legend say of provinces computed from part of
their communes, the honest quantile claim and the fewer-classes message, the 34-province
subtitle, and a print export (PDF text) of a province and of the country with partial data.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.core.classify import classify
from dashboard.core.formatting import coverage_notes, coverage_text
from dashboard.core.i18n import t
from dashboard.export.texts import (
    counts_about_equal,
    default_subtitle,
    fewer_classes_text,
)
from dashboard.map.map_builder import MapText, encode_geometries, legend_rows, view_payload
from dashboard.map.trend_chart import partial_periods, trend_frame
from loaders.metrics import derive

# --- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "total", "incomplete", "partial"),
    [
        (56, 56, False, False),  # every commune: a full value, nothing to say
        (0, 56, False, False),  # none: "no data", not a partial value
        (3, 56, True, True),  # Cao Bằng after importing 3 communes: 5 %
        (4, 5, True, False),  # exactly 80 %: said (4/5) but not drawn as partial
        (3, 4, True, True),  # 75 %: below the threshold
        (45, 56, True, False),  # 80.4 %
        (44, 56, True, True),  # 78.6 %
    ],
)
def test_partial_rule_at_and_around_the_threshold(monkeypatch, n, total, incomplete, partial):
    monkeypatch.delenv(derive.COVERAGE_THRESHOLD_ENV, raising=False)
    assert derive.coverage_threshold() == 80.0
    assert derive.is_incomplete(n, total) is incomplete
    assert derive.is_partial(n, total) is partial


@pytest.mark.parametrize(("raw", "expected"), [("90", 90.0), ("75,5", 75.5), ("x", 80.0)])
def test_threshold_is_a_setting(monkeypatch, raw, expected):
    monkeypatch.setenv(derive.COVERAGE_THRESHOLD_ENV, raw)
    assert derive.coverage_threshold() == expected
    # 4 of 5 (80 %) is partial only when the setting asks for more than 80 %.
    assert derive.is_partial(4, 5) is (expected > 80.0)


def test_coverage_texts_in_both_languages():
    assert coverage_text(3, 56) == "3/56 xã, phường có số liệu"
    assert coverage_text(3, 56, "en") == "3/56 communes with data"
    assert coverage_text(1234, 3321) == "1.234/3.321 xã, phường có số liệu"
    assert coverage_text(1234, 3321, "en") == "1,234/3,321 communes with data"


# --- the map payload and legend ------------------------------------------------------------------


@pytest.fixture()
def provinces() -> tuple:
    """Three provinces side by side: 01 with all its communes, 04 with 3 of 56 (partial),
    08 with 50 of 56 (89 %, said but drawn as a value)."""
    frame = gpd.GeoDataFrame(
        {"code": ["01", "04", "08"]},
        geometry=[box(105, 21, 106, 22), box(106, 22, 107, 23), box(107, 21, 108, 22)],
        crs="EPSG:4326",
    )
    values = pd.Series([91.0, 94.7, 88.0], index=["01", "04", "08"])
    coverage = pd.DataFrame(
        {"n_with_data": [30, 3, 50], "n_units": [30, 56, 56]}, index=["01", "04", "08"]
    )
    names = {"01": "Thành phố Hà Nội", "04": "Tỉnh Cao Bằng", "08": "Tỉnh Tuyên Quang"}
    return encode_geometries(frame, 4), values, coverage, names


def _payload(provinces, lang="vi", threshold=None):
    features, values, coverage, names = provinces
    classes = classify(values, scheme="quantiles", k=3)
    text = MapText("Việt Nam", "Tỷ lệ đúng hạn", "%", "2026-10", "Nguồn", "v", lang=lang)
    return view_payload(
        features,
        values,
        classes,
        names,
        text,
        view_key="t",
        coverage=coverage,
        threshold=threshold,
    ).spec


def test_tooltips_say_what_each_province_rests_on(provinces):
    units = _payload(provinces)["units"]
    props = dict(zip(units["codes"], units["props"], strict=True))
    assert units["tooltip"][2] == "Độ phủ số liệu"
    assert props["04"] == ["Tỉnh Cao Bằng", "94,7 %", "3/56 xã, phường có số liệu"]
    assert props["08"][2] == "50/56 xã, phường có số liệu"
    assert props["01"] == ["Thành phố Hà Nội", "91 %"]  # all communes: nothing to add
    english = _payload(provinces, "en")["units"]
    assert english["props"][1][2] == "3/56 communes with data"
    assert english["tooltip"][2] == "Data coverage"


def test_only_provinces_below_the_threshold_are_hatched(provinces):
    units = _payload(provinces)["units"]
    classes = {
        code: units["styles"][i].get("className")
        for code, i in zip(units["codes"], units["style"], strict=True)
    }
    assert classes == {"01": None, "04": "vn-partial", "08": None}
    # With a 90 % threshold, Tuyên Quang (50/56 = 89 %) is partial too.
    units = _payload(provinces, threshold=90.0)["units"]
    hatched = [
        code
        for code, i in zip(units["codes"], units["style"], strict=True)
        if units["styles"][i].get("className") == "vn-partial"
    ]
    assert hatched == ["04", "08"]


def test_legend_counts_partial_provinces_apart_and_says_how_many(provinces):
    legend = _payload(provinces)["controls"][1]["html"]
    assert "Số liệu &lt; 80 % xã, phường" in legend
    assert "2/3 tỉnh, thành phố tính từ số liệu chưa đủ xã, phường" in legend
    values = provinces[1]
    classes = classify(values, scheme="quantiles", k=3)
    partial = pd.Series([False, True, False], index=values.index)
    rows = legend_rows(classes, values, partial=partial, threshold=80.0)
    assert [r.count for r in rows] == [1, 1, 0, 1, 0]  # 88 | 91 | 94,7, partial, no data
    assert rows[3].kind == "partial" and rows[3].label == "Số liệu < 80 % xã, phường"
    english = _payload(provinces, "en")["controls"][1]["html"]
    assert "2 of 3 provinces from partial data" in english


def test_no_coverage_row_or_note_when_every_commune_has_data(provinces):
    features, values, coverage, names = provinces
    full = coverage.assign(n_with_data=coverage["n_units"])
    classes = classify(values, scheme="quantiles", k=3)
    text = MapText("Việt Nam", "Tỷ lệ", "%", "2026-10", "Nguồn", "v")
    spec = view_payload(features, values, classes, names, text, view_key="t", coverage=full).spec
    assert len(spec["units"]["tooltip"]) == 2
    assert "chưa đủ" not in spec["controls"][1]["html"]
    assert "vn-partial" not in str(spec["units"]["styles"])


# --- trend chart -------------------------------------------------------------------------------


def test_trend_frame_gives_each_period_its_coverage():
    trend = pd.DataFrame(
        {
            "period": ["2026-09", "2026-10"],
            "value": [95.0, 94.7],
            "n_reported": [56, 3],
            "n_units": [56, 56],
            "is_sample": [False, False],
        }
    )
    frame = trend_frame([("Cao Bằng", trend)], 1, "%", "vi")
    assert list(frame["coverage"]) == [
        "56/56 xã, phường có số liệu",
        "3/56 xã, phường có số liệu",
    ]
    assert list(frame["partial"]) == [False, True]
    assert partial_periods(frame, "vi") == "Cao Bằng: 2026-10 (3/56)"
    # Each scope named once, before its periods; thousands in the language's format.
    country = trend.assign(n_reported=[3301, 3287], n_units=[3321, 3321])
    both = trend_frame([("Cao Bằng", trend), ("Việt Nam", country)], 1, "%", "vi")
    assert partial_periods(both, "vi") == (
        "Cao Bằng: 2026-10 (3/56); Việt Nam: 2026-09 (3.301/3.321), 2026-10 (3.287/3.321)"
    )
    assert partial_periods(both, "en").endswith("2026-10 (3,287/3,321)")
    english = trend_frame([("Cao Bằng", trend)], 1, "%", "en")
    assert english["coverage"].iloc[1] == "3/56 communes with data"


# --- honest classification claims ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "equal"),
    [
        ([12, 11, 11, 22], False),  # a legend seen in use: ratio 2
        ([11, 11, 12, 11], True),
        ([7, 7, 7, 7, 6], True),
        ([10, 15], True),  # exactly 1.5
        ([10, 16], False),
        ([5, 0, 5], False),  # an empty class is not "about equal"
        ([34], False),  # one class: no claim to make
    ],
)
def test_counts_about_equal(counts, equal):
    assert counts_about_equal(counts) is equal


def test_quantile_subtitle_claims_equal_counts_only_when_true():
    types = ["Xã"] * 56
    equal = default_subtitle(types, "quantiles", 4, counts=[14, 14, 14, 14])
    assert equal.endswith("4 lớp theo phân vị (số đơn vị mỗi lớp gần bằng nhau)")
    unequal = default_subtitle(types, "quantiles", 4, counts=[12, 11, 11, 22])
    assert unequal.endswith("4 lớp theo phân vị") and "gần bằng nhau" not in unequal
    english = default_subtitle(types, "quantiles", 4, "en", counts=[14, 14, 14, 14])
    assert english.endswith("4 classes, quantiles (about equal numbers of units per class)")
    assert "equal" not in default_subtitle(types, "quantiles", 4, "en", counts=[12, 11, 11, 22])


def test_fewer_classes_than_asked_are_said():
    assert fewer_classes_text(4, 5) == "4 lớp (yêu cầu 5: dữ liệu chỉ đủ cho 4)"
    assert fewer_classes_text(4, 5, "en") == "4 classes (5 asked; the data allow only 4)"
    assert fewer_classes_text(5, 5) == "" and fewer_classes_text(4, 0) == ""
    subtitle = default_subtitle(["Xã"] * 56, "quantiles", 4, k_asked=5, counts=[12, 11, 11, 22])
    assert subtitle.endswith("4 lớp (yêu cầu 5: dữ liệu chỉ đủ cho 4) theo phân vị")
    english = default_subtitle(["Xã"] * 56, "equal_interval", 4, "en", k_asked=5)
    assert english.endswith("4 classes (5 asked; the data allow only 4), equal intervals")


def test_mapclassify_making_fewer_classes_is_detected():
    # 12 tied values at the bottom: quantiles asked for 5 classes make fewer.
    values = pd.Series([1.0] * 30 + [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
    classes = classify(values, scheme="quantiles", k=5)
    assert classes.k < 5
    assert fewer_classes_text(classes.k, 5).startswith(f"{classes.k} lớp (yêu cầu 5")


def test_national_subtitle_calls_provinces_provinces():
    assert default_subtitle(["Xã"] * 34, "quantiles", 5, provinces=True).startswith(
        "34 tỉnh, thành phố · 5 lớp theo phân vị"
    )
    assert default_subtitle(["Xã"] * 34, "quantiles", 5, "en", provinces=True).startswith(
        "34 provinces · 5 classes"
    )
    # Communes are still summarised by type.
    assert default_subtitle(["Xã"] * 50 + ["Phường"] * 6, "quantiles", 5).startswith(
        "56 đơn vị hành chính cấp xã: 50 xã, 6 phường"
    )


def test_default_texts_of_a_province_map_say_34_provinces():
    from dashboard.export import default_texts

    units = gpd.GeoDataFrame(
        {"code": [f"{i:02d}" for i in range(1, 35)]},
        geometry=[box(i, 0, i + 1, 1) for i in range(34)],
        crs="EPSG:4326",
    )
    values = pd.Series(range(34), index=units["code"], dtype="float64")
    classes = classify(values, scheme="quantiles", k=5)
    made = default_texts(
        metric_label="Tỷ lệ", unit="%", units=units, classes=classes, values=values, k_asked=5
    )
    assert made.subtitle.startswith("34 tỉnh, thành phố · 5 lớp theo phân vị")
    assert "cấp xã" not in made.subtitle and "34 xã" not in made.subtitle
    # 34 values in 5 quantile classes: 7/7/6/7/7, about equal, so the claim is made.
    assert "(số đơn vị mỗi lớp gần bằng nhau)" in made.subtitle


# --- print exports -------------------------------------------------------------------------------


def test_export_coverage_notes_literal():
    pairs = {"01": (30, 30), "04": (3, 56), "08": (50, 56)}
    names = {"04": "Tỉnh Cao Bằng", "08": "Tỉnh Tuyên Quang"}
    (line,) = coverage_notes(pairs, names, provinces=True)
    assert line == (
        "2/3 tỉnh, thành phố tính từ số liệu chưa đủ xã, phường — Tỉnh Cao Bằng: 3/56 xã, "
        "phường có số liệu; Tỉnh Tuyên Quang: 50/56 xã, phường có số liệu"
    )
    assert coverage_notes({"04": (3, 56)}, {}, "en", provinces=False) == (
        "Data: 3/56 communes with data",
    )
    assert coverage_notes({"01": (30, 30)}, names, provinces=True) == ()


SHOTS = Path(__file__).resolve().parent / "e2e" / "screenshots"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (apt-get install poppler-utils)")
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return " ".join(unicodedata.normalize("NFC", out).split())


@pytest.fixture()
def partial_store(built_data, tmp_path, monkeypatch):
    """A store with real data for 3 of Cao Bằng's 56 communes only, made the app's store
    (``$VNMAP_DB_URL``) for the test."""
    from loaders.metrics import sample, store
    from loaders.metrics.importer import import_file
    from loaders.register import new_units

    url = f"sqlite:///{tmp_path / 'partial.sqlite'}"
    engine = store.get_engine(url)
    sample.ensure_sample_loaded(engine)
    units = new_units()
    cao_bang = units[units["province_code"] == "04"].head(3)
    lines = ["Mã đơn vị,Tên đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận,Giải quyết đúng hạn,"
             "Giải quyết quá hạn"]  # fmt: skip
    for code, name in zip(cao_bang["code"], cao_bang["name"], strict=True):
        lines.append(f"{code},{name},2026-10,120,90,5")
    import_file(engine, ("\n".join(lines) + "\n").encode(), "cb.csv", max_period="2026-10")
    monkeypatch.setenv(store.DB_URL_ENV, url)
    yield engine
    store.dispose_engine(url)


def test_pdf_of_a_partial_province_says_its_coverage(partial_store, tmp_path):
    from dashboard.export import export_map
    from dashboard.export.specs import MapRequest, make_spec

    spec = make_spec(MapRequest(province="04", metric="on_time_rate", fmt="pdf", period="2026-10"))
    text = _pdf_text(export_map(spec), tmp_path)
    assert "Số liệu: 3/56 xã, phường có số liệu" in text
    english = make_spec(
        MapRequest(province="04", metric="on_time_rate", fmt="pdf", period="2026-10", lang="en")
    )
    assert "Data: 3/56 communes with data" in _pdf_text(export_map(english), tmp_path)


def test_pdf_of_the_34_provinces_says_which_rest_on_partial_data(partial_store, tmp_path):
    """The map page's export of the country view (34 provinces), as the export panel makes
    it: subtitle "34 tỉnh, thành phố", footer naming Cao Bằng's 3/56 communes."""
    from dashboard.core import service_metrics
    from dashboard.export import ExportSpec, default_texts, export_map
    from loaders import layers

    units = layers.load_provinces("light")
    registry = service_metrics.registry()
    metric = registry["on_time_rate"]
    values = metric.values("province", "2026-10")
    classes = classify(values, scheme="quantiles", k=5)
    names = dict(zip(units["code"].astype(str), units["full_name"].astype(str), strict=True))
    notes = service_metrics.coverage_notes(
        service_metrics.coverage(registry, "on_time_rate", "2026-10"), None, False, names, "vi"
    )
    made = default_texts(
        metric_label=metric.label("vi"),
        unit="%",
        units=units,
        classes=classes,
        period="2026-10",
        values=values,
        k_asked=5,
        extra_notes=notes,
    )
    partial = service_metrics.partial_codes(
        service_metrics.coverage(registry, "on_time_rate", "2026-10"), values
    )
    assert partial == ("04",)
    pdf = export_map(ExportSpec(units, values, classes, made, fmt="pdf", partial=partial))
    text = _pdf_text(pdf, tmp_path)
    # Cao Bằng is drawn hatched with its own legend row, not counted in a class.
    assert "Số liệu < 80 % xã, phường 1" in text
    png = export_map(ExportSpec(units, values, classes, made, fmt="png", partial=partial))
    (tmp_path / "country.png").write_bytes(png)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "coverage_country_export.png").write_bytes(png)
    assert "34 tỉnh, thành phố" in text and "34 đơn vị hành chính cấp xã" not in text
    assert "1 lớp (yêu cầu 5: dữ liệu chỉ đủ cho 1)" in text
    assert "gần bằng nhau" not in text  # one class: no claim about equal numbers
    assert "1/34 tỉnh, thành phố tính từ số liệu chưa đủ xã, phường" in text
    assert "Tỉnh Cao Bằng: 3/56 xã, phường có số liệu" in text


def test_texts_module_keeps_the_quantile_name_without_a_claim():
    # The claim is added only by default_subtitle, from the counts.
    assert t("export.scheme_quantiles", "vi") == "phân vị"


# --- the map page (AppTest) ----------------------------------------------------------------------


@pytest.fixture()
def partial_app(partial_store, monkeypatch):
    """The app reading the partial store (env for the page's own engine; caches cleared so
    no value of the session's sample store is served)."""
    import streamlit as st

    from loaders.metrics import store

    monkeypatch.setenv(store.DB_URL_ENV, str(partial_store.url))
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _warnings(at) -> str:
    return "\n".join(str(w.value) for w in at.warning)


def test_country_view_side_panel_and_legend_say_the_coverage(partial_app):
    from tests.app_support import app, map_html, run

    at = run(app(metric="on_time_rate"))
    panel = _warnings(at)
    assert "Giá trị toàn quốc (2026-10) tính từ 3/3.321 xã, phường có số liệu" in panel
    assert "1/34 tỉnh, thành phố tính từ số liệu chưa đủ xã, phường" in panel
    assert "dưới 80 % xã, phường có số liệu" in panel
    html = map_html(at)
    assert "3/56 xã, phường có số liệu" in html and "Số liệu &lt; 80 % xã, phường" in html
    # The ranking beside the map says it too: Cao Bằng's value is not the whole province's.
    ranked = "\n".join(str(m.value) for m in at.markdown)
    assert "Cao Bằng" in ranked and "(3/56 xã, phường có số liệu)" in ranked


def test_province_view_side_panel_says_the_province_value_is_partial(partial_app):
    from tests.app_support import app, run

    at = run(app(metric="on_time_rate", province="04", lang="en"))
    panel = _warnings(at)
    assert "The province's value (2026-10) is computed from 3/56 communes with data." in panel
    assert "Under 80% of communes with data: a partial value" in panel
