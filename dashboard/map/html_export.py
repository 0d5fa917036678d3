"""Standalone interactive maps: one HTML file, built with folium, that opens from disk with no
internet and no server.

Leaflet's script and styles (1.9.3, from the ``xstatic-leaflet`` package, see
:func:`dashboard.core.offline.leaflet_source_dir`) are written into the file itself; folium's
default CDN links (Leaflet, jQuery, Bootstrap, Font Awesome) are dropped, and the maps use no
basemap, no branca colormap and no plugin that fetches anything.

The file carries what the printed map carries (:class:`~dashboard.export.texts.MapTexts`:
title, subtitle, sample mark, source, period, boundary version, notes) and the legend of
:mod:`dashboard.core.legend`, in the page's language; tooltips give the unit's name and value.
Every text from data is escaped here; the GeoJSON is embedded by folium as JSON with ``<``,
``>`` and ``&`` escaped, so no text can end the script it sits in.

Layout: the title above the map, the legend and footer beside it on a wide screen, below it on
a phone. :func:`map_page_html` builds the map page's view; the compare page's views are in
:mod:`dashboard.compare.html_export`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from functools import cache

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from dashboard.core.classify import Classes
from dashboard.core.formatting import partial_label
from dashboard.core.i18n import t
from dashboard.core.legend import AREA, LINE, NO_DATA, PARTIAL, LegendEntry
from dashboard.core.numbers import with_unit
from dashboard.core.offline import leaflet_source_dir
from dashboard.export.texts import MapTexts
from dashboard.map.map_builder import (
    HIGHLIGHT,
    MAP_CSS,
    NO_DATA_PATTERN,
    archipelago_anchor,
    archipelago_labels,
    category_name,
    css_color,
    fill_style,
    legend_rows,
)
from loaders.compare_units import archipelago_frame
from loaders.metrics.derive import coverage_threshold

#: One province's communes: simplified to about 10 m and rounded to 4 decimals (about 11 m),
#: finer than anything visible at the zoom that shows a province whole.
PROVINCE_TOLERANCE = 0.0001
PROVINCE_DECIMALS = 4
#: Country views (3,321 communes, or the 34 provinces): the "light" layer (0.003°) rounded to
#: 3 decimals (about 110 m); the whole file stays a few MB.
COUNTRY_TOLERANCE = 0.0
COUNTRY_DECIMALS = 3

#: Page layout. Wide screens: title row, then map(s) and a 300 px side column (legend,
#: footer); phones: everything in one column, each map a share of the screen's height.
PAGE_CSS = """
html, body { height: 100%; margin: 0; padding: 0; }
body { display: grid; box-sizing: border-box; padding: 8px; gap: 8px; background: #f6f7f9;
  grid-template-rows: auto minmax(0, 1fr); font-family: "Noto Sans", "DejaVu Sans", Arial,
  sans-serif; color: #222; }
.vn-page-head { grid-area: head; }
.vn-page-side { grid-area: side; overflow: auto; display: flex; flex-direction: column;
  gap: 8px; }
.vn-page-side .vn-box, .vn-page-head.vn-box { max-width: none; }
.folium-map { border-radius: 4px; box-shadow: 0 0 0 1px rgba(0,0,0,0.15); min-height: 0; }
.vn-caption { font-weight: 700; }
.vn-line { display: inline-block; width: 22px; height: 13px; vertical-align: middle; }
.vn-note { color: #555; }
.vn-footer div + div { margin-top: 2px; }
@media (max-width: 760px) {
  html, body { height: auto; }
  body { display: flex; flex-direction: column; }
  .vn-page-head { order: 0; }
  .folium-map { order: 1; flex: none; }
  .vn-page-side { order: 2; overflow: visible; }
}
"""

#: Leaflet styles of the lines drawn over units: not interactive, so hovers reach the units.
TOOLTIP_OPTIONS = {"sticky": True}


# --- The page ---------------------------------------------------------------------------------


class StandalonePage(Figure):
    """The HTML document: language, escaped title, then folium's header, body and scripts."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>{{ this.escaped_title }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "</body>\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</html>\n"
    )

    def __init__(self, title: str, lang: str) -> None:
        super().__init__()
        self.lang = "en" if lang == "en" else "vi"
        self.escaped_title = html.escape(title)


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's script and style sheet, as text, from the installed ``xstatic-leaflet``."""
    source = leaflet_source_dir()
    return (
        (source / "leaflet.js").read_text(encoding="utf-8"),
        (source / "leaflet.css").read_text(encoding="utf-8"),
    )


def new_page(title: str, lang: str, areas: Sequence[str]) -> StandalonePage:
    """An empty page with Leaflet inlined, the map styles and a grid of map ``areas``
    (one per map, left to right) beside a side column."""
    page = StandalonePage(title, lang)
    script, styles = leaflet_assets()
    # "</" cannot occur in Leaflet's code or styles, but a script element must never be ended
    # early by what it holds; check rather than trust.
    if "</script" in script.lower() or "</style" in styles.lower():
        raise ValueError("Leaflet's files cannot be inlined as they are")
    page.header.add_child(Element(f"<style>{styles}</style>"), name="leaflet_css")
    page.header.add_child(Element(f"<script>{script}</script>"), name="leaflet_js")
    head = " ".join(["head"] * (len(areas) + 1))
    row = " ".join([*areas, "side"])
    columns = " ".join(["minmax(0, 1fr)"] * len(areas) + ["300px"])
    grid = f"body {{ grid-template-areas: '{head}' '{row}'; grid-template-columns: {columns}; }}"
    page.header.add_child(Element(f"<style>{MAP_CSS}{PAGE_CSS}{grid}</style>"), name="vn_css")
    page.html.add_child(Element(NO_DATA_PATTERN), name="vn_patterns")
    return page


def new_map(
    page: StandalonePage,
    area: str,
    bounds: tuple[float, float, float, float],
    *,
    canvas: bool = False,
    phone_height: str = "62vh",
) -> folium.Map:
    """A folium map without basemap or CDN links, placed in grid ``area`` of ``page`` and
    fitted to ``bounds`` (min lon, min lat, max lon, max lat). ``canvas``: draw vector layers
    on one canvas (thousands of units)."""
    min_x, min_y, max_x, max_y = bounds
    fmap = folium.Map(
        location=[(min_y + max_y) / 2, (min_x + max_x) / 2],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        prefer_canvas=canvas,
    )
    # Instance attributes shadow folium's class lists of CDN links: Leaflet is inlined.
    fmap.default_js = []
    fmap.default_css = []
    page.add_child(fmap, name=area)
    name = fmap.get_name()
    page.header.add_child(
        Element(
            f"<style>#{name} {{ grid-area: {area}; height: 100%; width: 100%; }}"
            f"@media (max-width: 760px) {{ #{name} {{ height: {phone_height}; }} }}</style>"
        ),
        name=f"css_{area}",
    )
    fmap.add_child(FitBounds([[min_y, min_x], [max_y, max_x]]))
    return fmap


def page_bytes(page: StandalonePage) -> bytes:
    """The whole document, UTF-8."""
    return page.render().encode("utf-8")


class FitBounds(MacroElement):
    """Fit the map to ``bounds`` (``[[south, west], [north, east]]``) without animation: the
    map opens still, ready to be dragged (folium's ``fit_bounds`` animates the first zoom).
    Fitted again once the page is laid out: the legend column, added after the maps, narrows
    them, and Leaflet does not notice its container shrinking (the units sat off centre)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, bounds = {{ this.bounds|tojson }};
          function fit() {
            map.invalidateSize({pan: false});
            map.fitBounds(bounds, {animate: false});
          }
          fit();
          window.addEventListener('load', fit);
        })();
        {% endmacro %}"""
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitBounds"
        self.bounds = bounds


class BoxControl(MacroElement):
    """A static Leaflet control holding ``inner`` HTML (already escaped by the caller)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(){
          var c = L.control({position: {{ this.position|tojson }}});
          c.onAdd = function(){
            var d = L.DomUtil.create('div', 'vn-box');
            d.innerHTML = {{ this.inner|tojson }};
            L.DomEvent.disableClickPropagation(d);
            return d;
          };
          c.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}"""
    )

    def __init__(self, inner: str, position: str) -> None:
        super().__init__()
        self._name = "BoxControl"
        self.inner = inner
        self.position = position


