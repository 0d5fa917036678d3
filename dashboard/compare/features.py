"""Styled GeoJSON for the compare views: old units (left / outlines) and new units (right).

Everything is decided in Python — fill colours from :mod:`dashboard.core.classify` with **one set of
class breaks for both boundary versions**, outlines, tooltips — so the browser only draws.
A :class:`View` is plain JSON-able data, drawn in the app by the map component
(:mod:`dashboard.compare.map_payload`) and written to standalone HTML files
(:mod:`dashboard.compare.html_export`).

Feature properties: ``code``, ``label`` (display name, unescaped), ``tip`` (tooltip HTML,
escaped here) and ``style`` (a Leaflet path style).
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.core.classify import NO_DATA_COLOR, Classes
from dashboard.core.compare_classes import (
    METRICS,
    NEUTRAL_FILL,
    PART_EDGE,
    commune_values,
    province_classes,
)
from dashboard.core.i18n import t
from dashboard.core.legend import CLASS, LINE, NO_DATA, LegendEntry
from dashboard.core.numbers import with_unit
from loaders import compare, layers
from loaders.compare_units import (
    archipelago_frame,
    new_commune_frame,
    old_commune_frame,
    old_province_codes,
    old_province_frame,
)
from loaders.lineage import lineage_pairs
from loaders.register import new_units

EDGE = "#ffffff"
SELECTED = "#d7191c"  # red: the picked unit and its predecessors
PROVINCE_EDGE = "#202020"
#: On/off pattern of a dashed outline in the legend (points, as matplotlib writes it).
LEGEND_DASH = (4.0, 3.0)


@dataclass
class View:
    """What one compare view draws. Feature collections are GeoJSON dicts (EPSG:4326)."""

    left: dict
    right: dict
    left_lines: list[dict] = field(default_factory=list)
    right_lines: list[dict] = field(default_factory=list)
    left_selection: dict | None = None
    right_selection: dict | None = None
    bounds: tuple[float, float, float, float] = (102.1, 8.4, 109.5, 23.4)
    legend: list[LegendEntry] = field(default_factory=list)
    classes: Classes | None = None
    #: Filled shapes drawn on the old map only, under its lines (the archipelagos from the
    #: 2025 layer where the old layer lacks them), not interactive.
    left_islands: dict | None = None
    #: Permanent names on both maps (:func:`dashboard.map.map_builder.archipelago_labels`).
    labels: list[dict] = field(default_factory=list)


# --- GeoJSON ---------------------------------------------------------------------------------


def feature_collection(
    geometries: Iterable, properties: Sequence[dict], simplify: float = 0.0, precision: float = 1e-5
) -> dict:
    """A GeoJSON FeatureCollection; coordinates rounded to ``precision`` degrees (~1 m)."""
    return collection(geojson_geometries(geometries, simplify, precision), properties)


def geojson_geometries(
    geometries: Iterable, simplify: float = 0.0, precision: float = 1e-5
) -> list[dict | None]:
    """GeoJSON geometry dicts (None for a shape that vanished), simplified by ``simplify``
    and rounded to ``precision`` degrees (EPSG:4326)."""
    geoms = np.asarray(list(geometries), dtype=object)
    if simplify:
        geoms = shapely.simplify(geoms, simplify, preserve_topology=True)
    geoms = shapely.set_precision(geoms, precision, mode="pointwise")
    geoms = [_no_collection(geom) for geom in geoms]
    return [
        None if geom is None or shapely.is_empty(geom) else json.loads(shapely.to_geojson(geom))
        for geom in geoms
    ]


def collection(geometries: Sequence[dict | None], properties: Sequence[dict]) -> dict:
    """A FeatureCollection of ``geometries`` (GeoJSON dicts, shared, not copied) with their
    ``properties``; shapes that vanished are left out."""
    features = [
        {"type": "Feature", "geometry": geometry, "properties": props}
        for geometry, props in zip(geometries, properties, strict=True)
        if geometry is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def _no_collection(geom):
    """A GeometryCollection (left by ``make_valid`` or simplification) as its polygons, or
    else its lines: folium and Leaflet handle only plain geometry types."""
    if geom is None or geom.geom_type != "GeometryCollection":
        return geom
    parts = shapely.get_parts(geom)
    polygons = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
    if polygons:
        return shapely.union_all(polygons)
    lines = [p for p in parts if p.geom_type in ("LineString", "MultiLineString")]
    return shapely.union_all(lines) if lines else None


def _bounds(*frames: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    boxes = np.array([f.total_bounds for f in frames if len(f)])
    return (
        float(boxes[:, 0].min()),
        float(boxes[:, 1].min()),
        float(boxes[:, 2].max()),
        float(boxes[:, 3].max()),
    )


def fill_style(
    color: str, *, no_data: bool = False, part: bool = False, weight: float = 0.8
) -> dict:
    """Leaflet style of one unit. No data: grey with a dashed dark edge; part: orange edge."""
    style = {
        "fillColor": color,
        "fillOpacity": 0.8,
        "color": EDGE,
        "weight": weight,
        "opacity": 1.0,
    }
    if no_data:
        style.update(color="#6f6f6f", dashArray="3 3")
    if part:
        style.update(color=PART_EDGE, weight=1.8, dashArray="6 3")
    return style


def line_style(color: str, weight: float, dash: str | None = None) -> dict:
    style = {"fill": False, "color": color, "weight": weight, "opacity": 0.95}
    if dash:
        style["dashArray"] = dash
    return style


def _colors(classes: Classes | None, values: pd.Series) -> list[str]:
    if classes is None or not classes.k:
        return [NEUTRAL_FILL] * len(values)
    return classes.colors_for(values)


def _tip(*lines: str) -> str:
    return "<br>".join(html.escape(line) for line in lines if line)


def mark_label(n_predecessors: int, has_part: bool, lang: str = "vi") -> str:
    """``"3 → 1"``, with ``" (có phần tách)"`` when the unit received part of a split unit."""
    mark = f"{int(n_predecessors)} → 1"
    return f"{mark} {t('compare.mark_part', lang)}" if has_part else mark


def _area_text(value: float, lang: str, approx: bool = False) -> str:
    if value is None or pd.isna(value):
        return ""
    suffix = f" ({t('compare.approx', lang)})" if approx else ""
    return f"{with_unit(value, 'km²', lang)}{suffix}"


# --- Commune level ------------------------------------------------------------------------------


def commune_view(
    province_code: str,
    metric: str = "area",
    split_only: bool = False,
    new_code: str | None = None,
    old_code: str | None = None,
    lang: str = "vi",
) -> View:
    """Old communes (left) and new communes (right) of one new province.

    ``metric`` is ``"area"`` (both sides, shared breaks; old areas approximate), ``"n_pred"``
    (new side only) or ``"none"``. ``split_only`` keeps only new units that received part of a
    split old unit and the split old units. ``new_code`` / ``old_code`` add selections.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {METRICS}")
    units = province_units(province_code)
    new, old = units.new, units.old
    new_shapes, old_shapes = units.new_geometries, units.old_geometries
    if split_only:
        new_shapes = [g for g, keep in zip(new_shapes, new["has_part"], strict=True) if keep]
        old_shapes = [g for g, keep in zip(old_shapes, old["split"], strict=True) if keep]
        new = new[new["has_part"]]
        old = old[old["split"]]

    _, right_values, classes = commune_values(old, new, metric)

    right_colors = _colors(
        classes,
        pd.Series(
            right_values if right_values is not None else [np.nan] * len(new), dtype="float64"
        ),
    )
    right_props = []
    for row, color in zip(new.itertuples(), right_colors, strict=True):
        no_data = right_values is not None and pd.isna(
            row.area_km2 if metric == "area" else row.n_predecessors
        )
        right_props.append(
            {
                "code": row.code,
                "label": row.full_name,
                "tip": _tip(
                    f"{row.full_name} ({row.code})",
                    f"{mark_label(row.n_predecessors, row.has_part, lang)} · "
                    f"{_area_text(row.area_km2, lang)}",
                ),
                "style": fill_style(
                    color if right_values is not None else NEUTRAL_FILL,
                    no_data=bool(no_data),
                    part=bool(row.has_part),
                ),
            }
        )
    left_colors = (
        _colors(classes, old["area_km2_approx"]) if metric == "area" else [NEUTRAL_FILL] * len(old)
    )
    left_props = [
        {
            "code": row.code,
            "label": row.full_name,
            "tip": _tip(
                f"{row.full_name} ({row.code})",
                str(row.district_name),
                _area_text(row.area_km2_approx, lang, approx=True),
                f"→ {row.went_to}",
            ),
            "style": fill_style(color, part=bool(row.split)),
        }
        for row, color in zip(old.itertuples(), left_colors, strict=True)
    ]
    view = View(
        left=collection(old_shapes, left_props),
        right=collection(new_shapes, right_props),
        bounds=units.bounds,
        classes=classes,
    )
    view.left_lines = list(units.left_lines)
    view.right_lines = list(units.right_lines)
    view.left_selection, view.right_selection = lineage_selection(new_code, old_code)
    view.legend = _legend(classes, metric, lang)
    return view


