"""How a press figure (:func:`loaders.metrics.reported.reported_figures`) is worded: its
metric's name, its date, its place and its value with the qualifier ("hơn 1.170"), in
Vietnamese or English. Shared by the map's press layer and the briefing pack."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from dashboard.core.formatting import human_period
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
    """A figure's or article's date in words, from the press file's notation: "2025-07-01" →
    "1 tháng 7, 2025"; "~2025-08" → "khoảng tháng 8/2025"; "<=2025-09-22" → "đến 22 tháng
    9, 2025"; "2025-07-01/2025-07-21" → a range; "2025-H1" → "6 tháng đầu năm 2025"; "2025
    plan" → "kế hoạch năm 2025". A note in brackets stays ("(hiện nay)"), "(not stated)" is
    said in ``lang``; anything else is shown as written. No date: "không rõ ngày" / "date
    unknown" (never an empty pair of brackets)."""
    text = "" if day is None or (isinstance(day, float) and pd.isna(day)) else str(day).strip()
    if not text:
        return t("reported_date_unknown", lang)
    main, _, note = text.partition(" (")
    note = note.removesuffix(")").strip()
    if note.lower() == "not stated":
        note = t("reported_date_not_stated", lang)
    words = _date_words(main.strip(), lang)
    return f"{words} ({note})" if note else words


#: The press file's date prefixes → their words.
_DATE_PREFIXES = (
    ("<=", "reported_date_by"),
    ("<", "reported_date_before"),
    ("~", "reported_date_about"),
)
#: A day or a month of the press file ("2025-07-01", "2025-07"), maybe after a prefix.
_DAY_OR_MONTH = re.compile(r"[<=~]*\d{4}-\d{2}(-\d{2})?")


def _date_words(text: str, lang: str) -> str:
    """One date of the press file's notation (no note) in words; unknown forms unchanged."""
    for prefix, key in _DATE_PREFIXES:
        if text.startswith(prefix):
            return t(key, lang, date=_date_words(text[len(prefix) :].strip(), lang))
    start, slash, end = text.partition("/")
    if slash and _DAY_OR_MONTH.fullmatch(start) and _DAY_OR_MONTH.fullmatch(end):
        # The end of a range is its last day: "up to" adds nothing to "from … to".
        last = end.removeprefix("<=").removeprefix("~")
        return f"{_date_words(start, lang)} – {_date_words(last, lang)}"
    if match := re.fullmatch(r"(\d{4})(?:-H([12]))?( plan)?", text):
        year, half, plan = match.groups()
        when = human_period(year, lang)
        if half:
            when = t(f"reported_date_half{half}", lang, year=year)
        return t("reported_date_plan", lang, period=when) if plan else when
    return human_period(text, lang)


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
