"""Unit tests of the map builders, on the rendered HTML (``m.get_root().render()``) and on the
script streamlit-folium sends to the browser.

Most tests use three literal boxes; the last ones use the real build (skipped without data)
to check the all-communes payload budget and that nothing is loaded from the internet.
"""

from __future__ import annotations

import html
import json
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Polygon, box, shape
from streamlit_folium import generate_leaflet_string

from dashboard import map_builder as mb
from dashboard import offline
from dashboard.classify import NO_DATA_COLOR, categorical, classify
from loaders.known_differences import BOUNDARY_VERSION

EVIL = '<script>alert("x")</script> & Đông\'s'


@pytest.fixture(autouse=True)
def _local_assets():
    offline.configure_folium()


@pytest.fixture()
def units() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "code": ["00001", "00002", "00003", "00004"],
            "name": ["Xã Ba Chẽ", EVIL, "Phường Hoà An", "Đặc khu Lý Sơn"],
        },
        geometry=[
            box(105, 21, 105.1, 21.1),
            box(105.1, 21, 105.2, 21.1),
            box(105, 21.1, 105.1, 21.2),
            box(105.1, 21.1, 105.2, 21.2),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture()
def values() -> pd.Series:
    return pd.Series([1.0, np.nan, 30.5, 1234.5], index=["00001", "00002", "00003", "00004"])


def text(**kw) -> mb.MapText:
    base = dict(
        title="Tỉnh Cao Bằng — Diện tích",
        metric_label="Diện tích tự nhiên",
        unit="km²",
        period="2025",
        source="Nguồn thử <b>nghiệm</b>",
        boundary_version=BOUNDARY_VERSION,
        decimals=1,
    )
    base.update(kw)
    return mb.MapText(**base)


def elements(root, cls) -> list:
    """All elements of type ``cls`` under ``root`` (the view layers sit in a feature group)."""
    found = []
    for child in root._children.values():
        if isinstance(child, cls):
            found.append(child)
        found += elements(child, cls)
    return found


def build(units, values, **kw) -> tuple[folium.Map, str]:
    features = mb.encode_geometries(units, 5)
    classes = classify(values, "equal_interval", 3, "YlGnBu")
    names = dict(zip(units["code"], units["name"], strict=True))
    fmap = mb.choropleth_map(features, values, classes, names, kw.pop("text", text()), **kw)
    return fmap, fmap.get_root().render()


def styler_cases(page: str) -> dict[str, dict]:
    """The style switch of the choropleth layer: feature id -> style dict."""
    body = re.search(
        r"function geo_json_\w+_styler\(feature\) \{(.*?)\n\s*\}\n\s*\}", page, re.S
    ).group(1)
    out: dict[str, dict] = {}
    for line in body.strip().splitlines():
        line = line.strip()
        if line.startswith("default:"):
            out["default"] = json.loads(line.removeprefix("default: return ").rstrip(";"))
            continue
        if not line.startswith("case "):
            continue
        ids = re.findall(r'case "(\d+)":', line)
        style = json.loads(line.split("return ", 1)[1].rstrip(";"))
        for i in ids:
            out[i] = style
    return out


def style_of(page: str, code: str) -> dict:
    cases = styler_cases(page)
    return cases.get(code, cases["default"])


# --- Geometry encoding --------------------------------------------------------------------------


def test_encode_geometries(units):
    features = mb.encode_geometries(units, 4)
    assert features.codes == ("00001", "00002", "00003", "00004")
    assert features.bounds == pytest.approx((105.0, 21.0, 105.2, 21.2))
    assert features.precision == 4
    geometry = mb.decode_geometry(features.geometries[0], features.precision)
    assert geometry["type"] == "Polygon"
    assert shape(geometry).equals(units.geometry.iloc[0])
    assert features.nbytes == sum(len(g) for g in features.geometries)


def test_polyline_round_trip_on_awkward_shapes():
    holed = Polygon(
        [(105.0, 21.0), (105.3, 21.0), (105.3, 21.3), (105.0, 21.3)],
        [[(105.1, 21.1), (105.2, 21.1), (105.2, 21.2), (105.1, 21.2)]],
    )
    multi = MultiPolygon([box(-0.5, -0.5, 0.5, 0.5), box(179.0, 89.0, 179.99999, 89.9)])
    frame = gpd.GeoDataFrame({"code": ["a", "b"]}, geometry=[holed, multi], crs="EPSG:4326")
    features = mb.encode_geometries(frame, 5)
    for geom, text in zip(frame.geometry, features.geometries, strict=True):
        decoded = shape(mb.decode_geometry(text, 5))
        assert decoded.normalize().equals_exact(geom.normalize(), tolerance=1e-5)
    assert '"type":"MultiPolygon","e":[[' in features.geometries[1]
    plain = mb.encode_geometries(frame, 5, polyline=False)
    assert plain.precision == 0 and json.loads(plain.geometries[0])["coordinates"]


def test_encode_ring_matches_the_reference_algorithm():
    # Google's documented example, written lon-first: (38.5,-120.2),(40.7,-120.95),(43.252,-126.453)
    coords = np.array([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]])
    assert mb.encode_ring(coords[:, ::-1], 5) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert mb.decode_ring("_p~iF~ps|U_ulLnnqC_mqNvxq`@", 5) == pytest.approx(coords[:, ::-1])


