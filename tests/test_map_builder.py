"""Unit tests of the map builders, on the payload the map component receives (the JSON the
browser parses) and on the one module Python sends the browser for it.

Most tests use four literal boxes; the last ones use the build (the mirror's, or the committed
two-province fixture's): a province map, and, marked ``mirror``, the all-communes payload budget
and the archipelagos' anchors, which need the whole country. What only a browser shows (the
drawing, clicks, no request leaving the machine) is tested in ``tests/e2e`` (the component on
its own: ``test_component_browser.py``); the component's pure JavaScript under ``node --test``
(``test_component_js.py``).
"""

from __future__ import annotations

import html
import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Polygon, box, shape

from dashboard.core import offline
from dashboard.core.classify import NO_DATA_COLOR, categorical, classify
from dashboard.map import map_builder as mb
from dashboard.map import map_component
from loaders.known_differences import BOUNDARY_VERSION

EVIL = '<script>alert("x")</script> & Đông\'s'

# --- The browser's decoder, in Python (js/geometry.js decodes the same way) -----------------


def decode_ring(text: str, decimals: int) -> list[list[float]]:
    """The inverse of :func:`~dashboard.map.map_builder.encode_ring`, as ``decodeRing`` in the
    map's script."""
    values, value, shift = [], 0, 0
    for char in text:
        chunk = ord(char) - 63
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    ints = np.cumsum(np.asarray(values, dtype=np.int64).reshape(-1, 2), axis=0)
    return (ints / 10.0**decimals).tolist()


def decode_geometry(text: str, decimals: int) -> dict:
    """GeoJSON geometry from an encoded one."""
    geometry = json.loads(text)
    if geometry["type"] == "Polygon":
        coordinates = [decode_ring(r, decimals) for r in geometry["e"]]
    else:
        coordinates = [[decode_ring(r, decimals) for r in poly] for poly in geometry["e"]]
    return {"type": geometry["type"], "coordinates": coordinates}


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


def payload_of(units, values, classes=None, **kw) -> mb.MapPayload:
    features = mb.encode_geometries(units, 5)
    classes = classes or classify(values, "equal_interval", 3, "YlGnBu")
    names = dict(zip(units["code"], units["name"], strict=True))
    return mb.view_payload(
        features,
        values,
        classes,
        names,
        kw.pop("text", text()),
        view_key=kw.pop("view_key", "province:04"),
        **kw,
    )


def build(units, values, **kw) -> tuple[dict, str]:
    """The payload as the browser parses it, and as the text it receives."""
    raw = payload_of(units, values, **kw).to_bytes().decode("utf-8")
    return json.loads(raw), raw


def style_of(payload: dict, code: str) -> dict:
    units = payload["spec"]["units"]
    return units["styles"][units["style"][units["codes"].index(code)]]


def props_of(payload: dict, code: str) -> list[str]:
    units = payload["spec"]["units"]
    return units["props"][units["codes"].index(code)]


# --- Geometry encoding --------------------------------------------------------------------------


def test_encode_geometries(units):
    features = mb.encode_geometries(units, 4)
    assert features.codes == ("00001", "00002", "00003", "00004")
    assert features.bounds == pytest.approx((105.0, 21.0, 105.2, 21.2))
    assert features.precision == 4
    geometry = decode_geometry(features.geometries[0], features.precision)
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
        decoded = shape(decode_geometry(text, 5))
        assert decoded.normalize().equals_exact(geom.normalize(), tolerance=1e-5)
    assert '"type":"MultiPolygon","e":[[' in features.geometries[1]


def test_encode_ring_matches_the_reference_algorithm():
    # Google's documented example, written lon-first: (38.5,-120.2),(40.7,-120.95),(43.252,-126.453)
    coords = np.array([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]])
    assert mb.encode_ring(coords[:, ::-1], 5) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert decode_ring("_p~iF~ps|U_ulLnnqC_mqNvxq`@", 5) == pytest.approx(coords[:, ::-1])


def test_encode_geometries_rounds_but_keeps_tiny_units():
    frame = gpd.GeoDataFrame(
        {"code": ["1", "2"]},
        geometry=[
            box(105.123456789, 21.0, 105.2, 21.1),
            box(105.50001, 21.00001, 105.50003, 21.00003),  # 2 m: collapses at 1e-4
        ],
        crs="EPSG:4326",
    )
    encoded = mb.encode_geometries(frame, 4)
    xs = {round(x, 6) for x, _y in decode_geometry(encoded.geometries[0], 4)["coordinates"][0]}
    assert 105.1235 in xs and 105.123457 not in xs  # snapped to the 1e-4 grid
    assert decode_geometry(encoded.geometries[1], 4)["coordinates"][0]  # not dropped