@dataclass(frozen=True)
class ProvinceUnits:
    """What every compare view of one province draws, whatever its colouring: the new and
    old units (frames, in the order of their GeoJSON geometries: the old ones simplified
    for the screen), the province's bounds (both versions) and its boundary lines."""

    new: gpd.GeoDataFrame
    old: gpd.GeoDataFrame
    new_geometries: list[dict | None]
    old_geometries: list[dict | None]
    bounds: tuple[float, float, float, float]
    left_lines: tuple[dict, ...]
    right_lines: tuple[dict, ...]


@functools.lru_cache(maxsize=40)
def _province_units(province_code: str, data_version: str) -> ProvinceUnits:
    new = new_commune_frame(province_code)
    old = old_commune_frame(province_code)
    return ProvinceUnits(
        new=new,
        old=old,
        new_geometries=geojson_geometries(new.geometry),
        old_geometries=geojson_geometries(old.geometry, simplify=0.0002),
        bounds=_bounds(new, old),
        left_lines=(_old_province_lines(province_code), _old_district_lines(province_code)),
        right_lines=(_new_province_lines(province_code),),
    )


def province_units(province_code: str) -> ProvinceUnits:
    """:class:`ProvinceUnits` of ``province_code``, read and converted once per data build
    (a colouring or filter change then costs no geometry work). Shared: do not modify."""
    return _province_units(str(province_code), _data_version())


