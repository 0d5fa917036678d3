// The map component's pure JavaScript (dashboard/map/js/), run by tests/test_component_js.py
// with `node --test`: COMPONENT_FIXTURE names a JSON file holding what Python makes of the
// same data (encoded rings and their coordinates, shapes with points inside and outside by
// shapely, real payload tooltips and styles) and the paths of the modules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const fixture = JSON.parse(readFileSync(process.env.COMPONENT_FIXTURE, "utf-8"));
// The parts are ES modules for the browser, loaded as they are, from their text, each alone.
const load = (path) => import(
  "data:text/javascript;base64," + Buffer.from(readFileSync(path, "utf-8")).toString("base64")
);
const geometry = await load(fixture.parts.geometry);
const style = await load(fixture.parts.style);
const text = await load(fixture.parts.text);
const sync = await load(fixture.parts.sync);

test("rings decode to the coordinates Python encoded", () => {
  for (const ring of fixture.rings) {
    const factor = Math.pow(10, ring.decimals);
    assert.deepEqual(geometry.decodeRing(ring.text, factor), ring.coords);
    // The same vertices through eachVertex, and into any object.
    let n = 0;
    geometry.eachVertex(ring.text, factor, () => n++);
    assert.equal(n, ring.coords.length);
    const made = geometry.decodeRing(ring.text, factor, (lon, lat) => ({ lat, lon }));
    assert.deepEqual(made[0], { lat: ring.coords[0][1], lon: ring.coords[0][0] });
  }
  assert.deepEqual(geometry.decodeRing("", 1e5), []);
});

test("world pixels are Web Mercator at zoom 0, clamped as Leaflet", () => {
  assert.deepEqual(geometry.worldPixel(0, 0), [128, 128]);
  assert.deepEqual(geometry.worldPixel(-180, 0), [0, 128]);
  const [, top] = geometry.worldPixel(0, geometry.MAX_LATITUDE);
  assert.ok(Math.abs(top) < 1e-6, String(top));
  assert.deepEqual(geometry.worldPixel(0, 89.9), geometry.worldPixel(0, 90));
  // Hà Nội; the expected pixels from pyproj's EPSG:3857 metres (x, y) × 256 / (2π × 6378137).
  const [x, y] = geometry.worldPixel(105.85, 21.03);
  assert.ok(Math.abs(x - 203.27111111) < 1e-6 && Math.abs(y - 112.69777883) < 1e-6, `${x} ${y}`);
});

