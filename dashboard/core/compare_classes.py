"""Values and shared class breaks of the old/new comparison, for the screen and the print.

One set of class breaks for both boundary versions (computed on the old and new values
together), so a colour means the same on both sides; the compare page
(:mod:`dashboard.compare.features`) and its print export (:mod:`dashboard.export.compare_specs`)
both take their classes from here.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from dashboard.core.classify import Classes, classify

METRICS = ("area", "n_pred", "none")
#: Metrics that exist under both boundary versions (and so share class breaks).
SHARED_METRICS = ("area",)
PALETTE = "YlGnBu"
K = 5

#: Fill of units drawn without a value (the "none" colouring).
NEUTRAL_FILL = "#e6ecf1"
#: Outline of the old units.
OLD_EDGE = "#1a1a1a"
#: Outline of the new units that received part of a split old unit (orange).
PART_EDGE = "#e66101"


def shared_classes(left: pd.Series, right: pd.Series) -> Classes:
    """One set of breaks for both versions: computed on the old and new values together."""
    both = pd.concat([pd.Series(left, dtype="float64"), pd.Series(right, dtype="float64")])
    return classify(both, scheme="quantiles", k=K, palette=PALETTE)


def commune_values(
    old: gpd.GeoDataFrame, new: gpd.GeoDataFrame, metric: str
) -> tuple[pd.Series | None, pd.Series | None, Classes | None]:
    """Values of the old units (left), of the new units (right) and their classes, for
    ``metric`` (see :func:`commune_view`); None where a side is not coloured. Shared with the
    print export (:mod:`dashboard.export.compare_specs`), so paper and screen agree."""
    right_values = {"area": new["area_km2"], "n_pred": new["n_predecessors"]}.get(metric)
    left_values = old["area_km2_approx"] if metric == "area" else None
    classes = None
    if metric in SHARED_METRICS:
        classes = shared_classes(left_values, right_values)
    elif right_values is not None:
        classes = classify(pd.Series(right_values, dtype="float64"), "quantiles", K, PALETTE)
    return left_values, right_values, classes


def province_classes(olds: gpd.GeoDataFrame, news: gpd.GeoDataFrame, metric: str) -> Classes | None:
    """Area classes shared by the 63 old and 34 new provinces (None unless ``"area"``)."""
    return shared_classes(olds["area_km2"], news["area_km2"]) if metric == "area" else None
