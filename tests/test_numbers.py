"""The one number format: marks per language, rounding, negatives, missing values, percent."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.core.numbers import count, number, percent, shown_table, vega_locale, with_unit


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (1234.5, 1, "1.234,5", "1,234.5"),
        (6700.44, 1, "6.700,4", "6,700.4"),
        (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
        (119.65, 1, "119,7", "119.7"),  # rounding half away: 119.65 is stored as 119.650…01
        (2.25, 1, "2,2", "2.2"),  # banker's rounding of an exact binary half, as Python's round
        (45.0, 1, "45", "45"),  # a whole value has no ",0"
        (0.04, 1, "0", "0"),
        (-0.04, 1, "0", "0"),  # no "-0"
        (-1234.5, 1, "-1.234,5", "-1,234.5"),
        (999.96, 1, "1.000", "1,000"),
        (np.float64(3.5), 0, "4", "4"),
        (np.int64(3321), 0, "3.321", "3,321"),
    ],
)
def test_number(value, decimals, vi, en):
    assert number(value, "vi", decimals) == vi
    assert number(value, "en", decimals) == en


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA, float("nan")])
def test_missing_is_no_data_never_zero(missing):
    assert number(missing, "vi") == "Không có số liệu"
    assert number(missing, "en") == "No data"
    assert count(missing, "vi") == "Không có số liệu"
    assert percent(missing, "en") == "No data"
    assert with_unit(missing, "km²", "vi") == "Không có số liệu"


def test_zero_is_a_value():
    assert number(0, "vi") == "0"
    assert with_unit(0.0, "đơn vị", "vi") == "0 đơn vị"
    assert percent(0, "en") == "0%"


def test_count():
    assert count(3321, "vi") == "3.321"
    assert count(3321, "en") == "3,321"
    assert count(10035.0, "vi") == "10.035"
    assert count(52758, "en") == "52,758"
    assert count(7, "vi") == "7"


def test_percent():
    assert percent(65.2, "vi") == "65,2 %"
    assert percent(65.2, "en") == "65.2%"
    assert percent(65.24, "vi", 0) == "65 %"
    assert percent(-3.25, "en", 2) == "-3.25%"
    assert percent(100, "vi") == "100 %"


def test_with_unit():
    assert with_unit(1234.5, "km²", "vi") == "1.234,5 km²"
    assert with_unit(1234.5, "km²", "en") == "1,234.5 km²"
    assert with_unit(45.5, "%", "vi") == "45,5 %"
    assert with_unit(45.5, "%", "en") == "45.5%"
    assert with_unit(12, "", "vi") == "12"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        number(1, "fr")


def test_shown_table_formats_numbers_and_leaves_text():
    frame = pd.DataFrame(
        {
            "code": ["00004", "00010"],
            "n": [52758, 7],
            "share": [119.65, math.nan],
            "ok": [True, False],
        }
    )
    shown = shown_table(frame, "vi")
    assert shown["code"].tolist() == ["00004", "00010"]
    assert shown["n"].tolist() == ["52.758", "7"]
    assert shown["share"].tolist() == ["119,7", "Không có số liệu"]
    assert shown["ok"].tolist() == [True, False]
    assert frame["n"].tolist() == [52758, 7]  # the original (downloads) keeps plain numbers
    assert shown_table(frame, "en")["n"].tolist() == ["52,758", "7"]


def test_vega_locale():
    assert vega_locale("vi")["number"]["decimal"] == ","
    assert vega_locale("vi")["number"]["thousands"] == "."
    assert vega_locale("en")["number"]["decimal"] == "."
