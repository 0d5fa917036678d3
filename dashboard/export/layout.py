"""Page sizes and the briefing layout: where the title, map, legend panel and footer go.

All lengths are millimetres from the bottom-left corner of the page. The layout is pure
geometry: the renderer passes a ``measure(text, size_pt, bold) -> width_mm`` function so
that titles and footers are wrapped with the real font metrics.

Page layout, top to bottom::

    ┌──────────────────────────────────────────────┐
    │ Title (bold, wraps)                [DỮ LIỆU MẪU] │  header
    │ Subtitle                                     │
    ├───────────────────────────────┬──────────────┤
    │                               │ legend       │  body: map frame + panel
    │          map frame            │ (class, n)   │  (panel on the right, or
    │   (+ Hoàng Sa / Trường Sa     │ scale bar    │   below the map when that
    │        insets)                │ north arrow  │   gives a larger map)
    ├───────────────────────────────┴──────────────┤
    │ Nguồn: …                                      │  footer
    │ Kỳ số liệu: … · Ranh giới hành chính: … · …   │
    └──────────────────────────────────────────────┘
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

MM_PER_INCH = 25.4
PT_TO_MM = MM_PER_INCH / 72.0
#: Resolution the pixel sizes of pages are defined at (print quality).
PRINT_DPI = 300

Measure = Callable[[str, float, bool], float]


@dataclass(frozen=True)
class PageSize:
    """A paper or slide size. ``font_scale`` scales every font size and fixed length."""

    key: str
    label_vi: str
    label_en: str
    width_mm: float
    height_mm: float
    font_scale: float = 1.0

    def pixels(self, dpi: int = PRINT_DPI) -> tuple[int, int]:
        """Size of a PNG of this page at ``dpi`` (A4 portrait at 300 dpi: 2480 × 3508)."""
        return (round(self.width_mm / MM_PER_INCH * dpi), round(self.height_mm / MM_PER_INCH * dpi))

    def figsize(self, dpi: int = PRINT_DPI) -> tuple[float, float]:
        """Figure size in inches, chosen so that ``dpi`` gives exactly :meth:`pixels`.

        Agg truncates the figure size in pixels, so a hair is added against float error.
        """
        w, h = self.pixels(dpi)
        return ((w + 1e-3) / dpi, (h + 1e-3) / dpi)

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm


PAGE_SIZES: dict[str, PageSize] = {
    page.key: page
    for page in (
        PageSize("a4-landscape", "A4 ngang", "A4 landscape", 297.0, 210.0),
        PageSize("a4-portrait", "A4 dọc", "A4 portrait", 210.0, 297.0),
        PageSize("a3-landscape", "A3 ngang", "A3 landscape", 420.0, 297.0, 1.35),
        PageSize("a3-portrait", "A3 dọc", "A3 portrait", 297.0, 420.0, 1.35),
        # 13.333 × 7.5 in, PowerPoint's default 16:9 slide.
        PageSize(
            "slide-16x9",
            "Trình chiếu 16:9",
            "Slide 16:9",
            40 / 3 * MM_PER_INCH,
            7.5 * MM_PER_INCH,
            1.0,
        ),
    )
}
DEFAULT_PAGE = "a4-landscape"


def page_size(key: str) -> PageSize:
    try:
        return PAGE_SIZES[key]
    except KeyError:
        raise ValueError(f"unknown page size {key!r}; expected one of {list(PAGE_SIZES)}") from None


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres: lower-left ``x``, ``y``, width ``w``, height ``h``."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def frac(self, page: PageSize) -> tuple[float, float, float, float]:
        """The box as a matplotlib ``[left, bottom, width, height]`` figure fraction."""
        return (
            self.x / page.width_mm,
            self.y / page.height_mm,
            self.w / page.width_mm,
            self.h / page.height_mm,
        )


@dataclass(frozen=True)
class Fonts:
    """Font sizes in points."""

    title: float
    subtitle: float
    legend_title: float
    legend: float
    small: float
    footer: float
    label: float
    badge: float
    watermark: float

    @classmethod
    def for_page(cls, page: PageSize) -> Fonts:
        s = page.font_scale
        return cls(
            title=15.0 * s,
            subtitle=9.5 * s,
            legend_title=9.0 * s,
            legend=8.0 * s,
            small=6.5 * s,
            footer=7.0 * s,
            label=5.5 * s,
            badge=10.0 * s,
            watermark=54.0 * s,
        )


def line_mm(size_pt: float, spacing: float = 1.25) -> float:
    """Height of one text line in millimetres."""
    return size_pt * spacing * PT_TO_MM


@dataclass(frozen=True)
class Layout:
    """Where everything goes on one page."""

    page: PageSize
    fonts: Fonts
    margin: float
    title_lines: tuple[str, ...]
    subtitle_lines: tuple[str, ...]
    footer_lines: tuple[str, ...]
    header: Box
    badge: Box | None
    map: Box
    panel: Box
    panel_side: str  # "right" or "bottom"
    footer: Box
    legend_columns: int
    row_h: float
    swatch: tuple[float, float]
    body: Box
    gap: float
    panel_min: tuple[float, float]  # width, height the panel's contents need

    def with_map_size(self, w: float, h: float) -> Layout:
        """The same page with a smaller map frame (``w`` × ``h`` mm, at most the current
        one), map and panel kept together, centred across and at the top of the body."""
        w, h = min(w, self.map.w), min(h, self.map.h)
        body, gap = self.body, self.gap
        if self.panel_side == "right":
            x0 = body.x + (body.w - (w + gap + self.panel.w)) / 2
            map_box = Box(x0, body.top - h, w, h)
            panel_h = max(h, min(self.panel_min[1], body.h))
            panel = Box(map_box.right + gap, map_box.top - panel_h, self.panel.w, panel_h)
        else:
            y0 = body.top - (h + gap + self.panel.h)
            map_box = Box(body.x + (body.w - w) / 2, y0 + self.panel.h + gap, w, h)
            panel_w = max(w, min(self.panel_min[0], body.w))
            panel = Box(body.x + (body.w - panel_w) / 2, y0, panel_w, self.panel.h)
        return replace(self, map=map_box, panel=panel)

    @property
    def unit(self) -> float:
        """Fixed lengths (gaps, swatches, bars) scale with the page's fonts."""
        return self.page.font_scale