def _data_version() -> str:
    return str((layers.current_manifest() or {}).get("built_at", ""))


def shared_commune_view(province_code: str, metric: str, split_only: bool, lang: str) -> View:
    """:func:`commune_view` with no pick, made once per data build and shared (its
    geometry dicts are the same objects for every colouring, filter and mode, so the map
    payloads encode each once). Do not modify: copy with :func:`dataclasses.replace`."""
    return _shared_commune_view(str(province_code), metric, split_only, lang, _data_version())


@functools.lru_cache(maxsize=256)
def _shared_commune_view(
    province_code: str, metric: str, split_only: bool, lang: str, data_version: str
) -> View:
    return commune_view(province_code, metric, split_only, None, None, lang)


def shared_province_view(metric: str, lang: str) -> View:
    """:func:`province_view` of the whole country with no pick, made once per data build
    and shared, as :func:`shared_commune_view`."""
    return _shared_province_view(metric, lang, _data_version())


@functools.lru_cache(maxsize=16)
def _shared_province_view(metric: str, lang: str, data_version: str) -> View:
    return province_view(metric, None, lang)


def _old_province_lines(province_code: str) -> dict:
    olds = layers.load_pre2025("provinces_pre2025")
    olds = olds[olds["code"].isin(old_province_codes(province_code))]
    props = [{"code": c, "style": line_style(PROVINCE_EDGE, 2.0)} for c in olds["code"]]
    return feature_collection(olds.geometry.boundary, props, simplify=0.0005)


