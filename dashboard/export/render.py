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
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import colors as mcolors
from matplotlib import font_manager, patheffects, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Polygon, Rectangle
from matplotlib.path import Path as MplPath

from dashboard.classify import NO_DATA_COLOR, Classes, classify, fmt_number
from dashboard.export import layout as lay
from dashboard.export.data import archipelago_codes
from dashboard.export.texts import MapTexts, label, nfc

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
PRINT_NO_DATA_COLOR = "#ffffff"
#: Print-safe mode: a pattern per class on top of the grey ramp (no diagonals: those mean
#: "no data").
PRINT_HATCHES = ("", ".", "-", "+", "o", "|", "..", "--", "++")
#: Twice as dense on national maps, where most communes are a few millimetres across.
PRINT_HATCHES_DENSE = ("", "..", "--", "++", "oo", "||", "...", "---", "+++")

INK = "#1a1a1a"
MUTED = "#555555"
FRAME = "#777777"

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
NOTO_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSans-Italic.ttf",
    "NotoSans-BoldItalic.ttf",
)


# --------------------------------------------------------------------------- inputs


@dataclass
class ExportSpec:
    """Everything one export needs.

    ``units``: GeoDataFrame with ``code`` (unique strings), ``name``, geometry (any CRS; it
    is converted to EPSG:4326) and optionally ``unit_type`` / ``province_code``.
    ``values``: numbers indexed by unit code; NaN or absent = no data.
    ``classes``: the :class:`dashboard.classify.Classes` of the interactive map.
    ``context``: provinces (``code``, ``name``, geometry): outlines on national maps,
    grey neighbours on province maps. ``national``: None guesses from the units.
    ``fmt``: a key of :data:`EXPORT_FORMATS`; ``page``: a key of ``PAGE_SIZES``.
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


def _rc() -> dict:
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


def _check(spec: ExportSpec) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Units in EPSG:4326 with string codes, and values aligned to them (float, NaN)."""
    if spec.fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {spec.fmt!r}; expected one of {list(EXPORT_FORMATS)}")
    lay.page_size(spec.page)
    units = spec.units
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
    values = spec.values
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


def _pad(bounds: tuple[float, float, float, float], frac: float = 0.03):
    x0, y0, x1, y1 = bounds
    p = frac * max(x1 - x0, y1 - y0, 1.0)
    return x0 - p, y0 - p, x1 + p, y1 + p


def fit_view(bounds_km, frame: lay.Box) -> View:
    """Centre ``bounds_km`` in the frame at the largest scale."""
    x0, y0, x1, y1 = _pad(bounds_km)
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
    x0, y0, x1, y1 = _pad(bounds_km)
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
        x0, y0, x1, y1 = _pad(full_km)
        w = min(frame.w, (x1 - x0) * view.scale)
        h = min(frame.h, (y1 - y0) * view.scale)
        new = layout.with_map_size(w, h)
        return new, fit_view(full_km, new.map)
    x0, _, x1, _ = _pad(main_km)
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


# -------------------------------------------------------------------------- helpers


def _measure_factory(fig: Figure):
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi

    def measure(text: str, size_pt: float, bold: bool = False) -> float:
        prop = FontProperties(
            family=list(font_families()), size=size_pt, weight="bold" if bold else "normal"
        )
        w, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
        return w / dpi * lay.MM_PER_INCH

    return measure


def _luminance(color: str) -> float:
    r, g, b = mcolors.to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _nice_length(max_km: float) -> float:
    """The largest 1/2/2.5/5 × 10ⁿ not above ``max_km``."""
    if max_km <= 0:
        return 0.0
    exp = math.floor(math.log10(max_km))
    for m in (5, 2.5, 2, 1):
        if m * 10**exp <= max_km:
            return m * 10**exp
    return 10 ** (exp - 1) * 5


def _fmt(value: float, lang: str, decimals: int = 1) -> str:
    if lang == "vi":
        return fmt_number(value, decimals)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    value = round(float(value), decimals)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.{decimals}f}"


