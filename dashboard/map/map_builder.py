"""Pure functions that build what the dashboard's map draws.

Nothing here touches Streamlit, so every map can be built and checked in unit tests.
:func:`view_payload` turns a view (units, values, classes, names, texts) into a
:class:`MapPayload`, which the map component (:mod:`dashboard.map.map_component`, a Leaflet map
in the page itself, no iframe) draws; the component keeps its map as long as the page shows
it and swaps the view in place, so drilling down neither reloads the map nor redraws what did
not change.
Rules kept here:

* values are joined to units **in Python by code**; a unit without a value gets the explicit
  "no data" style (grey, hatched in SVG maps, dashed dark outline) and is named in the legend
  with its count, never painted as 0 or black (``folium.Choropleth(key_on=...)`` does that);
* class breaks and colours come from :mod:`dashboard.core.classify` only;
* every text that reaches HTML is escaped with :func:`html.escape` (names, labels, sources);
  the payload is data (JSON parsed by ``JSON.parse``), never script;
* every map shows a title, a legend with class ranges and counts (and the no-data class), the
  boundary version and the source; tooltips give name, value with unit, and period;
* no asset is fetched from the internet (see :mod:`dashboard.core.offline`); a basemap is optional.

Geometry is encoded once per (layer, province) by :func:`encode_geometries` as compact
polyline text that the map decodes in the browser; only the small per-metric properties change
between maps. This keeps the all-communes map at about 1 MB (3 MB was the budget) and fast to
rebuild.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.core.classify import NO_DATA_COLOR, Classes
from dashboard.core.formatting import coverage_text, partial_label, partial_provinces_note
from dashboard.core.i18n import t
from dashboard.core.legend import NO_DATA, PARTIAL, LegendEntry, class_entries
from dashboard.core.numbers import with_unit
from loaders.metrics.derive import coverage_threshold, is_incomplete, is_partial

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
#: Units whose value rests on too few communes (below the coverage threshold) are drawn with
#: this hatch over white and a dotted outline: a partial value must not read as a full one.
PARTIAL_EDGE = "#6b4e16"
PARTIAL_HATCH = "#8c6d1f"
PARTIAL_DASH = "1 3"

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTR = "© OpenStreetMap contributors"


# --- Geometry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeoFeatures:
    """Units ready to embed in a map: codes and their geometry as compact JSON text.

    ``bounds`` is ``(min_lon, min_lat, max_lon, max_lat)`` in EPSG:4326. The rings of a
    geometry are encoded as polyline strings with ``precision`` decimals (see
    :func:`encode_ring`), which the map decodes in the browser (about a quarter of the size
    of GeoJSON).
    """

    codes: tuple[str, ...]
    geometries: tuple[str, ...] = field(repr=False)
    bounds: tuple[float, float, float, float]
    precision: int

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

    @functools.cached_property
    def digest(self) -> str:
        """A short hash of codes, precision and geometry: same digest, same drawing."""
        hasher = hashlib.sha1(f"{self.precision}|{len(self.codes)}".encode())
        for code, text in zip(self.codes, self.geometries, strict=True):
            hasher.update(code.encode())
            hasher.update(text.encode())
        return hasher.hexdigest()[:16]


def encode_geometries(
    frame: gpd.GeoDataFrame, decimals: int = 5, code_column: str = "code"
) -> GeoFeatures:
    """Encode the geometry of ``frame`` (EPSG:4326) as compact JSON text per unit.

    Coordinates are snapped to a ``10**-decimals`` degree grid (4 ≈ 11 m, enough for a country
    view; 5 ≈ 1 m for a province view); the layers themselves are not changed. Every ring is
    written as an encoded polyline string: the all-communes map shrinks from 2.0 MB of GeoJSON
    coordinates to about 0.5 MB, which is what the browser then has to receive, parse and
    evaluate.
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
    texts = [encode_geometry(g, decimals) for g in rounded]
    min_x, min_y, max_x, max_y = (float(v) for v in shapely.total_bounds(geometry))
    codes = tuple(str(c) for c in frame[code_column])
    return GeoFeatures(codes, tuple(texts), (min_x, min_y, max_x, max_y), decimals)


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


