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
// "clicked" trigger (one value per click, consumed by one rerun). The whole contract:
// dashboard/map/COMPONENT.md.
//
// The pure parts live in dashboard/map/js/ (geometry.js, style.js, text.js, sync.js), unit
// tested with node --test; Python puts them before this file in the one module the browser
// imports, so their functions (eachVertex, traceGeometry, shapeAt, newLayerPoint, unitStyle,
// canvasPaint, tooltipHtml, syncGroups, …) are in scope here. Only Leaflet's documented API
// is used: no member starting with "_" of a Leaflet object, no patched prototype.

/** LatLngs of a geometry: rings of a Polygon, polygons of a MultiPolygon, or the lines of a
 * "Lines" geometry (boundaries drawn as polylines). */
function latLngs(L, geometry, factor) {
  const ring = (text) => decodeRing(text, factor, (lon, lat) => new L.LatLng(lat, lon));
  if (geometry.type === "Polygon" || geometry.type === "Lines") return geometry.e.map(ring);
  return geometry.e.map((polygon) => polygon.map(ring));
}

/** The choropleth: one polygon per unit, styled by class, with tooltip, hover and click.
 * The tooltip and the handlers live on the group (one each, not one per unit). */
function unitsLayer(L, units, geometries, renderer, onClick) {
  const factor = Math.pow(10, units.precision);
  const group = L.featureGroup();
  units.codes.forEach((code, i) => {
    const polygon = new L.Polygon(latLngs(L, geometries[i], factor), {
      ...unitStyle(units, i),
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
  group.on("mouseout", (e) => e.layer.setStyle(unitStyle(units, e.layer.vnIndex)));
  group.on("click", (e) => onClick(e.layer.vnCode));
  return group;
}

/** A geometry as one Path2D (drawn with the even-odd rule, so holes stay holes) in zoom-0
 * world pixels, with its bounding box and rings for the hit test (traceGeometry). */
function tracePath(geometry, factor) {
  const path = new Path2D();
  const { box, rings } = traceGeometry(geometry, factor, path);
  return { path, box, rings };
}

let CanvasUnits = null;

/** The choropleth of a canvas view (all 3,321 communes): every unit a Path2D built once and
 * drawn on one <canvas> with the map's zoom as a transform, plus the province outlines.
 *
 * Why not one L.Polygon per unit on Leaflet's canvas renderer: each polygon then makes
 * LatLng and Point objects for every vertex, and Leaflet reprojects, clips and simplifies all
 * of them again on every zoom; for 3,321 communes that took about 0.2 s of a first visit and
 * of each zoom. Tooltip, hover and click behave as on the SVG views; the hit test is
 * shapeAt (a bounding box, then the even-odd rule, in world pixels), as the canvas fills.
 *
 * Its own members start with "_vn" (or are the `_shapes` the browser tests read), so none
 * can shadow a member of L.Layer. */
function canvasUnitsClass(L) {
  if (CanvasUnits) return CanvasUnits;
  CanvasUnits = L.Layer.extend({
    initialize(units, geometries, outlines, outlineGeometries, onClick) {
      const factor = Math.pow(10, units.precision);
      this._vnUnits = units;
      this._shapes = geometries.map((g) => tracePath(g, factor));
      const outlineFactor = outlines ? Math.pow(10, outlines.precision) : 1;
      this._vnOutlines = outlines ? outlineGeometries.map((g) => tracePath(g, outlineFactor)) : [];
      this._vnOutlineStyle = outlines ? outlines.style : null;
      this._vnOnClick = onClick;
      this._vnHover = -1;
      this._vnMap = null;
    },

    onAdd(map) {
      this._vnMap = map;
      this._vnCanvas = L.DomUtil.create("canvas", "leaflet-zoom-animated vn-canvas-units");
      map.getPane("overlayPane").appendChild(this._vnCanvas);
      this._vnTip = L.tooltip({ pane: TOOLTIP_PANE }); // moved with the mouse by _vnMove
      this._vnReset();
    },

    onRemove(map) {
      map.closeTooltip(this._vnTip);
      map.getContainer().style.cursor = "";
      L.DomUtil.remove(this._vnCanvas);
      this._vnMap = null;
    },

    getEvents() {
      return {
        moveend: this._vnReset,
        resize: this._vnReset,
        viewreset: this._vnReset,
        zoomanim: this._vnAnimateZoom,
        mousemove: this._vnMove,
        mouseout: this._vnOut,
        click: this._vnClick,
      };
    },

    // The canvas covers the map with a margin on each side, so a pan shows drawn units
    // until the redraw at its end (as Leaflet's renderers do).
    _vnReset() {
      const map = this._vnMap;
      const size = map.getSize();
      const pad = size.multiplyBy(0.3).round();
      const topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      const width = size.x + 2 * pad.x;
      const height = size.y + 2 * pad.y;
      const ratio = window.devicePixelRatio || 1;
      this._vnTopLeft = topLeft;
      this._vnTopLeftLatLng = map.layerPointToLatLng(topLeft);
      this._vnZoom = map.getZoom();
      this._vnCanvas.width = Math.round(width * ratio);
      this._vnCanvas.height = Math.round(height * ratio);
      this._vnCanvas.style.width = width + "px";
      this._vnCanvas.style.height = height + "px";
      L.DomUtil.setPosition(this._vnCanvas, topLeft);
      this._vnDraw();
    },

    // During a zoom animation, scale the drawn canvas as Leaflet's own overlays do: its top
    // left goes where that point will be in the new view's layer pixels.
    _vnAnimateZoom(e) {
      const map = this._vnMap;
      const scale = map.getZoomScale(e.zoom, this._vnZoom);
      const pane = L.DomUtil.getPosition(map.getPane("mapPane")) || L.point(0, 0);
      const to = newLayerPoint(
        map.project(this._vnTopLeftLatLng, e.zoom), map.project(e.center, e.zoom),
        map.getSize(), pane,
      );
      L.DomUtil.setTransform(this._vnCanvas, L.point(to.x, to.y), scale);
    },

    /** Canvas px = (zoom-0 world px × 2^zoom − pixel origin − top left) × device ratio. */
    _vnSetTransform(ctx) {
      const ratio = window.devicePixelRatio || 1;
      const scale = Math.pow(2, this._vnZoom);
      const origin = this._vnMap.getPixelOrigin();
      ctx.setTransform(
        ratio * scale, 0, 0, ratio * scale,
        -ratio * (origin.x + this._vnTopLeft.x), -ratio * (origin.y + this._vnTopLeft.y),
      );
      return scale;
    },

    _vnDraw() {
      const ctx = this._vnCanvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._vnCanvas.width, this._vnCanvas.height);
      const scale = this._vnSetTransform(ctx);
      ctx.lineJoin = "round";
      ctx.lineCap = "round";
      const units = this._vnUnits;
      this._shapes.forEach((shape, i) => paintPath(ctx, shape.path, unitStyle(units, i), scale));
      if (this._vnHover >= 0) {
        paintPath(ctx, this._shapes[this._vnHover].path, hoverStyle(units, this._vnHover), scale);
      }
      this._vnOutlines.forEach((shape) => paintPath(ctx, shape.path, this._vnOutlineStyle, scale));
    },

    /** The index of the unit under a map mouse event (its latlng), or -1. */
    _vnUnitAt(e) {
      const world = this._vnMap.project(e.latlng, 0); // zoom-0 world pixels
      return shapeAt(this._shapes, world.x, world.y);
    },

    _vnMove(e) {
      const index = this._vnUnitAt(e);
      const map = this._vnMap;
      if (index !== this._vnHover) {
        this._vnHover = index;
        this._vnDraw();
        map.getContainer().style.cursor = index >= 0 ? "pointer" : "";
        if (index >= 0) {
          const units = this._vnUnits;
          this._vnTip.setContent(tooltipHtml(units.tooltip, units.props[index]));
          this._vnTip.setLatLng(e.latlng);
          map.openTooltip(this._vnTip);
        } else {
          map.closeTooltip(this._vnTip);
        }
      } else if (index >= 0) {
        this._vnTip.setLatLng(e.latlng);
      }
    },

    _vnOut() {
      if (this._vnHover < 0) return;
      this._vnHover = -1;
      this._vnDraw();
      this._vnMap.getContainer().style.cursor = "";
      this._vnMap.closeTooltip(this._vnTip);
    },

    _vnClick(e) {
      const index = this._vnUnitAt(e);
      if (index >= 0) this._vnOnClick(this._vnUnits.codes[index]);
    },
  });
  return CanvasUnits;
}

/** Fill and stroke one path with a Leaflet path style (canvasPaint) at `scale` CSS pixels
 * per world unit. */
function paintPath(ctx, path, style, scale) {
  const paint = canvasPaint(style, scale);
  if (paint.fill) {
    ctx.globalAlpha = paint.fillAlpha;
    ctx.fillStyle = paint.fillColor;
    ctx.fill(path, "evenodd");
  }
  if (!paint.stroke) return;
  ctx.globalAlpha = paint.strokeAlpha;
  ctx.strokeStyle = paint.color;
  ctx.lineWidth = paint.lineWidth;
  ctx.setLineDash(paint.dash);
  ctx.stroke(path);
  ctx.setLineDash([]);
}

/** Lines drawn over the SVG units (province borders, the selected unit, old boundaries):
 * never catch clicks. They share the units' renderer, whose non-interactive paths let events
 * through. A part has one `style` for all its shapes, or `styles` and a `style` index per
 * shape (as the units). */
function linesLayer(L, part, geometries, renderer) {
  const factor = Math.pow(10, part.precision);
  const group = L.featureGroup();
  geometries.forEach((g, i) => {
    const Shape = g.type === "Lines" ? L.Polyline : L.Polygon;
    group.addLayer(new Shape(latLngs(L, g, factor), lineOptions(partStyle(part, i), renderer)));
  });
  return group;
}

/** Press-figure badges: a divIcon per province (no image, no icon font) with a popup. */
function badgesLayer(L, badges) {
  const group = L.featureGroup();
  const html = badgeHtml(badges.color);
  badges.points.forEach((d) => {
    const icon = L.divIcon({
      className: "vn-rf-badge",
      html,
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
    const icon = L.divIcon({
      className: "vn-island-label",
      html: placeLabelHtml(label.lines, label.side), // each line escaped in Python
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

/** Leaflet focuses the map's container on the first mousedown (keyboard handler) and after a
 * click on a control, with a plain focus(): the browser then scrolls the whole container
 * into view. Leaflet undoes that for the window only, but Streamlit's page scrolls inside
 * <main data-testid="stMain">, so the page jumped (about 300 px at 1280×720) between
 * mousedown and mouseup, and the click landed elsewhere or not at all. This container's own
 * focus() focuses without scrolling, whoever calls it (a DOM-level fix: Leaflet is not
 * touched). */
function focusWithoutScrolling(el) {
  const focus = HTMLElement.prototype.focus;
  el.focus = function (options) {
    focus.call(this, { ...(options || {}), preventScroll: true });
  };
}

function createMap(L, el) {
  focusWithoutScrolling(el);
  const map = L.map(el, { zoomSnap: 0.25, zoomControl: true });
  L.control.scale().addTo(map);
  addTooltipPane(L, map);
  // Leaflet measures its container once; the column can change width (sidebar, window,
  // the side panel's first run). Until the user moves the map, keep its units fitted.
  const observer = new ResizeObserver(() => {
    if (map.vn.bounds && !map.vn.userMoved) {
      map.invalidateSize({ pan: false });
      fitToUnits(L, map, map.vn.bounds);
    } else {
      // A view the user chose keeps its centre (Leaflet's default would keep the top left
      // corner, and the place in the middle would slide aside as the column settles).
      map.invalidateSize({ animate: false });
    }
  });
  observer.observe(el);
  map.on("dragstart zoomstart", () => {
    if (!map.vn.fitting) map.vn.userMoved = true;
  });
  map.on("moveend", () => SYNC.remember(map, map.vn.view));
  map.vn = {
    // One SVG renderer for the map's whole life: Leaflet never removes a renderer that has
    // no paths left, so one per layer would pile up with every view. (A canvas view draws
    // its own canvas: CanvasUnits.)
    svg: L.svg({ padding: 0.5 }),
    observer, payloadId: null, units: null, unitsId: null, view: null, lines: null,
    linesId: null, basemap: null, basemapUrl: null, badges: null,
    badgesId: null, labels: null, labelsId: null, onClick: null, bounds: null,
    fitting: false, userMoved: false, legendOpen: null, height: null,
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

/** The page's sync groups (spec.sync, js/sync.js): maps that show the same place side by
 * side keep the same centre and zoom. */
// Kept on the window, not in this module: Streamlit may load the module again for a new
// element, and the maps of one page (and the views they remember) must share one registry.
const SYNC = globalThis.vnMapSync || (globalThis.vnMapSync = syncGroups());

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
  SYNC.join(map, spec.sync || null);
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
    const kept = SYNC.recall(spec.sync, spec.view);
    if (kept) {
      // The user's own view, given back. Marked moved first: the group's other maps take
      // that flag from this one as they follow, and a map not moved by the user is fitted
      // again when its column resizes.
      vn.userMoved = true;
      vn.fitting = true;
      map.setView(kept.center, kept.zoom, { animate: false });
      vn.fitting = false;
    } else {
      vn.userMoved = false;
      fitToUnits(L, map, spec.bounds);
    }
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
    SYNC.leave(map);
    map.vn.observer.disconnect();
    map.remove();
    delete el.vnMap;
  };
}
