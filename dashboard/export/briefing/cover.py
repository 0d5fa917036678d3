"""The pack's cover: the province's communes coloured by the chosen metric, drawn by the
print-map export (:func:`dashboard.export.render.render_figure`, the same classes, legend,
scale bar, insets for Hoàng Sa and Trường Sa where a province holds them, and the sample
mark), with the pack's title and the date it was made."""

from __future__ import annotations

from dataclasses import replace

from matplotlib.figure import Figure

from dashboard.core import service_metrics
from dashboard.core.classify import categorical, classify, compute_breaks
from dashboard.core.i18n import t
from dashboard.core.metrics import Registry
from dashboard.core.numbers import count
from dashboard.export import data
from dashboard.export import layout as lay
from dashboard.export.briefing.content import BriefingContent, made_on_text
from dashboard.export.briefing.pages import PAGE
from dashboard.export.draw import INK, MUTED, put_text
from dashboard.export.render import ExportSpec, render_figure
from dashboard.export.specs import default_texts
from dashboard.export.texts import default_subtitle

#: The cover is a vector page: this resolution only sizes the figure.
COVER_DPI = 150
#: The least room (mm) worth a summary under the map.
GLANCE_MIN_MM = 30.0
GLANCE_PT = 8.5


def cover_spec(content: BriefingContent, registry: Registry) -> ExportSpec:
    """The cover map of ``content``: its metric in the pack's period when the metric has
    that period (else the metric's latest: unit attributes such as area have none)."""
    lang, province = content.lang, content.province
    metric = data.resolve_metric(content.cover_metric, registry)
    period = content.period if content.period in metric.periods else metric.default_period
    units = data.communes(province, "web")
    values = data.metric_values(metric, units, period)
    breaks = None
    if metric.is_categorical:
        classes = categorical(metric.category_labels(data.level_of(units), lang))
    else:
        # The country's classes, as the map page draws a province by default: the colours
        # of the 34 packs' covers mean the same thing.
        breaks = national_breaks(registry, metric.key, period)
        palette = metric.default_palette
        classes = classify(values, scheme="quantiles", k=5, palette=palette, breaks=breaks)
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
        national_breaks=breaks is not None,
    )
    types = units["unit_type"].astype(str).tolist()
    scheme = "distinct" if classes.one_per_value(values) else classes.scheme
    counts = classes.counts(values)[0] if classes.k and not metric.is_categorical else None
    detail = default_subtitle(
        types, scheme, classes.k, lang, breaks is not None, counts=counts, k_asked=5
    )
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


#: The store revision whose national quantile bounds are kept, and those bounds by (metric,
#: period). Replaced whole when the revision changes, never iterated: packs made at once in
#: several sessions' threads share it.
_BREAKS: tuple[str, dict[tuple[str, str | None], tuple[float, tuple[float, ...]]]] = ("", {})


def national_breaks(
    registry: Registry, key: str, period: str | None
) -> tuple[float, tuple[float, ...]]:
    """Quantile bounds (5 classes) of ``key`` over every commune of the country in
    ``period``; computed once per store revision, for every pack of a batch. A new revision
    (an import) drops the older one's: a long-running server keeps no stale bounds."""
    global _BREAKS
    revision, kept = _BREAKS
    if revision != registry.revision:
        kept = {}
        _BREAKS = (registry.revision, kept)
    found = kept.get((key, period))
    if found is None:
        values = registry[key].values("commune", period)
        found = kept[(key, period)] = compute_breaks(values, "quantiles", 5)
    return found


def cover_figure(content: BriefingContent, registry: Registry) -> Figure:
    """The cover page (call inside ``rc_context(rc_params())``): the map, and the month at
    a glance in the room the map leaves under its legend (a tall province leaves none)."""
    spec = cover_spec(content, registry)
    fig = render_figure(spec, exported_on=content.made_on)
    free = free_band(fig, lay.Fonts.for_page(PAGE).footer)
    if free is not None:
        draw_glance(fig.axes[0], content, *free)
    return fig


def free_band(fig: Figure, footer_pt: float) -> tuple[float, float] | None:
    """(top, bottom) in mm of the empty band between what the map page drew and its
    footer, or None when under :data:`GLANCE_MIN_MM`. The page axes (the figure's first,
    in mm) hold the title, legend, scale bar and footer; the footer's lines are its texts
    at the footer size."""
    renderer = fig.canvas.get_renderer()
    to_mm = PAGE.height_mm / fig.bbox.height
    pax = fig.axes[0]
    used = [ax.get_position().y0 * PAGE.height_mm for ax in fig.axes[1:]]
    footer_top = 0.0
    for text in pax.texts:
        box = text.get_window_extent(renderer)
        if abs(text.get_fontsize() - footer_pt) < 1e-6:
            footer_top = max(footer_top, box.y1 * to_mm)
        else:
            used.append(box.y0 * to_mm)
    used += [a.get_window_extent(renderer).y0 * to_mm for a in (*pax.patches, *pax.lines)]
    if not used or not footer_top:
        return None
    top, bottom = min(used) - 6.0, footer_top + 6.0
    return (top, bottom) if top - bottom >= GLANCE_MIN_MM else None


def draw_glance(pax, content: BriefingContent, top: float, bottom: float) -> None:
    """Key figures of the province and the country and the watchlist's count, as a small
    table from ``top`` down (as many rows as fit above ``bottom``)."""
    lang, margin = content.lang, 10.0
    right = PAGE.width_mm - margin
    cols = (right - 52.0, right)  # the province's and the country's values, right-aligned
    row = lay.line_mm(GLANCE_PT) + 1.6
    put_text(
        pax,
        margin,
        top,
        t("briefing.at_a_glance", lang, period=content.period_text),
        fontsize=11,
        fontweight="bold",
        va="top",
        color="#12355b",
    )
    y = top - lay.line_mm(11, 1.3) - 1.5
    rows = [(f.label, f.now, f.country) for f in content.key_figures]
    mine, country = content.watch_counts, content.country_watch_counts
    rows.append(
        (
            t("briefing.glance_flagged", lang),
            f"{count(mine.flagged, lang)}/{count(mine.units, lang)}",
            f"{count(country.flagged, lang)}/{count(country.units, lang)}",
        )
    )
    rows.append(
        (t("briefing.glance_flags", lang), count(mine.flags, lang), count(country.flags, lang))
    )
    header = ("", content.province_name, t("briefing.col.country", lang))
    for n, (label, mine, country) in enumerate([header, *rows]):
        if y - row < bottom:
            break
        weight = "bold" if n == 0 else "normal"
        color = MUTED if n == 0 else INK
        put_text(pax, margin, y, label, fontsize=GLANCE_PT, va="top", color=color)
        for x, text in zip(cols, (mine, country), strict=True):
            put_text(
                pax,
                x,
                y,
                text,
                fontsize=GLANCE_PT,
                va="top",
                ha="right",
                fontweight=weight,
                color=color,
            )
        y -= row
        pax.plot([margin, right], [y + 0.6, y + 0.6], color="#d5d9de", lw=0.5)
