"""Render the old/new comparison briefing (:class:`~dashboard.export.compare_specs.CompareSpec`)
with the same machinery as the single map: page layout, fonts, unit styles, print-safe greys
and patterns, legend, scale bar, north arrow and page furniture from
:mod:`dashboard.export.layout` and :mod:`dashboard.export.draw`.

Page: the usual header and footer; the map frame of the single-map layout is split into one
box per panel (side by side, or one above the other when that gives the larger scale, as for
wide provinces such as TP. Đà Nẵng with Hoàng Sa), each captioned. All panels share one
projection (equirectangular, km, true scale at the centre latitude), one extent and one
scale, so the same place is at the same spot in both. Lengths on the page are millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from dashboard.core.classify import NO_DATA_COLOR
from dashboard.core.compare_classes import NEUTRAL_FILL
from dashboard.core.i18n import t
from dashboard.core.legend import AREA, LINE, LegendEntry
from dashboard.export import data
from dashboard.export import layout as lay
from dashboard.export.compare_specs import ComparePanel, CompareSpec, Outline
from dashboard.export.draw import (
    KM_PER_DEG,
    NO_DATA_HATCH,
    NO_DATA_HATCH_COLOR,
    Projection,
    Style,
    class_entries,
    draw_context,
    draw_frame,
    draw_legend,
    draw_page,
    draw_sample_mark,
    draw_units,
    figure_bytes,
    geometry_paths,
    legend_title_lines,
    make_style,
    measure_factory,
    north_arrow,
    put_halo_text,
    put_text,
    rc_params,
    scale_bar,
)
from dashboard.export.render import EXPORT_FORMATS, View, fit_view, pad, prepare_units

#: Not-coloured units: the page's neutral fill; in print-safe mode a light grey (pure grey,
#: and unlike the white neighbours).
PRINT_NEUTRAL = "#e8e8e8"
#: Beyond this longitude (°E) small parts are the Hoàng Sa / Trường Sa archipelagos.
ARCHIPELAGO_LON = 110.6


@dataclass
class _Prepared:
    """One panel with its units in EPSG:4326, values aligned to them and its style."""

    panel: ComparePanel
    units: gpd.GeoDataFrame
    values: np.ndarray | None
    style: Style | None


@dataclass(frozen=True)
class _Plan:
    layout: lay.Layout
    boxes: tuple[lay.Box, ...]  # map boxes (mm), one per panel
    captions: tuple[lay.Box, ...]  # caption boxes above them
    view: View


def _prepare(spec: CompareSpec) -> list[_Prepared]:
    if spec.fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {spec.fmt!r}; expected one of {list(EXPORT_FORMATS)}")
    lay.page_size(spec.page)
    if not spec.panels or all(len(p.units) == 0 for p in spec.panels):
        raise ValueError("no units to map")
    out = []
    for panel in spec.panels:
        units, values, style = panel.units, None, None
        if len(units) and panel.values is not None and spec.classes is not None:
            units, values = prepare_units(units, panel.values)
            style = make_style(spec.classes, values, spec.print_safe, national=False)
        elif len(units) and not units.crs.equals("EPSG:4326"):
            units = units.to_crs("EPSG:4326")
        out.append(_Prepared(panel, units, values, style))
    return out


def _bounds(prepared: list[_Prepared]) -> tuple[float, float, float, float]:
    """Lon/lat bounds of every panel's units together: all panels show the same extent."""
    boxes = np.array([p.units.total_bounds for p in prepared if len(p.units)])
    return (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max())


