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
    "1 tháng 7, 2025", "~2025-08" → "khoảng tháng 8/2025" (more in :func:`as_of_text`). No
    date: "không rõ ngày" / "date unknown" (never an empty pair of brackets)."""
    return _when(day, lang)[0]


def as_of_text(day: object, lang: str = "vi") -> str:
    """When a figure held, as a phrase: "thời điểm 1 tháng 7, 2025" / "as of 1 July 2025".

    The press file's bounds, spans and plans carry their own words instead: "<=2025-09-22" →
    "tính đến 22 tháng 9, 2025" / "by 22 September 2025"; "<2025-07-01" → "trước …" /
    "before …"; "2025-07-01/2025-07-21" → "từ … đến …" / "from … to …"; "2025 plan" → "kế
    hoạch năm 2025" / "plan for 2025". "2025-H1" is "6 tháng đầu năm 2025" / "the first half
    of 2025". A note in brackets stays as written ("(hiện nay)"), but "(not stated)" is said in
    ``lang``; a form not known here is shown as written."""
    words, led = _when(day, lang)
    return words if led else t("reported_as_of", lang, date=words)


#: The press file's date prefixes → their words, and whether those lead the phrase.
_DATE_PREFIXES = (
    ("<=", "reported_date_by", True),
    ("<", "reported_date_before", True),
    ("~", "reported_date_about", False),
)
#: A day or a month of the press file ("2025-07-01", "2025-07"), maybe after a prefix.
_DAY_OR_MONTH = re.compile(r"[<=~]*\d{4}-\d{2}(-\d{2})?")


def _when(day: object, lang: str) -> tuple[str, bool]:
    """(the date's words, whether they lead a phrase themselves: "tính đến …", "từ … đến …")."""
    missing = day is None or (not isinstance(day, str) and bool(pd.isna(day)))
    text = "" if missing else str(day).strip()
    main, _, note = text.partition("(")
    note = note.removesuffix(")").strip()
    if note.lower() == "not stated":
        note = t("reported_date_not_stated", lang)
    words, led = _date_words(main.strip(), lang)
    return (f"{words} ({note})" if note else words), led


def _date_words(text: str, lang: str) -> tuple[str, bool]:
    """One date of the press file's notation (without its note) in words, as :func:`_when`."""
    if not text:
        return t("reported_date_unknown", lang), False
    for prefix, key, led in _DATE_PREFIXES:
        if text.startswith(prefix):
            return t(key, lang, date=_date_words(text[len(prefix) :].strip(), lang)[0]), led
    start, slash, end = text.partition("/")
    if slash and _DAY_OR_MONTH.fullmatch(start) and _DAY_OR_MONTH.fullmatch(end):
        # A span's end is its last day: "up to" adds nothing to "from … to" ("about" does).
        words = (_date_words(part, lang)[0] for part in (start, end.removeprefix("<=")))
        return t("reported_date_range", lang, start=next(words), end=next(words)), True
    if match := re.fullmatch(r"(\d{4})(?:-H([12]))?( plan)?", text):
        year, half, plan = match.groups()
        when = t(f"reported_date_half{half}", lang, year=year) if half else human_period(year, lang)
        return (t("reported_date_plan", lang, period=when), True) if plan else (when, False)
    return human_period(text, lang), False


#: The press file's own marks in a province label: "[inferred]", "(pre-merger; 2023)",
#: "(not stated)" (other text in brackets is the label's own and stays).
_LABEL_MARKS = re.compile(r"\[inferred\]|\((?:pre-merger[^)]*|not stated)\)", re.IGNORECASE)
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
