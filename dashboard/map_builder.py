"""Pure functions that build the choropleth maps with folium.

Nothing here touches Streamlit, so every map can be rendered (``m.get_root().render()``) and
checked in unit tests. :func:`choropleth_map` returns a complete ``folium.Map``; the app uses
its two halves: one :func:`base_map` for the whole session, and :func:`view_layers`, a feature
group holding everything a view shows, which streamlit-folium swaps in place (drilling down
then neither reloads the map's iframe nor resends it). Rules kept here:

* values are joined to units **in Python by code**; a unit without a value gets the explicit
  "no data" style (grey, hatched in SVG maps, dashed dark outline) and is named in the legend
  with its count, never painted as 0 or black (``folium.Choropleth(key_on=...)`` does that,
  and makes streamlit-folium load d3 from a CDN);
* class breaks and colours come from :mod:`dashboard.classify` only;
* every text that reaches HTML is escaped with :func:`html.escape` (names, labels, sources),
  and every text in a script is JSON-encoded with ``<``, ``>``, ``&`` and ``'`` escaped;
* every map shows a title, a legend with class ranges and counts (and the no-data class), the
  boundary version and the source; tooltips give name, value with unit, and period;
* no asset is fetched from the internet (see :mod:`dashboard.offline`); a basemap is optional.

Geometry is encoded once per (layer, province) by :func:`encode_geometries` as compact
polyline text that the map decodes in the browser; only the small per-metric properties change
between maps. This keeps the all-communes map at about 1 MB (3 MB was the budget) and fast to
rebuild.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from folium.features import GeoJsonStyleMapper
from folium.template import Template
from folium.utilities import JsCode, get_obj_in_upper_tree

from dashboard.classify import NO_DATA_COLOR, Classes, fmt_number, legend_labels
from dashboard.i18n import t

#: Map container background when there is no basemap: a light blue-grey, distinct from the
#: near-white middle of diverging palettes and from the grey "no data" fill.
BACKGROUND = "#e3eaf0"
#: Outline of units: white hairlines (grey ones turn island-studded coasts such as Hạ Long
#: Bay into a grey mass that reads like the no-data hatch). The no-data class gets a darker
#: dashed outline.
EDGE_COLOR = "#ffffff"
NO_DATA_EDGE = "#3d3d3d"
NO_DATA_DASH = "3 3"
SELECTED_EDGE = "#d7191c"

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTR = "© OpenStreetMap contributors"


# --- Geometry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeoFeatures:
    """Units ready to embed in a map: codes and their geometry as compact JSON text.

    ``bounds`` is ``(min_lon, min_lat, max_lon, max_lat)`` in EPSG:4326. With
    ``precision == 0`` a geometry is GeoJSON text; otherwise its rings are encoded as
    polyline strings with that many decimals (see :func:`encode_ring`), which the map decodes
    in the browser (about a quarter of the size of GeoJSON).
    """

    codes: tuple[str, ...]
    geometries: tuple[str, ...] = field(repr=False)
    bounds: tuple[float, float, float, float]
    precision: int = 0

    def __post_init__(self) -> None:
        if len(self.codes) != len(self.geometries):
            raise ValueError("codes and geometries differ in length")
        if len(set(self.codes)) != len(self.codes):
            raise ValueError("codes are not unique")

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def nbytes(self) -> int:
        return sum(len(g) for g in self.geometries)


def encode_geometries(
    frame: gpd.GeoDataFrame, decimals: int = 5, code_column: str = "code", *, polyline: bool = True
) -> GeoFeatures:
    """Encode the geometry of ``frame`` (EPSG:4326) as compact JSON text per unit.

    Coordinates are snapped to a ``10**-decimals`` degree grid (4 ≈ 11 m, enough for a country
    view; 5 ≈ 1 m for a province view); the layers themselves are not changed. With
    ``polyline`` (default) every ring is written as an encoded polyline string: the
    all-communes map shrinks from 2.0 MB of GeoJSON coordinates to about 0.5 MB, which is what
    the browser then has to receive, parse and evaluate.
    """
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        raise ValueError(f"expected EPSG:4326 geometry, got {frame.crs}")
    geometry = np.asarray(frame.geometry.values)
    if any(g is None for g in geometry) or shapely.is_empty(geometry).any():
        raise ValueError("frame has null or empty geometries")
    # Snap to the grid keeping valid output; a unit too small to survive it keeps its shape.
    rounded = shapely.set_precision(geometry, 10.0**-decimals)
    collapsed = shapely.is_empty(rounded)
    rounded[collapsed] = geometry[collapsed]
    if polyline:
        texts = [_encode_geometry(g, decimals) for g in rounded]
    else:
        texts = [str(t) for t in shapely.to_geojson(rounded)]
    min_x, min_y, max_x, max_y = (float(v) for v in shapely.total_bounds(geometry))
    codes = tuple(str(c) for c in frame[code_column])
    return GeoFeatures(
        codes, tuple(texts), (min_x, min_y, max_x, max_y), decimals if polyline else 0
    )


def encode_ring(coords: np.ndarray, decimals: int) -> str:
    """One ring (``n × 2`` lon/lat array) as a polyline string (Google's algorithm, lon first).

    Each coordinate is a zig-zag varint of its difference from the previous one, in 5-bit
    groups written as characters 63–126 (JSON-safe; ``\\`` is escaped by JSON).
    """
    ints = np.round(np.asarray(coords, dtype="float64")[:, :2] * 10.0**decimals).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    out: list[str] = []
    for value in ((deltas << 1) ^ (deltas >> 63)).tolist():
        while value >= 0x20:
            out.append(chr((0x20 | (value & 0x1F)) + 63))
            value >>= 5
        out.append(chr(value + 63))
    return "".join(out)


def decode_ring(text: str, decimals: int) -> list[list[float]]:
    """The inverse of :func:`encode_ring` (the browser runs the same in JavaScript)."""
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


def _encode_geometry(geometry, decimals: int) -> str:
    polygons = shapely.get_parts(geometry)
    rings = [
        [encode_ring(shapely.get_coordinates(ring), decimals) for ring in _rings(polygon)]
        for polygon in polygons
    ]
    if shapely.get_type_id(geometry) == 3:  # Polygon
        return json.dumps({"type": "Polygon", "e": rings[0]}, separators=(",", ":"))
    return json.dumps({"type": "MultiPolygon", "e": rings}, separators=(",", ":"))


def _rings(polygon) -> list:
    return [polygon.exterior, *polygon.interiors]


def decode_geometry(text: str, decimals: int) -> dict:
    """GeoJSON geometry from an encoded one (for tests and for any Python consumer)."""
    geometry = json.loads(text)
    if "e" not in geometry:
        return geometry
    if geometry["type"] == "Polygon":
        coordinates = [decode_ring(r, decimals) for r in geometry["e"]]
    else:
        coordinates = [[decode_ring(r, decimals) for r in poly] for poly in geometry["e"]]
    return {"type": geometry["type"], "coordinates": coordinates}


def js_json(value: object) -> str:
    """JSON for embedding in a script: compact, UTF-8, and safe inside ``<script>``.

    Escapes ``<``, ``>``, ``&`` and ``'`` as ``\\u00XX`` like Jinja's ``tojson`` (so a name
    can never close the script tag) and U+2028/2029, which older engines reject in strings.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class _Geometry(dict):
    """A feature's geometry kept as GeoJSON text; the dict part only carries ``type`` (what
    folium's tooltip checks for), the text is what gets embedded."""

    def __init__(self, text: str):
        super().__init__(type=text[9 : text.index('"', 9)] if text.startswith('{"type":"') else "")
        self.text = text


# --- The GeoJSON layer --------------------------------------------------------------------------


class CompactGeoJson(folium.GeoJson):
    """``folium.GeoJson`` that embeds its data as compact JSON text encoded once.

    Same behaviour as ``folium.GeoJson`` (``style_function`` evaluated in Python and turned into
    a style table keyed by feature id, ``highlight_function``, tooltips, clicks), but: the
    data is written once with :func:`js_json` and precomputed geometry text instead of being
    re-serialised with spaces and ``\\uXXXX`` escapes on every render, the style table is
    computed once, and bounds come from the geometry encoder instead of a Python walk over
    every coordinate. With a fixed ``style`` (no function) the layer is drawn with it.
    ``report_clicks`` reports clicks to streamlit-folium's caller at once instead of after
    the library's 250 ms debounce (see the template).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- if this.style %}
        function {{ this.get_name() }}_styler(feature) {
            switch({{ this.feature_identifier }}) {
                {{ this.style_cases_js }}
            }
        }
        {%- endif %}
        {%- if this.highlight %}
        function {{ this.get_name() }}_highlighter(feature) {
            return {{ this.highlight_style_js }};
        }
        {%- endif %}
        function {{ this.get_name() }}_onEachFeature(feature, layer) {
            {%- if this.highlight %}
            layer.on({
                mouseout: function(e) {
                    if (typeof e.target.setStyle === "function") {
                        {{ this.get_name() }}.resetStyle(e.target);
                    }
                },
                mouseover: function(e) {
                    if (typeof e.target.setStyle === "function") {
                        e.target.setStyle({{ this.get_name() }}_highlighter(e.target.feature));
                    }
                },
            });
            {%- endif %}
            {%- if this.report_clicks %}
            layer.on("click", {{ this.get_name() }}_report);
            {%- endif %}
        };
        {%- if this.report_clicks %}
        // streamlit-folium reports a click to Streamlit only after a 250 ms debounce (its
        // debouncedUpdateComponentValue), half the time budget of a drill-down. Once its own
        // click handler has recorded the click, send the same value at once, built with the
        // same keys in the same order; its debounced send then finds nothing new and stays
        // silent. Should the library change, the worst case is the usual debounced report
        // (and one extra rerun), never a wrong value.
        function {{ this.get_name() }}_report() {
            setTimeout(function() {
                var g = window.__GLOBAL_DATA__, keys = g && g.returned_objects;
                if (!keys || window.parent === window) { return; }
                var value = {};
                ["last_object_clicked", "last_active_drawing"].forEach(function(k) {
                    if (keys.indexOf(k) >= 0) { value[k] = g[k]; }
                });
                if (Object.keys(value).length !== keys.length) { return; }
                if (JSON.stringify(g.previous_data) === JSON.stringify(value)) { return; }
                g.previous_data = value;
                window.parent.postMessage({isStreamlitMessage: true,
                    type: "streamlit:setComponentValue", value: value, dataType: "json"}, "*");
            }, 0);
        }
        {%- endif %}
        var {{ this.get_name() }} = L.geoJson(null, {
                onEachFeature: {{ this.get_name() }}_onEachFeature,
            {%- if this.style %}
                style: {{ this.get_name() }}_styler,
            {%- else %}
                style: {{ this.fixed_style_js }},
            {%- endif %}
                ...{{ this.options | tojavascript }}
        });
        {%- if this.precision %}
        (function(fc, factor, layer) {
            // Decode polyline rings (see dashboard.map_builder.encode_ring) straight into
            // Leaflet LatLngs and build each polygon the way L.GeoJSON.addData does (style,
            // onEachFeature, addLayer), skipping the GeoJSON coordinate arrays that addData
            // would convert again: about 100,000 vertices fewer allocated twice.
            function ring(s) {
                var out = [], i = 0, x = 0, y = 0;
                while (i < s.length) {
                    var v = [0, 0];
                    for (var k = 0; k < 2; k++) {
                        var b, shift = 0, r = 0;
                        do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << shift; shift += 5; }
                        while (b >= 32);
                        v[k] = (r & 1) ? ~(r >> 1) : (r >> 1);
                    }
                    x += v[0]; y += v[1];
                    out.push(new L.LatLng(y / factor, x / factor));
                }
                return out;
            }
            var options = layer.options;
            fc.features.forEach(function(f) {
                var g = f.geometry;
                var latlngs = g.type === "Polygon" ? g.e.map(ring)
                    : g.e.map(function(p) { return p.map(ring); });
                var feature = {type: "Feature", id: f.id, properties: f.properties,
                               geometry: {type: g.type}};
                var polygon = new L.Polygon(latlngs, options);
                polygon.feature = feature;
                polygon.defaultOptions = polygon.options;
                layer.resetStyle(polygon);
                options.onEachFeature(feature, polygon);
                layer.addLayer(polygon);
            });
        })({{ this.data_js }}, {{ 10 ** this.precision }}, {{ this.get_name() }});
        {%- else %}
        {{ this.get_name() }}.addData({{ this.data_js }});
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        features: GeoFeatures,
        properties: Sequence[Mapping[str, object]],
        *,
        style_function: Callable[[dict], dict] | None = None,
        style: Mapping[str, object] | None = None,
        highlight: Mapping[str, object] | None = None,
        tooltip: folium.GeoJsonTooltip | None = None,
        name: str | None = None,
        report_clicks: bool = False,
        **options: object,
    ):
        if len(properties) != len(features):
            raise ValueError("one properties mapping per feature is needed")
        if (style_function is None) == (style is None):
            raise ValueError("give exactly one of style_function and style")
        data = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": code,
                    "properties": dict(props),
                    "geometry": _Geometry(text),
                }
                for code, props, text in zip(
                    features.codes, properties, features.geometries, strict=True
                )
            ],
        }
        # Leaflet highlight on hover is a fixed style here (one per layer), so it is passed
        # as a constant instead of a per-feature switch.
        super().__init__(data, style_function=style_function, tooltip=tooltip, name=name, **options)
        self._name = "GeoJson"
        self.fixed_style_js = js_json(dict(style or {}))
        self.highlight = highlight is not None
        self.highlight_style_js = js_json(dict(highlight or {}))
        self._bounds = [
            [features.bounds[1], features.bounds[0]],
            [features.bounds[3], features.bounds[2]],
        ]
        self.precision = features.precision
        self.report_clicks = report_clicks
        self._data_js: str | None = None
        self._style_cases_js: str | None = None
        self._styled = False

    @property
    def data_js(self) -> str:
        if self._data_js is None:
            parts = [
                '{"type":"Feature","id":'
                + js_json(f["id"])
                + ',"properties":'
                + js_json(f["properties"])
                + ',"geometry":'
                + f["geometry"].text
                + "}"
                for f in self.data["features"]
            ]
            self._data_js = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
        return self._data_js

    @property
    def style_cases_js(self) -> str:
        """The body of the style switch (``case "00004": case …: return {…};``), built once.

        Same table as folium's template renders from ``style_map``, without re-running the
        template loop over thousands of ids on every render.
        """
        if self._style_cases_js is None:
            self._ensure_style_map()
            lines = []
            for style, ids in self.style_map.items():
                if style == "default":
                    continue
                cases = " ".join(f"case {js_json(i)}:" for i in ids)
                lines.append(f"{cases} return {style};")
            lines.append(f"default: return {self.style_map['default']};")
            self._style_cases_js = "\n".join(lines)
        return self._style_cases_js

    def _ensure_style_map(self) -> None:
        if self.style and not self._styled and self.data["features"]:
            mapper = GeoJsonStyleMapper(self.data, self.feature_identifier, self)
            self.style_map = mapper.get_style_map(self.style_function)
            self._styled = True

    def _get_self_bounds(self) -> list[list[float]]:
        return self._bounds

    def render(self, **kwargs: object) -> None:
        """Like ``folium.GeoJson.render``, minus two costs that grow with the data.

        The style table is computed once, and the rendered script is added as a
        :class:`RawScript` instead of branca's ``Element(text)``, which would compile the
        multi-megabyte script as a Jinja template on every render (0.2 s per render for the
        all-communes map; streamlit-folium renders a map twice per run).
        """
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        self._ensure_style_map()
        if self.show:
            self.add_child(
                ElementAddToElement(self.get_name(), self._parent.get_name()),
                name=self.get_name() + "_add",
            )
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(RawScript(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class RawScript(Element):
    """Already-rendered text, added to a figure without being compiled as a template."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawScript"
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


# --- Map furniture: title, legend, footer ---------------------------------------------------------


class HtmlControl(MacroElement):
    """Fixed HTML (title, legend, footer) drawn as a Leaflet control inside the map.

    It is wrapped in a small layer that adds the control when the layer is added and removes
    it when the layer is removed, so it can live in a feature group that is swapped as a whole
    when the view changes (see :func:`view_layers`), or directly on a map. ``html`` must
    already be escaped; it is JSON-encoded into the script.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                var control = L.control({position: {{ this.position|tojson }}});
                control.onAdd = function() {
                    var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                    div.innerHTML = {{ this.html_js }};
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                this._control = control.addTo(map);
            },
            onRemove: function(map) {
                if (this._control) { map.removeControl(this._control); this._control = null; }
            }
        }))();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, position: str = "bottomright", css_class: str = "vn-box"):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html_text
        self.html_js = js_json(html_text)
        self.position = position
        self.css_class = css_class


class FitView(MacroElement):
    """Fits the map to ``bounds`` when added, once per ``view_key``.

    Part of the swappable view group: drilling down moves the map to the province, while
    re-adding the same view (e.g. when a commune gets selected) keeps the user's pan/zoom.
    The jump is not animated: an animated first zoom redraws every polygon several times.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                if (map._vnView !== {{ this.view_key|tojson }}) {
                    map._vnView = {{ this.view_key|tojson }};
                    map.fitBounds({{ this.bounds|tojson }}, {animate: false});
                }
            },
            onRemove: function(map) {}
        }))();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[float, float, float, float], view_key: str):
        super().__init__()
        self._name = "FitView"
        min_x, min_y, max_x, max_y = bounds
        self.bounds = [[min_y, min_x], [max_y, max_x]]
        self.view_key = view_key