def test_encode_geometries_rounds_but_keeps_tiny_units():
    frame = gpd.GeoDataFrame(
        {"code": ["1", "2"]},
        geometry=[
            box(105.123456789, 21.0, 105.2, 21.1),
            box(105.50001, 21.00001, 105.50003, 21.00003),  # 2 m: collapses at 1e-4
        ],
        crs="EPSG:4326",
    )
    features = mb.encode_geometries(frame, 4, polyline=False)
    assert "105.1235" in features.geometries[0] and "105.123456" not in features.geometries[0]
    assert json.loads(features.geometries[1])["coordinates"]  # not dropped
    encoded = mb.encode_geometries(frame, 4)
    assert mb.decode_geometry(encoded.geometries[1], 4)["coordinates"][0]


def test_encode_geometries_rejects_bad_input(units):
    with pytest.raises(ValueError, match="EPSG:4326"):
        mb.encode_geometries(units.to_crs(3857))
    empty = units.copy()
    empty.loc[0, "geometry"] = Polygon()
    with pytest.raises(ValueError, match="empty"):
        mb.encode_geometries(empty)
    with pytest.raises(ValueError, match="unique"):
        mb.GeoFeatures(("1", "1"), ("{}", "{}"), (0, 0, 1, 1))


# --- Styles and no data -------------------------------------------------------------------------


def test_fill_colours_follow_the_classes(units, values):
    _, page = build(units, values)
    classes = classify(values, "equal_interval", 3, "YlGnBu")
    expected = dict(zip(values.index, classes.colors_for(values), strict=True))
    for code in ("00001", "00003", "00004"):
        style = style_of(page, code)
        assert style["fillColor"] == expected[code]
        assert "dashArray" not in style


def test_no_data_is_drawn_distinctly(units, values):
    _, page = build(units, values)
    style = style_of(page, "00002")
    assert style["fillColor"] == NO_DATA_COLOR
    assert style["fillColor"].lower() not in ("#000000", "#000", "black")
    assert style["dashArray"] == mb.NO_DATA_DASH
    assert style["className"] == "vn-nodata"  # hatched in SVG maps, like the legend swatch
    assert 'id="vn-nodata-hatch"' in page and "path.vn-nodata { fill: url(#vn-nodata-hatch)" in page
    classes = classify(values, "equal_interval", 3, "YlGnBu")
    assert NO_DATA_COLOR not in classes.colors  # never the colour of a class (nor of zero)


def test_zero_is_a_value_not_no_data(units):
    values = pd.Series([0.0, 5.0, 10.0, np.nan], index=["00001", "00002", "00003", "00004"])
    _, page = build(units, values)
    assert style_of(page, "00001")["fillColor"] != NO_DATA_COLOR
    assert style_of(page, "00004")["fillColor"] == NO_DATA_COLOR


def test_units_missing_from_the_values_are_no_data(units, values):
    _, page = build(units, values.drop("00004"))
    assert style_of(page, "00004")["fillColor"] == NO_DATA_COLOR


# --- Legend, title, footer ------------------------------------------------------------------------


def test_legend_has_ranges_counts_and_no_data(units, values):
    classes = classify(values, "equal_interval", 3, "YlGnBu")
    rows = mb.legend_rows(classes, values, decimals=1)
    assert [r.label for r in rows[:-1]] == classes.labels(1)
    assert [r.count for r in rows[:-1]] == classes.counts(values)[0]
    assert sum(r.count for r in rows) == len(values)
    assert (rows[-1].no_data, rows[-1].label, rows[-1].count) == (True, "Không có số liệu", 1)
    legend = mb.legend_html(rows, text())
    for row in rows:
        assert f"background-color:{row.color}" in legend
    assert "vn-swatch nodata" in legend and "1 đơn vị" in legend
    assert "Diện tích tự nhiên" in legend and "km² · 2025" in legend


