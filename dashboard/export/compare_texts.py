"""Texts printed on the old/new comparison briefing (Vietnamese and English): default title
and subtitle, panel captions, legend rows for outlines, and the source line that names every
layer with its source, vintage and coverage.

The c. 2009–2013 old-commune layer is approximate and incomplete; the captions, legend and
footer say so on paper exactly as the compare page does on screen. Provenance and coverage
come from the build manifest (:func:`loaders.layers.pre2025_metadata`), which records them in
Vietnamese; English prints them as they are.
"""

from __future__ import annotations

from dashboard.core.i18n import LANGS
from dashboard.core.numbers import count
from dashboard.export.data import BOUNDARY_SOURCE_EN, BOUNDARY_SOURCE_VI
from dashboard.export.texts import area_name, boundary_version, nfc
from loaders.known_differences import REGISTER_VERSION

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "title_commune": "Ranh giới cấp xã trước và sau sắp xếp",
        "title_province": "Ranh giới cấp tỉnh trước và sau sắp xếp",
        "units_commune": "{before} → {after} đơn vị hành chính cấp xã",
        "units_province": "{before} → {after} tỉnh, thành phố",
        "by_area": "tô màu theo diện tích, {k} lớp phân vị chung cho cả hai thời điểm",
        "by_area_overlay": "tô màu theo diện tích, {k} lớp phân vị chung cho đơn vị cũ và mới",
        "by_n_pred": "tô màu đơn vị mới theo số đơn vị cũ hợp thành, {k} lớp phân vị",
        "no_colour": "không tô màu",
        "overlay": "đơn vị mới tô màu, ranh giới cũ nét đứt",
        "old": "Trước 01/07/2025",
        "new": "Từ 01/07/2025",
        "overlay_caption": "Đơn vị từ 01/07/2025 (tô màu) và ranh giới cũ (nét đứt)",
        "old_commune_note": "{drawn}/{total} xã cũ có đa giác xấp xỉ (khoảng 2009–2013), "
        "{missing} không vẽ được",
        "old_province_note": "63 tỉnh, thành phố (ranh giới năm 2023)",
        "new_commune_note": "{n} đơn vị cấp xã (ranh giới chính thức)",
        "new_province_note": "34 tỉnh, thành phố",
        "count_old": "Trước",
        "count_new": "Sau",
        "area": "Diện tích",
        "n_pred": "Số đơn vị cũ hợp thành",
        "units": "Đơn vị hành chính",
        "not_coloured": "Đơn vị cũ (không tô màu)",
        "neutral": "Đơn vị (không tô màu)",
        "old_commune_line": "Ranh giới xã cũ (xấp xỉ)",
        "old_district_line": "Ranh giới huyện cũ (2023)",
        "province_line": "Ranh giới tỉnh",
        "old_province_line": "Ranh giới tỉnh cũ",
        "part_line": "Xã cũ bị tách / xã mới nhận phần tách",
        "counts_note": "Số bên phải: số đơn vị trong lớp",
        "approx_note": "Diện tích xã cũ: tính từ đa giác xấp xỉ",
        "missing_note": "Gạch chéo (bản đồ trước 2025): không có đa giác xã cũ",
        "source": "đơn vị từ 01/07/2025: {new}; danh mục và nguồn gốc đơn vị: {register}",
        "old_layers": "Lớp trước 01/07/2025: xã cũ: {c_prov}, {c_vintage}, {c_cov}; "
        "tỉnh, huyện cũ: {p_prov}, năm {p_vintage} ({p_cov}, {d_cov})",
        "boundary": "trước 01/07/2025 (tỉnh, huyện: {p_vintage}; xã: khoảng 2009–2013, "
        "xấp xỉ) và từ 01/07/2025 ({new})",
        "honesty": "Ranh giới xã cũ là đa giác xấp xỉ, không phải ranh giới chính thức; "
        "đơn vị cũ không có đa giác không được vẽ.",
        "filled": "Vẽ bằng ranh giới năm khác vì nguồn không có ranh giới cũ: {names}.",
        "qd_hoang_sa": "QĐ. Hoàng Sa",
        "qd_truong_sa": "QĐ. Trường Sa",
        "islands_from_2025": "Hoàng Sa, Trường Sa vẽ từ lớp ranh giới 2025",
    },
    "en": {
        "title_commune": "Commune-level boundaries before and after the reorganisation",
        "title_province": "Province boundaries before and after the reorganisation",
        "units_commune": "{before} → {after} commune-level units",
        "units_province": "{before} → {after} provinces",
        "by_area": "coloured by area, {k} quantile classes shared by both dates",
        "by_area_overlay": "coloured by area, {k} quantile classes shared by old and new units",
        "by_n_pred": "new units coloured by the number of old units merged, {k} quantile classes",
        "no_colour": "not coloured",
        "overlay": "new units filled, old boundaries dashed",
        "old": "Before 1 July 2025",
        "new": "From 1 July 2025",
        "overlay_caption": "Units from 1 July 2025 (filled) and old boundaries (dashed)",
        "old_commune_note": "{drawn}/{total} old units have an approximate polygon "
        "(c. 2009–2013), {missing} not drawn",
        "old_province_note": "63 provinces (2023 boundaries)",
        "new_commune_note": "{n} commune-level units (official boundaries)",
        "new_province_note": "34 provinces",
        "count_old": "Before",
        "count_new": "After",
        "area": "Area",
        "n_pred": "Old units merged",
        "units": "Administrative units",
        "not_coloured": "Old units (not coloured)",
        "neutral": "Units (not coloured)",
        "old_commune_line": "Old commune boundary (approximate)",
        "old_district_line": "Old district boundary (2023)",
        "province_line": "Province boundary",
        "old_province_line": "Old province boundary",
        "part_line": "Split old unit / new unit with a split part",
        "counts_note": "Right: number of units in the class",
        "approx_note": "Old commune areas: from approximate polygons",
        "missing_note": "Hatched (pre-2025 map): no old commune polygon",
        "source": "units from 1 July 2025: {new}; register and lineage: {register}",
        "old_layers": "Layers before 1 July 2025: old communes: {c_prov}, {c_vintage}, {c_cov}; "
        "old provinces and districts: {p_prov}, {p_vintage} ({p_cov}, {d_cov})",
        "boundary": "before 1 July 2025 (provinces, districts: {p_vintage}; communes: "
        "c. 2009–2013, approximate) and from 1 July 2025 ({new})",
        "honesty": "Old commune boundaries are approximate polygons, not official boundaries; "
        "old units without a polygon are not drawn.",
        "filled": "Drawn with an outline of another year, as the source has no older one: {names}.",
        "qd_hoang_sa": "Hoàng Sa archipelago",
        "qd_truong_sa": "Trường Sa archipelago",
        "islands_from_2025": "Hoàng Sa and Trường Sa drawn from the 2025 layer",
    },
}


