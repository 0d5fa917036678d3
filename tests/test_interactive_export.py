"""The standalone interactive HTML files (dashboard.map.html_export, dashboard.compare.html_export):
self-contained (Leaflet inlined, nothing fetched from another machine), with the printed
map's texts in Vietnamese and English, escaped names, codes as strings, "no data" never 0,
the archipelagos named on country maps, and small enough to send.

The map page's view is built from the real layers (Cao Bằng 04 runs on the test fixture); the
country views and the compare views need the real mirror. The export panels' HTML option is
run through AppTest. In a browser: tests/e2e/test_html_export_browser.py.
"""

from __future__ import annotations

import html
import re

import pytest

from dashboard.compare.html_export import compare_html
from dashboard.core.i18n import t
from dashboard.core.numbers import with_unit
from dashboard.core.offline import leaflet_source_dir
from dashboard.export import CompareRequest
from loaders.known_differences import BOUNDARY_VERSION, BOUNDARY_VERSION_EN
from tests.app_support import app, run, run_compare_page
from tests.html_export_support import (
    EVIL_NAME,
    EVIL_SOURCE,
    external_references,
    map_view,
    place_names,
    script_and_style_tags,
    unit_layers,
)

pytestmark = pytest.mark.usefixtures("built_data")

LEAFLET_JS = (leaflet_source_dir() / "leaflet.js").read_text(encoding="utf-8")
LEAFLET_CSS = (leaflet_source_dir() / "leaflet.css").read_text(encoding="utf-8")
MB = 1_000_000


def _tips(layer: dict) -> dict[str, str]:
    return {f["id"]: f["properties"]["tip"] for f in layer["features"]}


# --- Self-contained ------------------------------------------------------------------------------


def test_leaflet_is_inlined_and_nothing_is_fetched_from_elsewhere() -> None:
    text = map_view("04")[0].decode("utf-8")
    assert LEAFLET_JS in text and LEAFLET_CSS in text
    assert script_and_style_tags(text) == []  # no <script src>, no <link>: all inline
    assert external_references(text) == []
    assert "/app/static" not in text
    for cdn in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "fontawesome"):
        assert cdn not in text


def test_the_reference_checkers_find_links() -> None:
    """The checks above can fail: CDN links (folium's defaults) and a link to the app's own
    static files (which a file opened from disk cannot reach) are caught."""
    cdn = (
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>\n'
        '<link rel="stylesheet" href="//cdnjs.cloudflare.com/x.css"/>\n'
        "<img src='http://example.com/a.png'>"
    )
    assert len(external_references(cdn)) == 3
    assert len(script_and_style_tags(cdn)) == 2
    local = '<script src="/app/static/leaflet/leaflet.js"></script>'
    assert external_references(local) == [] and len(script_and_style_tags(local)) == 1


# --- Texts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_title_legend_source_boundary_version_and_sample_mark(lang: str) -> None:
    data, values, _ = map_view("04", lang)
    text = data.decode("utf-8")
    area = "tỉnh Cao Bằng" if lang == "vi" else "Cao Bằng province"
    metric = "Diện tích tự nhiên" if lang == "vi" else "Natural area"
    title = f"{metric} — {area} — {'tháng 10/2026' if lang == 'vi' else 'October 2026'}"
    assert f"<title>{title}</title>" in text
    assert f'<div class="vn-title">{title}</div>' in text
    assert f'<html lang="{lang}">' in text
    assert f"{metric} (km²)" in text  # the legend's title
    assert t("no_data", lang) in text
    n_missing = int(values.isna().sum())
    assert html.escape(t("units_count", lang, count=n_missing)) in text
    version = BOUNDARY_VERSION if lang == "vi" else BOUNDARY_VERSION_EN
    assert f"{t('export.boundary', lang)}: {version}" in text
    assert f"{t('export.source', lang)}: {html.escape(EVIL_SOURCE)}" in text
    assert f'<div class="vn-sample">{t("export.sample", lang)}</div>' in text
    assert t("export.sample_note", lang) in text


def test_no_sample_mark_on_real_figures() -> None:
    text = map_view("04", is_sample=False)[0].decode("utf-8")
    assert "vn-sample" not in text.split("</style>")[-1]
    assert t("export.sample", "vi") not in text
    assert t("export.sample_note", "vi") not in text


def test_names_and_sources_are_escaped() -> None:
    text = map_view("04")[0].decode("utf-8")
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "<b>Nội vụ</b>" not in text
    [layer] = unit_layers(text)
    assert any(html.escape(EVIL_NAME) in tip for tip in _tips(layer).values())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_unit_has_a_tooltip_with_its_name_and_value(lang: str) -> None:
    data, values, names = map_view("04", lang)
    [layer] = unit_layers(data.decode("utf-8"))
    tips = _tips(layer)
    assert sorted(tips) == sorted(values.index)  # codes as strings, leading zeros kept
    assert all(isinstance(code, str) and len(code) == 5 for code in tips)
    label = "Diện tích tự nhiên" if lang == "vi" else "Natural area"
    for code, value in values.items():
        shown = with_unit(value, "km²", lang, 1)
        assert tips[code].startswith(f"<b>{html.escape(names[code])}</b><br>"), tips[code]
        assert f"{label} ({'tháng 10/2026' if lang == 'vi' else 'October 2026'}): " in tips[code]
        assert tips[code].endswith(html.escape(shown)), tips[code]
    missing = [tips[c] for c in values.index[values.isna()]]
    assert missing and all(tip.endswith(t("no_data", lang)) for tip in missing)
    assert not any(re.search(r": 0( km²)?$", tip) for tip in missing)