def test_legend_title_footer_are_on_the_rendered_map(units, values):
    fmap, page = build(units, values)
    controls = elements(fmap, mb.HtmlControl)
    assert [c.position for c in controls] == ["topright", "topright", "bottomright"]
    combined = "".join(c.html for c in controls)
    assert "Tỉnh Cao Bằng — Diện tích" in combined
    assert BOUNDARY_VERSION in combined
    assert "Phiên bản ranh giới" in combined and "Nguồn" in combined
    assert "Không có số liệu" in combined
    # The HTML reaches the page JSON-encoded inside the script.
    for control in controls:
        assert control.html_js in page
        assert json.loads(control.html_js) == control.html


def test_english_map_texts_and_number_format(units, values):
    _, page = build(units, values, text=text(lang="en", unit="km²"))
    assert "No data" in page and "Không có số liệu" not in page
    assert "1,234.5 km²" in page  # tooltip value in English number format
    assert "Boundary version" in page


def test_sample_banner(units, values):
    _, page = build(units, values, text=text(is_sample=True))
    assert "DỮ LIỆU MẪU / SAMPLE DATA" in page


def test_format_value():
    assert mb.format_value(1234.5, 1, "km²") == "1.234,5 km²"
    assert mb.format_value(1234.5, 1, "km²", "en") == "1,234.5 km²"
    assert mb.format_value(45.5, 1, "%") == "45,5%"
    assert mb.format_value(np.nan, 1, "km²") == "Không có số liệu"
    assert mb.format_value(None, 1, "km²", "en") == "No data"
    assert mb.format_value(0.0, 1, "đơn vị") == "0 đơn vị"


# --- Tooltips and escaping ----------------------------------------------------------------------


def test_tooltip_fields_and_aliases(units, values):
    fmap, page = build(units, values)
    layer = elements(fmap, mb.CompactGeoJson)[0]
    tooltip = elements(layer, folium.GeoJsonTooltip)[0]
    assert tooltip.fields == ["name", "value"]
    assert tooltip.aliases == ["Đơn vị", "Diện tích tự nhiên (2025)"]
    props = {f["id"]: f["properties"] for f in layer.data["features"]}
    assert props["00001"]["value"] == "1 km²"
    assert props["00002"]["value"] == "Không có số liệu"
    assert props["00004"]["value"] == "1.234,5 km²"
    assert 'let fields = ["name", "value"];' in page


def test_names_are_escaped(units, values):
    fmap, page = build(units, values)
    assert '<script>alert("x")' not in page
    layer = elements(fmap, mb.CompactGeoJson)[0]
    data = json.loads(layer.data_js)
    name = next(f for f in data["features"] if f["id"] == "00002")["properties"]["name"]
    assert name == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Đông&#x27;s"
    # Inside the script every <, >, & and ' is JSON-escaped, so no tag can close it.
    assert "\\u0026lt;script\\u0026gt;" in page
    assert "Đông" in page  # Vietnamese stays readable (UTF-8, not \\u escapes)
    # The source given with markup is escaped in the footer too.
    assert "Nguồn thử \\u0026lt;b\\u0026gt;nghiệm" in page


def test_js_json_is_script_safe():
    assert mb.js_json("</script>") == '"\\u003c/script\\u003e"'
    assert mb.js_json("a&b'c") == '"a\\u0026b\\u0027c"'
    assert mb.js_json("Cao Bằng") == '"Cao Bằng"'
    assert json.loads(mb.js_json({"x": "<\u2028>"})) == {"x": "<\u2028>"}


# --- Map options, layers, selection -------------------------------------------------------------


def test_svg_by_default_canvas_when_asked(units, values):
    _, svg = build(units, values)
    _, canvas = build(units, values, canvas=True)
    assert "L.canvas(" not in svg
    assert '"renderer": L.canvas({padding: 0.5})' in canvas


def test_no_basemap_unless_asked(units, values):
    _, page = build(units, values)
    assert "L.tileLayer" not in page
    _, osm = build(units, values, basemap="osm")
    assert "tile.openstreetmap.org" in osm


def test_outlines_let_clicks_through(units, values):
    outline = mb.encode_geometries(units.dissolve().assign(code="X"), 4)
    fmap, page = build(units, values, outlines=outline)
    layers = elements(fmap, mb.CompactGeoJson)
    assert len(layers) == 2
    assert layers[1].options.get("interactive") is False
    assert '"fill":false' in page