def name_marker(name: Mapping[str, object]) -> folium.Marker:
    """A permanent name (:func:`dashboard.map.map_builder.archipelago_labels`: lines already
    escaped) beside its point; not interactive, so hovers reach the units under it."""
    side = "top" if name["side"] == "top" else "bottom"
    lines = "<br>".join(str(line) for line in name["lines"])  # type: ignore[union-attr]
    icon = folium.DivIcon(
        html=f'<div class="vn-island-{side}">{lines}</div>',
        icon_size=(0, 0),
        icon_anchor=(0, 0),
        class_name="vn-island-label",
    )
    return folium.Marker([name["lat"], name["lon"]], icon=icon, interactive=False, keyboard=False)


# --- Geometry ----------------------------------------------------------------------------------


def slim_geometries(geoms: Sequence, tolerance: float, decimals: int) -> list:
    """``geoms`` simplified (``tolerance`` degrees, 0 for none) and rounded to ``decimals``
    places, as GeoJSON geometry dicts (None for an empty one). Rounded with NumPy, so each
    coordinate prints as its shortest decimal text ("105.8275", not "105.82750000000001")."""
    array = np.asarray(list(geoms), dtype=object)
    if tolerance:
        array = shapely.simplify(array, tolerance, preserve_topology=True)
    array = shapely.transform(array, lambda xy: np.round(xy, decimals))
    out = []
    for geom in array:
        if geom is None or shapely.is_empty(geom):
            out.append(None)
        else:
            out.append(json.loads(shapely.to_geojson(geom)))
    return out


