"""How a press figure (:func:`loaders.metrics.reported.reported_figures`) is worded: its
metric's name, its date, its place and its value with the qualifier ("hơn 1.170"), in
Vietnamese or English. Shared by the map's press layer and the briefing pack."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from dashboard.core.i18n import CATALOGUE, t
from dashboard.core.numbers import number


def metric_label(metric: str, lang: str = "vi") -> str:
    """The name of a press metric key in ``lang`` (``volunteer_teams`` → "Số đội hình tình
    nguyện" / "Volunteer teams"), from :mod:`dashboard.core.i18n` (``rm_<key>``).

    Raw keys are never shown: a key without a text (one added to the CSV later) reads "Số
    liệu báo chí khác" / "Other press figure"; its unit and quote still say what it is.
    """
    key = f"rm_{metric}"
    return t(key if key in CATALOGUE else "reported_metric_other", lang)


def date_text(day: object, lang: str = "vi") -> str:
    """A figure's or article's date as written, or "không rõ ngày" / "date unknown" when the
    source gives none (never an empty pair of brackets)."""
    text = "" if day is None or (isinstance(day, float) and pd.isna(day)) else str(day).strip()
    return text or t("reported_date_unknown", lang)


#: The press file's own marks in a province label: "[inferred]", "(pre-merger; 2023)".
_LABEL_MARKS = re.compile(r"\[.*?\]|\(.*?\)")
#: What those marks meant (columns of the parsed figures) → their words.
_MARK_TEXTS = (("pre_merger", "reported_former"), ("inferred", "reported_inferred"))


def place_text(row: Mapping[str, object], lang: str = "vi") -> str:
    """Where a figure was reported, for people: the commune as the article names it, else
    the province without the press file's marks ("Thanh Hóa [inferred]" → "Thanh Hóa",
    "(not stated)" → "không nêu địa phương"), then what the marks meant: "Thanh Hóa (tỉnh
    suy ra từ bài)", "Hậu Giang (tỉnh cũ)"."""
    commune = row.get("commune_or_ward")
    if isinstance(commune, str) and commune.strip():
        place = commune.strip()
    else:
        label = _LABEL_MARKS.sub("", str(row.get("province_label") or "")).strip()
        stated = label and label.lower() != "not stated"
        place = label if stated else t("reported_place_unknown", lang)
    marks = [t(text, lang) for column, text in _MARK_TEXTS if row.get(column)]
    return f"{place} ({', '.join(marks)})" if marks else place


def qualified_value(row: Mapping[str, object], lang: str = "vi") -> str:
    """The reported value with its qualifier in words: ``">1170"`` → "hơn 1.170" (vi) or
    "more than 1,170" (en); a value that is not a number (a date…) is shown as written."""
    value = row.get("value")
    qualifier = str(row.get("qualifier") or "")
    if value is None or pd.isna(value):
        return str(row.get("value_text") or "")
    plain = float(value)
    decimals = 0 if plain.is_integer() else min(2, len(repr(plain).split(".")[1]))
    text = number(value, lang, decimals)
    if qualifier:
        text = f"{t('qualifier_' + qualifier, lang)} {text}"
    return text