MAP_CSS = """
<style>
.leaflet-container.leaflet-container { background: $BG;
  font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
.vn-box { background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); color: #222; font-size: 12px; line-height: 1.35;
  max-width: 260px; }
.vn-title { font-size: 14px; font-weight: 700; }
.vn-subtitle { font-size: 12px; color: #444; }
.vn-sample { color: #b00020; font-weight: 700; letter-spacing: .03em; }
.vn-legend table { border-collapse: collapse; margin-top: 3px; }
.vn-legend td { padding: 1px 4px 1px 0; vertical-align: middle; white-space: nowrap; }
.vn-legend td.n { color: #555; text-align: right; padding-left: 8px; }
.vn-swatch { display: inline-block; width: 22px; height: 13px; border: 1px solid #888;
  vertical-align: middle; }
.vn-swatch.nodata { border: 1.5px dashed $ND_EDGE;
  background-image: repeating-linear-gradient(45deg, transparent 0 3px,
  rgba(0,0,0,.22) 3px 4px); }
.vn-legend .vn-legend-title { font-weight: 700; }
.vn-legend .vn-legend-note { color: #555; margin-top: 3px; }
.vn-footer { font-size: 10.5px; color: #333; max-width: 300px; padding: 4px 7px; }
.leaflet-container path.vn-nodata { fill: url(#vn-nodata-hatch); }
.leaflet-tooltip table th { text-align: left; padding-right: 6px; color: #555;
  font-weight: 600; }
</style>
""".replace("$BG", BACKGROUND).replace("$ND_EDGE", NO_DATA_EDGE)