def test_encode_geometries_rejects_bad_input(units):
    with pytest.raises(ValueError, match="EPSG:4326"):
        mb.encode_geometries(units.to_crs(3857))
    empty = units.copy()
    empty.loc[0, "geometry"] = Polygon()
    with pytest.raises(ValueError, match="empty"):
        mb.encode_geometries(empty)
    with pytest.raises(ValueError, match="unique"):
        mb.GeoFeatures(("1", "1"), ("{}", "{}"), (0, 0, 1, 1), 5)


# --- Styles and no data -------------------------------------------------------------------------


def test_fill_colours_follow_the_classes(units, values):
    payload, _ = build(units, values)
    classes = classify(values, "equal_interval", 3, "YlGnBu")
    expected = dict(zip(values.index, classes.colors_for(values), strict=True))
    for code in ("00001", "00003", "00004"):
        style = style_of(payload, code)
        assert style["fillColor"] == expected[code]
        assert "dashArray" not in style
    # One style per class, shared by its units (not one per unit).
    assert len(payload["spec"]["units"]["styles"]) == 4


def test_no_data_is_drawn_distinctly(units, values):
    payload, _ = build(units, values)
    style = style_of(payload, "00002")
    assert style["fillColor"] == NO_DATA_COLOR
    assert style["fillColor"].lower() not in ("#000000", "#000", "black")
    assert style["dashArray"] == mb.NO_DATA_DASH
    assert style["className"] == "vn-nodata"  # hatched in SVG maps, like the legend swatch
    # The hatch pattern and its CSS rule come with the component's HTML and styles.
    assert 'id="vn-nodata-hatch"' in map_component._HTML
    assert "path.vn-nodata { fill: url(#vn-nodata-hatch)" in map_component._styles()
    classes = classify(values, "equal_interval", 3, "YlGnBu")
    assert NO_DATA_COLOR not in classes.colors  # never the colour of a class (nor of zero)


def test_zero_is_a_value_not_no_data(units):
    values = pd.Series([0.0, 5.0, 10.0, np.nan], index=["00001", "00002", "00003", "00004"])
    payload, _ = build(units, values)
    assert style_of(payload, "00001")["fillColor"] != NO_DATA_COLOR
    assert style_of(payload, "00004")["fillColor"] == NO_DATA_COLOR


def test_units_missing_from_the_values_are_no_data(units, values):
    payload, _ = build(units, values.drop("00004"))
    assert style_of(payload, "00004")["fillColor"] == NO_DATA_COLOR
    assert props_of(payload, "00004")[1] == "Không có số liệu"


# --- Legend, title, footer ------------------------------------------------------------------------


def test_legend_has_ranges_counts_and_no_data(units, values):
    classes = classify(values, "equal_interval", 3, "YlGnBu")
    rows = mb.legend_rows(classes, values, decimals=1)
    assert [r.label for r in rows[:-1]] == classes.labels(1)
    assert [r.count for r in rows[:-1]] == classes.counts(values)[0]
    assert sum(r.count for r in rows) == len(values)
    assert (rows[-1].kind, rows[-1].label, rows[-1].count) == ("no_data", "Không có số liệu", 1)
    legend = mb.legend_html(rows, text())
    for row in rows:
        assert f"background-color:{row.fill}" in legend
    assert "vn-swatch nodata" in legend and "1 đơn vị" in legend
    assert "Diện tích tự nhiên" in legend and "km² · 2025" in legend


def test_title_legend_and_footer_are_on_the_map(units, values):
    payload, _ = build(units, values)
    controls = payload["spec"]["controls"]
    # Above and below the map, never over it (boxes drawn over the map hid units).
    assert [c["position"] for c in controls] == ["above", "below", "below"]
    combined = "".join(c["html"] for c in controls)
    assert "Tỉnh Cao Bằng — Diện tích" in combined
    assert BOUNDARY_VERSION in combined
    assert "Phiên bản ranh giới" in combined and "Nguồn" in combined
    assert "Không có số liệu" in combined
    legend = mb.legend_html(
        mb.legend_rows(classify(values, "equal_interval", 3, "YlGnBu"), values), text()
    )
    assert controls[1]["html"] == legend


def test_english_map_texts_and_number_format(units, values):
    _, raw = build(units, values, text=text(lang="en", unit="km²"))
    assert "No data" in raw and "Không có số liệu" not in raw
    assert "1,234.5 km²" in raw  # tooltip value in English number format
    assert "Boundary version" in raw


