"""The compare view and its URL form, so that a comparison can be shared as a link.

The view lives in ``st.session_state`` under the compare page's widget keys (:data:`KEYS`) and
in the URL's query parameters under short names (:data:`PARAMS`):
``/compare?province=01&level=commune&mode=overlay&fill=n_pred&split=1&new=00004``.
:func:`from_query` and :func:`to_query` are pure and validate everything: a value that names
nothing known is dropped (and reported, so the page can say so), a picked new unit implies its
province, a picked old unit the province it went to.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from dashboard.core.i18n import DEFAULT_LANG, LANGS
from dashboard.core.state import query_value

DEFAULT_PROVINCE = "04"  # Cao Bằng: 161 → 56
LEVELS = ("commune", "province")
MODES = ("side", "overlay")

#: Session-state key → URL parameter.
PARAMS = {
    "cmp_level": "level",
    "cmp_province": "province",
    "cmp_mode": "mode",
    "cmp_metric": "fill",
    "cmp_split_only": "split",
    "cmp_new_code": "new",
    "cmp_old_code": "old",
}
KEYS = tuple(PARAMS)
DEFAULTS: dict[str, object] = {
    "cmp_level": LEVELS[0],
    "cmp_province": DEFAULT_PROVINCE,
    "cmp_mode": MODES[0],
    "cmp_metric": "area",
    "cmp_split_only": False,
    "cmp_new_code": None,
    "cmp_old_code": None,
}
_COMMUNE_ONLY = ("cmp_split_only", "cmp_new_code", "cmp_old_code")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Known:
    """What a compare URL may name: 2025 province codes, metrics, each 2025 commune's
    province (code → code) and each old commune's 2025 province (code → code; the first,
    for an old unit split between provinces)."""

    provinces: Collection[str]
    metrics: Collection[str]
    new_unit_province: Mapping[str, str]
    old_unit_province: Mapping[str, str]


def from_query(
    params: Mapping[str, object], known: Known
) -> tuple[dict[str, object], tuple[tuple[str, str], ...]]:
    """The session-state values a URL asks for, and the ``(parameter, value)`` pairs it gave
    that name nothing known (left out of the values). Parameters not given are not set."""
    raw = {key: query_value(params[name]) for key, name in PARAMS.items() if name in params}
    raw = {key: value for key, value in raw.items() if value}
    values: dict[str, object] = {}
    dropped: list[tuple[str, str]] = []

    def take(key: str, ok: bool) -> None:
        if ok:
            values[key] = raw[key]
        else:
            dropped.append((PARAMS[key], raw[key]))

    for key, allowed in (
        ("cmp_level", LEVELS),
        ("cmp_mode", MODES),
        ("cmp_metric", known.metrics),
        ("cmp_province", known.provinces),
    ):
        if key in raw:
            take(key, raw[key] in allowed)
    if "cmp_split_only" in raw:
        flag = raw["cmp_split_only"].lower()
        if flag in _TRUE or flag in _FALSE:
            values["cmp_split_only"] = flag in _TRUE
        else:
            dropped.append((PARAMS["cmp_split_only"], raw["cmp_split_only"]))
    if "cmp_new_code" in raw:
        take("cmp_new_code", raw["cmp_new_code"] in known.new_unit_province)
        if "cmp_new_code" in values:
            values["cmp_province"] = known.new_unit_province[raw["cmp_new_code"]]
    if "cmp_old_code" in raw:
        take("cmp_old_code", raw["cmp_old_code"] in known.old_unit_province)
        if "cmp_old_code" in values and "cmp_new_code" not in values:
            values["cmp_province"] = known.old_unit_province[raw["cmp_old_code"]]
    return values, tuple(dropped)


def to_query(session: Mapping[str, object]) -> dict[str, str]:
    """URL parameters for the compare view in ``session``, defaults left out (short links);
    the page's language too when it is not the default."""
    out: dict[str, str] = {}
    for key, name in PARAMS.items():
        value = session.get(key, DEFAULTS[key])
        if value == DEFAULTS[key] or value in (None, ""):
            continue
        if key in _COMMUNE_ONLY and session.get("cmp_level") == "province":
            continue  # the split filter and the picks apply to communes only
        out[name] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    lang = session.get("lang")
    if lang in LANGS and lang != DEFAULT_LANG:
        out["lang"] = str(lang)
    return out
