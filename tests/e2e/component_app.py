"""A page with nothing but the map component, for its browser tests:
``streamlit run tests/e2e/component_app.py`` (from the repository, for its config).

Four literal communes in a 2 × 2 grid (one named with HTML, quotes and an ampersand), a line
part crossing the first one and a place name over the third, drawn as SVG or, with
``?canvas=1``, on the canvas view; with ``?pair=1``, two such maps in one sync group. Buttons
change the values (a new units layer, same view), the view (a new fit) or both; the last
clicked code is written under the map.
"""

import html
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from shapely.geometry import LineString, box, mapping

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dashboard.compare.map_payload import lines_part  # noqa: E402
from dashboard.core.classify import classify  # noqa: E402
from dashboard.map import map_builder as mb  # noqa: E402
from dashboard.map.map_component import leaflet_map  # noqa: E402

#: A name that must show as text: a script tag, quotes and an ampersand.
EVIL = '<script>window.vnPwned = 1</script><img src=x onerror="window.vnPwned=2"> & Đông\'s'
CODES = ["00001", "00002", "00003", "00004"]
#: The line crossing commune 00001 from west to east through its middle (lon, lat).
LINE = [(105.0, 21.05), (105.1, 21.05)]
#: A permanent place name over commune 00003 (as the archipelagos' names), escaped as Python
#: escapes every text of the payload.
LABEL = {
    "code": "00003",
    "lat": 21.15,
    "lon": 105.05,
    "side": "bottom",
    "lines": [html.escape("Quần đảo <Thử>"), html.escape("(x & y)")],
}

st.set_page_config(page_title="Map component", layout="wide")
state = st.session_state
state.setdefault("values", 0)
state.setdefault("view", 0)
canvas = st.query_params.get("canvas") == "1"

units = gpd.GeoDataFrame(
    {"code": CODES, "name": ["Xã Ba Chẽ", EVIL, "Phường Hoà An", "Đặc khu Lý Sơn"]},
    geometry=[
        box(105.0, 21.0, 105.1, 21.1),
        box(105.1, 21.0, 105.2, 21.1),
        box(105.0, 21.1, 105.1, 21.2),
        box(105.1, 21.1, 105.2, 21.2),
    ],
    crs="EPSG:4326",
)
values = pd.Series([1.0, 2.0, 3.0, 4.0], index=CODES) * (1 + state["values"])
text = mb.MapText(
    title="Thử bản đồ",
    metric_label="Giá trị",
    unit="",
    period="2025",
    source="Thử",
    boundary_version="test",
)
payload = mb.view_payload(
    mb.encode_geometries(units, 5),
    values,
    classify(values, "equal_interval", 3, "YlGnBu"),
    dict(zip(units["code"], units["name"], strict=True)),
    text,
    view_key=f"view{state['view']}",
    canvas=canvas,
    outlines=mb.encode_geometries(units.dissolve().assign(code="X"), 5) if canvas else None,
    labels=[LABEL],
)
line = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": mapping(LineString(LINE)),
            "properties": {"code": "L", "style": {"color": "#d7191c", "weight": 8}},
        }
    ],
}
if not canvas:  # the canvas view draws its outlines itself; lines are an SVG view's
    part, texts = lines_part("crossing", line, 5)
    payload.spec["lines"] = [part]
    payload.geometries["crossing"] = texts


def _clicked(code: str) -> None:
    state["clicked"] = code


if st.query_params.get("pair") == "1":
    # Two maps side by side in one sync group (as the compare page's).
    payload.spec["sync"] = "pair"
    for column, key in zip(st.columns(2), ("map", "map2"), strict=True):
        with column:
            leaflet_map(payload.to_bytes(), key=key, on_click=_clicked)
else:
    leaflet_map(payload.to_bytes(), key="map", on_click=_clicked)
st.text(f"clicked:{state.get('clicked', '')}")
for label, key, parts in [
    ("Other values", "other_values", ("values",)),
    ("Other view", "other_view", ("view",)),
    ("Other view and values", "other_both", ("values", "view")),
]:
    if st.button(label, key=key):
        for name in parts:
            state[name] += 1
        st.rerun()
