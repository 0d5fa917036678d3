"""The one lookup of user-facing texts, :func:`t`, and the names of unit types per language.

The texts are in :data:`dashboard.core.texts.CATALOGUE` (Vietnamese in NFC with full
diacritics, and English). A missing key raises ``KeyError``: tests render every page in
both languages and check every key the code names, so a typo fails a test instead of
showing a raw key to users.
"""

from __future__ import annotations

import unicodedata

from dashboard.core.numbers import count as format_count
from dashboard.core.numbers import is_number, number
from dashboard.core.texts import CATALOGUE, DEFAULT_LANG, LANGS
from loaders.messages import render

__all__ = ["CATALOGUE", "DEFAULT_LANG", "LANGS", "t"]


def plural_form(n: float, lang: str) -> str:
    """The plural category of ``n`` in ``lang``: English "one" for exactly 1, else "other"
    (Vietnamese has only "other")."""
    return "one" if lang == "en" and n == 1 else "other"


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text ``key`` of :data:`CATALOGUE` in ``lang``, NFC, filled with ``params``.

    Numbers among ``params`` are written in the format of ``lang`` (whole numbers with
    :func:`~dashboard.core.numbers.count`, others with one decimal); pass a preformatted
    string for anything else. An entry with plural forms picks its form by the ``count``
    parameter ("1 team", "2 teams"). The data layer's "data." messages are worded by
    :func:`loaders.messages.render` (their parameters may be messages themselves). An
    unknown key or language raises.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    if key.startswith("data."):
        return unicodedata.normalize("NFC", render(key, lang, **params))
    text = CATALOGUE[key][lang]
    if not isinstance(text, str):
        text = text[plural_form(float(params["count"]), lang)]  # type: ignore[arg-type]
    if params:
        shown = {name: _param(value, lang) for name, value in params.items()}
        text = text.format(**shown)
    return unicodedata.normalize("NFC", text)


def _param(value: object, lang: str) -> object:
    if not is_number(value):
        return value
    whole = float(value).is_integer()  # type: ignore[arg-type]
    return format_count(value, lang) if whole else number(value, lang, 1)


#: Unit types as they appear in the data, and their English names.
UNIT_TYPES_EN = {
    "Xã": "Commune",
    "Phường": "Ward",
    "Đặc khu": "Special zone",
    "Thị trấn": "Township",
    "Tỉnh": "Province",
    "Thành phố": "City",
    "Huyện": "District",
    "Quận": "Urban District",
    "Thị xã": "Town",
}


def unit_type_label(unit_type: str, lang: str = DEFAULT_LANG) -> str:
    """``"Xã"`` in Vietnamese, ``"Commune"`` in English."""
    return UNIT_TYPES_EN.get(unit_type, unit_type) if lang == "en" else unit_type


def unit_label(name: str, unit_type: str, lang: str = DEFAULT_LANG) -> str:
    """A unit's display name: ``"Xã Ba Chẽ"`` / ``"Ba Chẽ Commune"``, keeping diacritics.

    English keeps the Vietnamese proper name with its diacritics (as official English
    documents do) and only translates the unit type.
    """
    if lang == "en":
        return f"{name} {UNIT_TYPES_EN.get(unit_type, unit_type)}".strip()
    return f"{unit_type} {name}".strip()


def province_label(full_name: str, lang: str = DEFAULT_LANG) -> str:
    """``"Tỉnh Cao Bằng"`` / ``"Cao Bằng Province"``; ``"Thành phố Huế"`` / ``"Huế City"``;
    a district's full name too (``"Huyện Hòa An"`` / ``"Hòa An District"``)."""
    if lang != "en":
        return full_name
    for prefix in sorted(UNIT_TYPES_EN, key=len, reverse=True):
        if full_name.lower().startswith(prefix.lower() + " "):
            return f"{full_name[len(prefix) + 1 :]} {UNIT_TYPES_EN[prefix]}"
    return full_name