def test_view_fits_its_bounds_once_without_animation(units, values):
    _, page = build(units, values)
    fit = re.search(r"map\.fitBounds\((\[\[.*?\]\]), \{animate: false\}\)", page)
    assert json.loads(fit.group(1)) == [[21.0, 105.0], [21.2, 105.2]]
    assert "map._vnView !== " in page  # re-adding the same view keeps the user's zoom


def test_view_is_fitted_before_its_units_are_added(units, values):
    # Leaflet adds a group's layers in the order they joined it: fitting the view after the
    # polygons would project every vertex twice (once per zoom).
    _, page = build(units, values)
    fit = page.index("map._vnView !== ")
    assert fit < page.index("L.geoJson(")
    group = mb.view_layers(
        mb.encode_geometries(units, 5),
        values,
        classify(values, "quantiles", 3, "Blues"),
        {},
        text(),
    )
    assert isinstance(next(iter(group._children.values())), mb.FitView)


def test_view_layers_are_one_swappable_group(units, values):
    features = mb.encode_geometries(units, 5)
    classes = classify(values, "quantiles", 3, "Blues")
    group = mb.view_layers(features, values, classes, {}, text(), view_key="province:04")
    assert isinstance(group, folium.FeatureGroup)
    assert len(elements(group, mb.CompactGeoJson)) == 1
    assert [c.position for c in elements(group, mb.HtmlControl)] == [
        "topright",
        "topright",
        "bottomright",
    ]
    assert elements(group, mb.FitView)[0].view_key == "province:04"
    # The base map holds nothing view-specific: one map for every view of a session.
    assert mb.base_map().get_root().render().count("L.geoJson") == 0
    # Controls are layers: removed with their group when the view changes.
    fmap = mb.base_map()
    group.add_to(fmap)
    page = fmap.get_root().render()
    assert "onRemove: function(map) {" in page and "map.removeControl(this._control)" in page


def test_selection_layer(units):
    features = mb.encode_geometries(units, 5)
    group = mb.selection_layer(features, "00003")
    fmap = folium.Map(tiles=None)
    group.add_to(fmap)
    page = fmap.get_root().render()
    assert '"id":"00003"' in page and '"id":"00001"' not in page
    assert mb.SELECTED_EDGE in page and '"fill":false' in page and '"interactive": false' in page
    assert not mb.selection_layer(features, "99999")._children


def test_compact_layer_needs_one_style():
    features = mb.GeoFeatures(("1",), ('{"type":"Point","coordinates":[1,2]}',), (1, 2, 1, 2))
    with pytest.raises(ValueError, match="exactly one"):
        mb.CompactGeoJson(features, [{}])
    with pytest.raises(ValueError, match="one properties"):
        mb.CompactGeoJson(features, [], style={})


def test_map_renders_the_same_twice(units, values):
    fmap, first = build(units, values)
    second = fmap.get_root().render()
    # The layer's data is embedded once, not once per render.
    data = '{"type":"FeatureCollection"'
    assert first.count(data) == second.count(data) == 1


# --- Offline: nothing from the internet ---------------------------------------------------------


def _urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_rendered_page_loads_only_local_assets(units, values):
    _, page = build(units, values)
    urls = _urls(page)
    assert offline.LEAFLET_JS in urls and offline.LEAFLET_CSS in urls
    assert all(u.startswith("/app/static/") for u in urls), urls
    assert "cdn" not in page.lower() and "d3js" not in page


