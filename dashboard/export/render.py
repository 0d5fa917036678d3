"""Server-side briefing maps with matplotlib: PNG (300 dpi), PDF (vector, TrueType fonts
embedded) and SVG (text kept as text), with the classes and colours of the interactive map.

The public entry point is :func:`export_map` (``ExportSpec`` -> bytes). It never touches
pyplot's global state: each map is a :class:`matplotlib.figure.Figure` with its own Agg
canvas, rendered inside an ``rc_context``, so the function is safe in Streamlit threads.

Steps: check the inputs → project once (equirectangular, true scale at the map's central
latitude, km) → lay out the page (:mod:`dashboard.export.layout`) → choose how Hoàng Sa and
Trường Sa are shown (in place or as insets, whichever gives the larger main map) → draw
units class by class (one ``PathCollection`` per class, hatched "no data") → legend, scale
bar, north arrow, footer, sample-data mark → save.

The drawing pieces (fonts, projection, styles, legend, scale bar, north arrow, page
furniture) live in :mod:`dashboard.export.draw`, shared with the old/new comparison
(:mod:`dashboard.export.compare_render`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath

from dashboard.core.classify import Classes
from dashboard.core.formatting import partial_label as texts_partial_label
from dashboard.core.i18n import t
from dashboard.core.numbers import count
from dashboard.export import layout as lay
from dashboard.export.data import archipelago_codes, archipelago_units
from dashboard.export.draw import (
    EXPORT_FORMATS,
    INK,
    KM_PER_DEG,
    MUTED,
    Projection,
    Style,
    class_entries,
    draw_context,
    draw_frame,
    draw_legend,
    draw_page,
    draw_partial,
    draw_sample_mark,
    draw_units,
    figure_bytes,
    font_families,
    geometry_paths,
    legend_title_lines,
    make_style,
    measure_factory,
    nice_length,
    north_arrow,
    place_labels,
    put_halo_text,
    put_text,
    rc_params,
    scale_bar,
    tiny_part_markers,
)
from dashboard.export.texts import MapTexts
from loaders.metrics.derive import coverage_threshold

__all__ = ["EXPORT_FORMATS", "ExportSpec", "Projection", "export_map", "font_families", "save_map"]

# --------------------------------------------------------------------------- inputs


@dataclass
class ExportSpec:
    """Everything one export needs.

    ``units``: GeoDataFrame with ``code`` (unique strings), ``name``, geometry (any CRS; it
    is converted to EPSG:4326) and optionally ``unit_type`` / ``province_code``.
    ``values``: numbers indexed by unit code; NaN or absent = no data.
    ``classes``: the :class:`dashboard.core.classify.Classes` of the interactive map.
    ``context``: provinces (``code``, ``name``, geometry): outlines on national maps,
    grey neighbours on province maps. ``national``: None guesses from the units.
    ``fmt``: a key of :data:`EXPORT_FORMATS`; ``page``: a key of ``PAGE_SIZES``.
    ``partial``: codes whose value rests on too few communes (below the coverage threshold):
    drawn hatched with their own legend row, as on screen.
    """

    units: gpd.GeoDataFrame
    values: pd.Series
    classes: Classes
    texts: MapTexts
    fmt: str = "png"
    page: str = lay.DEFAULT_PAGE
    dpi: int = lay.PRINT_DPI
    print_safe: bool = False
    labels: bool = False
    decimals: int = 1
    context: gpd.GeoDataFrame | None = None
    national: bool | None = None
    partial: tuple[str, ...] = ()


def _check(spec: ExportSpec) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Units in EPSG:4326 with string codes, and values aligned to them (float, NaN)."""
    if spec.fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {spec.fmt!r}; expected one of {list(EXPORT_FORMATS)}")
    lay.page_size(spec.page)
    return prepare_units(spec.units, spec.values)


