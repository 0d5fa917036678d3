"""Choropleth classes and colours, shared by the interactive map and the print exports.

Class breaks come from ``mapclassify``; palettes are colour-blind-safe ColorBrewer / viridis
ramps from matplotlib's registry, sampled to the number of classes. Missing values are never
a class: they get :data:`NO_DATA_COLOR` and are named "Không có số liệu" in legends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from dashboard.core.numbers import number

SCHEMES = ("quantiles", "equal_interval", "natural_breaks", "manual")
MIN_CLASSES, MAX_CLASSES = 3, 9

#: Colour-blind-safe palettes: name -> (matplotlib colormap, kind).
PALETTES: dict[str, tuple[str, str]] = {
    "YlGnBu": ("YlGnBu", "sequential"),
    "Blues": ("Blues", "sequential"),
    "viridis": ("viridis_r", "sequential"),
    "cividis": ("cividis_r", "sequential"),
    "greys": ("Greys", "sequential"),  # print-safe: survives grayscale photocopies
    "OrRd": ("OrRd", "sequential"),  # warnings: the more, the redder
    "PuOr": ("PuOr", "diverging"),
    "BrBG": ("BrBG", "diverging"),
    "RdYlBu": ("RdYlBu", "diverging"),
}

#: The scheme of a categorical metric (one class per category, no breaks).
CATEGORICAL = "categorical"

#: Okabe & Ito's colour-blind-safe qualitative palette (Color Universal Design, 2008), in an
#: order whose first colours stay apart in grayscale too.
QUALITATIVE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

#: Fill for units without data: a light neutral grey, distinct from every palette's ends, and
#: drawn with a dashed outline / hatch so it never reads as a low value.
NO_DATA_COLOR = "#d4d4d4"


@dataclass(frozen=True)
class Classes:
    """Classes of one metric: ``upper`` bounds (inclusive) and a colour per class.

    ``lower`` is the minimum of the values the breaks were computed on; class ``i`` spans
    ``(upper[i-1], upper[i]]`` and class 0 spans ``[lower, upper[0]]``.

    A categorical metric (``scheme == "categorical"``, see :func:`categorical`) has one class
    per category: the value ``i`` (an integer code) is class ``i``, named by
    ``category_labels[i]``; any other value is "no data".
    """

    scheme: str
    palette: str
    lower: float
    upper: tuple[float, ...]
    colors: tuple[str, ...]
    category_labels: tuple[str, ...] = ()

    @property
    def k(self) -> int:
        return len(self.upper)

    @property
    def is_categorical(self) -> bool:
        return self.scheme == CATEGORICAL

    def one_per_value(self, values: pd.Series | np.ndarray) -> bool:
        """True when ``values`` had so few distinct values that each got its own class
        (see :func:`distinct_value_breaks`), so legends name that rule, not the scheme."""
        if self.is_categorical or self.scheme == "manual":
            return False
        return distinct_value_breaks(values, self.k) == (self.lower, self.upper)

    def class_of(self, values: pd.Series | np.ndarray) -> np.ndarray:
        """Class index per value; -1 for missing values. Values above the top bound (local
        data drawn with national breaks cannot exceed it, but manual breaks can) go to the
        top class, values below the bottom one to class 0."""
        array = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype="float64")
        if self.is_categorical:
            known = np.isin(array, np.arange(self.k))
            return np.where(known, np.nan_to_num(array, nan=-1).astype(int), -1)
        index = np.searchsorted(np.asarray(self.upper), array, side="left")
        index = np.clip(index, 0, self.k - 1)
        return np.where(np.isnan(array), -1, index)

    def colors_for(self, values: pd.Series | np.ndarray) -> list[str]:
        return [self.colors[i] if i >= 0 else NO_DATA_COLOR for i in self.class_of(values)]

    def counts(self, values: pd.Series | np.ndarray) -> tuple[list[int], int]:
        """Units per class and units without data."""
        idx = self.class_of(values)
        return [int((idx == i).sum()) for i in range(self.k)], int((idx == -1).sum())

    def ranges(self, decimals: int = 1) -> list[tuple[float, float]]:
        if not self.upper:
            return []  # every value missing: no classes, only "no data"
        if self.is_categorical:
            return [(float(i), float(i)) for i in range(self.k)]
        lows = [self.lower, *self.upper[:-1]]
        return list(zip(lows, self.upper, strict=True))

    def labels(self, decimals: int = 1, unit: str = "", lang: str = "vi") -> list[str]:
        """Legend labels in ``lang`` (see :func:`legend_labels`), with ``unit`` appended."""
        suffix = f" {unit}" if unit and not self.is_categorical else ""
        return [f"{label}{suffix}" for label in legend_labels(self, decimals, lang)]


def legend_labels(classes: Classes, decimals: int = 1, lang: str = "vi") -> list[str]:
    """The legend label of each class, the same on screen and in print.

    A categorical map: its category names. Counts (no decimals, integer bounds): ``"3 – 4"``
    rather than the overlapping ``"2 – 4"`` (class ``i`` holds values above the previous
    bound). A class of a single value: that value (``"0"``, not ``"0 – 0"``). Numbers in the
    format of ``lang`` (:func:`dashboard.core.numbers.number`).
    """
    if classes.is_categorical:
        return list(classes.category_labels)
    bounds = [classes.lower, *classes.upper]
    counts = decimals == 0 and all(float(b).is_integer() for b in bounds)
    labels = []
    for i, (low, high) in enumerate(classes.ranges()):
        if counts and i:
            low += 1
        if round(low, decimals) >= round(high, decimals):
            labels.append(number(high, lang, decimals))
        else:
            labels.append(f"{number(low, lang, decimals)} – {number(high, lang, decimals)}")
    return labels


def palette_colors(palette: str, k: int) -> tuple[str, ...]:
    """``k`` hex colours from a palette, light to dark (or low to high for diverging)."""
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r}; expected one of {list(PALETTES)}")
    cmap_name, kind = PALETTES[palette]
    cmap = colormaps[cmap_name]
    # Skip the near-white end of sequential ramps: it would read as "no data".
    start, stop = (0.15, 1.0) if kind == "sequential" else (0.0, 1.0)
    return tuple(to_hex(cmap(x)) for x in np.linspace(start, stop, k))


def compute_breaks(
    values: pd.Series, scheme: str = "quantiles", k: int = 5, manual: list[float] | None = None
) -> tuple[float, tuple[float, ...]]:
    """(lower, upper bounds) for the non-missing ``values``.

    ``k`` is clamped to 3–9 and to the number of distinct values; ``manual`` bounds are
    sorted and the data maximum is appended when they stop below it.
    """
    data = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype="float64")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")
    if data.size == 0:
        return math.nan, ()
    lower, top = float(data.min()), float(data.max())
    if scheme == "manual":
        bounds = sorted({float(b) for b in (manual or []) if lower <= float(b) < top})
        return lower, (*bounds, top)
    found = distinct_value_breaks(data, k)
    if found is not None:
        return found
    import mapclassify  # imported here: it pulls in scikit-learn (~2 s), needed only now

    k = max(1, min(max(MIN_CLASSES, min(k, MAX_CLASSES)), len(np.unique(data))))
    if k == 1:
        return lower, (top,)
    classifier = {
        "quantiles": mapclassify.Quantiles,
        "equal_interval": mapclassify.EqualInterval,
        "natural_breaks": _natural_breaks,
    }[scheme](data, k=k)
    bins = tuple(sorted({float(b) for b in classifier.bins}))
    return lower, bins


def distinct_value_breaks(
    values: pd.Series | np.ndarray, k: int
) -> tuple[float, tuple[float, ...]] | None:
    """``(lower, upper bounds)`` with one class per distinct value when ``values`` has 2 to
    ``k`` of them (NaN ignored); None otherwise.

    Quantiles and Jenks merge tied values: volunteer teams per commune are 0, 1, 2 or 3, and
    quantile breaks would put the gaps (0 teams, "vùng trắng") in one class with communes that
    have a team. With no more distinct values than classes, each value is its own class, so a
    0 is never drawn like a 1. The bounds follow :class:`Classes` (``upper`` = the values).
    """
    data = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype="float64")
    distinct = np.unique(data)
    if not 2 <= distinct.size <= k:
        return None
    return float(distinct[0]), tuple(float(v) for v in distinct)


def _natural_breaks(data: np.ndarray, k: int):  # -> mapclassify MapClassifier
    """Fisher-Jenks; sampled above 500 values, since the exact method is quadratic in
    pure Python (numba is not a dependency). The sample is seeded, so breaks are stable."""
    import mapclassify

    if data.size <= 500:
        return mapclassify.FisherJenks(data, k=k)
    np.random.seed(766)  # mapclassify samples with numpy's global generator
    return mapclassify.FisherJenksSampled(data, k=k, pct=500 / data.size)


def classify(
    values: pd.Series,
    scheme: str = "quantiles",
    k: int = 5,
    palette: str = "YlGnBu",
    manual: list[float] | None = None,
    breaks: tuple[float, tuple[float, ...]] | None = None,
) -> Classes:
    """Classes for ``values``, or for the given ``breaks`` (to keep national breaks when
    drilling down into a province)."""
    lower, upper = breaks if breaks is not None else compute_breaks(values, scheme, k, manual)
    if not upper:
        return Classes(scheme, palette, math.nan, (), ())
    return Classes(scheme, palette, lower, tuple(upper), palette_colors(palette, len(upper)))


def categorical(labels: list[str] | tuple[str, ...]) -> Classes:
    """One class per category, coloured from :data:`QUALITATIVE`; the value ``i`` is the
    category ``labels[i]``."""
    if not 1 <= len(labels) <= len(QUALITATIVE):
        raise ValueError(f"a categorical map takes 1 to {len(QUALITATIVE)} categories")
    k = len(labels)
    return Classes(
        CATEGORICAL,
        "qualitative",
        0.0,
        tuple(float(i) for i in range(k)),
        QUALITATIVE[:k],
        tuple(labels),
    )