#: The hatch that fills "no data" units drawn as SVG (province views), like the legend swatch:
#: grey with dark diagonal lines. Canvas maps (all communes) use the plain grey and the dashed
#: outline only.
NO_DATA_PATTERN = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="vn-nodata-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{NO_DATA_COLOR}"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="1.5"/>'
    "</pattern></defs></svg>"
)


@dataclass(frozen=True)
class LegendRow:
    color: str
    label: str
    count: int
    no_data: bool = False


@dataclass(frozen=True)
class MapText:
    """Texts shown on a map, unescaped (the builder escapes them)."""

    title: str
    metric_label: str
    unit: str
    period: str
    source: str
    boundary_version: str
    lang: str = "vi"
    decimals: int = 1
    is_sample: bool = False
    scheme_label: str = ""
    breaks_label: str = ""


def format_value(value: float | None, decimals: int, unit: str, lang: str = "vi") -> str:
    """``"1.234,5 km²"``; "Không có số liệu" for a missing value (never "0")."""
    if value is None or pd.isna(value):
        return t("no_data", lang)
    number = fmt_number(float(value), decimals)
    if lang == "en":  # English readers expect 1,234.5
        number = number.replace(".", "\x00").replace(",", ".").replace("\x00", ",")
    return f"{number} {unit}".strip() if unit and unit != "%" else f"{number}{unit}"


