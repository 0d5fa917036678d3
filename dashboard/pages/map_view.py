"""The map: country → province → commune, coloured by the chosen metric.

Country view: the 34 provinces (or all 3,321 communes) coloured by the metric; clicking a
province opens it. Province view: its communes; clicking one opens its detail panel. The same
metric keeps the national breaks when drilling down unless local breaks are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.core import metrics, service_metrics, state
from dashboard.core.classify import Classes
from dashboard.core.formatting import human_period
from dashboard.core.i18n import province_label, t, unit_label
from dashboard.export.texts import fewer_classes_text
from dashboard.map import (
    data,
    reported_panel,
    trend_chart,
    unit_panel,
    unit_table,
    volunteer_panel,
    widgets,
)
from dashboard.map.briefing_button import briefing_button
from dashboard.map.export_panel import export_panel
from dashboard.map.map_builder import GeoFeatures, MapText, archipelago_labels, view_payload
from dashboard.map.map_component import leaflet_map, rerun_when_drawn
from dashboard.map.reported_layer import badges
from dashboard.map.search_box import search_box, search_results
from loaders.known_differences import BOUNDARY_VERSION, BOUNDARY_VERSION_EN

MAP_KEY = "vn_map"
DRAWN_KEY = "vn_map_drawn"


def _on_map_click(code: str, provinces: set[str], commune_province: dict[str, str]) -> None:
    """Map and search callback: open the unit with official ``code`` (only writes state).

    A province code opens the province, a commune code opens the commune (in its province).
    """
    if code in provinces:
        state.open_province(st.session_state, code)
    elif code in commune_province:
        state.open_commune(st.session_state, code, commune_province[code])


def main() -> None:
    version = data.version()
    provinces = data.province_table(version)
    communes = data.commune_table(version)
    commune_province = data.commune_province(version)
    registry = service_metrics.registry()
    view = state.current(st.session_state, set(provinces.index), commune_province, registry)
    light = state.is_light_run(st.session_state)
    lang = view.lang
    metric = registry[view.metric]
    period = view.metric_period(registry)
    palette = view.resolved_palette(registry)
    # The raw text, not the validated view: a typo must be shown, not silently dropped.
    raw_breaks = str(st.session_state.get("manual_breaks", ""))
    manual = state.parse_manual_breaks(raw_breaks) if view.scheme == "manual" else ()
    scheme = view.scheme
    if manual is None:
        st.warning(t("manual_breaks_invalid", lang, text=raw_breaks))
        scheme, manual = "quantiles", ()

    province_name = (
        province_label(str(provinces.loc[view.province, "full_name"]), lang)
        if view.province
        else None
    )
    commune_name = None
    if view.commune:
        unit = communes.loc[view.commune]
        commune_name = (
            unit_label(str(unit["name"]), str(unit["unit_type"]), "en")
            if lang == "en"
            else str(unit["full_name"])
        )

    # Near the top: what of the link the page could not show, before the view it shows.
    widgets.url_notices(
        state.url_notices(st.session_state, view, registry), view, registry, province_name, lang
    )
    st.title(t("app_title", lang))
    # Breadcrumbs and search share a row: at 1280×720 the map then starts in the upper
    # part of the screen, below a compact header.
    crumbs_col, search_col = st.columns(2, vertical_alignment="center")
    with crumbs_col:
        widgets.breadcrumbs(view, province_name, commune_name, lang)
    with search_col:
        province_codes = set(provinces.index)
        search_box(
            lang,
            version,
            open_unit=lambda code: _on_map_click(code, province_codes, commune_province),
            light=light,
        )
    if not light:
        search_results(lang, version)
    widgets.sample_banner(metric, lang)

    spec = _what_to_draw(view, version, registry, metric.key, period, scheme, manual, palette, lang)
    features, values, classes, names = spec.features, spec.values, spec.classes, spec.names
    shown = values.reindex(list(features.codes))
    text = MapText(
        title=spec.title or str(province_name),
        metric_label=metric.label(lang),
        unit=metric.unit(lang),
        period=human_period(period, lang),
        source=metric.source(lang),
        boundary_version=BOUNDARY_VERSION_EN if lang == "en" else BOUNDARY_VERSION,
        lang=lang,
        decimals=metric.decimals,
        is_sample=metric.is_sample,
        scheme_label=_scheme_label(classes, scheme, values, lang, view.k),
        breaks_label="" if classes.is_categorical else spec.breaks_label,
    )
    # Press figures: their own layer of cited badges, on the country views only; never
    # joined to the choropleth values.
    press = view.reported and not view.province
    basemap = bool(st.session_state.get("basemap"))
    # Communes with data behind each province's value (store metrics only): the 34-province
    # view says "n/N xã, phường có số liệu" and hatches provinces below the threshold.
    coverage = service_metrics.coverage(registry, metric.key, period)
    province_coverage = coverage if not (view.province or view.all_communes) else None

    def build() -> bytes:
        return view_payload(
            features,
            shown,
            classes,
            names,
            text,
            view_key=f"{view.province or ''}:{view.all_communes}",
            canvas=spec.canvas,
            outlines=spec.outlines,
            selected=view.commune or None,
            badges=_press_badges(version, lang) if press else None,
            basemap=basemap,
            coverage=province_coverage,
            # Hoàng Sa and Trường Sa named on every country view, and on their province's.
            labels=archipelago_labels(
                data.archipelago_anchors(version), lang, view.province or None
            ),
        ).to_bytes()

    if view.commune:  # one province's map (small): not worth a cache entry per commune
        payload = build()
    else:  # the key names everything the drawing depends on; the view holds the page state
        payload = data.map_payload(
            (version, registry.revision, view, period, scheme, manual, palette, basemap), build
        )

    map_col, side_col = st.columns([5, 3], gap="medium")
    with map_col:
        leaflet_map(
            payload,
            key=MAP_KEY,
            on_click=lambda code: _on_map_click(code, province_codes, commune_province),
        )
        if light:  # the rest of the page comes with the run the map starts once drawn
            rerun_when_drawn(key=DRAWN_KEY)
        else:
            st.caption(t(spec.hint, lang))
            if press:
                st.caption(t("reported_layer_note", lang))
            export_panel(
                units_level="commune" if view.province or view.all_communes else "province",
                province=view.province or None,
                province_full_name=(
                    str(provinces.loc[view.province, "full_name"]) if view.province else None
                ),
                values=shown,
                classes=classes,
                metric_label=metric.label(lang),
                unit=metric.unit(lang),
                period=period,
                source=metric.source(lang),
                is_sample=metric.is_sample,
                decimals=metric.decimals,
                lang=lang,
                k_asked=view.k if scheme != "manual" else None,
                coverage_notes=service_metrics.coverage_notes(
                    coverage, view.province or None, view.all_communes, names, lang
                ),
                partial=service_metrics.partial_codes(province_coverage, shown),
            )
            if view.province:
                briefing_button(
                    province=view.province,
                    province_name=str(province_name),
                    registry=registry,
                    metric_key=metric.key,
                    period=period,
                    lang=lang,
                )
    if not light:
        with side_col:
            widgets.coverage_section(coverage, view.province or None, period, lang)
            _side_panel(view, version, registry, metric, period, shown, names, str(province_name))
    st.caption(t("share_link", lang))
    state.sync_url(st.query_params, view, registry)


def _side_panel(
    view: state.ViewState,
    version: str,
    registry: metrics.Registry,
    metric: metrics.Metric,
    period: str,
    shown: pd.Series,
    names: dict[str, str],
    province_name: str,
) -> None:
    """Beside the map: the commune's detail panel, or the province's or country's summary,
    ranking, volunteer gaps, press figures and trend."""
    lang = view.lang
    unit_panel.compact_tables()
    if metric.note(lang):
        st.caption(metric.note(lang))
    if view.commune:
        unit_panel.detail_panel(
            view.commune, version, registry, lang, {metric.key: period}, trend_metric=metric
        )
    elif view.province:
        row = data.province_table(version).loc[view.province]
        islands = int(row.get("n_island_districts_pre2025", 0))
        st.markdown(
            t(
                "province_summary_island" if islands else "province_summary",
                lang,
                name=province_name,
                n=int(row["n_units"]),
                n_old=int(row["n_units_pre2025"]),
                n_islands=islands,
            )
        )
        widgets.province_area_caption(row, lang)
        if volunteer_panel.is_volunteer_metric(metric, registry):
            volunteer_panel.gaps_section(version, registry, period, lang, view.province, names)
        widgets.ranking(shown, names, metric, lang)
        _full_table(view, version, registry, metric, period, shown, province_name)
        reported_panel.reported_section(view.province, lang, expanded=view.reported)
        # Last, and only on request: the country line is computed once per metric (about
        # 1 s), and a chart's scripts held back the map of a province opened from the country.
        trend_chart.trend_expander(
            metric,
            [
                trend_chart.Scope(province_name, province_code=view.province),
                trend_chart.Scope(t("country", lang)),
            ],
            lang,
            key="trend_province",
            expander_key="trend_province_expander",
        )
    else:
        st.markdown(t("country_summary", lang))
        if volunteer_panel.is_volunteer_metric(metric, registry):
            volunteer_panel.gaps_section(version, registry, period, lang, None, names)
        # Provinces valued from part of their communes say so in the ranking too.
        coverage = service_metrics.coverage(registry, metric.key, period)
        widgets.ranking(shown, names, metric, lang, coverage=coverage)
        _full_table(view, version, registry, metric, period, shown, t("country", lang))
        # No chart on the first screen (it loads the chart scripts): only on request.
        trend_chart.country_trend_toggle(metric, lang)


def _full_table(
    view: state.ViewState,
    version: str,
    registry: metrics.Registry,
    metric: metrics.Metric,
    period: str,
    shown: pd.Series,
    area: str,
) -> None:
    """Every unit in view in a sortable table with its downloads, under the top and bottom
    five: the province's communes, all communes, or the 34 provinces."""
    level = "commune" if view.province or view.all_communes else "province"
    unit_table.unit_table_section(
        lambda: unit_table.view_table(
            version, registry, metric, period, shown, level, area, view.lang
        ),
        len(shown),
        level,
        view.lang,
    )


