// The dashboard's map: a Streamlit components-v2 module (no iframe) drawing one Leaflet map.
//
// Leaflet itself is not fetched: Python puts its source (from the app's own copy, never a CDN)
// before this module, which Streamlit imports once per page.
//
// Python (dashboard/map/map_component.py) mounts it with one payload per run: UTF-8 JSON bytes
// built by dashboard.map.map_builder.view_payload, {"spec": {...}, "geometries": {...}}. The map
// is created once per element and kept across reruns; each payload only swaps what changed:
//
//   * a payload with the id of the one drawn last is not even parsed (a rerun that changed
//     nothing on the map);
//   * the units layer is rebuilt when spec.units.id changes (another view, metric, period,
//     classes or language), otherwise kept as it is (e.g. when a commune gets selected);
//   * the view is fitted to spec.bounds once per spec.view, with no units on the map (a fit
//     with units on it projects every vertex once more);
//   * lines (outlines, selection) follow the units and the selection; press badges, place
//     labels (the archipelagos' names), map furniture and the basemap follow the payload.
//
// Geometry arrives as polyline-encoded rings (dashboard.map.map_builder.encode_ring), decoded here
// straight into Leaflet LatLngs (SVG views: one L.Polygon per unit) or into one Path2D per
// unit (canvas views, spec.units.canvas: CanvasUnits draws them all; they need encoded
// rings, not GeoJSON). Every HTML string (tooltips, controls, popups) was escaped in
// Python; badge counts go in as text. A click on a unit sends its official code back as the
// "clicked" trigger (one value per click, consumed by one rerun).

/** Calls visit(lon, lat) for each vertex of one polyline-encoded ring (lon first, zig-zag
 * varints of the differences, `factor` = 10^decimals: dashboard.map.map_builder.encode_ring). */
function eachVertex(text, factor, visit) {
  let i = 0, x = 0, y = 0;
  while (i < text.length) {
    const v = [0, 0];
    for (let k = 0; k < 2; k++) {
      let b, shift = 0, r = 0;
      do {
        b = text.charCodeAt(i++) - 63;
        r |= (b & 31) << shift;
        shift += 5;
      } while (b >= 32);
      v[k] = r & 1 ? ~(r >> 1) : r >> 1;
    }
    x += v[0];
    y += v[1];
    visit(x / factor, y / factor);
  }
}

/** One polyline-encoded ring as Leaflet LatLngs. */
function decodeRing(L, text, factor) {
  const out = [];
  eachVertex(text, factor, (lon, lat) => out.push(new L.LatLng(lat, lon)));
  return out;
}

/** LatLngs of a geometry: rings of a Polygon, polygons of a MultiPolygon, or the lines of a
 * "Lines" geometry (boundaries drawn as polylines). */
function latLngs(L, geometry, factor) {
  if (geometry.type === "Polygon" || geometry.type === "Lines") return geometry.e.map((s) => decodeRing(L, s, factor));
  return geometry.e.map((polygon) => polygon.map((s) => decodeRing(L, s, factor)));
}

/** A unit's tooltip: a table of labelled rows, or, with no labels, the unit's own text
 * (escaped HTML lines, as the compare maps send). */
function tooltipHtml(labels, props) {
  if (!labels) return '<div class="vn-tip">' + props[0] + "</div>";
  // A third, optional row: the data coverage of an aggregated value ("3/56 xã, phường…").
  const coverage = props.length > 2 && props[2]
    ? "<tr><th>" + (labels[2] || "") + "</th><td>" + props[2] + "</td></tr>" : "";
  return (
    "<table><tr><th>" + labels[0] + "</th><td>" + props[0] + "</td></tr>" +
    "<tr><th>" + labels[1] + "</th><td>" + props[1] + "</td></tr>" + coverage + "</table>"
  );
}

/** The choropleth: one polygon per unit, styled by class, with tooltip, hover and click.
 * The tooltip and the handlers live on the group (one each, not one per unit). */
