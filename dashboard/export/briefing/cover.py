"""The pack's cover: the province's communes coloured by the chosen metric, drawn by the
print-map export (:func:`dashboard.export.render.render_figure`, the same classes, legend,
scale bar, insets for Hoàng Sa and Trường Sa where a province holds them, and the sample
mark), with the pack's title and the date it was made."""

from __future__ import annotations

from dataclasses import replace

from matplotlib.figure import Figure

from dashboard.core import service_metrics
from dashboard.core.classify import categorical, classify
from dashboard.core.metrics import Registry
from dashboard.export import data
from dashboard.export.briefing.content import BriefingContent, made_on_text
from dashboard.export.briefing.pages import PAGE
from dashboard.export.render import ExportSpec, render_figure
from dashboard.export.specs import default_texts
from dashboard.export.texts import default_subtitle

#: The cover is a vector page: this resolution only sizes the figure.
COVER_DPI = 150


def cover_spec(content: BriefingContent, registry: Registry) -> ExportSpec:
    """The cover map of ``content``: its metric in the pack's period when the metric has
    that period (else the metric's latest: unit attributes such as area have none)."""
    lang, province = content.lang, content.province
    metric = data.resolve_metric(content.cover_metric, registry)
    period = content.period if content.period in metric.periods else metric.default_period
    units = data.communes(province, "web")
    values = data.metric_values(metric, units, period)
    if metric.is_categorical:
        classes = categorical(metric.category_labels(data.level_of(units), lang))
    else:
        classes = classify(values, scheme="quantiles", k=5, palette=metric.default_palette)
    coverage = service_metrics.coverage(registry, metric.key, period) if period else None
    notes = service_metrics.coverage_notes(coverage, province, False, {}, lang)
    texts = default_texts(
        metric_label=metric.label(lang),
        unit=metric.unit(lang),
        units=units,
        classes=classes,
        province_full_name=content.full_name,
        period=period,
        source=metric.source(lang),
        is_sample=metric.is_sample,
        lang=lang,
        title=content.title,
        values=values,
        k_asked=5,
        extra_notes=notes,
    )
    types = units["unit_type"].astype(str).tolist()
    scheme = "distinct" if classes.one_per_value(values) else classes.scheme
    counts = classes.counts(values)[0] if classes.k and not metric.is_categorical else None
    detail = default_subtitle(types, scheme, classes.k, lang, counts=counts, k_asked=5)
    subtitle = " · ".join((made_on_text(content), f"{metric.label(lang)}: {detail}"))
    texts = replace(texts, subtitle=subtitle, exported_on=content.made_on)
    return ExportSpec(
        units=units,
        values=values,
        classes=classes,
        texts=texts,
        fmt="pdf",
        page=PAGE.key,
        dpi=COVER_DPI,
        decimals=metric.decimals,
        context=data.provinces("light"),
        national=False,
        partial=(),
    )


def cover_figure(content: BriefingContent, registry: Registry) -> Figure:
    """The cover page (call inside ``rc_context(rc_params())``)."""
    return render_figure(cover_spec(content, registry), exported_on=content.made_on)
