"""The map page's search box: suggestions as the user types, filtered in the browser.

A Streamlit components-v2 element (``search_box.js``, ``search_box.css``; no iframe, no
request per keystroke). Once per data version and language the browser gets a compact list
of the current units (:func:`candidate_payload`, about 100 kB for 34 provinces and 3,321
communes), taken from :class:`loaders.search.SearchIndex` (its keys, prefixes and aliases
such as "tp hcm"; :func:`dashboard.map.data.search_candidates`); the module folds
diacritics and ranks as that index does.

Two triggers come back: ``chosen`` (the code of the unit picked: it opens as a click on the
map would) and ``query`` (Enter with no suggestion picked, or the last row: the server then
searches former names and typos too, which are too many to send to every browser, and
:func:`search_results` shows its results as buttons below the box's row).

The list travels as the element's data: a rerun that draws the same element again sends
only a reference to it (Streamlit's message cache skips identical element messages of at
least 10 kB), so the list goes once per version and language, not on every rerun. The
light first run of the map page sends the box without it, so the map's payload goes first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from dashboard.core import state
from dashboard.core.i18n import t, unit_type_label
from dashboard.map import data
from loaders.search import PREFIXES, Candidate, fold

COMPONENT_NAME = "vn_dashboard.search_box"
#: Session key of the query sent to the server (Enter): its results show as buttons.
QUERY_KEY = "search_q"
#: Key of the container of the server's results (the box empties itself when one is clicked).
RESULTS_KEY = "search_results"
#: Rows of server results shown at most.
SERVER_LIMIT = 8
#: Suggestions shown at most while typing (the browser keeps the rest).
SUGGESTIONS = 8

_HERE = Path(__file__).parent
_mount = st.components.v2.component(
    COMPONENT_NAME,
    html='<div class="vn-search"></div>',
    css=(_HERE / "search_box.css").read_text(encoding="utf-8"),
    js=(_HERE / "search_box.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)

#: Texts of the box, by i18n key (the module reads them by these names).
_TEXTS = {
    "label": "search",
    "placeholder": "search_placeholder",
    "none": "search_suggest_none",
    "hint": "search_suggest_hint",
    "more": "search_suggest_more",
    "count": "search_suggest_count",
}


def candidate_rows(
    candidates: list[Candidate], lang: str
) -> tuple[list[str], list[list[object]], list[list[object]]]:
    """The candidate list in compact form: ``(types, provinces, communes)``.

    ``types``: unit types in ``lang`` ("Xã" / "Commune"). ``provinces``: ``[code, type
    index, name]``; ``communes``: ``[code, type index, name, province index]``. A row gets one
    more item, its keys, only when they are not just its folded name (aliases such as "hcm",
    "tp hcm" → "hcm"), which the browser derives itself.
    """
    types: list[str] = []
    type_index: dict[str, int] = {}
    provinces: list[list[object]] = []
    communes: list[list[object]] = []
    province_index: dict[str, int] = {}
    for candidate in candidates:
        if candidate.unit_type not in type_index:
            type_index[candidate.unit_type] = len(types)
            types.append(unit_type_label(candidate.unit_type, lang))
        row: list[object] = [candidate.code, type_index[candidate.unit_type], candidate.name]
        if candidate.level == "province":
            province_index[candidate.code] = len(provinces)
            provinces.append(row)
        else:
            row.append(province_index[candidate.province_code])
            communes.append(row)
        if candidate.keys != (fold(candidate.name),):
            row.append(list(candidate.keys))
    return types, provinces, communes


def candidate_payload(candidates: list[Candidate], lang: str) -> bytes:
    """What the browser filters: UTF-8 JSON beginning with its id (a hash of the rest)."""
    types, provinces, communes = candidate_rows(candidates, lang)
    body = {
        "lang": lang,
        # Vietnamese puts the type first ("Xã Quang Hán"), English after ("Quang Hán Commune").
        "typeFirst": lang != "en",
        "types": types,
        "prefixes": list(PREFIXES),
        "limit": SUGGESTIONS,
        "results": RESULTS_KEY,
        "texts": {name: t(key, lang) for name, key in _TEXTS.items()},
        "provinces": provinces,
        "communes": communes,
    }
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return ('{"id":"' + digest + '",' + text[1:]).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=8)
def _payload(version: str, lang: str) -> bytes:
    return candidate_payload(data.search_candidates(version), lang)


def _empty_payload(lang: str) -> bytes:
    """The box without its list (the light first run): texts only, nothing to suggest."""
    return candidate_payload([], lang)


def search_box(
    lang: str,
    version: str,
    *,
    open_unit: Callable[[str], None],
    light: bool = False,
    key: str = "vn_search",
) -> None:
    """The search box; ``open_unit(code)`` runs (as a callback) when a suggestion or result
    is chosen. ``light``: the map page's light first run (the list comes with the next run).
    """

    def chosen() -> None:
        code = (st.session_state.get(key) or {}).get("chosen")
        if code:
            st.session_state[QUERY_KEY] = ""
            open_unit(str(code))

    def asked() -> None:
        query = (st.session_state.get(key) or {}).get("query")
        st.session_state[QUERY_KEY] = str(query or "").strip()

    payload = _empty_payload(lang) if light else _payload(version, lang)
    _mount(key=key, data=payload, on_chosen_change=chosen, on_query_change=asked)


def search_results(lang: str, version: str) -> None:
    """Results of the whole index (former names and typos too) for the query sent with
    Enter, as buttons that open the unit; nothing when no query was sent. The page draws
    them below the row of the box, across the page's width."""
    query = str(st.session_state.get(QUERY_KEY) or "").strip()
    if not query:
        return
    results = data.search_index(version).search(query, limit=SERVER_LIMIT)
    with st.container(key=RESULTS_KEY):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(
                t("search_results_for", lang, q=query)
                if results
                else t("search_none", lang, q=query)
            )
            st.button(
                t("search_results_close", lang),
                key="search_close",
                type="tertiary",
                on_click=state.callback(_clear),
            )
        for i, hit in enumerate(results):
            kind = t(f"kind_{hit.kind}", lang)
            if hit.level == "province":
                on_click = state.callback(_choose, hit.code, None)
            else:
                on_click = state.callback(_choose, hit.province_code, hit.code)
            st.button(
                f"{hit.display(lang)}  ·  {kind}",
                key=f"search_hit_{i}",
                on_click=on_click,
                width="stretch",
            )


def _clear(session) -> None:
    session[QUERY_KEY] = ""


def _choose(session, province: str, commune: str | None) -> None:
    if commune:
        state.open_commune(session, commune, province)
    else:
        state.open_province(session, province)
    session[QUERY_KEY] = ""