def test_sample_banner(units, values):
    _, raw = build(units, values, text=text(is_sample=True))
    assert "DỮ LIỆU MẪU / SAMPLE DATA" in raw


# --- Tooltips and escaping ----------------------------------------------------------------------


def test_tooltip_fields_and_aliases(units, values):
    payload, _ = build(units, values)
    assert payload["spec"]["units"]["tooltip"] == ["Đơn vị", "Diện tích tự nhiên (2025)"]
    assert props_of(payload, "00001") == ["Xã Ba Chẽ", "1 km²"]
    assert props_of(payload, "00002")[1] == "Không có số liệu"
    assert props_of(payload, "00004")[1] == "1.234,5 km²"


def test_names_and_sources_are_escaped(units, values):
    payload, raw = build(units, values)
    assert '<script>alert("x")' not in raw and "<b>nghiệm" not in raw
    name = props_of(payload, "00002")[0]
    assert name == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Đông&#x27;s"
    assert "Đông" in raw  # Vietnamese stays readable (UTF-8, not \\u escapes)
    footer = payload["spec"]["controls"][2]["html"]
    assert "Nguồn thử &lt;b&gt;nghiệm&lt;/b&gt;" in footer


# --- Map options, layers, selection -------------------------------------------------------------


def test_svg_by_default_canvas_when_asked(units, values):
    svg, _ = build(units, values)
    canvas, _ = build(units, values, canvas=True)
    assert svg["spec"]["units"]["canvas"] is False
    assert canvas["spec"]["units"]["canvas"] is True
    assert style_of(canvas, "00001")["weight"] < style_of(svg, "00001")["weight"]


def test_no_basemap_unless_asked(units, values):
    payload, raw = build(units, values)
    assert payload["spec"]["basemap"] is None and "tile.openstreetmap.org" not in raw
    osm, _ = build(units, values, basemap=True)
    assert osm["spec"]["basemap"] == {"url": mb.OSM_TILES, "attribution": mb.OSM_ATTR}


def test_outlines_are_lines_over_the_units(units, values):
    outline = mb.encode_geometries(units.dissolve().assign(code="X"), 4)
    payload, _ = build(units, values, outlines=outline)
    assert payload["spec"]["outlines"]["style"]["fill"] is False
    assert payload["spec"]["outlines"]["precision"] == 4
    assert payload["geometries"]["outlines"] == [json.loads(outline.geometries[0])]


def test_view_bounds_and_key(units, values):
    payload, _ = build(units, values, view_key="province:04")
    assert payload["spec"]["bounds"] == [[21.0, 105.0], [21.2, 105.2]]
    assert payload["spec"]["view"] == "province:04"


def test_units_id_names_the_drawing(units, values):
    first, _ = build(units, values)
    again, _ = build(units, values)
    assert first["spec"]["units"]["id"] == again["spec"]["units"]["id"]
    selected, _ = build(units, values, selected="00003")
    assert selected["spec"]["units"]["id"] == first["spec"]["units"]["id"]  # kept by the map
    other, _ = build(units, values.replace(1.0, 2.0))
    assert other["spec"]["units"]["id"] != first["spec"]["units"]["id"]
    english, _ = build(units, values, text=text(lang="en"))
    assert english["spec"]["units"]["id"] != first["spec"]["units"]["id"]


def test_selection(units, values):
    payload, _ = build(units, values, selected="00003")
    assert payload["spec"]["selection"]["code"] == "00003"
    assert payload["spec"]["selection"]["style"]["color"] == mb.SELECTED_EDGE
    index = payload["spec"]["units"]["codes"].index("00003")
    assert payload["geometries"]["selection"] == [payload["geometries"]["units"][index]]
    unknown, _ = build(units, values, selected="99999")
    assert unknown["spec"]["selection"] is None and "selection" not in unknown["geometries"]


def test_payload_is_reproducible_and_names_itself(units, values):
    first = payload_of(units, values).to_bytes()
    assert payload_of(units, values).to_bytes() == first  # built again from scratch
    # Its id comes first (the map reads it without parsing the rest) and follows the content.
    assert re.match(rb'\{"id":"[0-9a-f]{16}","spec":', first)
    other = payload_of(units, values, selected="00001").to_bytes()
    assert json.loads(other)["id"] != json.loads(first)["id"]
    # Each unit's geometry text travels once, as it was encoded.
    for geometry in mb.encode_geometries(units, 5).geometries:
        assert first.decode("utf-8").count(geometry) == 1


