// Pure HTML helpers of the map component (no Leaflet, no DOM). Every text of the payload that
// reaches HTML (names, values, labels, titles) was escaped in Python
// (dashboard.map.map_builder, dashboard.compare.map_payload): these functions put such
// strings in as they are (never decoded, never escaped twice) and add only their own fixed
// tags. What the module builds from other values (a colour, a side) is checked here. Loaded
// before map_component.js in the browser's one module and on its own by node --test; it
// imports nothing.

/** A unit's tooltip: a table of labelled rows (labels and props escaped HTML: name, value,
 * and an optional third row, the data coverage of an aggregated value, shown when the unit
 * has one), or, with no labels (`null`), the unit's own text props[0] (escaped HTML lines,
 * as the compare maps send). */
export function tooltipHtml(labels, props) {
  if (!labels) return '<div class="vn-tip">' + (props[0] || "") + "</div>";
  const row = (label, value) => "<tr><th>" + (label || "") + "</th><td>" + value + "</td></tr>";
  // A third, optional row: the data coverage of an aggregated value ("3/56 xã, phường…").
  const coverage = props.length > 2 && props[2] ? row(labels[2], props[2]) : "";
  return "<table>" + row(labels[0], props[0]) + row(labels[1], props[1]) + coverage + "</table>";
}

/** `value` if it is a #rrggbb colour, the only form put into a style attribute (as Python's
 * css_color), else `fallback`. */
export function cssColor(value, fallback = "#333333") {
  return /^#[0-9a-fA-F]{6}$/.test(String(value)) ? String(value) : fallback;
}

/** A permanent place name (the archipelagos): its lines (escaped HTML) one under the other,
 * beside its point on `side` "top" or "bottom" (any other side: "bottom"). */
export function placeLabelHtml(lines, side) {
  const where = side === "top" ? "top" : "bottom";
  return '<div class="vn-island-' + where + '">' + lines.join("<br>") + "</div>";
}

/** A press-figure badge: an empty ring in `color` (its count goes in as text, not HTML). */
export function badgeHtml(color) {
  const c = cssColor(color);
  const ring =
    "display:block;width:24px;height:24px;border-radius:50%;background:#ffffff;" +
    "border:2px solid " + c + ";color:" + c + ";" +
    "font:700 11px/22px sans-serif;text-align:center;box-shadow:0 1px 3px rgba(0,0,0,.45)";
  return '<span style="' + ring + '"></span>';
}
