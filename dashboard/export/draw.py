"""Drawing pieces shared by every briefing layout (the single map of
:mod:`dashboard.export.render` and the old/new comparison of
:mod:`dashboard.export.compare_render`): fonts and rc settings, the projection, unit styles
(classes, print-safe greys and patterns, hatched "no data"), unit collections, context
outlines, labels, legend, scale bar, north arrow, page furniture (title, sample badge,
footer) and encoding to PNG / PDF / SVG bytes.

Lengths on the page axes are millimetres from the page's lower-left corner; map axes are in
projected kilometres (:class:`Projection`, from EPSG:4326 lon/lat).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import colors as mcolors
from matplotlib import font_manager, patheffects, rc_context
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.path import Path as MplPath

from dashboard.core.classify import (
    NO_DATA_COLOR,
    Classes,
    classify,
    palette_colors,
)
from dashboard.core.i18n import t
from dashboard.core.legend import CLASS, NO_DATA, PARTIAL, LegendEntry
from dashboard.core.legend import class_entries as legend_entries
from dashboard.core.numbers import count, number
from dashboard.export import layout as lay
from dashboard.export.texts import MapTexts, nfc

#: Formats and their MIME types, for the UI's download button.
EXPORT_FORMATS: dict[str, str] = {
    "png": "image/png",
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
}
KM_PER_DEG = 6371.0088 * math.pi / 180.0

#: "No data" is hatched in every mode, so it never reads as a low value.
NO_DATA_HATCH = "////"
NO_DATA_HATCH_COLOR = "#8c8c8c"
#: Units whose value rests on too few communes (below the coverage threshold) are drawn
#: white with a hatch leaning the other way: a partial value must not read as a full one.
PARTIAL_HATCH = "\\\\\\"
PARTIAL_HATCH_COLOR = "#8c6d1f"
PRINT_NO_DATA_COLOR = "#ffffff"
#: Print-safe mode: a pattern per class on top of the grey ramp (no diagonals: those mean
#: "no data").
PRINT_HATCHES = ("", ".", "-", "+", "o", "|", "..", "--", "++")
#: Twice as dense on national maps, where most communes are a few millimetres across.
PRINT_HATCHES_DENSE = ("", "..", "--", "++", "oo", "||", "...", "---", "+++")

INK = "#1a1a1a"
MUTED = "#555555"
FRAME = "#777777"
#: The sample mark's red (badge, watermark's outline in print).
SAMPLE_RED = "#b71c1c"

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
NOTO_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSans-Italic.ttf",
    "NotoSans-BoldItalic.ttf",
)


@cache
def font_families() -> tuple[str, ...]:
    """Register Noto Sans (Vietnamese glyphs) when installed; DejaVu Sans (bundled with
    matplotlib, also Vietnamese) is the fallback."""
    families = []
    for folder in FONT_DIRS:
        files = [folder / name for name in NOTO_FILES if (folder / name).is_file()]
        if files:
            for file in files:
                font_manager.fontManager.addfont(str(file))
            families.append("Noto Sans")
            break
    # "sans-serif" last: SVG viewers without Noto or DejaVu fall back to a system sans.
    families += ["DejaVu Sans", "sans-serif"]
    return tuple(families)


def rc_params() -> dict:
    return {
        "font.family": list(font_families()),
        "pdf.fonttype": 42,  # TrueType, embedded (subset), text extractable
        "ps.fonttype": 42,
        "svg.fonttype": "none",  # text stays text: editable, searchable
        "svg.hashsalt": "vnmap-export",  # stable ids in SVG output
        "hatch.linewidth": 0.4,
        "axes.unicode_minus": False,
        "path.simplify": True,
    }


# ----------------------------------------------------------------------- projection


@dataclass(frozen=True)
class Projection:
    """Equirectangular in km, true scale along parallels at ``lat0`` (and on meridians)."""

    lon0: float
    lat0: float

    @property
    def kx(self) -> float:
        return KM_PER_DEG * math.cos(math.radians(self.lat0))

    def xy(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (np.asarray(lon) - self.lon0) * self.kx, np.asarray(lat) * KM_PER_DEG

    def coords(self, coords: np.ndarray) -> np.ndarray:
        out = np.empty_like(coords)
        out[:, 0], out[:, 1] = self.xy(coords[:, 0], coords[:, 1])
        return out

    def geoms(self, geoms: np.ndarray) -> np.ndarray:
        return shapely.transform(geoms, self.coords)

    def bounds(self, bounds: Iterable[float]) -> tuple[float, float, float, float]:
        minx, miny, maxx, maxy = bounds
        (x0, x1), (y0, y1) = self.xy(np.array([minx, maxx]), np.array([miny, maxy]))
        return float(x0), float(y0), float(x1), float(y1)

    @classmethod
    def for_bounds(cls, bounds: Iterable[float]) -> Projection:
        minx, miny, maxx, maxy = bounds
        return cls((minx + maxx) / 2, (miny + maxy) / 2)


def geometry_paths(geoms: np.ndarray, proj: Projection) -> list[MplPath]:
    """One compound matplotlib path per (multi)polygon, projected; holes wind the other way
    (``orient_polygons``) so they stay empty under the non-zero fill rule."""
    geoms = shapely.orient_polygons(np.asarray(geoms, dtype=object))
    parts, part_geom = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    coords = proj.coords(coords)
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    if len(coords):
        starts = np.flatnonzero(np.r_[True, coord_ring[1:] != coord_ring[:-1]])
        ends = np.r_[starts[1:] - 1, len(coords) - 1]
        codes[starts] = MplPath.MOVETO
        codes[ends] = MplPath.CLOSEPOLY
    coord_geom = part_geom[ring_part[coord_ring]]
    splits = np.cumsum(np.bincount(coord_geom, minlength=len(geoms)))[:-1]
    return [
        MplPath(v, c)
        for v, c in zip(np.split(coords, splits), np.split(codes, splits), strict=True)
    ]


# -------------------------------------------------------------------------- helpers


def measure_factory(fig: Figure):
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi

    def measure(text: str, size_pt: float, bold: bool = False) -> float:
        prop = FontProperties(
            family=list(font_families()), size=size_pt, weight="bold" if bold else "normal"
        )
        # Unhinted, as PDF and SVG viewers lay the text out: Agg's hinted advances are about
        # 2 % narrower, and a line wrapped to fit them ran past the margin in the PDF.
        with rc_context({"text.hinting": "none"}):
            w, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
        return w / dpi * lay.MM_PER_INCH

    return measure


def luminance(color: str) -> float:
    r, g, b = mcolors.to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def nice_length(max_km: float) -> float:
    """The largest 1/2/2.5/5 × 10ⁿ not above ``max_km``."""
    if max_km <= 0:
        return 0.0
    exp = math.floor(math.log10(max_km))
    for m in (5, 2.5, 2, 1):
        if m * 10**exp <= max_km:
            return m * 10**exp
    return 10 ** (exp - 1) * 5


def put_text(ax, x, y, s, **kw):
    kw.setdefault("color", INK)
    return ax.text(x, y, nfc(s), parse_math=False, **kw)


def put_halo_text(ax, x, y, s, *, halo: float = 1.8, halo_color: str = "white", **kw):
    """Text with a halo that stays text in PDF and SVG: the halo is a copy of the text
    stroked underneath, and the text itself is drawn without path effects (matplotlib
    draws any text with path effects as outlines, which ``pdftotext`` and search cannot
    read). Returns the text on top."""
    below = {k: v for k, v in kw.items() if k not in ("color", "zorder")}
    put_text(
        ax,
        x,
        y,
        s,
        color=halo_color,
        zorder=kw.get("zorder", 6) - 0.01,
        path_effects=[patheffects.withStroke(linewidth=halo, foreground=halo_color)],
        **below,
    )
    return put_text(ax, x, y, s, **kw)


# ------------------------------------------------------------------------- drawing


@dataclass
class Style:
    fill: list[str]
    class_index: np.ndarray
    classes: Classes
    hatches: tuple[str, ...]
    hatch_colors: tuple[str, ...]
    no_data_fill: str
    edge: str
    edge_width: float


def make_style(
    classes: Classes, values: np.ndarray, print_safe: bool = False, national: bool = False
) -> Style:
    """Fill, pattern and edge per unit for ``values`` (aligned to the units) in ``classes``.

    Print-safe: the same breaks on the grey ramp, a pattern per class and white "no data";
    ``national`` maps get denser patterns and hairline edges (communes are millimetres wide).
    """
    if print_safe and classes.is_categorical:
        # Categories have no order, but greys plus a pattern per class keep them apart.
        classes = replace(classes, palette="greys", colors=palette_colors("greys", classes.k))
    elif print_safe and classes.k:
        # Same breaks, grey ramp: the classes do not change, only their look.
        classes = classify(
            pd.Series(values), breaks=(classes.lower, classes.upper), palette="greys"
        )
    index = classes.class_of(values) if classes.k else np.full(len(values), -1)
    if print_safe:
        patterns = PRINT_HATCHES_DENSE if national else PRINT_HATCHES
        hatches = tuple(patterns[i % len(patterns)] for i in range(classes.k))
        hatch_colors = tuple(
            "#ffffff" if luminance(c) < 0.45 else "#000000" for c in classes.colors
        )
        no_data = PRINT_NO_DATA_COLOR
        edge = "#6e6e6e"
    else:
        hatches = ("",) * classes.k
        hatch_colors = ("#000000",) * classes.k
        no_data = NO_DATA_COLOR
        edge = "#ffffff"
    fill = [classes.colors[i] if i >= 0 else no_data for i in index]
    return Style(
        fill,
        np.asarray(index),
        classes,
        hatches,
        hatch_colors,
        no_data,
        edge,
        0.08 if national else 0.3,
    )


def draw_units(
    ax, paths: list[MplPath], rows: np.ndarray, style: Style, zorder: float = 2.0
) -> None:
    """One collection per class (hatches are per collection), then "no data"."""
    for i in range(style.classes.k):
        members = rows[style.class_index[rows] == i]
        if len(members) == 0:
            continue
        ax.add_collection(
            PathCollection(
                [paths[j] for j in members],
                facecolors=style.classes.colors[i],
                edgecolors=style.edge,
                linewidths=style.edge_width,
                hatch=style.hatches[i] or None,
                hatchcolor=style.hatch_colors[i],
                zorder=zorder,
            ),
            autolim=False,
        )
    missing = rows[style.class_index[rows] < 0]
    if len(missing):
        ax.add_collection(
            PathCollection(
                [paths[j] for j in missing],
                facecolors=style.no_data_fill,
                edgecolors=style.edge,
                linewidths=style.edge_width,
                hatch=NO_DATA_HATCH,
                hatchcolor=NO_DATA_HATCH_COLOR,
                zorder=zorder,
            ),
            autolim=False,
        )


def draw_partial(
    ax, paths: list[MplPath], rows: np.ndarray, style: Style, zorder: float = 2.1
) -> None:
    """Over :func:`draw_units`: the ``rows`` whose value is partial, white with
    :data:`PARTIAL_HATCH` (black in print-safe mode), hiding their class colour."""
    if len(rows) == 0:
        return
    print_safe = style.no_data_fill == PRINT_NO_DATA_COLOR
    ax.add_collection(
        PathCollection(
            [paths[j] for j in rows],
            facecolors="#ffffff",
            edgecolors=style.edge,
            linewidths=style.edge_width,
            hatch=PARTIAL_HATCH,
            hatchcolor="#000000" if print_safe else PARTIAL_HATCH_COLOR,
            zorder=zorder,
        ),
        autolim=False,
    )


def tiny_part_markers(
    ax,
    geoms: np.ndarray,
    rows: Iterable[int],
    proj: Projection,
    scale: float,
    style: Style,
    min_mm: float,
    zorder: float = 4,
) -> None:
    """Islands smaller than ``min_mm`` on paper get a dot in their class colour, so the
    archipelagos and small island units stay visible at national scale."""
    xs, ys, colors = [], [], []
    for row in rows:
        parts = shapely.get_parts(geoms[row])
        if len(parts) == 0:
            continue
        b = shapely.bounds(parts)
        size = np.maximum((b[:, 2] - b[:, 0]) * proj.kx, (b[:, 3] - b[:, 1]) * KM_PER_DEG)
        small = parts[size * scale < min_mm]
        if len(small) == 0:
            continue
        c = shapely.get_coordinates(shapely.centroid(small))
        x, y = proj.xy(c[:, 0], c[:, 1])
        xs.extend(x)
        ys.extend(y)
        colors.extend([style.fill[row]] * len(x))
    if xs:
        size_pt = min_mm / lay.PT_TO_MM
        ax.scatter(
            xs,
            ys,
            s=size_pt**2,
            c=colors,
            edgecolors=INK,
            linewidths=0.35,
            zorder=zorder,
            marker="o",
        )


def draw_context(
    ax,
    context: gpd.GeoDataFrame | None,
    shown_provinces: set[str],
    proj: Projection,
    national: bool,
    print_safe: bool,
    cut: list[tuple[float, float, float, float]],
) -> None:
    """Province outlines (national map) or grey neighbours (province map); parts inside
    ``cut`` (lon/lat boxes of archipelagos shown as insets) are left out."""
    if context is None or len(context) == 0:
        return
    ctx = context.to_crs("EPSG:4326") if not context.crs.equals("EPSG:4326") else context
    codes = ctx["code"].astype(str).to_numpy()
    geoms = ctx.geometry.to_numpy()
    if cut:
        boxes = shapely.union_all([shapely.box(*b) for b in cut])
        geoms = np.array([drop_parts_within(g, boxes) for g in geoms], dtype=object)
    paths = geometry_paths(geoms, proj)
    inside = np.isin(codes, list(shown_provinces))
    if not national:
        others = [p for p, keep in zip(paths, ~inside, strict=True) if keep]
        if others:
            # Print-safe: white, since light grey is the first class of the grey ramp.
            ax.add_collection(
                PathCollection(
                    others,
                    facecolors="#ffffff" if print_safe else "#f0f0f0",
                    edgecolors="#b0b0b0" if print_safe else "#ffffff",
                    linewidths=0.6,
                    zorder=1,
                ),
                autolim=False,
            )
    mine = [p for p, keep in zip(paths, inside, strict=True) if keep]
    if mine:
        ax.add_collection(
            PathCollection(
                mine,
                facecolors="none",
                edgecolors="#333333",
                linewidths=0.5 if national else 0.8,
                zorder=3,
            ),
            autolim=False,
        )


def drop_parts_within(geom, area):
    parts = shapely.get_parts(geom)
    keep = parts[~shapely.within(shapely.centroid(parts), area)]
    return shapely.multipolygons(keep) if len(keep) else shapely.MultiPolygon()


def place_labels(
    ax,
    fig: Figure,
    items: list[tuple[float, float, str, float, str | None]],
    size_pt: float,
    blocked: list,
    style: dict | None = None,
) -> list:
    """Greedy, largest first: keep a label only if its box misses every kept box (and the
    blocked boxes, e.g. insets) and lies inside the map frame. Items are (x, y, text,
    priority, fill under the label or None); on dark fills the text is white."""
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    kept, boxes = [], list(blocked)
    for x, y, text, _priority, fill in sorted(items, key=lambda t: -t[3]):
        dark = fill is not None and luminance(fill) < 0.35
        kw = dict(style or {})
        kw["color"] = "white" if dark else kw.get("color", INK)
        halo = [patheffects.withStroke(linewidth=1.6, foreground=fill if dark else "white")]
        shown = put_text(
            ax,
            x,
            y,
            text,
            fontsize=size_pt,
            ha="center",
            va="center",
            zorder=6,
            path_effects=halo,
            **kw,
        )
        bb = shown.get_window_extent(renderer).expanded(1.08, 1.15)
        if (
            bb.x0 < frame.x0
            or bb.x1 > frame.x1
            or bb.y0 < frame.y0
            or bb.y1 > frame.y1
            or any(bb.overlaps(other) for other in boxes)
        ):
            shown.remove()
            continue
        kept.append(shown)
        boxes.append(bb)
    return kept


def scale_bar(
    pax,
    x: float,
    y: float,
    max_mm: float,
    scale: float,
    size_pt: float,
    lang: str,
    u: float,
    lat_note: float | None = None,
) -> float:
    """A four-segment bar at (x, y) (mm, lower left), at most ``max_mm`` long, for a map
    at ``scale`` mm per km. Returns the height used (mm)."""
    km = nice_length(max_mm / scale)
    length = km * scale
    h = 1.6 * u
    for i in range(4):
        pax.add_patch(
            Rectangle(
                (x + i * length / 4, y),
                length / 4,
                h,
                linewidth=0.4,
                edgecolor=INK,
                facecolor=INK if i % 2 == 0 else "white",
            )
        )
    decimals = 0 if float(km / 2).is_integer() else 1
    for frac, value in ((0, 0), (0.5, km / 2), (1, km)):
        text = number(value, lang, decimals) + (" km" if frac == 1 else "")
        put_text(
            pax,
            x + frac * length,
            y + h + 0.8 * u,
            text,
            fontsize=size_pt,
            ha="center",
            va="bottom",
        )
    rf = 1e6 / scale  # mm per km on paper -> 1:rf
    digits = 10 ** max(0, math.floor(math.log10(rf)) - 1)
    rf = round(rf / digits) * digits
    line = f"{t('export.scale', lang)} 1:{count(rf, lang)}"
    if lat_note is not None:
        line += " (" + t("export.scale_at", lang, lat=count(lat_note, lang)) + ")"
    put_text(pax, x, y - 0.8 * u, line, fontsize=size_pt * 0.92, color=MUTED, ha="left", va="top")
    return h + 0.8 * u + lay.line_mm(size_pt) * 2


def north_arrow(pax, cx: float, y: float, size: float, lang: str, size_pt: float) -> None:
    w = size * 0.55
    pax.add_patch(
        Polygon(
            [(cx - w / 2, y), (cx, y + size), (cx, y + size * 0.28)],
            closed=True,
            facecolor="white",
            edgecolor=INK,
            linewidth=0.6,
        )
    )
    pax.add_patch(
        Polygon(
            [(cx + w / 2, y), (cx, y + size), (cx, y + size * 0.28)],
            closed=True,
            facecolor=INK,
            edgecolor=INK,
            linewidth=0.6,
        )
    )
    put_text(
        pax,
        cx,
        y + size + 0.6,
        t("export.north", lang),
        fontsize=size_pt,
        ha="center",
        va="bottom",
        fontweight="bold",
    )


def swatch(pax, x, y, w, h, color, hatch, hatch_color):
    pax.add_patch(
        Rectangle(
            (x, y),
            w,
            h,
            facecolor=color,
            edgecolor="#666666",
            linewidth=0.4,
            hatch=hatch or None,
            hatchcolor=hatch_color,
        )
    )


def legend_title_lines(texts: MapTexts, width: float, fonts: lay.Fonts, measure) -> tuple[str, ...]:
    """The metric's name, wrapped, with "(unit)" kept whole on the last line or its own."""
    lines = list(lay.wrap(texts.metric_label, width, fonts.legend_title, True, measure))
    if texts.unit:
        unit = f"({texts.unit})"
        if lines and measure(f"{lines[-1]} {unit}", fonts.legend_title, True) <= width:
            lines[-1] = f"{lines[-1]} {unit}"
        else:
            lines.append(unit)
    return tuple(lines)


