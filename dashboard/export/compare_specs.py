"""The old/new comparison briefing as data: which units each map panel shows, their values,
the shared classes, outline layers and the printed texts.

Two modes, the two views of the compare page:

* ``"side"``: two panels, old units (before 1/7/2025) and new units, same extent and scale,
  coloured with **one set of class breaks for both versions** (as on screen). It is the
  default because it is the only mode that shows the old units' own values and lets a reader
  count old against new units per class.
* ``"overlay"``: one panel, the new units filled and the old boundaries dashed on top; better
  for reading which old communes ended up inside a new one.

Levels: ``"commune"`` (the communes of one 2025 province, old ones from the approximate
c. 2009–2013 layer) and ``"province"`` (63 old provinces against 34 new ones, whole country).
Metrics are the compare page's: ``"area"`` (km², both versions), ``"n_pred"`` (new units
only) and ``"none"``. All geometry is EPSG:4326; codes are strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import geopandas as gpd
import pandas as pd

from dashboard.core import compare_classes
from dashboard.core.classify import Classes
from dashboard.core.i18n import province_label, t
from dashboard.export import data
from dashboard.export.compare_texts import (
    compare_boundary,
    compare_source,
    compare_subtitle,
    compare_title,
)
from dashboard.export.layout import DEFAULT_PAGE, PRINT_DPI, page_size
from dashboard.export.render import EXPORT_FORMATS
from dashboard.export.texts import MapTexts
from loaders import compare, compare_units, layers
from loaders.lineage import province_lineage

LEVELS = ("commune", "province")
MODES = ("side", "overlay")
METRICS = compare_classes.METRICS  # ("area", "n_pred", "none")
#: CLI names of the main export that mean the same here.
METRIC_ALIASES = {"area_km2": "area", "n_predecessors": "n_pred"}
#: Simplification for print, degrees (0.003° ≈ 300 m: under 0.1 mm at national scale on A3).
NATIONAL_TOLERANCE = 0.003
#: Old provinces and districts on a province map (≈ 50 m, finer than a 0.3 pt line at 1:500k).
PROVINCE_TOLERANCE = 0.0005

PART_EDGE = compare_classes.PART_EDGE
OLD_EDGE = compare_classes.OLD_EDGE


@dataclass(frozen=True)
class Outline:
    """Lines drawn over a panel's units: the outlines of ``geoms`` (polygons, EPSG:4326).

    ``width`` in points; ``dash`` a matplotlib on/off pattern in points (None: solid);
    ``casing``: a white line under it, so dark dashes stay visible on dark fills. ``label``
    is the legend row ("" for none)."""

    geoms: gpd.GeoSeries
    color: str
    width: float
    label: str = ""
    dash: tuple[float, float] | None = None
    casing: bool = False
    print_color: str = "#000000"  # colour in print-safe mode


@dataclass
class ComparePanel:
    """One map of the comparison. ``units``: ``code``, ``name``, geometry (EPSG:4326);
    ``values``: by code (NaN = no data), None when this side is not coloured; ``context``:
    provinces of the same boundary version (grey neighbours and the outline of the mapped
    ones); ``province_codes``: the provinces of ``context`` that are mapped."""

    key: str  # "old" | "new" | "overlay"
    caption: str
    note: str
    units: gpd.GeoDataFrame
    values: pd.Series | None
    short: str = ""  # header of this panel's count column in the legend ("Trước", "Sau")
    context: gpd.GeoDataFrame | None = None
    province_codes: frozenset[str] = frozenset()
    outlines: list[Outline] = field(default_factory=list)
    #: Drawn hatched as "no data" under the units: where the layer has no polygon.
    background: gpd.GeoSeries | None = None
    #: Units of this version that have no polygon (counted as "no data" in the legend).
    missing: int = 0
    #: Islands drawn from another layer where this one lacks them (the archipelagos on the
    #: 2023 provinces), each coloured like this map's nearest unit; not counted anywhere.
    islands: gpd.GeoSeries | None = None


@dataclass
class CompareSpec:
    """Everything one comparison briefing needs. ``classes`` are the compare page's (shared
    breaks); None for ``metric="none"``."""

    panels: list[ComparePanel]
    classes: Classes | None
    texts: MapTexts
    level: str = "commune"
    mode: str = "side"
    fmt: str = "png"
    page: str = DEFAULT_PAGE
    dpi: int = PRINT_DPI
    print_safe: bool = False
    decimals: int = 1
    legend_notes: tuple[str, ...] = ()

    @property
    def national(self) -> bool:
        return self.level == "province"


@dataclass(frozen=True)
class CompareRequest:
    """A comparison briefing by names, as on the command line and from the compare page."""

    province: str | None = "04"  # 2-digit 2025 code; only for level "commune"
    level: str = "commune"
    mode: str = "side"
    metric: str = "area"
    split_only: bool = False
    fmt: str = "png"
    page: str = DEFAULT_PAGE
    print_safe: bool = False
    title: str | None = None
    lang: str = "vi"
    dpi: int = PRINT_DPI


def resolve_metric(name: str) -> str:
    """``"area"``, ``"n_pred"`` or ``"none"`` (the main export's names are accepted too)."""
    metric = METRIC_ALIASES.get(name, name)
    if metric not in METRICS:
        raise data.ExportDataError(
            f"unknown compare metric {name!r}; known: {', '.join(METRICS)} "
            f"(or {', '.join(METRIC_ALIASES)})"
        )
    return metric


def make_compare_spec(request: CompareRequest) -> CompareSpec:
    """Check the request, load the layers, take the page's classes and fill in the texts."""
    if request.fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {request.fmt!r}; expected {list(EXPORT_FORMATS)}")
    if request.level not in LEVELS:
        raise ValueError(f"unknown level {request.level!r}; expected one of {LEVELS}")
    if request.mode not in MODES:
        raise ValueError(f"unknown mode {request.mode!r}; expected one of {MODES}")
    page_size(request.page)
    data.require_data()
    metric = resolve_metric(request.metric)
    if request.level == "province":
        # As on the page: "number of old units merged" has no province-level meaning.
        metric = "area" if metric == "n_pred" else metric
        return _province_spec(request, metric)
    if not request.province:
        raise data.ExportDataError("a commune-level comparison needs a province code")
    return _commune_spec(request, data.normalise_province(request.province), metric)


# --- Commune level ------------------------------------------------------------------------


def _commune_spec(request: CompareRequest, province: str, metric: str) -> CompareSpec:
    lang = request.lang
    new, old, olds_all = _commune_frames(province)
    # Commune-level units only: an island district without communes is no commune to count.
    communes = olds_all[olds_all["level"] == "commune"]
    before, after, drawn = len(communes), len(new), int(communes["has_polygon"].sum())
    if request.split_only:  # the page's "split cases only" filter
        new = new[new["has_part"]].reset_index(drop=True)
        old = old[old["split"]].reset_index(drop=True)
    if new.empty and old.empty:
        raise data.ExportDataError(
            f"province {province} has no split units: nothing to map with split_only"
        )
    left, right, classes = compare_classes.commune_values(old, new, metric)
    old_codes = sorted(
        province_lineage().query("new_province_code == @province")["old_province_code"]
    )
    old_provinces = _old_provinces(PROVINCE_TOLERANCE)
    districts = _old_districts(tuple(old_codes))
    mine_old = old_provinces[old_provinces["code"].isin(old_codes)]
    new_provinces = data.provinces("light")
    mine_new = new_provinces[new_provinces["code"] == province]
    part = Outline(
        pd.concat([old.geometry[old["split"]], new.geometry[new["has_part"]]]),
        PART_EDGE,
        1.0,
        t("export.compare.part_line", lang),
        dash=(3.0, 1.6),
        print_color="#000000",
    )
    old_panel = ComparePanel(
        "old",
        t("export.compare.old", lang),
        t(
            "export.compare.old_commune_note",
            lang,
            drawn=drawn,
            total=before,
            missing=before - drawn,
        ),
        _named(old),
        _by_code(old, left),
        t("export.compare.count_old", lang),
        context=old_provinces,
        province_codes=frozenset(old_codes),
        outlines=[
            Outline(
                districts.geometry,
                "#5a5a5a",
                0.6,
                t("export.compare.old_district_line", lang),
                (2.4, 1.6),
            ),
            _only_in(part, old.geometry[old["split"]]),
        ],
        background=mine_old.geometry,
        missing=0 if request.split_only else before - drawn,
    )
    new_panel = ComparePanel(
        "new",
        t("export.compare.new", lang),
        t("export.compare.new_commune_note", lang, n=after),
        _named(new),
        _by_code(new, right),
        t("export.compare.count_new", lang),
        context=new_provinces,
        province_codes=frozenset({province}),
        outlines=[_only_in(part, new.geometry[new["has_part"]])],
    )
    if request.mode == "overlay":
        new_panel.key, new_panel.caption = "overlay", t("export.compare.overlay_caption", lang)
        new_panel.note = f"{new_panel.note}; {old_panel.note}"
        new_panel.outlines = [
            Outline(
                old.geometry,
                OLD_EDGE,
                0.5,
                t("export.compare.old_commune_line", lang),
                (2.2, 1.4),
                casing=True,
            ),
            Outline(mine_old.geometry, OLD_EDGE, 1.1, t("export.compare.old_province_line", lang)),
            *new_panel.outlines,
        ]
        panels = [new_panel]
    else:
        panels = [old_panel, new_panel]
    full_name = str(mine_new["full_name"].iloc[0]) if len(mine_new) else None
    return _spec(request, panels, classes, metric, before, after, full_name, approx=True)


@lru_cache(maxsize=8)
def _commune_frames(province: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """New units, old units with a polygon, all old units of ``province`` (cached for repeat
    exports of the same view; do not mutate)."""
    return (
        compare_units.new_commune_frame(province),
        compare_units.old_commune_frame(province),
        compare.old_units_of(province),
    )


@cache
def _old_provinces(tolerance: float) -> gpd.GeoDataFrame:
    """The 63 old provinces, simplified for print (cached; do not mutate)."""
    olds = layers.load_pre2025("provinces_pre2025")[["code", "full_name", "geometry"]]
    return olds.assign(
        name=olds["full_name"],
        geometry=olds.geometry.simplify(tolerance, preserve_topology=True),
    )


@cache
def _old_districts(old_province_codes: tuple[str, ...]) -> gpd.GeoDataFrame:
    districts = layers.load_pre2025("districts_pre2025")
    mine = districts[districts["province_code"].isin(old_province_codes)]
    return mine.assign(geometry=mine.geometry.simplify(PROVINCE_TOLERANCE, preserve_topology=True))


def _only_in(outline: Outline, geoms: gpd.GeoSeries) -> Outline:
    return Outline(
        geoms,
        outline.color,
        outline.width,
        outline.label,
        outline.dash,
        outline.casing,
        outline.print_color,
    )


# --- Province level -----------------------------------------------------------------------


def _province_spec(request: CompareRequest, metric: str) -> CompareSpec:
    lang = request.lang
    olds = compare_units.old_province_frame()
    news = data.provinces("light")[["code", "full_name", "area_km2", "geometry"]]
    classes = compare_classes.province_classes(olds, news, metric)
    olds_print = olds.assign(
        geometry=olds.geometry.simplify(NATIONAL_TOLERANCE, preserve_topology=True)
    )
    values = metric == "area"
    old_panel = ComparePanel(
        "old",
        t("export.compare.old", lang),
        # The 2023 layer lacks most of Hoàng Sa and Trường Sa: drawn from 2025, and said so.
        "; ".join(
            t(f"export.compare.{key}", lang) for key in ("old_province_note", "islands_from_2025")
        ),
        _named(olds_print),
        _by_code(olds_print, olds_print["area_km2"] if values else None),
        t("export.compare.count_old", lang),
        islands=data.archipelago_units().geometry,
    )
    new_panel = ComparePanel(
        "new",
        t("export.compare.new", lang),
        t("export.compare.new_province_note", lang),
        _named(news),
        _by_code(news, news["area_km2"] if values else None),
        t("export.compare.count_new", lang),
    )
    if request.mode == "overlay":
        new_panel.key, new_panel.caption = "overlay", t("export.compare.overlay_caption", lang)
        new_panel.outlines = [
            Outline(
                olds_print.geometry,
                OLD_EDGE,
                0.6,
                t("export.compare.old_province_line", lang),
                (2.4, 1.4),
                casing=True,
            )
        ]
        panels = [new_panel]
    else:
        panels = [old_panel, new_panel]
    return _spec(request, panels, classes, metric, len(olds), len(news), None, approx=False)


# --- Shared ------------------------------------------------------------------------------


def _named(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``code`` (string), ``name`` and geometry only, in EPSG:4326."""
    out = gpd.GeoDataFrame(
        {
            "code": frame["code"].astype(str).to_numpy(),
            "name": frame["full_name"].astype(str).to_numpy(),
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs or "EPSG:4326",
    )
    return out if out.crs.equals("EPSG:4326") else out.to_crs("EPSG:4326")


def _by_code(frame: gpd.GeoDataFrame, values: pd.Series | None) -> pd.Series | None:
    if values is None:
        return None
    return pd.Series(
        pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64"),
        index=frame["code"].astype(str).to_numpy(),
    )


def _spec(
    request: CompareRequest,
    panels: list[ComparePanel],
    classes: Classes | None,
    metric: str,
    before: int,
    after: int,
    province_full_name: str | None,
    *,
    approx: bool,
) -> CompareSpec:
    lang, overlay = request.lang, request.mode == "overlay"
    meta = layers.pre2025_metadata()
    k = classes.k if classes is not None else 0
    source, old_layers = compare_source(meta, lang)
    notes = [old_layers]
    if request.level == "commune":
        notes.append(t("export.compare.honesty", lang))
    filled = _filled_names(meta.get("provinces_pre2025", {}).get("filled") or [], lang)
    if request.level == "province" and filled:
        notes.append(t("export.compare.filled", lang, names=filled))
    default = compare_title(request.level, province_full_name, lang)
    texts = MapTexts(
        title=request.title.strip() if request.title and request.title.strip() else default,
        subtitle=compare_subtitle(request.level, before, after, metric, k, overlay, lang),
        metric_label=t(f"export.compare.{metric if metric != 'none' else 'units'}", lang),
        unit="km²" if metric == "area" else "",
        source=source,
        boundary_version=compare_boundary(meta, lang),
        is_sample=False,  # areas and lineage are register / boundary data, never samples
        lang=lang,
        notes=tuple(notes),
    )
    legend_notes = [t("export.compare.counts_note", lang)]
    if approx and not overlay:
        legend_notes.append(t("export.compare.missing_note", lang))
        if metric == "area":
            legend_notes.append(t("export.compare.approx_note", lang))
    return CompareSpec(
        panels=panels,
        classes=classes,
        texts=texts,
        level=request.level,
        mode=request.mode,
        fmt=request.fmt,
        page=request.page,
        dpi=request.dpi,
        print_safe=request.print_safe,
        decimals=0 if metric == "n_pred" else 1,
        legend_notes=tuple(legend_notes),
    )


def _filled_names(codes: list[str], lang: str) -> str:
    """Old provinces drawn with their 2025 outline, with the year, as the page lists them."""
    if not codes:
        return ""
    olds = layers.load_pre2025("provinces_pre2025").set_index("code")
    return ", ".join(
        f"{province_label(olds.loc[c, 'full_name'], lang)} ({olds.loc[c, 'vintage']})"
        for c in codes
        if c in olds.index
    )