function unitsLayer(L, units, geometries, renderer, onClick) {
  const factor = Math.pow(10, units.precision);
  const group = L.featureGroup();
  const styleOf = (layer) => units.styles[units.style[layer.vnIndex]];
  units.codes.forEach((code, i) => {
    const polygon = new L.Polygon(latLngs(L, geometries[i], factor), {
      ...units.styles[units.style[i]],
      renderer,
    });
    polygon.vnIndex = i;
    polygon.vnCode = code;
    group.addLayer(polygon);
  });
  group.bindTooltip((layer) => tooltipHtml(units.tooltip, units.props[layer.vnIndex]), {
    sticky: true,
    pane: TOOLTIP_PANE,
  });
  group.on("mouseover", (e) => e.layer.setStyle(units.highlight));
  group.on("mouseout", (e) => e.layer.setStyle(styleOf(e.layer)));
  group.on("click", (e) => onClick(e.layer.vnCode));
  return group;
}

/** One polyline-encoded ring as a closed sub-path of `path`, in Web Mercator world pixels
 * at zoom 0 (0–256, y down: Leaflet's EPSG:3857 pixel space divided by 2^zoom); widens
 * `box` ([minX, minY, maxX, maxY], same pixels) to take the ring in. */
function traceRing(path, text, factor, box) {
  let first = true;
  eachVertex(text, factor, (lon, lat) => {
    const clamped = Math.max(-85.0511287798, Math.min(85.0511287798, lat)); // as Leaflet
    const sin = Math.sin((clamped * Math.PI) / 180);
    const px = 256 * (0.5 + lon / 360);
    const py = 256 * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
    if (first) path.moveTo(px, py);
    else path.lineTo(px, py);
    first = false;
    if (px < box[0]) box[0] = px;
    if (py < box[1]) box[1] = py;
    if (px > box[2]) box[2] = px;
    if (py > box[3]) box[3] = py;
  });
  path.closePath();
}

/** A geometry ({type, e: encoded rings}) as one Path2D (drawn with the even-odd rule, so
 * holes stay holes) and its bounding box in zoom-0 world pixels. */
function tracePath(geometry, factor) {
  const path = new Path2D();
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === "Polygon" ? [geometry.e] : geometry.e;
  polygons.forEach((rings) => rings.forEach((ring) => traceRing(path, ring, factor, box)));
  return { path, box };
}

let CanvasUnits = null;

/** The choropleth of a canvas view (all 3,321 communes): every unit a Path2D built once and
 * drawn on one <canvas> with the map's zoom as a transform, plus the province outlines.
 *
 * Why not one L.Polygon per unit on Leaflet's canvas renderer: each polygon then makes
 * LatLng and Point objects for every vertex, and Leaflet reprojects, clips and simplifies all
 * of them again on every zoom; for 3,321 communes that took about 0.2 s of a first visit and
 * of each zoom. Tooltip, hover and click behave as on the SVG views; the hit test is the
 * canvas's own isPointInPath, after a bounding-box check. */
