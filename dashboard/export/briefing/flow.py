"""Pages of a briefing pack as a flow of items (heading, line of text, table row, chart row)
laid out top to bottom and broken into A4 pages. Pure geometry: an item knows its height in
millimetres and how to draw itself; :func:`paginate` decides where each one goes.

Rules: an item marked ``keep_next`` stays on the page of the item after it (a heading with
its first line, a table's header with its first row); a table row that opens a page brings
its table's header again; the space before an item is dropped at the top of a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.export.layout import Measure


@dataclass(eq=False)
class Item:
    """Something of ``height`` mm drawn by ``draw(canvas, top_mm)``."""

    height: float
    draw: Callable[[object, float], None]
    keep_next: bool = False
    header: Item | None = None
    gap_before: float = 0.0
    new_page: bool = False


Placed = tuple[Item, float]


def paginate(items: list[Item], top: float, bottom: float) -> list[list[Placed]]:
    """Pages of (item, top y in mm), each filled from ``top`` down to ``bottom``."""
    pages: list[list[Placed]] = [[]]
    y = top
    i = 0
    while i < len(items):
        j = i
        while items[j].keep_next and j + 1 < len(items):
            j += 1
        group = items[i : j + 1]
        at_top = not pages[-1]
        need = sum(item.height for item in group) + (0.0 if at_top else group[0].gap_before)
        if not at_top and (group[0].new_page or y - need < bottom):
            pages.append([])
            y, at_top = top, True
        if at_top and group[0].header is not None:
            header = group[0].header
            pages[-1].append((header, y))
            y -= header.height
        for k, item in enumerate(group):
            if k or pages[-1]:
                y -= item.gap_before
            if pages[-1] and y - item.height < bottom - 0.01 and k:
                # A group taller than a page (never with this content): break inside it.
                pages.append([])
                y = top
            pages[-1].append((item, y))
            y -= item.height
        i = j + 1
    return [page for page in pages if page]


class TextMetrics:
    """Text widths in mm, remembered: measuring a string with the font renderer costs about
    2 ms, and a pack wraps a few thousand candidate lines. A line's width is the sum of its
    words' widths and spaces (kerning across a space is nil), so each word is measured once
    per process, across every pack of a batch."""

    def __init__(self, measure: Measure):
        self._measure = measure
        self._widths: dict[tuple[str, float, bool], float] = {}

    def __call__(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, size, bold)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self._measure(text, size, bold)
        return width

    def space(self, size: float, bold: bool) -> float:
        return self("a a", size, bold) - self("aa", size, bold)


def wrap_text(text: str, width: float, size: float, bold: bool, measure: Measure) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` mm; a word wider than a line (a long URL)
    is cut between characters. ``measure`` is best a :class:`TextMetrics`."""
    space = (
        measure.space(size, bold)
        if isinstance(measure, TextMetrics)
        else measure("a a", size, bold) - measure("aa", size, bold)
    )
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current, used = "", 0.0
        # A space before "%" (Vietnamese "90 %") never breaks: the sign stays with its number.
        for word in re.split(r" +(?!%)", paragraph.strip()):
            if not word:
                continue
            w = measure(word, size, bold)
            if current and used + space + w <= width:
                current, used = f"{current} {word}", used + space + w
                continue
            if current:
                lines.append(current)
            while w > width and len(word) > 1:
                cut = _longest_prefix(word, width, size, bold, measure)
                lines.append(word[:cut])
                word = word[cut:]
                w = measure(word, size, bold)
            current, used = word, w
        lines.append(current)
    return lines


def _longest_prefix(word: str, width: float, size: float, bold: bool, measure: Measure) -> int:
    low, high = 1, len(word)
    while low < high:  # the longest prefix that fits (at least one character)
        mid = (low + high + 1) // 2
        if measure(word[:mid], size, bold) <= width:
            low = mid
        else:
            high = mid - 1
    return low