def _legend_entries(spec: CompareSpec, prepared: list[_Prepared]) -> list[LegendEntry]:
    """Classes and "no data" (counted per coloured panel), not-coloured units, outlines."""
    lang = spec.texts.lang
    coloured = [p for p in prepared if p.style is not None]
    entries: list[LegendEntry] = []
    if coloured:
        entries += class_entries(
            coloured[0].style, [p.values for p in coloured], spec.decimals, lang
        )
        # Units without a polygon are "no data" too (hatched where the layer has a gap).
        no_data = entries[-1]
        counts = [int(np.isnan(p.values).sum()) + p.panel.missing for p in coloured]
        entries[-1] = replace(no_data, counts=tuple(counts))
    neutral = [p for p in prepared if p.style is None and len(p.units)]
    if neutral:
        key = "not_coloured" if coloured else "neutral"
        fill = PRINT_NEUTRAL if spec.print_safe else NEUTRAL_FILL
        counts = () if coloured else tuple(len(p.units) for p in neutral)
        entries.append(LegendEntry(t(f"export.compare.{key}", lang), counts, kind=AREA, fill=fill))
    seen: set[str] = set()
    for p in prepared:
        for outline in p.panel.outlines:
            if outline.label and outline.label not in seen and len(outline.geoms):
                seen.add(outline.label)
                entries.append(
                    LegendEntry(
                        outline.label,
                        kind=LINE,
                        line=_line_color(outline, spec.print_safe),
                        line_width=outline.width,
                        dash=_dash(outline, spec.print_safe),
                        casing=outline.casing,
                    )
                )
    return entries


def _count_headers(prepared: list[_Prepared]) -> tuple[str, ...]:
    """Headers over the legend's count columns when more than one panel shows units."""
    if len(prepared) < 2:
        return ()
    coloured = [p for p in prepared if p.style is not None]
    return tuple(p.panel.short for p in coloured) if coloured else ()


def _split(frame: lay.Box, n: int, arrangement: str, gap: float, caption_h: float):
    """Map boxes and caption boxes of ``n`` panels inside ``frame`` (mm)."""
    boxes, captions = [], []
    for i in range(n):
        if arrangement == "row":
            w = (frame.w - (n - 1) * gap) / n
            cell = lay.Box(frame.x + i * (w + gap), frame.y, w, frame.h)
        else:
            h = (frame.h - (n - 1) * gap) / n
            cell = lay.Box(frame.x, frame.top - (i + 1) * h - i * gap, frame.w, h)
        boxes.append(lay.Box(cell.x, cell.y, cell.w, cell.h - caption_h))
        captions.append(lay.Box(cell.x, cell.top - caption_h, cell.w, caption_h))
    return tuple(boxes), tuple(captions)


def _plan(spec: CompareSpec, prepared, full_km, page: lay.PageSize, measure, exported_on):
    """The layout and arrangement (row or column) that give the largest common scale; the
    frame is then shrunk to what the maps show, so map and legend sit together."""
    texts, fonts, u = spec.texts, lay.Fonts.for_page(page), page.font_scale
    n = len(prepared)
    gap = 4.0 * u
    caption_h = lay.line_mm(fonts.legend_title) + lay.line_mm(fonts.small) + 1.5 * u
    x0, y0, x1, y1 = pad(full_km)
    w_km, h_km = x1 - x0, y1 - y0
    entries = (
        len(_legend_entries(spec, prepared))
        + (1 if _count_headers(prepared) else 0)
        + max(len(spec.legend_notes) - 1, 0)  # make_layout counts one note line
    )
    title_lines = len(legend_title_lines(texts, 58.0 * u, fonts, measure))
    best = None
    for arrangement in ("row", "column") if n > 1 else ("row",):
        aspect = w_km / h_km
        aspect = n * aspect if arrangement == "row" else aspect / n
        layout = lay.make_layout(
            page,
            title=texts.title,
            subtitle=texts.subtitle,
            footer=texts.footer_lines(exported_on),
            legend_entries=entries,
            legend_title_lines=title_lines,
            data_aspect=aspect,
            sample_badge=t("export.sample", texts.lang) if texts.is_sample else None,
            measure=measure,
        )
        boxes, _ = _split(layout.map, n, arrangement, gap, caption_h)
        scale = min(min(b.w / w_km, b.h / h_km) for b in boxes)
        if best is None or scale > best[0] * 1.02:
            best = (scale, layout, arrangement)
    scale, layout, arrangement = best
    w, h = w_km * scale, h_km * scale
    if arrangement == "row":
        layout = layout.with_map_size(n * w + (n - 1) * gap, h + caption_h)
    else:
        layout = layout.with_map_size(w, n * (h + caption_h) + (n - 1) * gap)
    layout = _centre_vertically(layout)
    boxes, captions = _split(layout.map, n, arrangement, gap, caption_h)
    return _Plan(layout, boxes, captions, fit_view(full_km, boxes[0]))