function canvasUnitsClass(L) {
  if (CanvasUnits) return CanvasUnits;
  CanvasUnits = L.Layer.extend({
    initialize(units, geometries, outlines, outlineGeometries, onClick) {
      const factor = Math.pow(10, units.precision);
      this._units = units;
      this._shapes = geometries.map((g) => tracePath(g, factor));
      const outlineFactor = outlines ? Math.pow(10, outlines.precision) : 1;
      this._outlines = outlines ? outlineGeometries.map((g) => tracePath(g, outlineFactor)) : [];
      this._outlineStyle = outlines ? outlines.style : null;
      this._onClick = onClick;
      this._hover = -1;
    },

    onAdd(map) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-animated vn-canvas-units");
      map.getPane("overlayPane").appendChild(this._canvas);
      this._tooltip = L.tooltip({ pane: TOOLTIP_PANE }); // moved with the mouse by _onMove
      this._reset();
    },

    onRemove(map) {
      map.closeTooltip(this._tooltip);
      map.getContainer().style.cursor = "";
      L.DomUtil.remove(this._canvas);
    },

    getEvents() {
      return {
        moveend: this._reset,
        resize: this._reset,
        viewreset: this._reset,
        zoomanim: this._animateZoom,
        mousemove: this._onMove,
        mouseout: this._onOut,
        click: this._onMapClick,
      };
    },

    // The canvas covers the map with a margin on each side, so a pan shows drawn units
    // until the redraw at its end (as Leaflet's renderers do).
    _reset() {
      const map = this._map;
      const size = map.getSize();
      const pad = size.multiplyBy(0.3).round();
      const topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      const width = size.x + 2 * pad.x;
      const height = size.y + 2 * pad.y;
      const ratio = window.devicePixelRatio || 1;
      this._topLeft = topLeft;
      this._topLeftLatLng = map.layerPointToLatLng(topLeft);
      this._zoom = map.getZoom();
      this._canvas.width = Math.round(width * ratio);
      this._canvas.height = Math.round(height * ratio);
      this._canvas.style.width = width + "px";
      this._canvas.style.height = height + "px";
      L.DomUtil.setPosition(this._canvas, topLeft);
      this._draw();
    },

    // During a zoom animation, scale the drawn canvas as Leaflet's own overlays do.
    _animateZoom(e) {
      const map = this._map;
      const scale = map.getZoomScale(e.zoom, this._zoom);
      const offset = map._latLngToNewLayerPoint(this._topLeftLatLng, e.zoom, e.center);
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    /** Canvas px = (zoom-0 world px × 2^zoom − pixel origin − top left) × device ratio. */
    _setTransform(ctx) {
      const ratio = window.devicePixelRatio || 1;
      const scale = Math.pow(2, this._zoom);
      const origin = this._map.getPixelOrigin();
      ctx.setTransform(
        ratio * scale, 0, 0, ratio * scale,
        -ratio * (origin.x + this._topLeft.x), -ratio * (origin.y + this._topLeft.y),
      );
      return scale;
    },

    _draw() {
      const ctx = this._canvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._canvas.width, this._canvas.height);
      const scale = this._setTransform(ctx);
      ctx.lineJoin = "round";
      ctx.lineCap = "round";
      const units = this._units;
      this._shapes.forEach((shape, i) => {
        this._paint(ctx, shape.path, units.styles[units.style[i]], scale);
      });
      if (this._hover >= 0) {
        const style = { ...units.styles[units.style[this._hover]], ...units.highlight };
        this._paint(ctx, this._shapes[this._hover].path, style, scale);
      }
      this._outlines.forEach((shape) => this._paint(ctx, shape.path, this._outlineStyle, scale));
    },

    /** Fill and stroke one path with a Leaflet path style (fillColor, fillOpacity, color,
     * weight in CSS pixels, opacity, dashArray, fill). */
    _paint(ctx, path, style, scale) {
      if (style.fill !== false) {
        ctx.globalAlpha = style.fillOpacity === undefined ? 0.2 : style.fillOpacity;
        ctx.fillStyle = style.fillColor || style.color;
        ctx.fill(path, "evenodd");
      }
      if (style.stroke === false || !style.weight) return;
      ctx.globalAlpha = style.opacity === undefined ? 1 : style.opacity;
      ctx.strokeStyle = style.color;
      ctx.lineWidth = style.weight / scale;
      const dash = style.dashArray ? String(style.dashArray).split(/[ ,]+/).map(Number) : [];
      ctx.setLineDash(dash.map((d) => d / scale));
      ctx.stroke(path);
      ctx.setLineDash([]);
    },

    /** The index of the unit under a container point, or -1. */
    _unitAt(containerPoint) {
      const map = this._map;
      const scale = Math.pow(2, this._zoom);
      const layer = map.containerPointToLayerPoint(containerPoint);
      const origin = map.getPixelOrigin();
      const wx = (layer.x + origin.x) / scale;
      const wy = (layer.y + origin.y) / scale;
      const ctx = this._canvas.getContext("2d");
      this._setTransform(ctx);
      const ratio = window.devicePixelRatio || 1;
      const cx = (layer.x - this._topLeft.x) * ratio;
      const cy = (layer.y - this._topLeft.y) * ratio;
      for (let i = this._shapes.length - 1; i >= 0; i--) {
        const b = this._shapes[i].box;
        if (wx < b[0] || wx > b[2] || wy < b[1] || wy > b[3]) continue;
        if (ctx.isPointInPath(this._shapes[i].path, cx, cy, "evenodd")) return i;
      }
      return -1;
    },

    _onMove(e) {
      const index = this._unitAt(e.containerPoint);
      if (index !== this._hover) {
        this._hover = index;
        this._draw();
        this._map.getContainer().style.cursor = index >= 0 ? "pointer" : "";
        if (index >= 0) {
          this._tooltip.setContent(tooltipHtml(this._units.tooltip, this._units.props[index]));
          this._tooltip.setLatLng(e.latlng);
          this._map.openTooltip(this._tooltip);
        } else {
          this._map.closeTooltip(this._tooltip);
        }
      } else if (index >= 0) {
        this._tooltip.setLatLng(e.latlng);
      }
    },

    _onOut() {
      if (this._hover < 0) return;
      this._hover = -1;
      this._draw();
      this._map.getContainer().style.cursor = "";
      this._map.closeTooltip(this._tooltip);
    },

    _onMapClick(e) {
      const index = this._unitAt(e.containerPoint);
      if (index >= 0) this._onClick(this._units.codes[index]);
    },
  });
  return CanvasUnits;
}

