"""Notes shown where a unit's area measured from its boundary and the published figure differ.

``area_km2`` of the built layers is measured from the polygons in an equal-area projection
(:data:`loaders.areas.AREA_CRS`, km²); ``area_km2_published`` is the published figure (km²).
Where they differ by more than 5 % (:data:`loaders.areas.THRESHOLD`) the detail panel, the
province summary and the print exports show both, with why (:func:`loaders.areas.
discrepancy_reason`). Pure functions, no Streamlit: the pages and exports call them.
"""

from __future__ import annotations

import pandas as pd

from dashboard.core.i18n import t
from dashboard.core.numbers import with_unit
from loaders.areas import area_differences, differs, discrepancy_reason

#: The metric key whose print exports get the area notes.
AREA_METRIC = "area_km2"

#: Reasons a difference is explained by (keys of
#: :func:`loaders.areas.discrepancy_reason`); each has an "area.reason_…" text.
_REASONS = ("sea", "bac_lieu", "published", "province")

#: Reasons whose units are named ("area.who_…") in the one-line summary of a print export.
_WHO = ("sea", "bac_lieu")


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "vi"


def km2(value: float, lang: str = "vi") -> str:
    """ "4.208 km²" / "11,8 km²" (vi), "4,208 km²" / "11.8 km²" (en); one decimal under
    100 km²."""
    return with_unit(value, "km²", _lang(lang), 0 if abs(float(value)) >= 100 else 1)


def reason_text(reason: str, lang: str = "vi") -> str:
    """The short explanation of a reason key of :func:`loaders.areas.discrepancy_reason` (or
    ``"province"``)."""
    return t(f"area.reason_{reason if reason in _REASONS else 'published'}", _lang(lang))


def unit_area_note(code: str, measured: float, published: float | None, lang: str = "vi") -> str:
    """The panel note of commune ``code`` when its measured and published areas (km²) differ
    by more than 5 %, else ""."""
    if published is None or pd.isna(published) or not differs(measured, published):
        return ""
    return t(
        "area.both",
        _lang(lang),
        measured=km2(measured, lang),
        published=km2(published, lang),
        reason=reason_text(discrepancy_reason(code), lang),
    )


def province_area_note(measured: float, published: float | None, lang: str = "vi") -> str:
    """The province summary's note when its measured area and the sum of its communes'
    published areas (km²) differ by more than 5 %, else ""."""
    if published is None or pd.isna(published) or not differs(measured, published):
        return ""
    return t(
        "area.both",
        _lang(lang),
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
    frame = pd.DataFrame(units).drop(columns="geometry", errors="ignore")
    frame = frame.assign(name=frame.get("full_name", frame.get("name")))
    off = area_differences(frame)
    if off.empty:
        return ()
    provinces = frame["code"].astype(str).str.len().eq(2).all()
    if len(off) <= limit:
        return tuple(
            t(
                "area.short",
                lang,
                name=row.name,
                measured=km2(row.area_km2, lang),
                published=km2(row.area_km2_published, lang),
                reason=reason_text("province" if provinces else row.reason, lang),
            )
            for row in off.itertuples()
        )
    examples = "; ".join(
        t(
            "area.pair",
            lang,
            name=row.name,
            measured=km2(row.area_km2, lang),
            published=km2(row.area_km2_published, lang),
        )
        for row in off.head(limit).itertuples()
    )
    reasons = [] if provinces else [r for r in dict.fromkeys(off["reason"]) if r in _WHO]
    why = "; ".join(f"{t(f'area.who_{r}', lang)}: {reason_text(r, lang)}" for r in reasons)
    lines = [t("area.many", lang, count=len(off), examples=examples)]
    return tuple(lines + ([why + "."] if why else []))
