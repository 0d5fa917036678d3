"""Dates, periods and coverage sentences shared by the screen and the print exports (vi/en).

Numbers themselves are written by :mod:`dashboard.core.numbers`; the dates and data periods
here are the only ones the app writes (screen, tables and print).

How many communes an aggregated value rests on ("3/56 xã, phường có số liệu"), the legend row
of partial units and the footer lines of an export: one wording for the map, its side panel,
the trend chart and the printed maps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from dashboard.core.i18n import LANGS, t
from dashboard.core.numbers import percent


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`; raises ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    return lang


#: Month names in English, January first.
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(day: date, lang: str = "vi") -> str:
    """A date as people write it: "5 tháng 12, 2026" (vi), "5 December 2026" (en)."""
    if check_lang(lang) == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day} tháng {day.month}, {day.year}"


def human_timestamp(text: object, lang: str = "vi") -> str:
    """An ISO timestamp (a manifest's ``built_at``) as "5 December 2026, 00:59 UTC" (en) or
    "5 tháng 12, 2026, 00:59 (giờ UTC)" (vi); "—" when it is missing or not a timestamp."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{human_date(moment.date(), lang)}, {t('time.utc', lang, clock=f'{moment:%H:%M}')}"


_ROMAN = ("I", "II", "III", "IV")


def human_period(period: str | None, lang: str = "vi") -> str:
    """A data period for people, on screen and on print.

    ``2026-10`` → "tháng 10/2026" / "October 2026"; a day ``2026-10-05`` or ``05/10/2026``
    → :func:`human_date` ("5 tháng 10, 2026" / "5 October 2026"); ``2026-Q3`` → "quý
    III/2026" / "Q3 2026"; ``2026-W42`` → "tuần 42/2026" / "week 42, 2026"; ``2026`` →
    "năm 2026" / "2026"; None → ""; anything else unchanged (already human-readable)."""
    lang = check_lang(lang)
    text = unicodedata.normalize("NFC", str(period or "")).strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return f"{MONTHS_EN[month - 1]} {year}" if lang == "en" else f"tháng {month}/{year}"
        return text
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dmy = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if iso or dmy:
        year, month, day = iso.groups() if iso else dmy.groups()[::-1]
        try:
            return human_date(date(int(year), int(month), int(day)), lang)
        except ValueError:
            return text
    if match := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text):
        year, quarter = int(match[1]), int(match[2])
        return f"Q{quarter} {year}" if lang == "en" else f"quý {_ROMAN[quarter - 1]}/{year}"
    if match := re.fullmatch(r"(\d{4})-?[Ww](\d{1,2})", text):
        year, week = int(match[1]), int(match[2])
        return f"week {week}, {year}" if lang == "en" else f"tuần {week}/{year}"
    if re.fullmatch(r"\d{4}", text):
        return text if lang == "en" else f"năm {text}"
    return text


def period_range(periods: Sequence[str], lang: str = "vi") -> str:
    """The periods of a metric (oldest first) for people: one, two, or "first – last"."""
    labels = [human_period(p, lang) for p in periods]
    if len(labels) > 2:
        return f"{labels[0]} – {labels[-1]}"
    return ", ".join(labels)


def coverage_text(n_with_data: int, n_units: int, lang: str = "vi") -> str:
    """ "3/56 xã, phường có số liệu" / "3/56 communes with data": how many communes an
    aggregated (province or country) value rests on."""
    return t("coverage.communes", check_lang(lang), n=n_with_data, count=n_units)


def partial_label(threshold: float, lang: str = "vi") -> str:
    """The legend row of units drawn hatched as partial: fewer than ``threshold`` percent of
    their communes have data, so the value is not drawn as a full one."""
    return t("coverage.partial_units", lang, share=percent(threshold, check_lang(lang), 2))


def partial_provinces_note(n_incomplete: int, n_provinces: int, lang: str = "vi") -> str:
    """ "2/34 tỉnh, thành phố tính từ số liệu chưa đủ" / "2 of 34 provinces from partial
    data": province values computed from fewer than all their communes."""
    return t("coverage.partial_provinces", check_lang(lang), n=n_incomplete, count=n_provinces)


def coverage_notes(
    coverage: Mapping[str, tuple[int, int]],
    names: Mapping[str, str],
    lang: str = "vi",
    *,
    provinces: bool,
    limit: int = 6,
) -> tuple[str, ...]:
    """Footer lines of a print export saying what an aggregate rests on.

    ``coverage``: code → (communes with data, communes) of every unit mapped (provinces
    when ``provinces``; else one province or the country as a single entry). Returns no
    line when every value rests on all its communes; else the count of provinces from
    partial data and, for up to ``limit`` of them, "Tỉnh Cao Bằng: 3/56 xã, phường có số
    liệu"; or, for one area, "Số liệu: 3/56 xã, phường có số liệu".
    """
    partial = {c: nN for c, nN in coverage.items() if 0 < nN[0] < nN[1]}
    if not partial:
        return ()
    if not provinces:
        ((n, total),) = partial.values()
        return (f"{t('coverage.data', lang)}: {coverage_text(n, total, lang)}",)
    listed = sorted(partial, key=lambda c: partial[c][0] / partial[c][1])[:limit]
    parts = [f"{names.get(c, c)}: {coverage_text(*partial[c], lang)}" for c in listed]
    if len(partial) > limit:
        parts.append("…")
    return (f"{partial_provinces_note(len(partial), len(coverage), lang)} — {'; '.join(parts)}",)