/** Lines drawn over the SVG units (province borders, the selected unit, old boundaries):
 * never catch clicks. They share the units' renderer, whose non-interactive paths let events
 * through. A part has one `style` for all its shapes, or `styles` and a `style` index per
 * shape (as the units). */
function linesLayer(L, part, geometries, renderer) {
  const factor = Math.pow(10, part.precision);
  const group = L.featureGroup();
  geometries.forEach((g, i) => {
    const style = part.styles ? part.styles[part.style[i]] : part.style;
    const Shape = g.type === "Lines" ? L.Polyline : L.Polygon;
    group.addLayer(new Shape(latLngs(L, g, factor), { ...style, renderer, interactive: false }));
  });
  return group;
}

/** Press-figure badges: a divIcon per province (no image, no icon font) with a popup. */
function badgesLayer(L, badges) {
  const group = L.featureGroup();
  const ring =
    "display:block;width:24px;height:24px;border-radius:50%;background:#ffffff;" +
    "border:2px solid " + badges.color + ";color:" + badges.color + ";" +
    "font:700 11px/22px sans-serif;text-align:center;box-shadow:0 1px 3px rgba(0,0,0,.45)";
  badges.points.forEach((d) => {
    const icon = L.divIcon({
      className: "vn-rf-badge",
      html: '<span style="' + ring + '"></span>',
      iconSize: [28, 28],
      iconAnchor: [14, 14],
    });
    const marker = L.marker([d.lat, d.lon], { icon, keyboard: true, riseOnHover: true });
    marker.on("add", () => {
      const el = marker.getElement();
      if (el) {
        el.firstChild.textContent = d.label; // a count, as text
        el.dataset.code = d.code;
      }
    });
    marker.bindTooltip(d.tip, { direction: "top", offset: [0, -12], pane: TOOLTIP_PANE });
    marker.bindPopup(d.popup, { maxWidth: 380, maxHeight: 360 });
    group.addLayer(marker);
  });
  return group;
}

/** Permanent place names (the archipelagos): a marker per label with its text as a divIcon,
 * set beside its point (label.side: "top" | "bottom", by CSS). Not interactive, and
 * pointer-events none, so the units under a name stay clickable and hoverable; not tooltips,
 * so the units' own tooltip stays the only .leaflet-tooltip on the map. */
function labelsLayer(L, labels) {
  const group = L.featureGroup();
  labels.forEach((label) => {
    const side = label.side === "top" ? "top" : "bottom";
    const icon = L.divIcon({
      className: "vn-island-label",
      // each line escaped in Python
      html: '<div class="vn-island-' + side + '">' + label.lines.join("<br>") + "</div>",
      iconSize: null,
    });
    const marker = L.marker([label.lat, label.lon], { icon, interactive: false, keyboard: false });
    marker.on("add", () => {
      const el = marker.getElement();
      if (el) el.dataset.code = label.code;
    });
    group.addLayer(marker);
  });
  return group;
}

