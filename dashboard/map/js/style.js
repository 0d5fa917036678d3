// Pure style helpers of the map component (no Leaflet, no DOM): which Leaflet path style a
// unit or line has, and how the canvas view paints a style (dash patterns and line widths in
// world units). Loaded before map_component.js in the browser's one module and on its own by
// node --test (tests/js/component.test.mjs); it imports nothing.

/** A unit's Leaflet path style: the payload's styles are deduplicated, `units.style[i]` is
 * the index of unit i's style in `units.styles`. */
export function unitStyle(units, i) {
  return units.styles[units.style[i]];
}

/** A unit's style while the pointer is over it: its own with the highlight on top. */
export function hoverStyle(units, i) {
  return { ...unitStyle(units, i), ...units.highlight };
}

/** The style of shape i of a line part: one `style` for all its shapes, or `styles` and a
 * `style` index per shape (as the units). */
export function partStyle(part, i) {
  return part.styles ? part.styles[part.style[i]] : part.style;
}

/** Leaflet options of a line drawn over the units (outlines, selection, compare lines): the
 * part's style, the units' renderer, and never interactive, so a click on a line reaches the
 * unit under it. */
export function lineOptions(style, renderer) {
  return { ...style, renderer, interactive: false };
}

/** A dash pattern ("3 3", "5, 4", Leaflet's dashArray) as canvas lengths: CSS pixels divided
 * by `scale` (the canvas draws in world units, 2^zoom CSS pixels each). No dash ([]) for
 * none, an empty text, or a pattern with anything but non-negative numbers (as SVG ignores
 * an invalid stroke-dasharray); an all-zero pattern is no dash either. */
export function dashPattern(dashArray, scale = 1) {
  if (dashArray === undefined || dashArray === null) return [];
  const text = String(dashArray).trim();
  if (!text) return [];
  const lengths = text.split(/[\s,]+/).map(Number);
  if (lengths.some((d) => !Number.isFinite(d) || d < 0)) return [];
  if (lengths.every((d) => d === 0)) return [];
  return lengths.map((d) => d / scale);
}

/** How the canvas paints a Leaflet path style at `scale` (CSS pixels per world unit), with
 * Leaflet's defaults for what the style leaves out (fill opacity 0.2, stroke opacity 1, fill
 * colour = stroke colour): {fill, fillAlpha, fillColor, stroke, strokeAlpha, color,
 * lineWidth, dash}. Widths and dashes are in world units, so lines keep their CSS width at
 * any zoom. A polygon is filled unless `fill` is false; stroked unless `stroke` is false or
 * it has no weight (every style the canvas view gets names one). */
export function canvasPaint(style, scale = 1) {
  const weight = Number(style.weight) || 0;
  return {
    fill: style.fill !== false,
    fillAlpha: style.fillOpacity === undefined ? 0.2 : style.fillOpacity,
    fillColor: style.fillColor || style.color,
    stroke: style.stroke !== false && weight > 0,
    strokeAlpha: style.opacity === undefined ? 1 : style.opacity,
    color: style.color,
    lineWidth: weight / scale,
    dash: dashPattern(style.dashArray, scale),
  };
}
