"""Texts printed on briefing maps: default titles, periods, fixed labels (Vietnamese and English).

Every string that lands on a printed map goes through :func:`nfc`, so that text typed or read
in decomposed form (NFD, common in text copied from PDFs and macOS) embeds as the precomposed
glyphs the fonts have and extracts back as the same characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from dashboard.core.formatting import check_lang as _lang
from dashboard.core.formatting import human_date
from dashboard.core.i18n import CATALOGUE, t
from loaders.known_differences import BOUNDARY_VERSION, BOUNDARY_VERSION_EN


def nfc(text: str | None) -> str:
    """``text`` in Unicode NFC ('' for None)."""
    return unicodedata.normalize("NFC", text or "")


@dataclass(frozen=True)
class MapTexts:
    """Everything written on a briefing map besides the legend's class ranges.

    ``period`` is already human-readable ("tháng 10/2026"; see
    :func:`dashboard.core.formatting.human_period`); ``unit`` is the metric's unit ("%",
    "km²", "" for counts). ``is_sample`` puts the "DỮ LIỆU MẪU" mark on the map.
    """

    title: str
    subtitle: str = ""
    metric_label: str = ""
    unit: str = ""
    period: str = ""
    source: str = ""
    boundary_version: str = BOUNDARY_VERSION
    is_sample: bool = False
    lang: str = "vi"
    notes: tuple[str, ...] = field(default_factory=tuple)
    exported_on: date | None = None

    def __post_init__(self) -> None:
        _lang(self.lang)
        for name in (
            "title",
            "subtitle",
            "metric_label",
            "unit",
            "period",
            "source",
            "boundary_version",
        ):
            object.__setattr__(self, name, nfc(getattr(self, name)))
        object.__setattr__(self, "notes", tuple(nfc(n) for n in self.notes))

    def with_title(self, title: str | None) -> MapTexts:
        """The same texts with another title (None or blank keeps the current one)."""
        return replace(self, title=title) if title and title.strip() else self

    def legend_title(self) -> str:
        return f"{self.metric_label} ({self.unit})" if self.unit else self.metric_label

    def footer_lines(self, exported_on: date | None = None) -> list[str]:
        """Source line, then period · boundary version · export date."""
        day = self.exported_on or exported_on or date.today()
        lines = []
        if self.source:
            lines.append(f"{t('export.source', self.lang)}: {self.source}")
        parts = []
        if self.period:
            parts.append(f"{t('export.period', self.lang)}: {self.period}")
        parts.append(f"{t('export.boundary', self.lang)}: {self.boundary_version}")
        parts.append(f"{t('export.exported', self.lang)} {human_date(day, self.lang)}")
        lines.append(" · ".join(parts))
        lines.extend(self.notes)
        return lines


def boundary_version(lang: str = "vi") -> str:
    return BOUNDARY_VERSION if _lang(lang) == "vi" else BOUNDARY_VERSION_EN


def area_name(province_full_name: str | None, lang: str = "vi") -> str:
    """How the mapped area reads in a title: "tỉnh Cao Bằng", "thành phố Hà Nội",
    "toàn quốc" (English: "Cao Bằng province", "Hà Nội city", "Viet Nam").

    ``province_full_name`` is the layer's ``full_name`` ("Tỉnh Cao Bằng"); None means the
    whole country.
    """
    lang = _lang(lang)
    if not province_full_name:
        return t("export.country", lang)
    full = nfc(province_full_name).strip()
    for prefix, key in (("Tỉnh ", "export.area_province"), ("Thành phố ", "export.area_city")):
        if full.startswith(prefix):
            return t(key, lang, name=full[len(prefix) :])
    return full


def default_title(metric_label: str, area: str, period: str = "") -> str:
    """ "Diện tích tự nhiên — tỉnh Cao Bằng — tháng 10/2026" (parts joined by em dashes)."""
    return " — ".join(nfc(p) for p in (metric_label, area, period) if p)


def unit_summary(unit_types: list[str], lang: str = "vi", provinces: bool = False) -> str:
    """ "56 đơn vị cấp xã: 50 xã, 6 phường" from the unit types of the mapped units;
    with ``provinces`` (a map of provinces, e.g. the 34-province country view) "34 tỉnh,
    thành phố" / "34 provinces": provinces are never called communes."""
    lang = _lang(lang)
    if provinces:
        return t("export.n_provinces", lang, count=len(unit_types))
    counts: dict[str, int] = {}
    for kind in unit_types:
        counts[nfc(kind)] = counts.get(nfc(kind), 0) + 1
    order = sorted(counts, key=lambda k: (-counts[k], k))
    parts = ", ".join(_units_of_type(k, counts[k], lang) for k in order)
    return t("export.n_commune_level", lang, count=sum(counts.values()), parts=parts)


