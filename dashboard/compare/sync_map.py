"""Two synchronised Leaflet maps in one self-contained HTML page (for ``st.components.v1.html``).

Offline by construction: Leaflet 1.9.3's JS and CSS are inlined from the installed
``xstatic-leaflet`` package (the same files :mod:`dashboard.core.offline` serves), there is no
basemap and no other script, so the page requests nothing at all. The two maps follow each
other with a few lines of our own JS on Leaflet's ``move``/``zoom`` events (no Leaflet.Sync,
which folium's ``DualMap`` would load from a CDN).

The maps are exposed as ``window.leftMap`` / ``window.rightMap`` for browser tests, and the
view is kept in ``sessionStorage`` (per ``view_key``) so that a rerun which rebuilds the HTML
(e.g. a new selection) does not throw the user back to the full extent.
"""

from __future__ import annotations

import html
import json
from functools import cache

from dashboard.compare.features import View
from dashboard.core.legend import LINE, LegendEntry
from dashboard.core.offline import leaflet_source_dir

DEFAULT_HEIGHT = 560

#: Style of the archipelagos' names (as on the map page: :data:`dashboard.map.map_builder.MAP_CSS`),
#: set beside their anchor point; they never take the pointer.
ISLAND_LABEL_CSS = """
.vn-island-label,.vn-island-label>div{pointer-events:none}
.vn-island-label>div{position:absolute;left:0;top:0;background:rgba(255,255,255,.85);
 box-shadow:0 0 2px rgba(0,0,0,.35);border-radius:3px;color:#0b3557;font-style:italic;
 font-weight:600;font-size:11.5px;line-height:1.25;padding:1px 5px;text-align:center;
 white-space:nowrap}
.vn-island-label>div.vn-island-bottom{transform:translate(-50%,4px)}
.vn-island-label>div.vn-island-top{transform:translate(-50%,calc(-100% - 4px))}
"""


@cache
def _leaflet_assets() -> tuple[str, str]:
    folder = leaflet_source_dir()
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError("Leaflet assets contain a closing tag; cannot inline them safely")
    return js, css


def script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``<``, ``>``, ``&`` characters)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def legend_html(rows: list[LegendEntry], title: str) -> str:
    """The compare maps' legend in one line: a swatch per class and no data, a solid or
    dashed outline sample per line entry."""
    items = []
    for row in rows:
        if row.kind == LINE:
            border = "dashed" if row.dash else "solid"
            style = f"border:2px {border} {html.escape(str(row.line))}"
        else:
            style = f"background:{html.escape(str(row.fill))}"
        swatch = f'<span class="sw" style="{style}"></span>'
        items.append(f"<span class='it'>{swatch}{html.escape(row.label)}</span>")
    return f"<div class='legend'><b>{html.escape(title)}</b> {''.join(items)}</div>"