def test_streamlit_folium_is_sent_only_local_links(units, values):
    """What st_folium asks the browser to load: the js/css links of every element."""
    fmap, _ = build(units, values, outlines=mb.encode_geometries(units, 4))
    links: list[str] = []

    def walk(element):
        links.extend(src for _, src in getattr(element, "default_js", []))
        links.extend(href for _, href in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    assert set(links) == {offline.LEAFLET_JS, offline.LEAFLET_CSS}
    script = generate_leaflet_string(fmap)
    assert "http://" not in script and "https://" not in script.replace("https://leafletjs", "")


def test_static_leaflet_copy(tmp_path):
    target = offline.ensure_static(tmp_path / "leaflet")
    assert (target / "leaflet.js").stat().st_size > 100_000
    assert (target / "leaflet.css").is_file() and (target / "images").is_dir()
    assert offline.ensure_static(target) == target  # idempotent


# --- Real data ----------------------------------------------------------------------------------


def test_all_communes_map_fits_the_payload_budget(built_data, service_metrics):
    from dashboard import data, metrics

    version = data.version()
    features = data.commune_features(version, None)
    assert len(features) == 3321
    table = data.commune_table(version)
    metric = metrics.get("online_share")  # has missing values: exercises no data
    values = data.metric_values(version, metric.key, "commune", metric.default_period)
    classes = classify(values, "quantiles", 9, "PuOr")
    names = {
        c: f"{n}, {p}"
        for c, n, p in zip(table["code"], table["full_name"], table["province_name"], strict=True)
    }
    fmap = mb.choropleth_map(
        features,
        values,
        classes,
        names,
        text(metric_label=metric.label(), unit="%", is_sample=True),
        canvas=True,
        outlines=data.province_outlines(version),
    )
    script = generate_leaflet_string(fmap)
    assert len(script.encode("utf-8")) < 3_000_000
    assert script.count('"type":"Feature"') == 3321 + 34
    rows = mb.legend_rows(classes, values.reindex(list(features.codes)))
    assert rows[-1].count == int(values.isna().sum()) > 0


def test_province_map_of_cao_bang(built_data):
    from dashboard import data

    version = data.version()
    features = data.commune_features(version, "04")
    assert len(features) == 56
    table = data.commune_table(version)
    values = table["area_km2"]
    classes = classify(values, "natural_breaks", 5, "viridis")
    fmap = mb.choropleth_map(
        features, values, classes, dict(zip(table["code"], table["full_name"], strict=True)), text()
    )
    page = fmap.get_root().render()
    assert '"preferCanvas": false' in page
    assert all(f'"id":"{code}"' in page for code in features.codes)


def test_clicks_are_reported_at_once_only_by_the_view_layer(units, values):
    fmap, page = build(units, values)
    layers = elements(fmap, mb.CompactGeoJson)
    assert [layer.report_clicks for layer in layers] == [True]
    assert page.count('type: "streamlit:setComponentValue"') == 1
    # Same keys, same order as streamlit-folium's own report, so it is not sent twice.
    assert '["last_object_clicked", "last_active_drawing"]' in page
    selection = mb.selection_layer(mb.encode_geometries(units, 5), "00001")
    standalone = folium.Map(tiles=None)
    selection.add_to(standalone)
    assert "streamlit:setComponentValue" not in standalone.get_root().render()


def test_count_classes_do_not_overlap():
    counts = pd.Series([1, 2, 2, 3, 4, 5, 8, 15], dtype="float64")
    classes = classify(counts, "manual", manual=[2, 4, 8])
    labels = [row.label for row in mb.legend_rows(classes, counts, decimals=0)]
    assert labels == ["1 – 2", "3 – 4", "5 – 8", "9 – 15", "Không có số liệu"]
    single = classify(pd.Series([1.0, 2.0, 3.0]), "manual", manual=[1, 2])
    assert [r.label for r in mb.legend_rows(single, pd.Series([1.0, 2.0, 3.0]), decimals=0)][
        :3
    ] == ["1", "2", "3"]
    # With decimals the shared labels are kept as they are.
    rates = pd.Series([0.5, 1.5, 2.5])
    assert mb.legend_rows(classify(rates, "manual", manual=[1.0, 2.0]), rates)[0].label == (
        "0,5 – 1"
    )


def test_categorical_map_colours_names_and_escapes_categories(units):
    codes = pd.Series([0.0, 1.0, np.nan, 1.0], index=["00001", "00002", "00003", "00004"])
    classes = categorical(["Xã", EVIL])
    features = mb.encode_geometries(units, 5)
    names = dict(zip(units["code"], units["name"], strict=True))
    fmap = mb.choropleth_map(features, codes, classes, names, text(unit="", decimals=0))
    page = fmap.get_root().render()
    assert style_of(page, "00001")["fillColor"] == classes.colors[0]
    assert style_of(page, "00002")["fillColor"] == classes.colors[1]
    assert style_of(page, "00003")["fillColor"] == NO_DATA_COLOR
    rows = mb.legend_rows(classes, codes, decimals=0)
    assert [(r.label, r.count) for r in rows] == [("Xã", 1), (EVIL, 2), ("Không có số liệu", 1)]
    legend = mb.legend_html(rows, text())
    assert "<script>" not in legend and html.escape(EVIL) in legend
    # Tooltips name the category (escaped), never its code.
    props = mb.unit_properties(
        features.codes, names, codes, decimals=0, unit="", lang="vi", categories=classes.labels()
    )
    assert [p["value"] for p in props] == [
        "Xã",
        html.escape(EVIL),
        "Không có số liệu",
        html.escape(EVIL),
    ]
    assert mb.category_name(5.0, classes.labels()) == "Không có số liệu"