def encode_geometry(geometry, decimals: int) -> str:
    """One Polygon or MultiPolygon (EPSG:4326) as the map component's JSON text: its rings
    polyline-encoded with ``decimals`` decimals (:func:`encode_ring`)."""
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


# --- Map furniture: title, legend, footer ---------------------------------------------------------


MAP_CSS = """
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
.vn-swatch.partial { border: 1.5px dotted $PARTIAL_EDGE; background-color: #ffffff;
  background-image: repeating-linear-gradient(-45deg, transparent 0 2px,
  $PARTIAL_HATCH 2px 3.5px); }
.vn-map .leaflet-interactive:focus:not(:focus-visible) { outline: none; }
.vn-swatch.vn-line { height: 0; border: 0; background: none; margin-bottom: 4px; }
.vn-legend .vn-legend-title { font-weight: 700; }
.vn-legend .vn-legend-note { color: #555; margin-top: 3px; }
.vn-footer { font-size: 10.5px; color: #333; max-width: 300px; padding: 4px 7px; }
.leaflet-container path.vn-nodata { fill: url(#vn-nodata-hatch); }
.leaflet-container path.vn-partial { fill: url(#vn-partial-hatch); }
.leaflet-tooltip table th { text-align: left; padding-right: 6px; color: #555;
  font-weight: 600; }
.vn-map { min-height: 320px; border-radius: 4px; }
.vn-map-above, .vn-map-below { display: flex; flex-wrap: wrap; gap: 6px 10px;
  align-items: flex-start; }
.vn-map-above { margin-bottom: 6px; }
.vn-map-below { margin-top: 6px; }
.vn-map-frame .vn-box { max-width: none; box-shadow: 0 0 0 1px rgba(0,0,0,0.15); }
.vn-map-frame .vn-footer { flex: 1 1 220px; }
.vn-legend summary { cursor: pointer; }
.vn-legend:not([open]) summary { margin-bottom: 0; }
.vn-map .leaflet-pane.leaflet-vnTooltips-pane { z-index: 1100; pointer-events: none; }
.vn-island-label { pointer-events: none; }
.vn-island-label > div { position: absolute; left: 0; top: 0; pointer-events: none;
  background: rgba(255,255,255,0.85); box-shadow: 0 0 2px rgba(0,0,0,0.35); border-radius: 3px;
  color: #0b3557; font-style: italic; font-weight: 600; font-size: 11.5px; line-height: 1.25;
  padding: 1px 5px; text-align: center; white-space: nowrap; }
.vn-island-label > div.vn-island-bottom { transform: translate(-50%, 4px); }
.vn-island-label > div.vn-island-top { transform: translate(-50%, calc(-100% - 4px)); }
""".replace("$BG", BACKGROUND).replace("$ND_EDGE", NO_DATA_EDGE)
MAP_CSS = MAP_CSS.replace("$PARTIAL_EDGE", PARTIAL_EDGE).replace("$PARTIAL_HATCH", PARTIAL_HATCH)


#: The hatch that fills "no data" units drawn as SVG (province views), like the legend swatch:
#: grey with dark diagonal lines. Canvas maps (all communes) use the plain grey and the dashed
#: outline only.
NO_DATA_PATTERN = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="vn-nodata-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{NO_DATA_COLOR}"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="1.5"/>'
    "</pattern>"
    # Partial values (too few communes with data): brown hatch over white, unlike no data.
    '<pattern id="vn-partial-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(-45)">'
    '<rect width="5" height="5" fill="#ffffff"/>'
    f'<line x1="0" y1="0" x2="0" y2="5" stroke="{PARTIAL_HATCH}" stroke-width="1.6"/>'
    "</pattern></defs></svg>"
)


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
    coverage_label: str = ""