def prepare_units(
    units: gpd.GeoDataFrame, values: pd.Series
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """``units`` in EPSG:4326 with string codes, and ``values`` (indexed by code) aligned to
    them as float64 with NaN for no data. Raises ``ValueError`` naming the problem: missing
    columns or CRS, no units, duplicate codes, or values keyed unlike the units (e.g. integer
    codes)."""
    for column in ("code", "geometry"):
        if column not in units.columns:
            raise ValueError(f"units need a {column!r} column")
    if units.crs is None:
        raise ValueError("units have no CRS (expected EPSG:4326 or any convertible CRS)")
    if len(units) == 0:
        raise ValueError("no units to map")
    if not units.crs.equals("EPSG:4326"):
        units = units.to_crs("EPSG:4326")
    codes = units["code"].astype(str)
    if codes.duplicated().any():
        raise ValueError(f"duplicate unit codes: {sorted(set(codes[codes.duplicated()]))[:5]}")
    values = pd.Series(pd.to_numeric(values, errors="coerce"), index=values.index.astype(str))
    if values.index.duplicated().any():
        raise ValueError("values have duplicate codes in their index")
    units = units.assign(code=codes.to_numpy())
    if len(values) and not values.index.isin(codes).any():
        raise ValueError(
            f"no value matches a unit code (values are indexed by e.g. {values.index[0]!r}, "
            f"units by e.g. {codes.iloc[0]!r}; codes are strings like '01273')"
        )
    aligned = values.reindex(codes.to_numpy()).to_numpy(dtype="float64")
    return units, aligned


# ---------------------------------------------------------------------- placement


@dataclass(frozen=True)
class Inset:
    key: str  # "hoang_sa" / "truong_sa"
    index: np.ndarray  # rows of the units frame
    proj: Projection
    bounds_km: tuple[float, float, float, float]
    bounds_lat: tuple[float, float]  # southern and northern latitude (degrees)
    box: lay.Box | None = None  # in map-frame millimetres (origin: frame's lower left)

    @property
    def aspect(self) -> float:
        x0, y0, x1, y1 = self.bounds_km
        return (x1 - x0) / max(y1 - y0, 1e-9)


@dataclass(frozen=True)
class View:
    """What the main map shows: limits in projected km and the scale in mm per km."""

    xlim: tuple[float, float]
    ylim: tuple[float, float]
    scale: float
    insets: tuple[Inset, ...] = ()


def pad(bounds: tuple[float, float, float, float], frac: float = 0.03):
    x0, y0, x1, y1 = bounds
    p = frac * max(x1 - x0, y1 - y0, 1.0)
    return x0 - p, y0 - p, x1 + p, y1 + p


def fit_view(bounds_km, frame: lay.Box) -> View:
    """Centre ``bounds_km`` in the frame at the largest scale."""
    x0, y0, x1, y1 = pad(bounds_km)
    scale = min(frame.w / (x1 - x0), frame.h / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hw, hh = frame.w / scale / 2, frame.h / scale / 2
    return View((cx - hw, cx + hw), (cy - hh, cy + hh), scale)


def fit_with_insets(
    bounds_km,
    frame: lay.Box,
    insets: list[Inset],
    tree: shapely.STRtree,
    u: float,
    caption_h: float,
) -> View | None:
    """The largest main map that leaves room for the insets without covering any unit.

    The main map is pushed against the frame's west edge (vertically centred) so the free
    room is at sea, in the east; each inset then slides along the east edge (the west edge
    if the east is full) to the free spot nearest its true latitude. None when nothing fits.
    """
    x0, y0, x1, y1 = pad(bounds_km)
    w_km, h_km = x1 - x0, y1 - y0
    s0 = min(frame.w / w_km, frame.h / h_km)
    gap, edge, step = 3.0 * u, 2.0 * u, 1.5 * u
    ordered = sorted(insets, key=lambda i: -(i.bounds_lat[0] + i.bounds_lat[1]))  # north first
    for f in np.arange(1.0, 0.59, -0.04):
        scale = s0 * f
        xlim = (x0, x0 + frame.w / scale)
        cy = (y0 + y1) / 2
        ylim = (cy - frame.h / scale / 2, cy + frame.h / scale / 2)
        for g in (1.0, 0.85, 0.7):
            # Insets in proportion to the main map, not to a wide frame's empty sea.
            main_w = w_km * scale
            base_w = min(max(0.34 * frame.w, 38.0 * u), 80.0 * u, max(0.6 * main_w, 40.0 * u))
            base_w *= g
            placed: list[Inset] = []
            for inset in ordered:
                w = base_w if inset.aspect >= 1.4 else base_w * 0.72
                h = w / inset.aspect + caption_h
                true_y = (sum(inset.bounds_lat) / 2 * KM_PER_DEG - ylim[0]) * scale - h / 2
                spots = np.arange(edge, frame.h - edge - h + 1e-9, step)
                spots = spots[np.argsort(np.abs(spots - true_y), kind="stable")]
                found = None
                for bx in (frame.w - edge - w, edge):
                    for by in spots:
                        box = lay.Box(bx, float(by), w, h)
                        if any(_overlap(box, other.box, gap) for other in placed):
                            continue
                        km = shapely.box(
                            xlim[0] + (bx - u) / scale,
                            ylim[0] + (by - u) / scale,
                            xlim[0] + (bx + w + u) / scale,
                            ylim[0] + (by + h + u) / scale,
                        )
                        if len(tree.query(km, predicate="intersects")) == 0:
                            found = box
                            break
                    if found is not None:
                        break
                if found is None:
                    break
                placed.append(replace(inset, box=found))
            if len(placed) == len(ordered):
                return View(xlim, ylim, scale, tuple(placed))
    return None


def _overlap(a: lay.Box, b: lay.Box | None, gap: float) -> bool:
    if b is None:
        return False
    return not (
        a.right + gap <= b.x or b.right + gap <= a.x or a.top + gap <= b.y or b.top + gap <= a.y
    )


def _tighten(layout: lay.Layout, view: View, full_km, main_km) -> tuple[lay.Layout, View]:
    """Shrink the map frame to what the map shows (same scale), so a tall country on a wide
    page does not sit in a frame of empty sea; map and panel are then centred."""
    frame = layout.map
    if not view.insets:
        x0, y0, x1, y1 = pad(full_km)
        w = min(frame.w, (x1 - x0) * view.scale)
        h = min(frame.h, (y1 - y0) * view.scale)
        new = layout.with_map_size(w, h)
        return new, fit_view(full_km, new.map)
    x0, _, x1, _ = pad(main_km)
    main_w = (x1 - x0) * view.scale
    gap = 4.0 * layout.unit
    east = [i for i in view.insets if i.box.right > frame.w - 3.0 * layout.unit]
    if len(east) < len(view.insets):
        return layout, view
    slack = min(i.box.x - (main_w + gap) for i in east)
    if slack <= 0:
        return layout, view
    new = layout.with_map_size(frame.w - slack, frame.h)
    moved = tuple(replace(i, box=replace(i.box, x=i.box.x - slack)) for i in view.insets)
    xlim = (view.xlim[0], view.xlim[0] + new.map.w / view.scale)
    return new, View(xlim, view.ylim, view.scale, moved)


def _legend(
    pax,
    lay_: lay.Layout,
    style: Style,
    texts: MapTexts,
    values: np.ndarray,
    decimals: int,
    measure,
    legend_title: tuple[str, ...],
    partial: np.ndarray | None = None,
) -> float:
    """Legend in the panel (a row per class, partial values when ``partial`` has any, and
    "no data", with counts); returns the lowest y used (mm)."""
    entries = class_entries(
        style,
        [values],
        decimals,
        texts.lang,
        partial,
        texts_partial_label(coverage_threshold(), texts.lang),
    )
    return draw_legend(
        pax,
        lay_,
        entries,
        legend_title,
        measure,
        note=t("export.counts_note", texts.lang),
        lang=texts.lang,
    )


def _draw_inset(fig: Figure, layout: lay.Layout, inset: Inset, scene: _Scene, lang: str):
    """One archipelago in a framed box (its own projection and scale bar), captioned with
    its name and province; returns the inset axes."""
    page, frame, fonts, u = layout.page, layout.map, layout.fonts, layout.unit
    caption_h, style, geoms = _caption_h(fonts, u), scene.style, scene.geoms
    box = inset.box
    abs_box = lay.Box(frame.x + box.x, frame.y + box.y, box.w, box.h)
    ax = fig.add_axes(abs_box.frac(page), zorder=5)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
        spine.set_edgecolor("#444444")
    ax.set_facecolor("white")
    # Data area below the caption, same scale both ways.
    x0, y0, x1, y1 = pad(inset.bounds_km, 0.08)
    data_h_mm = box.h - caption_h
    scale = min(box.w / (x1 - x0), data_h_mm / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - box.w / scale / 2, cx + box.w / scale / 2)
    bottom = cy - data_h_mm / scale / 2
    ax.set_ylim(bottom, bottom + box.h / scale)
    rows = np.asarray(inset.index)
    draw_units(
        ax,
        geometry_paths(geoms[rows], inset.proj),
        np.arange(len(rows)),
        replace(
            style,
            class_index=style.class_index[rows],
            fill=[style.fill[r] for r in rows],
            edge="#333333",
            edge_width=0.3,
        ),
    )
    tiny_part_markers(ax, geoms, rows, inset.proj, scale, style, min_mm=0.9 * u)
    name, parent = t(f"export.{inset.key}", lang).split(" (")
    put_text(
        ax,
        0.04,
        0.97,
        name,
        transform=ax.transAxes,
        fontsize=fonts.small,
        fontweight="bold",
        va="top",
        ha="left",
    )
    put_text(
        ax,
        0.04,
        0.97 - lay.line_mm(fonts.small) / box.h,
        "(" + parent,
        fontsize=fonts.small,
        transform=ax.transAxes,
        va="top",
        ha="left",
        color=MUTED,
    )
    # Small scale bar, bottom right.
    km = nice_length(box.w * 0.3 / scale)
    bx = ax.get_xlim()[1] - (2.5 * u + km * scale) / scale
    by = ax.get_ylim()[0] + 2.2 * u / scale
    ax.plot([bx, bx + km], [by, by], color=INK, linewidth=1.0, solid_capstyle="butt", zorder=7)
    put_text(
        ax,
        bx + km / 2,
        by + 0.8 * u / scale,
        f"{count(km, lang)} km",
        fontsize=fonts.small * 0.85,
        ha="center",
        va="bottom",
        zorder=7,
    )
    return ax


@dataclass
class _Scene:
    """The units of one map, projected once, with their styles and the archipelago rows."""

    units: gpd.GeoDataFrame
    values: np.ndarray
    geoms: np.ndarray
    codes: np.ndarray
    national: bool
    style: Style
    proj: Projection
    main_rows: np.ndarray
    remote_rows: np.ndarray
    insets: list[Inset]

    @classmethod
    def prepare(cls, spec: ExportSpec) -> _Scene:
        units, values = _check(spec)
        geoms = units.geometry.to_numpy()
        codes = units["code"].to_numpy()
        national = spec.national
        if national is None:
            national = "province_code" in units and units["province_code"].nunique() > 1
        arch = archipelago_codes()
        remote = np.flatnonzero(np.isin(codes, list(arch)))
        main = np.setdiff1d(np.arange(len(units)), remote)
        if len(main) == 0:  # only archipelago units: they are the map
            main, remote = remote, np.array([], dtype=int)
        main_bounds = shapely.total_bounds(geoms[main])
        proj = Projection.for_bounds(main_bounds)
        insets = []
        for key in sorted({arch[c] for c in codes[remote]}):
            rows = remote[[arch[c] == key for c in codes[remote]]]
            b = shapely.total_bounds(geoms[rows])
            iproj = Projection.for_bounds(b)
            insets.append(Inset(key, rows, iproj, iproj.bounds(b), (b[1], b[3])))
        return cls(
            units,
            values,
            geoms,
            codes,
            bool(national),
            make_style(spec.classes, values, spec.print_safe, bool(national)),
            proj,
            main,
            remote,
            insets,
        )

    @property
    def main_km(self) -> tuple[float, float, float, float]:
        return self.proj.bounds(shapely.total_bounds(self.geoms[self.main_rows]))

    @property
    def full_km(self) -> tuple[float, float, float, float]:
        return self.proj.bounds(shapely.total_bounds(self.geoms))


def _aspect(b) -> float:
    return (b[2] - b[0]) / max(b[3] - b[1], 1e-9)


def _plan(
    scene: _Scene, spec: ExportSpec, page: lay.PageSize, measure, exported_on: date | None
) -> tuple[lay.Layout, View]:
    """Page layout and map view. The archipelagos are drawn in place unless insets give a
    main map at least 2% larger (with this data they always do: Trường Sa reaches 117.8°E)."""
    texts, fonts, u = spec.texts, lay.Fonts.for_page(page), page.font_scale

    def layout_for(aspect: float) -> lay.Layout:
        return lay.make_layout(
            page,
            title=texts.title,
            subtitle=texts.subtitle,
            footer=texts.footer_lines(exported_on),
            legend_entries=scene.style.classes.k + (2 if spec.partial else 1),
            legend_title_lines=len(legend_title_lines(texts, 58.0 * u, fonts, measure)),
            data_aspect=aspect,
            sample_badge=t("export.sample", texts.lang) if texts.is_sample else None,
            measure=measure,
        )

    layout = layout_for(_aspect(scene.full_km))
    view = fit_view(scene.full_km, layout.map)
    if scene.insets:
        tree = shapely.STRtree(scene.proj.geoms(scene.geoms[scene.main_rows]))
        for aspect in (_aspect(scene.main_km), _aspect(scene.main_km) * 1.35):
            candidate = layout_for(aspect)
            inset_view = fit_with_insets(
                scene.main_km, candidate.map, scene.insets, tree, u, _caption_h(fonts, u)
            )
            if inset_view is not None and inset_view.scale > 1.02 * view.scale:
                view, layout = inset_view, candidate
    return _tighten(layout, view, scene.full_km, scene.main_km)


def _caption_h(fonts: lay.Fonts, u: float) -> float:
    return 2 * lay.line_mm(fonts.small) + 1.5 * u


def _draw_page(fig: Figure, layout: lay.Layout, texts: MapTexts):
    """Page axes in millimetres: title, subtitle, sample badge, footer, map frame."""
    pax = draw_page(fig, layout, texts)
    draw_frame(pax, layout.map)
    return pax


def _draw_main(fig: Figure, layout: lay.Layout, view: View, scene: _Scene, spec: ExportSpec):
    """Context, units by class, island dots; returns the axes and the rows drawn."""
    u = layout.unit
    ax = fig.add_axes(layout.map.frac(layout.page), zorder=1)
    ax.set_axis_off()
    ax.set_xlim(*view.xlim)
    ax.set_ylim(*view.ylim)
    units, geoms, proj = scene.units, scene.geoms, scene.proj
    shown = set(units["province_code"].astype(str)) if "province_code" in units else set()
    cut = [tuple(shapely.total_bounds(geoms[i.index])) for i in view.insets]
    draw_context(ax, spec.context, shown, proj, scene.national, spec.print_safe, cut)
    rows = scene.main_rows if view.insets else np.arange(len(units))
    paths: list[MplPath | None] = [None] * len(units)
    for row, path in zip(rows, geometry_paths(geoms[rows], proj), strict=True):
        paths[row] = path
    draw_units(ax, paths, rows, scene.style)
    if spec.partial:  # values from too few communes: hatched, not drawn as full values
        draw_partial(ax, paths, rows[np.isin(scene.codes[rows], list(spec.partial))], scene.style)
    # Island units (đặc khu) tiny on paper, and the archipelagos drawn in place: dots.
    islands = set() if view.insets else set(scene.remote_rows.tolist())
    if "unit_type" in units:
        drawn = set(rows.tolist())
        for row in np.flatnonzero(units["unit_type"].astype(str).to_numpy() == "Đặc khu"):
            b = shapely.bounds(geoms[row])
            size = max((b[2] - b[0]) * proj.kx, (b[3] - b[1]) * KM_PER_DEG) * view.scale
            if size < 3.0 * u and row in drawn:
                islands.add(int(row))
    tiny_part_markers(ax, geoms, sorted(islands), proj, view.scale, scene.style, min_mm=0.8 * u)
    return ax, rows


def _archipelagos_in_place(scene: _Scene) -> list[tuple[str, object]]:
    """("hoang_sa" | "truong_sa", geometry) of the archipelagos this map draws in place: its
    own archipelago units, or, when its units do not single them out (the 34 provinces, whose
    Đà Nẵng and Khánh Hòa hold them), the 2025 archipelago units its units reach. Sovereignty
    convention: every map of the whole country names both."""
    if len(scene.remote_rows):
        arch = archipelago_codes()
        keys = np.array([arch[c] for c in scene.codes[scene.remote_rows]])
        return [
            (key, shapely.union_all(scene.geoms[scene.remote_rows[keys == key]]))
            for key in sorted(set(keys))
        ]
    found = archipelago_units()
    return [
        (str(key), geom)
        for key, geom in zip(found["key"], found.geometry, strict=True)
        if shapely.intersects(scene.geoms, geom).any()
    ]


def _draw_names(
    fig: Figure,
    ax,
    layout: lay.Layout,
    view: View,
    scene: _Scene,
    spec: ExportSpec,
    rows: np.ndarray,
    blocked: list,
) -> None:
    """Captions of archipelagos drawn in place (always) and unit names (``spec.labels``):
    province names on national maps, commune names otherwise; never overlapping."""
    fonts, u, lang, proj = layout.fonts, layout.unit, spec.texts.lang, scene.proj
    renderer = fig.canvas.get_renderer()
    if not view.insets:
        for key, geom in _archipelagos_in_place(scene):
            x0, _, x1, y1 = proj.bounds(shapely.bounds(geom))
            x, y = (x0 + x1) / 2, y1 + 2.0 * u / view.scale
            if not (view.xlim[0] < x < view.xlim[1] and view.ylim[0] < y < view.ylim[1]):
                continue
            name = put_halo_text(  # real text in PDF/SVG: the names must be searchable
                ax,
                x,
                y,
                t(f"export.{key}", lang),
                fontsize=fonts.small,
                ha="center",
                va="bottom",
                style="italic",
                zorder=6,
            )
            blocked.append(name.get_window_extent(renderer))
    if not spec.labels:
        return
    if scene.national and spec.context is not None:
        ctx = spec.context.to_crs("EPSG:4326")
        pts = shapely.get_coordinates(ctx.geometry.representative_point().to_numpy())
        xs, ys = proj.xy(pts[:, 0], pts[:, 1])
        areas = shapely.area(ctx.geometry.to_numpy())
        items = [
            (x, y, str(n), float(a), None)
            for x, y, n, a in zip(xs, ys, ctx["name"], areas, strict=True)
        ]
        place_labels(
            ax, fig, items, fonts.label * 1.15, blocked, {"fontweight": "bold", "color": "#222222"}
        )
    elif "name" in scene.units:
        pts = shapely.get_coordinates(shapely.point_on_surface(scene.geoms[rows]))
        xs, ys = proj.xy(pts[:, 0], pts[:, 1])
        names = scene.units["name"].astype(str).to_numpy()[rows]
        areas = shapely.area(scene.geoms[rows])
        fills = [scene.style.fill[r] for r in rows]
        items = [
            (x, y, n, float(a), f)
            for x, y, n, a, f in zip(xs, ys, names, areas, fills, strict=True)
        ]
        place_labels(ax, fig, items, fonts.label, blocked)


def _draw_sample_mark(ax, layout: lay.Layout, lang: str) -> None:
    draw_sample_mark(ax, layout.map, layout.fonts, lang)


def _draw_panel(
    pax, layout: lay.Layout, view: View, scene: _Scene, spec: ExportSpec, measure
) -> None:
    """Legend, then scale bar and north arrow at the bottom of the panel."""
    fonts, u, panel, texts = layout.fonts, layout.unit, layout.panel, spec.texts
    width = panel.w if layout.panel_side == "right" else min(panel.w - 62.0 * u, 160.0 * u)
    _legend(
        pax,
        layout,
        scene.style,
        texts,
        scene.values,
        spec.decimals,
        measure,
        legend_title_lines(texts, width, fonts, measure),
        np.isin(scene.codes, list(spec.partial)) if spec.partial else None,
    )
    # Name the latitude where the scale is true when the map spans many degrees.
    lat_note = scene.proj.lat0 if (view.ylim[1] - view.ylim[0]) / KM_PER_DEG > 4 else None
    arrow = 9.0 * u
    by = panel.y + lay.line_mm(fonts.small) * 2.4
    if layout.panel_side == "right":
        bar_max, bx = panel.w - arrow - 8.0 * u, panel.x
    else:
        bar_max, bx = 40.0 * u, panel.right - 58.0 * u
    scale_bar(pax, bx, by, bar_max, view.scale, fonts.small, texts.lang, u, lat_note)
    north_arrow(pax, panel.right - arrow * 0.4, by, arrow, texts.lang, fonts.legend)


def render_figure(spec: ExportSpec, *, exported_on: date | None = None) -> Figure:
    """The briefing map as a matplotlib Figure (Agg canvas attached). Call it inside
    ``rc_context(rc_params())`` or use :func:`export_map`."""
    scene = _Scene.prepare(spec)
    page = lay.page_size(spec.page)
    fig = Figure(figsize=page.figsize(spec.dpi), dpi=spec.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    measure = measure_factory(fig)
    layout, view = _plan(scene, spec, page, measure, exported_on)
    pax = _draw_page(fig, layout, spec.texts)
    ax, rows = _draw_main(fig, layout, view, scene, spec)
    blocked = []
    for inset in view.insets:
        iax = _draw_inset(fig, layout, inset, scene, spec.texts.lang)
        blocked.append(iax.get_window_extent(fig.canvas.get_renderer()))
    _draw_names(fig, ax, layout, view, scene, spec, rows, blocked)
    if spec.texts.is_sample:
        _draw_sample_mark(ax, layout, spec.texts.lang)
    _draw_panel(pax, layout, view, scene, spec, measure)
    return fig


def export_map(spec: ExportSpec, *, exported_on: date | None = None) -> bytes:
    """Render ``spec`` and return the file's bytes (PNG, PDF or SVG, see ``spec.fmt``)."""
    with rc_context(rc_params()):
        fig = render_figure(spec, exported_on=exported_on)
        return figure_bytes(fig, spec.fmt, spec.dpi, spec.texts)


def save_map(spec: ExportSpec, path: str | Path, **kwargs) -> Path:
    """:func:`export_map` to a file; the format comes from ``spec.fmt``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_map(spec, **kwargs))
    return path
