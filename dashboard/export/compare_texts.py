"""The old/new comparison briefing's composed texts (Vietnamese and English): default title and
subtitle and the source lines that name every layer with its source, vintage and coverage.
The wording is in the catalogue under "export.compare." (:mod:`dashboard.core.texts`).

The c. 2009–2013 old-commune layer is approximate and incomplete; the captions, legend and
footer say so on paper exactly as the compare page does on screen. Provenance and coverage
come from the build manifest (:func:`loaders.layers.pre2025_metadata`), written in the
page's language by :mod:`dashboard.core.layer_texts`.
"""

from __future__ import annotations

from dashboard.core.i18n import t
from dashboard.core.layer_texts import layer_texts
from dashboard.core.numbers import count
from dashboard.export.data import BOUNDARY_SOURCE_EN, BOUNDARY_SOURCE_VI
from dashboard.export.texts import area_name, boundary_version
from loaders.known_differences import REGISTER_VERSION
from loaders.lineage import GSO, lineage_source


def compare_title(level: str, province_full_name: str | None, lang: str = "vi") -> str:
    """ "Ranh giới cấp xã trước và sau sắp xếp — tỉnh Cao Bằng" (commune level) or
    "Ranh giới cấp tỉnh trước và sau sắp xếp — toàn quốc" (province level)."""
    area = area_name(province_full_name if level == "commune" else None, lang)
    return f"{t(f'export.compare.title_{level}', lang)} — {area}"


def compare_subtitle(
    level: str, before: int, after: int, metric: str, k: int, overlay: bool, lang: str = "vi"
) -> str:
    """Unit counts and how the maps are coloured, e.g. "161 → 56 đơn vị hành chính cấp xã ·
    tô màu theo diện tích, 5 lớp phân vị chung cho cả hai thời điểm"."""
    parts = [
        t(
            f"export.compare.units_{level}",
            lang,
            before=count(before, lang),
            after=count(after, lang),
        )
    ]
    if metric == "area" and k:
        parts.append(
            t("export.compare.by_area_overlay" if overlay else "export.compare.by_area", lang, k=k)
        )
    elif metric == "n_pred" and k:
        parts.append(t("export.compare.by_n_pred", lang, k=k))
    else:
        parts.append(t("export.compare.no_colour", lang))
    if overlay:
        parts.append(t("export.compare.overlay", lang))
    return " · ".join(parts)


def compare_source(meta: dict[str, dict], lang: str = "vi") -> tuple[str, str]:
    """The source line (2025 layer and register) and the line naming the pre-2025 layers
    with their source, vintage and coverage (from the build manifest). Two lines, so that
    each wraps within the footer's three-line limit even on A4 portrait."""
    communes = layer_texts(meta, "communes_c2011", lang)
    provinces = layer_texts(meta, "provinces_pre2025", lang)
    districts = layer_texts(meta, "districts_pre2025", lang)
    new = BOUNDARY_SOURCE_VI if lang == "vi" else BOUNDARY_SOURCE_EN
    old = t(
        "export.compare.old_layers",
        lang,
        c_prov=communes["provenance"],
        c_vintage=communes["vintage"],
        c_cov=communes["coverage"],
        p_prov=provinces["provenance"],
        p_vintage=provinces["vintage"],
        p_cov=provinces["coverage"],
        d_cov=districts["coverage"],
    )
    # The lineage is the GSO's table; a declared fixture data directory may name the
    # package's converter instead, and then the line says so.
    lineage = t("export.compare.lineage_gso", lang) if lineage_source() == GSO else REGISTER_VERSION
    source = t("export.compare.source", lang, new=new, lineage=lineage, register=REGISTER_VERSION)
    return source, old


def compare_boundary(meta: dict[str, dict], lang: str = "vi") -> str:
    """Both boundary versions the page shows, for the footer's boundary field."""
    vintage = meta.get("provinces_pre2025", {}).get("vintage", "?")
    return t("export.compare.boundary", lang, p_vintage=vintage, new=boundary_version(lang))