def class_labels(classes: Classes, decimals: int, lang: str) -> list[str]:
    """Legend ranges: the Vietnamese ones are :meth:`Classes.labels`; English uses English
    number format for the same bounds."""
    if classes.k == 0:  # no values at all: only "no data" (Classes.ranges fails here)
        return []
    if lang == "vi":
        labels = classes.labels(decimals)
    else:
        labels = [
            f"{_fmt(lo, lang, decimals)} – {_fmt(hi, lang, decimals)}"
            for lo, hi in classes.ranges()
        ]
    # A class of one value ("2 – 2", common with counts) reads better as "2".
    return [
        _fmt(hi, lang, decimals) if round(lo, decimals) == round(hi, decimals) else text
        for text, (lo, hi) in zip(labels, classes.ranges(), strict=True)
    ]


def _text(ax, x, y, s, **kw):
    kw.setdefault("color", INK)
    return ax.text(x, y, nfc(s), parse_math=False, **kw)


# ------------------------------------------------------------------------- drawing


@dataclass
class _Style:
    fill: list[str]
    class_index: np.ndarray
    classes: Classes
    hatches: tuple[str, ...]
    hatch_colors: tuple[str, ...]
    no_data_fill: str
    edge: str
    edge_width: float


def _style(spec: ExportSpec, values: np.ndarray, national: bool) -> _Style:
    classes = spec.classes
    if spec.print_safe and classes.k:
        # Same breaks, grey ramp: the classes do not change, only their look.
        classes = classify(
            pd.Series(values), breaks=(classes.lower, classes.upper), palette="greys"
        )
    index = classes.class_of(values) if classes.k else np.full(len(values), -1)
    if spec.print_safe:
        patterns = PRINT_HATCHES_DENSE if national else PRINT_HATCHES
        hatches = tuple(patterns[i % len(patterns)] for i in range(classes.k))
        hatch_colors = tuple(
            "#ffffff" if _luminance(c) < 0.45 else "#000000" for c in classes.colors
        )
        no_data = PRINT_NO_DATA_COLOR
        edge = "#6e6e6e"
    else:
        hatches = ("",) * classes.k
        hatch_colors = ("#000000",) * classes.k
        no_data = NO_DATA_COLOR
        edge = "#ffffff"
    fill = [classes.colors[i] if i >= 0 else no_data for i in index]
    return _Style(
        fill,
        np.asarray(index),
        classes,
        hatches,
        hatch_colors,
        no_data,
        edge,
        0.08 if national else 0.3,
    )