def test_map_texts_are_escaped_in_tooltips_and_boxes(units, values):
    hostile = text(title=EVIL, metric_label=EVIL, unit="<u>", period="<i>2025</i>")
    payload, raw = build(units, values, text=hostile)
    assert "<script>" not in raw and "<u>" not in raw and "<i>" not in raw
    assert payload["spec"]["units"]["tooltip"][1].startswith("&lt;script&gt;")
    assert html.escape(EVIL) in payload["spec"]["controls"][0]["html"]  # the title box
    assert "&lt;u&gt;" in payload["spec"]["controls"][1]["html"]  # unit in the legend


def test_only_hex_colours_reach_a_style():
    assert mb.fill_style("#a1B2c3")["fillColor"] == "#a1B2c3"
    for bad in ("red;background:url(x)", "#fff", "url(javascript:1)", "#12345g"):
        with pytest.raises(ValueError, match="#rrggbb"):
            mb.fill_style(bad)


# --- Offline: nothing from the internet ---------------------------------------------------------


def test_the_map_module_carries_leaflet_then_the_component():
    """One module: the app's own Leaflet (run once per page), then the component's parts and
    its module (the browser tests check that nothing is requested from outside)."""
    module = map_component._module_source()
    leaflet = (offline.leaflet_source_dir() / "leaflet.js").read_text(encoding="utf-8")
    assert module.startswith("if (!(window.L && window.L.version)) {")
    assert module.index(leaflet) < module.index(map_component.component_source())
    assert module.endswith(map_component.component_source())
    css = map_component._styles()
    assert not re.findall(r"url\((?:['\"])?(?:https?:)?//", css)


# --- Real data ----------------------------------------------------------------------------------


@pytest.mark.mirror("all 3,321 communes")
def test_all_communes_map_fits_the_payload_budget(built_data, registry):
    from dashboard.map import data

    version = data.version()
    features = data.commune_features(version, None)
    assert len(features) == 3321
    metric = registry["online_share"]  # has missing values: exercises no data
    values = data.metric_values(version, registry, metric.key, "commune", metric.default_period)
    classes = classify(values, "quantiles", 9, "PuOr")
    payload = mb.view_payload(
        features,
        values,
        classes,
        data.commune_names(version, "vi", None),
        text(metric_label=metric.label(), unit="%", is_sample=True),
        view_key=":True",
        canvas=True,
        outlines=data.province_outlines(version),
    )
    raw = payload.to_bytes()
    assert len(raw) < 3_000_000
    decoded = json.loads(raw)
    assert len(decoded["geometries"]["units"]) == 3321
    assert len(decoded["geometries"]["outlines"]) == 34
    rows = mb.legend_rows(classes, values.reindex(list(features.codes)))
    assert rows[-1].count == int(values.isna().sum()) > 0
    no_data = [c for c in features.codes if pd.isna(values.get(c, np.nan))]
    assert {style_of(decoded, c)["fillColor"] for c in no_data} == {NO_DATA_COLOR}


def test_province_map_of_cao_bang(built_data):
    from dashboard.map import data

    version = data.version()
    features = data.commune_features(version, "04")
    assert len(features) == 56
    table = data.commune_table(version)
    values = table["area_km2"]
    classes = classify(values, "natural_breaks", 5, "viridis")
    payload = mb.view_payload(
        features, values, classes, data.commune_names(version, "vi", "04"), text(), view_key="04:"
    )
    decoded = json.loads(payload.to_bytes())
    assert decoded["spec"]["units"]["canvas"] is False  # SVG paths: hatched no data, clickable
    assert decoded["spec"]["units"]["codes"] == list(features.codes)
    names = [name for name, _ in decoded["spec"]["units"]["props"]]
    assert all(name.startswith(("Xã ", "Phường ")) for name in names)


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
    payload, _ = build(units, codes, classes=classes, text=text(unit="", decimals=0))
    assert style_of(payload, "00001")["fillColor"] == classes.colors[0]
    assert style_of(payload, "00002")["fillColor"] == classes.colors[1]
    assert style_of(payload, "00003")["fillColor"] == NO_DATA_COLOR
    rows = mb.legend_rows(classes, codes, decimals=0)
    assert [(r.label, r.count) for r in rows] == [("Xã", 1), (EVIL, 2), ("Không có số liệu", 1)]
    legend = mb.legend_html(rows, text())
    assert "<script>" not in legend and html.escape(EVIL) in legend
    # Tooltips name the category (escaped), never its code.
    assert [value for _, value in payload["spec"]["units"]["props"]] == [
        "Xã",
        html.escape(EVIL),
        "Không có số liệu",
        html.escape(EVIL),
    ]
    assert mb.category_name(5.0, classes.labels()) == "Không có số liệu"


# --- Archipelago names (sovereignty convention) ----------------------------------------------


