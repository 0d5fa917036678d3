"""Numbers and coverage sentences shared by the screen and the print exports (vi/en).

How many communes an aggregated value rests on ("3/56 xã, phường có số liệu"), the legend row
of partial units and the footer lines of an export: one wording for the map, its side panel,
the trend chart and the printed maps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from dashboard.core.i18n import LANGS


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`; raises ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    return lang


def _count(n: int, lang: str) -> str:
    """A whole number with the thousands mark of ``lang``: 3.321 (vi), 3,321 (en)."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "vi" else text


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
    clock = f"{moment:%H:%M}"
    suffix = f"{clock} UTC" if lang == "en" else f"{clock} (giờ UTC)"
    return f"{human_date(moment.date(), lang)}, {suffix}"


def whole_number(n: int, lang: str = "vi") -> str:
    """A whole number with the thousands mark of ``lang``: 3.321 (vi), 3,321 (en)."""
    return _count(n, lang)


def human_period(period: str, lang: str = "vi") -> str:
    """A data period for people: a month ``2025-07`` as "tháng 7/2025" (vi) or "July 2025"
    (en), a day ``2025-07-01`` or ``01/07/2025`` as :func:`human_date`; others as they are."""
    text = str(period).strip()
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            if check_lang(lang) == "en":
                return f"{MONTHS_EN[month - 1]} {year}"
            return f"tháng {month}/{year}"
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    dmy = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text)
    if iso or dmy:
        year, month, day = iso.groups() if iso else dmy.groups()[::-1]
        try:
            return human_date(date(int(year), int(month), int(day)), lang)
        except ValueError:
            return text
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
    n, total = _count(n_with_data, lang), _count(n_units, lang)
    if check_lang(lang) == "vi":
        return f"{n}/{total} xã, phường có số liệu"
    return f"{n}/{total} communes with data"


def partial_label(threshold: float, lang: str = "vi") -> str:
    """The legend row of units drawn hatched as partial: fewer than ``threshold`` percent of
    their communes have data, so the value is not drawn as a full one."""
    share = f"{threshold:g}".replace(".", ",") if lang == "vi" else f"{threshold:g}"
    if check_lang(lang) == "vi":
        return f"Số liệu < {share} % xã, phường"
    return f"Data for < {share} % of communes"


def partial_provinces_note(n_incomplete: int, n_provinces: int, lang: str = "vi") -> str:
    """ "2/34 tỉnh, thành phố tính từ số liệu chưa đủ" / "2 of 34 provinces from partial
    data": province values computed from fewer than all their communes."""
    if check_lang(lang) == "vi":
        return f"{n_incomplete}/{n_provinces} tỉnh, thành phố tính từ số liệu chưa đủ xã, phường"
    return f"{n_incomplete} of {n_provinces} provinces from partial data"


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
        return (f"{'Số liệu' if lang == 'vi' else 'Data'}: {coverage_text(n, total, lang)}",)
    listed = sorted(partial, key=lambda c: partial[c][0] / partial[c][1])[:limit]
    parts = [f"{names.get(c, c)}: {coverage_text(*partial[c], lang)}" for c in listed]
    if len(partial) > limit:
        parts.append("…")
    return (f"{partial_provinces_note(len(partial), len(coverage), lang)} — {'; '.join(parts)}",)
