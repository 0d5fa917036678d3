"""The compare page's views as one standalone interactive HTML file (folium, Leaflet inlined;
see :mod:`dashboard.map.html_export`).

Built from the same :class:`~dashboard.compare.features.View` as the page (styles, tooltips,
shared class breaks) and worded with the print export's texts
(:func:`~dashboard.export.compare_specs.make_compare_spec`: title, subtitle, source, both
boundary versions, notes). Side by side: two maps that follow each other (a few lines of
script, no plugin fetched from a CDN); overlay: the new units filled, the old boundaries
dashed over them. The file has no pick: the legend drops the rows of the picked unit.
"""

from __future__ import annotations

import dataclasses
import html
import json

import folium
import shapely
from branca.element import Element, MacroElement
from folium.template import Template

from dashboard.compare.features import (
    LEGEND_DASH,
    SELECTED,
    View,
    commune_view,
    province_view,
)
from dashboard.compare.map_payload import OLD_CASING, OLD_OUTLINE
from dashboard.core.compare_classes import OLD_EDGE
from dashboard.core.i18n import t
from dashboard.core.legend import LINE, LegendEntry
from dashboard.export.compare_specs import (
    CompareRequest,
    CompareSpec,
    make_compare_spec,
    resolve_metric,
)
from dashboard.map.html_export import (
    PROVINCE_DECIMALS,
    BoxControl,
    StandalonePage,
    add_units,
    archipelago_names,
    collection,
    footer_box,
    legend_box,
    name_marker,
    new_map,
    new_page,
    page_bytes,
    slim_geometries,
    title_box,
)

#: Country views (63 and 34 provinces) are drawn from coarser layers: 3 decimals (≈ 110 m).
COUNTRY_DECIMALS = 3
#: The old map's district and province lines (as :mod:`dashboard.compare.features` draws them).
DISTRICT_LINE = ("#555555", "export.compare.old_district_line")


class SyncMaps(MacroElement):
    """Two maps that follow each other: a pan or zoom of either sets the other's view.
    ``busy`` stops the echo (the follower's own move event would move the leader back)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(){
          var maps = [{{ this.first.get_name() }}, {{ this.second.get_name() }}];
          var busy = false;
          function follow(leader, follower) {
            leader.on('move zoom', function () {
              if (busy) { return; }
              busy = true;
              follower.setView(leader.getCenter(), leader.getZoom(), {animate: false});
              busy = false;
            });
          }
          follow(maps[0], maps[1]);
          follow(maps[1], maps[0]);
        })();
        {% endmacro %}"""
    )

    def __init__(self, first: folium.Map, second: folium.Map) -> None:
        super().__init__()
        self._name = "SyncMaps"
        self.first = first
        self.second = second


def compare_html(request: CompareRequest) -> bytes:
    """The compare view of ``request`` (level, province, mode, metric, split-only, title,
    language; the print options are ignored) as one standalone HTML file, UTF-8 bytes.

    Raises :class:`~dashboard.export.data.ExportDataError` as the print export does (no data,
    no split unit in the province with split-only, unknown names)."""
    spec = make_compare_spec(dataclasses.replace(request, fmt="png"))
    metric = resolve_metric(request.metric)
    if spec.level == "province":
        view = province_view("area" if metric == "n_pred" else metric, lang=request.lang)
        decimals = COUNTRY_DECIMALS
        labels = view.labels
    else:
        province = str(request.province)
        view = commune_view(province, metric, request.split_only, lang=request.lang)
        decimals = PROVINCE_DECIMALS
        labels = archipelago_names(request.lang, province, country=False)
    if spec.mode == "overlay":
        return _overlay(spec, view, decimals, labels)
    return _side_by_side(spec, view, decimals, labels)


def _side_by_side(spec: CompareSpec, view: View, decimals: int, labels: list) -> bytes:
    texts = spec.texts
    page = _page(spec, ["old", "new"])
    old = new_map(page, "old", view.bounds, phone_height="48vh")
    new = new_map(page, "new", view.bounds, phone_height="48vh")
    if view.left_islands:
        _add_shapes(old, view.left_islands, decimals, "old_islands")
    _add_units(old, view.left, decimals, "old_units")
    for index, lines in enumerate(view.left_lines):
        _add_shapes(old, lines, decimals, f"old_lines_{index}")
    _add_units(new, view.right, decimals, "new_units")
    for index, lines in enumerate(view.right_lines):
        _add_shapes(new, lines, decimals, f"new_lines_{index}")
    for fmap, panel in zip((old, new), spec.panels, strict=True):
        for label in labels:
            name_marker(label).add_to(fmap)
        fmap.add_child(BoxControl(_caption(panel.caption), "topright"))
    page.add_child(SyncMaps(old, new), name="sync")
    _furniture(page, spec, _legend_rows(spec, view, overlay=False), texts.lang)
    return page_bytes(page)


