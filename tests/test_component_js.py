"""The map component's pure JavaScript (``dashboard/map/js/``) under ``node --test``
(``tests/js/component.test.mjs``), against what Python makes of the same data: rings encoded by
:func:`~dashboard.map.map_builder.encode_ring` decode to the same coordinates; the hit test
agrees with shapely on points inside, outside, in holes and on multipolygons; tooltips of
real payloads (hostile names, coverage rows, the compare maps' own texts); the payload's
styles as the canvas paints them; the sync groups; and the one module Python sends the browser.

The node tests skip only when ``node`` is not installed (``apt-get install nodejs``).
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from dashboard.compare.features import line_style
from dashboard.compare.map_payload import OLD_OUTLINE, units_part
from dashboard.core.classify import classify
from dashboard.map import map_builder as mb
from dashboard.map import map_component
from loaders.paths import REPO_ROOT

NODE_TEST = REPO_ROOT / "tests" / "js" / "component.test.mjs"
EVIL = '<script>alert("x")</script> & Đông\'s'
#: Test shapes (lon, lat): a square with a square hole, two separate squares, an L.
HOLED = Polygon(
    [(105.0, 21.0), (105.2, 21.0), (105.2, 21.2), (105.0, 21.2)],
    [[(105.05, 21.05), (105.15, 21.05), (105.15, 21.15), (105.05, 21.15)]],
)
PAIR = MultiPolygon([box(106.0, 22.0, 106.1, 22.1), box(106.3, 22.0, 106.4, 22.1)])
ELL = Polygon([(107.0, 20.0), (107.2, 20.0), (107.2, 20.1), (107.1, 20.1), (107.1, 20.2),
               (107.0, 20.2)])  # fmt: skip


def _points(shape, n: int, seed: int) -> tuple[list, list]:
    """Random points around ``shape``, split into inside and outside, none within 0.002° of
    its boundary (where straight edges in degrees and in Mercator pixels differ)."""
    rng = np.random.default_rng(seed)
    min_x, min_y, max_x, max_y = shape.bounds
    pad = 0.05
    xs = rng.uniform(min_x - pad, max_x + pad, n)
    ys = rng.uniform(min_y - pad, max_y + pad, n)
    inside, outside = [], []
    for x, y in zip(xs, ys, strict=True):
        point = Point(x, y)
        if shape.boundary.distance(point) < 0.002:
            continue
        (inside if shape.contains(point) else outside).append([float(x), float(y)])
    return inside, outside


def _geometry_case(name: str, shape, decimals: int = 5) -> dict:
    inside, outside = _points(shape, 400, seed=len(name))
    return {
        "name": name,
        "geometry": json.loads(mb.encode_geometry(shape, decimals)),
        "decimals": decimals,
        "inside": inside,
        "outside": outside,
    }


def _rings() -> list[dict]:
    """Rings encoded by Python, with the coordinates the browser must decode (on the grid)."""
    rng = np.random.default_rng(7)
    cases = [
        np.array([[105.0, 21.0], [105.1, 21.0], [105.1, 21.1], [105.0, 21.0]]),
        np.array([[-179.99999, -85.0], [179.99999, 85.0], [0.0, 0.0], [-0.00001, 0.00001]]),
        np.column_stack([rng.uniform(102, 110, 500), rng.uniform(8, 23.5, 500)]),
        np.array([[106.123456789, 10.987654321]]),
    ]
    out = []
    for coords in cases:
        for decimals in (4, 5):
            ints = np.round(coords * 10.0**decimals).astype(np.int64)
            out.append(
                {
                    "text": mb.encode_ring(coords, decimals),
                    "decimals": decimals,
                    "coords": (ints / 10.0**decimals).tolist(),
                }
            )
    return out


def _tooltips() -> dict:
    """Real tooltips: the map page's (two rows; three where a value rests on part of its
    communes), the compare maps' (no labels: each unit's own text)."""
    units = gpd.GeoDataFrame(
        {"code": ["00001", "00002"], "name": [EVIL, "Xã Ba Chẽ"]},
        geometry=[box(105, 21, 105.1, 21.1), box(105.1, 21, 105.2, 21.1)],
        crs="EPSG:4326",
    )
    values = pd.Series([1.5, 2.5], index=["00001", "00002"])
    coverage = pd.DataFrame({"n_with_data": [3, 2], "n_units": [56, 2]}, index=["00001", "00002"])
    text = mb.MapText(
        title="T", metric_label="Dân số & <b>mật độ</b>", unit="người", period="2025",
        source="S", boundary_version="v",
    )  # fmt: skip

    def spec(**kw):
        classes = classify(values, "equal_interval", 2, "YlGnBu")
        names = {"00001": EVIL, "00002": "Xã Ba Chẽ"}
        payload = mb.view_payload(
            mb.encode_geometries(units, 5), values, classes, names, text, view_key="v", **kw
        )
        return payload.spec["units"]

    tips = [html.escape(EVIL) + "<br>" + html.escape("Xã Quang Hán (cũ)"), ""]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(box(105, 21, 105.1, 21.1)),
                "properties": {"code": code, "style": line_style("#111111", 1.0), "tip": tip},
            }
            for code, tip in zip(["00001", "00002"], tips, strict=True)
        ],
    }
    compare, _ = units_part(collection, 5)
    return {
        "plain": spec(),
        "coverage": spec(coverage=coverage),
        "compare": compare,
        "evil": EVIL,
        "escaped": html.escape(EVIL),
        "metric": html.escape("Dân số & <b>mật độ</b> (2025)"),
        "coverage_text": html.escape("3/56"),
    }


def _styles() -> dict:
    return {
        "plain": mb.fill_style("#a1b2c3", weight=0.2),
        "no_data": mb.fill_style("#000000", no_data=True),
        "partial": mb.fill_style("#a1b2c3", partial=True),
        "highlight": mb.HIGHLIGHT,
        "outline": mb.OUTLINE_STYLE,
        "selection": mb.SELECTION_STYLE,
        "old_outline": OLD_OUTLINE,
    }


def _run_node(fixture: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs)")
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    return subprocess.run(
        [node, "--test", str(NODE_TEST)],
        env={"COMPONENT_FIXTURE": str(path), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_component_javascript_under_node(tmp_path):
    module = tmp_path / "component.mjs"
    module.write_text(map_component.component_source(), encoding="utf-8")
    fixture = {
        "parts": {
            name.removesuffix(".js"): str(map_component.JS_DIR / name)
            for name in map_component.JS_PARTS
        },
        "component": str(module),
        "rings": _rings(),
        "shapes": [
            _geometry_case("holed", HOLED),
            _geometry_case("pair", PAIR),
            _geometry_case("ell", ELL, 4),
        ],
        "tooltips": _tooltips(),
        "styles": _styles(),
    }
    # Each shape has points on both sides (else its hit test would check nothing).
    assert all(len(s["inside"]) > 20 and len(s["outside"]) > 20 for s in fixture["shapes"])
    result = _run_node(fixture, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# skipped 0" in result.stdout, result.stdout
    assert "# pass 18" in result.stdout, result.stdout


def test_the_parts_may_not_import(tmp_path, monkeypatch):
    """The parts share one module's scope in the browser: an import there would be resolved
    against the page's address, so Python refuses to build the module with one."""
    folder = tmp_path / "js"
    shutil.copytree(map_component.JS_DIR, folder)
    text = (folder / "text.js").read_text(encoding="utf-8")
    (folder / "text.js").write_text('import { x } from "./geometry.js";\n' + text, "utf-8")
    monkeypatch.setattr(map_component, "JS_DIR", folder)
    with pytest.raises(ValueError, match=r"text\.js imports"):
        map_component.component_source()