# ---------------------------------------------------------------------------- legend


def class_entries(
    style: Style,
    values: Sequence[np.ndarray],
    decimals: int,
    lang: str,
    partial: np.ndarray | None = None,
    partial_label: str = "",
) -> list[LegendEntry]:
    """The map page's legend rows (:func:`dashboard.core.legend.class_entries`: a row per
    class, partial units, "Không có số liệu"; counted in each of ``values``, one array per
    map panel) with the swatches of the print ``style``: each class's hatch (a print-safe
    style hatches classes apart), the partial and no-data patterns."""
    print_safe = style.no_data_fill == PRINT_NO_DATA_COLOR
    looks = {
        PARTIAL: {
            "hatch": PARTIAL_HATCH,
            "hatch_color": "#000000" if print_safe else PARTIAL_HATCH_COLOR,
        },
        NO_DATA: {
            "fill": style.no_data_fill,
            "hatch": NO_DATA_HATCH,
            "hatch_color": NO_DATA_HATCH_COLOR,
        },
    }
    entries = []
    for entry in legend_entries(
        style.classes, values, decimals, lang, partial=partial, partial_text=partial_label
    ):
        if entry.kind == CLASS:
            i = entry.class_index
            entry = replace(entry, hatch=style.hatches[i], hatch_color=style.hatch_colors[i])
        entries.append(replace(entry, **looks.get(entry.kind, {})))
    return entries