/** The map's title, legend and source as boxes above or below the map (part.position
 * "above" | "below"), never over it. A folded legend stays folded across payloads. */
function showBoxes(map, parts) {
  const frame = map.getContainer().parentElement;
  const slots = {
    above: frame.querySelector(".vn-map-above"),
    below: frame.querySelector(".vn-map-below"),
  };
  Object.values(slots).forEach((slot) => slot.replaceChildren());
  parts.forEach((part) => {
    const div = document.createElement("div");
    div.className = part.className;
    div.innerHTML = part.html; // escaped in Python
    (slots[part.position] || slots.below).appendChild(div);
    const details = div.querySelector("details.vn-legend");
    if (details) {
      if (map.vn.legendOpen !== null) details.open = map.vn.legendOpen;
      details.addEventListener("toggle", () => { map.vn.legendOpen = details.open; });
    }
  });
}

/** Tooltips go in a pane of their own on top of the map's controls (zoom buttons, scale):
 * Leaflet's tooltip pane lives inside the map pane, under every control, so a tooltip near
 * a control was cut off. The pane sits outside the map pane, so it follows the map pane's
 * offset itself. */
const TOOLTIP_PANE = "vnTooltips";

function addTooltipPane(L, map) {
  const pane = map.createPane(TOOLTIP_PANE, map.getContainer());
  const follow = () => L.DomUtil.setPosition(pane, L.DomUtil.getPosition(map.getPane("mapPane")));
  map.on("move zoom viewreset zoomend moveend resize", follow);
  follow();
}

/** Fit the map to `bounds` inside the part of it no control covers: the zoom buttons (top
 * left), the scale (bottom left) and, with a basemap, its attribution (bottom right). */
function fitToUnits(L, map, bounds) {
  const box = map.getContainer().getBoundingClientRect();
  const corner = (name) => {
    const el = map.getContainer().querySelector(".leaflet-control-container .leaflet-" + name);
    return el && el.children.length ? el.getBoundingClientRect() : null;
  };
  const topLeft = corner("top.leaflet-left");
  const bottoms = [corner("bottom.leaflet-left"), corner("bottom.leaflet-right")];
  const gap = 6;
  // Room beside the zoom buttons, or below them, whichever costs the map less.
  let left = 0, top = 0;
  if (topLeft) {
    const width = topLeft.right - box.left, height = topLeft.bottom - box.top;
    if (width * box.height < height * box.width) left = width;
    else top = height;
  }
  const bottom = Math.max(0, ...bottoms.map((r) => (r ? box.bottom - r.top : 0)));
  map.vn.fitting = true;
  map.fitBounds(bounds, {
    animate: false,
    paddingTopLeft: [left + gap, top + gap],
    paddingBottomRight: [gap, bottom + gap],
  });
  map.vn.fitting = false;
}

let focusPatched = false;

/** Leaflet focuses the map container on the first mousedown (keyboard handler) and after a
 * click on a control, with a plain focus(): the browser then scrolls the whole container
 * into view. Leaflet undoes that for the window only, but Streamlit's page scrolls inside
 * <main data-testid="stMain">, so the page jumped (about 300 px at 1280×720) between
 * mousedown and mouseup, and the click landed elsewhere or not at all. Focus without
 * scrolling instead (patched on the prototypes, before the map binds its handlers). */
function focusWithoutScrolling(L) {
  if (focusPatched) return;
  focusPatched = true;
  L.Map.Keyboard.prototype._onMouseDown = function () {
    if (this._focused) return;
    this._map.getContainer().focus({ preventScroll: true });
  };
  L.Control.prototype._refocusOnMap = function (e) {
    // as Leaflet: not for keyboard-made clicks (no screen position)
    if (this._map && e && e.screenX > 0 && e.screenY > 0) {
      this._map.getContainer().focus({ preventScroll: true });
    }
  };
}

