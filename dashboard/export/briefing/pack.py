"""Assembling a province's briefing pack: the content (:mod:`.content`), the cover map
(:mod:`.cover`) and the flowing pages (:mod:`.pages`) into one A4 portrait PDF.

The PDF has TrueType fonts embedded (``pdf.fonttype`` 42, Noto Sans: Vietnamese text stays
searchable with its diacritics), the pack's title in its metadata and, on every page, the
source, period, boundary version, page number and, for sample data, the sample mark.

Sections after the cover: key figures against the country; the watchlist (count per rule,
flags held, flags resolved); monthly trends; volunteer gaps; cited press figures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from sqlalchemy import Engine

from dashboard.core import service_metrics
from dashboard.core.i18n import t
from dashboard.core.metrics import Registry
from dashboard.export.briefing.content import (
    DEFAULT_COVER_METRIC,
    BriefingContent,
    collect,
)
from dashboard.export.briefing.cover import cover_figure
from dashboard.export.briefing.flow import Item, paginate
from dashboard.export.briefing.pages import PAGE, Writer, draw_pages, number_pages
from dashboard.export.draw import MUTED, rc_params
from dashboard.export.layout import MM_PER_INCH


@dataclass(frozen=True)
class BriefingRequest:
    """A pack by names: 2-digit province code, period ``YYYY-MM`` (None: the latest),
    language, and the metric of the cover map (a key of the map's metric menu)."""

    province: str
    period: str | None = None
    lang: str = "vi"
    metric: str = DEFAULT_COVER_METRIC


def build_briefing(
    request: BriefingRequest,
    *,
    engine: Engine | None = None,
    made_on: date | None = None,
) -> bytes:
    """The PDF of ``request`` (bytes). Raises :class:`~loaders.watchlist.WatchlistError`
    for an unknown province or period and :class:`~dashboard.export.data.ExportDataError`
    for an unknown cover metric or missing boundary layers."""
    engine = engine or service_metrics.default_engine()
    registry = service_metrics.registry(engine)
    content = collect(
        engine,
        registry,
        request.province,
        request.period,
        request.lang,
        cover_metric=request.metric,
        made_on=made_on,
    )
    return render_pack(content, registry)


def render_pack(content: BriefingContent, registry: Registry) -> bytes:
    """The PDF of ``content``."""
    with rc_context(rc_params()):
        writer = Writer(content)
        top, bottom = writer.body_box()
        pages = paginate(flow_items(writer), top, bottom)
        figures = [cover_figure(content, registry), *draw_pages(writer, pages)]
        number_pages(figures, content.lang, content.is_sample)
        for fig in figures:  # exactly A4: the pixel grid of a figure's dpi rounds it
            fig.set_size_inches(PAGE.width_mm / MM_PER_INCH, PAGE.height_mm / MM_PER_INCH)
        buffer = io.BytesIO()
        metadata = {
            "Title": content.title,
            "Subject": t("briefing.title", content.lang),
            "Keywords": content.boundary_version,
            "Creator": "vnmap dashboard.export.briefing",
        }
        with PdfPages(buffer, metadata=metadata) as pdf:
            for fig in figures:
                pdf.savefig(fig)
        return buffer.getvalue()


def save_briefing(request: BriefingRequest, path: str | Path, **kwargs) -> Path:
    """:func:`build_briefing` to ``path``; nothing is written when it fails."""
    data = build_briefing(request, **kwargs)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- the flow


def flow_items(w: Writer) -> list[Item]:
    c, lang = w.content, w.lang
    items: list[Item] = []
    # Key figures against the country.
    items.append(w.heading(t("briefing.section.figures", lang)))
    items += w.paragraph(t("briefing.figures_note", lang), color=MUTED, size=7.8)
    items += w.table(
        [
            (t("briefing.col.metric", lang), 0.25, "left"),
            (t("briefing.col.province_now", lang), 0.13, "right"),
            (t("briefing.col.province_before", lang), 0.13, "right"),
            (t("briefing.col.country", lang), 0.13, "right"),
            (t("briefing.col.versus", lang), 0.14, "right"),
            (t("briefing.col.notes", lang), 0.22, "left"),
        ],
        [
            [f.label, f.now, f.before, f.country, f.versus, "\n".join(f.notes) or "—"]
            for f in c.key_figures
        ],
        size=7.6,
        bold_first=True,
    )
    # The watchlist: count per rule, then the flags held and the flags resolved.
    items.append(w.heading(t("briefing.section.watch", lang)))
    if c.held or c.resolved:
        items += w.paragraph(
            t(
                "briefing.watch_summary",
                lang,
                flagged=c.watch_counts.flagged,
                count=c.watch_counts.units,
                period=c.period_text,
                held=len(c.held),
                resolved=len(c.resolved),
            )
        )
    else:
        items += w.paragraph(t("briefing.watch_none", lang, period=c.period_text))
    items += w.table(
        [
            (t("briefing.col.rule", lang), 0.30, "left"),
            (t("briefing.col.threshold", lang), 0.26, "left"),
            (t("briefing.col.new", lang), 0.11, "right"),
            (t("briefing.col.persisting", lang), 0.11, "right"),
            (t("briefing.col.held", lang), 0.11, "right"),
            (t("briefing.col.resolved", lang), 0.11, "right"),
        ],
        [
            [
                r.rule,
                r.threshold,
                str(r.new),
                str(r.persisting),
                str(r.new + r.persisting),
                str(r.resolved),
            ]
            for r in c.rule_counts
        ],
        bold_first=True,
    )
    columns = [
        (t("briefing.col.rule", lang), 0.17, "left"),
        (t("briefing.col.commune", lang), 0.17, "left"),
        (t("briefing.col.reason", lang), 0.34, "left"),
        (t("briefing.col.status", lang), 0.10, "left"),
        (t("briefing.col.streak", lang), 0.08, "right"),
        (t("briefing.col.since", lang), 0.14, "left"),
    ]

    def rows(flags) -> list[list[str]]:
        return [[f.rule, f.commune, f.reason, f.status, f.streak, f.since] for f in flags]

    if c.held:
        items.append(w.heading(t("briefing.watch_held", lang, period=c.period_text), 2))
        items += w.table(columns, rows(c.held))
    if c.resolved:
        title = t("briefing.watch_resolved", lang, previous=c.previous_text, period=c.period_text)
        items.append(w.heading(title, 2))
        items += w.paragraph(t("briefing.watch_resolved_note", lang), color=MUTED, size=7.6)
        items += w.table(columns, rows(c.resolved))
    # Trends, on a page of their own.
    items.append(w.heading(t("briefing.section.trends", lang), new_page=True))
    items += w.paragraph(
        t("briefing.trends_note", lang, province=c.province_name), color=MUTED, size=7.8
    )
    items.append(w.chart_legend())
    for i in range(0, len(c.series), 2):
        items.append(w.chart_row(c.series[i : i + 2]))
    # Volunteer gaps: the communes without a team, or plainly that there is no team data.
    items.append(w.heading(t("briefing.section.gaps", lang), new_page=True))
    items += w.paragraph(c.gaps.text)
    if c.gaps.rows:
        items += w.table(
            [
                (t("briefing.col.code", lang), 0.12, "left"),
                (t("briefing.col.commune", lang), 0.34, "left"),
                (t("briefing.col.unit_type", lang), 0.16, "left"),
                (t("briefing.col.streak", lang), 0.18, "right"),
                (t("briefing.col.since", lang), 0.20, "left"),
            ],
            [list(row) for row in c.gaps.rows],
        )
    # Press figures, labelled as such, each with its quote and source links as text.
    items.append(w.heading(t("briefing.section.press", lang)))
    items += w.paragraph(t("briefing.press_note", lang), color=MUTED, size=7.8)
    if not c.press:
        items += w.paragraph(t("briefing.press_none", lang))
    for figure in c.press:
        items += w.paragraph(figure.heading, bold=True, gap_before=3.0, keep=True)
        items += w.paragraph(figure.where, size=7.8, color=MUTED, indent=3.0, gap_before=0.3)
        items += w.paragraph(figure.quote, size=7.8, indent=3.0, gap_before=0.6)
        for label, link in figure.sources:
            items += w.paragraph(label, size=7.4, indent=3.0, gap_before=0.6)
            items += w.paragraph(link, size=7.4, indent=6.0, color="#0b4f8a", gap_before=0.0)
    return items