def legend_rows(
    classes: Classes,
    values: pd.Series,
    *,
    decimals: int = 1,
    lang: str = "vi",
    partial: pd.Series | None = None,
    threshold: float | None = None,
) -> list[LegendEntry]:
    """The legend of the map page (:func:`dashboard.core.legend.class_entries`, as in print):
    a row per class, a row for units drawn as partial (``partial``: booleans by code; only
    when some are, the threshold in percent of communes) and a last row for units without
    data."""
    flags = (
        None
        if partial is None
        else partial.reindex(values.index).fillna(False).astype(bool).to_numpy()
    )
    limit = coverage_threshold() if threshold is None else threshold
    return class_entries(
        classes,
        [values.to_numpy(dtype=float, na_value=np.nan)],
        decimals,
        lang,
        partial=flags,
        partial_text=partial_label(limit, lang),
    )


def legend_html(rows: Sequence[LegendEntry], text: MapText) -> str:
    """The legend box: metric, unit and period, class ranges with counts, no-data class."""
    esc = html.escape
    # A <details>: the legend can be folded away (on a phone it takes a screen of its own).
    head = f'<summary class="vn-legend-title">{esc(text.metric_label)}</summary>'
    sub = " · ".join(s for s in (text.unit, text.period) if s)
    if sub:
        head += f'<div class="vn-subtitle">{esc(sub)}</div>'
    body = []
    for row in rows:
        swatch_class = {NO_DATA: "vn-swatch nodata", PARTIAL: "vn-swatch partial"}.get(
            row.kind, "vn-swatch"
        )
        body.append(
            f'<tr><td><span class="{swatch_class}" style="background-color:{css_color(row.fill)}">'
            f"</span></td><td>{esc(row.label)}</td>"
            f'<td class="n">{esc(t("units_count", text.lang, count=row.count))}'
            "</td></tr>"
        )
    notes = " · ".join(s for s in (text.scheme_label, text.breaks_label, text.coverage_label) if s)
    foot = f'<div class="vn-legend-note">{esc(notes)}</div>' if notes else ""
    return f'<details class="vn-legend" open>{head}<table>{"".join(body)}</table>{foot}</details>'


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


_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def css_color(value: str) -> str:
    """``value`` if it is a ``#rrggbb`` colour, the only form that may reach a style attribute
    or a Leaflet style (colours come from the palettes, never from users; this keeps it so)."""
    if not _HEX_COLOR.fullmatch(str(value)):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return str(value)


def fill_style(
    color: str,
    *,
    no_data: bool = False,
    weight: float = 0.6,
    edge: str = EDGE_COLOR,
    opacity: float = 0.85,
    partial: bool = False,
) -> dict[str, object]:
    """Leaflet path style of one unit; the no-data style is grey with a dashed dark outline,
    the partial style (value from too few communes) a brown hatch with a dotted outline."""
    if partial and not no_data:
        return {
            "fillColor": "#ffffff",
            "fillOpacity": opacity,
            "color": PARTIAL_EDGE,
            "weight": max(weight, 1.0),
            "dashArray": PARTIAL_DASH,
            "className": "vn-partial",
        }
    if no_data:
        return {
            "fillColor": NO_DATA_COLOR,
            "fillOpacity": opacity,
            "color": NO_DATA_EDGE,
            "weight": max(weight, 0.8),
            "dashArray": NO_DATA_DASH,
            "className": "vn-nodata",
        }
    return {
        "fillColor": css_color(color),
        "fillOpacity": opacity,
        "color": css_color(edge),
        "weight": weight,
    }


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
            shown = with_unit(value, unit, lang, decimals)
        out.append({"name": html.escape(names.get(code, code)), "value": html.escape(shown)})
    return out


def category_name(value: float | None, categories: Sequence[str], lang: str = "vi") -> str:
    """The name of category ``value`` (an integer code), or "Không có số liệu"."""
    if value is None or pd.isna(value) or not float(value).is_integer():
        return t("no_data", lang)
    index = int(value)
    return categories[index] if 0 <= index < len(categories) else t("no_data", lang)