def legend_rows(
    classes: Classes, values: pd.Series, *, decimals: int = 1, lang: str = "vi"
) -> list[LegendRow]:
    """One row per class (range, colour, units in it) and a last row for units without data."""
    counts, missing = classes.counts(values) if classes.k else ([], int(values.isna().sum()))
    rows = [
        LegendRow(color, label, count)
        for color, label, count in zip(
            classes.colors, legend_labels(classes, decimals, lang), counts, strict=True
        )
    ]
    rows.append(LegendRow(NO_DATA_COLOR, t("no_data", lang), missing, no_data=True))
    return rows


def legend_html(rows: Sequence[LegendRow], text: MapText) -> str:
    """The legend box: metric, unit and period, class ranges with counts, no-data class."""
    esc = html.escape
    head = f'<div class="vn-legend-title">{esc(text.metric_label)}</div>'
    sub = " · ".join(s for s in (text.unit, text.period) if s)
    if sub:
        head += f'<div class="vn-subtitle">{esc(sub)}</div>'
    body = []
    for row in rows:
        swatch_class = "vn-swatch nodata" if row.no_data else "vn-swatch"
        body.append(
            f'<tr><td><span class="{swatch_class}" style="background-color:{row.color}">'
            f"</span></td><td>{esc(row.label)}</td>"
            f'<td class="n">{esc(t("units_count", text.lang, n=fmt_number(row.count, 0)))}'
            "</td></tr>"
        )
    notes = " · ".join(s for s in (text.scheme_label, text.breaks_label) if s)
    foot = f'<div class="vn-legend-note">{esc(notes)}</div>' if notes else ""
    return f'<div class="vn-legend">{head}<table>{"".join(body)}</table>{foot}</div>'