function createMap(L, el) {
  focusWithoutScrolling(L);
  const map = L.map(el, { zoomSnap: 0.25, zoomControl: true });
  L.control.scale().addTo(map);
  addTooltipPane(L, map);
  // Leaflet measures its container once; the column can change width (sidebar, window,
  // the side panel's first run). Until the user moves the map, keep its units fitted.
  const observer = new ResizeObserver(() => {
    map.invalidateSize({ pan: false });
    if (map.vn.bounds && !map.vn.userMoved) fitToUnits(L, map, map.vn.bounds);
  });
  observer.observe(el);
  map.on("dragstart zoomstart", () => {
    if (!map.vn.fitting) map.vn.userMoved = true;
  });
  map.vn = {
    // One SVG renderer for the map's whole life: Leaflet never removes a renderer that has
    // no paths left, so one per layer would pile up with every view. (A canvas view draws
    // its own canvas: CanvasUnits.)
    svg: L.svg({ padding: 0.5 }),
    observer, payloadId: null, units: null, unitsId: null, view: null, lines: null,
    linesId: null, basemap: null, basemapUrl: null, badges: null,
    badgesId: null, labels: null, labelsId: null, onClick: null, bounds: null,
    fitting: false, userMoved: false, legendOpen: null, height: null, sync: null,
    followers: () => moveFollowers(map),
  };
  return map;
}

/** The map's height in CSS pixels (spec.height; the page's default when absent), never
 * more than 72 % of the window. */
function setHeight(map, height) {
  if (!height || map.vn.height === height) return;
  map.getContainer().style.height = "min(" + Number(height) + "px, 72vh)";
  map.vn.height = height;
  map.invalidateSize({ pan: false });
}

/** Maps of one page that show the same place side by side (spec.sync names their group)
 * keep the same centre and zoom: whichever the user moves, the others follow at once. */
const SYNC_GROUPS = new Map();

function joinSyncGroup(map, group) {
  if (map.vn.sync === group) return;
  leaveSyncGroup(map);
  map.vn.sync = group;
  if (!group) return;
  if (!SYNC_GROUPS.has(group)) SYNC_GROUPS.set(group, { maps: new Set(), busy: false });
  SYNC_GROUPS.get(group).maps.add(map);
  map.on("move zoom", map.vn.followers);
}

function leaveSyncGroup(map) {
  const group = map.vn.sync && SYNC_GROUPS.get(map.vn.sync);
  if (!group) return;
  map.off("move zoom", map.vn.followers);
  group.maps.delete(map);
  if (!group.maps.size) SYNC_GROUPS.delete(map.vn.sync);
  map.vn.sync = null;
}

/** Moves the other maps of the group to this one's view. The group's busy flag stops the
 * echo: a follower's own move event would otherwise move the leader back. */
function moveFollowers(map) {
  const group = SYNC_GROUPS.get(map.vn.sync);
  if (!group || group.busy) return;
  group.busy = true;
  try {
    group.maps.forEach((other) => {
      if (other === map) return;
      other.vn.userMoved = map.vn.userMoved;
      other.vn.fitting = true; // not a move of the user's on that map
      other.setView(map.getCenter(), map.getZoom(), { animate: false });
      other.vn.fitting = false;
    });
  } finally {
    group.busy = false;
  }
}

function setBasemap(L, map, basemap) {
  const url = basemap ? basemap.url : null;
  if (url === map.vn.basemapUrl) return;
  if (map.vn.basemap) map.removeLayer(map.vn.basemap);
  map.vn.basemap = url ? L.tileLayer(url, { attribution: basemap.attribution }).addTo(map) : null;
  if (map.vn.basemap) map.vn.basemap.bringToBack();
  map.vn.basemapUrl = url;
}