def draw_legend(
    pax,
    lay_: lay.Layout,
    entries: Sequence[LegendEntry],
    title_lines: Sequence[str],
    measure,
    *,
    note: str | Sequence[str] = "",
    count_headers: Sequence[str] = (),
    lang: str = "vi",
) -> float:
    """Legend in the layout's panel: title, optional header over the count columns, rows
    in ``lay_.legend_columns`` columns (counts written in ``lang``), then ``note`` (one or
    several notes, each wrapped to the panel's width). Returns the lowest y used (mm)."""
    fonts, u, panel = lay_.fonts, lay_.unit, lay_.panel
    y = panel.top
    for line in title_lines:
        put_text(pax, panel.x, y, line, fontsize=fonts.legend_title, fontweight="bold", va="top")
        y -= lay.line_mm(fonts.legend_title)
    y -= 1.5 * u
    columns = lay_.legend_columns
    rows = math.ceil(len(entries) / columns)
    sw, sh = lay_.swatch
    size = fonts.legend
    n_counts = max((len(e.counts) for e in entries), default=0)
    count_gap = 2.5 * u
    widest = max(measure(e.label, size, False) for e in entries)
    shown = [tuple(count(n, lang) for n in e.counts) for e in entries]
    count_w = max(
        [measure(c, size, False) for texts in shown for c in texts]
        + [measure(h, fonts.small, False) for h in count_headers]
        + [0.0]
    )
    counts_w = n_counts * count_w + max(n_counts - 1, 0) * count_gap
    if lay_.panel_side == "bottom":
        natural = sw + 2.0 * u + widest + 6.0 * u + counts_w + 6.0 * u
        col_w = min((panel.w - 62.0 * u) / columns, natural)
    else:
        col_w = panel.w
    room = col_w - sw - 2.0 * u - counts_w - 3.0 * u
    if widest > room:  # long ranges: shrink the text rather than overflow the panel
        size = max(size * room / widest, fonts.small * 0.9)

    def count_x(x0: float, k: int) -> float:
        """Right edge of count column ``k`` of ``n_counts`` in a legend column at ``x0``."""
        return x0 + col_w - 3.0 * u - (n_counts - 1 - k) * (count_w + count_gap)

    if count_headers:
        for col in range(columns):
            for k, header in enumerate(count_headers):
                put_text(
                    pax,
                    count_x(panel.x + col * col_w, k),
                    y,
                    header,
                    fontsize=fonts.small,
                    ha="right",
                    va="top",
                    color=MUTED,
                    fontweight="bold",
                )
        y -= lay.line_mm(fonts.small) + 0.5 * u
    top = y
    for n, entry in enumerate(entries):
        col, row = divmod(n, rows)
        x0 = panel.x + col * col_w
        yy = top - row * lay_.row_h
        if entry.fill is not None:
            swatch(pax, x0, yy - sh, sw, sh, entry.fill, entry.hatch, entry.hatch_color)
        if entry.line is not None:
            line_sample(pax, x0, yy - sh / 2, sw, entry)
        put_text(pax, x0 + sw + 2.0 * u, yy - sh / 2, entry.label, fontsize=size, va="center")
        for k, text in enumerate(shown[n]):
            put_text(
                pax,
                count_x(x0, k),
                yy - sh / 2,
                text,
                fontsize=size,
                va="center",
                ha="right",
                color=MUTED,
            )
    y = top - rows * lay_.row_h - 0.5 * u
    for part in [note] if isinstance(note, str) else note:
        for line in lay.wrap(part, panel.w, fonts.small, False, measure) if part else ():
            put_text(pax, panel.x, y, line, fontsize=fonts.small, color=MUTED, va="top")
            y -= lay.line_mm(fonts.small)
    return y