def title_html(text: MapText) -> str:
    esc = html.escape
    parts = [f'<div class="vn-title">{esc(text.title)}</div>']
    period = f"{text.metric_label} ({text.period})" if text.period else text.metric_label
    parts.append(f'<div class="vn-subtitle">{esc(period)}</div>')
    if text.is_sample:
        parts.append(f'<div class="vn-sample">{esc(t("sample_banner", text.lang))}</div>')
    return "".join(parts)


def footer_html(text: MapText) -> str:
    esc = html.escape
    return (
        f"<div><b>{esc(t('boundary_version', text.lang))}:</b> {esc(text.boundary_version)}"
        f"</div><div><b>{esc(t('source', text.lang))}:</b> {esc(text.source)}</div>"
    )


# --- Styles -------------------------------------------------------------------------------------


def fill_style(
    color: str,
    *,
    no_data: bool = False,
    weight: float = 0.6,
    edge: str = EDGE_COLOR,
    opacity: float = 0.85,
) -> dict[str, object]:
    """Leaflet path style of one unit; the no-data style is grey with a dashed dark outline."""
    if no_data:
        return {
            "fillColor": NO_DATA_COLOR,
            "fillOpacity": opacity,
            "color": NO_DATA_EDGE,
            "weight": max(weight, 0.8),
            "dashArray": NO_DATA_DASH,
            "className": "vn-nodata",
        }
    return {"fillColor": color, "fillOpacity": opacity, "color": edge, "weight": weight}


