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
from loaders.known_differences import BOUNDARY_VERSION, BOUNDARY_VERSION_EN

#: Fixed labels per language.
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "no_data": "Không có số liệu",
        "sample": "DỮ LIỆU MẪU",
        "sample_note": "Số liệu minh họa, không dùng cho báo cáo chính thức",
        "source": "Nguồn",
        "period": "Kỳ số liệu",
        "boundary": "Ranh giới hành chính",
        "exported": "Xuất ngày",
        "north": "B",
        "scale": "Tỷ lệ",
        "scale_at": "đúng ở vĩ độ {lat}°B",
        "counts_note": "Số bên phải: số đơn vị trong lớp",
        "country": "toàn quốc",
        "inset_scale": "khung phụ, tỷ lệ khác",
        "hoang_sa": "Đặc khu Hoàng Sa (TP. Đà Nẵng)",
        "truong_sa": "Đặc khu Trường Sa (tỉnh Khánh Hòa)",
    },
    "en": {
        "no_data": "No data",
        "sample": "SAMPLE DATA",
        "sample_note": "Illustrative figures, not for official reporting",
        "source": "Source",
        "period": "Data period",
        "boundary": "Administrative boundaries",
        "exported": "Exported",
        "north": "N",
        "scale": "Scale",
        "scale_at": "true at latitude {lat}°N",
        "counts_note": "Right: number of units in the class",
        "country": "Viet Nam",
        "inset_scale": "inset, different scale",
        "hoang_sa": "Hoàng Sa special zone (Đà Nẵng)",
        "truong_sa": "Trường Sa special zone (Khánh Hòa)",
    },
}

#: Names of the classification schemes of :mod:`dashboard.core.classify`, for subtitles.
SCHEME_NAMES: dict[str, dict[str, str]] = {
    "vi": {
        "quantiles": "phân vị",
        "equal_interval": "khoảng đều",
        "natural_breaks": "ngắt tự nhiên (Jenks)",
        "manual": "ngưỡng tự chọn",
    },
    "en": {
        "quantiles": "quantiles",
        "equal_interval": "equal intervals",
        "natural_breaks": "natural breaks (Jenks)",
        "manual": "manual breaks",
    },
}

_UNIT_TYPES_EN = {"Xã": "communes", "Phường": "wards", "Đặc khu": "special zones"}


def nfc(text: str | None) -> str:
    """``text`` in Unicode NFC ('' for None)."""
    return unicodedata.normalize("NFC", text or "")


def label(key: str, lang: str = "vi") -> str:
    """A fixed label (see :data:`LABELS`) in ``lang``."""
    return LABELS[_lang(lang)][key]


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
            lines.append(f"{label('source', self.lang)}: {self.source}")
        parts = []
        if self.period:
            parts.append(f"{label('period', self.lang)}: {self.period}")
        parts.append(f"{label('boundary', self.lang)}: {self.boundary_version}")
        parts.append(f"{label('exported', self.lang)} {human_date(day, self.lang)}")
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
        return label("country", lang)
    full = nfc(province_full_name).strip()
    for prefix, english in (("Tỉnh ", "province"), ("Thành phố ", "city")):
        if full.startswith(prefix):
            name = full[len(prefix) :]
            return f"{prefix.strip().lower()} {name}" if lang == "vi" else f"{name} {english}"
    return full


def default_title(metric_label: str, area: str, period: str = "") -> str:
    """ "Diện tích tự nhiên — tỉnh Cao Bằng — tháng 10/2026" (parts joined by em dashes)."""
    return " — ".join(nfc(p) for p in (metric_label, area, period) if p)


#: The claim added to a quantile subtitle when the classes' counts really are about equal
#: (:func:`counts_about_equal`).
EQUAL_COUNTS_CLAIM = {
    "vi": "số đơn vị mỗi lớp gần bằng nhau",
    "en": "about equal numbers of units per class",
}


def unit_summary(unit_types: list[str], lang: str = "vi", provinces: bool = False) -> str:
    """ "56 đơn vị cấp xã: 50 xã, 6 phường" from the unit types of the mapped units;
    with ``provinces`` (a map of provinces, e.g. the 34-province country view) "34 tỉnh,
    thành phố" / "34 provinces": provinces are never called communes."""
    lang = _lang(lang)
    if provinces:
        n = len(unit_types)
        return f"{n} tỉnh, thành phố" if lang == "vi" else f"{n} provinces"
    counts: dict[str, int] = {}
    for kind in unit_types:
        counts[nfc(kind)] = counts.get(nfc(kind), 0) + 1
    order = sorted(counts, key=lambda k: (-counts[k], k))
    total = sum(counts.values())
    if lang == "vi":
        parts = ", ".join(f"{counts[k]} {k.lower()}" for k in order)
        return f"{total} đơn vị hành chính cấp xã: {parts}"
    parts = ", ".join(f"{counts[k]} {_UNIT_TYPES_EN.get(k, k)}" for k in order)
    return f"{total} commune-level units: {parts}"


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
        each = "mỗi giá trị một lớp" if lang == "vi" else "one class per value"
        return f"{summary} · {each}"
    scheme_name = SCHEME_NAMES[lang].get(scheme, scheme)
    if scheme == "quantiles" and counts is not None and counts_about_equal(counts):
        scheme_name = f"{scheme_name} ({EQUAL_COUNTS_CLAIM[lang]})"
    fewer = fewer_classes_text(k, k_asked or 0, lang)
    if lang == "vi":
        classes = f"{fewer or f'{k} lớp'} theo {scheme_name}"
        if national_breaks:
            classes += ", ngưỡng toàn quốc"
    else:
        classes = f"{fewer or f'{k} classes'}, {scheme_name}"
        if national_breaks:
            classes += ", national breaks"
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
    if _lang(lang) == "vi":
        return f"{k} lớp (yêu cầu {k_asked}: dữ liệu chỉ đủ cho {k})"
    return f"{k} classes ({k_asked} asked; the data allow only {k})"
