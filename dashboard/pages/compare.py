"""Page: compare old (pre-2025) and new (1 July 2025) boundaries.

Two maps side by side in one sync group (old units left, new right) or one overlay map (new
units filled, old boundaries dashed), drawn by the map page's own component
(:mod:`dashboard.map.map_component`, payloads from :mod:`dashboard.compare.map_payload`). A
click on a unit of either map picks it: its lineage is outlined in red on both maps, both maps
move to it and the lineage table below lists it. The view (level, province, mode, colouring,
split filter, pick) is in the URL (:mod:`dashboard.compare.view_state`), and the province is
shared with the map page both ways. Below: merge/split marks with a split-only filter, the
63 → 34 province table and statistics per province with CSV downloads, and an export panel
(:mod:`dashboard.compare.export_panel`). Every number from the approximate c. 2011 commune
layer is labelled so, and old units without a polygon are listed.

The session's first run draws the controls and the maps only; the run the maps start once
drawn adds the rest (:func:`dashboard.core.state.begin_compare_run`).

Runnable on its own (``python -m streamlit run dashboard/pages/compare.py`` from the
repository, so ``dashboard`` is importable; AppTest) as well as a page of the router. Widget
keys all start with ``cmp_``.
"""

from __future__ import annotations

import dataclasses
import unicodedata

import pandas as pd
import streamlit as st

from dashboard.compare import features, map_payload, picks, view_state
from dashboard.compare.export_panel import compare_export_panel
from dashboard.compare.features import mark_label
from dashboard.compare.map_payload import MapTexts
from dashboard.compare.view_state import LEVELS, MODES
from dashboard.core import compare_classes, startup
from dashboard.core.i18n import LANGS, province_label, t
from dashboard.core.layer_texts import layer_texts
from dashboard.core.markdown_text import md_escape
from dashboard.core.numbers import count, number, percent, shown_table
from dashboard.core.state import begin_compare_run
from dashboard.map import data
from dashboard.map.map_component import leaflet_map, rerun_when_drawn
from loaders import compare, layers
from loaders.compare_units import old_province_frame
from loaders.lineage import kind_label, lineage_pairs
from loaders.metrics.safety import to_csv_bytes
from loaders.register import legacy_units, new_provinces

MAX_OLD_MATCHES = 300
#: Component keys, one per side. A change of mode makes the maps anew; they open where the
#: user left the place (the component keeps the view per sync group and view key).
OLD_MAP_KEY = "cmp_map_old"
NEW_MAP_KEY = "cmp_map_new"


# --- Cached data (keyed on plain strings, never on frames) ------------------------------------


def _data_ready() -> bool:
    """True when the layers are built (building them once if a data directory exists)."""
    if not layers.has_data():
        return False
    if layers.current_manifest() is None:
        with st.spinner("…"):
            layers.ensure_built()
    return True


@st.cache_data(show_spinner=False, max_entries=256)
def _lineage_selection(
    new_code: str | None, old_code: str | None, version: str
) -> tuple[dict | None, dict | None]:
    return features.lineage_selection(new_code, old_code)


@st.cache_data(show_spinner=False, max_entries=64)
def _province_selection(province: str, version: str) -> tuple[dict, dict]:
    return features.province_selection(province)


@st.cache_data(show_spinner=False, max_entries=64)
def _old_units_of(province: str) -> pd.DataFrame:
    return compare.old_units_of(province)


@st.cache_data(show_spinner=False, max_entries=64)
def _old_without_polygon(province: str | None) -> pd.DataFrame:
    return compare.old_without_polygon(province)


@st.cache_data(show_spinner=False, max_entries=64)
def _old_codes_of(province: str) -> frozenset[str]:
    """The old units that went (wholly or in part) into ``province``."""
    return frozenset(_old_units_of(province)["code"].astype(str))