def ct(key: str, lang: str = "vi", **fmt: object) -> str:
    """The comparison string ``key`` in ``lang`` (NFC), formatted with ``fmt``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    text = STRINGS[lang][key]
    return nfc(text.format(**fmt) if fmt else text)


def compare_title(level: str, province_full_name: str | None, lang: str = "vi") -> str:
    """ "Ranh giới cấp xã trước và sau sắp xếp — tỉnh Cao Bằng" (commune level) or
    "Ranh giới cấp tỉnh trước và sau sắp xếp — toàn quốc" (province level)."""
    area = area_name(province_full_name if level == "commune" else None, lang)
    return f"{ct(f'title_{level}', lang)} — {area}"


def compare_subtitle(
    level: str, before: int, after: int, metric: str, k: int, overlay: bool, lang: str = "vi"
) -> str:
    """Unit counts and how the maps are coloured, e.g. "161 → 56 đơn vị hành chính cấp xã ·
    tô màu theo diện tích, 5 lớp phân vị chung cho cả hai thời điểm"."""
    parts = [ct(f"units_{level}", lang, before=count(before, lang), after=count(after, lang))]
    if metric == "area" and k:
        parts.append(ct("by_area_overlay" if overlay else "by_area", lang, k=k))
    elif metric == "n_pred" and k:
        parts.append(ct("by_n_pred", lang, k=k))
    else:
        parts.append(ct("no_colour", lang))
    if overlay:
        parts.append(ct("overlay", lang))
    return " · ".join(parts)


def compare_source(meta: dict[str, dict], lang: str = "vi") -> tuple[str, str]:
    """The source line (2025 layer and register) and the line naming the pre-2025 layers
    with their source, vintage and coverage (from the build manifest). Two lines, so that
    each wraps within the footer's three-line limit even on A4 portrait."""
    communes = meta.get("communes_c2011", {})
    provinces = meta.get("provinces_pre2025", {})
    districts = meta.get("districts_pre2025", {})
    new = BOUNDARY_SOURCE_VI if lang == "vi" else BOUNDARY_SOURCE_EN
    old = ct(
        "old_layers",
        lang,
        c_prov=communes.get("provenance", "?"),
        c_vintage=communes.get("vintage", "?"),
        c_cov=communes.get("coverage", "?"),
        p_prov=provinces.get("provenance", "?"),
        p_vintage=provinces.get("vintage", "?"),
        p_cov=provinces.get("coverage", "?"),
        d_cov=districts.get("coverage", "?"),
    )
    return ct("source", lang, new=new, register=REGISTER_VERSION), old


def compare_boundary(meta: dict[str, dict], lang: str = "vi") -> str:
    """Both boundary versions the page shows, for the footer's boundary field."""
    vintage = meta.get("provinces_pre2025", {}).get("vintage", "?")
    return ct("boundary", lang, p_vintage=vintage, new=boundary_version(lang))
