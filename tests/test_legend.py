"""One legend model for the screen and print: the same rows, labels and counts, each renderer
only deciding how a swatch looks. Runs without boundary data (values are made up here)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.core.classify import NO_DATA_COLOR, classify
from dashboard.core.legend import CLASS, NO_DATA, PARTIAL, class_entries
from dashboard.export.draw import NO_DATA_HATCH, make_style
from dashboard.export.draw import class_entries as print_entries
from dashboard.map.map_builder import legend_rows

CODES = [f"{n:05d}" for n in range(1, 9)]
VALUES = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, np.nan, 70.0, 80.0], index=CODES)


def rows_of(entries) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(e.kind, e.label, e.counts) for e in entries]


def test_counts_per_class_partial_and_no_data():
    classes = classify(VALUES, "equal_interval", 2, "YlGnBu")
    partial = np.array([False, False, False, False, False, False, True, True])
    entries = class_entries(
        classes, [VALUES.to_numpy()], 1, "vi", partial=partial, partial_text="ít số liệu"
    )
    kinds = [e.kind for e in entries]
    assert kinds == [CLASS] * classes.k + [PARTIAL, NO_DATA]
    # 70 and 80 are partial: counted in their own row, not in their class nor as no data.
    in_classes, missing = classes.counts(VALUES.where(~pd.Series(partial, index=CODES)))
    assert [e.count for e in entries] == [*in_classes, 2, missing - 2]
    assert sum(in_classes) == 5 and missing - 2 == 1
    assert entries[-1].fill == NO_DATA_COLOR and entries[-1].label == "Không có số liệu"
    assert [e.class_index for e in entries[: classes.k]] == list(range(classes.k))


def test_one_row_per_class_counts_every_panel():
    classes = classify(VALUES, "quantiles", 4, "YlGnBu")
    other = VALUES.to_numpy().copy()
    other[:4] = np.nan
    entries = class_entries(classes, [VALUES.to_numpy(), other], 1, "en")
    assert all(len(e.counts) == 2 for e in entries)
    assert sum(e.counts[0] for e in entries) == sum(e.counts[1] for e in entries) == 8
    assert entries[-1].counts == (1, 5)


def test_screen_and_print_legends_are_the_same_rows():
    classes = classify(VALUES, "quantiles", 4, "YlGnBu")
    flags = pd.Series(False, index=CODES)
    flags["00008"] = True
    screen = legend_rows(classes, VALUES, decimals=1, lang="vi", partial=flags, threshold=80.0)
    style = make_style(classes, VALUES.to_numpy(), print_safe=True)
    printed = print_entries(style, [VALUES.to_numpy()], 1, "vi", flags.to_numpy(), screen[-2].label)
    assert rows_of(screen) == rows_of(printed)
    # Print decorates the same rows with its own swatches: hatched no data, per-class hatches.
    assert printed[-1].hatch == NO_DATA_HATCH and screen[-1].hatch == ""
    assert [e.hatch for e in printed if e.kind == CLASS] == list(style.hatches[: classes.k])