ANCHORS = {
    "20333": mb.ArchipelagoAnchor("hoang_sa", 112.2, 15.7, "48", 112.0, 16.4),
    "22736": mb.ArchipelagoAnchor("truong_sa", 114.3, 11.4, "56", 113.7, 9.4),
}


def test_archipelago_names_on_country_views_and_their_own_province_only():
    country = mb.archipelago_labels(ANCHORS, "vi")
    assert [label["code"] for label in country] == ["20333", "22736"]
    assert country[0]["lines"] == ["Quần đảo Hoàng Sa", "(TP. Đà Nẵng)"]
    assert country[1]["lines"] == ["Quần đảo Trường Sa", "(tỉnh Khánh Hòa)"]
    assert (country[0]["lat"], country[0]["lon"], country[0]["side"]) == (15.7, 112.2, "bottom")
    english = mb.archipelago_labels(ANCHORS, "en")
    assert english[0]["lines"] == ["Hoàng Sa archipelago", "(Đà Nẵng)"]
    assert english[1]["lines"] == ["Trường Sa archipelago", "(Khánh Hòa)"]
    own = mb.archipelago_labels(ANCHORS, "vi", "48")
    assert [(x["code"], x["lat"], x["lon"], x["side"]) for x in own] == [
        ("20333", 16.4, 112.0, "bottom")
    ]
    own = mb.archipelago_labels(ANCHORS, "en", "56")
    assert [(x["code"], x["lat"], x["lon"], x["side"]) for x in own] == [
        ("22736", 9.4, 113.7, "bottom")
    ]
    assert mb.archipelago_labels(ANCHORS, "vi", "04") == []


def test_archipelago_names_are_escaped(monkeypatch):
    monkeypatch.setattr(mb, "t", lambda key, lang: EVIL)
    labels = mb.archipelago_labels(ANCHORS, "vi")
    assert labels[0]["lines"] == [html.escape(EVIL), html.escape(EVIL)]
    assert "<script>" not in json.dumps(labels)


def test_archipelago_anchor_is_on_an_island_at_the_side_of_its_name():
    islands = MultiPolygon([box(111.0, 16.8, 111.1, 16.9), box(112.0, 15.8, 112.1, 15.9)])
    below = mb.archipelago_anchor("hoang_sa", islands, "48")  # name below: southern island
    assert islands.distance(shape({"type": "Point", "coordinates": [below.lon, below.lat]})) < 1e-6
    assert below.lat == pytest.approx(15.8) and below.province == "48"
    # For the province's own view: the island point nearest the middle of the extent.
    mid = shape({"type": "Point", "coordinates": [below.mid_lon, below.mid_lat]})
    assert islands.distance(mid) < 1e-6 and mid.distance(islands.envelope.centroid) < 0.8
    above = mb.archipelago_anchor("truong_sa", islands, "56")  # name above: northern island
    assert above.lat == pytest.approx(16.9) and 111.0 <= above.lon <= 111.1


def test_payload_carries_the_names_as_data(units, values):
    plain, _ = build(units, values)
    assert plain["spec"]["labels"] is None
    labels = mb.archipelago_labels(ANCHORS, "vi")
    named, raw = build(units, values, labels=labels)
    assert named["spec"]["labels"] == labels
    assert "Quần đảo Hoàng Sa" in raw  # UTF-8 text, not \u escapes
    assert named["id"] != plain["id"]  # a new drawing …
    assert named["spec"]["units"]["id"] == plain["spec"]["units"]["id"]  # … of the same units


def test_place_names_take_no_pointer():
    """The names' boxes let the pointer through (clicks reach the units: the browser tests)."""
    assert re.search(r"\.vn-island-label > div \{[^}]*pointer-events: none", mb.MAP_CSS)
    assert re.search(r"\.vn-island-label \{[^}]*pointer-events: none", mb.MAP_CSS)


@pytest.mark.mirror("the archipelagos of Đà Nẵng and Khánh Hòa")
def test_archipelago_anchors_from_the_build(built_data):
    from dashboard.map import data
    from loaders import layers

    version = data.version()
    anchors = data.archipelago_anchors(version)
    assert {c: (a.key, a.province) for c, a in anchors.items()} == {
        "20333": ("hoang_sa", "48"),
        "22736": ("truong_sa", "56"),
    }
    communes = layers.load_communes(data.COUNTRY_LOD, columns=["code"]).set_index("code")
    for code, anchor in anchors.items():
        point = shape({"type": "Point", "coordinates": [anchor.lon, anchor.lat]})
        assert communes.loc[code, "geometry"].distance(point) < 1e-4  # on the islands