def _draw_units(
    ax, paths: list[MplPath], rows: np.ndarray, style: _Style, zorder: float = 2.0
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


def _tiny_part_markers(
    ax,
    geoms: np.ndarray,
    rows: Iterable[int],
    proj: Projection,
    scale: float,
    style: _Style,
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


def _draw_context(
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
        geoms = np.array([_drop_parts_within(g, boxes) for g in geoms], dtype=object)
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


def _drop_parts_within(geom, area):
    parts = shapely.get_parts(geom)
    keep = parts[~shapely.within(shapely.centroid(parts), area)]
    return shapely.multipolygons(keep) if len(keep) else shapely.MultiPolygon()


def _place_labels(
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
        dark = fill is not None and _luminance(fill) < 0.35
        kw = dict(style or {})
        kw["color"] = "white" if dark else kw.get("color", INK)
        halo = [patheffects.withStroke(linewidth=1.6, foreground=fill if dark else "white")]
        t = _text(
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
        bb = t.get_window_extent(renderer).expanded(1.08, 1.15)
        if (
            bb.x0 < frame.x0
            or bb.x1 > frame.x1
            or bb.y0 < frame.y0
            or bb.y1 > frame.y1
            or any(bb.overlaps(other) for other in boxes)
        ):
            t.remove()
            continue
        kept.append(t)
        boxes.append(bb)
    return kept


def _scale_bar(
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
    km = _nice_length(max_mm / scale)
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
        text = _fmt(value, lang, decimals) + (" km" if frac == 1 else "")
        _text(
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
    line = f"{label('scale', lang)} 1:{_fmt(rf, lang, 0)}"
    if lat_note is not None:
        line += " (" + label("scale_at", lang).format(lat=f"{lat_note:.0f}") + ")"
    _text(pax, x, y - 0.8 * u, line, fontsize=size_pt * 0.92, color=MUTED, ha="left", va="top")
    return h + 0.8 * u + lay.line_mm(size_pt) * 2


def _north_arrow(pax, cx: float, y: float, size: float, lang: str, size_pt: float) -> None:
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
    _text(
        pax,
        cx,
        y + size + 0.6,
        label("north", lang),
        fontsize=size_pt,
        ha="center",
        va="bottom",
        fontweight="bold",
    )


def _swatch(pax, x, y, w, h, color, hatch, hatch_color):
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


def _legend_title(texts: MapTexts, width: float, fonts: lay.Fonts, measure) -> tuple[str, ...]:
    """The metric's name, wrapped, with "(unit)" kept whole on the last line or its own."""
    lines = list(lay.wrap(texts.metric_label, width, fonts.legend_title, True, measure))
    if texts.unit:
        unit = f"({texts.unit})"
        if lines and measure(f"{lines[-1]} {unit}", fonts.legend_title, True) <= width:
            lines[-1] = f"{lines[-1]} {unit}"
        else:
            lines.append(unit)
    return tuple(lines)


def _legend(
    pax,
    lay_: lay.Layout,
    style: _Style,
    texts: MapTexts,
    values: np.ndarray,
    decimals: int,
    measure,
    legend_title: tuple[str, ...],
) -> float:
    """Legend in the panel; returns the lowest y used (mm)."""
    fonts, u, panel = lay_.fonts, lay_.unit, lay_.panel
    lang = texts.lang
    y = panel.top
    for line in legend_title:
        _text(pax, panel.x, y, line, fontsize=fonts.legend_title, fontweight="bold", va="top")
        y -= lay.line_mm(fonts.legend_title)
    y -= 1.5 * u
    classes = style.classes
    counts, missing = classes.counts(values) if classes.k else ([], len(values))
    entries = [
        (lbl, classes.colors[i], style.hatches[i], style.hatch_colors[i], counts[i])
        for i, lbl in enumerate(class_labels(classes, decimals, lang))
    ]
    entries.append(
        (label("no_data", lang), style.no_data_fill, NO_DATA_HATCH, NO_DATA_HATCH_COLOR, missing)
    )
    columns = lay_.legend_columns
    rows = math.ceil(len(entries) / columns)
    sw, sh = lay_.swatch
    size = fonts.legend
    widest = max(measure(e[0], size, False) for e in entries)
    count_w = max(measure(_fmt(e[4], lang, 0), size, False) for e in entries)
    if lay_.panel_side == "bottom":
        natural = sw + 2.0 * u + widest + 6.0 * u + count_w + 6.0 * u
        col_w = min((panel.w - 62.0 * u) / columns, natural)
    else:
        col_w = panel.w
    room = col_w - sw - 2.0 * u - count_w - 3.0 * u
    if widest > room:  # long ranges: shrink the text rather than overflow the panel
        size = max(size * room / widest, fonts.small * 0.9)
    top = y
    for n, (text, color, hatch, hcolor, count) in enumerate(entries):
        col, row = divmod(n, rows)
        x0 = panel.x + col * col_w
        yy = top - row * lay_.row_h
        _swatch(pax, x0, yy - sh, sw, sh, color, hatch, hcolor)
        _text(pax, x0 + sw + 2.0 * u, yy - sh / 2, text, fontsize=size, va="center")
        _text(
            pax,
            x0 + col_w - 3.0 * u,
            yy - sh / 2,
            _fmt(count, lang, 0),
            fontsize=size,
            va="center",
            ha="right",
            color=MUTED,
        )
    y = top - rows * lay_.row_h - 0.5 * u
    _text(pax, panel.x, y, label("counts_note", lang), fontsize=fonts.small, color=MUTED, va="top")
    return y - lay.line_mm(fonts.small)


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
    x0, y0, x1, y1 = _pad(inset.bounds_km, 0.08)
    data_h_mm = box.h - caption_h
    scale = min(box.w / (x1 - x0), data_h_mm / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - box.w / scale / 2, cx + box.w / scale / 2)
    bottom = cy - data_h_mm / scale / 2
    ax.set_ylim(bottom, bottom + box.h / scale)
    rows = np.asarray(inset.index)
    _draw_units(
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
    _tiny_part_markers(ax, geoms, rows, inset.proj, scale, style, min_mm=0.9 * u)
    name, parent = label(inset.key, lang).split(" (")
    _text(
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
    _text(
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
    km = _nice_length(box.w * 0.3 / scale)
    bx = ax.get_xlim()[1] - (2.5 * u + km * scale) / scale
    by = ax.get_ylim()[0] + 2.2 * u / scale
    ax.plot([bx, bx + km], [by, by], color=INK, linewidth=1.0, solid_capstyle="butt", zorder=7)
    _text(
        ax,
        bx + km / 2,
        by + 0.8 * u / scale,
        f"{_fmt(km, lang, 0)} km",
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
    style: _Style
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
            _style(spec, values, national),
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
            legend_entries=scene.style.classes.k + 1,
            legend_title_lines=len(_legend_title(texts, 58.0 * u, fonts, measure)),
            data_aspect=aspect,
            sample_badge=label("sample", texts.lang) if texts.is_sample else None,
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
    page, fonts, u = layout.page, layout.fonts, layout.unit
    pax = fig.add_axes((0, 0, 1, 1), zorder=0)
    pax.set_xlim(0, page.width_mm)
    pax.set_ylim(0, page.height_mm)
    pax.set_axis_off()
    y = layout.header.top
    for line in layout.title_lines:
        _text(pax, layout.header.x, y, line, fontsize=fonts.title, fontweight="bold", va="top")
        y -= lay.line_mm(fonts.title, 1.2)
    for line in layout.subtitle_lines:
        _text(
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
        b = layout.badge
        pax.add_patch(
            Rectangle((b.x, b.y), b.w, b.h, facecolor="white", edgecolor="#b71c1c", linewidth=1.4)
        )
        _text(
            pax,
            b.x + b.w / 2,
            b.y + b.h / 2,
            label("sample", texts.lang),
            fontsize=fonts.badge,
            fontweight="bold",
            color="#b71c1c",
            ha="center",
            va="center",
        )
    y = layout.footer.top
    for line in layout.footer_lines:
        _text(pax, layout.footer.x, y, line, fontsize=fonts.footer, va="top", color="#333333")
        y -= lay.line_mm(fonts.footer)
    frame = layout.map
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
    _draw_context(ax, spec.context, shown, proj, scene.national, spec.print_safe, cut)
    rows = scene.main_rows if view.insets else np.arange(len(units))
    paths: list[MplPath | None] = [None] * len(units)
    for row, path in zip(rows, geometry_paths(geoms[rows], proj), strict=True):
        paths[row] = path
    _draw_units(ax, paths, rows, scene.style)
    # Island units (đặc khu) tiny on paper, and the archipelagos drawn in place: dots.
    islands = set() if view.insets else set(scene.remote_rows.tolist())
    if "unit_type" in units:
        drawn = set(rows.tolist())
        for row in np.flatnonzero(units["unit_type"].astype(str).to_numpy() == "Đặc khu"):
            b = shapely.bounds(geoms[row])
            size = max((b[2] - b[0]) * proj.kx, (b[3] - b[1]) * KM_PER_DEG) * view.scale
            if size < 3.0 * u and row in drawn:
                islands.add(int(row))
    _tiny_part_markers(ax, geoms, sorted(islands), proj, view.scale, scene.style, min_mm=0.8 * u)
    return ax, rows


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
        arch = archipelago_codes()
        for key in sorted({arch[c] for c in scene.codes[scene.remote_rows]}):
            members = scene.remote_rows[[arch[c] == key for c in scene.codes[scene.remote_rows]]]
            x0, _, x1, y1 = proj.bounds(shapely.total_bounds(scene.geoms[members]))
            t = _text(
                ax,
                (x0 + x1) / 2,
                y1 + 2.0 * u / view.scale,
                label(key, lang),
                fontsize=fonts.small,
                ha="center",
                va="bottom",
                style="italic",
                zorder=6,
                path_effects=[patheffects.withStroke(linewidth=1.8, foreground="white")],
            )
            blocked.append(t.get_window_extent(renderer))
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
        _place_labels(
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
        _place_labels(ax, fig, items, fonts.label, blocked)


def _draw_sample_mark(ax, layout: lay.Layout, lang: str) -> None:
    """ "DỮ LIỆU MẪU" across the map: translucent, so the map stays readable, and still
    visible (light grey) on a grayscale photocopy."""
    frame, fonts = layout.map, layout.fonts
    _text(
        ax,
        0.5,
        0.5,
        label("sample", lang),
        transform=ax.transAxes,
        ha="center",
        va="center",
        rotation=math.degrees(math.atan2(frame.h, frame.w)),
        fontsize=min(fonts.watermark, frame.w * 0.75 / 9 / lay.PT_TO_MM * 1.4),
        fontweight="bold",
        color="#b71c1c",
        alpha=0.18,
        zorder=8,
    )


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
        _legend_title(texts, width, fonts, measure),
    )
    # Name the latitude where the scale is true when the map spans many degrees.
    lat_note = scene.proj.lat0 if (view.ylim[1] - view.ylim[0]) / KM_PER_DEG > 4 else None
    arrow = 9.0 * u
    by = panel.y + lay.line_mm(fonts.small) * 2.4
    if layout.panel_side == "right":
        bar_max, bx = panel.w - arrow - 8.0 * u, panel.x
    else:
        bar_max, bx = 40.0 * u, panel.right - 58.0 * u
    _scale_bar(pax, bx, by, bar_max, view.scale, fonts.small, texts.lang, u, lat_note)
    _north_arrow(pax, panel.right - arrow * 0.4, by, arrow, texts.lang, fonts.legend)


def render_figure(spec: ExportSpec, *, exported_on: date | None = None) -> Figure:
    """The briefing map as a matplotlib Figure (Agg canvas attached). Call it inside
    ``rc_context(_rc())`` or use :func:`export_map`."""
    scene = _Scene.prepare(spec)
    page = lay.page_size(spec.page)
    fig = Figure(figsize=page.figsize(spec.dpi), dpi=spec.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    measure = _measure_factory(fig)
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
    with rc_context(_rc()):
        fig = render_figure(spec, exported_on=exported_on)
        buffer = io.BytesIO()
        title = spec.texts.title
        metadata = {
            "png": {"Title": title, "Software": "vnmap dashboard.export"},
            "pdf": {
                "Title": title,
                "Subject": spec.texts.metric_label,
                "Keywords": spec.texts.boundary_version,
                "Creator": "vnmap dashboard.export",
            },
            "svg": {
                "Title": title,
                "Description": spec.texts.boundary_version,
                "Date": None,
                "Creator": "vnmap dashboard.export",
            },
        }[spec.fmt]
        fig.savefig(buffer, format=spec.fmt, dpi=spec.dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def save_map(spec: ExportSpec, path: str | Path, **kwargs) -> Path:
    """:func:`export_map` to a file; the format comes from ``spec.fmt``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_map(spec, **kwargs))
    return path