test("a traced geometry's box holds its vertices and its rings are the decoded ones", () => {
  for (const shape of fixture.shapes) {
    const factor = Math.pow(10, shape.decimals);
    const calls = [];
    const path = {
      moveTo: (x, y) => calls.push(["M", x, y]),
      lineTo: (x, y) => calls.push(["L", x, y]),
      closePath: () => calls.push(["Z"]),
    };
    const { box, rings } = geometry.traceGeometry(shape.geometry, factor, path);
    const polygons = geometry.polygonsOf(shape.geometry);
    const texts = polygons.flat();
    assert.equal(rings.length, texts.length, shape.name);
    assert.equal(calls.filter((c) => c[0] === "M").length, texts.length);
    assert.equal(calls.filter((c) => c[0] === "Z").length, texts.length);
    texts.forEach((t, i) => {
      const expected = geometry.decodeRing(t, factor).flatMap(([lon, lat]) => geometry.worldPixel(lon, lat));
      assert.deepEqual(Array.from(rings[i]), expected);
    });
    const xs = rings.flatMap((r) => Array.from(r).filter((_, i) => i % 2 === 0));
    const ys = rings.flatMap((r) => Array.from(r).filter((_, i) => i % 2 === 1));
    assert.deepEqual(box, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    // No path: the same box and rings.
    assert.deepEqual(geometry.traceGeometry(shape.geometry, factor), { box, rings });
  }
});

test("hit test: inside, outside, in holes, on multipolygons, as shapely says", () => {
  const shapes = fixture.shapes.map((s) =>
    geometry.traceGeometry(s.geometry, Math.pow(10, s.decimals)));
  fixture.shapes.forEach((s, i) => {
    for (const [lon, lat] of s.inside) {
      const [x, y] = geometry.worldPixel(lon, lat);
      assert.ok(geometry.pointInRings(x, y, shapes[i].rings), `${s.name}: ${lon} ${lat} inside`);
      assert.equal(geometry.shapeAt(shapes, x, y), i, `${s.name}: ${lon} ${lat}`);
    }
    for (const [lon, lat] of s.outside) {
      const [x, y] = geometry.worldPixel(lon, lat);
      assert.ok(!geometry.pointInRings(x, y, shapes[i].rings), `${s.name}: ${lon} ${lat} outside`);
    }
  });
  // The hole of the holed square, its middle: outside it, and no shape there.
  const [hx, hy] = geometry.worldPixel(105.1, 21.1);
  assert.equal(geometry.shapeAt(shapes, hx, hy), -1);
  // Between the two squares of the pair: outside.
  const [gx, gy] = geometry.worldPixel(106.2, 22.05);
  assert.equal(geometry.shapeAt(shapes, gx, gy), -1);
  // Overlapping shapes: the last drawn (on top) is found.
  const square = [0, 0, 10, 0, 10, 10, 0, 10];
  const two = [{ box: [0, 0, 10, 10], rings: [square] }, { box: [0, 0, 10, 10], rings: [square] }];
  assert.equal(geometry.shapeAt(two, 5, 5), 1);
  assert.equal(geometry.shapeAt([], 5, 5), -1);
});

test("the new layer point of a zoom animation, from public map values", () => {
  // Leaflet: project(latlng, zoom) − round(project(center, zoom) − size / 2 + pane offset).
  const to = geometry.newLayerPoint(
    { x: 1000.25, y: 2000.75 }, { x: 1500.4, y: 2300.6 }, { x: 801, y: 600 }, { x: -12, y: 7 },
  );
  assert.deepEqual(to, { x: 1000.25 - 1088, y: 2000.75 - 2008 });
  const still = geometry.newLayerPoint({ x: 10, y: 20 }, { x: 400, y: 300 }, { x: 800, y: 600 }, { x: 0, y: 0 });
  assert.deepEqual(still, { x: 10, y: 20 });
});

test("tooltips: two rows of name and value, escaped once, in Python", () => {
  const units = fixture.tooltips.plain;
  assert.equal(units.tooltip.length, 2);
  const html = text.tooltipHtml(units.tooltip, units.props[0]);
  assert.equal((html.match(/<tr>/g) || []).length, 2);
  assert.ok(html.includes("<td>" + fixture.tooltips.escaped + "</td>"), html);
  assert.ok(html.includes("<th>" + fixture.tooltips.metric + "</th>"), html);
  // Names with a script tag, quotes and an ampersand stay text: only the module's own tags.
  assert.ok(!html.includes(fixture.tooltips.evil));
  assert.deepEqual(
    [...new Set(html.match(/<\/?[a-z]+/g))].sort(), ["</table", "</td", "</th", "</tr", "<table", "<td", "<th", "<tr"],
  );
  assert.ok(!/&amp;amp;|&amp;lt;/.test(html), "escaped twice: " + html);
});

test("tooltips: a third row with the coverage, only where a value rests on part", () => {
  const units = fixture.tooltips.coverage;
  assert.equal(units.tooltip.length, 3);
  const partial = text.tooltipHtml(units.tooltip, units.props[0]);
  assert.equal((partial.match(/<tr>/g) || []).length, 3);
  assert.ok(partial.includes(fixture.tooltips.coverage_text), partial);
  const whole = text.tooltipHtml(units.tooltip, units.props[1]);
  assert.equal((whole.match(/<tr>/g) || []).length, 2, whole);
  // A missing label is an empty header, not "undefined".
  const unlabelled = text.tooltipHtml(["a", "b"], ["x", "y", "z"]);
  assert.ok(unlabelled.includes("<tr><th></th><td>z</td></tr>"), unlabelled);
});

test("tooltips: no labels, each unit's own text (the compare maps)", () => {
  const units = fixture.tooltips.compare;
  assert.equal(units.tooltip, null);
  const html = text.tooltipHtml(units.tooltip, units.props[0]);
  assert.equal(html, '<div class="vn-tip">' + units.props[0][0] + "</div>");
  assert.ok(html.includes(fixture.tooltips.escaped) && !html.includes("<script"));
  assert.equal(text.tooltipHtml(null, units.props[1]), '<div class="vn-tip"></div>');
});

test("what the module writes into HTML itself: colours and sides are checked", () => {
  assert.equal(text.cssColor("#a1B2c3"), "#a1B2c3");
  for (const bad of ["red;background:url(x)", "#fff", '#123456"><script>', null, undefined]) {
    assert.equal(text.cssColor(bad), "#333333", String(bad));
  }
  const badge = text.badgeHtml('#123456"><script>alert(1)</script>');
  assert.ok(!badge.includes("<script") && badge.includes("#333333"), badge);
  assert.ok(text.badgeHtml("#d7191c").includes("border:2px solid #d7191c;color:#d7191c;"));
  const lines = ["Quần đảo Hoàng Sa", fixture.tooltips.escaped];
  assert.equal(text.placeLabelHtml(lines, "top"),
    '<div class="vn-island-top">Quần đảo Hoàng Sa<br>' + fixture.tooltips.escaped + "</div>");
  assert.ok(text.placeLabelHtml(lines, "bottom").startsWith('<div class="vn-island-bottom">'));
  assert.ok(text.placeLabelHtml(lines, '"><script>').startsWith('<div class="vn-island-bottom">'));
});

test("dash patterns: Leaflet's dashArray as canvas lengths", () => {
  assert.deepEqual(style.dashPattern("3 3"), [3, 3]);
  assert.deepEqual(style.dashPattern("5, 4", 2), [2.5, 2]);
  assert.deepEqual(style.dashPattern(" 1,3 ", 4), [0.25, 0.75]);
  assert.deepEqual(style.dashPattern("4 3 1"), [4, 3, 1]);
  for (const none of [undefined, null, "", "  ", "0 0", "a b", "3 -1", "3 Infinity"]) {
    assert.deepEqual(style.dashPattern(none), [], String(none));
  }
});

test("the payload's styles as the canvas paints them", () => {
  const s = fixture.styles;
  const scale = 4; // zoom 2: four CSS pixels per world unit
  const plain = style.canvasPaint(s.plain, scale);
  assert.deepEqual(plain, {
    fill: true, fillAlpha: s.plain.fillOpacity, fillColor: s.plain.fillColor, stroke: true,
    strokeAlpha: 1, color: s.plain.color, lineWidth: s.plain.weight / scale, dash: [],
  });
  assert.deepEqual(style.canvasPaint(s.no_data, scale).dash, [0.75, 0.75]);
  assert.deepEqual(style.canvasPaint(s.partial, scale).dash, [0.25, 0.75]);
  const outline = style.canvasPaint(s.outline, scale);
  assert.equal(outline.fill, false);
  assert.equal(outline.strokeAlpha, s.outline.opacity);
  assert.deepEqual(style.canvasPaint(s.old_outline, 1).dash, [5, 4]);
  // Leaflet's defaults: fill opacity 0.2, fill colour the stroke's; no weight, no stroke.
  const bare = style.canvasPaint({ color: "#111111" });
  assert.equal(bare.fillAlpha, 0.2);
  assert.equal(bare.fillColor, "#111111");
  assert.equal(bare.stroke, false);
  assert.equal(style.canvasPaint({ ...s.plain, stroke: false }).stroke, false);
});

test("style lookup: units by index, hover on top, line parts with one or many styles", () => {
  const s = fixture.styles;
  const units = { styles: [s.plain, s.no_data], style: [1, 0, 1], highlight: s.highlight };
  assert.equal(style.unitStyle(units, 0), s.no_data);
  assert.equal(style.unitStyle(units, 1), s.plain);
  const hover = style.hoverStyle(units, 0);
  assert.equal(hover.fillColor, s.no_data.fillColor);
  assert.equal(hover.weight, s.highlight.weight);
  assert.equal(hover.dashArray, ""); // the highlight's solid line over the no-data dashes
  assert.equal(units.styles[1].dashArray, "3 3"); // the payload's own style is not changed
  assert.equal(style.partStyle({ style: s.outline }, 5), s.outline);
  assert.equal(style.partStyle({ styles: [s.outline, s.selection], style: [1, 0] }, 0), s.selection);
});

test("lines over the units never take the pointer", () => {
  const renderer = { name: "svg" };
  const options = style.lineOptions({ ...s().selection, interactive: true }, renderer);
  assert.equal(options.interactive, false);
  assert.equal(options.renderer, renderer);
  assert.equal(options.color, s().selection.color);
  function s() { return fixture.styles; }
});

/** A stand-in for a Leaflet map: view, events, and setView firing "move" and "zoom" at once. */
function fakeMap(name) {
  const handlers = new Map();
  const map = {
    name,
    vn: { userMoved: false, fitting: false },
    center: [0, 0],
    zoom: 5,
    moves: 0,
    on(types, fn) { types.split(" ").forEach((t) => handlers.set(t, [...(handlers.get(t) || []), fn])); },
    off(types, fn) { types.split(" ").forEach((t) => handlers.set(t, (handlers.get(t) || []).filter((f) => f !== fn))); },
    fire(type) { (handlers.get(type) || []).forEach((fn) => fn()); },
    getCenter() { return map.center; },
    getZoom() { return map.zoom; },
    setView(center, zoom) {
      map.moves += 1;
      map.center = center;
      map.zoom = zoom;
      map.fire("move");
      map.fire("zoom");
    },
    listeners(type) { return (handlers.get(type) || []).length; },
  };
  return map;
}

/** The user moves `map`: its view changes, then Leaflet fires the events. */
function userMove(map, center, zoom) {
  map.vn.userMoved = true;
  map.center = center;
  map.zoom = zoom;
  map.fire("move");
  map.fire("zoom");
}

test("sync: A moves, B follows, and B's move does not echo back", () => {
  const groups = sync.syncGroups();
  const a = fakeMap("a"), b = fakeMap("b");
  groups.join(a, "compare");
  groups.join(b, "compare");
  assert.equal(a.moves + b.moves, 0); // joining moves nothing
  userMove(a, [21, 105], 8);
  assert.deepEqual([b.center, b.zoom], [[21, 105], 8]);
  assert.ok(b.vn.userMoved, "the follower counts as moved by the user");
  assert.equal(b.vn.fitting, false);
  assert.equal(a.moves, 0, "no echo: A was not moved back");
  assert.equal(b.moves, 2, "B followed once per event of A (move, zoom)");
  userMove(b, [22, 106], 9);
  assert.deepEqual([a.center, a.zoom], [[22, 106], 9]);
  assert.equal(b.moves, 2);
});

test("sync: the follower is moved as a fit of the component's, not the user's", () => {
  const groups = sync.syncGroups();
  const a = fakeMap("a"), b = fakeMap("b");
  groups.join(a, "g");
  groups.join(b, "g");
  let fittingWhileMoved = null;
  b.on("move", () => { fittingWhileMoved = b.vn.fitting; });
  a.center = [1, 2];
  a.fire("move"); // a fit of A's (userMoved false)
  assert.equal(fittingWhileMoved, true);
  assert.equal(b.vn.userMoved, false);
});

test("sync: leave stops following; rejoin, switch groups, forget empty groups", () => {
  const groups = sync.syncGroups();
  const a = fakeMap("a"), b = fakeMap("b"), c = fakeMap("c");
  [a, b, c].forEach((m) => groups.join(m, "three"));
  assert.deepEqual(groups.members("three").map((m) => m.name), ["a", "b", "c"]);
  userMove(c, [10, 100], 6);
  assert.deepEqual([a.center, b.center], [[10, 100], [10, 100]]);
  assert.equal(c.moves, 0);
  groups.leave(b);
  assert.equal(b.listeners("move"), 0);
  assert.equal(groups.nameOf(b), null);
  userMove(a, [11, 101], 7);
  assert.deepEqual([b.center, c.center], [[10, 100], [11, 101]]);
  userMove(b, [12, 102], 8); // B moves alone now
  assert.deepEqual(a.center, [11, 101]);
  // Joining the same group again is nothing; another group, a move; no group, a leave.
  groups.join(a, "three");
  assert.equal(a.listeners("move"), 1);
  groups.join(a, "other");
  assert.deepEqual(groups.members("three").map((m) => m.name), ["c"]);
  groups.join(c, null);
  assert.deepEqual(groups.members("three"), []);
  userMove(a, [13, 103], 9);
  assert.deepEqual(c.center, [11, 101]);
  groups.leave(c); // not in a group: nothing
});

test("sync: a view the user moved to is kept per group and view key", () => {
  const groups = sync.syncGroups();
  const a = fakeMap("a"), b = fakeMap("b");
  groups.join(a, "compare");
  groups.remember(a, "communes:04::"); // not moved by the user: nothing kept
  assert.equal(groups.recall("compare", "communes:04::"), null);
  userMove(a, [22.8, 105.7], 10);
  groups.remember(a, "communes:04::");
  assert.deepEqual(groups.recall("compare", "communes:04::"), { center: [22.8, 105.7], zoom: 10 });
  assert.equal(groups.recall("compare", "communes:08::"), null); // another view
  assert.equal(groups.recall("other", "communes:04::"), null); // another group
  assert.equal(groups.recall(null, "communes:04::"), null); // no group
  groups.leave(a); // the map goes (the mode changed); its view stays for the next one
  groups.join(b, "compare");
  assert.deepEqual(groups.recall("compare", "communes:04::").zoom, 10);
  groups.remember(fakeMap("alone"), "x"); // a map in no group keeps nothing
  assert.equal(groups.recall("compare", "x"), null);
});

test("the one module Python sends: the parts and the component share its scope", async () => {
  const component = await load(fixture.component);
  assert.equal(typeof component.default, "function");
  for (const part of [geometry, style, text, sync]) {
    for (const name of Object.keys(part)) assert.ok(name in component, name);
  }
});
