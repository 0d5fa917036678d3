"""One legend model for every map the app draws: the map page, the compare maps and the print
exports (PNG, PDF, SVG).

A legend is a list of :class:`LegendEntry`: a class of the choropleth (its range and colour),
the units drawn as partial, the units without data, a plain filled area, or a line sample
(an outline, a selection). :func:`class_entries` counts the units of each class the same way
for the screen and for print; each renderer only decides how a swatch looks (CSS on screen,
matplotlib hatches in print) and writes the counts in the page's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dashboard.core.classify import NO_DATA_COLOR, Classes, legend_labels
from dashboard.core.i18n import t

#: Kinds of entry: a class of values, partial values, no data, a plain area, a line sample.
CLASS, PARTIAL, NO_DATA, AREA, LINE = "class", "partial", "no_data", "area", "line"

#: The swatch of units drawn as partial (their hatching is drawn over white).
PARTIAL_FILL = "#ffffff"


@dataclass(frozen=True)
class LegendEntry:
    """One legend row.

    ``counts``: units in the row, one number per map panel (a print of several panels counts
    each; the screen map has one); empty when the row is not counted (an outline). ``fill``:
    the swatch colour of an area; ``class_index``: the class a ``CLASS`` row stands for (a
    print style picks its hatch by it). ``hatch`` / ``hatch_color``: a matplotlib hatch drawn
    over the swatch in print. ``line`` (colour), ``line_width`` (points), ``dash``
    (matplotlib on/off pattern, None for solid) and ``casing`` (a white line under it):
    a line sample, drawn as on the map.
    """

    label: str
    counts: tuple[int, ...] = ()
    kind: str = CLASS
    fill: str | None = None
    class_index: int | None = None
    hatch: str = ""
    hatch_color: str = "#000000"
    line: str | None = None
    line_width: float = 1.0
    dash: tuple[float, float] | None = None
    casing: bool = False

    @property
    def count(self) -> int:
        """Units in the row on a one-panel map (0 when not counted)."""
        return self.counts[0] if self.counts else 0


def class_entries(
    classes: Classes,
    values: Sequence[np.ndarray],
    decimals: int,
    lang: str,
    *,
    partial: np.ndarray | None = None,
    partial_text: str = "",
) -> list[LegendEntry]:
    """A row per class (its range and colour), a row for units drawn as partial and a last
    row for units without data, counted in each of ``values`` (one float array per map
    panel, NaN for no data).

    ``partial``: booleans aligned to the one panel's values; units flagged there get their
    own row, ``partial_text`` (only when some are), and are counted neither in their
    value's class nor as "no data".
    """
    panels = [np.asarray(v, dtype=float) for v in values]
    n_partial = 0
    if partial is not None and np.asarray(partial, dtype=bool).any():
        flags = np.asarray(partial, dtype=bool)
        n_partial = int(flags.sum())
        panels = [np.where(flags, np.nan, panels[0])]
    per_panel = [classes.counts(v) if classes.k else ([], int(np.isnan(v).sum())) for v in panels]
    missing = tuple(n_missing - n_partial for _, n_missing in per_panel)
    entries = [
        LegendEntry(
            label,
            tuple(counts[i] for counts, _ in per_panel),
            kind=CLASS,
            fill=classes.colors[i],
            class_index=i,
        )
        for i, label in enumerate(legend_labels(classes, decimals, lang) if classes.k else [])
    ]
    if n_partial:
        entries.append(LegendEntry(partial_text, (n_partial,), kind=PARTIAL, fill=PARTIAL_FILL))
    entries.append(LegendEntry(t("no_data", lang), missing, kind=NO_DATA, fill=NO_DATA_COLOR))
    return entries