def _overlay(spec: CompareSpec, view: View, decimals: int, labels: list) -> bytes:
    page = _page(spec, ["map"])
    fmap = new_map(page, "map", view.bounds)
    _add_units(fmap, view.right, decimals, "new_units")
    old_lines, _ = _slim(view.left, decimals)
    for style, name in ((OLD_CASING, "old_casing"), (OLD_OUTLINE, "old_units")):
        folium.GeoJson(
            old_lines, name=name, style_function=lambda _, s=style: dict(s), interactive=False
        ).add_to(fmap)
    for index, lines in enumerate(view.left_lines):
        _add_shapes(fmap, lines, decimals, f"old_lines_{index}")
    for label in labels:
        name_marker(label).add_to(fmap)
    fmap.add_child(BoxControl(_caption(spec.panels[0].caption), "topright"))
    _furniture(page, spec, _legend_rows(spec, view, overlay=True), spec.texts.lang)
    return page_bytes(page)


def _page(spec: CompareSpec, areas: list[str]) -> StandalonePage:
    return new_page(spec.texts.title, spec.texts.lang, areas)


def _caption(text: str) -> str:
    return f'<div class="vn-caption">{html.escape(text)}</div>'


def _furniture(page: StandalonePage, spec: CompareSpec, rows: list[LegendEntry], lang: str) -> None:
    """Title above the maps; legend, what each map shows, and the footer beside them."""
    texts = spec.texts
    legend = legend_box(rows, texts.legend_title(), lang, counted=False)
    panels = "".join(
        f'<div><span class="vn-caption">{html.escape(p.caption)}</span>: '
        f"{html.escape(p.note)}</div>"
        for p in spec.panels
        if p.note
    )
    side = (
        '<div class="vn-page-side">'
        f'<div class="vn-box vn-legend-box">{legend}</div>'
        + (f'<div class="vn-box vn-footer">{panels}</div>' if panels else "")
        + f'<div class="vn-box vn-footer">{footer_box(texts)}</div></div>'
    )
    page.html.add_child(
        Element(f'<div class="vn-page-head vn-box">{title_box(texts)}</div>'), name="head"
    )
    page.html.add_child(Element(side), name="side")


def _legend_rows(spec: CompareSpec, view: View, *, overlay: bool) -> list[LegendEntry]:
    """The page's legend without the picked unit's rows (the file has no pick), plus the
    lines the file draws: old districts and provinces, or the old boundaries of the overlay."""
    lang = spec.texts.lang
    rows = [r for r in view.legend if not (r.kind == LINE and r.line == SELECTED)]
    if spec.level == "commune":
        color, key = DISTRICT_LINE
        rows.append(LegendEntry(t(key, lang), kind=LINE, line=color, dash=LEGEND_DASH))
        rows.append(
            LegendEntry(t("export.compare.old_province_line", lang), kind=LINE, line="#202020")
        )
    if overlay:
        key = "old_commune_line" if spec.level == "commune" else "old_province_line"
        rows.append(
            LegendEntry(
                t(f"export.compare.{key}", lang), kind=LINE, line=OLD_EDGE, dash=LEGEND_DASH
            )
        )
    return rows


# --- Feature collections of a View --------------------------------------------------------------


def _slim(data: dict, decimals: int) -> tuple[dict, dict[str, dict]]:
    """``data`` (a View's GeoJSON) with coordinates rounded to ``decimals`` places and only
    the ``tip`` property left, and each feature's Leaflet style by feature id. Ids are the
    units' codes (strings), or their order when codes repeat or are missing (lines)."""
    features = data.get("features") or []
    geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    geometries = slim_geometries(geoms, 0.0, decimals)
    codes = [str(f["properties"].get("code", i)) for i, f in enumerate(features)]
    if len(set(codes)) < len(codes):
        codes = [str(i) for i in range(len(codes))]
    tips = [str(f["properties"].get("tip", "")) for f in features]
    styles = {c: dict(f["properties"]["style"]) for c, f in zip(codes, features, strict=True)}
    return collection(list(zip(codes, geometries, tips, strict=True))), styles


def _add_units(fmap: folium.Map, data: dict, decimals: int, name: str) -> None:
    slim, styles = _slim(data, decimals)
    if slim["features"]:
        add_units(fmap, slim, styles, name)


def _add_shapes(fmap: folium.Map, data: dict, decimals: int, name: str) -> None:
    """Filled shapes or lines with their own styles, taking no pointer."""
    slim, styles = _slim(data, decimals)
    if not slim["features"]:
        return
    folium.GeoJson(
        slim, name=name, style_function=lambda f: styles[f["id"]], interactive=False
    ).add_to(fmap)
