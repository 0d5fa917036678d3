"""One class per value for metrics with only a few distinct values.

Quantiles (and Jenks) merge tied values: the number of volunteer teams per commune is 0, 1,
2 or 3, and quantile breaks put the gaps (0 teams, "vùng trắng") in one class with the
communes that have a team; per-commune coverage (0 % or 100 %) ends up in a single class.
When a metric has no more distinct values than the classes asked for, each value gets its own
class instead, so a 0 is never drawn like a 1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def distinct_value_breaks(values: pd.Series, k: int) -> tuple[float, tuple[float, ...]] | None:
    """``(lower, upper bounds)`` with one class per distinct value when ``values`` has
    between 2 and ``k`` of them (NaN ignored); None otherwise (use the usual scheme).

    The bounds follow :class:`dashboard.classify.Classes`: class 0 is ``[lower, upper[0]]``
    and class ``i`` is ``(upper[i-1], upper[i]]``, so ``upper`` is the sorted values.
    """
    data = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype="float64")
    distinct = np.unique(data)
    if not 2 <= distinct.size <= k:
        return None
    lower = float(distinct[0])
    return (lower if not math.isnan(lower) else 0.0), tuple(float(v) for v in distinct)