@st.cache_data(show_spinner=False)
def _known() -> view_state.Known:
    """What a compare link may name (codes as strings)."""
    marks = compare.unit_marks()
    pairs = lineage_pairs().drop_duplicates("old_code")
    return view_state.Known(
        provinces=frozenset(new_provinces()["code"].astype(str)),
        metrics=tuple(compare_classes.METRICS),
        new_unit_province=dict(zip(marks["code"], marks["province_code"].astype(str), strict=True)),
        old_unit_province=dict(
            zip(pairs["old_code"], pairs["new_province_code"].astype(str), strict=True)
        ),
    )


@st.cache_data(show_spinner=False)
def _marks() -> pd.DataFrame:
    return compare.unit_marks()


@st.cache_data(show_spinner=False)
def _statistics() -> pd.DataFrame:
    return compare.province_statistics()


@st.cache_data(show_spinner=False)
def _province_table() -> pd.DataFrame:
    return compare.province_table()


@st.cache_data(show_spinner=False, max_entries=256)
def _shares(new_code: str) -> pd.DataFrame:
    return compare.predecessor_shares(new_code)


@st.cache_data(show_spinner=False, max_entries=256)
def _successors(old_code: str) -> pd.DataFrame:
    return compare.successor_shares(old_code)


@st.cache_data(show_spinner=False)
def _old_search_index() -> pd.DataFrame:
    units = legacy_units()[["code", "full_name", "district_name", "province_name"]].copy()
    units["label"] = (
        units["full_name"]
        + " — "
        + units["district_name"]
        + ", "
        + units["province_name"]
        + " ("
        + units["code"]
        + ")"
    ).astype(str)
    units["folded"] = units["label"].map(fold)
    return units.reset_index(drop=True)


