"""Build an :class:`~dashboard.export.render.ExportSpec` from names (province code, metric
name, period), as the CLI and the batch mode do, with the default Vietnamese texts.

The UI, which already has its units, values and :class:`~dashboard.core.classify.Classes`, calls
:func:`default_texts` and builds the ``ExportSpec`` itself, so the export shows exactly the
classes and colours on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from dashboard.core import service_metrics
from dashboard.core.area_notes import print_notes
from dashboard.core.classify import Classes, categorical, classify
from dashboard.core.formatting import coverage_notes, human_period
from dashboard.core.i18n import t
from dashboard.core.metrics import Metric, Registry
from dashboard.export import data
from dashboard.export.layout import DEFAULT_PAGE, PRINT_DPI, page_size
from dashboard.export.render import EXPORT_FORMATS, ExportSpec
from dashboard.export.texts import (
    MapTexts,
    area_name,
    boundary_version,
    default_subtitle,
    default_title,
)


def default_texts(
    *,
    metric_label: str,
    unit: str,
    units: gpd.GeoDataFrame,
    classes: Classes,
    province_full_name: str | None = None,
    period: str | None = None,
    source: str = "",
    is_sample: bool = False,
    lang: str = "vi",
    title: str | None = None,
    subtitle: str | None = None,
    national_breaks: bool = False,
    values: pd.Series | None = None,
    k_asked: int | None = None,
    extra_notes: tuple[str, ...] = (),
) -> MapTexts:
    """Texts with the default title "<metric> — <area> — <period>" and a subtitle naming the
    units shown and the classification; ``title`` / ``subtitle`` override them.

    ``province_full_name`` is the province layer's ``full_name`` ("Tỉnh Cao Bằng"); None
    for the whole country. ``period`` is compact ("2026-10") or already readable.
    ``k_asked``: the number of classes asked (the subtitle says when fewer were made);
    ``extra_notes``: footer lines such as the coverage of aggregated values
    (:func:`dashboard.core.formatting.coverage_notes`).
    """
    period_text = human_period(period, lang)
    default = default_title(metric_label, area_name(province_full_name, lang), period_text)
    types = units["unit_type"].astype(str).tolist() if "unit_type" in units else ["Xã"] * len(units)
    notes = ((t("export.sample_note", lang),) if is_sample else ()) + tuple(extra_notes)
    # A map of provinces (2-digit codes, the 34-province view) names them provinces.
    provinces = bool(len(units)) and units["code"].astype(str).str.len().eq(2).all()
    counts = classes.counts(values)[0] if values is not None and classes.k else None
    # The area metric: where measured and published areas differ, both (and why).
    notes = (*notes, *print_notes(units, values, lang))
    return MapTexts(
        title=title.strip() if title and title.strip() else default,
        subtitle=subtitle
        if subtitle is not None
        else default_subtitle(
            types,
            _scheme_shown(classes, values),
            classes.k,
            lang,
            national_breaks,
            counts=counts,
            k_asked=k_asked,
            provinces=provinces,
        ),
        metric_label=metric_label,
        unit=unit,
        period=period_text,
        source=source,
        boundary_version=boundary_version(lang),
        is_sample=is_sample,
        lang=lang,
        notes=notes,
    )


@dataclass(frozen=True)
class MapRequest:
    """A map by names, as on the command line."""

    province: str | None = None  # 2-digit code; None = whole country, all communes
    metric: str = "area_km2"
    period: str | None = None
    fmt: str = "png"
    page: str = DEFAULT_PAGE
    palette: str = "YlGnBu"
    scheme: str = "quantiles"
    k: int = 5
    manual: tuple[float, ...] | None = None
    national_breaks: bool = False
    print_safe: bool = False
    labels: bool = False
    title: str | None = None
    lang: str = "vi"
    dpi: int = PRINT_DPI


def lod_for(province: str | None) -> str:
    """Level of detail: communes of one province from "web"; the whole country from
    "light" (0.003° ≈ 300 m, under 0.1 mm at national scale even on A3)."""
    return "web" if province else "light"


def _scheme_shown(classes: Classes, values: pd.Series | None) -> str:
    """The classes' scheme, or "distinct" where ``values`` have so few distinct values that
    each got its own class (:func:`dashboard.core.classify.compute_breaks`): the subtitle then
    says so instead of naming a scheme that was not used."""
    return "distinct" if values is not None and classes.one_per_value(values) else classes.scheme


def make_spec(request: MapRequest) -> ExportSpec:
    """Load the units, resolve the metric, classify, and fill in the texts."""
    if request.fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {request.fmt!r}; expected {list(EXPORT_FORMATS)}")
    page_size(request.page)
    data.require_data()
    province = data.normalise_province(request.province) if request.province else None
    metrics = data.registry()
    metric = data.resolve_metric(request.metric, metrics)
    lod = lod_for(province)
    units = data.communes(province, lod)
    # The period shown is the one drawn: the latest unless the request names one.
    period = request.period or metric.default_period
    values = data.metric_values(metric, units, period)
    breaks = None
    if metric.is_categorical:  # one colour per category, as on screen
        classes = categorical(metric.category_labels(data.level_of(units), request.lang))
    else:
        if province and request.national_breaks:
            national = data.communes(None, "overview")
            breaks = _breaks(data.metric_values(metric, national, period), request)
        classes = classify(
            values,
            scheme=request.scheme,
            k=request.k,
            palette=request.palette,
            manual=list(request.manual) if request.manual else None,
            breaks=breaks,
        )
    full_name = str(data.province_row(province)["full_name"]) if province else None
    texts = default_texts(
        metric_label=metric.label(request.lang),
        unit=metric.unit(request.lang),
        units=units,
        classes=classes,
        province_full_name=full_name,
        period=period,
        source=metric.source(request.lang),
        is_sample=metric.is_sample,
        lang=request.lang,
        title=request.title,
        national_breaks=breaks is not None,
        values=values,
        k_asked=request.k if request.scheme != "manual" else None,
        extra_notes=_coverage_notes(metrics, metric, province, period, request.lang),
    )
    return ExportSpec(
        units=units,
        values=values,
        classes=classes,
        texts=texts,
        fmt=request.fmt,
        page=request.page,
        dpi=request.dpi,
        print_safe=request.print_safe,
        labels=request.labels,
        decimals=metric.decimals,
        context=data.provinces("light"),
        national=province is None,
    )


def _coverage_notes(
    metrics: Registry, metric: Metric, province: str | None, period: str, lang: str
) -> tuple[str, ...]:
    """Footer line "Số liệu: 3/56 xã, phường có số liệu" when the mapped area's store metric
    has data for fewer than all its communes (none for unit attributes such as area)."""
    coverage = service_metrics.coverage(metrics, metric.key, period)
    if coverage is None:
        return ()
    scope = coverage.loc[[province]] if province else coverage
    n, total = int(scope["n_with_data"].sum()), int(scope["n_units"].sum())
    return coverage_notes({province or "": (n, total)}, {}, lang, provinces=False)


def _breaks(values: pd.Series, request: MapRequest) -> tuple[float, tuple[float, ...]]:
    from dashboard.core.classify import compute_breaks

    return compute_breaks(
        values, request.scheme, request.k, list(request.manual) if request.manual else None
    )
