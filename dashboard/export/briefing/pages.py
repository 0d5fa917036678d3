"""Drawing the briefing pack's pages with matplotlib: page furniture (running title, sample
mark, footer, page number), headings, paragraphs, tables and small trend charts.

All lengths are millimetres from the bottom-left corner of an A4 portrait page; every text is
real text (:func:`~dashboard.export.draw.put_text`: NFC, no mathtext), so the PDF is
searchable. The content comes from :mod:`.content`, already in the pack's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dashboard.core.i18n import t
from dashboard.core.numbers import number
from dashboard.export import layout as lay
from dashboard.export.briefing.content import BriefingContent, Series, made_on_text
from dashboard.export.briefing.flow import Item, Placed, TextMetrics, wrap_text
from dashboard.export.draw import (
    INK,
    MUTED,
    SAMPLE_RED,
    draw_sample_badge,
    measure_factory,
    put_text,
)
from loaders.metrics.safety import SAMPLE_LABEL

PAGE = lay.page_size("a4-portrait")
#: Resolution of the page figures: the PDF is vector, this only sets the text measurements.
DPI = 100
MARGIN_X = 14.0
MARGIN_TOP = 12.0
MARGIN_BOTTOM = 10.0
CONTENT_W = PAGE.width_mm - 2 * MARGIN_X
HEADER_H = 9.0
#: Where the page number sits, on every page, the cover's too (mm from the bottom).
PAGE_NUMBER_Y = 5.0

BODY_PT = 8.5
TABLE_PT = 7.3
FOOTER_PT = 6.8
H1_PT = 13.0
H2_PT = 10.0
PROVINCE_BLUE = "#1f5fa8"
COUNTRY_GREY = "#6b6b6b"
RULE_GREY = "#c8c8c8"
HEADER_FILL = "#e8edf3"
ZEBRA_FILL = "#f6f7f9"


@dataclass
class Canvas:
    """One page being drawn: its figure and the page axes in millimetres."""

    fig: Figure
    pax: object
    lang: str


def new_figure() -> Figure:
    fig = Figure(figsize=PAGE.figsize(DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def page_axes(fig: Figure):
    pax = fig.add_axes((0, 0, 1, 1), zorder=0)
    pax.set_xlim(0, PAGE.width_mm)
    pax.set_ylim(0, PAGE.height_mm)
    pax.set_axis_off()
    return pax


class Writer:
    """Builds the flow items of a pack with the text metrics of its font."""

    def __init__(self, content: BriefingContent):
        self.content = content
        self.lang = content.lang
        self.measure = text_metrics()

    # ------------------------------------------------------------------ furniture

    def footer_lines(self) -> list[str]:
        lang, c = self.lang, self.content
        source = f"{t('export.source', lang)}: {'; '.join(c.sources)}"
        meta = " · ".join(
            (
                f"{t('export.period', lang)}: {c.period_text}",
                f"{t('export.boundary', lang)}: {c.boundary_version}",
                made_on_text(c),
            )
        )
        lines: list[str] = []
        for text in (source, meta):
            lines += wrap_text(text, CONTENT_W, FOOTER_PT, False, self.measure)
        return lines

    def body_box(self) -> tuple[float, float]:
        """(top, bottom) of the flow on a page, in mm."""
        top = PAGE.height_mm - MARGIN_TOP - HEADER_H - 3.0
        footer_h = len(self.footer_lines()) * lay.line_mm(FOOTER_PT)
        return top, MARGIN_BOTTOM + footer_h + 4.0

    def draw_furniture(self, canvas: Canvas) -> None:
        """Running title, sample mark, footer (page numbers come last, see
        :func:`number_pages`)."""
        pax, c = canvas.pax, self.content
        top = PAGE.height_mm - MARGIN_TOP
        badge_w = 0.0
        if c.is_sample:
            badge_w = sample_badge(pax, PAGE.width_mm - MARGIN_X, top, self.lang, self.measure)
        title = _fit(c.title, CONTENT_W - badge_w - 4.0, 8.5, True, self.measure)
        put_text(pax, MARGIN_X, top - 1.0, title, fontsize=8.5, fontweight="bold", va="top")
        rule_y = top - HEADER_H
        pax.plot([MARGIN_X, PAGE.width_mm - MARGIN_X], [rule_y, rule_y], color=RULE_GREY, lw=0.6)
        lines = self.footer_lines()
        y = MARGIN_BOTTOM + len(lines) * lay.line_mm(FOOTER_PT)
        pax.plot([MARGIN_X, PAGE.width_mm - MARGIN_X], [y + 1.5, y + 1.5], color=RULE_GREY, lw=0.6)
        for line in lines:
            put_text(pax, MARGIN_X, y, line, fontsize=FOOTER_PT, va="top", color="#333333")
            y -= lay.line_mm(FOOTER_PT)

    # ------------------------------------------------------------------ flow items

    def heading(self, text: str, level: int = 1, new_page: bool = False) -> Item:
        size = H1_PT if level == 1 else H2_PT
        height = lay.line_mm(size, 1.3) + (1.5 if level == 1 else 0.8)

        def draw(canvas: Canvas, top: float) -> None:
            put_text(
                canvas.pax,
                MARGIN_X,
                top,
                text,
                fontsize=size,
                fontweight="bold",
                va="top",
                color="#12355b" if level == 1 else INK,
            )

        gap = 6.0 if level == 1 else 4.0
        return Item(height, draw, keep_next=True, gap_before=gap, new_page=new_page)

    def paragraph(
        self,
        text: str,
        size: float = BODY_PT,
        *,
        color: str = INK,
        bold: bool = False,
        indent: float = 0.0,
        gap_before: float = 1.5,
        keep: bool = False,
    ) -> list[Item]:
        """One item per wrapped line (a paragraph may continue on the next page)."""
        lines = wrap_text(text, CONTENT_W - indent, size, bold, self.measure)
        items = []
        for n, line in enumerate(lines):

            def draw(canvas: Canvas, top: float, line: str = line) -> None:
                put_text(
                    canvas.pax,
                    MARGIN_X + indent,
                    top,
                    line,
                    fontsize=size,
                    fontweight="bold" if bold else "normal",
                    va="top",
                    color=color,
                )

            items.append(
                Item(
                    lay.line_mm(size),
                    draw,
                    keep_next=keep or n < min(1, len(lines) - 1),
                    gap_before=gap_before if n == 0 else 0.0,
                )
            )
        return items

    def table(
        self,
        columns: Sequence[tuple[str, float, str]],
        rows: Sequence[Sequence[str]],
        *,
        size: float = TABLE_PT,
        gap_before: float = 2.0,
        bold_first: bool = False,
    ) -> list[Item]:
        """A table: header then one item per row; ``columns`` are (label, width as a share
        of the content width, "left" | "right"). Cells wrap; the header repeats on every
        page the table reaches."""
        widths = [share * CONTENT_W for _, share, _ in columns]
        pad = 1.2
        line = lay.line_mm(size)

        def cells(texts: Sequence[str], bold: bool) -> list[list[str]]:
            return [
                wrap_text(str(text), w - 2 * pad, size, bold, self.measure)
                for text, w in zip(texts, widths, strict=True)
            ]

        def row_item(texts: Sequence[str], header: bool, index: int) -> Item:
            wrapped = cells(texts, header)
            height = max(len(c) for c in wrapped) * line + 2 * pad

            def draw(canvas: Canvas, top: float) -> None:
                pax = canvas.pax
                fill = HEADER_FILL if header else (ZEBRA_FILL if index % 2 else None)
                if fill:
                    pax.add_patch(
                        Rectangle((MARGIN_X, top - height), CONTENT_W, height, facecolor=fill, lw=0)
                    )
                x = MARGIN_X
                for col, (lines_, w) in enumerate(zip(wrapped, widths, strict=True)):
                    align = columns[col][2]
                    tx = x + w - pad if align == "right" else x + pad
                    bold = header or (bold_first and col == 0)
                    for k, text in enumerate(lines_):
                        put_text(
                            pax,
                            tx,
                            top - pad - k * line,
                            text,
                            fontsize=size,
                            fontweight="bold" if bold else "normal",
                            va="top",
                            ha=align,
                        )
                    x += w
                pax.plot(
                    [MARGIN_X, MARGIN_X + CONTENT_W],
                    [top - height, top - height],
                    color=RULE_GREY if not header else "#8a99ab",
                    lw=0.4 if not header else 0.7,
                )

            return Item(height, draw)

        header = row_item([label for label, _, _ in columns], True, 0)
        header.keep_next = True
        header.gap_before = gap_before
        items = [header]
        for index, row in enumerate(rows):
            item = row_item(row, False, index)
            item.header = header
            items.append(item)
        return items

    def chart_legend(self) -> Item:
        """A line "── Tỉnh Cao Bằng  - - Cả nước" above the charts."""
        name = self.content.province_name
        height = lay.line_mm(BODY_PT) + 1.0

        def draw(canvas: Canvas, top: float) -> None:
            pax, y = canvas.pax, top - lay.line_mm(BODY_PT) / 2
            x = MARGIN_X
            for label, style in (
                (name, {"color": PROVINCE_BLUE, "lw": 1.6}),
                (
                    t("briefing.legend.country", self.lang),
                    {"color": COUNTRY_GREY, "lw": 1.2, "ls": "--"},
                ),
            ):
                pax.plot([x, x + 9.0], [y, y], **style)
                put_text(pax, x + 11.0, y, label, fontsize=BODY_PT, va="center")
                x += 11.0 + self.measure(label, BODY_PT, False) + 9.0

        return Item(height, draw, keep_next=True, gap_before=2.0)

    def chart_row(self, series: Sequence[Series]) -> Item:
        """Two small line charts side by side (province solid, country dashed)."""
        gap = 8.0
        width = (CONTENT_W - gap) / 2
        height = 50.0

        def draw(canvas: Canvas, top: float) -> None:
            for n, one in enumerate(series):
                x = MARGIN_X + n * (width + gap)
                draw_chart(canvas, one, lay.Box(x, top - height, width, height), self.measure)

        return Item(height + 3.0, draw, gap_before=3.0)


_METRICS: list[TextMetrics] = []


def text_metrics() -> TextMetrics:
    """The process's text metrics of the pack's font (shared by every pack)."""
    if not _METRICS:
        _METRICS.append(TextMetrics(measure_factory(new_figure())))
    return _METRICS[0]


def _fit(text: str, width: float, size: float, bold: bool, measure) -> str:
    """``text`` cut with "…" to fit ``width`` mm on one line."""
    if measure(text, size, bold) <= width:
        return text
    while text and measure(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def sample_badge(pax, right: float, top: float, lang: str, measure) -> float:
    """The red "DỮ LIỆU MẪU" / "SAMPLE DATA" box at the top right, as on the printed maps;
    returns its width (mm)."""
    size = 10.0
    w = measure(t("export.sample", lang), size, True) + 4.0
    h = lay.line_mm(size, 1.0) + 3.0
    draw_sample_badge(pax, lay.Box(right - w, top - h, w, h), size, lang)
    return w


def number_pages(figures: Sequence[Figure], lang: str, is_sample: bool) -> None:
    """ "Trang n/N" at the bottom right of every page and, for sample data, "DỮ LIỆU MẪU /
    SAMPLE DATA" at the bottom left: the same words in both languages' packs, so a page
    copied out of either is marked for any reader."""
    total = len(figures)
    for n, fig in enumerate(figures, start=1):
        if is_sample:
            fig.text(
                MARGIN_X / PAGE.width_mm,
                PAGE_NUMBER_Y / PAGE.height_mm,
                SAMPLE_LABEL,
                ha="left",
                va="center",
                fontsize=7.5,
                fontweight="bold",
                color=SAMPLE_RED,
                parse_math=False,
            )
        fig.text(
            1 - MARGIN_X / PAGE.width_mm,
            PAGE_NUMBER_Y / PAGE.height_mm,
            t("briefing.page", lang, n=n, count=total),
            ha="right",
            va="center",
            fontsize=7.5,
            color=MUTED,
            parse_math=False,
        )


def draw_pages(writer: Writer, pages: list[list[Placed]]) -> list[Figure]:
    figures = []
    for page in pages:
        fig = new_figure()
        canvas = Canvas(fig, page_axes(fig), writer.lang)
        writer.draw_furniture(canvas)
        for item, top in page:
            item.draw(canvas, top)
        figures.append(fig)
    return figures


# ------------------------------------------------------------------------------- charts


def _month_label(period: str) -> str:
    year, month = period.split("-")
    return f"{int(month)}/{year}"


def draw_chart(canvas: Canvas, series: Series, box: lay.Box, measure) -> None:
    """One trend chart in ``box``: title above, months along the bottom."""
    lang, pax = canvas.lang, canvas.pax
    unit = series.unit
    # Rates say "(%)"; counts and scores name their unit in the label ("Chỉ số 766 (/100)").
    title = f"{series.label} (%)" if unit == "%" else series.label
    title = _fit(title, box.w, 7.8, True, measure)
    put_text(pax, box.x, box.top, title, fontsize=7.8, fontweight="bold", va="top")
    plot = lay.Box(box.x + 11.0, box.y + 8.0, box.w - 13.0, box.h - 8.0 - 7.0)
    ax = canvas.fig.add_axes(plot.frac(PAGE), zorder=2)
    periods = list(series.province.index)
    if series.country is not None:
        periods = sorted(set(periods) | set(series.country.index))
    mine = series.province.reindex(periods).to_numpy(dtype="float64")
    if not periods or np.isnan(mine).all():
        ax.set_axis_off()
        put_text(
            ax,
            0.5,
            0.5,
            t("briefing.chart.no_data", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            fontsize=8,
        )
        return
    xs = np.arange(len(periods))
    if series.country is not None:
        nation = series.country.reindex(periods).to_numpy(dtype="float64")
        ax.plot(xs, nation, color=COUNTRY_GREY, lw=1.1, ls="--", zorder=2)
    ax.plot(xs, mine, color=PROVINCE_BLUE, lw=1.5, zorder=3)
    hollow = np.array([p in series.incomplete for p in periods])
    ax.scatter(xs[~hollow], mine[~hollow], s=7, color=PROVINCE_BLUE, zorder=4)
    if hollow.any():
        ax.scatter(
            xs[hollow], mine[hollow], s=10, facecolor="white", edgecolor=PROVINCE_BLUE, zorder=4
        )
    step = max(1, int(np.ceil(len(periods) / 5)))
    ticks = list(range(len(periods) - 1, -1, -step))[::-1]
    ax.set_xticks(ticks)
    ax.set_xticklabels([_month_label(periods[i]) for i in ticks], fontsize=6.3)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v, lang, 1)))
    ax.tick_params(axis="y", labelsize=6.3)
    ax.tick_params(length=2, color="#999999")
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.grid(axis="y", color="#e3e3e3", lw=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#999999")
        ax.spines[side].set_linewidth(0.6)
