"""The "export this map" panel under every map view: PNG 300 dpi, PDF or SVG for briefings,
or one standalone interactive HTML file (:mod:`dashboard.map.html_export`).

It renders on the server with :mod:`dashboard.export`, from the same units, values and
``Classes`` as the interactive map, so the exported classes and colours are the ones on screen.
Rendering runs when the user presses the button (not in a callback); the bytes are kept in
session state until the view changes, then the download button serves them.
"""

from __future__ import annotations

import hashlib

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.core.classify import Classes
from dashboard.core.formatting import human_period
from dashboard.core.i18n import t
from dashboard.export import ExportSpec, default_texts, export_map
from dashboard.export.texts import area_name, default_title
from dashboard.export.widgets import HTML, file_options, file_slug, offer_download
from dashboard.map import data
from dashboard.map.html_export import map_page_html
from loaders import layers


def export_panel(
    *,
    units_level: str,
    province: str | None,
    province_full_name: str | None,
    values: pd.Series,
    classes: Classes,
    metric_label: str,
    unit: str,
    period: str | None,
    source: str,
    is_sample: bool,
    decimals: int,
    lang: str,
    k_asked: int | None = None,
    coverage_notes: tuple[str, ...] = (),
    partial: tuple[str, ...] = (),
) -> None:
    """Draw the export panel for the current map view.

    ``units_level`` is "province" (the 34 provinces) or "commune"; ``province`` a 2-digit code
    (None: the whole country); ``values`` are indexed by official code (NaN = no data).
    ``k_asked``: classes asked (the subtitle says when fewer were made); ``coverage_notes``:
    footer lines saying on how many communes aggregated values rest; ``partial``: codes
    drawn hatched as partial values (below the coverage threshold), as on screen.
    """
    with st.expander(t("export.panel.expander", lang)):
        # Only cheap work here: this runs on every rerun of the map page. Geometry is read
        # and the map drawn when the user asks for the file.
        default = default_title(
            metric_label, area_name(province_full_name, lang), human_period(period, lang)
        )
        view_id = _view_id(units_level, province, values, classes, lang)
        title = st.text_input(
            t("export.panel.title", lang), value=default, key=f"exp_title_{view_id}"
        )
        fmt, page, print_safe = file_options("exp", lang)
        labels = st.checkbox(t("export.panel.labels", lang), key="exp_labels", disabled=fmt == HTML)
        request = (view_id, title, fmt, page, print_safe, labels, coverage_notes, partial)
        if st.button(t("export.panel.make", lang), key="exp_make"):
            with st.spinner(t("export.panel.busy", lang)):
                units = _units(units_level, province)
                texts = default_texts(
                    metric_label=metric_label,
                    unit=unit,
                    units=units,
                    classes=classes,
                    province_full_name=province_full_name,
                    period=period,
                    source=source,
                    is_sample=is_sample,
                    lang=lang,
                    title=title,
                    values=values,
                    k_asked=k_asked,
                    extra_notes=coverage_notes,
                )
                if fmt == HTML:  # tooltips name every unit: no labels, no page size
                    made = map_page_html(
                        units,
                        values,
                        classes,
                        texts,
                        _names(units_level, province, lang),
                        decimals=decimals,
                        province=province,
                        partial=partial,
                    )
                else:
                    spec = ExportSpec(
                        units,
                        values,
                        classes,
                        texts,
                        fmt=fmt,
                        page=page,
                        print_safe=print_safe,
                        labels=labels,
                        decimals=decimals,
                        context=layers.load_provinces("light"),
                        partial=partial,
                    )
                    made = export_map(spec)
                st.session_state["exp_result"] = (request, made)
        offer_download("exp", request, f"{file_slug(title)}.{fmt}", fmt, lang)


def _units(level: str, province: str | None) -> gpd.GeoDataFrame:
    """Geometry for the export: provinces, or communes of one province / the whole country."""
    if level == "province":
        return layers.load_provinces("light")
    return layers.load_communes("web" if province else "light", province=province)


def _names(level: str, province: str | None, lang: str) -> dict[str, str]:
    """Code → the unit's name as the map page's tooltips write it, in ``lang``."""
    version = data.version()
    if level == "province":
        return data.province_names(version, lang)
    return data.commune_names(version, lang, province)


def _view_id(
    level: str, province: str | None, values: pd.Series, classes: Classes, lang: str
) -> str:
    """A short fingerprint of what is on screen, so a stale file is never offered."""
    digest = hashlib.sha256()
    for part in (level, province or "", lang, repr(classes.upper), repr(classes.colors)):
        digest.update(part.encode())
    digest.update(pd.util.hash_pandas_object(values, index=True).to_numpy().tobytes())
    return digest.hexdigest()[:12]
