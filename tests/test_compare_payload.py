"""The compare maps' payloads (:mod:`dashboard.compare.map_payload`): geometry as the map
component decodes it, styles shared, texts escaped, lines over the units, picks fitted."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
import shapely.geometry

from dashboard.compare import features, map_payload
from dashboard.compare.map_payload import MapTexts
from dashboard.core.legend import CLASS, LINE, LegendEntry

pytestmark = pytest.mark.mirror("the pre-2025 layers")


def decode(text: str, decimals: int) -> list[tuple[float, float]]:
    """A polyline-encoded ring back to (lon, lat) pairs, as map_component.js decodes it."""
    values, index = [], 0
    while index < len(text):
        result, shift = 0, 0
        while True:
            byte = ord(text[index]) - 63
            index += 1
            result |= (byte & 0x1F) << shift
            shift += 5
            if byte < 0x20:
                break
        values.append(~(result >> 1) if result & 1 else result >> 1)
    coords = np.cumsum(np.array(values).reshape(-1, 2), axis=0) / 10**decimals
    return [tuple(c) for c in coords]


def test_lines_are_encoded_as_lines_and_polygons_as_rings():
    line = shapely.geometry.LineString([(105.0, 21.0), (105.5, 21.25), (106.0, 21.0)])
    encoded = json.loads(map_payload.encode_feature(line.__geo_interface__, 5))
    assert encoded["type"] == "Lines" and len(encoded["e"]) == 1
    assert decode(encoded["e"][0], 5) == pytest.approx(list(line.coords))
    multi = shapely.geometry.MultiLineString([line.coords, [(1, 1), (2, 2)]])
    assert len(json.loads(map_payload.encode_feature(multi.__geo_interface__, 5))["e"]) == 2
    square = shapely.geometry.box(105, 21, 106, 22).difference(
        shapely.geometry.box(105.4, 21.4, 105.6, 21.6)
    )
    encoded = json.loads(map_payload.encode_feature(square.__geo_interface__, 4))
    assert encoded["type"] == "Polygon" and len(encoded["e"]) == 2  # the hole stays a ring


@pytest.fixture(scope="module")
def picked_view():
    view = features.commune_view("04", "area")
    left, right = features.lineage_selection("01273", None)
    view.left_selection, view.right_selection = left, right
    return view


def test_side_by_side_payloads(picked_view):
    view = picked_view
    texts = MapTexts("Trước <1>", note="ghi chú & nguồn", legend=view.legend, legend_title="A")
    old, new = map_payload.side_by_side(
        view, left=texts, right=MapTexts("Sau"), bounds=view.bounds, view_key="k", decimals=5
    )
    # One unit per feature, each geometry decodes to its feature's ring.
    units = old.spec["units"]
    assert len(units["codes"]) == len(view.left["features"]) == len(old.geometries["units"])
    first = json.loads(old.geometries["units"][0])
    ring = view.left["features"][0]["geometry"]["coordinates"]
    ring = ring[0] if view.left["features"][0]["geometry"]["type"] == "Polygon" else ring[0][0]
    assert decode(first["e"][0] if first["type"] == "Polygon" else first["e"][0][0], 5) == (
        pytest.approx([tuple(c) for c in ring], abs=1e-5)
    )
    # Styles are shared (far fewer than units), each unit's tooltip is its own escaped text.
    assert len(units["styles"]) < len(units["codes"])
    assert units["tooltip"] is None and all(len(p) == 1 for p in units["props"])
    # Lines in drawing order, over the units, on the old map: old provinces, districts, pick.
    assert [p["name"] for p in old.spec["lines"]] == ["lines0", "lines1", "selection"]
    assert [p["name"] for p in new.spec["lines"]] == ["lines0", "selection"]
    controls = json.dumps(old.spec["controls"], ensure_ascii=False)
    assert "Trước &lt;1&gt;" in controls and "ghi chú &amp; nguồn" in controls
    # Same sync group and bounds on both maps; a pick's lines change, its units do not.
    assert old.spec["sync"] == new.spec["sync"] == map_payload.SYNC_GROUP
    plain = features.commune_view("04", "area")
    plain_old, _ = map_payload.side_by_side(
        plain, left=texts, right=MapTexts("Sau"), bounds=plain.bounds, view_key="k", decimals=5
    )
    assert plain_old.spec["units"]["id"] == units["id"]
    assert [p["name"] for p in plain_old.spec["lines"]] == ["lines0", "lines1"]


def test_lineage_bounds_cover_the_pick_and_its_predecessors(picked_view):
    bounds = map_payload.lineage_bounds(picked_view)
    shapes = [
        shapely.geometry.shape(f["geometry"])
        for part in (picked_view.left_selection, picked_view.right_selection)
        for f in part["features"]
    ]
    assert bounds == pytest.approx(tuple(shapely.total_bounds(shapes)))
    province = picked_view.bounds
    assert province[0] <= bounds[0] and bounds[2] <= province[2]  # inside the province
    assert (bounds[2] - bounds[0]) < 0.5 * (province[2] - province[0])
    assert map_payload.lineage_bounds(features.commune_view("04")) is None


def test_overlay_draws_old_outlines_over_new_units(picked_view):
    payload = map_payload.overlay(
        picked_view, texts=MapTexts("o"), bounds=picked_view.bounds, view_key="k", decimals=5
    )
    names = [p["name"] for p in payload.spec["lines"]]
    assert names[:2] == ["old_casing", "old_units"]
    assert names[-2:] == ["selection_old", "selection"]
    dashed = next(p for p in payload.spec["lines"] if p["name"] == "old_units")
    assert dashed["styles"] == [map_payload.OLD_OUTLINE]
    assert len(payload.geometries["old_units"]) == len(picked_view.left["features"])
    assert payload.spec["height"] == map_payload.OVERLAY_HEIGHT


def test_legend_draws_what_the_maps_draw_and_escapes_labels():
    rows = [
        LegendEntry("<b>1 – 2</b>", kind=CLASS, fill="#ffffcc"),
        LegendEntry("Đơn vị đang chọn", kind=LINE, line=features.SELECTED),
        LegendEntry("Cũ", kind=LINE, line="#202020", dash=(4.0, 3.0)),
    ]
    text = map_payload.legend_html(rows, "Diện tích & <x>")
    assert "&lt;b&gt;1 – 2&lt;/b&gt;" in text and "Diện tích &amp; &lt;x&gt;" in text
    assert f"border-bottom:3px solid {features.SELECTED}" in text
    assert "border-bottom:3px dashed #202020" in text
    assert "background-color:#ffffcc" in text
