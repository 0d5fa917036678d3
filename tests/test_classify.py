"""Class breaks and classes shared by the interactive map and the print exports:
one class per value for few-valued metrics, and categorical metrics (unit type)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.core import metrics
from dashboard.core.classify import (
    CATEGORICAL,
    NO_DATA_COLOR,
    QUALITATIVE,
    categorical,
    classify,
    compute_breaks,
    distinct_value_breaks,
)


def test_distinct_value_breaks_give_zero_its_own_class() -> None:
    teams = pd.Series([0, 1, 1, 2, 3, np.nan, 1], dtype="float64")
    lower, upper = distinct_value_breaks(teams, 5)
    assert (lower, upper) == (0.0, (0.0, 1.0, 2.0, 3.0))
    classes = classify(teams, breaks=(lower, upper))
    assert classes.class_of(teams).tolist() == [0, 1, 1, 2, 3, -1, 1]
    assert distinct_value_breaks(pd.Series(range(10), dtype="float64"), 5) is None
    assert distinct_value_breaks(pd.Series([1.0, 1.0]), 5) is None  # one value: usual path


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval", "natural_breaks"])
def test_every_scheme_keeps_gaps_apart_from_units_with_a_team(scheme) -> None:
    # 80 % of communes have exactly one team: quantiles would merge 0 into the class of 1.
    teams = pd.Series([0.0] * 10 + [1.0] * 80 + [2.0] * 10)
    lower, upper = compute_breaks(teams, scheme, k=5)
    classes = classify(teams, scheme, 5, breaks=(lower, upper))
    index = classes.class_of(pd.Series([0.0, 1.0, 2.0]))
    assert len(set(index.tolist())) == 3


def test_manual_breaks_are_kept_even_with_few_values() -> None:
    assert compute_breaks(pd.Series([0.0, 1.0, 2.0]), "manual", manual=[0.5]) == (0.0, (0.5, 2.0))


def test_categorical_classes_one_colour_per_category() -> None:
    classes = categorical(["Xã", "Phường", "Đặc khu"])
    assert classes.scheme == CATEGORICAL and classes.is_categorical
    assert classes.k == 3
    assert classes.colors == QUALITATIVE[:3]
    assert len(set(classes.colors)) == 3 and NO_DATA_COLOR not in classes.colors
    values = pd.Series([0.0, 2.0, 1.0, np.nan, 7.0, 0.5])
    # Unknown codes and non-integers are no data, never the nearest category.
    assert classes.class_of(values).tolist() == [0, 2, 1, -1, -1, -1]
    assert classes.counts(values) == ([1, 1, 1], 3)
    assert classes.labels() == ["Xã", "Phường", "Đặc khu"]
    assert classes.ranges() == [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)]


def test_categorical_needs_a_sensible_number_of_categories() -> None:
    with pytest.raises(ValueError):
        categorical([])
    with pytest.raises(ValueError):
        categorical([str(i) for i in range(len(QUALITATIVE) + 1)])


@pytest.mark.usefixtures("built_data")
@pytest.mark.mirror("all 3,321 communes")
def test_unit_type_metric_counts_the_register() -> None:
    unit_type = metrics.UNIT_METRICS["unit_type"]
    assert unit_type.is_categorical
    communes = unit_type.values("commune")
    labels = unit_type.category_labels("commune")
    counts = {labels[int(code)]: int(n) for code, n in communes.value_counts().items()}
    # The 2026-04-30 boundary version: 3,321 units, 13 special zones (đặc khu).
    assert sum(counts.values()) == 3321 and communes.notna().all()
    assert counts["Đặc khu"] == 13
    assert counts["Xã"] + counts["Phường"] == 3308
    provinces = unit_type.values("province")
    province_labels = unit_type.category_labels("province", "en")
    assert province_labels == ("Province", "Centrally-run city")
    # 28 provinces and 6 centrally-run cities; Hà Nội (01) is a city, Cao Bằng (04) is not.
    assert provinces.value_counts().to_dict() == {0.0: 28, 1.0: 6}
    assert provinces["01"] == 1.0 and provinces["04"] == 0.0