def line_sample(pax, x: float, y: float, w: float, entry: LegendEntry) -> None:
    """A line across a swatch's width at height ``y`` (mm), styled like ``entry.line``."""
    if entry.casing:
        pax.add_line(Line2D([x, x + w], [y, y], color="#ffffff", linewidth=entry.line_width + 1.6))
    line = Line2D([x, x + w], [y, y], color=entry.line, linewidth=entry.line_width)
    if entry.dash:
        line.set_dashes(entry.dash)
    pax.add_line(line)


# -------------------------------------------------------------------- page furniture


def draw_page(fig: Figure, layout: lay.Layout, texts: MapTexts):
    """Page axes in millimetres with the title, subtitle, sample badge and footer."""
    page, fonts, u = layout.page, layout.fonts, layout.unit
    pax = fig.add_axes((0, 0, 1, 1), zorder=0)
    pax.set_xlim(0, page.width_mm)
    pax.set_ylim(0, page.height_mm)
    pax.set_axis_off()
    y = layout.header.top
    for line in layout.title_lines:
        put_text(pax, layout.header.x, y, line, fontsize=fonts.title, fontweight="bold", va="top")
        y -= lay.line_mm(fonts.title, 1.2)
    for line in layout.subtitle_lines:
        put_text(
            pax,
            layout.header.x,
            y - 0.6 * u,
            line,
            fontsize=fonts.subtitle,
            va="top",
            color="#3d3d3d",
        )
        y -= lay.line_mm(fonts.subtitle)
    if layout.badge is not None:
        draw_sample_badge(pax, layout.badge, fonts.badge, texts.lang)
    y = layout.footer.top
    for line in layout.footer_lines:
        put_text(pax, layout.footer.x, y, line, fontsize=fonts.footer, va="top", color="#333333")
        y -= lay.line_mm(fonts.footer)
    return pax