_TEMPLATE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<style>__LEAFLET_CSS__</style>
<script>__LEAFLET_JS__</script>
<style>
html,body{margin:0;padding:0;font:13px/1.35 system-ui,"Noto Sans","DejaVu Sans",sans-serif}
.wrap{display:flex;gap:6px;height:__HEIGHT__px}
.pane{flex:1;position:relative;border:1px solid #c9d3dc}
.map{position:absolute;inset:0;background:#f4f7fa}
.cap{position:absolute;top:6px;left:50px;z-index:800;background:rgba(255,255,255,.92);
 padding:3px 7px;border-radius:3px;box-shadow:0 1px 3px rgba(0,0,0,.25);max-width:75%}
.cap b{font-size:14px}.cap small{display:block;color:#444}
.legend{margin-top:4px;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
.it{display:inline-flex;align-items:center;gap:4px}
.sw{display:inline-block;width:14px;height:11px;box-sizing:border-box}
.foot{color:#555;font-size:12px;margin-top:2px}
.leaflet-interactive:focus{outline:none}
__ISLAND_CSS__</style></head><body>
<div class="wrap">
 <div class="pane"><div id="map_left" class="map"></div>
  <div class="cap"><b>__LEFT_TITLE__</b><small>__LEFT_NOTE__</small></div></div>
 <div class="pane"><div id="map_right" class="map"></div>
  <div class="cap"><b>__RIGHT_TITLE__</b><small>__RIGHT_NOTE__</small></div></div>
</div>
__LEGEND__
<div class="foot">__FOOTER__</div>
<script>
(function(){
var D = __DATA__;
function style(f){ return f.properties.style; }
// Permanent names (the archipelagos): text escaped in Python, markers that take no pointer.
function names(m){
  (D.labels || []).forEach(function(n){
    var side = n.side === "top" ? "top" : "bottom";
    var icon = L.divIcon({className: "vn-island-label", iconSize: null,
      html: '<div class="vn-island-' + side + '">' + n.lines.join("<br>") + "</div>"});
    L.marker([n.lat, n.lon], {icon: icon, interactive: false, keyboard: false}).addTo(m);
  });
}
function make(id, units, lines, sel, islands){
  var m = L.map(id, {zoomSnap: 0.25, attributionControl: false});
  if (islands) { L.geoJSON(islands, {style: style, interactive: false}).addTo(m); }
  L.geoJSON(units, {style: style, onEachFeature: function(f, l){
    if (f.properties.tip) { l.bindTooltip(f.properties.tip, {sticky: true}); }
  }}).addTo(m);
  lines.forEach(function(fc){ L.geoJSON(fc, {style: style, interactive: false}).addTo(m); });
  if (sel) { L.geoJSON(sel, {style: style, interactive: false}).addTo(m); }
  names(m);
  L.control.scale({imperial: false}).addTo(m);
  return m;
}
var left = make("map_left", D.left, D.left_lines, D.left_selection, D.left_islands);
var right = make("map_right", D.right, D.right_lines, D.right_selection);
window.leftMap = left; window.rightMap = right;
var b = D.bounds, box = [[b[1], b[0]], [b[3], b[2]]];
var saved = null;
try { saved = JSON.parse(window.sessionStorage.getItem(D.view_key) || "null"); } catch (e) {}
if (saved) { left.setView(saved.c, saved.z, {animate: false}); }
else { left.fitBounds(box); }
right.setView(left.getCenter(), left.getZoom(), {animate: false});
// Synchronisation: whichever map moves, the other takes its centre and zoom. The flag stops
// the echo (the follower's own move event would otherwise move the leader back).
var busy = false;
function follow(leader, follower){
  leader.on("move zoom", function(){
    if (busy) { return; }
    busy = true;
    follower.setView(leader.getCenter(), leader.getZoom(), {animate: false});
    busy = false;
  });
  leader.on("moveend", function(){
    try { window.sessionStorage.setItem(D.view_key, JSON.stringify(
      {c: leader.getCenter(), z: leader.getZoom()})); } catch (e) {}
  });
}
follow(left, right); follow(right, left);
})();
</script>
</body></html>
"""


def side_by_side_html(
    view: View,
    *,
    left_title: str,
    right_title: str,
    left_note: str = "",
    right_note: str = "",
    legend_title: str = "",
    footer: str = "",
    view_key: str = "compare",
    height: int = DEFAULT_HEIGHT,
) -> str:
    """A complete HTML document: old units left, new units right, synchronised."""
    js, css = _leaflet_assets()
    data = {
        "left": view.left,
        "right": view.right,
        "left_lines": view.left_lines,
        "right_lines": view.right_lines,
        "left_selection": view.left_selection,
        "right_selection": view.right_selection,
        "left_islands": view.left_islands,
        "labels": view.labels,
        "bounds": list(view.bounds),
        "view_key": f"vnmap-compare:{view_key}",
    }
    replacements = {
        "__HEIGHT__": str(int(height)),
        "__LEFT_TITLE__": html.escape(left_title),
        "__LEFT_NOTE__": html.escape(left_note),
        "__RIGHT_TITLE__": html.escape(right_title),
        "__RIGHT_NOTE__": html.escape(right_note),
        "__LEGEND__": legend_html(view.legend, legend_title),
        "__FOOTER__": html.escape(footer),
        "__DATA__": script_json(data),
        "__ISLAND_CSS__": ISLAND_LABEL_CSS,
    }
    page = _TEMPLATE
    for marker, value in replacements.items():
        page = page.replace(marker, value)
    # Inlined last, so no marker text inside Leaflet's sources can be replaced by accident.
    return page.replace("__LEAFLET_CSS__", css, 1).replace("__LEAFLET_JS__", js, 1)
