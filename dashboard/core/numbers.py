"""The one number format of the app, per UI language: "1.234,5" and "65,2 %" in Vietnamese,
"1,234.5" and "65.2%" in English.

Everything a person reads goes through here: the map, its panels and tables, chart axes and
tooltips, the compare and import pages and the print exports. CSV/XLSX downloads keep plain
machine-readable numbers and do not use this module. A missing value (None, NaN) reads as the
"no data" text, never as 0.
"""

from __future__ import annotations

from numbers import Real

import pandas as pd

from dashboard.core.texts import LANGS, NO_DATA, UNIT_SINGULAR_EN
from loaders.messages import format_number

#: Decimal and thousands marks per language.
MARKS = {"vi": (",", "."), "en": (".", ",")}


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    return lang


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' missing markers (``pd.NA``, ``NaT``)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def number(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """``value`` rounded to ``decimals`` places with the marks of ``lang``: 1.234,5 (vi),
    1,234.5 (en). A value that rounds to a whole number is written without decimals ("45",
    not "45,0"); negatives keep their sign ("-3,5"), and a rounded -0 reads "0". None/NaN
    give the "no data" text."""
    lang = _lang(lang)
    if is_missing(value):
        return NO_DATA[lang]
    rounded = round(float(value), max(decimals, 0))  # type: ignore[arg-type]
    if rounded == 0:
        rounded = 0.0  # no "-0"
    places = 0 if rounded.is_integer() else max(decimals, 0)
    # The data layer's messages write numbers with the same function: one set of marks.
    return format_number(rounded, lang, f".{places}f")


def count(value: object, lang: str = "vi") -> str:
    """A whole number (units, rows, teams) with the thousands mark of ``lang``: 3.321 (vi),
    3,321 (en)."""
    return number(value, lang, 0)


def percent(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """A share given in percent points (65.2 means 65.2 %): "65,2 %" (vi, a space before
    the sign as Vietnamese typesetting has it), "65.2%" (en)."""
    lang = _lang(lang)
    if is_missing(value):
        return NO_DATA[lang]
    text = number(value, lang, decimals)
    return f"{text} %" if lang == "vi" else f"{text}%"


def with_unit(value: object, unit: str, lang: str = "vi", decimals: int = 1) -> str:
    """``value`` with its unit: "1.234,5 km²", "65,2 %" (a "%" unit goes through
    :func:`percent`); just the number when ``unit`` is empty; the "no data" text alone
    when the value is missing. English units take their singular after exactly 1 ("1 team",
    "2 teams")."""
    if unit == "%":
        return percent(value, lang, decimals)
    text = number(value, lang, decimals)
    if not unit or is_missing(value):
        return text
    if lang == "en" and text == "1":
        unit = UNIT_SINGULAR_EN.get(unit, unit)
    return f"{text} {unit}"


def is_number(value: object) -> bool:
    """True for a real number (not a bool) that a text parameter should be formatted as."""
    return isinstance(value, Real) and not isinstance(value, bool)


def shown_table(frame: pd.DataFrame, lang: str = "vi", decimals: int = 1) -> pd.DataFrame:
    """A copy of ``frame`` to show on screen: every numeric column written as text in the
    format of ``lang`` (whole-number columns with :func:`count`, others with :func:`number`
    to ``decimals`` places). Grids would otherwise print "52758" and "119.6500" whatever the
    language; downloads keep using ``frame`` itself, with plain numbers."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            continue
        whole = pd.api.types.is_integer_dtype(values)
        out[column] = [
            count(v, lang) if whole else number(v, lang, decimals) for v in values.tolist()
        ]
    return out


def vega_locale(lang: str) -> dict:
    """The d3 number locale of ``lang`` for Vega-Lite's ``config.locale``: chart axes then
    group and mark decimals as the rest of the page does."""
    decimal, thousands = MARKS[_lang(lang)]
    return {
        "number": {
            "decimal": decimal,
            "thousands": thousands,
            "grouping": [3],
            "currency": ["", ""],
        }
    }
