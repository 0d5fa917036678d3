"""Numbers and coverage sentences shared by the screen and the print exports (vi/en).

How many communes an aggregated value rests on ("3/56 xã, phường có số liệu"), the legend row
of partial units and the footer lines of an export: one wording for the map, its side panel,
the trend chart and the printed maps.
"""

from __future__ import annotations

from collections.abc import Mapping

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