def _units_of_type(unit_type: str, n: int, lang: str) -> str:
    """ "50 xã" / "50 communes", "1 ward": ``n`` units of one type (an unknown type as is)."""
    key = f"export.n_{unit_type}"
    return t(key, lang, count=n) if key in CATALOGUE else f"{n} {unit_type}"


def default_subtitle(
    unit_types: list[str],
    scheme: str,
    k: int,
    lang: str = "vi",
    national_breaks: bool = False,
    *,
    counts: list[int] | tuple[int, ...] | None = None,
    k_asked: int | None = None,
    provinces: bool = False,
) -> str:
    """Units shown and how they are classed, e.g. "56 đơn vị hành chính cấp xã: 50 xã,
    6 phường · 5 lớp theo phân vị (số đơn vị mỗi lớp gần bằng nhau)".

    Claims only what is true: quantiles are said to hold about equal numbers of units only
    when the class ``counts`` are (:func:`counts_about_equal`; no claim without counts), and
    fewer classes than ``k_asked`` read "4 lớp (yêu cầu 5: dữ liệu chỉ đủ cho 4)".
    ``provinces``: the units are provinces ("34 tỉnh, thành phố").
    """
    lang = _lang(lang)
    summary = unit_summary(unit_types, lang, provinces)
    if scheme == "categorical":  # one class per category: no breaks to describe
        return summary
    if scheme == "distinct":  # few distinct values (e.g. teams 0, 1, 2): one class each
        return f"{summary} · {t('export.one_class_per_value', lang)}"
    key = f"export.scheme_{scheme}"
    scheme_name = t(key, lang) if key in CATALOGUE else scheme
    if scheme == "quantiles" and counts is not None and counts_about_equal(counts):
        scheme_name = f"{scheme_name} ({t('export.equal_counts', lang)})"
    fewer = fewer_classes_text(k, k_asked or 0, lang)
    classes = fewer or t("export.n_classes", lang, count=k)
    classes = t("export.classes_by", lang, classes=classes, scheme=scheme_name)
    if national_breaks:
        classes += f", {t('export.national_breaks', lang)}"
    return f"{summary} · {classes}"


# --- Honest classification claims ----------------------------------------------------------------

#: Quantile classes are said to hold "about equal numbers" of units only when the largest
#: class holds at most this many times the units of the smallest (ties at a break can make
#: quantile classes very unequal: 12/11/11/22 has a ratio of 2 and gets no such claim).
EQUAL_COUNTS_MAX_RATIO = 1.5


def counts_about_equal(counts: list[int] | tuple[int, ...]) -> bool:
    """True when class ``counts`` (units per class, no-data excluded) are about equal: at
    least two classes, every class non-empty and max/min ≤ :data:`EQUAL_COUNTS_MAX_RATIO`
    (a single class says nothing about equal numbers)."""
    if len(counts) < 2 or min(counts) <= 0:
        return False
    return max(counts) / min(counts) <= EQUAL_COUNTS_MAX_RATIO


def fewer_classes_text(k: int, k_asked: int, lang: str = "vi") -> str:
    """ "4 lớp (yêu cầu 5: dữ liệu chỉ đủ cho 4)" / "4 classes (5 asked; the data allow
    only 4)"; "" when the classes made are the classes asked."""
    if not k_asked or k >= k_asked:
        return ""
    return t("export.fewer_classes", _lang(lang), count=k, asked=k_asked)


def slug(text: str) -> str:
    """Text as a file-name part: ASCII letters, digits and dashes ("Cao Bằng" → "cao-bang")."""
    from unidecode import unidecode

    ascii_text = unidecode(text).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())