def _centre_vertically(layout: lay.Layout) -> lay.Layout:
    """Move maps and legend down to the middle of the free height of the body, so a short
    pair of maps does not leave all the white space above the footer."""
    top = max(layout.map.top, layout.panel.top)
    bottom = min(layout.map.y, layout.panel.y)
    shift = ((top - bottom) - layout.body.h) / 2 + (layout.body.top - top)
    if shift >= -0.5:  # nothing to gain (less than half a millimetre)
        return layout
    return replace(
        layout,
        map=replace(layout.map, y=layout.map.y + shift),
        panel=replace(layout.panel, y=layout.panel.y + shift),
    )


def _line_color(outline: Outline, print_safe: bool) -> str:
    return outline.print_color if print_safe else outline.color


def _dash(outline: Outline, print_safe: bool) -> tuple[float, ...] | None:
    # Print-safe: the orange "split" edge becomes black, so it gets a dash-dot to stay
    # distinct from the black dashed old boundaries.
    if print_safe and outline.color != outline.print_color and outline.dash:
        on, off = outline.dash
        return (on, off, on / 4, off)
    return outline.dash


def _draw_background(ax, geoms: gpd.GeoSeries, proj: Projection, print_safe: bool) -> None:
    """The mapped area under the units, hatched as "no data": gaps in an incomplete layer
    read as missing polygons, not as land without units."""
    shapes = np.asarray(geoms.to_crs("EPSG:4326").to_numpy(), dtype=object)
    ax.add_collection(
        PathCollection(
            geometry_paths(shapes, proj),
            facecolors="#ffffff" if print_safe else NO_DATA_COLOR,
            edgecolors="none",
            hatch=NO_DATA_HATCH,
            hatchcolor=NO_DATA_HATCH_COLOR,
            zorder=1.5,
        ),
        autolim=False,
    )


def _draw_outline(ax, outline: Outline, proj: Projection, print_safe: bool) -> None:
    geoms = np.asarray(outline.geoms.to_crs("EPSG:4326").to_numpy(), dtype=object)
    geoms = geoms[~shapely.is_empty(geoms)]
    if len(geoms) == 0:
        return
    paths = geometry_paths(geoms, proj)
    dash = _dash(outline, print_safe)
    style = (0, dash) if dash else "solid"
    if outline.casing:
        ax.add_collection(
            PathCollection(
                paths,
                facecolors="none",
                edgecolors="#ffffff",
                linewidths=outline.width + 0.7,
                zorder=3.4,
                alpha=0.7,
            ),
            autolim=False,
        )
    ax.add_collection(
        PathCollection(
            paths,
            facecolors="none",
            edgecolors=_line_color(outline, print_safe),
            linewidths=outline.width,
            linestyles=[style],
            zorder=3.5,
        ),
        autolim=False,
    )


@cache
def _archipelago_boxes() -> tuple[tuple[str, tuple[float, float, float, float]], ...]:
    """("hoang_sa" | "truong_sa", lon/lat bounds) of the two archipelago units."""
    found = data.archipelago_units()
    return tuple(
        (str(k), tuple(float(v) for v in shapely.bounds(g)))
        for k, g in zip(found["key"], found.geometry, strict=True)
    )