def _old_district_lines(province_code: str) -> dict:
    districts = layers.load_pre2025("districts_pre2025")
    districts = districts[districts["province_code"].isin(old_province_codes(province_code))]
    props = [{"code": c, "style": line_style("#555555", 1.0, "4 4")} for c in districts["code"]]
    return feature_collection(districts.geometry.boundary, props, simplify=0.0005)


def _new_province_lines(province_code: str) -> dict:
    provinces = layers.load_provinces("light")
    mine = provinces[provinces["code"] == province_code]
    props = [{"code": c, "style": line_style(PROVINCE_EDGE, 2.0)} for c in mine["code"]]
    return feature_collection(mine.geometry.boundary, props)


def lineage_selection(
    new_code: str | None, old_code: str | None
) -> tuple[dict | None, dict | None]:
    """Outlines of a pick and its lineage, ``(old side, new side)``, in the legend's red: the
    picked unit solid, the units it came from (a new pick) or went to (an old pick) dashed.
    Drawn from the unfiltered frames, so a pick stays visible under the split-only filter."""
    pairs = lineage_pairs()
    province = None
    if new_code:
        province = new_units().set_index("code").loc[new_code, "province_code"]
    elif old_code and (pairs["old_code"] == old_code).any():
        province = pairs.loc[pairs["old_code"] == old_code, "new_province_code"].iloc[0]
    if province is None:
        return None, None
    units = province_units(str(province))
    all_new, all_old = units.new, units.old
    right_parts, left_parts = [], []
    if new_code:
        olds = pairs.loc[pairs["new_code"] == new_code, "old_code"]
        right_parts.append((all_new[all_new["code"] == new_code], SELECTED, 4.0, None))
        left_parts.append((all_old[all_old["code"].isin(olds)], SELECTED, 2.6, "6 4"))
    if old_code:
        news = pairs.loc[pairs["old_code"] == old_code, "new_code"]
        left_parts.append((all_old[all_old["code"] == old_code], SELECTED, 4.0, None))
        right_parts.append((all_new[all_new["code"].isin(news)], SELECTED, 2.6, "6 4"))
    return _selection_fc(left_parts), _selection_fc(right_parts)


def _selection_fc(parts: list[tuple[gpd.GeoDataFrame, str, float, str | None]]) -> dict:
    """Outlines of picked units: (frame, colour, weight, dash pattern or None) per part."""
    geoms, props = [], []
    for frame, color, weight, dash in parts:
        for code, geom in zip(frame["code"], frame.geometry, strict=True):
            geoms.append(geom)
            props.append({"code": code, "style": line_style(color, weight, dash)})
    return feature_collection(geoms, props)


def _legend(
    classes: Classes | None, metric: str, lang: str, communes: bool = True
) -> list[LegendEntry]:
    """The compare maps' legend: the metric's classes (colours, no counts), no data, and
    the outlines of the picked unit and of its predecessors."""
    rows = []
    if classes is not None and classes.k:
        decimals = 0 if metric == "n_pred" else 1
        labels = classes.labels(decimals, lang=lang)
        for i, (color, label) in enumerate(zip(classes.colors, labels, strict=True)):
            rows.append(LegendEntry(label, kind=CLASS, fill=color, class_index=i))
        no_data = t("compare.legend_no_data", lang)
        rows.append(LegendEntry(no_data, kind=NO_DATA, fill=NO_DATA_COLOR))
    rows.append(LegendEntry(t("compare.legend_selected", lang), kind=LINE, line=SELECTED))
    if communes:
        dashed = (("compare.legend_predecessor", SELECTED), ("compare.legend_part", PART_EDGE))
        for key, color in dashed:
            rows.append(LegendEntry(t(key, lang), kind=LINE, line=color, dash=LEGEND_DASH))
    return rows


