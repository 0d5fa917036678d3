"""Overlay view as a ``folium.Map``: new units filled, old outlines (dashed) drawn over them.

A pure function of a :class:`~dashboard.compare.features.View`; the page shows it with
``st_folium`` so that a click on a new unit picks it. The selection is a separate feature group
(:func:`selection_group`, for ``st_folium(feature_group_to_add=...)``), so picking a unit does
not rebuild — and re-zoom — the map. Assets are local (call :func:`dashboard.core.offline.setup`
before rendering); no basemap, no branca colormap, no CDN.
"""

from __future__ import annotations

import html

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from dashboard.compare.features import LEGEND_DASH, View, line_style
from dashboard.compare.sync_map import ISLAND_LABEL_CSS, legend_html
from dashboard.core.compare_classes import OLD_EDGE
from dashboard.core.legend import LINE, LegendEntry

OVERLAY_CSS = """<style>
.cmp-box{background:rgba(255,255,255,.93);padding:4px 8px;border-radius:3px;
 box-shadow:0 1px 3px rgba(0,0,0,.3);font:12px/1.35 system-ui,"Noto Sans",sans-serif}
.leaflet-interactive:focus{outline:none}
.leaflet-container{background:#f4f7fa}
.cmp-box .legend{display:flex;flex-direction:column;gap:2px}
.cmp-box .it{display:inline-flex;align-items:center;gap:4px}
.cmp-box .sw{display:inline-block;width:14px;height:11px;box-sizing:border-box}
</style>"""
#: The archipelagos' names, styled as on the side-by-side maps.
OVERLAY_CSS += "<style>" + ISLAND_LABEL_CSS + "</style>"


def _style(feature: dict) -> dict:
    return feature["properties"]["style"]


def _old_casing_style(feature: dict) -> dict:
    # A light casing under the dark dashed line keeps old outlines visible on dark and light
    # fills alike (the fills keep the legend's colours: no transparency trick).
    return line_style("#ffffff", 2.6, None) | {"opacity": 0.85}


def _old_outline_style(feature: dict) -> dict:
    return line_style(OLD_EDGE, 1.4, "5 4")


def overlay_map(
    view: View, *, title: str, legend_title: str, footer: str, old_label: str
) -> folium.Map:
    """New units (``view.right``) with old unit outlines (``view.left``) and old province /
    district lines on top. Only the new units are interactive; their ``code`` property is what
    ``st_folium`` returns in ``last_active_drawing``."""
    min_x, min_y, max_x, max_y = view.bounds
    fmap = folium.Map(
        location=[(min_y + max_y) / 2, (min_x + max_x) / 2],
        zoom_start=8,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
    )
    fmap.get_root().header.add_child(Element(OVERLAY_CSS), name="cmp_css")
    folium.GeoJson(
        view.right,
        name="new_units",
        style_function=_style,
        highlight_function=lambda _: {"weight": 3, "color": "#111111"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(fmap)
    folium.GeoJson(
        view.left, name="old_casing", style_function=_old_casing_style, interactive=False
    ).add_to(fmap)
    folium.GeoJson(
        view.left, name="old_units", style_function=_old_outline_style, interactive=False
    ).add_to(fmap)
    for index, lines in enumerate(view.left_lines):
        folium.GeoJson(
            lines, name=f"old_lines_{index}", style_function=_style, interactive=False
        ).add_to(fmap)
    for name in view.labels:
        _name_marker(name).add_to(fmap)
    fmap.fit_bounds([[min_y, min_x], [max_y, max_x]])

    rows = [*view.legend, LegendEntry(old_label, kind=LINE, line=OLD_EDGE, dash=LEGEND_DASH)]
    box = (
        f"<div class='cmp-box'><b>{html.escape(title)}</b></div>",
        f"<div class='cmp-box'>{legend_html(rows, legend_title)}</div>",
        f"<div class='cmp-box'>{html.escape(footer)}</div>",
    )
    for inner, position in zip(box, ("topright", "bottomright", "bottomleft"), strict=True):
        fmap.add_child(BoxControl(inner, position))
    return fmap


def _name_marker(name: dict) -> folium.Marker:
    """A permanent name (:func:`dashboard.map.map_builder.archipelago_labels`: lines already
    escaped) beside its point; not interactive, so clicks reach the units under it."""
    side = "top" if name["side"] == "top" else "bottom"
    icon = folium.DivIcon(
        html=f'<div class="vn-island-{side}">' + "<br>".join(name["lines"]) + "</div>",
        icon_size=(0, 0),
        icon_anchor=(0, 0),
        class_name="vn-island-label",
    )
    return folium.Marker([name["lat"], name["lon"]], icon=icon, interactive=False, keyboard=False)


class BoxControl(MacroElement):
    """A static Leaflet control holding ``inner`` HTML (already escaped by the caller)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(){
          var c = L.control({position: {{ this.position|tojson }}});
          c.onAdd = function(){
            var d = L.DomUtil.create('div');
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


def selection_group(view: View) -> folium.FeatureGroup:
    """The picked unit(s) and their predecessors / successors, as outlines that let clicks
    through to the units underneath."""
    group = folium.FeatureGroup(name="selection")
    for part, name in ((view.right_selection, "sel_new"), (view.left_selection, "sel_old")):
        if part and part.get("features"):
            folium.GeoJson(part, name=name, style_function=_style, interactive=False).add_to(group)
    return group