def _press_badges(version: str, lang: str) -> dict[str, object]:
    return badges(
        reported_panel.figures(),
        reported_panel.province_points(version),
        data.province_names(version, lang),
        lang,
    )


@dataclass(frozen=True)
class _Spec:
    """What a view draws: units, their values and classes, labels and map options."""

    features: GeoFeatures
    values: pd.Series
    classes: Classes
    names: dict[str, str]
    title: str  # empty: the province's name
    breaks_label: str
    hint: str  # i18n key
    canvas: bool = False
    outlines: GeoFeatures | None = None


def _what_to_draw(
    view: state.ViewState,
    version: str,
    registry: metrics.Registry,
    key: str,
    period: str,
    scheme: str,
    manual: tuple[float, ...],
    palette: str,
    lang: str,
) -> _Spec:
    """Province view: its communes with national (or local) commune breaks. Country view: the
    34 provinces with province breaks, or all communes with national commune breaks."""
    if view.province:
        local = view.province if view.local_breaks else None
        return _Spec(
            features=data.commune_features(version, view.province),
            values=data.metric_values(version, registry, key, "commune", period),
            classes=data.classes_for(
                version,
                registry,
                key,
                "commune",
                period,
                scheme,
                view.k,
                manual,
                palette,
                local,
                lang,
            ),
            names=data.commune_names(version, lang, view.province),
            title="",
            breaks_label=t("breaks_local" if local else "breaks_national", lang),
            hint="click_hint_province",
        )
    if view.all_communes:
        return _Spec(
            features=data.commune_features(version, None),
            values=data.metric_values(version, registry, key, "commune", period),
            classes=data.classes_for(
                version,
                registry,
                key,
                "commune",
                period,
                scheme,
                view.k,
                manual,
                palette,
                lang=lang,
            ),
            names=data.commune_names(version, lang, None),
            title=t("view_country_communes", lang),
            breaks_label=t("breaks_national", lang),
            hint="click_hint_all",
            canvas=True,
            outlines=data.province_outlines(version),
        )
    return _Spec(
        features=data.province_features(version),
        values=data.metric_values(version, registry, key, "province", period),
        classes=data.classes_for(
            version, registry, key, "province", period, scheme, view.k, manual, palette, lang=lang
        ),
        names=data.province_names(version, lang),
        title=t("view_country", lang),
        breaks_label="",
        hint="click_hint_country",
    )


def _scheme_label(
    classes: Classes, scheme: str, values: pd.Series, lang: str, k_asked: int | None = None
) -> str:
    """How the map is classed, for the legend: the scheme and number of classes (saying so
    when the data allowed fewer than asked), or "one class per value" / "one colour per
    category" where the scheme was not used."""
    if classes.is_categorical:
        return t("scheme_categorical", lang)
    if classes.one_per_value(values):
        return t("scheme_distinct", lang, k=classes.k)
    fewer = fewer_classes_text(classes.k, k_asked or 0, lang) if scheme != "manual" else ""
    return f"{t('scheme_' + scheme, lang)}, {fewer or t('n_classes', lang, count=classes.k)}"


main()
