// Pure geometry of the map component (no Leaflet, no DOM): decoding the payload's
// polyline-encoded rings, Web Mercator world pixels, bounding boxes and the even-odd hit test
// of the canvas view. Python puts this file before map_component.js in the one module the
// browser imports (dashboard/map/map_component.py); node --test loads it on its own
// (tests/js/component.test.mjs), so it imports nothing.

/** Leaflet's EPSG:3857 latitude limit, in degrees: points beyond it are clamped, as Leaflet
 * clamps them. */
export const MAX_LATITUDE = 85.0511287798;

/** Calls visit(lon, lat) for each vertex of one polyline-encoded ring (lon first, zig-zag
 * varints of the differences, `factor` = 10^decimals: dashboard.map.map_builder.encode_ring). */
export function eachVertex(text, factor, visit) {
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

/** One polyline-encoded ring as [lon, lat] pairs in degrees (or `make(lon, lat)` each). */
export function decodeRing(text, factor, make = (lon, lat) => [lon, lat]) {
  const out = [];
  eachVertex(text, factor, (lon, lat) => out.push(make(lon, lat)));
  return out;
}

/** The rings of a payload geometry ({type, e}) by polygon: [[ring text, …], …]. A "Polygon"
 * is one polygon; a "MultiPolygon" several; "Lines" (boundaries drawn as polylines) one
 * "polygon" per line, so each line is its own ring. */
export function polygonsOf(geometry) {
  if (geometry.type === "Polygon") return [geometry.e];
  if (geometry.type === "MultiPolygon") return geometry.e;
  if (geometry.type === "Lines") return geometry.e.map((line) => [line]);
  throw new Error("unknown geometry type: " + geometry.type);
}

/** Web Mercator world pixels at zoom 0 (0–256, y down: Leaflet's EPSG:3857 pixel space
 * divided by 2^zoom) of a point in degrees, as [x, y]. */
export function worldPixel(lon, lat) {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return [256 * (0.5 + lon / 360), 256 * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI))];
}

/** Traces a Polygon / MultiPolygon geometry in zoom-0 world pixels: each ring a closed
 * sub-path of `path` (anything with moveTo, lineTo and closePath, e.g. a Path2D; null for
 * none). Returns the geometry's bounding box [minX, minY, maxX, maxY] and its rings as flat
 * arrays [x0, y0, x1, y1, …] (same pixels) for pointInRings. */
export function traceGeometry(geometry, factor, path = null) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = [];
  const k = Math.PI / 180;
  polygonsOf(geometry).forEach((polygon) => polygon.forEach((text) => {
    const flat = [];
    eachVertex(text, factor, (lon, lat) => {
      // worldPixel, inlined: this runs for every vertex of a first visit's 3,321 communes.
      const sin = Math.sin(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * k);
      const px = 256 * (0.5 + lon / 360);
      const py = 256 * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
      if (path) {
        if (flat.length === 0) path.moveTo(px, py);
        else path.lineTo(px, py);
      }
      flat.push(px, py);
      if (px < box[0]) box[0] = px;
      if (py < box[1]) box[1] = py;
      if (px > box[2]) box[2] = px;
      if (py > box[3]) box[3] = py;
    });
    if (path) path.closePath();
    rings.push(flat);
  }));
  return { box, rings };
}

/** Whether (x, y) is inside `rings` (flat [x0, y0, …] arrays, closed implicitly) by the
 * even-odd rule, as the canvas fills them: a point in a hole is outside, a point in any
 * polygon of a multipolygon inside. */
export function pointInRings(x, y, rings) {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Whether (x, y) lies in `box` [minX, minY, maxX, maxY], edges included. */
export function inBox(x, y, box) {
  return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

/** The index of the last shape ({box, rings}, drawn in order: the last one on top) under the
 * world pixel (x, y), or -1. */
export function shapeAt(shapes, x, y) {
  for (let i = shapes.length - 1; i >= 0; i--) {
    if (inBox(x, y, shapes[i].box) && pointInRings(x, y, shapes[i].rings)) return i;
  }
  return -1;
}

/** Where a layer point will be once a zoom animation ends, in the layer pixels of the new
 * view, from public map values all projected at the new zoom: `point` and `center` (map
 * project(latlng, zoom)), `size` (map getSize()) and `pane` (the map pane's position,
 * DomUtil.getPosition). Leaflet computes the new pixel origin this way: the projected centre
 * minus half the map's size plus the pane's offset, rounded. All {x, y} objects. */
export function newLayerPoint(point, center, size, pane) {
  const originX = Math.round(center.x - size.x / 2 + pane.x);
  const originY = Math.round(center.y - size.y / 2 + pane.y);
  return { x: point.x - originX, y: point.y - originY };
}
