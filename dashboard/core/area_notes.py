"""Notes shown where a unit's area measured from its boundary and the published figure differ.

``area_km2`` of the built layers is measured from the polygons in an equal-area projection
(:data:`loaders.areas.AREA_CRS`, km²); ``area_km2_published`` is the published figure (km²).
Where they differ by more than 5 % (:data:`loaders.areas.THRESHOLD`) the detail panel, the
province summary and the print exports show both, with why (:func:`loaders.areas.
discrepancy_reason`). Pure functions, no Streamlit: the pages and exports call them.
"""

from __future__ import annotations

import pandas as pd

from dashboard.core.numbers import with_unit
from loaders.areas import area_differences, differs, discrepancy_reason

#: The metric key whose print exports get the area notes.
AREA_METRIC = "area_km2"

_REASONS = {
    "sea": {
        "vi": "ranh giới đặc khu bao gồm cả vùng biển quanh các đảo",
        "en": "the special zone's boundary takes in the sea around the islands",
    },
    "bac_lieu": {
        "vi": "số liệu công bố của các xã, phường thuộc tỉnh Bạc Liêu cũ bị sai, thấp hơn nhiều "
        "so với ranh giới",
        "en": "the published figures of the former Bạc Liêu province's communes are wrong, far "
        "below their boundaries",
    },
    "published": {
        "vi": "số liệu công bố không khớp với ranh giới",
        "en": "the published figure does not match the boundary",
    },
    "province": {
        "vi": "tổng số liệu công bố của các xã, phường",
        "en": "the sum of its communes' published figures",
    },
}

#: Who a reason applies to, in the one-line summary of a print export.
_WHO = {
    "sea": {"vi": "Hoàng Sa, Trường Sa", "en": "Hoàng Sa, Trường Sa"},
    "bac_lieu": {"vi": "Bạc Liêu cũ", "en": "Former Bạc Liêu"},
}

_TEXTS = {
    "vi": {
        "both": "Diện tích đo từ ranh giới: {measured}; số liệu công bố: {published} ({reason}).",
        "short": "{name}: đo từ ranh giới {measured}, công bố {published} ({reason})",
        "pair": "{name} (đo {measured}, công bố {published})",
        "many": "{n} đơn vị có diện tích đo từ ranh giới lệch hơn 5 % so với số liệu công bố; "
        "lệch nhiều nhất: {examples}.",
    },
    "en": {
        "both": "Area measured from the boundary: {measured}; published figure: {published} "
        "({reason}).",
        "short": "{name}: {measured} measured from the boundary, {published} published ({reason})",
        "pair": "{name} ({measured} measured, {published} published)",
        "many": "{n} units measure more than 5% off their published area; the largest "
        "differences: {examples}.",
    },
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "vi"


def km2(value: float, lang: str = "vi") -> str:
    """ "4.208 km²" / "11,8 km²" (vi), "4,208 km²" / "11.8 km²" (en); one decimal under
    100 km²."""
    return with_unit(value, "km²", _lang(lang), 0 if abs(float(value)) >= 100 else 1)


def reason_text(reason: str, lang: str = "vi") -> str:
    """The short explanation of a reason key of :func:`loaders.areas.discrepancy_reason` (or
    ``"province"``)."""
    return _REASONS.get(reason, _REASONS["published"])[_lang(lang)]


def unit_area_note(code: str, measured: float, published: float | None, lang: str = "vi") -> str:
    """The panel note of commune ``code`` when its measured and published areas (km²) differ
    by more than 5 %, else ""."""
    if published is None or pd.isna(published) or not differs(measured, published):
        return ""
    return _TEXTS[_lang(lang)]["both"].format(
        measured=km2(measured, lang),
        published=km2(published, lang),
        reason=reason_text(discrepancy_reason(code), lang),
    )


def province_area_note(measured: float, published: float | None, lang: str = "vi") -> str:
    """The province summary's note when its measured area and the sum of its communes'
    published areas (km²) differ by more than 5 %, else ""."""
    if published is None or pd.isna(published) or not differs(measured, published):
        return ""
    return _TEXTS[_lang(lang)]["both"].format(
        measured=km2(measured, lang),
        published=km2(published, lang),
        reason=reason_text("province", lang),
    )


def print_notes(
    units: pd.DataFrame, values: pd.Series | None, lang: str = "vi", limit: int = 3
) -> tuple[str, ...]:
    """Footer lines of a print export of the area metric (``values`` named
    :data:`AREA_METRIC`); none for any other metric.

    ``units`` (communes or provinces) has ``code``, ``full_name``, ``area_km2`` and
    ``area_km2_published``. Up to ``limit`` differing units get a line each with both areas
    and why; more get one line with their count and the ``limit`` largest differences.
    """
    if values is None or values.name != AREA_METRIC or "area_km2_published" not in units:
        return ()
    lang = _lang(lang)
    texts = _TEXTS[lang]
    frame = pd.DataFrame(units).drop(columns="geometry", errors="ignore")
    frame = frame.assign(name=frame.get("full_name", frame.get("name")))
    off = area_differences(frame)
    if off.empty:
        return ()
    provinces = frame["code"].astype(str).str.len().eq(2).all()
    if len(off) <= limit:
        return tuple(
            texts["short"].format(
                name=row.name,
                measured=km2(row.area_km2, lang),
                published=km2(row.area_km2_published, lang),
                reason=reason_text("province" if provinces else row.reason, lang),
            )
            for row in off.itertuples()
        )
    examples = "; ".join(
        texts["pair"].format(
            name=row.name,
            measured=km2(row.area_km2, lang),
            published=km2(row.area_km2_published, lang),
        )
        for row in off.head(limit).itertuples()
    )
    reasons = [] if provinces else [r for r in dict.fromkeys(off["reason"]) if r in _WHO]
    why = "; ".join(f"{_WHO[r][lang]}: {reason_text(r, lang)}" for r in reasons)
    lines = [texts["many"].format(n=len(off), examples=examples)]
    return tuple(lines + ([why + "."] if why else []))