def fold(text: str) -> str:
    """Lower case without diacritics (``"Hưng Đạo"`` → ``"hung dao"``), for search."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def old_matches(query: str, province: str) -> pd.DataFrame:
    """Old units whose name matches ``query`` (whole country), or, with no query, the old units
    that went to ``province``. Columns ``code``, ``label``."""
    index = _old_search_index()
    if query.strip():
        hits = index[index["folded"].str.contains(fold(query.strip()), regex=False)]
        return hits.head(MAX_OLD_MATCHES)[["code", "label"]]
    codes = _old_units_of(province)["code"]
    return index[index["code"].isin(codes)][["code", "label"]]


# --- State: the URL, the map page's province, clicks (callbacks only write state) ------------


_URL_READ = "_cmp_url_read"
_URL_DROPPED = "_cmp_url_dropped"
#: The map page's province as the compare page last saw it.
_SEEN_MAP_PROVINCE = "_cmp_seen_map_province"


def _restore_view() -> None:
    """Before the controls are drawn: on the page's first run in a session, the view the URL
    asks for; whenever the map page has opened another province since, that province."""
    session = st.session_state
    known = _known()
    if not session.get(_URL_READ):
        session[_URL_READ] = True
        values, dropped = view_state.from_query(st.query_params.to_dict(), known)
        if "cmp_province" not in values and session.get("province") in known.provinces:
            values["cmp_province"] = session["province"]
        session.update(values)
        opened = view_state.to_query({**view_state.DEFAULTS, **session})
        session[_URL_DROPPED] = (dropped, opened) if dropped else None
        session[_SEEN_MAP_PROVINCE] = session.get("province")
    elif session.get("province") != session.get(_SEEN_MAP_PROVINCE):
        session[_SEEN_MAP_PROVINCE] = session.get("province")
        if session.get("province") in known.provinces:
            _set_province(str(session["province"]))
    for key, value in view_state.DEFAULTS.items():
        session.setdefault(key, value)


def _set_province(code: str) -> None:
    """Show ``code`` on this page; a pick from another province is let go."""
    session = st.session_state
    if session.get("cmp_province") != code:
        session["cmp_province"] = code
        session["cmp_new_code"] = None
        session["cmp_old_code"] = None


def _share_province() -> None:
    """The province shown here is the one the map page opens next (and back): the map page's
    commune is kept only if it lies in that province."""
    session = st.session_state
    code = session.get("cmp_province")
    if session.get("province") == code:
        return
    commune = session.get("commune")
    if commune and _known().new_unit_province.get(str(commune)) != code:
        session["commune"] = None
    session["province"] = code
    session[_SEEN_MAP_PROVINCE] = code


def _url_notices(lang: str) -> None:
    """One warning per value of the link that names nothing known (the URL's text escaped),
    while the view is still the one the link opened; once the user has moved on, never
    again."""
    notices = st.session_state.get(_URL_DROPPED)
    if not notices:
        return
    dropped, opened = notices
    if view_state.to_query(st.session_state) != opened:
        st.session_state[_URL_DROPPED] = None
        return
    for param, given in dropped:
        shown = given if len(given) <= 40 else given[:39] + "…"
        st.warning(
            t("compare.url_bad_value", lang, param=param, given=md_escape(shown)),
            icon=":material/link_off:",
        )


def _sync_url() -> None:
    wanted = view_state.to_query(st.session_state)
    have = {key: st.query_params[key] for key in st.query_params}
    if have != wanted:
        st.query_params.clear()
        st.query_params.update(wanted)


def _on_click(side: str, code: str) -> None:
    """A click on a map's unit: ``side`` "old" (the left map) or "new"."""
    known = _known()
    updates = picks.click_updates(
        side,
        code,
        level=str(st.session_state.get("cmp_level")),
        province_codes=known.provinces,
        new_unit_province=known.new_unit_province,
        old_unit_province=known.old_unit_province,
        old_province_new=_old_province_new(),
    )
    if "cmp_province" in updates:
        _set_province(str(updates.pop("cmp_province")))
    st.session_state.update(updates)


@st.cache_data(show_spinner=False)
def _old_province_new() -> dict[str, str]:
    """Old province code → the 2025 province it went to."""
    olds = old_province_frame()
    return dict(zip(olds["code"].astype(str), olds["new_province_code"].astype(str), strict=True))


# --- Sections ---------------------------------------------------------------------------------


def _controls(lang: str) -> dict:
    provinces = new_provinces().set_index("code")["full_name"].astype(str)
    cols = st.columns([1.2, 1.6, 1.6, 1.2])
    level = cols[0].radio(
        t("compare.level", lang),
        LEVELS,
        key="cmp_level",
        format_func=lambda v: t(f"compare.level_{v}", lang),
    )
    province = cols[1].selectbox(
        t("compare.province", lang),
        list(provinces.index),
        key="cmp_province",
        format_func=lambda c: f"{province_label(provinces[c], lang)} ({c})",
        on_change=_clear_picks,
    )
    mode = cols[2].radio(
        t("compare.mode", lang),
        MODES,
        key="cmp_mode",
        format_func=lambda v: t(f"compare.mode_{v}", lang),
    )
    metric = cols[3].selectbox(
        t("compare.metric", lang),
        compare_classes.METRICS,
        key="cmp_metric",
        format_func=lambda v: t(f"compare.metric_{v}", lang),
    )
    split_only = st.checkbox(
        t("compare.split_only", lang), key="cmp_split_only", disabled=level == "province"
    )
    return {
        "level": level,
        "province": province,
        "mode": mode,
        "metric": metric,
        "split_only": split_only and level == "commune",
    }


def _clear_picks() -> None:
    st.session_state["cmp_new_code"] = None
    st.session_state["cmp_old_code"] = None


def _honest_labels(lang: str) -> None:
    meta = layers.pre2025_metadata()
    st.caption(t("compare.layer_honesty", lang, **layer_texts(meta, "communes_c2011", lang)))
    filled = meta.get("provinces_pre2025", {}).get("filled") or []
    st.caption(
        t("compare.province_layer", lang, **layer_texts(meta, "provinces_pre2025", lang))
        + _filled_note(tuple(filled), lang)
    )


@st.cache_data(show_spinner=False, max_entries=4)
def _filled_note(codes: tuple[str, ...], lang: str) -> str:
    """Old provinces drawn with their 2025 outline (no older outline in the source)."""
    if not codes:
        return ""
    olds = layers.load_pre2025("provinces_pre2025").set_index("code")
    names = ", ".join(
        f"{province_label(olds.loc[c, 'full_name'], lang)} ({olds.loc[c, 'vintage']})"
        for c in codes
        if c in olds.index
    )
    return " " + t("compare.province_filled", lang, names=names)


def _map(state: dict, new_code: str | None, old_code: str | None, lang: str) -> None:
    """The compare maps, drawn by the map page's component: side by side (old left, new
    right, synchronised) or one overlay map. A click on a unit of either map picks it."""
    communes = state["level"] == "commune"  # picks and the filter are communes' only
    payloads, no_split_units = _map_payloads(
        state["level"],
        state["province"],
        state["mode"],
        state["metric"],
        state["split_only"] and communes,
        new_code if communes else None,
        old_code if communes else None,
        lang,
        data.version(),
    )
    if no_split_units:
        st.info(t("compare.no_split_units", lang))
    if state["mode"] == "side":
        cols = st.columns(2, gap="small")
        with cols[0]:
            _draw("old", payloads["old"])
        with cols[1]:
            _draw("new", payloads["new"])
        st.caption(t("compare.sync_note", lang))
    else:
        _draw("new", payloads["new"])
        st.caption(t("compare.overlay_note", lang))


def _draw(side: str, payload: bytes) -> None:
    """One compare map; a click on a unit picks it (``side``: "old" or "new" units)."""
    key = OLD_MAP_KEY if side == "old" else NEW_MAP_KEY
    leaflet_map(payload, key=key, on_click=lambda code: _on_click(side, code))


@st.cache_data(show_spinner=False, max_entries=128)
def _map_payloads(
    level: str,
    province: str,
    mode: str,
    metric: str,
    split_only: bool,
    new_code: str | None,
    old_code: str | None,
    lang: str,
    version: str,
) -> tuple[dict[str, bytes], bool]:
    """The payload of each map of a compare view, by side ("old", "new"), and whether the
    split-only filter left no unit to draw. Kept per view and data ``version``: a rerun
    that changes nothing on the maps (a table, the export panel) encodes no geometry."""
    province_level = level == "province"
    metric = "area" if province_level and metric == "n_pred" else metric
    legend_title = t(f"compare.metric_{metric}", lang)
    if province_level:
        view = features.shared_province_view(metric, lang)
        left, right = _province_selection(province, version)
        left_note = t("compare.left_islands_note", lang)
        decimals = map_payload.PROVINCE_DECIMALS
        # The whole country stays in view: the picked province is outlined on it.
        view_key = "provinces"
    else:
        view = features.shared_commune_view(province, metric, split_only, lang)
        left, right = _lineage_selection(new_code, old_code, version)
        olds = _old_units_of(province)
        olds = olds[olds["level"] == "commune"]  # an island district has no commune to draw
        left_note = t(
            "compare.left_commune_coverage",
            lang,
            note=t("compare.left_commune_note", lang),
            drawn=int(olds["has_polygon"].sum()),
            total=len(olds),
        )
        if metric in compare_classes.SHARED_METRICS:
            legend_title += f" ({t('compare.legend_approx', lang)})"
        decimals = map_payload.COMMUNE_DECIMALS
        # A pick moves both maps to its lineage (a view of its own).
        view_key = f"communes:{province}:{new_code or ''}:{old_code or ''}"
    view = dataclasses.replace(view, left_selection=left, right_selection=right)
    bounds = (None if province_level else map_payload.lineage_bounds(view)) or view.bounds
    common = {"bounds": bounds, "view_key": view_key, "decimals": decimals}
    footer = t("compare.boundary_version", lang)
    if mode == "side":
        old, new = map_payload.side_by_side(
            view,
            left=MapTexts(t("compare.left_title", lang), note=left_note),
            right=MapTexts(
                t("compare.right_title", lang),
                legend_title=legend_title,
                legend=view.legend,
                footer=footer,
            ),
            **common,
        )
        payloads = {"old": old.to_bytes(), "new": new.to_bytes()}
    else:
        legend = [
            *view.legend,
            map_payload.old_outline_entry(t("compare.legend_old_outline", lang)),
        ]
        texts = MapTexts(
            t("compare.overlay_title", lang),
            legend_title=legend_title,
            legend=legend,
            footer=footer,
        )
        payloads = {"new": map_payload.overlay(view, texts=texts, **common).to_bytes()}
    no_split_units = split_only and not province_level and not view.right["features"]
    return payloads, no_split_units


def _picked_new() -> None:
    """One lineage at a time: a new unit picked from the list lets the old pick go."""
    if st.session_state.get("cmp_new_code"):
        st.session_state["cmp_old_code"] = None


def _picked_old() -> None:
    """An old unit picked from the country-wide search: its lineage shown in the province it
    went to (the one shown, if it went there in part), the new pick let go."""
    code = st.session_state.get("cmp_old_code")
    if not code:
        return
    st.session_state["cmp_new_code"] = None
    province = str(st.session_state.get("cmp_province"))
    if code not in _old_codes_of(province):
        target = _known().old_unit_province.get(code)
        if target:
            st.session_state["cmp_province"] = target


def _pick_new(province: str, lang: str) -> str | None:
    marks = _marks()
    mine = marks[marks["province_code"] == province].set_index("code")
    options = list(mine.index)
    if st.session_state.get("cmp_new_code") not in options:
        st.session_state["cmp_new_code"] = None
    return st.selectbox(
        t("compare.pick_new", lang),
        options,
        index=None,
        key="cmp_new_code",
        on_change=_picked_new,
        placeholder=t("compare.pick_none", lang),
        format_func=lambda c: (
            f"{mine.loc[c, 'full_name']} ({c}) · "
            f"{mark_label(mine.loc[c, 'n_predecessors'], mine.loc[c, 'has_part'], lang)}"
        ),
    )


def _pick_old(province: str, lang: str) -> str | None:
    query = st.text_input(t("compare.search_old", lang), key="cmp_old_query")
    matches = old_matches(query, province)
    labels = dict(zip(matches["code"], matches["label"], strict=True))
    if query.strip() and not labels:
        st.caption(t("compare.no_match", lang))
    # The unit picked (on the map, or before the search changed) stays picked and listed.
    picked = st.session_state.get("cmp_old_code")
    if picked and picked not in labels:
        index = _old_search_index().set_index("code")["label"]
        if picked in index.index:
            labels = {picked: str(index[picked]), **labels}
        else:
            st.session_state["cmp_old_code"] = None
    return st.selectbox(
        t("compare.pick_old", lang),
        list(labels),
        index=None,
        key="cmp_old_code",
        on_change=_picked_old,
        placeholder=t("compare.pick_none", lang),
        format_func=lambda c: labels[c],
    )


def _how_went_in(kinds: pd.Series, lang: str) -> pd.Series:
    """How each old unit went in, in the GSO table's words (or their English)."""
    return kinds.map(lambda kind: kind_label(kind, lang))


def _percent(share: pd.Series, lang: str) -> pd.Series:
    return share.map(
        lambda s: t("compare.no_polygon", lang) if pd.isna(s) else percent(100 * s, lang, 0)
    )


def _lineage(new_code: str | None, old_code: str | None, lang: str) -> None:
    if new_code:
        marks = _marks().set_index("code")
        row = marks.loc[new_code]
        st.markdown(
            f"**{t('compare.selected', lang)}: {md_escape(row['full_name'])} ({new_code})** — "
            + t(
                "compare.formed_from",
                lang,
                count=int(row["n_predecessors"]),
                mark=mark_label(row["n_predecessors"], row["has_part"], lang),
            )
        )
        shares = _shares(new_code)
        table = pd.DataFrame(
            {
                t("compare.col_code", lang): shares["old_code"],
                t("compare.col_old_name", lang): shares["old_full_name"],
                t("compare.col_old_district", lang): shares["old_district_name"],
                t("compare.col_old_province", lang): shares["old_province_name"],
                t("compare.col_whole_part", lang): _how_went_in(shares["kind"], lang),
                t("compare.col_share_new", lang): _percent(shares["share_of_new"], lang),
                t("compare.col_share_old", lang): _percent(shares["share_of_old"], lang),
                t("compare.col_area_old", lang): shares["area_km2_approx"].map(
                    lambda a: t("compare.no_polygon", lang) if pd.isna(a) else number(a, lang, 1)
                ),
            }
        )
        st.table(table.set_index(t("compare.col_code", lang)))
        st.caption(t("compare.shares_note", lang))
    if old_code:
        old = legacy_units().set_index("code").loc[old_code]
        name = f"{md_escape(old.full_name)} ({old_code})"
        st.markdown(f"**{t('compare.old_went_to', lang, name=name)}**")
        succ = _successors(old_code)
        table = pd.DataFrame(
            {
                t("compare.col_code", lang): succ["new_code"],
                t("compare.col_new_name", lang): succ["new_full_name"],
                t("compare.col_new_province", lang): succ["new_province_name"],
                t("compare.col_whole_part", lang): _how_went_in(succ["kind"], lang),
                t("compare.col_share_old", lang): _percent(succ["share_of_old"], lang),
            }
        )
        st.table(table.set_index(t("compare.col_code", lang)))


def _marks_table(province: str, split_only: bool, lang: str) -> None:
    st.subheader(t("compare.marks", lang))
    marks = _marks()
    mine = marks[marks["province_code"] == province]
    if split_only:
        mine = mine[mine["has_part"]]
    table = pd.DataFrame(
        {
            t("compare.col_code", lang): mine["code"],
            t("compare.col_new_name", lang): mine["full_name"],
            t("compare.col_mark", lang): mine["n_predecessors"].astype(str) + " → 1",
            t("compare.col_has_part", lang): mine["has_part"].map(
                lambda p: t("compare.yes" if p else "compare.no", lang)
            ),
            t("compare.col_area_new", lang): mine["area_km2"],
        }
    )
    st.dataframe(shown_table(table, lang), hide_index=True, width="stretch", key="cmp_marks_table")
    missing = _old_without_polygon(province)
    with st.expander(t("compare.missing_polygons", lang, count=len(missing))):
        st.dataframe(
            pd.DataFrame(
                {
                    t("compare.col_code", lang): missing["code"],
                    t("compare.col_old_name", lang): missing["unit_type"] + " " + missing["name"],
                    t("compare.col_old_district", lang): missing["district_name"],
                    t("compare.col_old_province", lang): missing["province_name"],
                }
            ),
            hide_index=True,
            width="stretch",
            key="cmp_missing_table",
        )
        everywhere = _old_without_polygon(None)
        st.download_button(
            t("compare.download_missing_csv", lang, count=len(everywhere)),
            to_csv_bytes(everywhere),
            file_name="xa_cu_khong_co_da_giac.csv",
            mime="text/csv",
            key="cmp_missing_csv",
        )


def _provinces_section(lang: str) -> None:
    st.subheader(t("compare.provinces", lang))
    table = _province_table()
    shown = pd.DataFrame(
        {
            t("compare.col_code", lang): table["province_code"],
            t("compare.col_province", lang): table["province_name"],
            t("compare.col_n_old_provinces", lang): table["n_old_provinces"],
            t("compare.col_old_provinces", lang): table["old_province_names"],
            t("compare.col_units_before", lang): table["units_pre2025"],
            t("compare.col_units_after", lang): table["units_2025"],
        }
    )
    st.dataframe(
        shown_table(shown, lang), hide_index=True, width="stretch", key="cmp_provinces_table"
    )
    st.download_button(
        t("compare.download_csv", lang),
        to_csv_bytes(shown),
        file_name="tinh_63_34.csv",
        mime="text/csv",
        key="cmp_provinces_csv",
    )


STAT_COLUMNS = {
    "province_code": "col_code",
    "province_name": "col_province",
    "units_pre2025": "col_units_before",
    "units_2025": "col_units_after",
    "reduction_pct": "col_reduction",
    "mean_area_2025_km2": "col_mean_after",
    "max_area_2025_km2": "col_max_after",
    "mean_area_pre2025_km2_approx": "col_mean_before",
    "max_area_pre2025_km2_approx": "col_max_before",
    "pre2025_with_polygon": "col_with_polygon",
    "pre2025_without_polygon": "col_without_polygon",
    "old_units_split": "col_old_split",
    "new_units_with_part": "col_new_with_part",
}


def _statistics_section(province: str, lang: str) -> None:
    st.subheader(t("compare.statistics", lang))
    stats = _statistics()
    row = stats.set_index("province_code").loc[province]
    cols = st.columns(3)
    before, after = count(row["units_pre2025"], lang), count(row["units_2025"], lang)
    cols[0].metric(t("compare.metric_units", lang), f"{before} → {after}")
    cols[1].metric(t("compare.col_reduction", lang), percent(row["reduction_pct"], lang))
    cols[2].metric(t("compare.metric_split", lang), count(row["old_units_split"], lang))
    shown = stats[list(STAT_COLUMNS)].rename(
        columns={k: t(f"compare.{v}", lang) for k, v in STAT_COLUMNS.items()}
    )
    st.dataframe(shown_table(shown, lang), hide_index=True, width="stretch", key="cmp_stats_table")
    st.caption(t("compare.stats_note", lang))
    st.download_button(
        t("compare.download_csv", lang),
        to_csv_bytes(shown),
        file_name="thong_ke_truoc_sau_2025.csv",
        mime="text/csv",
        key="cmp_stats_csv",
    )


# --- Page -------------------------------------------------------------------------------------


def main() -> None:
    lang = st.session_state.get("lang")
    if lang not in LANGS:  # no language from the router: offer our own switch
        lang = st.radio(
            t("language_switch"),
            LANGS,
            key="cmp_lang",
            horizontal=True,
            format_func=lambda v: t(f"lang_{v}"),
        )
    st.title(t("compare.title", lang))
    if not _data_ready():
        st.info(t("compare.no_data", lang))
        return
    _restore_view()
    _url_notices(lang)
    st.caption(t("compare.intro", lang))
    state = _controls(lang)
    _share_province()
    _honest_labels(lang)
    new_code, old_code = _valid_picks(state["province"])
    light = begin_compare_run(st.session_state, startup.light_first_run())
    _map(state, new_code, old_code, lang)
    if light:
        # The session's first run: the maps first; the run they start once drawn adds the
        # rest (its tables' scripts delayed the maps of a first visit).
        rerun_when_drawn(key="cmp_drawn")
        _sync_url()
        return
    st.subheader(t("compare.lineage", lang))
    pick_cols = st.columns(2)
    with pick_cols[0]:
        new_code = _pick_new(state["province"], lang)
    with pick_cols[1]:
        old_code = _pick_old(state["province"], lang)
    _lineage(new_code, old_code, lang)
    compare_export_panel(
        level=state["level"],
        province=state["province"],
        mode=state["mode"],
        metric=state["metric"],
        split_only=state["split_only"],
        lang=lang,
    )
    _sync_url()
    _marks_table(state["province"], state["split_only"], lang)
    _provinces_section(lang)
    _statistics_section(state["province"], lang)


def _valid_picks(province: str) -> tuple[str | None, str | None]:
    """The picks that belong to ``province``: a new unit of it, an old unit that went (wholly
    or in part) into it. Others are let go."""
    session = st.session_state
    new_code, old_code = session.get("cmp_new_code"), session.get("cmp_old_code")
    if _known().new_unit_province.get(str(new_code)) != province:
        new_code = session["cmp_new_code"] = None
    if old_code and old_code not in _old_codes_of(province):
        old_code = session["cmp_old_code"] = None
    return new_code, old_code


main()
