"""What a click on the overlay map means for the page state (pure, testable without a browser).

``st_folium`` returns the clicked feature in ``last_active_drawing``; its ``code`` property is
a 2-digit province code (province level) or a 5-digit 2025 unit code (commune level).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping


def clicked_code(value: Mapping | None) -> str | None:
    """The ``code`` of the feature in an ``st_folium`` return value, if any."""
    drawing = (value or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    return str(code) if code else None


def state_updates(
    code: str | None, province_codes: Collection[str], unit_province: Mapping[str, str]
) -> dict[str, str]:
    """Session-state updates for a clicked ``code``: a new province picks the province; a new
    unit picks the unit and its province. Unknown codes change nothing."""
    if not code:
        return {}
    if code in province_codes:
        return {"cmp_province": code}
    if code in unit_province:
        return {"cmp_province": str(unit_province[code]), "cmp_new_code": code}
    return {}