def unit_properties(
    codes: Sequence[str],
    names: Mapping[str, str],
    values: pd.Series,
    *,
    decimals: int,
    unit: str,
    lang: str,
    categories: Sequence[str] = (),
) -> list[dict[str, str]]:
    """Per-unit properties embedded in the map: escaped name and formatted value (the code is
    the feature's ``id``, which is what a click returns). With ``categories`` a value is the
    integer code of its category and is shown by that category's name."""
    out = []
    for code in codes:
        value = values.get(code, np.nan)
        if categories:
            shown = category_name(value, categories, lang)
        else:
            shown = format_value(value, decimals, unit, lang)
        out.append({"name": html.escape(names.get(code, code)), "value": html.escape(shown)})
    return out


def category_name(value: float | None, categories: Sequence[str], lang: str = "vi") -> str:
    """The name of category ``value`` (an integer code), or "Không có số liệu"."""
    if value is None or pd.isna(value) or not float(value).is_integer():
        return t("no_data", lang)
    index = int(value)
    return categories[index] if 0 <= index < len(categories) else t("no_data", lang)


# --- Maps ---------------------------------------------------------------------------------------


#: Where the app's map starts before the first view is fitted (Viet Nam).
VIETNAM_BOUNDS = (102.1, 8.4, 109.5, 23.4)