def draw_sample_badge(pax, box: lay.Box, fontsize: float, lang: str) -> None:
    """The red "DỮ LIỆU MẪU" / "SAMPLE DATA" box of a sample page, in ``box`` (mm)."""
    pax.add_patch(
        Rectangle(
            (box.x, box.y), box.w, box.h, facecolor="white", edgecolor=SAMPLE_RED, linewidth=1.4
        )
    )
    put_text(
        pax,
        box.x + box.w / 2,
        box.y + box.h / 2,
        t("export.sample", lang),
        fontsize=fontsize,
        fontweight="bold",
        color=SAMPLE_RED,
        ha="center",
        va="center",
    )


def draw_frame(pax, frame: lay.Box) -> None:
    """A thin grey frame around a map box (mm)."""
    pax.add_patch(
        Rectangle(
            (frame.x, frame.y),
            frame.w,
            frame.h,
            facecolor="none",
            edgecolor=FRAME,
            linewidth=0.5,
            zorder=3,
        )
    )


def draw_sample_mark(ax, frame: lay.Box, fonts: lay.Fonts, lang: str) -> None:
    """ "DỮ LIỆU MẪU" across a map of ``frame`` (mm): translucent, so the map stays
    readable, and still visible (light grey) on a grayscale photocopy."""
    put_text(
        ax,
        0.5,
        0.5,
        t("export.sample", lang),
        transform=ax.transAxes,
        ha="center",
        va="center",
        rotation=math.degrees(math.atan2(frame.h, frame.w)),
        fontsize=min(fonts.watermark, frame.w * 0.75 / 9 / lay.PT_TO_MM * 1.4),
        fontweight="bold",
        color=SAMPLE_RED,
        alpha=0.18,
        zorder=8,
    )


def figure_bytes(fig: Figure, fmt: str, dpi: int, texts: MapTexts) -> bytes:
    """The figure as PNG / PDF / SVG bytes, with the title and boundary version in the
    file's metadata (SVG without a date, so equal maps give equal files)."""
    title = texts.title
    metadata = {
        "png": {"Title": title, "Software": "vnmap dashboard.export"},
        "pdf": {
            "Title": title,
            "Subject": texts.metric_label,
            "Keywords": texts.boundary_version,
            "Creator": "vnmap dashboard.export",
        },
        "svg": {
            "Title": title,
            "Description": texts.boundary_version,
            "Date": None,
            "Creator": "vnmap dashboard.export",
        },
    }[fmt]
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()
