// The dashboard's map: a Streamlit components-v2 module (no iframe) drawing one Leaflet map.
//
// Leaflet itself is not fetched: Python puts its source (from the app's own copy, never a CDN)
// before this module, which Streamlit imports once per page.
//
// Python (dashboard/map_component.py) mounts it with one payload per run: UTF-8 JSON bytes
// built by dashboard.map_builder.view_payload, {"spec": {...}, "geometries": {...}}. The map
// is created once per element and kept across reruns; each payload only swaps what changed:
//
//   * a payload with the id of the one drawn last is not even parsed (a rerun that changed
//     nothing on the map);
//   * the units layer is rebuilt when spec.units.id changes (another view, metric, period,
//     classes or language), otherwise kept as it is (e.g. when a commune gets selected);
//   * the view is fitted to spec.bounds once per spec.view, with no units on the map (a fit
//     with units on it projects every vertex once more);
//   * lines (outlines, selection) follow the units and the selection; press badges, map
//     furniture and the basemap follow the payload.
//
// Geometry arrives as polyline-encoded rings (dashboard.map_builder.encode_ring), decoded here
// straight into Leaflet LatLngs. Every HTML string (tooltips, controls, popups) was escaped in
// Python; badge counts go in as text. A click on a unit sends its official code back as the
// "clicked" trigger (one value per click, consumed by one rerun).

/** One polyline-encoded ring (lon first, zig-zag varints) as Leaflet LatLngs. */
function decodeRing(L, text, factor) {
  const out = [];
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
    out.push(new L.LatLng(y / factor, x / factor));
  }
  return out;
}

function latLngs(L, geometry, factor) {
  const depth = geometry.type === "Polygon" ? 1 : 2;
  if (!geometry.e) return L.GeoJSON.coordsToLatLngs(geometry.coordinates, depth); // GeoJSON
  if (geometry.type === "Polygon") return geometry.e.map((s) => decodeRing(L, s, factor));
  return geometry.e.map((polygon) => polygon.map((s) => decodeRing(L, s, factor)));
}

function tooltipHtml(labels, props) {
  return (
    "<table><tr><th>" + labels[0] + "</th><td>" + props[0] + "</td></tr>" +
    "<tr><th>" + labels[1] + "</th><td>" + props[1] + "</td></tr></table>"
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
  });
  group.on("mouseover", (e) => e.layer.setStyle(units.highlight));
  group.on("mouseout", (e) => e.layer.setStyle(styleOf(e.layer)));
  group.on("click", (e) => onClick(e.layer.vnCode));
  return group;
}

/** Lines drawn over the units (province borders, the selected unit): never catch clicks.
 * They share the units' renderer: a canvas of their own would lie on top of the units' and
 * take every click and hover (Leaflet only skips non-interactive paths within a renderer). */
function linesLayer(L, part, geometries, renderer) {
  const factor = Math.pow(10, part.precision);
  const group = L.featureGroup();
  geometries.forEach((g) => {
    group.addLayer(
      new L.Polygon(latLngs(L, g, factor), { ...part.style, renderer, interactive: false })
    );
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
    marker.bindTooltip(d.tip, { direction: "top", offset: [0, -12] });
    marker.bindPopup(d.popup, { maxWidth: 380, maxHeight: 360 });
    group.addLayer(marker);
  });
  return group;
}

function htmlControl(L, part) {
  const control = L.control({ position: part.position });
  control.onAdd = () => {
    const div = L.DomUtil.create("div", part.className);
    div.innerHTML = part.html; // escaped in Python
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  return control;
}

function createMap(L, el) {
  const map = L.map(el, { zoomSnap: 0.25, zoomControl: true });
  L.control.scale().addTo(map);
  // Leaflet measures its container once; the column can change width (sidebar, window).
  const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
  observer.observe(el);
  map.vn = {
    // One renderer of each kind for the map's whole life: Leaflet never removes a renderer
    // that has no paths left, so one per layer would pile up with every view.
    renderers: { svg: L.svg({ padding: 0.5 }), canvas: L.canvas({ padding: 0.5 }) },
    observer, payloadId: null, units: null, unitsId: null, view: null, lines: null,
    linesId: null, controls: [], basemap: null, basemapUrl: null, badges: null,
    badgesId: null, onClick: null,
  };
  return map;
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
  const renderer = spec.units.canvas ? vn.renderers.canvas : vn.renderers.svg;
  setBasemap(L, map, spec.basemap);
  const newUnits = vn.unitsId !== spec.units.id;
  const linesId = spec.units.id + "|" + (spec.selection ? spec.selection.code : "");
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
    map.fitBounds(spec.bounds, { animate: false });
    vn.view = spec.view;
  }
  if (newUnits) {
    const onClick = (code) => vn.onClick(code);
    vn.units = unitsLayer(L, spec.units, geometries.units, renderer, onClick).addTo(map);
    vn.unitsId = spec.units.id;
    // The map element says what it shows: the browser tests and the benchmark wait on it.
    map.getContainer().dataset.units = String(spec.units.codes.length);
    map.getContainer().dataset.view = spec.view;
  }
  if (!vn.lines) {
    vn.lines = L.featureGroup();
    if (spec.outlines) linesLayer(L, spec.outlines, geometries.outlines, renderer).addTo(vn.lines);
    if (spec.selection) {
      linesLayer(L, spec.selection, geometries.selection, renderer).addTo(vn.lines);
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
  vn.controls.forEach((control) => map.removeControl(control));
  vn.controls = spec.controls.map((part) => htmlControl(L, part).addTo(map));
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
    map.vn.observer.disconnect();
    map.remove();
    delete el.vnMap;
  };
}
