"""What a click on a compare map means for the page state (pure, testable without a browser).

The map component returns the official code of the clicked unit, and the page knows which
map it came from: the old map (left, side by side) holds pre-2025 units, the new map (right,
or the overlay) 2025 units. Old and new commune codes overlap (many 2025 communes kept an old
code), so the side decides what a code means, never the code alone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping


def click_updates(
    side: str,
    code: str | None,
    *,
    level: str,
    province_codes: Collection[str],
    new_unit_province: Mapping[str, str],
    old_unit_province: Mapping[str, str],
    old_province_new: Mapping[str, str],
) -> dict[str, str | None]:
    """Session-state updates for a click on ``code`` on the ``side`` ("old" | "new") map.

    At province level a province is picked (an old province picks the one it went into). At
    commune level a new unit is picked with its province, or an old unit (the other pick is
    let go: one lineage at a time). Unknown codes change nothing.
    """
    if not code:
        return {}
    if level == "province":
        target = code if side == "new" else old_province_new.get(code)
        return {"cmp_province": target} if target in province_codes else {}
    if side == "new" and code in new_unit_province:
        return {
            "cmp_province": new_unit_province[code],
            "cmp_new_code": code,
            "cmp_old_code": None,
        }
    if side == "old" and code in old_unit_province:
        # The old map shows the old units that went (wholly or in part) into the province
        # shown: the province stays, even for a unit split with another province.
        return {"cmp_old_code": code, "cmp_new_code": None}
    return {}