function draw(L, map, payload) {
  const spec = payload.spec;
  const geometries = payload.geometries;
  const vn = map.vn;
  setHeight(map, spec.height);
  joinSyncGroup(map, spec.sync || null);
  setBasemap(L, map, spec.basemap);
  const newUnits = vn.unitsId !== spec.units.id;
  const linesId = [
    spec.units.id,
    spec.selection ? spec.selection.code : "",
    ...(spec.lines || []).map((part) => part.id),
  ].join("|");
  // Old layers go before the view moves: a fit with them on the map would project them all.
  if (vn.lines && (newUnits || vn.linesId !== linesId)) {
    map.removeLayer(vn.lines);
    vn.lines = null;
  }
  if (newUnits && vn.units) {
    map.removeLayer(vn.units);
    vn.units = null;
  }
  if (vn.view !== spec.view) {
    vn.bounds = spec.bounds;
    vn.userMoved = false;
    fitToUnits(L, map, spec.bounds);
    vn.view = spec.view;
  }
  if (newUnits) {
    const onClick = (code) => vn.onClick(code);
    vn.units = spec.units.canvas
      ? new (canvasUnitsClass(L))(
          spec.units, geometries.units, spec.outlines, geometries.outlines, onClick,
        ).addTo(map)
      : unitsLayer(L, spec.units, geometries.units, vn.svg, onClick).addTo(map);
    vn.unitsId = spec.units.id;
    // The map element says what it shows: the browser tests and the benchmark wait on it.
    map.getContainer().dataset.units = String(spec.units.codes.length);
  }
  if (!vn.lines) {
    vn.lines = L.featureGroup();
    // A canvas view's outlines are drawn by its units layer, on the same canvas.
    if (spec.outlines && !spec.units.canvas) {
      linesLayer(L, spec.outlines, geometries.outlines, vn.svg).addTo(vn.lines);
    }
    (spec.lines || []).forEach((part) => {
      linesLayer(L, part, geometries[part.name], vn.svg).addTo(vn.lines);
    });
    if (spec.selection) {
      linesLayer(L, spec.selection, geometries.selection, vn.svg).addTo(vn.lines);
    }
    vn.lines.addTo(map);
    vn.linesId = linesId;
  }
  const badgesId = spec.badges ? JSON.stringify(spec.badges) : null;
  if (badgesId !== vn.badgesId) {
    if (vn.badges) map.removeLayer(vn.badges);
    vn.badges = spec.badges ? badgesLayer(L, spec.badges).addTo(map) : null;
    vn.badgesId = badgesId;
  }
  const labelsId = spec.labels ? JSON.stringify(spec.labels) : null;
  if (labelsId !== vn.labelsId) {
    if (vn.labels) map.removeLayer(vn.labels);
    vn.labels = spec.labels ? labelsLayer(L, spec.labels).addTo(map) : null;
    vn.labelsId = labelsId;
  }
  showBoxes(map, spec.controls);
  map.getContainer().dataset.view = spec.view;
  map.getContainer().dataset.lines = vn.linesId;
}

/** The payload's id, read from its first bytes ({"id":"…", …}) without parsing the rest. */
function payloadId(bytes) {
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  const found = /^\{"id":"([0-9a-f]+)"/.exec(head);
  return found ? found[1] : null;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const L = window.L;
  const el = parentElement.querySelector(".vn-map");
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const map = el.vnMap || (el.vnMap = createMap(L, el));
  // The trigger of the latest run (the setter is per mount, keep the newest).
  map.vn.onClick = (code) => setTriggerValue("clicked", code);
  // Streamlit calls this on every rerun; a payload already drawn is not parsed again.
  const id = payloadId(bytes);
  if (id === null || id !== map.vn.payloadId) {
    el.dataset.payloadBytes = String(bytes.byteLength);
    draw(L, map, JSON.parse(new TextDecoder().decode(bytes)));
    map.vn.payloadId = id;
  }
  // Called by Streamlit when the element goes (another page): free the map and its observer.
  // Streamlit also calls it at once for a call overtaken by a newer rerun; the element is
  // still on the page then, and its map stays.
  return () => {
    if (el.isConnected || el.vnMap !== map) return;
    leaveSyncGroup(map);
    map.vn.observer.disconnect();
    map.remove();
    delete el.vnMap;
  };
}