# --- The map payload ----------------------------------------------------------------------------

#: Hover style of a unit (one for every layer).
HIGHLIGHT = {"weight": 2.5, "color": "#111111", "dashArray": ""}
OUTLINE_STYLE = {"fill": False, "color": "#303030", "weight": 1.1, "opacity": 0.9}
SELECTION_STYLE = {"fill": False, "color": SELECTED_EDGE, "weight": 3.5, "opacity": 1.0}


@dataclass(frozen=True)
class MapPayload:
    """What the map component draws for one view (see ``dashboard/map/map_component.js``).

    ``spec`` is small JSON-ready data: the view's key and bounds (``[[south, west], [north,
    east]]``, EPSG:4326), the units (codes, style index, escaped tooltip texts), outlines,
    selection, press badges, map furniture (escaped HTML) and the basemap. ``geometries``
    holds, per part (``units``, ``outlines``, ``selection``), the encoded geometry texts of
    :class:`GeoFeatures`, in the order of the spec's codes; :meth:`to_bytes` splices them into
    the JSON as they are instead of decoding and re-encoding about 1 MB of text per run.
    """

    spec: dict[str, object]
    geometries: dict[str, tuple[str, ...]] = field(repr=False)

    def to_bytes(self) -> bytes:
        """UTF-8 JSON ``{"id": …, "spec": …, "geometries": {part: [geometry, …]}}``.

        ``id`` (first, so the map can read it without parsing the rest) is a hash of the
        whole payload: a rerun that sends the same map again is not redrawn.
        """
        parts = ",".join(
            json.dumps(name) + ":[" + ",".join(texts) + "]"
            for name, texts in self.geometries.items()
        )
        spec = json.dumps(self.spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        body = '"spec":' + spec + ',"geometries":{' + parts + "}}"
        digest = hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
        return ('{"id":"' + digest + '",' + body).encode("utf-8")


def view_payload(
    features: GeoFeatures,
    values: pd.Series,
    classes: Classes,
    names: Mapping[str, str],
    text: MapText,
    *,
    view_key: str,
    canvas: bool = False,
    outlines: GeoFeatures | None = None,
    selected: str | None = None,
    badges: Mapping[str, object] | None = None,
    basemap: bool = False,
    edge_weight: float | None = None,
    coverage: pd.DataFrame | None = None,
    threshold: float | None = None,
    labels: Sequence[Mapping[str, object]] = (),
) -> MapPayload:
    """Everything one view shows: the choropleth of ``values`` (float Series by code) over
    ``features`` with tooltips, optional ``outlines`` drawn on top (clicks go through), the
    ``selected`` unit's outline, press ``badges`` (:func:`dashboard.map.reported_layer.badges`),
    permanent place ``labels`` (:func:`archipelago_labels`), the title, legend and footer,
    and the fit to the view's bounds (once per ``view_key``).

    ``classes`` gives breaks and colours (national breaks are passed in unchanged when a
    province is drawn, so colours compare across views). ``names`` maps code → display name
    (unescaped). ``canvas`` draws the units on one canvas (thousands of polygons: the
    component's CanvasUnits layer, province outlines included); otherwise SVG paths
    (clickable elements, hatched no-data units).

    ``coverage`` (by code: ``n_with_data``, ``n_units``; e.g. the provinces of a store
    metric, :func:`dashboard.core.service_metrics.coverage`) says what each aggregated value rests
    on: a unit with data for fewer than all its communes gets "3/56 xã, phường có số liệu"
    in its tooltip and the legend counts such units; one below ``threshold`` percent
    (default :func:`~loaders.metrics.derive.coverage_threshold`) is drawn hatched as
    partial, with its own legend row.
    """
    values = pd.Series(values, dtype="float64")
    values.index = values.index.astype(str)
    values = values.reindex(list(features.codes))
    colors = classes.colors_for(values) if classes.k else [NO_DATA_COLOR] * len(features)
    weight = edge_weight if edge_weight is not None else (0.2 if canvas else 0.5)
    limit = coverage_threshold() if threshold is None else threshold
    covered = _coverage_pairs(coverage, features.codes)
    incomplete = pd.Series(
        [is_incomplete(*covered[c]) if c in covered else False for c in features.codes],
        index=values.index,
        dtype=bool,
    )
    partial = (
        pd.Series(
            [is_partial(*covered[c], limit) if c in covered else False for c in features.codes],
            index=values.index,
            dtype=bool,
        )
        & values.notna()
    )
    styles: list[dict[str, object]] = []
    style_index: dict[tuple[str, bool, bool], int] = {}
    unit_styles = []
    for color, missing, part in zip(colors, values.isna(), partial, strict=True):
        key = (str(color), bool(missing), bool(part))
        if key not in style_index:
            style_index[key] = len(styles)
            styles.append(fill_style(key[0], no_data=key[1], weight=weight, partial=key[2]))
        unit_styles.append(style_index[key])
    value_alias = f"{text.metric_label} ({text.period})" if text.period else text.metric_label
    props = unit_properties(
        features.codes,
        names,
        values,
        decimals=text.decimals,
        unit=text.unit,
        lang=text.lang,
        categories=classes.category_labels,
    )
    units: dict[str, object] = {
        "codes": list(features.codes),
        "precision": features.precision,
        "canvas": canvas,
        "styles": styles,
        "style": unit_styles,
        "props": [
            [p["name"], p["value"]]
            + ([html.escape(coverage_text(*covered[c], text.lang))] if incomplete[c] else [])
            for p, c in zip(props, features.codes, strict=True)
        ],
        "tooltip": [html.escape(t("unit_name", text.lang)), html.escape(value_alias)]
        + ([html.escape(t("coverage_tooltip", text.lang))] if incomplete.any() else []),
        "highlight": HIGHLIGHT,
    }
    # Same id, same drawing: the map keeps its units layer (a selection only adds a line).
    units["id"] = _digest(features.digest, units)
    rows = legend_rows(
        classes, values, decimals=text.decimals, lang=text.lang, partial=partial, threshold=limit
    )
    if incomplete.any() and not text.coverage_label:
        # "2/34 tỉnh, thành phố tính từ số liệu chưa đủ": said in the legend itself.
        label = partial_provinces_note(int(incomplete.sum()), len(features), text.lang)
        text = dataclasses.replace(text, coverage_label=label)
    min_x, min_y, max_x, max_y = features.bounds
    spec: dict[str, object] = {
        "view": view_key,
        "bounds": [[min_y, min_x], [max_y, max_x]],
        "basemap": {"url": OSM_TILES, "attribution": OSM_ATTR} if basemap else None,
        "units": units,
        "outlines": None,
        "selection": None,
        "badges": dict(badges) if badges else None,
        "labels": [dict(label) for label in labels] or None,
        "controls": [
            # "above" / "below" the map, never on it (map_component.js)
            _control(title_html(text), "above", "vn-box vn-title-box"),
            _control(legend_html(rows, text), "below", "vn-box vn-legend-box"),
            _control(footer_html(text), "below", "vn-box vn-footer"),
        ],
    }
    geometries = {"units": features.geometries}
    if outlines is not None:
        spec["outlines"] = {"precision": outlines.precision, "style": OUTLINE_STYLE}
        geometries["outlines"] = outlines.geometries
    if selected is not None and selected in features.codes:
        spec["selection"] = {
            "code": selected,
            "precision": features.precision,
            "style": SELECTION_STYLE,
        }
        geometries["selection"] = (features.geometries[features.codes.index(selected)],)
    return MapPayload(spec, geometries)


# --- Archipelago names ---------------------------------------------------------------------------

#: Which side of its anchor each archipelago's name goes: below Hoàng Sa and above Trường Sa,
#: into the open sea between the two, where the names stay inside the fitted map (the title,
#: legend and footer are outside it; once they were on it, top and bottom right).
ARCHIPELAGO_SIDE = {"hoang_sa": "bottom", "truong_sa": "top"}


@dataclass(frozen=True)
class ArchipelagoAnchor:
    """Where an archipelago's name is pinned (EPSG:4326): on a country view, a point on one
    of its islands at the side given by :data:`ARCHIPELAGO_SIDE` (``lon``, ``lat``); on its
    province's view, where the archipelago fills much of the map and its edges run under the
    map's title, legend or footer, the island point nearest the middle of its extent
    (``mid_lon``, ``mid_lat``), with the name below it. ``province``: its 2-digit code."""

    key: str  # "hoang_sa" | "truong_sa"
    lon: float
    lat: float
    province: str  # 2-digit code
    mid_lon: float | None = None
    mid_lat: float | None = None


def archipelago_anchor(key: str, geometry, province: str) -> ArchipelagoAnchor:
    """The anchor of archipelago ``key`` from its unit's (multi)polygon: the point of the
    islands nearest to the middle of the bounding box's edge on the label's side, so the
    name sits beside the archipelago rather than over its other islands."""
    min_x, min_y, max_x, max_y = shapely.bounds(geometry)
    edge_y = min_y if ARCHIPELAGO_SIDE[key] == "bottom" else max_y
    mid_x, mid_y = (min_x + max_x) / 2, (min_y + max_y) / 2
    edge = shapely.shortest_line(geometry, shapely.Point(mid_x, edge_y)).coords[0]
    mid = shapely.shortest_line(geometry, shapely.Point(mid_x, mid_y)).coords[0]
    return ArchipelagoAnchor(
        key,
        round(float(edge[0]), 5),
        round(float(edge[1]), 5),
        province,
        round(float(mid[0]), 5),
        round(float(mid[1]), 5),
    )


def archipelago_labels(
    anchors: Mapping[str, ArchipelagoAnchor], lang: str, province: str | None = None
) -> list[dict[str, object]]:
    """The permanent names of the archipelagos for a map payload, by unit code: all of them
    on a country view (``province`` None), only the province's own on a province view
    (pinned at the middle of the archipelago, see :class:`ArchipelagoAnchor`).

    Sovereignty convention: a map of the whole country shows and names Hoàng Sa and Trường
    Sa. Texts are escaped here, like every other HTML text of the payload.
    """
    labels: list[dict[str, object]] = []
    for code, anchor in sorted(anchors.items()):
        if province is not None and anchor.province != province:
            continue
        lines = (t(f"archipelago_{anchor.key}", lang), t(f"archipelago_{anchor.key}_of", lang))
        mid = province is not None and anchor.mid_lat is not None
        labels.append(
            {
                "code": code,
                "lat": anchor.mid_lat if mid else anchor.lat,
                "lon": anchor.mid_lon if mid else anchor.lon,
                "side": "bottom" if mid else ARCHIPELAGO_SIDE[anchor.key],
                "lines": [html.escape(line) for line in lines],
            }
        )
    return labels


def _coverage_pairs(
    coverage: pd.DataFrame | None, codes: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """code → (communes with data, communes) for the ``codes`` that ``coverage`` has."""
    if coverage is None or coverage.empty:
        return {}
    frame = coverage.copy()
    frame.index = frame.index.astype(str)
    frame = frame[frame.index.isin(set(codes))]
    return {
        str(code): (int(n), int(total))
        for code, n, total in zip(frame.index, frame["n_with_data"], frame["n_units"], strict=True)
    }


def _control(html_text: str, position: str, css_class: str) -> dict[str, str]:
    """A fixed box on the map (``html_text`` already escaped)."""
    return {"html": html_text, "position": position, "className": css_class}


def _digest(geometry_digest: str, units: Mapping[str, object]) -> str:
    text = json.dumps(units, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1((geometry_digest + text).encode("utf-8")).hexdigest()[:16]