def wrap(
    text: str, width_mm: float, size_pt: float, bold: bool, measure: Measure, max_lines: int = 3
) -> tuple[str, ...]:
    """Word wrap of ``text`` to ``width_mm``, breaking at " — " between the parts of a title
    ("… — tỉnh Cao Bằng — tháng 10/2026") before breaking inside a part. The last line
    takes what is left."""
    chunks = [c for c in text.split(" — ") if c.strip()]
    if not chunks:
        return ()
    lines: list[str] = []
    current = ""
    for n, chunk in enumerate(chunks):
        joined = f"{current} — {chunk}" if current else chunk
        tail = " —" if n < len(chunks) - 1 else ""  # a line may end with the dash
        if measure(joined + tail, size_pt, bold) <= width_mm or len(lines) == max_lines - 1:
            current = joined
            continue
        if current:
            lines.append(current + " —")
            current = ""
        words = chunk.split(" ")
        for word in words:
            candidate = f"{current} {word}" if current else word
            if (
                not current
                or measure(candidate, size_pt, bold) <= width_mm
                or len(lines) == max_lines - 1
            ):
                current = candidate
            else:
                lines.append(current)
                current = word
    lines.append(current)
    return tuple(lines)


def make_layout(
    page: PageSize,
    *,
    title: str,
    subtitle: str,
    footer: list[str],
    legend_entries: int,
    legend_title_lines: int,
    data_aspect: float,
    sample_badge: str | None,
    measure: Measure,
) -> Layout:
    """Lay out one page.

    ``data_aspect`` is width / height of what the map shows (projected); it decides whether
    the legend panel sits to the right of the map or below it: whichever leaves the larger
    map. ``legend_entries`` counts the classes plus "no data".
    """
    fonts = Fonts.for_page(page)
    u = page.font_scale
    margin = 10.0 * u if page.key != "slide-16x9" else 8.0
    content_w = page.width_mm - 2 * margin

    badge = None
    badge_w = 0.0
    if sample_badge:
        pad = 2.0 * u
        badge_w = measure(sample_badge, fonts.badge, True) + 2 * pad
        badge_h = line_mm(fonts.badge, 1.0) + 2 * pad
        badge = Box(
            page.width_mm - margin - badge_w, page.height_mm - margin - badge_h, badge_w, badge_h
        )
    title_w = content_w - (badge_w + 4.0 * u if badge else 0.0)
    title_lines = wrap(title, title_w, fonts.title, True, measure, max_lines=2)
    subtitle_lines = wrap(subtitle, content_w, fonts.subtitle, False, measure, max_lines=2)
    header_h = (
        len(title_lines) * line_mm(fonts.title, 1.2)
        + len(subtitle_lines) * line_mm(fonts.subtitle)
        + 3.0 * u
    )
    if badge:
        header_h = max(header_h, badge.h + 2.0 * u)
    header = Box(margin, page.height_mm - margin - header_h, content_w, header_h)

    footer_lines: list[str] = []
    for line in footer:
        footer_lines.extend(wrap(line, content_w, fonts.footer, False, measure, max_lines=3))
    footer_h = len(footer_lines) * line_mm(fonts.footer) + 1.5 * u
    footer_box = Box(margin, margin, content_w, footer_h)

    gap = 4.0 * u
    body = Box(margin, footer_box.top + gap, content_w, header.y - gap - (footer_box.top + gap))

    row_h = max(4.2 * u, line_mm(fonts.legend, 1.1)) + 1.3 * u
    swatch = (7.0 * u, 4.2 * u)
    legend_title_h = legend_title_lines * line_mm(fonts.legend_title) + 1.5 * u
    note_h = line_mm(fonts.small) + 1.0 * u

    # Candidate 1: panel on the right.
    panel_w = min(max(0.24 * content_w, 58.0 * u), 80.0 * u)
    right_map = Box(body.x, body.y, body.w - panel_w - gap, body.h)
    right_panel = Box(right_map.right + gap, body.y, panel_w, body.h)
    # Candidate 2: panel below, legend in one or two columns, scale bar and arrow beside it.
    columns = 1 if legend_entries <= 4 else 2
    rows = math.ceil(legend_entries / columns)
    panel_h = max(legend_title_h + rows * row_h + note_h + 2.0 * u, 26.0 * u)
    bottom_panel = Box(body.x, body.y, body.w, panel_h)
    bottom_map = Box(body.x, body.y + panel_h + gap, body.w, body.h - panel_h - gap)

    def scale(box: Box) -> float:
        return min(box.w / max(data_aspect, 1e-6), box.h)

    # Prefer the side panel unless the bottom one gives a clearly larger map.
    if scale(bottom_map) > 1.05 * scale(right_map):
        map_box, panel, side = bottom_map, bottom_panel, "bottom"
    else:
        map_box, panel, side, columns = right_map, right_panel, "right", 1
    return Layout(
        page=page,
        fonts=fonts,
        margin=margin,
        title_lines=title_lines,
        subtitle_lines=subtitle_lines,
        footer_lines=tuple(footer_lines),
        header=header,
        badge=badge,
        map=map_box,
        panel=panel,
        panel_side=side,
        footer=footer_box,
        legend_columns=columns,
        row_h=row_h,
        swatch=swatch,
        body=body,
        gap=gap,
        panel_min=(
            columns * 60.0 * u + 62.0 * u,
            legend_title_h + legend_entries * row_h + note_h + 34.0 * u,
        ),
    )