def collection(features: Sequence[tuple[str, dict | None, str]]) -> dict:
    """A FeatureCollection of ``(id, geometry, tip)``: the id is the unit's code (a string);
    the only property is ``tip``, the tooltip's escaped HTML. Empty geometries are left out."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "geometry": geometry, "properties": {"tip": tip}}
            for code, geometry, tip in features
            if geometry is not None
        ],
    }


def add_units(
    fmap: folium.Map, data: dict, styles: Mapping[str, Mapping[str, object]], name: str
) -> None:
    """Interactive units: ``styles`` by feature id, a darker edge on hover, the ``tip``
    property as tooltip."""
    folium.GeoJson(
        data,
        name=name,
        style_function=lambda feature: dict(styles[feature["id"]]),
        highlight_function=lambda _: dict(HIGHLIGHT),
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, **TOOLTIP_OPTIONS),
        smooth_factor=0.5,
    ).add_to(fmap)


def add_lines(fmap: folium.Map, data: dict, style: Mapping[str, object], name: str) -> None:
    """Lines or outlines that take no pointer (hovers and tooltips reach the units below)."""
    if not data.get("features"):
        return
    folium.GeoJson(data, name=name, style_function=lambda _: dict(style), interactive=False).add_to(
        fmap
    )


# --- Texts -------------------------------------------------------------------------------------


def title_box(texts: MapTexts) -> str:
    """Title, subtitle and the sample-data mark (escaped HTML)."""
    esc = html.escape
    parts = [f'<div class="vn-title">{esc(texts.title)}</div>']
    if texts.subtitle:
        parts.append(f'<div class="vn-subtitle">{esc(texts.subtitle)}</div>')
    if texts.is_sample:
        parts.append(f'<div class="vn-sample">{esc(t("export.sample", texts.lang))}</div>')
    return "".join(parts)


def footer_box(texts: MapTexts, day: date | None = None) -> str:
    """Source, period, boundary version, export date and notes, one line each (escaped)."""
    return "".join(f"<div>{html.escape(line)}</div>" for line in texts.footer_lines(day))


def legend_box(
    rows: Sequence[LegendEntry], title: str, lang: str, *, counted: bool, subtitle: str = ""
) -> str:
    """The legend (escaped HTML): a swatch and label per row, with the number of units when
    ``counted``; area rows as on the map page (hatched no data, partial), line rows as a
    short line of their colour and dash."""
    esc = html.escape
    head = f'<div class="vn-legend-title">{esc(title)}</div>'
    if subtitle:
        head += f'<div class="vn-subtitle">{esc(subtitle)}</div>'
    body = []
    for row in rows:
        if row.kind == LINE:
            dash = " ".join(f"{d:g}" for d in row.dash) if row.dash else "none"
            swatch = (
                '<svg class="vn-line" viewBox="0 0 22 13" aria-hidden="true">'
                f'<line x1="1" y1="6.5" x2="21" y2="6.5" stroke="{css_color(row.line or "")}" '
                f'stroke-width="2" stroke-dasharray="{dash}"/></svg>'
            )
        else:
            kind = {NO_DATA: "vn-swatch nodata", PARTIAL: "vn-swatch partial"}.get(
                row.kind, "vn-swatch"
            )
            fill = css_color(row.fill or "#ffffff")
            swatch = f'<span class="{kind}" style="background-color:{fill}"></span>'
        count = ""
        if counted and row.kind != LINE and row.kind != AREA:
            count = f'<td class="n">{esc(t("units_count", lang, count=row.count))}</td>'
        body.append(f"<tr><td>{swatch}</td><td>{esc(row.label)}</td>{count}</tr>")
    return f'<div class="vn-legend">{head}<table>{"".join(body)}</table></div>'


def side_column(legend: str, footer: str) -> str:
    return (
        '<div class="vn-page-side">'
        f'<div class="vn-box vn-legend-box">{legend}</div>'
        f'<div class="vn-box vn-footer">{footer}</div></div>'
    )


# --- The map page's view -----------------------------------------------------------------------


def map_page_html(
    units: gpd.GeoDataFrame,
    values: pd.Series,
    classes: Classes,
    texts: MapTexts,
    names: Mapping[str, str],
    *,
    decimals: int = 1,
    province: str | None = None,
    partial: Collection[str] = (),
    threshold: float | None = None,
    day: date | None = None,
) -> bytes:
    """The map page's view as one standalone HTML file (UTF-8 bytes).

    ``units``: the units drawn (``code`` strings, geometry in EPSG:4326): the 34 provinces,
    one province's communes (``province``, its 2-digit code) or all communes. ``values`` by
    code (NaN = no data: drawn grey and hatched, "Không có số liệu" in its tooltip, never 0);
    ``classes`` the page's breaks and colours; ``texts`` from
    :func:`dashboard.export.default_texts`; ``names`` code → display name in the page's
    language. ``partial``: codes drawn hatched as partial values (too few communes with data,
    below ``threshold`` percent), as on screen.
    """
    lang = texts.lang
    codes = units["code"].astype(str).tolist()
    shown = pd.Series(values, dtype="float64")
    shown.index = shown.index.astype(str)
    shown = shown.reindex(codes)
    flags = np.array([c in set(partial) for c in codes]) & shown.notna().to_numpy()
    country = province is None
    many = len(codes) > 500  # all communes: one canvas, coarser coordinates
    tolerance, places = (
        (COUNTRY_TOLERANCE, COUNTRY_DECIMALS) if many else (PROVINCE_TOLERANCE, PROVINCE_DECIMALS)
    )
    geometries = slim_geometries(units.geometry, tolerance, places)

    colors = classes.colors_for(shown) if classes.k else ["#cccccc"] * len(codes)
    value_label = f"{texts.metric_label} ({texts.period})" if texts.period else texts.metric_label
    weight = 0.2 if many else 0.6
    styles: dict[str, dict[str, object]] = {}
    features = []
    for code, geometry, color, value, part in zip(
        codes, geometries, colors, shown, flags, strict=True
    ):
        styles[code] = fill_style(
            color, no_data=bool(pd.isna(value)), weight=weight, partial=bool(part)
        )
        if classes.category_labels:
            text = category_name(value, classes.category_labels, lang)
        else:
            text = with_unit(value, texts.unit, lang, decimals)
        tip = f"<b>{html.escape(names.get(code, code))}</b><br>{html.escape(value_label)}: "
        tip += html.escape(text)
        if part:
            tip += f"<br><i>{html.escape(_partial_text(threshold, lang))}</i>"
        features.append((code, geometry, tip))

    page = new_page(texts.title, lang, ["map"])
    bounds = tuple(float(b) for b in units.total_bounds)
    fmap = new_map(page, "map", bounds, canvas=many)  # type: ignore[arg-type]
    add_units(fmap, collection(features), styles, "units")
    for label in archipelago_names(lang, province, country):
        name_marker(label).add_to(fmap)

    # The map page's own legend rows: the same classes, counts and partial row as on screen.
    rows = legend_rows(
        classes,
        shown,
        decimals=decimals,
        lang=lang,
        partial=pd.Series(flags, index=shown.index),
        threshold=threshold,
    )
    legend = legend_box(rows, texts.legend_title(), lang, counted=True, subtitle=texts.period)
    page.html.add_child(
        Element(f'<div class="vn-page-head vn-box">{title_box(texts)}</div>'), name="head"
    )
    page.html.add_child(Element(side_column(legend, footer_box(texts, day))), name="side")
    return page_bytes(page)


def _partial_text(threshold: float | None, lang: str) -> str:
    return partial_label(coverage_threshold() if threshold is None else threshold, lang)


def archipelago_names(lang: str, province: str | None, country: bool) -> list[dict[str, object]]:
    """Names of Hoàng Sa and Trường Sa: both on a map of the whole country (sovereignty
    convention), only its own on the map of Đà Nẵng or Khánh Hòa, none elsewhere."""
    anchors = {
        str(row.code): archipelago_anchor(str(row.key), row.geometry, str(row.province_code))
        for row in _archipelago_frame().itertuples()
    }
    return archipelago_labels(anchors, lang, None if country else province)


@cache
def _archipelago_frame() -> gpd.GeoDataFrame:
    """The archipelago units of the 2025 layer (as the map page anchors their names), read
    once per process."""
    return archipelago_frame()