def test_a_province_file_is_small() -> None:
    data = map_view("04")[0]
    assert len(data) < 1.5 * MB


# --- Country views -------------------------------------------------------------------------------


@pytest.mark.mirror("the whole country")
@pytest.mark.parametrize("level", ["province", "commune"])
def test_country_maps_name_the_archipelagos(level: str) -> None:
    data = map_view(None, "vi", level=level)[0]
    text = data.decode("utf-8")
    names = place_names(text)
    assert len(names) == 2
    for key in ("hoang_sa", "truong_sa"):
        assert sum(n.startswith(t(f"archipelago_{key}", "vi")) for n in names) == 1, names
    [layer] = unit_layers(text)
    assert len(layer["features"]) == (34 if level == "province" else 3321)
    if level == "commune":
        assert len(data) < 8 * MB
        assert '"preferCanvas": true' in text  # thousands of units on one canvas


@pytest.mark.mirror("the whole country")
def test_a_province_without_archipelago_names_none() -> None:
    assert place_names(map_view("01")[0].decode("utf-8")) == []  # Hà Nội
    names = place_names(map_view("48")[0].decode("utf-8"))  # Đà Nẵng: its own only
    assert [n.split(" (")[0] for n in names] == [t("archipelago_hoang_sa", "vi")]


# --- Compare views -------------------------------------------------------------------------------


@pytest.mark.mirror("the pre-2025 layers")
@pytest.mark.parametrize(("mode", "lang"), [("side", "vi"), ("overlay", "en")])
def test_compare_commune_view(mode: str, lang: str) -> None:
    data = compare_html(CompareRequest(province="04", mode=mode, lang=lang))
    text = data.decode("utf-8")
    assert LEAFLET_JS in text
    assert script_and_style_tags(text) == [] and external_references(text) == []
    layers_ = unit_layers(text)
    assert len(layers_) == (2 if mode == "side" else 1)
    new = layers_[-1]
    assert len(new["features"]) == 56
    assert all(isinstance(f["id"], str) and len(f["id"]) == 5 for f in new["features"])
    assert ("follower.setView" in text) == (mode == "side")  # the maps follow each other
    title = t("export.compare.title_commune", lang)
    assert title in text
    captions = ("old", "new") if mode == "side" else ("overlay_caption",)
    for caption in captions:
        assert t(f"export.compare.{caption}", lang) in text
    version = BOUNDARY_VERSION if lang == "vi" else BOUNDARY_VERSION_EN
    assert version in text
    assert t("compare.legend_selected", lang) not in text  # the file has no pick
    if mode == "overlay":
        assert t("export.compare.old_commune_line", lang) in text
    assert t("export.sample", lang) not in text  # boundaries and register: never sample data


@pytest.mark.mirror("the pre-2025 layers")
def test_compare_country_view_names_the_archipelagos_on_both_maps() -> None:
    text = compare_html(CompareRequest(level="province", province=None, mode="side")).decode()
    names = place_names(text)
    for key in ("hoang_sa", "truong_sa"):  # on both maps
        assert sum(n.startswith(t(f"archipelago_{key}", "vi")) for n in names) == 2, names
    old, new = unit_layers(text)
    assert len(old["features"]) == 63 and len(new["features"]) == 34
    assert len(text.encode()) < 3 * MB


# --- The export panels ---------------------------------------------------------------------------


def _html_option(at, key: str, lang: str = "vi") -> None:
    """Choose the HTML file in a panel's format box, offered in the page's language."""
    box = at.selectbox(key=key)
    assert box.options == ["PNG", "PDF", "SVG", t("export.panel.format_html", lang)]
    box.set_value("html")


def test_map_panel_makes_the_html_file_of_the_view() -> None:
    at = run(app(province="04", metric="online_share"))
    _html_option(at, "exp_fmt")
    at = run(at)
    assert at.selectbox(key="exp_page").disabled and at.checkbox(key="exp_labels").disabled
    at.button(key="exp_make").click()
    at = run(at)
    data = at.session_state["exp_result"][1]
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    [layer] = unit_layers(text)
    assert len(layer["features"]) == 56
    assert t("export.sample", "vi") in text  # the service metrics are sample data
    [button] = [b for b in at.get("download_button") if str(b.key) == "exp_download"]
    assert button.proto.label.endswith(".html")
    tips = _tips(layer)
    assert tips["01279"].startswith("<b>Phường Nùng Trí Cao</b>")


@pytest.mark.mirror("the pre-2025 layers")
def test_compare_panel_makes_the_html_file_of_the_view() -> None:
    at = run_compare_page(lang="en")
    _html_option(at, "cmp_exp_fmt", "en")
    at = run(at)
    at.button(key="cmp_exp_make").click()
    at = run(at)
    text = at.session_state["cmp_exp_result"][1].decode("utf-8")
    assert '<html lang="en">' in text
    assert len(unit_layers(text)) == 2  # side by side, the page's default
    [button] = [b for b in at.get("download_button") if str(b.key) == "cmp_exp_download"]
    assert button.proto.label.startswith("Download") and button.proto.label.endswith(".html")