def base_map(
    bounds: tuple[float, float, float, float] = VIETNAM_BOUNDS,
    *,
    basemap: str | None = None,
    height: int | str = "100%",
) -> folium.Map:
    """An empty map centred on ``bounds``, with no basemap unless ``basemap == "osm"``.

    It holds nothing that depends on the view, so the app can keep one map (one
    streamlit-folium iframe) for the whole session and swap :func:`view_layers` in and out.
    """
    min_x, min_y, max_x, max_y = bounds
    fmap = folium.Map(
        location=[(min_y + max_y) / 2, (min_x + max_x) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        height=height,
        zoom_snap=0.25,
    )
    if basemap == "osm":
        folium.TileLayer(OSM_TILES, attr=OSM_ATTR, name="OpenStreetMap").add_to(fmap)
    fmap.get_root().header.add_child(Element(MAP_CSS), name="vn_map_css")
    fmap.get_root().html.add_child(Element(NO_DATA_PATTERN), name="vn_nodata_pattern")
    return fmap


def view_layers(
    features: GeoFeatures,
    values: pd.Series,
    classes: Classes,
    names: Mapping[str, str],
    text: MapText,
    *,
    canvas: bool = False,
    outlines: GeoFeatures | None = None,
    edge_weight: float | None = None,
    view_key: str | None = None,
) -> folium.FeatureGroup:
    """Everything one view shows, as one feature group: the choropleth of ``values`` (float
    Series by code) over ``features`` with tooltips, optional ``outlines`` drawn on top
    (clicks go through), the title, legend and footer, and the fit to the view's bounds.

    ``classes`` gives breaks and colours (national breaks are passed in unchanged when a
    province is drawn, so colours compare across views). ``names`` maps code → display name
    (unescaped). ``canvas`` draws the units with Leaflet's canvas renderer (thousands of
    polygons); otherwise SVG paths (clickable elements, used by the browser tests).
    """
    values = pd.Series(values, dtype="float64")
    values.index = values.index.astype(str)
    values = values.reindex(list(features.codes))
    colors = dict(
        zip(
            features.codes,
            classes.colors_for(values) if classes.k else [NO_DATA_COLOR] * len(features),
            strict=True,
        )
    )
    missing = set(values.index[values.isna()])
    weight = edge_weight if edge_weight is not None else (0.2 if canvas else 0.5)
    styles = {
        code: fill_style(colors[code], no_data=code in missing, weight=weight)
        for code in features.codes
    }

    group = folium.FeatureGroup(name="view")
    # The fit comes first: Leaflet adds a group's layers in the order they joined it, and a
    # fit after the polygons were added re-projects every vertex at the new zoom. For the
    # all-communes map that second projection was half of the browser's drawing time.
    FitView(features.bounds, view_key or text.title).add_to(group)
    value_alias = f"{text.metric_label} ({text.period})" if text.period else text.metric_label
    tooltip = folium.GeoJsonTooltip(
        fields=["name", "value"],
        aliases=[html.escape(t("unit_name", text.lang)), html.escape(value_alias)],
        sticky=True,
    )
    renderer = {"renderer": JsCode("L.canvas({padding: 0.5})")} if canvas else {}
    CompactGeoJson(
        features,
        unit_properties(
            features.codes,
            names,
            values,
            decimals=text.decimals,
            unit=text.unit,
            lang=text.lang,
            categories=classes.category_labels,
        ),
        style_function=lambda feature: styles[feature["id"]],
        highlight={"weight": 2.5, "color": "#111111", "dashArray": ""},
        tooltip=tooltip,
        name="choropleth",
        report_clicks=True,
        **renderer,
    ).add_to(group)
    if outlines is not None:
        CompactGeoJson(
            outlines,
            [{} for _ in outlines.codes],
            style={"fill": False, "color": "#303030", "weight": 1.1, "opacity": 0.9},
            name="outlines",
            interactive=False,
            **renderer,
        ).add_to(group)

    HtmlControl(title_html(text), "topright", "vn-box vn-title-box").add_to(group)
    rows = legend_rows(classes, values, decimals=text.decimals, lang=text.lang)
    HtmlControl(legend_html(rows, text), "topright", "vn-box").add_to(group)
    HtmlControl(footer_html(text), "bottomright", "vn-box vn-footer").add_to(group)
    return group


def choropleth_map(
    features: GeoFeatures,
    values: pd.Series,
    classes: Classes,
    names: Mapping[str, str],
    text: MapText,
    *,
    canvas: bool = False,
    outlines: GeoFeatures | None = None,
    basemap: str | None = None,
    edge_weight: float | None = None,
) -> folium.Map:
    """A complete choropleth map: :func:`base_map` with :func:`view_layers` added.

    For a standalone map (saved HTML, tests); the app keeps one base map and passes the view
    layers to ``st_folium(feature_group_to_add=...)`` so that drilling down does not reload it.
    """
    fmap = base_map(features.bounds, basemap=basemap)
    view_layers(
        features,
        values,
        classes,
        names,
        text,
        canvas=canvas,
        outlines=outlines,
        edge_weight=edge_weight,
    ).add_to(fmap)
    return fmap


def selection_layer(features: GeoFeatures, code: str) -> folium.FeatureGroup:
    """A thick outline around the unit ``code``, for ``st_folium(feature_group_to_add=...)``.

    Non-interactive, so clicks reach the unit underneath. Drawn as a separate feature group
    so that selecting a unit does not rebuild (and re-zoom) the map.
    """
    group = folium.FeatureGroup(name="selection")
    if code in features.codes:
        index = features.codes.index(code)
        one = GeoFeatures(
            (code,), (features.geometries[index],), features.bounds, features.precision
        )
        CompactGeoJson(
            one,
            [{"code": code}],
            name="selected",
            interactive=False,
            style={"fill": False, "color": SELECTED_EDGE, "weight": 3.5, "opacity": 1.0},
        ).add_to(group)
    return group