def _island_parts(p: _Prepared, geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parts of ``p.panel.islands`` (islands from another layer) and, for each, the index of
    the unit of this map nearest to its island group, whose colour it takes."""
    islands = p.panel.islands
    if islands is None or not len(islands) or not len(geoms):
        return np.array([], dtype=object), np.array([], dtype=int)
    groups = np.asarray(islands.to_numpy(), dtype=object)
    nearest = np.array([int(np.argmin(shapely.distance(geoms, g))) for g in groups])
    parts, group = shapely.get_parts(groups, return_index=True)
    return parts, nearest[group]


def _draw_archipelagos(ax, p: _Prepared, proj, view: View, u: float, fonts, spec) -> None:
    """Dots for the tiny islands east of :data:`ARCHIPELAGO_LON` (invisible at this scale
    otherwise) and the archipelagos' names, when the map reaches that far east."""
    if view.xlim[1] < proj.xy(np.array([ARCHIPELAGO_LON]), np.array([0.0]))[0][0]:
        return
    geoms = p.units.geometry.to_numpy() if len(p.units) else np.array([], dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    extra, extra_owner = _island_parts(p, geoms)
    if len(extra):
        _draw_island_shapes(ax, p, extra, extra_owner, proj, view, u, spec)
        parts = np.concatenate([parts, extra])
        owner = np.concatenate([owner, extra_owner])
    centres = shapely.get_coordinates(shapely.centroid(parts))
    b = shapely.bounds(parts)
    size = np.maximum((b[:, 2] - b[:, 0]) * proj.kx, (b[:, 3] - b[:, 1]) * KM_PER_DEG)
    tiny = (centres[:, 0] > ARCHIPELAGO_LON) & (size * view.scale < 0.8 * u)
    if tiny.any():
        if p.style is not None:
            colours = [p.style.fill[i] for i in owner[tiny]]
        else:
            colours = PRINT_NEUTRAL if spec.print_safe else NEUTRAL_FILL
        x, y = proj.xy(centres[tiny, 0], centres[tiny, 1])
        size_pt = 0.8 * u / lay.PT_TO_MM
        ax.scatter(x, y, s=size_pt**2, c=colours, edgecolors="#1a1a1a", linewidths=0.35, zorder=4)
    for key, (bx0, _by0, bx1, by1) in _archipelago_boxes():
        xs, ys = proj.xy(np.array([(bx0 + bx1) / 2]), np.array([by1]))
        cx, cy = float(xs[0]), float(ys[0])
        if not (view.xlim[0] < cx < view.xlim[1] and view.ylim[0] < cy < view.ylim[1]):
            continue
        put_halo_text(  # real text in PDF/SVG: the names must be readable and searchable
            ax,
            cx,
            cy + 1.5 * u / view.scale,
            t("export.compare.qd_" + key, spec.texts.lang),
            fontsize=fonts.small,
            ha="center",
            va="bottom",
            style="italic",
            zorder=6,
        )


def _draw_island_shapes(ax, p: _Prepared, parts, owner, proj, view: View, u: float, spec) -> None:
    """Islands from another layer (see :func:`_island_parts`) big enough to show as shapes,
    filled like their nearest unit; the tiny ones become dots with this map's own."""
    b = shapely.bounds(parts)
    size = np.maximum((b[:, 2] - b[:, 0]) * proj.kx, (b[:, 3] - b[:, 1]) * KM_PER_DEG)
    big = size * view.scale >= 0.8 * u
    if not big.any():
        return
    if p.style is not None:
        colours = [p.style.fill[i] for i in owner[big]]
    else:
        colours = PRINT_NEUTRAL if spec.print_safe else NEUTRAL_FILL
    ax.add_collection(
        PathCollection(
            geometry_paths(parts[big], proj),
            facecolors=colours,
            edgecolors="#1a1a1a",
            linewidths=0.35,
            zorder=3.6,
        ),
        autolim=False,
    )


def _draw_panel_map(fig, plan: _Plan, i: int, p: _Prepared, proj, spec: CompareSpec, pax):
    layout, box, cap = plan.layout, plan.boxes[i], plan.captions[i]
    fonts, u, view = layout.fonts, layout.unit, plan.view
    put_text(
        pax,
        cap.x,
        cap.top,
        p.panel.caption,
        fontsize=fonts.legend_title,
        va="top",
        fontweight="bold",
    )
    put_text(
        pax,
        cap.x,
        cap.top - lay.line_mm(fonts.legend_title),
        p.panel.note,
        fontsize=fonts.small,
        va="top",
        color="#444444",
    )
    draw_frame(pax, box)
    ax = fig.add_axes(box.frac(layout.page), zorder=1)
    ax.set_axis_off()
    ax.set_xlim(*view.xlim)
    ax.set_ylim(*view.ylim)
    if p.panel.context is not None:
        draw_context(
            ax,
            p.panel.context,
            set(p.panel.province_codes),
            proj,
            spec.national,
            spec.print_safe,
            [],
        )
    if p.panel.background is not None and len(p.panel.background):
        _draw_background(ax, p.panel.background, proj, spec.print_safe)
    if len(p.units):
        paths = geometry_paths(p.units.geometry.to_numpy(), proj)
        rows = np.arange(len(p.units))
        if p.style is not None:
            draw_units(ax, paths, rows, p.style)
        else:
            ax.add_collection(
                PathCollection(
                    paths,
                    facecolors=PRINT_NEUTRAL if spec.print_safe else NEUTRAL_FILL,
                    edgecolors="#6e6e6e" if spec.print_safe else "#ffffff",
                    linewidths=0.3,
                    zorder=2,
                ),
                autolim=False,
            )
    for outline in p.panel.outlines:
        if len(outline.geoms):
            _draw_outline(ax, outline, proj, spec.print_safe)
    _draw_archipelagos(ax, p, proj, view, u, fonts, spec)
    if spec.texts.is_sample:
        draw_sample_mark(ax, box, fonts, spec.texts.lang)
    return ax


def _draw_side_panel(pax, plan: _Plan, spec, prepared, proj, measure) -> None:
    """Legend, then scale bar and north arrow at the bottom of the legend panel."""
    layout, view = plan.layout, plan.view
    fonts, u, panel, texts = layout.fonts, layout.unit, layout.panel, spec.texts
    width = panel.w if layout.panel_side == "right" else min(panel.w - 62.0 * u, 160.0 * u)
    draw_legend(
        pax,
        layout,
        _legend_entries(spec, prepared),
        legend_title_lines(texts, width, fonts, measure),
        measure,
        note=spec.legend_notes,
        count_headers=_count_headers(prepared),
        lang=texts.lang,
    )
    lat_note = proj.lat0 if (view.ylim[1] - view.ylim[0]) / KM_PER_DEG > 4 else None
    arrow = 9.0 * u
    by = panel.y + lay.line_mm(fonts.small) * 2.4
    if layout.panel_side == "right":
        bar_max, bx = panel.w - arrow - 8.0 * u, panel.x
    else:
        bar_max, bx = 40.0 * u, panel.right - 58.0 * u
    scale_bar(pax, bx, by, bar_max, view.scale, fonts.small, texts.lang, u, lat_note)
    north_arrow(pax, panel.right - arrow * 0.4, by, arrow, texts.lang, fonts.legend)


def render_compare_figure(spec: CompareSpec, *, exported_on: date | None = None) -> Figure:
    """The comparison briefing as a matplotlib Figure (Agg canvas attached). Call it inside
    ``rc_context(rc_params())`` or use :func:`export_compare`."""
    prepared = _prepare(spec)
    page = lay.page_size(spec.page)
    fig = Figure(figsize=page.figsize(spec.dpi), dpi=spec.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    # Memoised: both arrangements wrap the same long source line word by word.
    measure = lru_cache(maxsize=None)(measure_factory(fig))
    bounds = _bounds(prepared)
    proj = Projection.for_bounds(bounds)
    plan = _plan(spec, prepared, proj.bounds(bounds), page, measure, exported_on)
    pax = draw_page(fig, plan.layout, spec.texts)
    for i, p in enumerate(prepared):
        _draw_panel_map(fig, plan, i, p, proj, spec, pax)
    _draw_side_panel(pax, plan, spec, prepared, proj, measure)
    return fig


def export_compare(spec: CompareSpec, *, exported_on: date | None = None) -> bytes:
    """Render ``spec`` and return the file's bytes (PNG, PDF or SVG, see ``spec.fmt``)."""
    with rc_context(rc_params()):
        fig = render_compare_figure(spec, exported_on=exported_on)
        return figure_bytes(fig, spec.fmt, spec.dpi, spec.texts)


def save_compare(spec: CompareSpec, path: str | Path, **kwargs) -> Path:
    """:func:`export_compare` to a file; the format comes from ``spec.fmt``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_compare(spec, **kwargs))
    return path
