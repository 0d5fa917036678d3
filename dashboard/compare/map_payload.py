"""The compare page's maps as payloads of the project's map component.

The compare page draws with the same component as the map page
(:mod:`dashboard.map.map_component`): side by side, two maps in one sync group (old units
left, new units right, each clickable); as an overlay, one map of the new units with the old
boundaries dashed over them. A :class:`~dashboard.compare.features.View` (styled GeoJSON,
EPSG:4326) becomes a :class:`~dashboard.map.map_builder.MapPayload` here: its geometry
polyline-encoded, its styles deduplicated, its tooltip HTML (escaped in
:mod:`dashboard.compare.features`) passed as it is, and its lines (old provinces and
districts, picked units) drawn over the units without catching clicks.

A pick moves both maps to it: the view key then names the pick and the bounds are those of
its lineage (the picked unit and the units it came from or went to).
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
import shapely.geometry

from dashboard.compare.features import LEGEND_DASH, View, line_style
from dashboard.core.compare_classes import OLD_EDGE
from dashboard.core.legend import LINE, NO_DATA, LegendEntry
from dashboard.map.map_builder import (
    HIGHLIGHT,
    MapPayload,
    css_color,
    encode_geometry,
    encode_ring,
)

#: Maps of one compare view keep the same centre and zoom (map_component.js, spec.sync).
SYNC_GROUP = "compare"
#: Height of each compare map in CSS pixels (capped at 72 % of the window by the component).
SIDE_HEIGHT = 520
OVERLAY_HEIGHT = 560
#: Decimals of the encoded coordinates: 5 ≈ 1 m for a province's communes, 4 ≈ 11 m for
#: the whole country's provinces.
COMMUNE_DECIMALS = 5
PROVINCE_DECIMALS = 4
#: Old boundaries on the overlay: a light casing under a dark dashed line, visible on dark
#: and light fills alike.
OLD_CASING = line_style("#ffffff", 2.6) | {"opacity": 0.85}
OLD_OUTLINE = line_style(OLD_EDGE, 1.4, "5 4")


@dataclass(frozen=True)
class MapTexts:
    """What is written around one map, unescaped: the title above it, a note, the legend's
    title and rows, and the footer (boundary version, source) below it. Empty parts are left
    out."""

    title: str
    note: str = ""
    legend_title: str = ""
    legend: Sequence[LegendEntry] = ()
    footer: str = ""


def encode_feature(geometry: dict, decimals: int) -> str:
    """One GeoJSON geometry as the component's encoded JSON text: ``Polygon`` /
    ``MultiPolygon`` (rings) or ``Lines`` (open or closed lines, drawn as polylines)."""
    shape = shapely.geometry.shape(geometry)
    if shape.geom_type in ("LineString", "MultiLineString", "LinearRing"):
        lines = (
            [encode_ring(shapely.get_coordinates(part), decimals) for part in shape.geoms]
            if (shape.geom_type == "MultiLineString")
            else [encode_ring(shapely.get_coordinates(shape), decimals)]
        )
        return json.dumps({"type": "Lines", "e": lines}, separators=(",", ":"))
    return encode_geometry(shape, decimals)


def _digest(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _styled(
    collection: dict | None, decimals: int
) -> tuple[list[dict], list[int], list[str], list]:
    """Deduplicated styles, a style index, the code and the encoded geometry per feature."""
    styles: list[dict] = []
    index: dict[str, int] = {}
    style_of, codes, geometries = [], [], []
    for feature in (collection or {}).get("features", []):
        props = feature["properties"]
        key = json.dumps(props["style"], sort_keys=True)
        if key not in index:
            index[key] = len(styles)
            styles.append(props["style"])
        style_of.append(index[key])
        codes.append(str(props["code"]))
        geometries.append(_encoded(feature["geometry"], decimals))
    return styles, style_of, codes, geometries


#: Encoded texts of geometry dicts met lately, by the dict's identity. Each entry holds the
#: dict itself, so its id cannot be taken by another object while the entry lives. The
#: shared views (:func:`dashboard.compare.features.shared_commune_view`) hand out the same
#: dicts for every colouring, filter and mode of a province: each geometry is encoded once.
_ENCODED: OrderedDict[tuple[int, int], tuple[dict, str]] = OrderedDict()
_ENCODED_MAX = 60_000


def _encoded(geometry: dict, decimals: int) -> str:
    key = (id(geometry), decimals)
    found = _ENCODED.get(key)
    if found is not None and found[0] is geometry:
        _ENCODED.move_to_end(key)
        return found[1]
    text = encode_feature(geometry, decimals)
    _ENCODED[key] = (geometry, text)
    if len(_ENCODED) > _ENCODED_MAX:
        _ENCODED.popitem(last=False)
    return text


def units_part(collection: dict, decimals: int) -> tuple[dict, tuple[str, ...]]:
    """The clickable units of a map: ``spec.units`` and their encoded geometry. The tooltip
    of each unit is its ``tip`` property (escaped HTML lines)."""
    styles, style_of, codes, geometries = _styled(collection, decimals)
    tips = [[f["properties"].get("tip", "")] for f in collection.get("features", [])]
    units: dict[str, object] = {
        "codes": codes,
        "precision": decimals,
        "canvas": False,
        "styles": styles,
        "style": style_of,
        "props": tips,
        "tooltip": None,  # each unit's tooltip is its own text (map_component.js)
        "highlight": HIGHLIGHT,
    }
    units["id"] = _digest(units, geometries)
    return units, tuple(geometries)


def lines_part(name: str, collection: dict | None, decimals: int) -> tuple[dict, tuple[str, ...]]:
    """Shapes drawn over the units with their own styles (no clicks, no tooltips)."""
    styles, style_of, _, geometries = _styled(collection, decimals)
    part = {"name": name, "precision": decimals, "styles": styles, "style": style_of}
    part["id"] = _digest(part, geometries)
    return part, tuple(geometries)


def restyled(collection: dict | None, style: dict) -> dict | None:
    """``collection`` with one ``style`` for every feature (the overlay's old outlines)."""
    if not collection:
        return collection
    features = [
        {**f, "properties": {"code": f["properties"]["code"], "style": style}}
        for f in collection["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def lineage_bounds(view: View) -> tuple[float, float, float, float] | None:
    """Bounds of the picked unit and its lineage (both selections), or None with no pick."""
    geometries = [
        shapely.geometry.shape(f["geometry"])
        for part in (view.left_selection, view.right_selection)
        for f in (part or {}).get("features", [])
    ]
    if not geometries:
        return None
    return tuple(float(v) for v in shapely.total_bounds(geometries))  # type: ignore[return-value]


def map_payload(
    units: dict,
    lines: Sequence[tuple[str, dict | None]],
    *,
    bounds: tuple[float, float, float, float],
    view_key: str,
    texts: MapTexts,
    decimals: int,
    labels: Sequence[dict] = (),
    sync: str | None = SYNC_GROUP,
    height: int = SIDE_HEIGHT,
) -> MapPayload:
    """One compare map: ``units`` (a styled FeatureCollection: clickable, with tooltips)
    under ``lines`` (named styled FeatureCollections, drawn in order), fitted to ``bounds``
    (``min_lon, min_lat, max_lon, max_lat``) once per ``view_key``."""
    unit_spec, unit_geometries = units_part(units, decimals)
    geometries: dict[str, tuple[str, ...]] = {"units": unit_geometries}
    line_specs = []
    for name, collection in lines:
        if not collection or not collection.get("features"):
            continue
        part, texts_of_part = lines_part(name, collection, decimals)
        line_specs.append(part)
        geometries[name] = texts_of_part
    min_x, min_y, max_x, max_y = bounds
    spec: dict[str, object] = {
        "view": view_key,
        "bounds": [[min_y, min_x], [max_y, max_x]],
        "height": height,
        "sync": sync,
        "basemap": None,
        "units": unit_spec,
        "outlines": None,
        "selection": None,
        "lines": line_specs,
        "badges": None,
        "labels": [dict(label) for label in labels] or None,
        "controls": _controls(texts),
    }
    return MapPayload(spec, geometries)


def side_by_side(
    view: View,
    *,
    left: MapTexts,
    right: MapTexts,
    bounds: tuple[float, float, float, float],
    view_key: str,
    decimals: int,
) -> tuple[MapPayload, MapPayload]:
    """The old map (left: old units, old province and district lines, the archipelagos from
    the 2025 layer where the old layer lacks them) and the new map (right), in one sync
    group, both with the pick's lineage outlined."""
    common = {"bounds": bounds, "view_key": view_key, "decimals": decimals, "labels": view.labels}
    old = map_payload(
        view.left,
        [
            ("islands", view.left_islands),
            *((f"lines{i}", lines) for i, lines in enumerate(view.left_lines)),
            ("selection", view.left_selection),
        ],
        texts=left,
        **common,
    )
    new = map_payload(
        view.right,
        [
            *((f"lines{i}", lines) for i, lines in enumerate(view.right_lines)),
            ("selection", view.right_selection),
        ],
        texts=right,
        **common,
    )
    return old, new


def overlay(
    view: View,
    *,
    texts: MapTexts,
    bounds: tuple[float, float, float, float],
    view_key: str,
    decimals: int,
) -> MapPayload:
    """One map: the new units filled, the old units dashed over them (on a light casing),
    the old province and district lines, and the pick's lineage on both versions."""
    return map_payload(
        view.right,
        [
            ("old_casing", restyled(view.left, OLD_CASING)),
            ("old_units", restyled(view.left, OLD_OUTLINE)),
            *((f"lines{i}", lines) for i, lines in enumerate(view.left_lines)),
            ("selection_old", view.left_selection),
            ("selection", view.right_selection),
        ],
        bounds=bounds,
        view_key=view_key,
        texts=texts,
        decimals=decimals,
        labels=view.labels,
        # In the same group as the side-by-side maps, alone: a mode change keeps the view.
        height=OVERLAY_HEIGHT,
    )


def _controls(texts: MapTexts) -> list[dict[str, str]]:
    """The title above the map; note, legend and footer below it (never over it)."""
    esc = html.escape
    controls = [_box(f'<div class="vn-title">{esc(texts.title)}</div>', "above", "vn-title-box")]
    if texts.note:
        controls.append(_box(f'<div class="vn-subtitle">{esc(texts.note)}</div>', "below", ""))
    if texts.legend:
        controls.append(_box(legend_html(texts.legend, texts.legend_title), "below", ""))
    if texts.footer:
        controls.append(_box(f"<div>{esc(texts.footer)}</div>", "below", "vn-footer"))
    return controls


def _box(inner: str, position: str, extra_class: str) -> dict[str, str]:
    return {"html": inner, "position": position, "className": f"vn-box {extra_class}".strip()}


def legend_html(rows: Sequence[LegendEntry], title: str) -> str:
    """The compare legend in the map page's style: a swatch per class and no data, a solid
    or dashed line sample per outline (the colours the maps use)."""
    esc = html.escape
    body = []
    for row in rows:
        if row.kind == LINE:
            border = "dashed" if row.dash else "solid"
            swatch = (
                f'<span class="vn-swatch vn-line" style="border-bottom:3px {border} '
                f'{css_color(str(row.line))}"></span>'
            )
        else:
            extra = " nodata" if row.kind == NO_DATA else ""
            swatch = (
                f'<span class="vn-swatch{extra}" '
                f'style="background-color:{css_color(str(row.fill))}"></span>'
            )
        body.append(f"<tr><td>{swatch}</td><td>{esc(row.label)}</td></tr>")
    head = f'<summary class="vn-legend-title">{esc(title)}</summary>'
    return f'<details class="vn-legend" open>{head}<table>{"".join(body)}</table></details>'


def old_outline_entry(label: str) -> LegendEntry:
    """The overlay's legend row for the old boundaries (dashed, as drawn)."""
    return LegendEntry(label, kind=LINE, line=OLD_EDGE, dash=LEGEND_DASH)