# --- Province level -----------------------------------------------------------------------------


def archipelago_names(lang: str) -> list[dict]:
    """Names of both archipelagos for a country-wide map, anchored on their islands as on the
    map page (sovereignty convention: every map of the whole country names them)."""
    # Imported here: map_builder imports dashboard.export, whose compare renderer imports
    # this module.
    from dashboard.map.map_builder import archipelago_anchor, archipelago_labels

    frame = archipelago_frame()
    anchors = {
        str(row.code): archipelago_anchor(str(row.key), row.geometry, str(row.province_code))
        for row in frame.itertuples()
    }
    return archipelago_labels(anchors, lang)


def _old_map_islands(olds: gpd.GeoDataFrame, colors: Sequence[str]) -> dict:
    """The archipelagos from the 2025 layer for the old (2023) province map, which lacks most
    of their islands; each filled like the old province nearest to it (the one whose few
    islands it has: Đà Nẵng, Khánh Hòa) and outlined dark so the specks stay visible at
    country scale."""
    frame = archipelago_frame()
    old_geoms = olds.geometry.to_numpy()
    props = []
    for row in frame.itertuples():
        nearest = int(np.argmin(shapely.distance(old_geoms, row.geometry)))
        style = fill_style(colors[nearest], weight=0.8) | {"color": PROVINCE_EDGE}
        props.append({"code": str(row.code), "style": style})
    return feature_collection(frame.geometry, props)


def province_view(metric: str = "area", province_code: str | None = None, lang: str = "vi") -> View:
    """63 old provinces (left) and 34 new ones (right); area classes shared by both sides."""
    olds = old_province_frame()
    news = layers.load_provinces("overview")[["code", "full_name", "area_km2", "geometry"]]
    table = compare.province_table().set_index("province_code")
    classes = province_classes(olds, news, metric)
    new_names = news.set_index("code")["full_name"]
    left_colors = _colors(classes, olds["area_km2"])
    left_props = [
        {
            "code": row.code,
            "label": row.full_name,
            "tip": _tip(
                row.full_name,
                _area_text(row.area_km2, lang),
                f"→ {new_names.get(row.new_province_code, '')}",
            ),
            "style": fill_style(color, weight=1.0),
        }
        for row, color in zip(olds.itertuples(), left_colors, strict=True)
    ]
    right_props = [
        {
            "code": row.code,
            "label": row.full_name,
            "tip": _tip(
                row.full_name,
                _area_text(row.area_km2, lang),
                f"{table.loc[row.code, 'n_old_provinces']} → 1: "
                f"{table.loc[row.code, 'old_province_names']}",
            ),
            "style": fill_style(color, weight=1.0),
        }
        for row, color in zip(news.itertuples(), _colors(classes, news["area_km2"]), strict=True)
    ]
    view = View(
        left=feature_collection(olds.geometry, left_props, simplify=0.004),
        right=feature_collection(news.geometry, right_props),
        bounds=_bounds(news),
        classes=classes,
        left_islands=_old_map_islands(olds, left_colors),
        labels=archipelago_names(lang),
    )
    if province_code:
        view.left_selection, view.right_selection = province_selection(province_code)
    view.legend = _legend(classes, metric, lang, communes=False)
    return view


def province_selection(province_code: str) -> tuple[dict, dict]:
    """A new province (solid red) and the old provinces that formed it (dashed red),
    ``(old side, new side)``."""
    olds = old_province_frame()
    news = layers.load_provinces("overview")
    right = _selection_fc([(news[news["code"] == province_code], SELECTED, 3.5, None)])
    mine = olds[olds["new_province_code"] == province_code]
    props = [{"code": c, "style": line_style(SELECTED, 2.6, "6 4")} for c in mine["code"]]
    return feature_collection(mine.geometry, props, simplify=0.004), right
